/** The grid panel's badge follows the live model the engine reports, not the view's convention setting. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/state/settings';
import { SamplingGridPanel } from '../../../src/ui/grid';
import type { LiveModel } from '../../../src/ui/grid/live-model';
import { LiveModelContext } from '../../../src/ui/grid/live-model';

function render(live: LiveModel): string {
  return renderToStaticMarkup(createElement(LiveModelContext.Provider, { value: live }, createElement(SamplingGridPanel)));
}

/** The convention names of the figures that carry the badge. */
function badged(html: string): string[] {
  return [...html.matchAll(/<figure class="sg-figure sg-active"><figcaption><strong>([^<]+)<\/strong>/g)].map((m) => m[1] ?? '');
}

const SITES = [{ name: 'model.8.m.0.cv2', layerIndex: 8, numParam: 3, inputStride: 16, akconvStride: 1 }];

describe('the live model in the sampling-grid panel', () => {
  it("badges the live model's convention in both views, whatever the view's setting says", () => {
    expect(DEFAULT_SETTINGS.convention).toBe('ij');
    const xy = badged(render({ convention: 'xy', sites: SITES }));
    const ij = badged(render({ convention: 'ij', sites: SITES }));
    expect(xy).toHaveLength(2);
    expect(ij).toHaveLength(2);
    expect(new Set(xy).size).toBe(1);
    expect(xy[0]).not.toBe(ij[0]);
  });

  it('shows no badge while no model is loaded or when it has no AKConv', () => {
    expect(badged(renderToStaticMarkup(createElement(SamplingGridPanel)))).toEqual([]);
    expect(badged(render({ convention: null, sites: [] }))).toEqual([]);
  });
});
