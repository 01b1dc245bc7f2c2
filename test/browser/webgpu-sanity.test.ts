/**
 * Runs cases/sanity.ts in headless Chromium on tfjs-webgpu and compares it with
 * the same code on the tfjs cpu backend in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeSanity, type SanityResult } from './cases/sanity';
import type * as SanityCase from './cases/sanity';
import { useHarness } from './use-harness';

const TOLERANCE = 1e-4;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return max;
}

describe('tfjs on WebGPU in headless Chromium', () => {
  const browser = useHarness();
  let reference: SanityResult;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    reference = await computeSanity();
    // Guard against a vacuous comparison (e.g. everything zero).
    for (const [name, { values }] of Object.entries(reference)) {
      expect(Math.max(...values.map(Math.abs)), name).toBeGreaterThan(0.1);
    }
  });

  it('runs on the webgpu backend', () => {
    const info = browser().info;
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    expect(info.backend).toBe('webgpu');
    // SwiftShader here; a real GPU elsewhere. Logged for the record.
    console.info('WebGPU adapter:', JSON.stringify({ ...info.adapter, features: info.adapter.features.length }));
  });

  it('matches the cpu backend to 1e-4 (conv2d, gather, resizeNearestNeighbor, maxPool, SiLU)', async () => {
    const sanity = browser().module<typeof SanityCase>('/test/browser/cases/sanity.ts');
    const { backend, outputs } = await sanity('runSanity');
    expect(backend).toBe('webgpu');
    expect(browser().lastStats?.backend).toBe('webgpu');
    expect(browser().lastStats?.numTensorsAfter).toBe(browser().lastStats?.numTensorsBefore);
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(reference).sort());
    for (const [name, expected] of Object.entries(reference)) {
      const actual = outputs[name];
      expect(actual, name).toBeDefined();
      if (actual === undefined) continue;
      expect(actual.shape, name).toEqual(expected.shape);
      expect(actual.values, name).toBeInstanceOf(Float32Array);
      expect(actual.values.length, name).toBe(expected.values.length);
      expect(maxAbsDiff(actual.values, expected.values), name).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
