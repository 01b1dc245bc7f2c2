/**
 * The learned-offsets field of one AKConv: where each output pixel's N samples
 * land, learned (p_0 + p_n + offsets) and initial (p_0 + p_n), in pixels of the
 * network's (letterboxed) input image. Pure functions of plain arrays: no
 * tfjs, no React, no three.js, so the page's panels can import them without
 * loading tfjs (test/architecture/imports.test.ts checks). Making a field from
 * a model's forward pass is `sampling-field-capture.ts`, on the engine side.
 *
 * ## Coordinates
 *
 * - **Cells**: a position (row, col) in the feature map that the AKConv
 *   samples, as the model computes it (before clamping). Output pixel (r, c)
 *   of an h x w AKConv output has N such positions (`AKConvLayer.positions`,
 *   laid out [h, w, 2N]: rows of the N samples, then their columns).
 * - **Image pixels**: continuous coordinates on the input image, origin at
 *   the top-left corner of the image, x to the right, y down; image pixel
 *   (i, j) covers [j, j + 1) x [i, i + 1). The sampled map has stride
 *   `inputStride` (image pixels per cell), and cell (row, col) covers image
 *   pixels [col * s, (col + 1) * s) x [row * s, (row + 1) * s), so a position
 *   in cells maps to the centre of that patch:
 *
 *       x = (col + 0.5) * inputStride,   y = (row + 0.5) * inputStride
 *
 *   linearly for fractional positions too (an offset of 1 cell moves a sample
 *   by inputStride image pixels). This is the usual "cell centre" convention;
 *   the receptive-field centre of a YOLOv5 cell can differ from it by a pixel
 *   or so, which does not matter at the panel's scale.
 * - **Base position** of an output pixel: p_0(r, c) in cells, mapped the
 *   same way. It is *not* (r, c) * stride in general: with the seed's `xy`
 *   convention p_0 is the transpose of the map on square maps and a scramble
 *   on other shapes (geometry.ts). Everything here reads p_0 from the initial
 *   layout it is given (`basePlusShape`), never from (r, c).
 *
 * Offset lengths are in cells: |learned - initial| = |offset(r, c, n)|.
 */
import type { GridConvention, SamplePoint } from '../model/geometry';

/** A point on the input image, in image pixels (see the module comment). */
export interface ImagePoint {
  x: number;
  y: number;
}

/** An output pixel of the AKConv: [row, col] (as `settings.pixel`). */
export type OutputPixel = [number, number];

export interface OffsetStats {
  /** Mean and largest |offset| over every output pixel and sample, in cells. */
  mean: number;
  max: number;
  /** How many samples the statistics cover (h * w * N finite ones). */
  count: number;
}

/**
 * Per output pixel and sample, in image pixels. The arrays named per sample
 * have h * w * N entries, sample i of output pixel (r, c) at (r * w + c) * N + i;
 * those named per pixel have h * w entries, pixel (r, c) at r * w + c.
 */
export interface SamplingField {
  /** AKConv output size and number of samples per output pixel. */
  h: number;
  w: number;
  n: number;
  /** Image pixels per cell of the sampled map. */
  inputStride: number;
  /** Learned sampling positions (before clamping), per sample. */
  learnedX: Float32Array;
  learnedY: Float32Array;
  /** Initial positions p_0 + p_n, per sample. */
  initialX: Float32Array;
  initialY: Float32Array;
  /** |learned - initial| in cells, per sample. */
  offset: Float32Array;
  /** p_0 of each output pixel, per pixel. */
  baseX: Float32Array;
  baseY: Float32Array;
  stats: OffsetStats;
  /** The inputs, in cells, laid out [h, w, 2N] as `AKConvLayer.positions` (not copied). */
  cells: { learned: Float32Array; initial: Float32Array };
}

/** One sample of one output pixel. */
export interface SampleInfo {
  /** n, the sample's index (channels n and N + n of the offsets). */
  index: number;
  learned: ImagePoint;
  initial: ImagePoint;
  learnedCell: SamplePoint;
  initialCell: SamplePoint;
  /** |learned - initial| in cells. */
  offset: number;
}

