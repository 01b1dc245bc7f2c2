import { describe, expect, it } from 'vitest';
import type { SamplePoint } from '../../../src/common/geometry';
import { LIMITS } from '../../../src/state/settings';
import { checkDrawnShape, editableCells, indexByCell, MAX_DRAWN_POINTS, moveFocus, numParamPatch, sameShape, toggleCell } from '../../../src/ui/grid/editor-layout';

const pts = (list: [number, number][]): SamplePoint[] => list.map(([row, col]) => ({ row, col }));

describe('controls and the shape editor', () => {
    it('drops a drawn shape when N changes to another point count', () => {
    const shape = pts([[0, 0], [1, 1], [2, 2]]);
    expect(numParamPatch(7, null)).toEqual({ numParam: 7 });
    expect(numParamPatch(3, shape)).toEqual({ numParam: 3 });
    expect(numParamPatch(4, shape)).toEqual({ numParam: 4, customShape: null });
  });

  it('toggles cells, keeping the order points were added', () => {
    let shape: SamplePoint[] = [];
    shape = toggleCell(shape, { row: 1, col: 1 });
    shape = toggleCell(shape, { row: 0, col: 0 });
    shape = toggleCell(shape, { row: 2, col: 3 });
    expect(shape).toEqual(pts([[1, 1], [0, 0], [2, 3]]));
    shape = toggleCell(shape, { row: 0, col: 0 });
    expect(shape).toEqual(pts([[1, 1], [2, 3]]));
    expect(indexByCell(shape).get('2,3')).toBe(1);
  });

  it('moves focus with arrow keys, Home and End, inside the grid', () => {
    const at = { row: 2, col: 3 };
    expect(moveFocus(at, 'ArrowUp', 6)).toEqual({ row: 1, col: 3 });
    expect(moveFocus(at, 'ArrowDown', 6)).toEqual({ row: 3, col: 3 });
    expect(moveFocus(at, 'ArrowLeft', 6)).toEqual({ row: 2, col: 2 });
    expect(moveFocus(at, 'ArrowRight', 6)).toEqual({ row: 2, col: 4 });
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowUp', 6)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 5, col: 5 }, 'ArrowRight', 6)).toEqual({ row: 5, col: 5 });
    expect(moveFocus(at, 'Home', 6)).toEqual({ row: 2, col: 0 });
    expect(moveFocus(at, 'End', 6, true)).toEqual({ row: 5, col: 5 });
    expect(moveFocus(at, ' ', 6)).toBeNull();
    expect(moveFocus(at, 'Enter', 6)).toBeNull();
  });

  it('shows the cells of a shape that fit the editor', () => {
    expect(editableCells(null)).toEqual({ points: [], dropped: 0 });
    expect(editableCells(pts([[0, 0], [6, 0], [1, 0.5], [0, 0], [5, 5]]))).toEqual({ points: pts([[0, 0], [5, 5]]), dropped: 3 });
  });

  it('refuses an empty drawing with a clear message, and validates the rest', () => {
    const empty = checkDrawnShape([]);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.message).toMatch(/empty/);
    const tooMany = checkDrawnShape(Array.from({ length: 3 }, (_, i) => ({ row: 0, col: i })), 2);
    expect(tooMany.ok).toBe(false);
    // The URL keeps at most LIMITS.customShapeCells points.
    expect(MAX_DRAWN_POINTS).toBe(Math.min(LIMITS.customShapeCells, LIMITS.numParam.max));
    const seventeen = Array.from({ length: MAX_DRAWN_POINTS + 1 }, (_, i) => ({ row: Math.floor(i / 6), col: i % 6 }));
    expect(checkDrawnShape(seventeen).ok).toBe(false);
    expect(checkDrawnShape(seventeen.slice(1)).ok).toBe(true);
    const bad = checkDrawnShape([{ row: Number.NaN, col: 0 }]);
    expect(bad.ok).toBe(false);
    const ok = checkDrawnShape(pts([[0, 0], [1, 2]]));
    expect(ok).toEqual({ ok: true, shape: pts([[0, 0], [1, 2]]) });
  });

  it('compares shapes point by point, in order', () => {
    expect(sameShape(null, null)).toBe(true);
    expect(sameShape(null, [])).toBe(false);
    expect(sameShape(pts([[0, 0], [1, 1]]), pts([[0, 0], [1, 1]]))).toBe(true);
    expect(sameShape(pts([[0, 0], [1, 1]]), pts([[1, 1], [0, 0]]))).toBe(false);
  });
});
