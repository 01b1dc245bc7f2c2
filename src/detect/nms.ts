/**
 * YOLOv5's non_max_suppression (utils/general.py) on the decoded
 * predictions, in plain TypeScript so that every backend gives the same
 * boxes: candidates with objectness > conf, score = objectness x class
 * probability, the best class per box (or every class above conf, for
 * validation), class-aware greedy NMS, at most maxDet boxes.
 */

export interface Detection {
  /** [x1, y1, x2, y2] in the network input's pixels (until scaled back). */
  box: [number, number, number, number];
  score: number;
  classId: number;
  /** The prediction row it was kept from (its index among the head's rows, before NMS): where it came from, see provenance.ts. */
  row: number;
  /** Segment heads: the raw mask coefficients. */
  maskCoefficients?: Float32Array;
}

export interface NmsOptions {
  confThreshold?: number;
  iouThreshold?: number;
  maxDet?: number;
  /** Mask coefficients per row (32 for Segment heads). */
  nm?: number;
  /** Every class above the threshold becomes a candidate (val.py), not only the best. */
  multiLabel?: boolean;
  /** Keep only these classes. */
  classes?: readonly number[];
  /** Class-agnostic NMS. */
  agnostic?: boolean;
}

/** YOLOv5's offset that separates classes for class-aware NMS. */
const MAX_WH = 7680;
/** YOLOv5 sorts and keeps at most this many candidates before NMS. */
const MAX_NMS = 30000;

interface Candidate {
  row: number;
  box: [number, number, number, number];
  score: number;
  classId: number;
}

/**
 * `pred` holds `count` rows of `no` values (cx, cy, w, h, objectness, class
 * scores, mask coefficients), as the model's decoded output for one image.
 */
export function nonMaxSuppression(pred: Float32Array, count: number, no: number, options: NmsOptions = {}): Detection[] {
  const conf = options.confThreshold ?? 0.25;
  const iou = options.iouThreshold ?? 0.45;
  const maxDet = options.maxDet ?? 300;
  const nm = options.nm ?? 0;
  const nc = no - 5 - nm;
  if (nc < 1) throw new Error(`a prediction row of ${no} values has no class scores (nm = ${nm})`);
  const classFilter = options.classes ? new Set(options.classes) : null;
  let candidates: Candidate[] = [];
  for (let r = 0; r < count; r++) {
    const o = r * no;
    const obj = pred[o + 4] as number;
    if (!(obj > conf)) continue;
    const cx = pred[o] as number;
    const cy = pred[o + 1] as number;
    const w = pred[o + 2] as number;
    const h = pred[o + 3] as number;
    const box: [number, number, number, number] = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
    if (options.multiLabel) {
      for (let c = 0; c < nc; c++) {
        const s = Math.fround((pred[o + 5 + c] as number) * obj);
        if (s > conf) candidates.push({ row: r, box, score: s, classId: c });
      }
    } else {
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < nc; c++) {
        const s = Math.fround((pred[o + 5 + c] as number) * obj);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      if (bestScore > conf) candidates.push({ row: r, box, score: bestScore, classId: best });
    }
  }
  if (classFilter) candidates = candidates.filter((c) => classFilter.has(c.classId));
  // Stable sort by score, highest first (ties keep row order, as torch's CPU sort does).
  candidates.sort((a, b) => b.score - a.score);
  if (candidates.length > MAX_NMS) candidates.length = MAX_NMS;
  const keep = greedyNms(candidates, iou, options.agnostic ?? false, maxDet);
  return keep.map((c) => {
    const d: Detection = { box: c.box, score: c.score, classId: c.classId, row: c.row };
    if (nm > 0) d.maskCoefficients = pred.slice(c.row * no + 5 + nc, c.row * no + no);
    return d;
  });
}

/** torchvision's nms on boxes offset by class: suppress IoU > threshold, keep order. */
function greedyNms(sorted: Candidate[], threshold: number, agnostic: boolean, maxDet: number): Candidate[] {
  const n = sorted.length;
  const boxes = sorted.map((c) => {
    const off = agnostic ? 0 : c.classId * MAX_WH;
    return c.box.map((v) => Math.fround(v + off));
  });
  const areas = boxes.map(([x1, y1, x2, y2]) => ((x2 as number) - (x1 as number)) * ((y2 as number) - (y1 as number)));
  const suppressed = new Uint8Array(n);
  const keep: Candidate[] = [];
  for (let i = 0; i < n && keep.length < maxDet; i++) {
    if (suppressed[i]) continue;
    keep.push(sorted[i] as Candidate);
    const [ax1, ay1, ax2, ay2] = boxes[i] as [number, number, number, number];
    for (let j = i + 1; j < n; j++) {
      if (suppressed[j]) continue;
      const [bx1, by1, bx2, by2] = boxes[j] as [number, number, number, number];
      const w = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
      const h = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
      const inter = w * h;
      if (inter / ((areas[i] as number) + (areas[j] as number) - inter) > threshold) suppressed[j] = 1;
    }
  }
  return keep;
}

/** IoU of two [x1, y1, x2, y2] boxes. */
export function boxIou(a: readonly number[], b: readonly number[]): number {
  const [ax1 = 0, ay1 = 0, ax2 = 0, ay2 = 0] = a;
  const [bx1 = 0, by1 = 0, bx2 = 0, by2 = 0] = b;
  const w = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const h = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const inter = w * h;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}
