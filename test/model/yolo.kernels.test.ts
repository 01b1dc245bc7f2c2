/**
 * The kernels one forward pass launches (tf.profile): none may take an input
 * of rank 5 or more, because tfjs-wasm has no fast path above rank 4 (a 5-D
 * split in the Detect head once took most of the forward pass).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_WEIGHTS, composeWeights, MODEL_GOLDEN_CASES } from '../cases/model-golden';
import { configFromObject } from '../../src/model/config';
import { YoloModel } from '../../src/model/yolo';
import { readFixtureSafetensors } from '../helpers/fixtures';
import { NODE_BACKENDS, useNodeBackend } from '../helpers/node-backends';

/** The kernels of one forward pass at 64 x 96 whose inputs have rank 5 or more, as `Name(shapes)`. */
async function highRankKernels(caseIndex: number): Promise<{ kernels: number; offenders: string[] }> {
  const c = MODEL_GOLDEN_CASES[caseIndex]!;
  const { weights, metadata } = composeWeights(readFixtureSafetensors(BASE_WEIGHTS), c.overlay ? readFixtureSafetensors(c.overlay) : undefined);
  const model = YoloModel.load(configFromObject(JSON.parse(metadata['config']!)), weights, { convention: c.convention });
  const x = tf.randomUniform<tf.Rank.R4>([1, 64, 96, 3], 0, 1, 'float32', 1);
  let outputs: tf.Tensor[] = [];
  try {
    const profile = await tf.profile(() => {
      const out = model.forward(x);
      outputs = [out.pred, ...(out.proto ? [out.proto] : [])];
      return outputs;
    });
    const offenders = profile.kernels
      .filter((k) => k.inputShapes.some((s) => (s?.length ?? 0) >= 5))
      .map((k) => `${k.name}(${k.inputShapes.map((s) => `[${s?.join(',') ?? ''}]`).join(' ')})`);
    return { kernels: profile.kernels.length, offenders };
  } finally {
    tf.dispose([x, ...outputs]);
    model.dispose();
  }
}

describe.each(NODE_BACKENDS)('no kernel of rank 5 or more on the %s backend', (backend) => {
  beforeAll(async () => {
    await useNodeBackend(backend);
  });

  it.each(MODEL_GOLDEN_CASES.map((c, i) => [c.name, i] as const))('%s: every kernel of a forward pass has inputs of rank <= 4', async (_, i) => {
    expect(tf.getBackend()).toBe(backend);
    const before = tf.memory().numTensors;
    const { kernels, offenders } = await highRankKernels(i);
    expect(kernels).toBeGreaterThan(100);
    expect(offenders, `rank-5 kernels: ${offenders.join(', ')}`).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
