/**
 * Pure helpers behind the "AKConv's sampling grid" panels: where cells and
 * points go, the text that explains the rule, the parameter chart. No React,
 * no DOM; every number comes from `src/model/geometry.ts`, so what the panels
 * draw is what the model computes.
 */
import type { GridConvention, SamplePoint } from '../../model/geometry';
import { basePosition, initialShape, initialShapeLayout, validateCustomShape } from '../../model/geometry';
import { LIMITS } from '../../state/settings';

/** The two conventions, in the order the panels show them. */
export const CONVENTION_ORDER: readonly GridConvention[] = ['xy', 'ij'];

export const CONVENTION_INFO: Record<GridConvention, { name: string; source: string }> = {
  xy: { name: 'xy', source: "the seed's code" },
  ij: { name: 'ij', source: 'the official code' },
};

// ---------------------------------------------------------------------------
// Drawing points on a grid of cells
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The rule, in words
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The base grid p_0
// ---------------------------------------------------------------------------

export type BaseGridKind = 'identity' | 'transposed' | 'scrambled';

/** What a convention does to an h x w map: ij never moves a pixel; xy transposes square maps and scrambles the rest. */
export function baseGridKind(h: number, w: number, convention: GridConvention): BaseGridKind {
  if (convention === 'ij' || h === 1 || w === 1) return 'identity';
  return h === w ? 'transposed' : 'scrambled';
}

export interface BaseCell {
  /** The output pixel. */
  r: number;
  c: number;
  /** "r,c", the pixel's label. */
  label: string;
  /** Where it starts: basePosition(r, c, h, w, 1, convention). */
  at: SamplePoint;
  /** Whether it starts away from its own cell. */
  moved: boolean;
  /** Centres in SVG units: of the pixel's own cell and of the cell it starts at. */
  fromX: number;
  fromY: number;
  x: number;
  y: number;
}

export interface BaseGridDrawing {
  h: number;
  w: number;
  kind: BaseGridKind;
  cell: number;
  pad: number;
  width: number;
  height: number;
  /** One per output pixel, row-major (r * w + c). */
  cells: BaseCell[];
  moved: number;
}

/** p_0 (stride 1) of every output pixel of an h x w map, laid out for drawing. */
export function baseGridDrawing(h: number, w: number, convention: GridConvention, cell = 40, pad = 24): BaseGridDrawing {
  assertMapSize(h, w);
  const cells: BaseCell[] = [];
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const at = basePosition(r, c, h, w, 1, convention);
      cells.push({
        r,
        c,
        label: `${r},${c}`,
        at,
        moved: at.row !== r || at.col !== c,
        fromX: pad + (c + 0.5) * cell,
        fromY: pad + (r + 0.5) * cell,
        x: pad + (at.col + 0.5) * cell,
        y: pad + (at.row + 0.5) * cell,
      });
    }
  }
  return {
    h,
    w,
    kind: baseGridKind(h, w, convention),
    cell,
    pad,
    width: 2 * pad + w * cell,
    height: 2 * pad + h * cell,
    cells,
    moved: cells.filter((x) => x.moved).length,
  };
}

/** One or two sentences that say what a convention does to an h x w map. */
export function baseGridCaption(h: number, w: number, convention: GridConvention): string {
  assertMapSize(h, w);
  const kind = baseGridKind(h, w, convention);
  const size = `${h} × ${w}`;
  const total = h * w;
  const moved = baseGridDrawing(h, w, convention).moved;
  if (convention === 'ij') return `ij (the official code) on a ${size} map: identity. Output pixel (r, c) starts at (r, c).`;
  if (kind === 'identity') {
    return `xy (the seed's code) on a ${size} map: identity. With a single ${h === 1 ? 'row' : 'column'} the seed's reshape changes nothing.`;
  }
  if (kind === 'transposed') {
    return `xy (the seed's code) on a square ${size} map: transposed. Output pixel (r, c) starts at (c, r); ${moved} of ${total} pixels start away from their own cell (the diagonal stays).`;
  }
  return `xy (the seed's code) on a ${size} map: scrambled. Output pixel (r, c) starts at ((r·${w} + c) mod ${h}, ⌊(r·${w} + c) / ${h}⌋); ${moved} of ${total} pixels start away from their own cell.`;
}

