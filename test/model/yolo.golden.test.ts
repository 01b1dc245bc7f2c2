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
