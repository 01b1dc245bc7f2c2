/**
 * The explainer's step views rendered to static markup in Node: every step
 * renders the trace's own numbers, the clamping step names a clamped sample,
 * and the step list matches the URL's range.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ExplainSource } from '../../../src/detect/akconv-explain';
import { explainPixel } from '../../../src/detect/akconv-explain';
import { LIMITS } from '../../../src/state/settings';
import { ExplainMap } from '../../../src/ui/explain/ExplainMap';
import { num } from '../../../src/ui/explain/format';
import { StepNumbers } from '../../../src/ui/explain/StepNumbers';
import { EXPLAIN_STEPS } from '../../../src/ui/explain/steps';

/** A 3 x 3 map of 2 channels, N = 2 (the second sample pushed 5 rows down, outside the map), 3 outputs. */
function source(): ExplainSource {
  const data = new Float32Array(18).map((_, k) => (k % 7) / 7 - 0.3);
  const offsetKernel = new Float32Array(3 * 3 * 2 * 4).map((_, k) => ((k % 5) - 2) / 50);
  return {
    geometry: { site: 'model.8.m.0.cv2', layerIndex: 8, inputStride: 16, convention: 'ij', akconvStride: 1, shape: [{ row: 0, col: 0 }, { row: 0, col: 1 }], n: 2 },
    map: { data, h: 3, w: 3, c: 2 },
    weights: {
      kernelSize: [3, 3],
      channelsIn: 2,
      channelsOut: 3,
      numParam: 2,
      offsetKernel,
      offsetBias: new Float32Array([0.25, 5, -0.4, 0.1]),
      mixKernel: new Float32Array(12).map((_, k) => (k - 6) / 10),
      mixBias: new Float32Array([0.1, -0.2, 0.3]),
    },
  };
}

const unescape = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('the explainer steps', () => {
  const trace = explainPixel(source(), [1, 1]);

  it('has one view per step of the URL range, (a) to (g)', () => {
    expect(EXPLAIN_STEPS).toHaveLength(LIMITS.explainStep.max - LIMITS.explainStep.min + 1);
    expect(EXPLAIN_STEPS.map((s) => s.letter).join('')).toBe('abcdefg');
  });

  it('renders every step, map and numbers, from the trace', () => {
    for (let step = 0; step < EXPLAIN_STEPS.length; step++) {
      const html = unescape(renderToStaticMarkup(createElement('div', null, createElement(ExplainMap, { trace, step }), createElement(StepNumbers, { trace, step }))));
      expect(html).toContain('<svg');
      if (step === 0) expect(html).toContain(`p₀ = <strong data-testid="explain-base">(1, 1)</strong>`);
      if (step === 2) expect(html).toContain(num(trace.offsets[0]!, 4));
      if (step === 6) for (const v of trace.output) expect(html).toContain(num(v, 4));
    }
  });

  it('names the clamped sample and its weight-2 border read in the clamping step', () => {
    const clamped = trace.samples[1]!;
    expect(clamped.outside.row).toBe(true);
    const html = unescape(renderToStaticMarkup(createElement(StepNumbers, { trace, step: 3 })));
    expect(html).toMatch(/data-testid="explain-clamp">Sample 1 is outside the 3 × 3 map: clamped, border read with weight 2 per clamped axis: row \(reads row 2\)/);
    expect(html).toContain('1 of 2 samples are clamped');
  });
});
