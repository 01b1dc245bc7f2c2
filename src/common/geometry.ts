/**
 * The vocabulary of AKConv's sampling geometry that every layer shares: the
 * grid convention and a sampling point. The functions that compute with them
 * live in `src/model/geometry.ts`.
 */

/**
 * How the seed's `torch.meshgrid` calls lay out their grids.
 * - `xy`: the seed's code as written (`indexing='xy'`): meshgrid returns w x h
 *   arrays that are then viewed as h x w, so the base grid is transposed on
 *   square maps and scrambled on other shapes; the initial shape is
 *   enumerated column by column.
 * - `ij`: the official AKConv code (meshgrid's old default): p_0(r, c) =
 *   (r * stride, c * stride), and the initial shape is enumerated row by row.
 */
export type GridConvention = 'xy' | 'ij';

export const GRID_CONVENTIONS: readonly GridConvention[] = ['xy', 'ij'];

/**
 * The convention of a checkpoint that does not record one (no `indexing`
 * metadata, no `indexing` attribute on its AKConv modules): the seed's code
 * as written, which is what such a file was trained with. Every reader,
 * writer and loader that needs a fallback uses this constant.
 */
export const DEFAULT_CONVENTION: GridConvention = 'xy';

export function isGridConvention(value: unknown): value is GridConvention {
  return value === 'xy' || value === 'ij';
}

/** One sampling point, in feature-map cells. */
export interface SamplePoint {
  row: number;
  col: number;
}
