import { existsSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint, CheckpointStage } from '../../src/io/checkpoint';
import { readCheckpoint } from '../../src/io/checkpoint';
import type { WeightMap } from '../../src/io/tensor';
import type { ModelConfig } from '../../src/model/config';
import { parseConfigYaml } from '../../src/model/config';
import { YoloModel } from '../../src/model/yolo';
import { readFixtureBytes, readFixtureSafetensors, readFixtureText } from '../helpers/fixtures';
import { useNodeBackend } from '../helpers/node-backends';

const REAL_PT = new URL('../../../shared/weights/yolov5n.pt', import.meta.url);

/** Same names in the same order, same shapes, bit-identical float32 values. */
function expectSameWeights(got: WeightMap, want: WeightMap): void {
  expect([...got.keys()]).toEqual([...want.keys()]);
  for (const [name, w] of want) {
    const g = got.get(name)!;
    expect(g.shape, name).toEqual(w.shape);
    expect(g.data.length, name).toBe(w.data.length);
    const a = new Uint32Array(g.data.buffer, g.data.byteOffset, g.data.length);
    const b = new Uint32Array(w.data.buffer, w.data.byteOffset, w.data.length);
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    expect(diff, `${name}: values that differ`).toBe(0);
  }
}

/** The expected safetensors, read through readCheckpoint too: its metadata is refcli's model_metadata. */
async function expected(file: string): Promise<Checkpoint> {
  return readCheckpoint(readFixtureBytes(`checkpoints/${file}`));
}

const minimalConfig = (): ModelConfig => parseConfigYaml(readFixtureText('checkpoints/minimal.yaml'));

const CASES = [
  { file: 'yolov5n_tiny.pt', want: 'yolov5n_tiny.expected.safetensors', source: 'model', names: ['cat', 'dog', 'bird'], convention: null, head: 'Detect' },
  { file: 'c3akconv_tiny.pt', want: 'c3akconv_tiny.expected.safetensors', source: 'ema', names: ['a', 'b', 'c'], convention: 'ij', head: 'Detect' },
  { file: 'seg_tiny.pt', want: 'seg_tiny.expected.safetensors', source: 'model', names: ['cat', 'dog', 'bird'], convention: null, head: 'Segment' },
] as const;

