import { describe, expect, it } from 'vitest';
import type { WeightMap } from '../../src/io/tensor';
import { buildArchitecture } from '../../src/model/architecture';
import { parseConfigYaml } from '../../src/model/config';
import { checkWeights, foldConv, WeightsError } from '../../src/model/weights';
import { YoloModel } from '../../src/model/yolo';
import { readFixtureSafetensors, readFixtureText } from '../helpers/fixtures';

const config = parseConfigYaml(readFixtureText('configs/yolov5n.yaml'));
const base = readFixtureSafetensors('models/yolov5n.f16.safetensors').tensors;

describe('weights that do not fit the config', () => {
  it('accepts the real checkpoint (with its anchor_grid buffer)', () => {
    expect(() => checkWeights(buildArchitecture(config), base)).not.toThrow();
  });

  it('names the first missing tensors', () => {
    const w: WeightMap = new Map(base);
    for (const k of ['model.0.conv.weight', 'model.1.bn.bias']) w.delete(k);
    expect(() => YoloModel.load(config, w)).toThrowError(/2 missing: model\.0\.conv\.weight, model\.1\.bn\.bias/);
  });

  it('names unexpected and mis-shaped tensors, a few at a time', () => {
    const w: WeightMap = new Map(base);
    for (let i = 0; i < 7; i++) w.set(`model.99.extra${i}`, { shape: [1], data: new Float32Array(1) });
    w.set('model.2.cv1.conv.weight', { shape: [3, 3], data: new Float32Array(9) });
    const err = (() => {
      try {
        checkWeights(buildArchitecture(config), w);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(WeightsError);
    expect(err?.message).toMatch(/7 unexpected: model\.99\.extra0, .*model\.99\.extra4 and 2 more/);
    expect(err?.message).toMatch(/1 with the wrong shape: model\.2\.cv1\.conv\.weight \(3x3, expected 16x32x1x1\)/);
  });

  it('rejects the weights of another scale', () => {
    const big = parseConfigYaml(readFixtureText('configs/yolov5n.yaml').replace('width_multiple: 0.25', 'width_multiple: 0.5'));
    expect(() => YoloModel.load(big, base)).toThrowError(/with the wrong shape: model\.0\.conv\.weight/);
  });
});

describe('BatchNorm folding', () => {
  it('folds gamma / sqrt(var + 0.001) into OIHW -> HWIO weights', () => {
    const w: WeightMap = new Map([
      ['c.weight', { shape: [2, 1, 1, 2], data: Float32Array.from([1, 2, 3, 4]) }],
      ['bn.weight', { shape: [2], data: Float32Array.from([2, 1]) }],
      ['bn.bias', { shape: [2], data: Float32Array.from([0.5, -1]) }],
      ['bn.running_mean', { shape: [2], data: Float32Array.from([1, 0]) }],
      ['bn.running_var', { shape: [2], data: Float32Array.from([3.999, 0.999]) }],
    ]);
    const f = foldConv(w, 'c.weight', 'bn');
    expect(f.kernel.shape).toEqual([1, 2, 1, 2]);
    // HWIO: [x][o]: x=0 -> (1 * 1, 3 * 1), x=1 -> (2 * 1, 4 * 1) with scales 2/2 = 1 and 1/1 = 1.
    expect(Array.from(f.kernel.data)).toEqual([1, 3, 2, 4].map((v) => Math.fround(v)));
    expect(Array.from(f.bias.data)).toEqual([Math.fround(0.5 - 1), -1]);
  });
});