function assertMapSize(h: number, w: number): void {
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`a feature map needs a positive whole number of rows and columns, got ${h} x ${w}`);
  }
}

// ---------------------------------------------------------------------------
// Parameters against kernel size
// ---------------------------------------------------------------------------

/**
 * Weights of an AKConv with N samples, without BatchNorm (as a K x K conv
 * without BatchNorm): the (N, 1) column conv N·C_in·C_out, plus the offset
 * conv p_conv 2N·C_in·9 weights and 2N biases.
 */
export function akconvParams(numParam: number, cin: number, cout: number): number {
  return numParam * cin * cout + 2 * numParam * cin * 9 + 2 * numParam;
}

/** Weights of a K x K conv without bias or BatchNorm: K²·C_in·C_out. */
export function squareConvParams(k: number, cin: number, cout: number): number {
  return k * k * cin * cout;
}

/** The side of the smallest square kernel with at least N samples. */
export function squareKernelFor(numParam: number): number {
  return Math.ceil(Math.sqrt(numParam) - 1e-9);
}

/** A function mapping [d0, d1] linearly onto [r0, r1]. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Round tick values 0, step, 2·step, ... covering [0, max], with step 1, 2 or 5 × 10^k. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const v = i * step;
    ticks.push(v);
    if (v >= max) break;
  }
  return ticks;
}

/** 512 → "512", 36,864 → "36.9k", 262,144 → "262k", 1,234,567 → "1.23M". */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  const [div, unit] = abs < 1e6 ? [1e3, 'k'] : [1e6, 'M'];
  const v = n / div;
  const digits = Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0;
  return `${Number(v.toFixed(digits))}${unit}`;
}

/** 26250 → "26,250". */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface ChartTick {
  value: number;
  label: string;
  /** Position along its axis, in SVG units. */
  at: number;
}

export interface ChartPoint {
  n: number;
  params: number;
  x: number;
  y: number;
}

export interface ParamsChartModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  maxN: number;
  channels: number;
  xTicks: ChartTick[];
  yTicks: ChartTick[];
  /** AKConv at every N = 1..maxN. */
  akconv: ChartPoint[];
  akconvPath: string;
  /** K x K convs at N = K² (K = 1, 2, ...). */
  squares: (ChartPoint & { k: number })[];
  /** The smallest K x K conv with at least N samples, as a step line. */
  stepPath: string;
  /** N, with the square kernels at or below it and above it (null when N is a square). */
  current: ChartPoint & { below: { k: number; params: number }; above: { k: number; params: number } | null };
}

export interface ParamsChartOptions {
  width?: number;
  height?: number;
  maxN?: number;
}

