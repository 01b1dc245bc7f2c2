/**
 * Detection metrics as YOLOv5's val.py computes them (utils/metrics.py):
 * matches at IoU 0.50:0.95 (process_batch), per-class AP as the area under
 * the 101-point interpolated precision envelope (compute_ap), mean over the
 * classes that have labels, precision and recall at the best mean F1.
 */
import { boxIou } from './nms';

export const IOU_THRESHOLDS = Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i);

export interface LabelBox {
  classId: number;
  box: readonly number[];
}

export interface PredictedBox extends LabelBox {
  score: number;
}

/** One image's predictions matched to its labels: correct[i][t] at threshold t. */
export interface ImageStats {
  correct: boolean[][];
  scores: number[];
  classes: number[];
  labelClasses: number[];
}

/** process_batch: each label matched to at most one detection per threshold. */
export function matchImage(predictions: readonly PredictedBox[], labels: readonly LabelBox[]): ImageStats {
  const correct = predictions.map(() => IOU_THRESHOLDS.map(() => false));
  const iou = labels.map((l) => predictions.map((p) => boxIou(l.box, p.box)));
  IOU_THRESHOLDS.forEach((thr, t) => {
    let matches: [number, number, number][] = [];
    labels.forEach((l, li) =>
      predictions.forEach((p, pi) => {
        const v = iou[li]?.[pi] as number;
        if (v >= thr && l.classId === p.classId) matches.push([li, pi, v]);
      }),
    );
    if (matches.length > 1) {
      // Highest IoU first; then one match per detection, then one per label, as np.unique does
      // (it keeps the first occurrence and returns rows sorted by the unique key).
      matches.sort((a, b) => b[2] - a[2]);
      matches = uniqueBy(matches, 1);
      matches = uniqueBy(matches, 0);
    }
    for (const [, pi] of matches) (correct[pi] as boolean[])[t] = true;
  });
  return { correct, scores: predictions.map((p) => p.score), classes: predictions.map((p) => p.classId), labelClasses: labels.map((l) => l.classId) };
}

