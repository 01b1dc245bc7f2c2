import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AKConvLayer } from '../../src/model/akconv';
import { configFromObject } from '../../src/model/config';
import { basePlusShape, basePosition, initialShape, samplingPositions } from '../../src/model/geometry';
import { detect } from '../../src/detect/detector';
import { YoloModel } from '../../src/model/yolo';
import { baseOf, imageToCell, pixelAt, samplesOfPixel } from '../../src/detect/sampling-field';
import { computeSamplingField } from '../../src/detect/sampling-field-capture';
import { composeWeights } from '../cases/model-golden';
import { readFixtureSafetensors } from '../helpers/fixtures';
import { useNodeBackend } from '../helpers/node-backends';

/** Deterministic pseudo-random RGB in [0, 1], [height, width, 3]. */
function noiseImage(width: number, height: number, seed: number): { data: Float32Array; width: number; height: number } {
  const data = new Float32Array(width * height * 3);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 32;
  }
  // A little structure (a bright square), so the offsets are not those of pure noise.
  for (let y = Math.floor(height / 4); y < height / 2; y++) for (let x = Math.floor(width / 3); x < (2 * width) / 3; x++) data.fill(0.95, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { data, width, height };
}

describe('computeSamplingField on YOLOv5n-C3_AKConv (cpu backend)', () => {
  const base = readFixtureSafetensors('models/yolov5n.f16.safetensors');
  const overlay = readFixtureSafetensors('models/c3akconv_n.overlay.f16.safetensors');
  const { weights, metadata } = composeWeights(base, overlay);
  const config = configFromObject(JSON.parse(metadata['config'] ?? 'null'));
  const models: YoloModel[] = [];

  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  afterAll(() => models.forEach((m) => m.dispose()));

  it.each(['xy', 'ij'] as const)('learned positions are p_0 + p_n + offsets and initial ones basePlusShape (%s), leaking nothing', async (convention) => {
    const model = YoloModel.load(config, weights, { convention });
    models.push(model);
    const sites = model.akconvSites();
    expect(sites.length).toBeGreaterThan(0);
    // Non-square input: the sampled map is non-square too (where xy scrambles p_0).
    const input = noiseImage(160, 96, convention === 'xy' ? 7 : 11);

    for (const site of sites) {
      const layer: AKConvLayer = site.layer;
      // Record the AKConv's input during a plain forward, to compute its positions independently.
      let seen: tf.Tensor4D | null = null;
      const apply = layer.apply.bind(layer);
      layer.apply = (x: tf.Tensor4D) => {
        seen?.dispose();
        seen = tf.keep(x.clone());
        return apply(x);
      };
      const x = tf.tensor4d(input.data, [1, input.height, input.width, 3]);
      const out = model.forward(x);
      tf.dispose([x, out.pred, out.proto ?? []]);
      layer.apply = apply;
      const akInput = seen as tf.Tensor4D | null;
      expect(akInput).not.toBeNull();

      const before = tf.memory().numTensors;
      const field = await computeSamplingField(model, input, site.name);
      expect(tf.memory().numTensors).toBe(before);
      const again = await computeSamplingField(model, input, site.name);
      expect(tf.memory().numTensors).toBe(before);
      expect(again.learnedX).toEqual(field.learnedX);

      const n = layer.numParam;
      const stride = layer.spec.stride;
      const { h, w } = layer.outputSize(akInput!.shape[1], akInput!.shape[2]);
      expect(field).toMatchObject({ h, w, n, inputStride: site.inputStride, site: site.name, convention, akconvStride: stride, image: { width: 160, height: 96 } });
      expect(h).not.toBe(w);

      // The layer's own positions() on the recorded input.
      const direct = tf.tidy(() => layer.positions(akInput!));
      const directData = await direct.data();
      const offsets = tf.tidy(() => layer.offsets(akInput!));
      const offsetData = await offsets.data();
      tf.dispose([direct, offsets, akInput!]);

      const shape = initialShape(n, convention);
      expect(layer.initialShape).toEqual(shape);
      const initial = basePlusShape(h, w, stride, convention, shape);
      let worstDirect = 0;
      let worstGeometry = 0;
      let worstInitial = 0;
      let largestOffset = 0;
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const k = r * w + c;
          const p0 = basePosition(r, c, h, w, stride, convention);
          const fromGeometry = samplingPositions(p0, shape, offsetData.subarray(k * 2 * n, (k + 1) * 2 * n));
          const samples = samplesOfPixel(field, r, c);
          // The base position read back from the field is geometry's p_0.
          expect(baseOf(field, r, c).x).toBeCloseTo((p0.col + 0.5) * site.inputStride, 4);
          expect(baseOf(field, r, c).y).toBeCloseTo((p0.row + 0.5) * site.inputStride, 4);
          for (const s of samples) {
            const i = s.index;
            // Learned, in cells, from the image pixels the field stores.
            const cell = imageToCell(s.learned, site.inputStride);
            worstDirect = Math.max(worstDirect, Math.abs(cell.row - directData[k * 2 * n + i]!), Math.abs(cell.col - directData[k * 2 * n + n + i]!));
            const g = fromGeometry[i]!;
            worstGeometry = Math.max(worstGeometry, Math.abs(cell.row - g.row), Math.abs(cell.col - g.col));
            const init = imageToCell(s.initial, site.inputStride);
            worstInitial = Math.max(worstInitial, Math.abs(init.row - initial[k * 2 * n + i]!), Math.abs(init.col - initial[k * 2 * n + n + i]!));
            expect(s.initialCell).toEqual({ row: initial[k * 2 * n + i], col: initial[k * 2 * n + n + i] });
            const off = Math.hypot(offsetData[k * 2 * n + i]!, offsetData[k * 2 * n + n + i]!);
            expect(s.offset).toBeCloseTo(off, 4);
            largestOffset = Math.max(largestOffset, off);
          }
          // pixelAt finds every output pixel from its base position.
          const b = baseOf(field, r, c);
          expect(pixelAt(field, b.x, b.y)).toEqual([r, c]);
        }
      }
      console.log(convention, site.name, `${h}x${w}x${n}`, 'worst vs positions()', worstDirect, 'vs geometry', worstGeometry, 'initial', worstInitial, 'mean/max |offset|', field.stats.mean, field.stats.max);
      expect(worstDirect).toBeLessThanOrEqual(1e-4);
      expect(worstGeometry).toBeLessThanOrEqual(1e-4);
      expect(worstInitial).toBeLessThanOrEqual(1e-4);
      expect(field.stats.max).toBeCloseTo(largestOffset, 4);
      // The checkpoint's offsets are learned, not zero.
      expect(field.stats.max).toBeGreaterThan(0.01);
    }
  });

  it('detect() with capture returns the same detections and the same field as a separate run, in one forward pass', async () => {
    const model = YoloModel.load(config, weights, { convention: 'ij' });
    models.push(model);
    const site = model.akconvSites()[0]!;
    // A 160 x 96 RGB image whose letterbox at 160 is itself (no padding, no resize).
    let seed = 5;
    const bytes = new Uint8Array(160 * 96 * 3).map(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) & 255);
    const image = { width: 160, height: 96, data: bytes };
    const plain = await detect(model, image, { imageSize: 160, confThreshold: 0.001 });
    const forward = model.forward.bind(model);
    let passes = 0;
    model.forward = (x, o) => {
      passes++;
      return forward(x, o);
    };
    const before = tf.memory().numTensors;
    const both = await detect(model, image, { imageSize: 160, confThreshold: 0.001, capture: site.name });
    model.forward = forward;
    expect(passes).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(both.detections).toEqual(plain.detections);
    expect(plain.field).toBeUndefined();
    const separate = await computeSamplingField(model, both.input, site.name);
    expect(both.field?.learnedX).toEqual(separate.learnedX);
    expect(both.field).toMatchObject({ site: site.name, h: separate.h, w: separate.w, image: { width: 160, height: 96 } });
  });

  it('names a site that does not exist and a wrongly sized image, leaking nothing', async () => {
    const model = YoloModel.load(config, weights, { convention: 'xy' });
    models.push(model);
    const before = tf.memory().numTensors;
    await expect(computeSamplingField(model, noiseImage(64, 64, 1), 'model.99.cv2')).rejects.toThrow(/no AKConv named model\.99\.cv2/);
    const site = model.akconvSites()[0]!;
    await expect(computeSamplingField(model, { data: new Float32Array(10), width: 64, height: 64 }, site.name)).rejects.toThrow(/holds 10 values/);
    // Not a multiple of 32: the model's own error, and nothing left behind.
    await expect(computeSamplingField(model, noiseImage(48, 64, 1), site.name)).rejects.toThrow(/multiples of 32/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
