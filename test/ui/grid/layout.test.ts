import { describe, expect, it } from 'vitest';
import type { GridConvention, SamplePoint } from '../../../src/model/geometry';
import { baseGrid, basePosition, initialShape, initialShapeLayout, validateCustomShape } from '../../../src/model/geometry';
import { conv, parameterCount } from '../../../src/model/modules';
import { LIMITS } from '../../../src/state/settings';
import {
  EDITOR_SIZE,
  MAX_DRAWN_POINTS,
  akconvParams,
  arrowSegment,
  baseGridCaption,
  baseGridDrawing,
  baseGridKind,
  cellGrid,
  checkDrawnShape,
  editableCells,
  formatCount,
  groupDigits,
  indexByCell,
  initialShapeGrid,
  initialShapeRule,
  linearScale,
  moveFocus,
  niceTicks,
  numParamPatch,
  paramsChart,
  paramsSummary,
  parseBoundedInt,
  sameShape,
  squareConvParams,
  squareKernelFor,
  svgId,
  toggleCell,
} from '../../../src/ui/grid/layout';
import { OFFICIAL_N5_SHAPES, presetPoints } from '../../../src/ui/grid/presets';

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

describe('base grid drawing', () => {
  it('places every output pixel at basePosition(r, c, h, w, 1, convention), one per cell, for maps up to 16 x 16', () => {
    for (let h = 1; h <= 16; h++) {
      for (let w = 1; w <= 16; w++) {
        for (const convention of CONVS) {
          const d = baseGridDrawing(h, w, convention, 40, 20);
          const grid = baseGrid(h, w, 1, convention);
          expect(d.cells).toHaveLength(h * w);
          const taken = new Set<string>();
          const wrong: string[] = [];
          for (const [k, cell] of d.cells.entries()) {
            const p = basePosition(cell.r, cell.c, h, w, 1, convention);
            const ok =
              cell.r * w + cell.c === k &&
              cell.at.row === p.row &&
              cell.at.col === p.col &&
              grid.rows[k] === p.row &&
              grid.cols[k] === p.col &&
              cell.x === 20 + (p.col + 0.5) * 40 &&
              cell.y === 20 + (p.row + 0.5) * 40 &&
              cell.label === `${cell.r},${cell.c}` &&
              cell.moved === (p.row !== cell.r || p.col !== cell.c);
            if (!ok) wrong.push(`${h}x${w} ${convention} pixel ${k}`);
            taken.add(`${cell.at.row},${cell.at.col}`);
          }
          expect(wrong).toEqual([]);
          // p_0 is a permutation of the map's cells: every cell shows one label.
          expect(taken.size).toBe(h * w);
          const kind = baseGridKind(h, w, convention);
          if (kind === 'identity') expect(d.moved).toBe(0);
          if (kind === 'transposed') {
            expect(d.moved).toBe(h * h - h);
            expect(d.cells.every((cell) => cell.at.row === cell.c && cell.at.col === cell.r)).toBe(true);
          }
          if (kind === 'scrambled') expect(d.moved).toBeGreaterThan(0);
        }
      }
    }
  });

  it('names what each convention does', () => {
    expect(baseGridKind(4, 4, 'ij')).toBe('identity');
    expect(baseGridKind(4, 6, 'ij')).toBe('identity');
    expect(baseGridKind(4, 4, 'xy')).toBe('transposed');
    expect(baseGridKind(4, 6, 'xy')).toBe('scrambled');
    expect(baseGridKind(1, 6, 'xy')).toBe('identity');
    expect(baseGridKind(6, 1, 'xy')).toBe('identity');
    expect(baseGridKind(1, 1, 'xy')).toBe('identity');
  });

  it('captions the current shape', () => {
    expect(baseGridCaption(4, 6, 'ij')).toBe('ij (the official code) on a 4 × 6 map: identity. Output pixel (r, c) starts at (r, c).');
    expect(baseGridCaption(4, 4, 'xy')).toContain('transposed. Output pixel (r, c) starts at (c, r); 12 of 16 pixels');
    expect(baseGridCaption(4, 6, 'xy')).toContain('scrambled. Output pixel (r, c) starts at ((r·6 + c) mod 4, ⌊(r·6 + c) / 4⌋)');
    expect(baseGridCaption(4, 6, 'xy')).toContain(`${baseGridDrawing(4, 6, 'xy').moved} of 24 pixels`);
    expect(baseGridCaption(1, 5, 'xy')).toContain('identity. With a single row');
    expect(baseGridCaption(5, 1, 'xy')).toContain('identity. With a single column');
    expect(() => baseGridCaption(0, 3, 'xy')).toThrowError(/rows and columns/);
  });

  it('the 4 x 6 default: pixel (0, 1) starts at (1, 0) in xy', () => {
    const d = baseGridDrawing(4, 6, 'xy');
    expect(d.cells[1]).toMatchObject({ r: 0, c: 1, label: '0,1', at: { row: 1, col: 0 }, moved: true });
  });

  it('trims arrows so they leave the labels free', () => {
    expect(arrowSegment(0, 0, 10, 0, 2, 3)).toEqual({ x1: 2, y1: 0, x2: 7, y2: 0 });
    expect(arrowSegment(0, 0, 3, 4, 1, 1)).toEqual({ x1: 0.6, y1: 0.8, x2: 2.4, y2: 3.2 });
    expect(arrowSegment(0, 0, 1, 0, 1, 1)).toBeNull();
  });
});