/** Cells of the sampled map to image pixels (the module's convention). */
export function cellToImage(cell: SamplePoint, inputStride: number): ImagePoint {
  return { x: (cell.col + 0.5) * inputStride, y: (cell.row + 0.5) * inputStride };
}

/** Image pixels to cells of the sampled map (the inverse of `cellToImage`). */
export function imageToCell(point: ImagePoint, inputStride: number): SamplePoint {
  return { row: point.y / inputStride - 0.5, col: point.x / inputStride - 0.5 };
}

/**
 * Builds the field from an AKConv's sampling positions and the matching
 * initial layout.
 *
 * @param positions learned positions in cells, [h, w, 2N] (rows of the N
 *   samples, then their columns), e.g. a captured `positions` tensor's data.
 * @param stride the sampled map's stride in input-image pixels (the site's
 *   `inputStride`), not the AKConv's own stride.
 * @param initial `basePlusShape(h, w, akconvStride, convention, shape)` for
 *   the same h and w: p_0 + p_n in the same layout.
 *
 * p_0 is read from `initial`: p_0(0, 0) = (0, 0) in both conventions
 * (geometry.ts), so pixel (0, 0)'s initial samples are p_n itself and
 * p_0(r, c) = initial(r, c, 0) - initial(0, 0, 0).
 */
export function samplingField(positions: Float32Array, h: number, w: number, n: number, stride: number, initial: Float32Array): SamplingField {
  for (const [name, v] of [['h', h], ['w', w], ['n', n]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`the sampling field's ${name} must be a positive integer, got ${v}`);
  }
  if (!(stride > 0) || !Number.isFinite(stride)) throw new RangeError(`the sampled map's stride must be a positive number of image pixels, got ${stride}`);
  const size = h * w * 2 * n;
  if (positions.length !== size) throw new RangeError(`expected ${size} sampling positions for a ${h} x ${w} map with ${n} samples, got ${positions.length}`);
  if (initial.length !== size) throw new RangeError(`expected ${size} initial positions (basePlusShape for ${h} x ${w}, ${n} samples), got ${initial.length}`);

  const pixels = h * w;
  const learnedX = new Float32Array(pixels * n);
  const learnedY = new Float32Array(pixels * n);
  const initialX = new Float32Array(pixels * n);
  const initialY = new Float32Array(pixels * n);
  const offset = new Float32Array(pixels * n);
  const baseX = new Float32Array(pixels);
  const baseY = new Float32Array(pixels);
  const shapeRow0 = initial[0] as number;
  const shapeCol0 = initial[n] as number;
  let sum = 0;
  let max = 0;
  let count = 0;
  for (let k = 0; k < pixels; k++) {
    const at = k * 2 * n;
    baseY[k] = ((initial[at] as number) - shapeRow0 + 0.5) * stride;
    baseX[k] = ((initial[at + n] as number) - shapeCol0 + 0.5) * stride;
    for (let i = 0; i < n; i++) {
      const lr = positions[at + i] as number;
      const lc = positions[at + n + i] as number;
      const ir = initial[at + i] as number;
      const ic = initial[at + n + i] as number;
      const j = k * n + i;
      learnedY[j] = (lr + 0.5) * stride;
      learnedX[j] = (lc + 0.5) * stride;
      initialY[j] = (ir + 0.5) * stride;
      initialX[j] = (ic + 0.5) * stride;
      const len = Math.hypot(lr - ir, lc - ic);
      offset[j] = len;
      if (Number.isFinite(len)) {
        sum += len;
        if (len > max) max = len;
        count++;
      }
    }
  }
  return {
    h,
    w,
    n,
    inputStride: stride,
    learnedX,
    learnedY,
    initialX,
    initialY,
    offset,
    baseX,
    baseY,
    stats: { mean: count ? sum / count : 0, max, count },
    cells: { learned: positions, initial },
  };
}

function checkPixel(field: SamplingField, r: number, c: number): number {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= field.h || c >= field.w) {
    throw new RangeError(`output pixel (${r}, ${c}) is outside the ${field.h} x ${field.w} map`);
  }
  return r * field.w + c;
}

