/**
 * "How AKConv computes one output pixel": the arithmetic of one AKConv for one
 * output pixel, step by step, from the layer's real input map and weights, as
 * plain numbers the explainer panel shows. It redoes on the host what the
 * model does on the device (akconv.ts and kernels/akconv-sample-host.ts), so
 * a test can hold its output vector against the layer's forward.
 *
 * The steps: (a) p_0 in the chosen convention, and where the other would put
 * it; (b) + p_n; (c) p_conv's 3x3 window and the 2N offsets it gives;
 * (d) p = p_0 + p_n + offset and the seed's clamping; (e) the four bilinear
 * corners of each sample with their weights; (f) the N sampled vectors
 * stacked as rows; (g) the column conv (BatchNorm folded), then SiLU.
 */
import type { AKConvWeights } from '../model/akconv';
import type { GridConvention, SamplePoint } from '../model/geometry';
import { basePosition, offsetChannels, outputSize } from '../model/geometry';
import { seedAxis } from '../model/kernels/akconv-sample-host';
import type { OutputPixel, SiteGeometry } from './sampling-field';

/** What the explainer needs from one forward pass: the AKConv's input map, weights and geometry. */
export interface ExplainSource {
  geometry: SiteGeometry;
  /** The AKConv's input feature map, NHWC of the first image: [h, w, c] row-major. */
  map: { data: Float32Array; h: number; w: number; c: number };
  weights: AKConvWeights;
}

/** One of the seed's bilinear corners: a cell of the input map and its weight. */
export interface BilinearCorner {
  row: number;
  col: number;
  weight: number;
}

/** One sample n of the pixel, from its initial position to its feature vector. */
export interface ExplainSample {
  index: number;
  /** p_n: the initial shape's point. */
  shape: SamplePoint;
  /** p_0 + p_n. */
  initial: SamplePoint;
  /** p_conv's channels n (row) and N + n (column). */
  offset: SamplePoint;
  /** p = p_0 + p_n + offset, before clamping. */
  position: SamplePoint;
  /** p clamped into the map (what the weights use). */
  clamped: SamplePoint;
  /**
   * Per axis, whether both corners fell on the same border cell, so that
   * cell is read with weight 2 on that axis (the seed's clamping; happens
   * when p lies outside the map, or exactly on its last row or column).
   */
  border: { row: boolean; col: boolean };
  /** Whether p lies outside the map on that axis (before clamping). */
  outside: { row: boolean; col: boolean };
  /** lt, rb, (lt row, rb col), (rb row, lt col): the model's order. */
  corners: BilinearCorner[];
  /** The sampled feature vector (C values). */
  values: number[];
}

export interface ExplainTrace {
  site: string;
  layerIndex: number;
  convention: GridConvention;
  pixel: OutputPixel;
  /** The AKConv's output size and its input map's size, in cells. */
  out: { h: number; w: number };
  map: { h: number; w: number };
  stride: number;
  /** Image pixels per cell of the input map. */
  inputStride: number;
  channelsIn: number;
  channelsOut: number;
  /** (a) p_0 in the chosen convention, and in the other one. */
  base: SamplePoint;
  otherConvention: GridConvention;
  otherBase: SamplePoint;
  /** (c) p_conv's window: its top-left input cell (the 3x3 cells from there; those outside are zero padding). */
  window: { top: number; left: number; size: [number, number] };
  /** (c) the mean over channels of each window cell, row-major (null: padding), to show what the conv saw. */
  windowMeans: (number | null)[];
  /** (c) p_conv's 2N outputs at this pixel: rows of the N samples, then their columns. */
  offsets: number[];
  /** (b), (d), (e), (f) per sample. */
  samples: ExplainSample[];
  /** (g) the column conv with BatchNorm folded, before SiLU (O values). */
  preActivation: number[];
  /** (g) SiLU of it: the layer's output vector at this pixel. */
  output: number[];
}

const f32 = Math.fround;

/** The trace of output pixel `pixel` of the source's AKConv. */
export function explainPixel(source: ExplainSource, pixel: OutputPixel): ExplainTrace {
  const { geometry, map, weights } = source;
  checkSource(source);
  const out = outputSize(map.h, map.w, geometry.akconvStride);
  const [r, c] = pixel;
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= out.h || c >= out.w) {
    throw new RangeError(`output pixel (${r}, ${c}) is outside the ${out.h} x ${out.w} map of ${geometry.site}`);
  }
  const otherConvention: GridConvention = geometry.convention === 'ij' ? 'xy' : 'ij';
  const base = basePosition(r, c, out.h, out.w, geometry.akconvStride, geometry.convention);
  const window = { top: r * geometry.akconvStride - 1, left: c * geometry.akconvStride - 1, size: weights.kernelSize };
  const offsets = offsetConv(source, window.top, window.left);
  const samples = geometry.shape.map((p, n) => sampleOf(source, n, p, base, offsets));
  const preActivation = columnConv(weights, samples);
  return {
    site: geometry.site,
    layerIndex: geometry.layerIndex,
    convention: geometry.convention,
    pixel: [r, c],
    out,
    map: { h: map.h, w: map.w },
    stride: geometry.akconvStride,
    inputStride: geometry.inputStride,
    channelsIn: map.c,
    channelsOut: weights.channelsOut,
    base,
    otherConvention,
    otherBase: basePosition(r, c, out.h, out.w, geometry.akconvStride, otherConvention),
    window,
    windowMeans: windowMeans(map, window),
    offsets,
    samples,
    preActivation,
    output: preActivation.map(silu),
  };
}

