/**
 * A detection's provenance (head level, anchor, grid cell) against the head's
 * own decode: the box recomputed by hand, from the checkpoint's 1x1 conv
 * weights and anchors at that (level, anchor, gy, gx), is the detection's box.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectOptions, ImageDetection } from '../../src/detect/detector';
import { detect } from '../../src/detect/detector';
import type { Letterboxed } from '../../src/detect/letterbox';
import { letterbox, scaleBoxes } from '../../src/detect/letterbox';
import type { DetectionProvenance, HeadLevel } from '../../src/detect/provenance';
import { cellCentre, headLevels, predictionRows, provenanceOfRow, rowOfCell } from '../../src/detect/provenance';
import { akconvMap, receptivePath } from '../../src/detect/receptive-path';
import { computeSamplingField } from '../../src/detect/sampling-field-capture';
import { readCheckpoint } from '../../src/io/checkpoint';
import type { RgbImage } from '../../src/io/image';
import { decodeImage } from '../../src/io/image-node';
import type { WeightMap } from '../../src/io/tensor';
import { configFromObject } from '../../src/model/config';
import { YoloModel } from '../../src/model/yolo';
import { useNodeBackend } from '../../src/runtime/node';
import { BASE_WEIGHTS, composeWeights } from '../cases/model-golden';
import { readFixtureSafetensors } from '../helpers/fixtures';

const publicFile = (rel: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../public/${rel}`, import.meta.url))));

describe('prediction rows <-> (level, anchor, cell)', () => {
  const anchors = [[[10, 13], [16, 30], [33, 23]], [[30, 61], [62, 45], [59, 119]], [[116, 90], [156, 198], [373, 326]]];
  const levels = headLevels([8, 16, 32], anchors, 64, 96);

  it('lays rows out per level as [anchor, gy, gx]', () => {
    expect(levels.map((l) => [l.ny, l.nx])).toEqual([[8, 12], [4, 6], [2, 3]]);
    expect(predictionRows(levels)).toBe(3 * (96 + 24 + 6));
    expect(provenanceOfRow(levels, 0)).toEqual({ row: 0, level: 0, stride: 8, anchor: 0, anchorSize: [10, 13], gy: 0, gx: 0 });
    // Level 1 starts after 3 x 96 rows; its anchor 2, cell (3, 5) is its last row.
    expect(provenanceOfRow(levels, 288 + 2 * 24 + 3 * 6 + 5)).toEqual({ row: 359, level: 1, stride: 16, anchor: 2, anchorSize: [59, 119], gy: 3, gx: 5 });
  });

  it('inverts exactly on every row, and refuses rows and cells outside the head', () => {
    for (let row = 0; row < predictionRows(levels); row++) expect(rowOfCell(levels, provenanceOfRow(levels, row))).toBe(row);
    expect(() => provenanceOfRow(levels, predictionRows(levels))).toThrow(/beyond the head's 378 rows/);
    expect(() => rowOfCell(levels, { level: 2, anchor: 0, gy: 2, gx: 0 })).toThrow(/outside level 2/);
    expect(() => headLevels([8, 16, 32], anchors, 64, 100)).toThrow(/not a whole number of stride-8 cells/);
  });

  it("puts the cell's centre where sigmoid(t) = 0.5 puts the box centre", () => {
    expect(cellCentre({ stride: 16, gy: 1, gx: 3 })).toEqual({ x: 56, y: 24 });
  });
});

/** The head's 1x1 conv at one cell and anchor, and YOLOv5's decode, in float64. */
function decodeByHand(weights: WeightMap, headPrefix: string, feature: Float32Array, level: HeadLevel, p: DetectionProvenance, no: number): [number, number, number, number] {
  const w = weights.get(`${headPrefix}.m.${p.level}.weight`)!;
  const b = weights.get(`${headPrefix}.m.${p.level}.bias`)!;
  const anchorsBuffer = weights.get(`${headPrefix}.anchors`)!;
  const na = level.anchors.length;
  const cin = w.shape[1] as number;
  const at = (p.gy * level.nx + p.gx) * cin;
  const t = [0, 1, 2, 3].map((o) => {
    const k = p.anchor * no + o;
    let sum = b.data[k] as number;
    for (let c = 0; c < cin; c++) sum += (w.data[k * cin + c] as number) * (feature[at + c] as number);
    return sum;
  });
  const s = t.map((v) => 1 / (1 + Math.exp(-v)));
  const anchor = [0, 1].map((k) => (anchorsBuffer.data[(p.level * na + p.anchor) * 2 + k] as number) * level.stride);
  const cx = (2 * s[0]! + p.gx - 0.5) * level.stride;
  const cy = (2 * s[1]! + p.gy - 0.5) * level.stride;
  const bw = (2 * s[2]!) ** 2 * anchor[0]!;
  const bh = (2 * s[3]!) ** 2 * anchor[1]!;
  return [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2];
}

interface Checked {
  detections: ImageDetection[];
  levelsUsed: Set<number>;
  worst: number;
}