/** Everything the parameter chart draws, for C_in = C_out = channels, with N highlighted. */
export function paramsChart(numParam: number, channels: number, options: ParamsChartOptions = {}): ParamsChartModel {
  const width = options.width ?? 480;
  const height = options.height ?? 300;
  const maxN = options.maxN ?? 64;
  if (!Number.isInteger(numParam) || numParam < 1 || numParam > maxN) {
    throw new RangeError(`num_param must be a whole number from 1 to ${maxN}, got ${numParam}`);
  }
  const plot = { left: 56, top: 16, right: width - 16, bottom: height - 44 };
  const ak = (n: number) => akconvParams(n, channels, channels);
  const sq = (k: number) => squareConvParams(k, channels, channels);
  const maxParams = Math.max(ak(maxN), sq(squareKernelFor(maxN)));
  const yValues = niceTicks(maxParams, 5);
  const yMax = yValues[yValues.length - 1] ?? maxParams;
  const x = linearScale([1, maxN], [plot.left, plot.right]);
  const y = linearScale([0, yMax], [plot.bottom, plot.top]);

  const akconv = Array.from({ length: maxN }, (_, i) => {
    const n = i + 1;
    return { n, params: ak(n), x: x(n), y: y(ak(n)) };
  });
  const squares: (ChartPoint & { k: number })[] = [];
  for (let k = 1; k * k <= maxN; k++) squares.push({ k, n: k * k, params: sq(k), x: x(k * k), y: y(sq(k)) });

  let stepPath = `M${fmt(x(1))} ${fmt(y(sq(1)))}`;
  for (let n = 2; n <= maxN; n++) {
    const prev = sq(squareKernelFor(n - 1));
    const cur = sq(squareKernelFor(n));
    if (cur !== prev) stepPath += ` H${fmt(x(n - 0.5))} V${fmt(y(cur))}`;
  }
  stepPath += ` H${fmt(x(maxN))}`;

  const xTickValues = [1, ...squares.map((s) => s.n).filter((n) => n > 1)];
  const kBelow = Math.floor(Math.sqrt(numParam) + 1e-9);
  const kAbove = squareKernelFor(numParam);
  return {
    width,
    height,
    plot,
    maxN,
    channels,
    xTicks: xTickValues.map((v) => ({ value: v, label: String(v), at: x(v) })),
    yTicks: yValues.map((v) => ({ value: v, label: formatCount(v), at: y(v) })),
    akconv,
    akconvPath: akconv.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(p.x)} ${fmt(p.y)}`).join(' '),
    squares,
    stepPath,
    current: {
      n: numParam,
      params: ak(numParam),
      x: x(numParam),
      y: y(ak(numParam)),
      below: { k: kBelow, params: sq(kBelow) },
      above: kAbove === kBelow ? null : { k: kAbove, params: sq(kAbove) },
    },
  };
}

/** The chart's numbers for the current N, in words (caption and screen readers). */
export function paramsSummary(numParam: number, channels: number): string {
  const c = channels;
  const column = numParam * c * c;
  const offset = 2 * numParam * c * 9 + 2 * numParam;
  const total = akconvParams(numParam, c, c);
  const lo = Math.floor(Math.sqrt(numParam) + 1e-9);
  const hi = squareKernelFor(numParam);
  const square =
    lo === hi
      ? `a ${lo}×${lo} conv, with the same ${plural(numParam, 'sample')}, has ${groupDigits(squareConvParams(lo, c, c))}`
      : `the nearest square kernels have ${groupDigits(squareConvParams(lo, c, c))} (${lo}×${lo}, ${plural(lo * lo, 'sample')}) and ${groupDigits(squareConvParams(hi, c, c))} (${hi}×${hi}, ${plural(hi * hi, 'sample')})`;
  return (
    `With C_in = C_out = ${c}, AKConv with N = ${numParam} has ${groupDigits(total)} weights ` +
    `(${groupDigits(column)} in the column conv, ${groupDigits(offset)} in the offset conv); ${square}. ` +
    `Each extra sample adds ${groupDigits(akconvParams(1, c, c))} to AKConv, while the next square kernel ` +
    `${hi}×${hi} → ${hi + 1}×${hi + 1} adds ${groupDigits(squareConvParams(hi + 1, c, c) - squareConvParams(hi, c, c))} at once.`
  );
}

// ---------------------------------------------------------------------------
// Controls and the shape editor
// ---------------------------------------------------------------------------

/** A whole number typed into a field, or null when it is not one or lies outside [min, max]. */
export function parseBoundedInt(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const v = Number(t);
  return v >= min && v <= max ? v : null;
}

/**
 * The settings patch for a new num_param. A drawn shape must keep
 * customShape.length === numParam (the URL codec insists on it), so a drawn
 * shape with another point count is dropped.
 */
export function numParamPatch(
  numParam: number,
  customShape: readonly SamplePoint[] | null,
): { numParam: number; customShape?: null } {
  return customShape && customShape.length !== numParam ? { numParam, customShape: null } : { numParam };
}

/** Side of the shape editor's square grid of cells. */
export const EDITOR_SIZE = 6;

export function pointKey(p: SamplePoint): string {
  return `${p.row},${p.col}`;
}

/** Adds a cell at the end of the shape, or removes it (the others keep their order). */
export function toggleCell(points: readonly SamplePoint[], cell: SamplePoint): SamplePoint[] {
  const key = pointKey(cell);
  const i = points.findIndex((p) => pointKey(p) === key);
  if (i >= 0) return points.filter((_, j) => j !== i);
  return [...points, { row: cell.row, col: cell.col }];
}

/** Sample index of each cell of the shape, by "row,col". */
export function indexByCell(points: readonly SamplePoint[]): Map<string, number> {
  return new Map(points.map((p, i) => [pointKey(p), i]));
}

/** Where focus goes in a size x size grid for a key (arrows, Home, End; with ctrl, Home/End go to the corners); null for other keys. */
export function moveFocus(from: SamplePoint, key: string, size: number, ctrl = false): SamplePoint | null {
  const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(from.row - 1), col: from.col };
    case 'ArrowDown':
      return { row: clamp(from.row + 1), col: from.col };
    case 'ArrowLeft':
      return { row: from.row, col: clamp(from.col - 1) };
    case 'ArrowRight':
      return { row: from.row, col: clamp(from.col + 1) };
    case 'Home':
      return { row: ctrl ? 0 : from.row, col: 0 };
    case 'End':
      return { row: ctrl ? size - 1 : from.row, col: size - 1 };
    default:
      return null;
  }
}

/** The points of a shape that the editor can show: whole-number cells inside its grid. */
export function editableCells(points: readonly SamplePoint[] | null, size = EDITOR_SIZE): { points: SamplePoint[]; dropped: number } {
  if (!points) return { points: [], dropped: 0 };
  const seen = new Set<string>();
  const kept: SamplePoint[] = [];
  for (const p of points) {
    const inside = Number.isInteger(p.row) && Number.isInteger(p.col) && p.row >= 0 && p.col >= 0 && p.row < size && p.col < size;
    if (!inside || seen.has(pointKey(p))) continue;
    seen.add(pointKey(p));
    kept.push({ row: p.row, col: p.col });
  }
  return { points: kept, dropped: points.length - kept.length };
}

export type ShapeCheck = { ok: true; shape: SamplePoint[] } | { ok: false; message: string };

/**
 * The most points a drawn shape may have: the URL keeps at most
 * LIMITS.customShapeCells of them, and num_param stays within its limit.
 */
export const MAX_DRAWN_POINTS = Math.min(LIMITS.customShapeCells, LIMITS.numParam.max);

/** Checks a drawn shape before it goes to the model (num_param = its point count, at most maxPoints). */
export function checkDrawnShape(points: readonly SamplePoint[], maxPoints = MAX_DRAWN_POINTS): ShapeCheck {
  if (points.length === 0) return { ok: false, message: 'The drawing is empty: click at least one cell (AKConv needs num_param ≥ 1).' };
  if (points.length > maxPoints) {
    return { ok: false, message: `The drawing has ${points.length} points; a drawn shape can have at most ${maxPoints}.` };
  }
  try {
    return { ok: true, shape: validateCustomShape(points, points.length) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Whether two shapes are the same points in the same order. */
export function sameShape(a: readonly SamplePoint[] | null, b: readonly SamplePoint[] | null): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((p, i) => p.row === b[i]?.row && p.col === b[i]?.col);
}

/** A shape as "(0, 0), (1, 2), ...". */
export function describePoints(points: readonly SamplePoint[]): string {
  return points.map((p) => `(${p.row}, ${p.col})`).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** An id from React's useId that is safe inside url(#...) and CSS selectors. */
export function svgId(reactId: string, suffix: string): string {
  return `sg-${reactId.replace(/[^A-Za-z0-9_-]/g, '')}-${suffix}`;
}

/**
 * The segment of an arrow from (x0, y0) to (x1, y1), trimmed by `trimStart`
 * and `trimEnd` so it starts and ends beside the labels; null when the two
 * ends are too close for an arrow.
 */
export function arrowSegment(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  trimStart: number,
  trimEnd: number,
): { x1: number; y1: number; x2: number; y2: number } | null {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy);
  if (len <= trimStart + trimEnd) return null;
  const ux = dx / len;
  const uy = dy / len;
  return { x1: x0 + ux * trimStart, y1: y0 + uy * trimStart, x2: x1 - ux * trimEnd, y2: y1 - uy * trimEnd };
}
