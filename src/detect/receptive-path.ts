/**
 * From a head cell down to an AKConv layer: which output pixels of the
 * AKConv's map lie under the cell. Every layer between them (convs, SPPF,
 * nearest upsampling, concatenation) keeps positions aligned, so a map at
 * stride S puts output pixel (r, c) over input pixels [c S, (c + 1) S) x
 * [r S, (r + 1) S), as `sampling-field.ts` does for its cells. The head cell
 * (gy, gx) at stride s covers [gx s, (gx + 1) s) x [gy s, (gy + 1) s); the
 * pixel under its centre is the one the panels select, and a cell coarser
 * than the AKConv map covers a block of them.
 *
 * Which positions that pixel *samples* is another question, answered by the
 * sampling field (p_0 + p_n + offsets; with the seed's `xy` grid, p_0 is not
 * under the pixel at all).
 */
import { outputSize } from '../model/geometry';
import type { DetectionProvenance } from './provenance';
import { cellCentre } from './provenance';
import type { ImagePoint, OutputPixel } from './sampling-field';

/** An AKConv's output map on one input size. */
export interface AKConvMap {
  /** Input pixels per output pixel: the sampled map's stride times the AKConv's own. */
  stride: number;
  h: number;
  w: number;
}

export interface ReceptivePath {
  /** The head cell's centre, in input pixels. */
  centre: ImagePoint;
  /** The AKConv output pixel under that centre, [row, col]. */
  pixel: OutputPixel;
  /** The block of AKConv output pixels the cell covers: first and last row, first and last column. */
  rows: [number, number];
  cols: [number, number];
}

/**
 * The output map of an AKConv that samples a map of stride `inputStride`
 * with its own stride `akconvStride`, on an input of `height` x `width`.
 */
export function akconvMap(inputStride: number, akconvStride: number, height: number, width: number): AKConvMap {
  for (const [name, v] of [['input stride', inputStride], ['AKConv stride', akconvStride]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`the ${name} must be a positive integer, got ${v}`);
  }
  const size = outputSize(Math.ceil(height / inputStride), Math.ceil(width / inputStride), akconvStride);
  return { stride: inputStride * akconvStride, ...size };
}

/** The AKConv output pixels under the detection's head cell. */
export function receptivePath(p: Pick<DetectionProvenance, 'stride' | 'gy' | 'gx'>, map: AKConvMap): ReceptivePath {
  const centre = cellCentre(p);
  const clampTo = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const span = (g: number, n: number): [number, number] => [
    clampTo(Math.floor((g * p.stride) / map.stride), n),
    clampTo(Math.ceil(((g + 1) * p.stride) / map.stride) - 1, n),
  ];
  return {
    centre,
    pixel: [clampTo(Math.floor(centre.y / map.stride), map.h), clampTo(Math.floor(centre.x / map.stride), map.w)],
    rows: span(p.gy, map.h),
    cols: span(p.gx, map.w),
  };
}
