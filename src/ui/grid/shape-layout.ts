/**
 * The initial shape p_n on a grid of cells: where cells and points go, and
 * the rule that builds the shape, in words. Pure (no React, no DOM); every
 * number comes from `src/model/geometry.ts`, so what the panels draw is what
 * the model computes.
 */
import type { GridConvention, SamplePoint } from '../../common/geometry';
import { initialShape, initialShapeLayout } from '../../model/geometry';
import { fmt, plural } from './format';

/** The two conventions, in the order the panels show them. */
export const CONVENTION_ORDER: readonly GridConvention[] = ['xy', 'ij'];

export const CONVENTION_INFO: Record<GridConvention, { name: string; source: string }> = {
  xy: { name: 'xy', source: "the seed's code" },
  ij: { name: 'ij', source: 'the official code' },
};

export interface CellGridOptions {
  /** Side of one cell, in SVG units. */
  cell: number;
  /** Room around the grid (for row and column numbers), in SVG units. */
  pad: number;
  /** The grid covers at least this many rows and columns. */
  minRows?: number;
  minCols?: number;
}

export interface DrawnPoint extends SamplePoint {
  /** Sample index n (the order the model uses). */
  index: number;
  /** Centre in SVG units. */
  x: number;
  y: number;
}

export interface CellGrid {
  /** The first row and column the grid shows (0 unless a point is negative). */
  firstRow: number;
  firstCol: number;
  rows: number;
  cols: number;
  cell: number;
  pad: number;
  width: number;
  height: number;
  points: DrawnPoint[];
  /** SVG path through the points in sample order ("" for fewer than 2). */
  orderPath: string;
}

/** Top-left corner of cell (row, col) of a grid, in SVG units. */
export function cellOrigin(grid: Pick<CellGrid, 'firstRow' | 'firstCol' | 'cell' | 'pad'>, row: number, col: number) {
  return { x: grid.pad + (col - grid.firstCol) * grid.cell, y: grid.pad + (row - grid.firstRow) * grid.cell };
}

/**
 * Lays out sample points on a grid of cells that covers them and the anchor
 * (0, 0). Points keep their order; point n is drawn at the centre of cell
 * (row, col) (fractional coordinates land between cells).
 */
export function cellGrid(points: readonly SamplePoint[], options: CellGridOptions): CellGrid {
  const rowsOf = [0, ...points.map((p) => p.row)];
  const colsOf = [0, ...points.map((p) => p.col)];
  const firstRow = Math.floor(Math.min(...rowsOf));
  const firstCol = Math.floor(Math.min(...colsOf));
  const rows = Math.max(Math.floor(Math.max(...rowsOf)) - firstRow + 1, options.minRows ?? 1);
  const cols = Math.max(Math.floor(Math.max(...colsOf)) - firstCol + 1, options.minCols ?? 1);
  const { cell, pad } = options;
  const drawn = points.map((p, index) => ({
    index,
    row: p.row,
    col: p.col,
    x: pad + (p.col - firstCol + 0.5) * cell,
    y: pad + (p.row - firstRow + 0.5) * cell,
  }));
  const orderPath = drawn.length < 2 ? '' : drawn.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(p.x)} ${fmt(p.y)}`).join(' ');
  return {
    firstRow,
    firstCol,
    rows,
    cols,
    cell,
    pad,
    width: 2 * pad + cols * cell,
    height: 2 * pad + rows * cell,
    points: drawn,
    orderPath,
  };
}

/** p_n for N samples under a convention, laid out for drawing. */
export function initialShapeGrid(numParam: number, convention: GridConvention, options: CellGridOptions): CellGrid {
  return cellGrid(initialShape(numParam, convention), options);
}

export interface InitialShapeRule {
  numParam: number;
  base: number;
  fullRows: number;
  remainder: number;
  /** Rows and columns the shape covers. */
  rows: number;
  cols: number;
  /** Whether xy and ij number the points in the same order for this N. */
  ordersAgree: boolean;
  /** Sentences, in order: the width, the full rows, the extra row, the anchor, the numbering. */
  lines: string[];
}

/** The rule that builds p_n, with the numbers of `initialShapeLayout(N)` filled in. */
export function initialShapeRule(numParam: number): InitialShapeRule {
  const { base, fullRows, remainder } = initialShapeLayout(numParam);
  const rows = fullRows + (remainder > 0 ? 1 : 0);
  const xy = initialShape(numParam, 'xy');
  const ij = initialShape(numParam, 'ij');
  const ordersAgree = xy.every((p, i) => p.row === ij[i]?.row && p.col === ij[i]?.col);
  const sqrt = Math.sqrt(numParam);
  const sqrtText = Number.isInteger(sqrt) ? `= ${sqrt}` : `≈ ${sqrt.toFixed(2)}`;
  const lines = [
    `√${numParam} ${sqrtText}, so each full row holds round(√N) = ${plural(base, 'point')}.`,
    `N // ${base} = ${numParam} // ${base} = ${plural(fullRows, 'full row')}.`,
    remainder > 0
      ? `N % ${base} = ${numParam} % ${base} = ${plural(remainder, 'extra point')} in one more row (row ${fullRows}), from the left.`
      : `N % ${base} = ${numParam} % ${base} = 0: no extra row.`,
    `The shape starts at (0, 0), the output pixel's own cell, and grows down and right: ${rows} × ${base} cells.`,
    ordersAgree
      ? `xy and ij number the points the same way for N = ${numParam}.`
      : `ij (the official code) numbers the full rows row by row; xy (the seed's code) numbers them column by column; both number the extra row left to right.`,
  ];
  return { numParam, base, fullRows, remainder, rows, cols: base, ordersAgree, lines };
}

/** A shape as "(0, 0), (1, 2), ...". */
export function describePoints(points: readonly SamplePoint[]): string {
  return points.map((p) => `(${p.row}, ${p.col})`).join(', ');
}
