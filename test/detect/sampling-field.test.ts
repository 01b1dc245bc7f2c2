import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AKConvLayer } from '../../src/model/akconv';
import { basePlusShape } from '../../src/model/akconv';
import { configFromObject } from '../../src/model/config';
import type { GridConvention } from '../../src/model/geometry';
import { basePosition, initialShape, samplingPositions } from '../../src/model/geometry';
import { detect } from '../../src/detect/detector';
import { YoloModel } from '../../src/model/yolo';
import type { SamplingField } from '../../src/detect/sampling-field';
import {
  baseOf,
  cellToImage,
  clampPixel,
  computeSamplingField,
  imageToCell,
  pixelAt,
  samplesOfPixel,
  samplingField,
  stepPixel,
} from '../../src/detect/sampling-field';
import { composeWeights } from '../cases/model-golden';
import { readFixtureSafetensors } from '../helpers/fixtures';
import { useNodeBackend } from '../helpers/node-backends';

/** A field with zero offsets: learned = initial = basePlusShape. */
function bareField(h: number, w: number, numParam: number, akStride: number, convention: GridConvention, inputStride: number): SamplingField {
  const initial = basePlusShape(h, w, akStride, convention, initialShape(numParam, convention));
  return samplingField(new Float32Array(initial), h, w, numParam, inputStride, initial);
}

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

describe('samplingField (pure)', () => {
  it('maps cells to image pixels at cell centres and measures offsets in cells', () => {
    const h = 2;
    const w = 3;
    const n = 2;
    const shape = [{ row: 0, col: 0 }, { row: 0, col: 1 }];
    const initial = basePlusShape(h, w, 1, 'ij', shape);
    const positions = new Float32Array(initial);
    // Pixel (1, 2), sample 1: offset (+3, -4) cells -> length 5.
    const k = 1 * w + 2;
    positions[k * 2 * n + 1]! += 3;
    positions[k * 2 * n + n + 1]! -= 4;
    const f = samplingField(positions, h, w, n, 8, initial);
    expect(f.stats.max).toBeCloseTo(5, 6);
    expect(f.stats.mean).toBeCloseTo(5 / (h * w * n), 6);
    expect(f.stats.count).toBe(h * w * n);
    const samples = samplesOfPixel(f, 1, 2);
    expect(samples).toHaveLength(2);
    expect(samples[0]).toMatchObject({ index: 0, offset: 0, initial: { x: (2 + 0.5) * 8, y: (1 + 0.5) * 8 }, initialCell: { row: 1, col: 2 } });
    expect(samples[1]).toMatchObject({ index: 1, offset: 5, initialCell: { row: 1, col: 3 }, learnedCell: { row: 4, col: -1 } });
    expect(samples[1]!.learned).toEqual({ x: (-1 + 0.5) * 8, y: (4 + 0.5) * 8 });
    expect(baseOf(f, 1, 2)).toEqual({ x: 2.5 * 8, y: 1.5 * 8 });
    expect(cellToImage({ row: 1, col: 2 }, 8)).toEqual({ x: 20, y: 12 });
    expect(imageToCell({ x: 20, y: 12 }, 8)).toEqual({ row: 1, col: 2 });
  });

  it('rejects mismatched sizes and pixels outside the map, each with one sentence', () => {
    const initial = basePlusShape(2, 2, 1, 'ij', initialShape(3, 'ij'));
    expect(() => samplingField(new Float32Array(5), 2, 2, 3, 8, initial)).toThrow(/expected 24 sampling positions/);
    expect(() => samplingField(new Float32Array(24), 2, 2, 3, 8, new Float32Array(3))).toThrow(/initial positions/);
    expect(() => samplingField(new Float32Array(24), 2, 2, 3, 0, initial)).toThrow(/stride/);
    const f = samplingField(new Float32Array(initial), 2, 2, 3, 8, initial);
    expect(() => samplesOfPixel(f, 2, 0)).toThrow(/outside the 2 x 2 map/);
    expect(clampPixel(f, [5, -3])).toEqual([1, 0]);
    expect(clampPixel(f, null)).toBeNull();
    expect(pixelAt(f, Number.NaN, 0)).toBeNull();
  });

  describe.each(['ij', 'xy'] as const)('pixelAt inverts the base positions (%s)', (convention) => {
    it.each([
      [4, 4, 1],
      [3, 5, 1],
      [5, 3, 1],
      [4, 7, 2],
      [1, 6, 1],
    ])('%i x %i map, AKConv stride %i', (h, w, akStride) => {
      const numParam = 5;
      const inputStride = 16;
      const f = bareField(h, w, numParam, akStride, convention, inputStride);
      const seen = new Set<string>();
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const p0 = basePosition(r, c, h, w, akStride, convention);
          const base = cellToImage(p0, inputStride);
          // p_0 read back from the layout is geometry's p_0.
          expect(baseOf(f, r, c)).toEqual(base);
          // The nearest base is the pixel itself, also a little off its base.
          const jitter = 0.4 * akStride * inputStride;
          for (const [dx, dy] of [[0, 0], [jitter, 0], [-jitter, 0], [0, jitter], [0, -jitter], [jitter * 0.7, -jitter * 0.7]] as const) {
            expect(pixelAt(f, base.x + dx, base.y + dy), `(${r}, ${c}) + (${dx}, ${dy})`).toEqual([r, c]);
          }
          seen.add(`${base.x},${base.y}`);
        }
      }
      // Every output pixel has its own base position.
      expect(seen.size).toBe(h * w);
    });
  });

  it('with xy on a non-square map, output pixel (r, c) is not at (r, c) * stride', () => {
    const f = bareField(3, 5, 5, 1, 'xy', 10);
    // k = r * w + c = 1 -> p_0 = (k % h, k // h) = (1, 0).
    expect(baseOf(f, 0, 1)).toEqual(cellToImage({ row: 1, col: 0 }, 10));
    expect(pixelAt(f, cellToImage({ row: 0, col: 1 }, 10).x, cellToImage({ row: 0, col: 1 }, 10).y)).toEqual([0, 3]);
    expect(pixelAt(f, cellToImage({ row: 1, col: 0 }, 10).x, cellToImage({ row: 1, col: 0 }, 10).y)).toEqual([0, 1]);
  });

  it.each(['ij', 'xy'] as const)('stepPixel moves one cell on the image (%s), and stops at the edge', (convention) => {
    const h = 3;
    const w = 5;
    const f = bareField(h, w, 4, 1, convention, 8);
    const at = (row: number, col: number) => {
      const p = cellToImage({ row, col }, 8);
      return pixelAt(f, p.x, p.y)!;
    };
    expect(stepPixel(f, at(1, 1), 0, 1)).toEqual(at(1, 2));
    expect(stepPixel(f, at(1, 1), 0, -1)).toEqual(at(1, 0));
    expect(stepPixel(f, at(1, 1), 1, 0)).toEqual(at(2, 1));
    expect(stepPixel(f, at(1, 1), -1, 0)).toEqual(at(0, 1));
    expect(stepPixel(f, at(0, 4), 0, 1)).toEqual(at(0, 4));
    expect(stepPixel(f, at(0, 0), -1, 0)).toEqual(at(0, 0));
  });
});

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