/** The N samples of output pixel (r, c), in sample order. */
export function samplesOfPixel(field: SamplingField, r: number, c: number): SampleInfo[] {
  const k = checkPixel(field, r, c);
  const { n } = field;
  const out: SampleInfo[] = [];
  for (let i = 0; i < n; i++) {
    const j = k * n + i;
    out.push({
      index: i,
      learned: { x: field.learnedX[j] as number, y: field.learnedY[j] as number },
      initial: { x: field.initialX[j] as number, y: field.initialY[j] as number },
      learnedCell: { row: field.cells.learned[k * 2 * n + i] as number, col: field.cells.learned[k * 2 * n + n + i] as number },
      initialCell: { row: field.cells.initial[k * 2 * n + i] as number, col: field.cells.initial[k * 2 * n + n + i] as number },
      offset: field.offset[j] as number,
    });
  }
  return out;
}

/** p_0 of output pixel (r, c), in image pixels. */
export function baseOf(field: SamplingField, r: number, c: number): ImagePoint {
  const k = checkPixel(field, r, c);
  return { x: field.baseX[k] as number, y: field.baseY[k] as number };
}

/**
 * The output pixel whose base position p_0 is nearest to an image point (ties:
 * the first in row-major order), or null for a non-finite point. Works for
 * any layout of p_0 (the `xy` transpose and scramble included): it searches
 * the base positions, it never assumes (r, c) * stride.
 */
export function pixelAt(field: SamplingField, imageX: number, imageY: number): OutputPixel | null {
  if (!Number.isFinite(imageX) || !Number.isFinite(imageY)) return null;
  let best = -1;
  let bestD = Infinity;
  const { baseX, baseY } = field;
  for (let k = 0; k < baseX.length; k++) {
    const dx = (baseX[k] as number) - imageX;
    const dy = (baseY[k] as number) - imageY;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best < 0 ? null : [Math.floor(best / field.w), best % field.w];
}

/** A pixel clamped into the field's map (null stays null). */
export function clampPixel(field: SamplingField, pixel: readonly [number, number] | null): OutputPixel | null {
  if (!pixel) return null;
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, Math.round(Number.isFinite(v) ? v : 0)));
  return [clamp(pixel[0], field.h - 1), clamp(pixel[1], field.w - 1)];
}

/**
 * The output pixel one step from `pixel` on the image: the nearest one whose
 * base position lies in direction (dRow, dCol) (one of the four axis
 * directions), or `pixel` itself at the edge. Arrow keys use it, so they move
 * on the image even where the `xy` grid scrambles (r, c).
 */
export function stepPixel(field: SamplingField, pixel: readonly [number, number], dRow: number, dCol: number): OutputPixel {
  const [r, c] = clampPixel(field, pixel) as OutputPixel;
  const k0 = r * field.w + c;
  const x0 = field.baseX[k0] as number;
  const y0 = field.baseY[k0] as number;
  const eps = 1e-3 * field.inputStride;
  let best = k0;
  let bestD = Infinity;
  for (let k = 0; k < field.baseX.length; k++) {
    const dx = (field.baseX[k] as number) - x0;
    const dy = (field.baseY[k] as number) - y0;
    // Along the step's axis, in its direction; across it, the nearest line.
    const along = dCol !== 0 ? dx * Math.sign(dCol) : dy * Math.sign(dRow);
    const across = dCol !== 0 ? Math.abs(dy) : Math.abs(dx);
    if (along <= eps) continue;
    const d = along + 4 * across;
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return [Math.floor(best / field.w), best % field.w];
}

/** A computed field with what it was computed from. */
export interface ComputedField extends SamplingField {
  site: string;
  layerIndex: number;
  convention: GridConvention;
  /** The AKConv's own stride (p_0's spacing in cells). */
  akconvStride: number;
  /** The initial shape p_n the layer used. */
  shape: SamplePoint[];
  /** Size of the input image, in pixels. */
  image: { width: number; height: number };
}

/** What the field of a site needs from the layer, read before the forward pass so the field says what that pass used. */
export interface SiteGeometry {
  site: string;
  layerIndex: number;
  inputStride: number;
  convention: GridConvention;
  akconvStride: number;
  shape: SamplePoint[];
  n: number;
}
