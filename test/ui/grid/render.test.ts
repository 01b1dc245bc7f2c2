/**
 * The panels rendered to static markup in Node (react-dom/server, no DOM):
 * they render for every setting they accept, and draw what layout.ts computes.
 * Store-bound panels render with the store's defaults (server snapshots).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { initialShape } from '../../../src/model/geometry';
import { DEFAULT_SETTINGS } from '../../../src/state/settings';
import {
  BaseGridFigure,
  InitialShapeFigure,
  InitialShapeRuleText,
  ParamsPlot,
  SamplingGridPanel,
  ShapeDrawing,
} from '../../../src/ui/grid';
import { baseGridCaption } from '../../../src/ui/grid/base-grid-layout';
import { paramsChart } from '../../../src/ui/grid/params-chart-layout';
import { cellGrid, initialShapeRule } from '../../../src/ui/grid/shape-layout';
import { OFFICIAL_N5_SHAPES, presetPoints } from '../../../src/ui/grid/presets';

const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;
const unescape = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** (x, y, label) of the numbered points of a ShapeDrawing. */
function drawnPoints(html: string): { x: number; y: number; label: number }[] {
  const out: { x: number; y: number; label: number }[] = [];
  const re = /<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><\/circle><text[^>]*>(\d+)<\/text>/g;
  for (const m of html.matchAll(re)) out.push({ x: Number(m[1]), y: Number(m[2]), label: Number(m[3]) });
  return out;
}

describe('rendered panels', () => {
  it('InitialShapeFigure draws initialShape(N, convention), numbered in order, for N = 1..64', () => {
    for (let n = 1; n <= 64; n++) {
      for (const convention of ['xy', 'ij'] as const) {
        const html = renderToStaticMarkup(createElement(InitialShapeFigure, { numParam: n, convention }));
        const drawn = drawnPoints(html);
        expect(drawn.map((p) => p.label)).toEqual(Array.from({ length: n }, (_, i) => i));
        // Cell 36, pad 20 (InitialShapeView's sizes): back from SVG units to (row, col).
        const cells = drawn.map((p) => ({ row: (p.y - 20) / 36 - 0.5, col: (p.x - 20) / 36 - 0.5 }));
        expect(cells).toEqual(initialShape(n, convention));
      }
    }
  });

  it('marks the live convention and prints the rule for N', () => {
    const html = renderToStaticMarkup(createElement(InitialShapeFigure, { numParam: 7, convention: 'ij', active: true }));
    expect(html).toContain('live model');
    const rule = unescape(renderToStaticMarkup(createElement(InitialShapeRuleText, { numParam: 7 })));
    for (const line of initialShapeRule(7).lines) expect(rule).toContain(line);
  });

  it('BaseGridFigure labels every cell once and captions the shape', () => {
    for (const [h, w] of [[1, 1], [4, 4], [4, 6], [3, 5], [16, 16], [1, 9]] as const) {
      for (const convention of ['xy', 'ij'] as const) {
        const html = unescape(renderToStaticMarkup(createElement(BaseGridFigure, { rows: h, cols: w, convention })));
        expect(count(html, /<g class="sg-base/g)).toBe(h * w);
        expect(html).toContain(baseGridCaption(h, w, convention));
        for (const m of html.matchAll(/marker-end="([^"]*)"/g)) expect(m[1]).toMatch(/^url\(#sg-[A-Za-z0-9_-]+-arrow\)$/);
      }
    }
    const xy = renderToStaticMarkup(createElement(BaseGridFigure, { rows: 4, cols: 4, convention: 'xy' }));
    expect(count(xy, /<line [^>]*marker-end/g)).toBe(12);
    const ij = renderToStaticMarkup(createElement(BaseGridFigure, { rows: 4, cols: 4, convention: 'ij' }));
    expect(count(ij, /marker-end/g)).toBe(0);
    const off = renderToStaticMarkup(createElement(BaseGridFigure, { rows: 4, cols: 4, convention: 'xy', arrows: false }));
    expect(count(off, /marker-end/g)).toBe(0);
  });

  it('ParamsPlot draws both series and the current N', () => {
    const chart = paramsChart(5, 64);
    const html = unescape(renderToStaticMarkup(createElement(ParamsPlot, { chart })));
    expect(html).toContain(`d="${chart.akconvPath}"`);
    expect(html).toContain(`d="${chart.stepPath}"`);
    expect(html).toContain('N = 5: 26.3k');
    expect(count(html, /<rect /g)).toBe(8);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="sg-[^"]+-title sg-[^"]+-desc"/);
  });

  it('ShapeDrawing draws each official preset in its official order', () => {
    for (const preset of OFFICIAL_N5_SHAPES) {
      const grid = cellGrid(presetPoints(preset), { cell: 16, pad: 3, minRows: 5, minCols: 5 });
      const html = renderToStaticMarkup(createElement(ShapeDrawing, { grid, title: preset.label, decorative: true }));
      expect(html).toContain('aria-hidden="true"');
      expect(drawnPoints(html).map((p) => ({ row: (p.y - 3) / 16 - 0.5, col: (p.x - 3) / 16 - 0.5 }))).toEqual(presetPoints(preset));
    }
  });

  it('SamplingGridPanel renders every part with the default settings', () => {
    const html = unescape(renderToStaticMarkup(createElement(SamplingGridPanel)));
    expect(html).toContain("<h2");
    expect(html).toContain("AKConv's sampling grid");
    for (const heading of ['Initial shape p_n', 'Official N = 5 shapes', 'Draw your own shape', 'Base grid p_0', 'Parameters against kernel size']) {
      expect(html).toContain(`>${heading}</h3>`);
    }
    // Editor: 6 x 6 toggle cells, one of them in the tab order.
    expect(count(html, /class="sg-editor-cell[^"]*"[^>]*aria-pressed/g)).toBe(36);
    expect(count(html, /class="sg-editor-cell[^"]*"[^>]*tabindex="0"/g)).toBe(1);
    // Five presets, none active with the defaults (customShape null).
    expect(count(html, /class="sg-preset" aria-pressed="false"/g)).toBe(5);
    // Base grid of the default map, both conventions.
    const { mapRows, mapCols } = DEFAULT_SETTINGS;
    expect(count(html, /<g class="sg-base/g)).toBe(2 * mapRows * mapCols);
    // Every control is labelled: inputs by a <label for> or aria-label, buttons by text or aria-label.
    const ids = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
    for (const m of html.matchAll(/<(input|select)([^>]*)>/g)) {
      const attrs = m[2] ?? '';
      const id = /id="([^"]+)"/.exec(attrs)?.[1];
      expect(attrs.includes('aria-label=') || (id !== undefined && ids.has(id)), m[0]).toBe(true);
    }
    for (const m of html.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)) {
      const text = (m[2] ?? '').replace(/<title>[\s\S]*?<\/title>|<desc[\s\S]*?<\/desc>|<[^>]+>/g, '').trim();
      expect((m[1] ?? '').includes('aria-label=') || text.length > 0, m[0].slice(0, 120)).toBe(true);
    }
  });
});