describe('readCheckpoint: YOLOv5 .pt files (whole pickled models, float16)', () => {
  it.each(CASES)('$file: the state dict torch gives, config, names, strides', async ({ file, want, source, names, convention, head }) => {
    const ckpt = await readCheckpoint(readFixtureBytes(`checkpoints/${file}`));
    const ref = await expected(want);
    expect(ckpt.format).toBe('pt');
    expect(ckpt.source).toBe(source);
    expect(ckpt.config).toEqual(ref.config);
    expect(ckpt.config.nc).toBe(3);
    expect(ckpt.config.widthMultiple).toBe(0.03125);
    expect(ckpt.config.head.at(-1)?.module).toBe(head);
    expect(ckpt.names).toEqual(names);
    expect(ckpt.strides).toEqual([8, 16, 32]);
    expect(ckpt.convention).toBe(convention);
    expectSameWeights(ckpt.weights, ref.weights);
  });

  it('takes ema over model (c3akconv_tiny.pt holds another architecture under model)', async () => {
    const ckpt = await readCheckpoint(readFixtureBytes('checkpoints/c3akconv_tiny.pt'));
    expect(ckpt.config.backbone.some((r) => r.module === 'C3_AKConv') || ckpt.config.head.some((r) => r.module === 'C3_AKConv')).toBe(true);
    expect([...ckpt.weights.keys()].filter((k) => k.includes('p_conv')).length).toBeGreaterThan(0);
  });

  it('reports progress through the stages and yields to the event loop', async () => {
    const seen: [number, CheckpointStage][] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await readCheckpoint(readFixtureBytes('checkpoints/seg_tiny.pt'), { onProgress: (f, s) => seen.push([f, s]) });
    clearInterval(timer);
    const stages = seen.map(([, s]) => s);
    expect(stages[0]).toBe('unzip');
    expect(stages).toContain('unpickle');
    expect(stages).toContain('tensors');
    expect(seen.at(-1)).toEqual([1, 'done']);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
    expect(seen.filter(([, s]) => s === 'tensors').length).toBeGreaterThan(3); // 300 tensors, a report every 64
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('readCheckpoint: weights-only files', () => {
  it('a bare state dict (float32, with num_batches_tracked) with the config given', async () => {
    const ckpt = await readCheckpoint(readFixtureBytes('checkpoints/minimal.state_dict.pt'), { config: minimalConfig() });
    expect(ckpt.source).toBe('state_dict');
    expect(ckpt.config).toEqual(minimalConfig());
    expect(ckpt.names).toEqual(['0', '1', '2']);
    expect(ckpt.strides).toBeNull();
    expect(ckpt.convention).toBeNull();
    expect([...ckpt.weights.keys()].some((k) => k.endsWith('num_batches_tracked'))).toBe(false);
    expectSameWeights(ckpt.weights, (await expected('minimal.expected.safetensors')).weights);
  });

  it("a state dict under 'model' (float16), with the config given", async () => {
    const ckpt = await readCheckpoint(readFixtureBytes('checkpoints/bad/weights_only.pt'), { config: minimalConfig() });
    expect(ckpt.source).toBe('state_dict');
    const want = (await expected('minimal.expected.safetensors')).weights;
    expect([...ckpt.weights.keys()]).toEqual([...want.keys()]);
    // float16 copies of the float32 weights: equal to float16 precision.
    for (const [name, w] of want) {
      const g = ckpt.weights.get(name)!;
      for (let i = 0; i < w.data.length; i++) expect(Math.abs(g.data[i]! - w.data[i]!)).toBeLessThanOrEqual(Math.abs(w.data[i]!) * 1e-3 + 1e-7);
    }
  });

  it('a safetensors file without config, with the config given', async () => {
    const ckpt = await readCheckpoint(readFixtureBytes('checkpoints/bad/weights_only.safetensors'), { config: minimalConfig() });
    expect(ckpt.format).toBe('safetensors');
    expect(ckpt.weights.size).toBe(57);
  });

  it("the file's own config wins over opts.config", async () => {
    const ckpt = await readCheckpoint(readFixtureBytes('checkpoints/yolov5n_tiny.pt'), { config: minimalConfig() });
    expect(ckpt.config.widthMultiple).toBe(0.03125);
  });
});

describe('readCheckpoint: safetensors files', () => {
  it('reads the config, names, strides and indexing from the metadata', async () => {
    const ckpt = await readCheckpoint(readFixtureBytes('models/yolov5n.f16.safetensors'));
    expect(ckpt.format).toBe('safetensors');
    expect(ckpt.source).toBe('safetensors');
    expect(ckpt.names).toHaveLength(80);
    expect(ckpt.names[0]).toBe('person');
    expect(ckpt.strides).toEqual([8, 16, 32]);
    expect(ckpt.convention).toBe('xy');
    expect(ckpt.weights.size).toBe(293);
  });
});

describe('the weights fit the model', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it.each([
    ['yolov5n_tiny.pt', undefined],
    ['c3akconv_tiny.pt', undefined],
    ['seg_tiny.pt', undefined],
    ['minimal.state_dict.pt', 'minimal'],
    ['bad/weights_only.pt', 'minimal'],
  ] as const)('YoloModel.load(%s) succeeds and runs', async (file, cfg) => {
    const ckpt = await readCheckpoint(readFixtureBytes(`checkpoints/${file}`), cfg ? { config: minimalConfig() } : {});
    const before = tf.memory().numTensors;
    const model = YoloModel.load(ckpt.config, ckpt.weights, { convention: ckpt.convention ?? 'xy' });
    const input = tf.fill([1, 64, 64, 3], 0.5) as tf.Tensor4D;
    const out = model.forward(input);
    expect(out.pred.shape).toEqual([1, 3 * (8 * 8 + 4 * 4 + 2 * 2), model.isSegmentation ? 3 + 5 + 32 : 3 + 5]);
    expect(Array.from(await out.pred.data()).every(Number.isFinite)).toBe(true);
    out.pred.dispose();
    out.proto?.dispose();
    input.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(!existsSync(REAL_PT))('the official yolov5n.pt (opt-in: needs ../shared)', () => {
  it('(opt-in: needs ../shared) every tensor equals test/fixtures/models/yolov5n.f16.safetensors exactly', async () => {
    const bytes = new Uint8Array(readFileSync(REAL_PT));
    const t0 = performance.now();
    const ckpt = await readCheckpoint(bytes);
    const ms = performance.now() - t0;
    const want = readFixtureSafetensors('models/yolov5n.f16.safetensors');
    console.log(`yolov5n.pt (${(bytes.byteLength / 1e6).toFixed(1)} MB): read in ${ms.toFixed(0)} ms`);
    expect(ckpt.source).toBe('model');
    expect(ckpt.config.nc).toBe(80);
    expect(ckpt.names).toEqual(JSON.parse(want.metadata['names']!));
    expect(ckpt.strides).toEqual([8, 16, 32]);
    expect(ckpt.weights.size).toBe(293);
    expect(ckpt.config).toEqual((await readCheckpoint(readFixtureBytes('models/yolov5n.f16.safetensors'))).config);
    expectSameWeights(ckpt.weights, want.tensors);
  });
});
