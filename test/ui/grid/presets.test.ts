import { describe, expect, it } from 'vitest';
import { validateCustomShape } from '../../../src/model/geometry';
import { OFFICIAL_N5_SHAPES, presetPoints } from '../../../src/ui/grid/presets';
import { checkDrawnShape, editableCells, EDITOR_SIZE } from '../../../src/ui/grid/editor-layout';

describe('official N = 5 presets', () => {
  // CV-ZhangXin/LDConv, "initial sampled shapes/get_p_n.py": _get_p_n1.._get_p_n5 as (p_n_x = rows, p_n_y = cols).
  const official: [number[], number[]][] = [
    [[0, 0, 1, 2, 2], [0, 2, 1, 0, 2]],
    [[0, 0, 0, 1, 1], [0, 1, 2, 0, 2]],
    [[0, 0, 0, 0, 1], [0, 1, 2, 3, 2]],
    [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]],
    [[0, 1, 1, 1, 2], [0, 1, 2, 3, 0]],
  ];

  it('are the five shapes of the official code, (a) to (e)', () => {
    expect(OFFICIAL_N5_SHAPES.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const [i, preset] of OFFICIAL_N5_SHAPES.entries()) {
      const [rows, cols] = official[i] as [number[], number[]];
      expect(presetPoints(preset)).toEqual(rows.map((row, j) => ({ row, col: cols[j] })));
      expect(preset.source).toBe(`_get_p_n${i + 1}`);
    }
  });

  it('are valid N = 5 shapes of distinct cells that fit the editor', () => {
    for (const preset of OFFICIAL_N5_SHAPES) {
      const points = presetPoints(preset);
      expect(validateCustomShape(points, 5)).toEqual(points);
      expect(new Set(points.map((p) => `${p.row},${p.col}`)).size).toBe(5);
      expect(editableCells(points, EDITOR_SIZE)).toEqual({ points, dropped: 0 });
      expect(checkDrawnShape(points)).toEqual({ ok: true, shape: points });
    }
  });
});
