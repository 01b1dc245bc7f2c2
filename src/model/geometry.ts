/**
 * AKConv's sampling geometry: the one source of truth for where AKConv looks.
 *
 * The model, the sampling-grid panel, the offsets panel and the tests all call
 * these functions, so what a panel draws is what the model computes.
 *
 * A sampling position is (row, col) in the input feature map. For output pixel
 * (r, c) and sample n it is p = p_0(r, c) + p_n(n) + offset(r, c, n), where
 * the offsets are channels n (rows) and N + n (columns) of `p_conv`'s output.
 */

import type { GridConvention, SamplePoint } from '../common/geometry';

// The shared vocabulary lives in src/common; re-exported for existing importers.
export type { GridConvention, SamplePoint } from '../common/geometry';
export { DEFAULT_CONVENTION, GRID_CONVENTIONS, isGridConvention } from '../common/geometry';

/** The row/column counts that build AKConv's initial shape for N samples. */
export interface InitialShapeLayout {
  /** round(sqrt(N)): the width of every full row. */
  base: number;
  /** N // base full rows. */
  fullRows: number;
  /** N % base extra points in one more row. */
  remainder: number;
}

export function initialShapeLayout(numParam: number): InitialShapeLayout {
  assertNumParam(numParam);
  // Python's round() rounds halves to even, but sqrt(N) of an integer is never
  // exactly x.5, so Math.round agrees with it here.
  const base = Math.round(Math.sqrt(numParam));
  return { base, fullRows: Math.floor(numParam / base), remainder: numParam % base };
}

/**
 * p_n: AKConv's initial sampling shape for N samples, in the order the model
 * uses them (sample n is channel n / N + n of the offsets).
 *
 * The shape is anchored at (0, 0) and grows down and right: `fullRows` rows of
 * `base` points, then `remainder` points in one more row. `ij` lists the full
 * rows row by row; `xy` lists them column by column (the seed's meshgrid).
 */
export function initialShape(numParam: number, convention: GridConvention): SamplePoint[] {
  const { base, fullRows, remainder } = initialShapeLayout(numParam);
  const points: SamplePoint[] = [];
  if (convention === 'ij') {
    for (let row = 0; row < fullRows; row++) for (let col = 0; col < base; col++) points.push({ row, col });
  } else {
    for (let col = 0; col < base; col++) for (let row = 0; row < fullRows; row++) points.push({ row, col });
  }
  // The extra row is a 1 x remainder grid: both conventions enumerate it left to right.
  for (let col = 0; col < remainder; col++) points.push({ row: fullRows, col });
  return points;
}

/**
 * p_0: the base position of output pixel (r, c) of an h x w output map, in
 * input-map cells, for the given stride and convention.
 *
 * `ij` gives (r * stride, c * stride). `xy` reproduces the seed: its meshgrid
 * makes w x h arrays whose flat index k = r * w + c is read as (k % h, k // h).
 */
export function basePosition(
  r: number,
  c: number,
  h: number,
  w: number,
  stride: number,
  convention: GridConvention,
): SamplePoint {
  if (convention === 'ij') return { row: r * stride, col: c * stride };
  const k = r * w + c;
  return { row: (k % h) * stride, col: Math.floor(k / h) * stride };
}

/** p_0 for every output pixel: rows and cols as h x w row-major arrays. */
export function baseGrid(
  h: number,
  w: number,
  stride: number,
  convention: GridConvention,
): { rows: Float32Array; cols: Float32Array } {
  const rows = new Float32Array(h * w);
  const cols = new Float32Array(h * w);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const p = basePosition(r, c, h, w, stride, convention);
      rows[r * w + c] = p.row;
      cols[r * w + c] = p.col;
    }
  }
  return { rows, cols };
}

/** p_0 + p_n laid out as p_conv's output: [h, w, 2N], rows then columns. */
export function basePlusShape(h: number, w: number, stride: number, convention: GridConvention, shape: readonly SamplePoint[]): Float32Array {
  const n = shape.length;
  const grid = baseGrid(h, w, stride, convention);
  const out = new Float32Array(h * w * 2 * n);
  for (let k = 0; k < h * w; k++) {
    for (let i = 0; i < n; i++) {
      const pt = shape[i] as SamplePoint;
      out[k * 2 * n + i] = (grid.rows[k] as number) + pt.row;
      out[k * 2 * n + n + i] = (grid.cols[k] as number) + pt.col;
    }
  }
  return out;
}

/** The output size of AKConv's p_conv (3x3, padding 1) on an H x W input. */
export function outputSize(inH: number, inW: number, stride: number): { h: number; w: number } {
  return { h: Math.floor((inH - 1) / stride) + 1, w: Math.floor((inW - 1) / stride) + 1 };
}

/** Where sample n's row and column offsets live among p_conv's 2N channels. */
export function offsetChannels(n: number, numParam: number): { row: number; col: number } {
  if (n < 0 || n >= numParam) throw new RangeError(`sample ${n} is outside 0..${numParam - 1}`);
  return { row: n, col: numParam + n };
}

/**
 * Sampling positions (before clamping) of one output pixel, from its 2N
 * offsets (p_conv's channels at that pixel, in channel order).
 */
export function samplingPositions(
  base: SamplePoint,
  shape: readonly SamplePoint[],
  offsets: ArrayLike<number>,
): SamplePoint[] {
  const n = shape.length;
  if (offsets.length !== 2 * n) throw new RangeError(`expected ${2 * n} offsets, got ${offsets.length}`);
  return shape.map((p, i) => ({
    row: base.row + p.row + (offsets[offsetChannels(i, n).row] ?? 0),
    col: base.col + p.col + (offsets[offsetChannels(i, n).col] ?? 0),
  }));
}

/**
 * Validates a custom initial shape (as the official repository's N=5 shapes):
 * exactly N points with finite coordinates. Returns a copy.
 */
export function validateCustomShape(points: readonly SamplePoint[], numParam: number): SamplePoint[] {
  if (points.length !== numParam) {
    throw new Error(`a custom sampling shape needs ${numParam} points (num_param), got ${points.length}`);
  }
  for (const [i, p] of points.entries()) {
    if (!Number.isFinite(p.row) || !Number.isFinite(p.col)) {
      throw new Error(`custom sampling point ${i} is not a finite (row, col) pair`);
    }
  }
  return points.map((p) => ({ row: p.row, col: p.col }));
}

function assertNumParam(numParam: number): void {
  if (!Number.isInteger(numParam) || numParam < 1) {
    throw new RangeError(`num_param must be a positive integer, got ${numParam}`);
  }
}
