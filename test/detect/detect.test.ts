import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { letterbox } from '../../src/detect/letterbox';
import { processMask } from '../../src/detect/masks';
import type { ImageStats } from '../../src/detect/metrics';
import { computeMetrics, matchImage } from '../../src/detect/metrics';
import { nonMaxSuppression } from '../../src/detect/nms';
import { decodeImage } from '../../src/io/image-node';
import { fixturePath, readFixtureSafetensors, readFixtureText } from '../helpers/fixtures';

describe('letterbox equals YOLOv5 + OpenCV (cv2.resize INTER_LINEAR, pad 114)', () => {
  const st = readFixtureSafetensors('detect/letterbox.safetensors');
  const cases = JSON.parse(st.metadata['cases'] ?? '[]') as { key: string; file: string; size: number; auto: boolean; ratio: number; pad: [number, number] }[];

  it.each(cases.map((c) => [c.key, c] as const))('%s', (_, c) => {
    const image = decodeImage(new Uint8Array(readFileSync(fixturePath(`detect/photos/${c.file}`))), c.file);
    const lb = letterbox(image, { size: c.size, auto: c.auto });
    const expected = st.tensors.get(c.key)!;
    expect([lb.height, lb.width, 3]).toEqual(expected.shape);
    expect(lb.ratio).toBeCloseTo(c.ratio, 12);
    expect(lb.pad).toEqual(c.pad);
    let worst = 0;
    let off = 0;
    for (let i = 0; i < lb.data.length; i++) {
      const d = Math.abs(Math.round((lb.data[i] as number) * 255) - (expected.data[i] as number));
      worst = Math.max(worst, d);
      if (d) off++;
    }
    // Byte-exact: OpenCV's fixed-point weights (round half to even) and edge rows reproduced.
    expect({ worst, off }).toEqual({ worst: 0, off: 0 });
  });
});

describe('non-maximum suppression equals YOLOv5', () => {
  const st = readFixtureSafetensors('detect/nms.safetensors');
  const pred = st.tensors.get('pred')!;
  const [count = 0, no = 0] = pred.shape;

  const compare = (ours: ReturnType<typeof nonMaxSuppression>, ref: Float32Array) => {
    expect(ours.length).toBe(ref.length / 6);
    ours.forEach((d, i) => {
      d.box.forEach((v, k) => expect(Math.abs(v - (ref[i * 6 + k] as number))).toBeLessThan(1e-3));
      expect(Math.abs(d.score - (ref[i * 6 + 4] as number))).toBeLessThan(1e-6);
      expect(d.classId).toBe(ref[i * 6 + 5]);
    });
  };

  it('best class per box, conf 0.25, IoU 0.45, at most 300', () => {
    compare(nonMaxSuppression(pred.data, count, no, { confThreshold: 0.25, iouThreshold: 0.45 }), st.tensors.get('single')!.data);
  });

  it('multi-label as val.py, conf 0.001, IoU 0.6', () => {
    compare(nonMaxSuppression(pred.data, count, no, { confThreshold: 0.001, iouThreshold: 0.6, multiLabel: true }), st.tensors.get('multi')!.data);
  });

  it('filters classes and caps the count', () => {
    const r = nonMaxSuppression(pred.data, count, no, { classes: [3], maxDet: 5 });
    expect(r.length).toBeLessThanOrEqual(5);
    expect(r.every((d) => d.classId === 3)).toBe(true);
  });
});

describe('masks equal YOLOv5 process_mask', () => {
  const st = readFixtureSafetensors('detect/masks.safetensors');
  const protosNchw = st.tensors.get('protos')!;
  const [c = 0, mh = 0, mw = 0] = protosNchw.shape;
  const nhwc = new Float32Array(protosNchw.data.length);
  for (let k = 0; k < c; k++) for (let p = 0; p < mh * mw; p++) nhwc[p * c + k] = protosNchw.data[k * mh * mw + p] as number;
  const coeffs = st.tensors.get('coeffs')!;
  const boxes = st.tensors.get('boxes')!;
  const masks = st.tensors.get('masks')!;

  it.each([0, 1, 2, 3, 4, 5])('mask %i', (i) => {
    const m = processMask({ data: nhwc, height: mh, width: mw, channels: c }, coeffs.data.slice(i * c, (i + 1) * c), Array.from(boxes.data.slice(i * 4, i * 4 + 4)), 96, 160);
    const ref = masks.data.subarray(i * 96 * 160, (i + 1) * 96 * 160);
    let diff = 0;
    for (let k = 0; k < ref.length; k++) if ((m.data[k] as number) !== ref[k]) diff++;
    expect(diff).toBeLessThanOrEqual(2); // float rounding at exactly 0.5, if any
  });
});

describe('val.py metrics', () => {
  type Img = { labels: number[][]; detections: number[][]; correct: boolean[][] };
  const { images, expected } = JSON.parse(readFixtureText('detect/metrics.json')) as {
    images: Img[];
    expected: { precision: number; recall: number; mAP50: number; mAP50_95: number; labels: number; classes: number[]; ap50: number[] };
  };
  const stats: ImageStats[] = images.map((img) =>
    matchImage(
      img.detections.map((d) => ({ box: d.slice(0, 4), score: d[4]!, classId: d[5]! })),
      img.labels.map((l) => ({ classId: l[0]!, box: l.slice(1) })),
    ),
  );

  it('matches detections to labels as process_batch', () => {
    stats.forEach((s, i) => expect(s.correct).toEqual(images[i]!.correct));
  });

  it('gives the same P, R, mAP50 and mAP50-95 as ap_per_class', () => {
    const m = computeMetrics(stats);
    expect(m.labels).toBe(expected.labels);
    expect(m.perClass.map((c) => c.classId)).toEqual(expected.classes);
    m.perClass.forEach((c, i) => expect(c.ap50).toBeCloseTo(expected.ap50[i]!, 9));
    expect(m.mAP50).toBeCloseTo(expected.mAP50, 9);
    expect(m.mAP50_95).toBeCloseTo(expected.mAP50_95, 9);
    expect(m.precision).toBeCloseTo(expected.precision, 9);
    expect(m.recall).toBeCloseTo(expected.recall, 9);
  });
});