function uniqueBy(rows: [number, number, number][], key: 0 | 1): [number, number, number][] {
  const first = new Map<number, [number, number, number]>();
  for (const r of rows) if (!first.has(r[key])) first.set(r[key], r);
  return [...first.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

export interface ClassMetrics {
  classId: number;
  /** Images with at least one label of this class (val.py's nt_per_image). */
  images: number;
  labels: number;
  precision: number;
  recall: number;
  ap50: number;
  ap50_95: number;
}

export interface Metrics {
  images: number;
  labels: number;
  precision: number;
  recall: number;
  mAP50: number;
  mAP50_95: number;
  perClass: ClassMetrics[];
}

const EPS = 1e-16;

/** np.interp for increasing xp. */
function interp(x: number, xp: readonly number[], fp: readonly number[], left?: number): number {
  const n = xp.length;
  if (x < (xp[0] as number)) return left ?? (fp[0] as number);
  if (x >= (xp[n - 1] as number)) return fp[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xp[mid] as number) <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xp[lo] as number;
  const x1 = xp[hi] as number;
  const f0 = fp[lo] as number;
  const f1 = fp[hi] as number;
  return x1 === x0 ? f1 : f0 + ((x - x0) * (f1 - f0)) / (x1 - x0);
}

/** compute_ap: 101-point interpolated area under the precision envelope. */
export function computeAp(recall: readonly number[], precision: readonly number[]): number {
  const mrec = [0, ...recall, 1];
  const mpre = [1, ...precision, 0];
  for (let i = mpre.length - 2; i >= 0; i--) mpre[i] = Math.max(mpre[i] as number, mpre[i + 1] as number);
  let area = 0;
  let prev = interp(0, mrec, mpre);
  for (let k = 1; k <= 100; k++) {
    const x = k / 100;
    const y = interp(x, mrec, mpre);
    area += ((y + prev) / 2) * 0.01;
    prev = y;
  }
  return area;
}

/** smooth(): a box filter of fraction f with edge padding. */
function smooth(y: readonly number[], f: number): number[] {
  const nf = Math.floor(Math.round(y.length * f * 2) / 2) + 1;
  const half = Math.floor(nf / 2);
  const padded = [...Array<number>(half).fill(y[0] as number), ...y, ...Array<number>(half).fill(y[y.length - 1] as number)];
  const out: number[] = [];
  for (let i = 0; i + nf <= padded.length; i++) {
    let s = 0;
    for (let k = 0; k < nf; k++) s += padded[i + k] as number;
    out.push(s / nf);
  }
  return out;
}

/** ap_per_class over all images' stats, and the means val.py prints. */
export function computeMetrics(stats: readonly ImageStats[]): Metrics {
  const rows: { correct: boolean[]; score: number; classId: number }[] = [];
  const labelCounts = new Map<number, number>();
  const imageCounts = new Map<number, number>();
  for (const s of stats) {
    for (const c of new Set(s.labelClasses)) imageCounts.set(c, (imageCounts.get(c) ?? 0) + 1);
    s.scores.forEach((score, i) => rows.push({ correct: s.correct[i] as boolean[], score, classId: s.classes[i] as number }));
    for (const c of s.labelClasses) labelCounts.set(c, (labelCounts.get(c) ?? 0) + 1);
  }
  rows.sort((a, b) => b.score - a.score);
  const classes = [...labelCounts.keys()].sort((a, b) => a - b);
  const grid = Array.from({ length: 1000 }, (_, i) => i / 999);
  const perClass: ClassMetrics[] = [];
  const pCurves: number[][] = [];
  const rCurves: number[][] = [];
  for (const c of classes) {
    const nl = labelCounts.get(c) as number;
    const mine = rows.filter((r) => r.classId === c);
    const pCurve = new Array<number>(1000).fill(0);
    const rCurve = new Array<number>(1000).fill(0);
    const ap = IOU_THRESHOLDS.map(() => 0);
    if (mine.length) {
      const negConf = mine.map((r) => -r.score);
      IOU_THRESHOLDS.forEach((_, t) => {
        let tp = 0;
        let fp = 0;
        const recall: number[] = [];
        const precision: number[] = [];
        for (const r of mine) {
          if (r.correct[t]) tp++;
          else fp++;
          recall.push(tp / (nl + EPS));
          precision.push(tp / (tp + fp));
        }
        ap[t] = computeAp(recall, precision);
        if (t === 0) {
          grid.forEach((x, i) => {
            rCurve[i] = interp(-x, negConf, recall, 0);
            pCurve[i] = interp(-x, negConf, precision, 1);
          });
        }
      });
    }
    pCurves.push(pCurve);
    rCurves.push(rCurve);
    perClass.push({ classId: c, images: imageCounts.get(c) ?? 0, labels: nl, precision: 0, recall: 0, ap50: ap[0] as number, ap50_95: mean(ap) });
  }
  let precision = 0;
  let recall = 0;
  if (classes.length) {
    const f1Mean = grid.map((_, i) => mean(classes.map((_, k) => f1((pCurves[k] as number[])[i] as number, (rCurves[k] as number[])[i] as number))));
    const sm = smooth(f1Mean, 0.1);
    const best = sm.indexOf(Math.max(...sm));
    perClass.forEach((m, k) => {
      m.precision = (pCurves[k] as number[])[best] as number;
      m.recall = (rCurves[k] as number[])[best] as number;
    });
    precision = mean(perClass.map((m) => m.precision));
    recall = mean(perClass.map((m) => m.recall));
  }
  return {
    images: stats.length,
    labels: [...labelCounts.values()].reduce((a, b) => a + b, 0),
    precision,
    recall,
    mAP50: classes.length ? mean(perClass.map((m) => m.ap50)) : 0,
    mAP50_95: classes.length ? mean(perClass.map((m) => m.ap50_95)) : 0,
    perClass,
  };
}

function f1(p: number, r: number): number {
  return (2 * p * r) / (p + r + EPS);
}

function mean(v: readonly number[]): number {
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
}