describe('parameters against kernel size', () => {
  it('counts what the model counts (its parameterCount, less BatchNorm)', () => {
    for (const c of [16, 64, 128]) {
      for (let n = 1; n <= 64; n++) {
        const spec = { kind: 'AKConv' as const, c1: c, c2: c, numParam: n, stride: 1, bias: false };
        expect(akconvParams(n, c, c)).toBe(parameterCount(spec) - 2 * c);
      }
      for (let k = 1; k <= 8; k++) expect(squareConvParams(k, c, c)).toBe(parameterCount(conv(c, c, k)) - 2 * c);
    }
    expect(akconvParams(5, 64, 64)).toBe(5 * 64 * 64 + 2 * 5 * 64 * 9 + 2 * 5);
    expect(akconvParams(5, 64, 64)).toBe(26250);
    expect(squareConvParams(3, 64, 64)).toBe(36864);
  });

  it('AKConv grows linearly in N, K x K quadratically in K', () => {
    const chart = paramsChart(5, 64);
    expect(chart.akconv.map((p) => p.n)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    const steps = new Set(chart.akconv.slice(1).map((p, i) => p.params - (chart.akconv[i]?.params ?? 0)));
    expect([...steps]).toEqual([64 * 64 + 18 * 64 + 2]);
    expect(chart.squares.map((s) => [s.k, s.n, s.params])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((k) => [k, k * k, k * k * 64 * 64]),
    );
    const diffs = chart.squares.slice(1).map((s, i) => s.params - (chart.squares[i]?.params ?? 0));
    expect(diffs).toEqual([2, 3, 4, 5, 6, 7, 8].map((k) => (2 * k - 1) * 4096));
  });

  it('maps values onto the plot and highlights the current N', () => {
    const chart = paramsChart(5, 64, { width: 480, height: 300 });
    const { plot } = chart;
    const first = chart.akconv[0];
    const last = chart.akconv[63];
    expect(first?.x).toBeCloseTo(plot.left);
    expect(last?.x).toBeCloseTo(plot.right);
    const top = chart.yTicks[chart.yTicks.length - 1];
    expect(top?.value).toBeGreaterThanOrEqual(akconvParams(64, 64, 64));
    expect(top?.at).toBeCloseTo(plot.top);
    expect(chart.yTicks[0]).toMatchObject({ value: 0, label: '0', at: plot.bottom });
    for (const p of [...chart.akconv, ...chart.squares]) {
      expect(p.y).toBeGreaterThanOrEqual(plot.top - 1e-9);
      expect(p.y).toBeLessThanOrEqual(plot.bottom);
    }
    expect(chart.current).toMatchObject({ n: 5, params: 26250, x: chart.akconv[4]?.x, y: chart.akconv[4]?.y });
    expect(chart.current.below).toEqual({ k: 2, params: 4 * 4096 });
    expect(chart.current.above).toEqual({ k: 3, params: 9 * 4096 });
    expect(paramsChart(9, 64).current.above).toBeNull();
    expect(chart.xTicks.map((t) => t.value)).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
    // The step line changes level right after each square: 7 changes for 1..64.
    expect(chart.stepPath.match(/V/g)).toHaveLength(7);
    expect(() => paramsChart(0, 64)).toThrowError(/num_param/);
    expect(() => paramsChart(65, 64)).toThrowError(/num_param/);
  });

  it('summarises the current N', () => {
    expect(paramsSummary(5, 64)).toBe(
      'With C_in = C_out = 64, AKConv with N = 5 has 26,250 weights (20,480 in the column conv, 5,770 in the offset conv); ' +
        'the nearest square kernels have 16,384 (2×2, 4 samples) and 36,864 (3×3, 9 samples). ' +
        'Each extra sample adds 5,250 to AKConv, while the next square kernel 3×3 → 4×4 adds 28,672 at once.',
    );
    expect(paramsSummary(9, 64)).toContain('a 3×3 conv, with the same 9 samples, has 36,864');
  });

  it('scales, ticks and formats', () => {
    const s = linearScale([1, 64], [56, 464]);
    expect(s(1)).toBe(56);
    expect(s(64)).toBe(464);
    expect(linearScale([0, 10], [100, 0])(5)).toBe(50);
    expect(niceTicks(336000, 5)).toEqual([0, 100000, 200000, 300000, 400000]);
    expect(niceTicks(9, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0)).toEqual([0]);
    expect(squareKernelFor(1)).toBe(1);
    expect(squareKernelFor(4)).toBe(2);
    expect(squareKernelFor(5)).toBe(3);
    expect(squareKernelFor(64)).toBe(8);
    expect(formatCount(512)).toBe('512');
    expect(formatCount(36864)).toBe('36.9k');
    expect(formatCount(262144)).toBe('262k');
    expect(formatCount(1234567)).toBe('1.23M');
    expect(formatCount(200000)).toBe('200k');
    expect(groupDigits(26250)).toBe('26,250');
    expect(groupDigits(5)).toBe('5');
  });
});

describe('controls and the shape editor', () => {
  it('parses whole numbers inside the range only', () => {
    expect(parseBoundedInt('5', 1, 64)).toBe(5);
    expect(parseBoundedInt(' 64 ', 1, 64)).toBe(64);
    expect(parseBoundedInt('65', 1, 64)).toBeNull();
    expect(parseBoundedInt('0', 1, 64)).toBeNull();
    expect(parseBoundedInt('', 1, 64)).toBeNull();
    expect(parseBoundedInt('2.5', 1, 64)).toBeNull();
    expect(parseBoundedInt('1e1', 1, 64)).toBeNull();
  });

  it('drops a drawn shape when N changes to another point count', () => {
    const shape = pts([[0, 0], [1, 1], [2, 2]]);
    expect(numParamPatch(7, null)).toEqual({ numParam: 7 });
    expect(numParamPatch(3, shape)).toEqual({ numParam: 3 });
    expect(numParamPatch(4, shape)).toEqual({ numParam: 4, customShape: null });
  });

  it('toggles cells, keeping the order points were added', () => {
    let shape: SamplePoint[] = [];
    shape = toggleCell(shape, { row: 1, col: 1 });
    shape = toggleCell(shape, { row: 0, col: 0 });
    shape = toggleCell(shape, { row: 2, col: 3 });
    expect(shape).toEqual(pts([[1, 1], [0, 0], [2, 3]]));
    shape = toggleCell(shape, { row: 0, col: 0 });
    expect(shape).toEqual(pts([[1, 1], [2, 3]]));
    expect(indexByCell(shape).get('2,3')).toBe(1);
  });

  it('moves focus with arrow keys, Home and End, inside the grid', () => {
    const at = { row: 2, col: 3 };
    expect(moveFocus(at, 'ArrowUp', 6)).toEqual({ row: 1, col: 3 });
    expect(moveFocus(at, 'ArrowDown', 6)).toEqual({ row: 3, col: 3 });
    expect(moveFocus(at, 'ArrowLeft', 6)).toEqual({ row: 2, col: 2 });
    expect(moveFocus(at, 'ArrowRight', 6)).toEqual({ row: 2, col: 4 });
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowUp', 6)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 5, col: 5 }, 'ArrowRight', 6)).toEqual({ row: 5, col: 5 });
    expect(moveFocus(at, 'Home', 6)).toEqual({ row: 2, col: 0 });
    expect(moveFocus(at, 'End', 6, true)).toEqual({ row: 5, col: 5 });
    expect(moveFocus(at, ' ', 6)).toBeNull();
    expect(moveFocus(at, 'Enter', 6)).toBeNull();
  });

  it('shows the cells of a shape that fit the editor', () => {
    expect(editableCells(null)).toEqual({ points: [], dropped: 0 });
    expect(editableCells(pts([[0, 0], [6, 0], [1, 0.5], [0, 0], [5, 5]]))).toEqual({ points: pts([[0, 0], [5, 5]]), dropped: 3 });
  });

  it('refuses an empty drawing with a clear message, and validates the rest', () => {
    const empty = checkDrawnShape([]);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.message).toMatch(/empty/);
    const tooMany = checkDrawnShape(Array.from({ length: 3 }, (_, i) => ({ row: 0, col: i })), 2);
    expect(tooMany.ok).toBe(false);
    // The URL keeps at most LIMITS.customShapeCells points.
    expect(MAX_DRAWN_POINTS).toBe(Math.min(LIMITS.customShapeCells, LIMITS.numParam.max));
    const seventeen = Array.from({ length: MAX_DRAWN_POINTS + 1 }, (_, i) => ({ row: Math.floor(i / 6), col: i % 6 }));
    expect(checkDrawnShape(seventeen).ok).toBe(false);
    expect(checkDrawnShape(seventeen.slice(1)).ok).toBe(true);
    const bad = checkDrawnShape([{ row: Number.NaN, col: 0 }]);
    expect(bad.ok).toBe(false);
    const ok = checkDrawnShape(pts([[0, 0], [1, 2]]));
    expect(ok).toEqual({ ok: true, shape: pts([[0, 0], [1, 2]]) });
  });

  it('compares shapes point by point, in order', () => {
    expect(sameShape(null, null)).toBe(true);
    expect(sameShape(null, [])).toBe(false);
    expect(sameShape(pts([[0, 0], [1, 1]]), pts([[0, 0], [1, 1]]))).toBe(true);
    expect(sameShape(pts([[0, 0], [1, 1]]), pts([[1, 1], [0, 0]]))).toBe(false);
  });

  it('makes ids safe for url(#...)', () => {
    expect(svgId(':r1:', 'arrow')).toBe('sg-r1-arrow');
    expect(svgId('«r2»', 'title')).toBe('sg-r2-title');
  });
});

