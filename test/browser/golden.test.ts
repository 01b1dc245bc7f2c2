/**
 * The golden checks of test/model, repeated on tfjs-webgpu in headless
 * Chromium (SwiftShader here, so small inputs: the whole-model cases run at
 * 96 x 160).
 */
import { describe, expect, it } from 'vitest';
import { MODEL_GOLDEN_CASES } from '../cases/model-golden';
import type * as GoldenCases from './cases/golden';
import { useHarness } from './use-harness';

const TOL = 1e-4;

describe('golden data on WebGPU', () => {
  const browser = useHarness();

  it('all 88 AKConv / C3_AKConv cases match PyTorch to 1e-4', async () => {
    const run = browser().module<typeof GoldenCases>('/test/browser/cases/golden.ts');
    const { results, leaked } = await run('runAkconvCases');
    expect(browser().lastStats?.backend).toBe('webgpu');
    expect(results).toHaveLength(88);
    for (const r of results) {
      expect(r.output.maxScaled, `${r.file} output`).toBeLessThanOrEqual(TOL);
      expect(r.positions.maxScaled, `${r.file} positions`).toBeLessThanOrEqual(TOL);
    }
    expect(leaked).toBe(0);
  });

  it.each(MODEL_GOLDEN_CASES.map((c, i) => [c.name, i] as const))('%s: predictions, protos and layers match', async (_, i) => {
    const run = browser().module<typeof GoldenCases>('/test/browser/cases/golden.ts');
    const r = await run('runModelCase', i);
    console.info('webgpu', r.name, 'pred', r.pred.maxScaled, 'proto', r.proto?.maxScaled ?? '-');
    expect(r.backend).toBe('webgpu');
    expect(r.pred.maxScaled).toBeLessThanOrEqual(TOL);
    if (MODEL_GOLDEN_CASES[i]?.forward.includes('seg')) expect(r.proto?.maxScaled).toBeLessThanOrEqual(TOL);
    for (const [name, d] of Object.entries(r.layers)) expect(d.maxScaled, name).toBeLessThanOrEqual(TOL);
    expect(r.leaked).toBe(0);
  });

  it('after the app\'s warm-up (WebGPU compile-only pass, then a run) the C3_AKConv model still matches', async () => {
    const run = browser().module<typeof GoldenCases>('/test/browser/cases/golden.ts');
    const r = await run('runModelCaseAfterWarmUp', 2);
    expect(r.backend).toBe('webgpu');
    expect(r.shadersFirst).toBe(true);
    expect(r.pred.maxScaled).toBeLessThanOrEqual(TOL);
    for (const [name, d] of Object.entries(r.layers)) expect(d.maxScaled, name).toBeLessThanOrEqual(TOL);
    expect(r.leaked).toBe(0);
  });
});
