/**
 * The base grid p_0 drawn for a small feature map: where each output pixel
 * starts under each convention, and the caption that says what kind of map
 * that is (identity, transposed, scrambled). Pure; from `src/model/geometry.ts`.
 */
import type { GridConvention, SamplePoint } from '../../common/geometry';
import { basePosition } from '../../model/geometry';

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
