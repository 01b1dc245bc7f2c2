/**
 * Where a detection came from in the head: the prediction row NMS kept,
 * read back as (level, anchor, grid cell). The head concatenates its levels
 * in order, and within level i (stride s_i, an ny x nx grid, na anchors)
 * lays its rows out as [anchor, gy, gx] (YOLOv5's view(bs, na, no, ny, nx)
 * permuted), so
 *
 *     row = offset_i + (a * ny + gy) * nx + gx,   offset_i = na * sum_{j<i} ny_j * nx_j.
 *
 * The decode at that row is xy = (2 sigmoid(t) + (gx, gy) - 0.5) * s_i and
 * wh = (2 sigmoid(t))^2 * anchor_a (heads.ts), so the cell's centre, where
 * sigmoid(t) = 0.5 puts the box centre, is ((gx + 0.5) s_i, (gy + 0.5) s_i).
 */
import type { ImagePoint } from './sampling-field';

/** One level of the head on one input size. */
export interface HeadLevel {
  /** Input pixels per grid cell. */
  stride: number;
  ny: number;
  nx: number;
  /** [w, h] of each anchor, in input pixels. */
  anchors: readonly (readonly number[])[];
}

/** Where one prediction row of the head comes from. */
export interface DetectionProvenance {
  /** The raw prediction row (before NMS). */
  row: number;
  /** Head level (0 = the finest). */
  level: number;
  /** That level's stride, in input pixels. */
  stride: number;
  /** Anchor index within the level. */
  anchor: number;
  /** The anchor's [w, h] in input pixels. */
  anchorSize: [number, number];
  /** Grid cell: row and column at the level's stride. */
  gy: number;
  gx: number;
}

/**
 * The head's levels on an input of `height` x `width` (multiples of the
 * largest stride, as the model requires).
 * @param anchors per level [na][w, h] in pixels, as `YoloModel.anchorsInPixels()`.
 */
export function headLevels(strides: readonly number[], anchors: readonly (readonly (readonly number[])[])[], height: number, width: number): HeadLevel[] {
  if (anchors.length !== strides.length) throw new Error(`the head has ${strides.length} strides but anchors for ${anchors.length} levels`);
  return strides.map((stride, i) => {
    if (!(stride > 0) || height % stride !== 0 || width % stride !== 0) {
      throw new RangeError(`a ${height} x ${width} input is not a whole number of stride-${stride} cells`);
    }
    return { stride, ny: height / stride, nx: width / stride, anchors: anchors[i] ?? [] };
  });
}

/** How many prediction rows the levels produce. */
export function predictionRows(levels: readonly HeadLevel[]): number {
  return levels.reduce((sum, l) => sum + l.anchors.length * l.ny * l.nx, 0);
}

/** The (level, anchor, cell) of prediction row `row`. */
export function provenanceOfRow(levels: readonly HeadLevel[], row: number): DetectionProvenance {
  if (!Number.isInteger(row) || row < 0) throw new RangeError(`prediction row ${row} is not a non-negative integer`);
  let rest = row;
  for (const [level, l] of levels.entries()) {
    const cells = l.ny * l.nx;
    const rows = l.anchors.length * cells;
    if (rest >= rows) {
      rest -= rows;
      continue;
    }
    const anchor = Math.floor(rest / cells);
    const cell = rest - anchor * cells;
    const [w = 0, h = 0] = l.anchors[anchor] ?? [];
    return { row, level, stride: l.stride, anchor, anchorSize: [w, h], gy: Math.floor(cell / l.nx), gx: cell % l.nx };
  }
  throw new RangeError(`prediction row ${row} is beyond the head's ${predictionRows(levels)} rows`);
}

/** The prediction row of (level, anchor, gy, gx): the inverse of `provenanceOfRow`. */
export function rowOfCell(levels: readonly HeadLevel[], where: Pick<DetectionProvenance, 'level' | 'anchor' | 'gy' | 'gx'>): number {
  const l = levels[where.level];
  if (!l) throw new RangeError(`the head has no level ${where.level}`);
  const inside = (v: number, n: number) => Number.isInteger(v) && v >= 0 && v < n;
  if (!inside(where.anchor, l.anchors.length) || !inside(where.gy, l.ny) || !inside(where.gx, l.nx)) {
    throw new RangeError(`anchor ${where.anchor}, cell (${where.gy}, ${where.gx}) is outside level ${where.level} (${l.anchors.length} anchors, ${l.ny} x ${l.nx} cells)`);
  }
  const offset = predictionRows(levels.slice(0, where.level));
  return offset + (where.anchor * l.ny + where.gy) * l.nx + where.gx;
}

/** The centre of the detection's grid cell, in (letterboxed) input pixels. */
export function cellCentre(p: Pick<DetectionProvenance, 'stride' | 'gy' | 'gx'>): ImagePoint {
  return { x: (p.gx + 0.5) * p.stride, y: (p.gy + 0.5) * p.stride };
}
