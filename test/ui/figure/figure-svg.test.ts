/** The grid figures as SVG files: parsed back without a DOM, they hold the N numbered points as text where the panel draws them. */
import { describe, expect, it } from 'vitest';
import { initialShape } from '../../../src/model/geometry';
import { baseGridSvg, shapeSvg, xmlEscape } from '../../../src/ui/figure/figure-svg';
import { baseGridCaption, baseGridDrawing } from '../../../src/ui/grid/base-grid-layout';
import { cellGrid, initialShapeGrid } from '../../../src/ui/grid/shape-layout';

interface Point {
  row: number;
  col: number;
  cx: number;
  cy: number;
  label: string;
}

/** The <g class="point"> groups: data-row/col, the circle's centre, the text's content. */
function pointsOf(svg: string): Point[] {
  const re = /<g class="point" data-row="(-?[\d.]+)" data-col="(-?[\d.]+)">\s*<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*\/>\s*<text[^>]*>([^<]*)<\/text>\s*<\/g>/g;
  return [...svg.matchAll(re)].map((m) => ({ row: Number(m[1]), col: Number(m[2]), cx: Number(m[3]), cy: Number(m[4]), label: m[5] ?? '' }));
}

/** Every element is closed and nested properly (a tiny XML well-formedness check). */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (selfClose) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name ?? '');
  }
  return stack.length === 0;
}

describe('shapeSvg', () => {
  for (const [n, conv] of [[5, 'ij'], [9, 'xy'], [13, 'ij']] as const) {
    it(`p_n of N = ${n} (${conv}): N points numbered 0..N-1 in the model's order, at the drawn centres`, () => {
      const grid = initialShapeGrid(n, conv, { cell: 36, pad: 20 });
      const svg = shapeSvg(grid, { title: `p_n N = ${n}` });
      expect(svg.startsWith('<?xml')).toBe(true);
      expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(wellFormed(svg)).toBe(true);
      const points = pointsOf(svg);
      expect(points.map((p) => p.label)).toEqual(Array.from({ length: n }, (_, i) => String(i)));
      expect(points.map((p) => ({ row: p.row, col: p.col }))).toEqual(initialShape(n, conv));
      for (const [i, p] of points.entries()) {
        expect(p.cx).toBeCloseTo(grid.points[i]!.x, 2);
        expect(p.cy).toBeCloseTo(grid.points[i]!.y, 2);
      }
      expect(svg).toMatch(new RegExp(`width="${grid.width}" height="${grid.height}"`));
    });
  }

  it('a drawn shape with negative cells keeps its order, and the title is escaped', () => {
    const grid = cellGrid([{ row: -1, col: 2 }, { row: 0, col: 0 }], { cell: 30, pad: 15 });
    const svg = shapeSvg(grid, { title: 'a <b> & "c"' });
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(pointsOf(svg).map((p) => [p.label, p.row, p.col])).toEqual([['0', -1, 2], ['1', 0, 0]]);
    expect(wellFormed(svg)).toBe(true);
  });
});

describe('baseGridSvg', () => {
  it('labels every cell with the output pixel that starts there, and draws an arrow per moved pixel', () => {
    const d = baseGridDrawing(3, 4, 'xy', 40, 22);
    const svg = baseGridSvg(d, { title: 'p_0', caption: baseGridCaption(3, 4, 'xy') });
    expect(wellFormed(svg)).toBe(true);
    for (const c of d.cells) expect(svg).toContain(`>${xmlEscape(c.label)}</text>`);
    expect([...svg.matchAll(/<line /g)].length).toBeGreaterThan(0);
    expect([...svg.matchAll(/<line /g)].length).toBeLessThanOrEqual(d.moved);
    const noArrows = baseGridSvg(d, { title: 'p_0', caption: '', arrows: false });
    expect(noArrows).not.toContain('<line ');
  });
});
