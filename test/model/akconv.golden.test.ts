import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernels } from '../../src/model/kernels/fused';
import type { AkconvGoldenEntry } from '../cases/akconv-golden';
import { runAkconvGolden } from '../cases/akconv-golden';
import { readFixtureSafetensors, readFixtureText } from '../helpers/fixtures';
import { NODE_BACKENDS, useNodeBackend } from '../helpers/node-backends';

const index = JSON.parse(readFixtureText('akconv/index.json')) as AkconvGoldenEntry[];

// 'fused': the default (AKConv's sampling as one loop over host memory); 'composed': the reference tfjs ops.
const PATHS = NODE_BACKENDS.flatMap((backend) => [[backend, 'fused'] as const, [backend, 'composed'] as const]);

describe.each(PATHS)('AKConv golden cases on the %s backend, %s sampling', (backend, path) => {
  beforeAll(async () => {
    await useNodeBackend(backend);
    setFusedKernels(path === 'fused');
  });

  afterAll(() => setFusedKernels(true));

  it('has all 88 reference cases', () => {
    expect(index).toHaveLength(88);
  });

  it.each(index.map((e) => [e.file, e] as const))('%s matches PyTorch to 1e-4 (absolute below 1, relative above)', async (_, entry) => {
    expect(tf.getBackend()).toBe(backend);
    const before = tf.memory().numTensors;
    const r = await runAkconvGolden(readFixtureSafetensors(`akconv/${entry.file}`), entry);
    expect(r.positions.maxScaled).toBeLessThanOrEqual(1e-4);
    expect(r.output.maxScaled).toBeLessThanOrEqual(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
