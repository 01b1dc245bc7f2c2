/**
 * The shape editor's rules: toggling cells, keyboard focus, which points it
 * can show, checking a drawn shape before it goes to the model, and keeping
 * a drawn shape consistent with N. Pure (no React, no DOM).
 */
import type { SamplePoint } from '../../common/geometry';
import { validateCustomShape } from '../../model/geometry';
import { LIMITS } from '../../state/settings';

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
