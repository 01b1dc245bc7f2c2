import { describe, expect, it } from 'vitest';
import type { GridConvention, SamplePoint } from '../../../src/common/geometry';
import { initialShape, initialShapeLayout } from '../../../src/model/geometry';
import { cellGrid, initialShapeGrid, initialShapeRule } from '../../../src/ui/grid/shape-layout';

const CONVS: GridConvention[] = ['xy', 'ij'];
const pts = (list: [number, number][]): SamplePoint[] => list.map(([row, col]) => ({ row, col }));
const opts = { cell: 36, pad: 20 };

describe('initial shape drawing', () => {
  it('draws exactly initialShape(N, convention), in order, for N = 1..64', () => {
    for (let n = 1; n <= 64; n++) {
      for (const convention of CONVS) {
        const grid = initialShapeGrid(n, convention, opts);
        expect(grid.points.map((p) => ({ row: p.row, col: p.col }))).toEqual(initialShape(n, convention));
        expect(grid.points.map((p) => p.index)).toEqual(Array.from({ length: n }, (_, i) => i));
        const { base, fullRows, remainder } = initialShapeLayout(n);
        expect(grid.firstRow).toBe(0);
        expect(grid.firstCol).toBe(0);
        expect(grid.cols).toBe(base);
        expect(grid.rows).toBe(fullRows + (remainder > 0 ? 1 : 0));
        const misplaced = grid.points.filter(
          (p) =>
            p.x !== opts.pad + (p.col + 0.5) * opts.cell ||
            p.y !== opts.pad + (p.row + 0.5) * opts.cell ||
            p.x >= grid.width - opts.pad ||
            p.y >= grid.height - opts.pad,
        );
        expect(misplaced).toEqual([]);
        // One point per cell: no two labels overlap.
        expect(new Set(grid.points.map((p) => `${p.x},${p.y}`)).size).toBe(n);
        expect(grid.orderPath.split(/[ML]/).filter((s) => s.trim()).length).toBe(n < 2 ? 0 : n);
      }
    }
  });

  it('numbers N = 5 column by column in xy and row by row in ij', () => {
    const label = (conv: GridConvention) => initialShapeGrid(5, conv, opts).points.map((p) => `${p.index}@${p.row},${p.col}`);
    expect(label('xy')).toEqual(['0@0,0', '1@1,0', '2@0,1', '3@1,1', '4@2,0']);
    expect(label('ij')).toEqual(['0@0,0', '1@0,1', '2@1,0', '3@1,1', '4@2,0']);
  });

  it('covers the anchor and negative or fractional points', () => {
    const grid = cellGrid(pts([[-1, 2], [1.5, 0]]), { cell: 10, pad: 0 });
    expect([grid.firstRow, grid.firstCol, grid.rows, grid.cols]).toEqual([-1, 0, 3, 3]);
    expect(grid.points[0]).toMatchObject({ x: 25, y: 5 });
    expect(grid.points[1]).toMatchObject({ x: 5, y: 30 });
    expect(cellGrid([], { cell: 10, pad: 0, minRows: 5, minCols: 4 })).toMatchObject({ rows: 5, cols: 4, width: 40, height: 50 });
  });
});

describe('the rule in words', () => {
  it('states the numbers of initialShapeLayout(N) for N = 1..64', () => {
    for (let n = 1; n <= 64; n++) {
      const { base, fullRows, remainder } = initialShapeLayout(n);
      const rule = initialShapeRule(n);
      expect(rule).toMatchObject({ numParam: n, base, fullRows, remainder, cols: base });
      expect(rule.rows).toBe(Math.max(...initialShape(n, 'ij').map((p) => p.row)) + 1);
      const [width, rows, extra, anchor, order] = rule.lines;
      expect(width).toContain(`round(√N) = ${base} point${base === 1 ? '' : 's'}`);
      expect(rows).toContain(`N // ${base} = ${n} // ${base} = ${fullRows} full row`);
      if (remainder > 0) expect(extra).toContain(`${n} % ${base} = ${remainder} extra point`);
      else expect(extra).toContain('no extra row');
      if (remainder > 0) expect(extra).toContain(`(row ${fullRows})`);
      expect(anchor).toContain(`${rule.rows} × ${base} cells`);
      const same = JSON.stringify(initialShape(n, 'xy')) === JSON.stringify(initialShape(n, 'ij'));
      expect(rule.ordersAgree).toBe(same);
      expect(order).toContain(same ? 'the same way' : 'column by column');
    }
  });

  it('reads well for N = 5 and N = 9', () => {
    expect(initialShapeRule(5).lines).toEqual([
      '√5 ≈ 2.24, so each full row holds round(√N) = 2 points.',
      'N // 2 = 5 // 2 = 2 full rows.',
      'N % 2 = 5 % 2 = 1 extra point in one more row (row 2), from the left.',
      "The shape starts at (0, 0), the output pixel's own cell, and grows down and right: 3 × 2 cells.",
      "ij (the official code) numbers the full rows row by row; xy (the seed's code) numbers them column by column; both number the extra row left to right.",
    ]);
    expect(initialShapeRule(9).lines[0]).toBe('√9 = 3, so each full row holds round(√N) = 3 points.');
    expect(initialShapeRule(9).lines[2]).toBe('N % 3 = 9 % 3 = 0: no extra row.');
  });
});