function checkSource({ geometry, map, weights }: ExplainSource): void {
  const n = geometry.shape.length;
  if (map.data.length !== map.h * map.w * map.c) throw new RangeError(`the input map holds ${map.data.length} values, not ${map.h} x ${map.w} x ${map.c}`);
  if (weights.channelsIn !== map.c) throw new RangeError(`${geometry.site}'s p_conv reads ${weights.channelsIn} channels but its input map has ${map.c}`);
  if (weights.numParam !== n) throw new RangeError(`${geometry.site} has ${weights.numParam} samples but its shape has ${n} points`);
}

/** p_conv at one output pixel: bias + the 3x3 window (zero padding outside the map) times the HWIO kernel. */
function offsetConv({ map, weights }: ExplainSource, top: number, left: number): number[] {
  const [kh, kw] = weights.kernelSize;
  const twoN = 2 * weights.numParam;
  const sums = Array.from(weights.offsetBias);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const row = top + i;
      const col = left + j;
      if (row < 0 || col < 0 || row >= map.h || col >= map.w) continue;
      const cell = (row * map.w + col) * map.c;
      for (let ch = 0; ch < map.c; ch++) {
        const v = map.data[cell + ch] as number;
        const k = ((i * kw + j) * map.c + ch) * twoN;
        for (let o = 0; o < twoN; o++) sums[o] = (sums[o] as number) + v * (weights.offsetKernel[k + o] as number);
      }
    }
  }
  return sums.map(f32);
}

function windowMeans(map: ExplainSource['map'], window: ExplainTrace['window']): (number | null)[] {
  const means: (number | null)[] = [];
  for (let i = 0; i < window.size[0]; i++) {
    for (let j = 0; j < window.size[1]; j++) {
      const row = window.top + i;
      const col = window.left + j;
      if (row < 0 || col < 0 || row >= map.h || col >= map.w) {
        means.push(null);
        continue;
      }
      let sum = 0;
      for (let ch = 0; ch < map.c; ch++) sum += map.data[(row * map.w + col) * map.c + ch] as number;
      means.push(sum / map.c);
    }
  }
  return means;
}

function sampleOf({ geometry, map }: ExplainSource, n: number, shape: SamplePoint, base: SamplePoint, offsets: readonly number[]): ExplainSample {
  const channels = offsetChannels(n, geometry.shape.length);
  const offset = { row: offsets[channels.row] as number, col: offsets[channels.col] as number };
  const initial = { row: base.row + shape.row, col: base.col + shape.col };
  const position = { row: f32(offset.row + initial.row), col: f32(offset.col + initial.col) };
  const row = seedAxis(position.row, map.h - 1);
  const col = seedAxis(position.col, map.w - 1);
  const corners: BilinearCorner[] = [
    { row: row.lt, col: col.lt, weight: f32(row.wLt * col.wLt) },
    { row: row.rb, col: col.rb, weight: f32(row.wRb * col.wRb) },
    { row: row.lt, col: col.rb, weight: f32(row.wLt * col.wRb) },
    { row: row.rb, col: col.lt, weight: f32(row.wRb * col.wLt) },
  ];
  const values = new Array<number>(map.c).fill(0);
  for (const corner of corners) {
    const cell = (corner.row * map.w + corner.col) * map.c;
    for (let ch = 0; ch < map.c; ch++) values[ch] = (values[ch] as number) + (map.data[cell + ch] as number) * corner.weight;
  }
  return {
    index: n,
    shape: { row: shape.row, col: shape.col },
    initial,
    offset,
    position,
    clamped: { row: row.clamped, col: col.clamped },
    border: { row: row.lt === row.rb, col: col.lt === col.rb },
    outside: { row: position.row < 0 || position.row > map.h - 1, col: position.col < 0 || position.col > map.w - 1 },
    corners,
    values,
  };
}

/** The column conv (N, 1) over the stacked samples, BatchNorm folded in: bias + sum over n, c. */
function columnConv(weights: AKConvWeights, samples: readonly ExplainSample[]): number[] {
  const o = weights.channelsOut;
  const c = weights.channelsIn;
  const sums = Array.from(weights.mixBias);
  for (const s of samples) {
    for (let ch = 0; ch < c; ch++) {
      const v = s.values[ch] as number;
      const row = (s.index * c + ch) * o;
      for (let k = 0; k < o; k++) sums[k] = (sums[k] as number) + v * (weights.mixKernel[row + k] as number);
    }
  }
  return sums;
}

function silu(z: number): number {
  return z / (1 + Math.exp(-z));
}

/** The trace of the selected output pixel (clamped into the map; null: the middle one). */
export function explainSelected(source: ExplainSource, selected: readonly [number, number] | null): ExplainTrace {
  return explainPixel(source, explainedPixel(outputSize(source.map.h, source.map.w, source.geometry.akconvStride), selected));
}

/** The output pixel to explain: the selected one clamped into the map, or the middle one when none is selected. */
export function explainedPixel(out: { h: number; w: number }, selected: readonly [number, number] | null): OutputPixel {
  if (!selected) return [Math.floor(out.h / 2), Math.floor(out.w / 2)];
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, Math.round(Number.isFinite(v) ? v : 0)));
  return [clamp(selected[0], out.h - 1), clamp(selected[1], out.w - 1)];
}
