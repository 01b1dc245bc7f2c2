import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_WEIGHTS, MODEL_GOLDEN_CASES, runModelGolden } from '../cases/model-golden';
import { readFixtureSafetensors } from '../helpers/fixtures';
import { NODE_BACKENDS, useNodeBackend } from '../helpers/node-backends';

/** float32 through ~60 layers: |ours - reference| <= TOL * (1 + |reference|). */
const TOL = 1e-4;

describe.each(NODE_BACKENDS)('whole model against the PyTorch reference on the %s backend', (backend) => {
  const base = readFixtureSafetensors(BASE_WEIGHTS);

  beforeAll(async () => {
    await useNodeBackend(backend);
  });

  it.each(MODEL_GOLDEN_CASES)('$name: decoded predictions, protos and layer outputs', async ({ overlay, forward, convention }) => {
    expect(tf.getBackend()).toBe(backend);
    const before = tf.memory().numTensors;
    const golden = readFixtureSafetensors(forward);
    const r = await runModelGolden(base, overlay ? readFixtureSafetensors(overlay) : undefined, golden, convention);
    console.log(backend, forward, 'pred', r.pred.maxAbs, r.pred.maxScaled, 'proto', r.proto?.maxScaled, 'worst layer', Math.max(0, ...Object.values(r.layers).map((d) => d.maxScaled)));
    expect(r.predShape).toEqual(golden.tensors.get('pred')?.shape);
    expect(r.pred.maxScaled).toBeLessThanOrEqual(TOL);
    if (golden.tensors.has('proto')) expect(r.proto?.maxScaled).toBeLessThanOrEqual(TOL);
    for (const [name, d] of Object.entries(r.layers)) expect(d.maxScaled, name).toBeLessThanOrEqual(TOL);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the convention matters', () => {
  it('the ij checkpoint run with the xy grid does not match the ij reference', async () => {
    await useNodeBackend('wasm');
    const base = readFixtureSafetensors(BASE_WEIGHTS);
    const ijCase = MODEL_GOLDEN_CASES.find((c) => c.convention === 'ij' && c.overlay)!;
    const r = await runModelGolden(base, readFixtureSafetensors(ijCase.overlay!), readFixtureSafetensors(ijCase.forward), 'xy');
    expect(r.layers['layer.7']?.maxScaled).toBeLessThanOrEqual(TOL); // before the first AKConv: identical
    expect(r.layers['layer.8']?.maxScaled).toBeGreaterThan(0.01);
    expect(r.pred.maxScaled).toBeGreaterThan(0.01);
  });
});

describe('capturing sampling positions for the offsets panel', () => {
  it('returns an AKConv site\'s positions (learned, non-zero offsets) without leaking', async () => {
    await useNodeBackend('cpu');
    const { composeWeights } = await import('../cases/model-golden');
    const { configFromObject } = await import('../../src/model/config');
    const { YoloModel } = await import('../../src/model/yolo');
    const c = MODEL_GOLDEN_CASES.find((k) => k.convention === 'ij' && k.overlay)!;
    const { weights, metadata } = composeWeights(readFixtureSafetensors(BASE_WEIGHTS), readFixtureSafetensors(c.overlay!));
    const before = tf.memory().numTensors;
    const model = YoloModel.load(configFromObject(JSON.parse(metadata['config']!)), weights, { convention: 'ij' });
    const [site] = model.akconvSites();
    expect(site).toMatchObject({ layerIndex: 8, name: 'model.8.m.0.cv2', inputStride: 32 });
    const x = tf.randomUniform<tf.Rank.R4>([1, 96, 160, 3], 0, 1, 'float32', 3);
    const out = model.forward(x, { capture: [site!.name], layers: true });
    const p = out.positions?.get(site!.name);
    expect(p?.shape).toEqual([1, 3, 5, 6]);
    // The captured positions differ from the bare grid p_0 + p_n: the checkpoint's offsets are not zero.
    const data = await p!.data();
    expect(data.every(Number.isFinite)).toBe(true);
    const { basePlusShape } = await import('../../src/model/geometry');
    const grid = basePlusShape(3, 5, 1, 'ij', site!.layer.initialShape);
    expect(Math.max(...data.map((v, i) => Math.abs(v - grid[i]!)))).toBeGreaterThan(0.01);
    tf.dispose([x, out.pred, p!, ...out.layers!.values()]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