describe('official N = 5 presets', () => {
  // CV-ZhangXin/LDConv, "initial sampled shapes/get_p_n.py": _get_p_n1.._get_p_n5 as (p_n_x = rows, p_n_y = cols).
  const official: [number[], number[]][] = [
    [[0, 0, 1, 2, 2], [0, 2, 1, 0, 2]],
    [[0, 0, 0, 1, 1], [0, 1, 2, 0, 2]],
    [[0, 0, 0, 0, 1], [0, 1, 2, 3, 2]],
    [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]],
    [[0, 1, 1, 1, 2], [0, 1, 2, 3, 0]],
  ];

  it('are the five shapes of the official code, (a) to (e)', () => {
    expect(OFFICIAL_N5_SHAPES.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const [i, preset] of OFFICIAL_N5_SHAPES.entries()) {
      const [rows, cols] = official[i] as [number[], number[]];
      expect(presetPoints(preset)).toEqual(rows.map((row, j) => ({ row, col: cols[j] })));
      expect(preset.source).toBe(`_get_p_n${i + 1}`);
    }
  });

  it('are valid N = 5 shapes of distinct cells that fit the editor', () => {
    for (const preset of OFFICIAL_N5_SHAPES) {
      const points = presetPoints(preset);
      expect(validateCustomShape(points, 5)).toEqual(points);
      expect(new Set(points.map((p) => `${p.row},${p.col}`)).size).toBe(5);
      expect(editableCells(points, EDITOR_SIZE)).toEqual({ points, dropped: 0 });
      expect(checkDrawnShape(points)).toEqual({ ok: true, shape: points });
    }
  });
});
