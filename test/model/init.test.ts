import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNTRAINED_MODEL_IDS } from '../../src/common/choices';
import { buildArchitecture, modelParamSpecs, summarize } from '../../src/model/architecture';
import { LDCONV_YOLOV5N_YAML, SEED_DETECT_YAML, SEED_SEGMENT_YAML } from '../../src/model/bundled-configs';
import { initialTensor, initialWeights } from '../../src/model/init';
import { untrainedConfig } from '../../src/model/untrained-models';
import { YoloModel } from '../../src/model/yolo';
import { readFixtureText } from '../helpers/fixtures';
import { useNodeBackend } from '../helpers/node-backends';

interface Counts {
  parameters: number;
  tensors: number;
  sha256: string;
}
interface Stats {
  shape: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
}

const counts = JSON.parse(readFixtureText('init/counts.json')) as Record<string, Counts>;
const stats = JSON.parse(readFixtureText('init/stats.json')) as Record<string, Stats>;

/** The reference's "name shape" lines (sorted by name, as Python sorts them: by code point). */
function shapeLines(id: (typeof UNTRAINED_MODEL_IDS)[number]): string[] {
  return modelParamSpecs(buildArchitecture(untrainedConfig(id)))
    .map((s) => `${s.name} ${s.shape.join('x')}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function statsOf(data: Float32Array): Omit<Stats, 'shape'> {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / data.length;
  let sq = 0;
  for (const v of data) sq += (v - mean) ** 2;
  return { mean, std: data.length > 1 ? Math.sqrt(sq / (data.length - 1)) : 0, min, max };
}

describe('bundled configs', () => {
  it('are the reference configs byte for byte', () => {
    expect(SEED_DETECT_YAML).toBe(readFixtureText('configs/yolov5_C3_AKConv.yaml'));
    expect(SEED_SEGMENT_YAML).toBe(readFixtureText('configs/yolov5_C3_AKConv-seg.yaml'));
    expect(LDCONV_YOLOV5N_YAML).toBe(readFixtureText('configs/ldconv_yolov5n.yaml'));
  });
});

describe('untrained models: shapes and counts equal the reference DetectionModel', () => {
  it('knows all 15 configs and scales', () => {
    expect(Object.keys(counts).sort()).toEqual([...UNTRAINED_MODEL_IDS].sort());
  });

  it('states the seed document\'s counts', () => {
    expect(counts['seed-det-l']?.parameters).toBe(41_928_079);
    expect(counts['seed-det-n']?.parameters).toBe(1_780_771);
    expect(counts['seed-seg-l']?.parameters).toBe(43_289_327);
  });

  it.each([...UNTRAINED_MODEL_IDS])('%s: parameters, and every state-dict name and shape', (id) => {
    const ref = counts[id] as Counts;
    expect(summarize(buildArchitecture(untrainedConfig(id))).parameters).toBe(ref.parameters);
    const lines = shapeLines(id);
    expect(lines.length).toBe(ref.tensors);
    expect(createHash('sha256').update(lines.join('\n')).digest('hex')).toBe(ref.sha256);
  });

  it('seed-det-l: the state dict line by line', () => {
    expect(shapeLines('seed-det-l')).toEqual(JSON.parse(readFixtureText('init/shapes_det_l.json')));
  });

  it('every generated tensor has its spec\'s shape and size', () => {
    const arch = buildArchitecture(untrainedConfig('seed-seg-n'));
    const weights = initialWeights(arch);
    for (const spec of modelParamSpecs(arch)) {
      const t = weights.get(spec.name);
      expect(t?.shape, spec.name).toEqual(spec.shape);
      expect(t?.data.length).toBe(spec.shape.reduce((a, b) => a * b, 1));
    }
    expect([...weights.keys()].length).toBe(modelParamSpecs(arch).length);
    // Iterating makes the same tensors as reading them by name.
    const entries = [...weights];
    expect(entries.map(([name]) => name)).toEqual(modelParamSpecs(arch).map((spec) => spec.name));
    expect(entries[0]?.[1].data).toEqual(weights.get(entries[0]?.[0] ?? '')?.data);
  });
});

describe('initialisation statistics against the reference (seed-det-l, torch.manual_seed(0))', () => {
  const arch = buildArchitecture(untrainedConfig('seed-det-l'));

  /** Tensors with a handful of values (p_conv's bias: 2N = 6), and their bound (fan_in 512 x 3 x 3). */
  const FEW_VALUES: Record<string, number> = { 'model.8.m.0.cv2.p_conv.bias': 1 / Math.sqrt(512 * 9) };

  it.each(Object.keys(stats))('%s', (name) => {
    const ref = stats[name] as Stats;
    const t = initialTensor(arch, name);
    expect(t.shape).toEqual(ref.shape);
    const ours = statsOf(t.data);
    if (ref.std === 0 || ref.min === ref.max) {
      // Constants (BatchNorm, the zero p_conv weight): exactly the reference's.
      expect(ours).toEqual({ mean: ref.mean, std: ref.std, min: ref.min, max: ref.max });
      return;
    }
    const bound = FEW_VALUES[name];
    if (bound !== undefined) {
      // Too few values for statistics: both inside PyTorch's bound 1 / sqrt(fan_in).
      expect(Math.max(-ours.min, ours.max, -ref.min, ref.max)).toBeLessThanOrEqual(bound);
      return;
    }
    if (name.endsWith('anchors')) {
      for (const k of ['mean', 'std', 'min', 'max'] as const) expect(ours[k]).toBeCloseTo(ref[k], 6);
      return;
    }
    // Random tensors: the same distribution (std within 2 %, mean within 2 % of the std, same bounds to 2 %).
    expect(Math.abs(ours.std - ref.std) / ref.std).toBeLessThan(0.02);
    expect(Math.abs(ours.mean - ref.mean)).toBeLessThan(0.02 * Math.max(ref.std, Math.abs(ref.mean)));
    expect(Math.abs(ours.min - ref.min)).toBeLessThan(0.02 * (ref.max - ref.min));
    expect(Math.abs(ours.max - ref.max)).toBeLessThan(0.02 * (ref.max - ref.min));
  });

  it('is deterministic in the seed, and another seed gives other values', () => {
    const a = initialTensor(arch, 'model.8.m.0.cv2.conv.0.weight').data;
    const b = initialTensor(arch, 'model.8.m.0.cv2.conv.0.weight').data;
    const c = initialTensor(arch, 'model.8.m.0.cv2.conv.0.weight', { seed: 1 }).data;
    const same = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    expect(same(a, b)).toBe(true);
    expect(same(a, c)).toBe(false);
  });

  it('offset noise: p_conv weight N(0, σ² / fan_in), σ-sized shifts of its bias, nothing else moves', () => {
    const noisy = initialTensor(arch, 'model.8.m.0.cv2.p_conv.weight', { offsetNoise: 0.5 });
    const expected = 0.5 / Math.sqrt(512 * 9);
    expect(Math.abs(statsOf(noisy.data).std - expected) / expected).toBeLessThan(0.02);
    const bias = initialTensor(arch, 'model.8.m.0.cv2.p_conv.bias').data;
    const moved = initialTensor(arch, 'model.8.m.0.cv2.p_conv.bias', { offsetNoise: 0.5 }).data;
    expect(moved.some((v, i) => Math.abs(v - (bias[i] as number)) > 0.05)).toBe(true);
    const same = (name: string) => Buffer.from(initialTensor(arch, name, { offsetNoise: 0.5 }).data.buffer).equals(Buffer.from(initialTensor(arch, name).data.buffer));
    expect(same('model.8.m.0.cv2.conv.0.weight')).toBe(true);
    expect(same('model.24.m.0.bias')).toBe(true);
  });
});

describe('untrained forward pass', () => {
  beforeAll(() => useNodeBackend('wasm'));
  afterAll(() => tf.disposeVariables());

  it.each(['seed-det-n', 'seed-seg-n', 'ldconv-n'] as const)('%s runs at 64x64 and frees its tensors', (id) => {
    const before = tf.memory().numTensors;
    const config = untrainedConfig(id);
    const model = YoloModel.load(config, initialWeights(buildArchitecture(config)));
    const x = tf.fill([1, 64, 64, 3], 0.5) as tf.Tensor4D;
    const out = model.forward(x);
    expect(out.pred.shape).toEqual([1, 3 * (8 * 8 + 4 * 4 + 2 * 2), id === 'seed-seg-n' ? 117 : 85]);
    const values = out.pred.dataSync();
    expect(values.every(Number.isFinite)).toBe(true);
    tf.dispose([x, out.pred, out.proto ?? []]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('perturbing the offsets moves the sampling positions; noise 0 gives back the initial model; no tensor leaks', () => {
    const config = untrainedConfig('seed-det-n');
    const model = YoloModel.load(config, initialWeights(buildArchitecture(config)));
    const x = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    // The sampling positions of the seed's AKConv (layer 8); the untrained features reaching it are tiny (see README), so its bias moves them.
    const run = () => {
      const out = model.forward(x, { capture: ['model.8.m.0.cv2'] });
      const p = out.positions?.get('model.8.m.0.cv2');
      const v = p?.dataSync().slice() ?? new Float32Array();
      tf.dispose([out.pred, out.proto ?? [], p ?? []]);
      return v;
    };
    const initial = run();
    const count = tf.memory().numTensors;
    model.setOffsetNoise(0.5);
    const perturbed = run();
    expect(tf.memory().numTensors).toBe(count);
    expect(perturbed.some((v, i) => Math.abs(v - (initial[i] as number)) > 0.05)).toBe(true);
    model.setOffsetNoise(0);
    expect(Buffer.from(run().buffer).equals(Buffer.from(initial.buffer))).toBe(true);
    x.dispose();
    model.dispose();
  });
});