/** Runs detect() and checks every detection's box against the hand decode at its provenance. */
async function checkAgainstDecode(model: YoloModel, weights: WeightMap, input: Letterboxed, image: RgbImage, options: DetectOptions): Promise<Checked> {
  const head = model.arch.layers[model.arch.layers.length - 1]!;
  const x = tf.tensor4d(input.data, [1, input.height, input.width, 3]);
  const out = model.forward(x, { layers: true });
  const features: Float32Array[] = [];
  try {
    for (const k of head.inputs) features.push((await out.layers!.get(k)!.data()) as Float32Array);
  } finally {
    tf.dispose([x, out.pred, out.proto ?? [], ...out.layers!.values()]);
  }
  const levels = headLevels(model.strides, model.anchorsInPixels(), input.height, input.width);
  const r = await detect(model, image, { ...options, letterboxed: input });
  let worst = 0;
  const levelsUsed = new Set<number>();
  for (const d of r.detections) {
    const p = d.provenance!;
    const level = levels[p.level]!;
    expect(p.stride).toBe(model.strides[p.level]);
    expect(p.anchorSize).toEqual(model.anchorsInPixels()[p.level]![p.anchor]);
    expect(rowOfCell(levels, p)).toBe(p.row);
    const ours = scaleBoxes(decodeByHand(weights, `model.${head.index}`, features[p.level]!, level, p, model.arch.head.no), input, image.width, image.height);
    ours.forEach((v, k) => {
      const diff = Math.abs(v - d.box[k]!) / (1 + Math.abs(d.box[k]!));
      worst = Math.max(worst, diff);
    });
    // Another anchor of the same cell decodes to another box: the check can tell them apart.
    const other = { ...p, anchor: (p.anchor + 1) % level.anchors.length };
    const wrong = scaleBoxes(decodeByHand(weights, `model.${head.index}`, features[p.level]!, level, other, model.arch.head.no), input, image.width, image.height);
    expect(Math.max(...wrong.map((v, k) => Math.abs(v - d.box[k]!)))).toBeGreaterThan(0.5);
    levelsUsed.add(p.level);
  }
  return { detections: r.detections, levelsUsed, worst };
}

describe('a detection carries the head cell and anchor that produced it (wasm)', () => {
  let model: YoloModel;
  let weights: WeightMap;
  const image = decodeImage(publicFile('samples/000000001000.jpg'), 'group photo');
  const input = letterbox(image, { size: 320 });

  beforeAll(async () => {
    await useNodeBackend('wasm');
    const ckpt = await readCheckpoint(publicFile('models/yolov5n-c3akconv-ij.safetensors'));
    weights = ckpt.weights;
    model = YoloModel.load(ckpt.config, ckpt.weights, { convention: 'ij' });
  });
  afterAll(() => model?.dispose());

  it('the default model: each box is the head decode at its (level, anchor, gy, gx)', async () => {
    const r = await checkAgainstDecode(model, weights, input, image, { confThreshold: 0.25 });
    console.log(`provenance: ${r.detections.length} detections on levels ${[...r.levelsUsed].join(', ')}, worst relative box difference ${r.worst.toExponential(2)}`);
    expect(r.detections.length).toBeGreaterThan(3);
    expect(r.levelsUsed.size).toBeGreaterThan(1);
    expect(r.worst).toBeLessThanOrEqual(1e-4);
  });

  it('multi-label and class-agnostic NMS keep the provenance too', async () => {
    const r = await checkAgainstDecode(model, weights, input, image, { confThreshold: 0.1, multiLabel: true, agnostic: true, maxDet: 40 });
    expect(r.detections.length).toBeGreaterThan(3);
    expect(r.worst).toBeLessThanOrEqual(1e-4);
  });

  it("maps each detection's cell to the AKConv output pixel under its centre, on the map the model computes", async () => {
    const site = model.akconvSites()[0]!;
    const map = akconvMap(site.inputStride, site.layer.spec.stride, input.height, input.width);
    const field = await computeSamplingField(model, input, site.name);
    expect([map.h, map.w]).toEqual([field.h, field.w]);
    expect(map.stride).toBe(32);
    const r = await detect(model, image, { imageSize: 320 });
    for (const d of r.detections) {
      const p = d.provenance!;
      const path = receptivePath(p, map);
      const c = cellCentre(p);
      // The AKConv pixel's square on the input holds the cell's centre, and the cell's block holds the pixel.
      expect(c.y).toBeGreaterThanOrEqual(path.pixel[0] * map.stride);
      expect(c.y).toBeLessThan((path.pixel[0] + 1) * map.stride);
      expect(c.x).toBeGreaterThanOrEqual(path.pixel[1] * map.stride);
      expect(c.x).toBeLessThan((path.pixel[1] + 1) * map.stride);
      expect(path.pixel[0]).toBe(Math.floor((p.gy * p.stride) / 32));
      expect(path.pixel[1]).toBe(Math.floor((p.gx * p.stride) / 32));
    }
  });
});

describe('the segmentation head carries it too (wasm)', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('Segment: YOLOv5n-C3_AKConv-seg (fixture weights)', async () => {
    const { weights, metadata } = composeWeights(readFixtureSafetensors(BASE_WEIGHTS), readFixtureSafetensors('models/seg_n.overlay.f16.safetensors'));
    const model = YoloModel.load(configFromObject(JSON.parse(metadata['config'] ?? 'null')), weights, { convention: 'xy' });
    try {
      const image = decodeImage(publicFile('samples/000000000885.jpg'), 'tennis');
      const input = letterbox(image, { size: 128 });
      const r = await checkAgainstDecode(model, weights, input, image, { confThreshold: 0.01, maxDet: 10, masks: false });
      expect(r.detections.length).toBeGreaterThan(0);
      expect(r.worst).toBeLessThanOrEqual(1e-4);
    } finally {
      model.dispose();
    }
  });
});
