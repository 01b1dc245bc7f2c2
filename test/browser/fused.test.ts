/**
 * The model's fused GPU code (src/model/kernels: AKConv's sampling, the
 * Detect decode, conv + bias + SiLU in one program) in headless Chromium:
 * it matches the composed tfjs ops it replaces, and it keeps a forward pass
 * of the default model within its dispatch budget; the WebGL versions are
 * checked the same way on the webgl backend. (The golden checks in
 * golden.test.ts run with it on, the default.)
 */
import { describe, expect, it } from 'vitest';
import type * as FusedCases from './cases/fused';
import { useHarness } from './use-harness';

const TOL = 1e-4;
/** Issue 9's budget for one forward pass of the default model on WebGPU, and for its AKConv layer. */
const FORWARD_BUDGET = 200;
const AKCONV_BUDGET = 5;
/** Small inputs: WebGPU here is SwiftShader on the CPU. */
const SIZE: [number, number] = [64, 96];

describe('fused GPU programs', () => {
  const browser = useHarness();
  const run = () => browser().module<typeof FusedCases>('/test/browser/cases/fused.ts');

  it('AKConv sampling in one program matches the composed ops (both conventions, far custom shapes read clamped borders)', async () => {
    const { cases, leaked } = await run()('compareAkconvPaths');
    expect(browser().lastStats?.backend).toBe('webgpu');
    expect(cases.length).toBeGreaterThan(8);
    for (const c of cases) {
      expect(c.largest, c.name).toBeGreaterThan(0.01);
      expect(c.output.maxScaled, c.name).toBeLessThanOrEqual(TOL);
    }
    const far = cases.filter((c) => c.name.includes('far'));
    expect(far.length).toBeGreaterThan(0);
    for (const c of far) expect(c.outside, `${c.name}: share of samples outside the map`).toBeGreaterThan(0.3);
    console.info('worst fused vs composed AKConv', Math.max(...cases.map((c) => c.output.maxScaled)));
    expect(leaked).toBe(0);
  });

  it('the default model\'s forward pass matches the composed ops under ij, xy and a custom shape', async () => {
    const { results, leaked } = await run()('compareModelPaths', SIZE);
    expect(results.map((r) => r.name)).toEqual(['ij', 'xy', 'ij, custom far shape']);
    for (const r of results) {
      console.info('fused vs composed model', r.name, 'pred', r.pred.maxScaled, 'positions', r.positions.maxScaled);
      expect(r.largest, r.name).toBeGreaterThan(1);
      expect(r.pred.maxScaled, r.name).toBeLessThanOrEqual(TOL);
      expect(r.positions.maxScaled, r.name).toBeLessThanOrEqual(TOL);
    }
    expect(leaked).toBe(0);
  });

  it(`a forward pass of the default model launches at most ${FORWARD_BUDGET} dispatches, its AKConv at most ${AKCONV_BUDGET}`, async () => {
    const counts = await run()('countForwardDispatches', SIZE);
    console.info('dispatches per forward', JSON.stringify(counts));
    expect(counts.fused.forward).toBeLessThanOrEqual(FORWARD_BUDGET);
    expect(counts.fused.akconv).toBeLessThanOrEqual(AKCONV_BUDGET);
    // The counter sees the composed path's extra dispatches, so it is counting what the model launches.
    expect(counts.composed.akconv).toBeGreaterThan(counts.fused.akconv);
  });

  it('on WebGL the same programs (GLSL) match the composed ops, launch fewer draws, and the Segment model matches PyTorch', async () => {
    const { akconv, model, draws, segment } = await run()('compareOnWebgl', SIZE);
    expect(browser().lastStats?.backend).toBe('webgpu');
    for (const c of akconv.cases) expect(c.output.maxScaled, `webgl ${c.name}`).toBeLessThanOrEqual(TOL);
    expect(akconv.cases.filter((c) => c.name.includes('far')).every((c) => c.outside > 0.3)).toBe(true);
    for (const r of model.results) {
      console.info('webgl fused vs composed model', r.name, 'pred', r.pred.maxScaled, 'positions', r.positions.maxScaled);
      expect(r.pred.maxScaled, `webgl ${r.name}`).toBeLessThanOrEqual(TOL);
      expect(r.positions.maxScaled, `webgl ${r.name}`).toBeLessThanOrEqual(TOL);
    }
    console.info('webgl draws per forward', JSON.stringify(draws));
    expect(draws.fused.forward).toBeLessThan(draws.composed.forward);
    expect(draws.fused.akconv).toBeLessThan(draws.composed.akconv);
    expect(akconv.leaked + model.leaked).toBe(0);
    // The Segment head's decode (raw mask coefficients) and protos against PyTorch, on WebGL.
    console.info('webgl Segment golden pred', segment.pred.maxScaled, 'proto', segment.proto?.maxScaled);
    expect(segment.pred.maxScaled).toBeLessThanOrEqual(TOL);
    expect(segment.proto?.maxScaled).toBeLessThanOrEqual(TOL);
    for (const [name, d] of Object.entries(segment.layers)) expect(d.maxScaled, `webgl Segment ${name}`).toBeLessThanOrEqual(TOL);
  });
});
