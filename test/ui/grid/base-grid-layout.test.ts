import { describe, expect, it } from 'vitest';
import type { GridConvention } from '../../../src/common/geometry';
import { baseGrid, basePosition } from '../../../src/model/geometry';
import { baseGridCaption, baseGridDrawing, baseGridKind } from '../../../src/ui/grid/base-grid-layout';
import { arrowSegment } from '../../../src/ui/grid/svg';

const CONVS: GridConvention[] = ['xy', 'ij'];

describe('base grid drawing', () => {
  it('places every output pixel at basePosition(r, c, h, w, 1, convention), one per cell, for maps up to 16 x 16', () => {
    for (let h = 1; h <= 16; h++) {
      for (let w = 1; w <= 16; w++) {
        for (const convention of CONVS) {
          const d = baseGridDrawing(h, w, convention, 40, 20);
          const grid = baseGrid(h, w, 1, convention);
          expect(d.cells).toHaveLength(h * w);
          const taken = new Set<string>();
          const wrong: string[] = [];
          for (const [k, cell] of d.cells.entries()) {
            const p = basePosition(cell.r, cell.c, h, w, 1, convention);
            const ok =
              cell.r * w + cell.c === k &&
              cell.at.row === p.row &&
              cell.at.col === p.col &&
              grid.rows[k] === p.row &&
              grid.cols[k] === p.col &&
              cell.x === 20 + (p.col + 0.5) * 40 &&
              cell.y === 20 + (p.row + 0.5) * 40 &&
              cell.label === `${cell.r},${cell.c}` &&
              cell.moved === (p.row !== cell.r || p.col !== cell.c);
            if (!ok) wrong.push(`${h}x${w} ${convention} pixel ${k}`);
            taken.add(`${cell.at.row},${cell.at.col}`);
          }
          expect(wrong).toEqual([]);
          // p_0 is a permutation of the map's cells: every cell shows one label.
          expect(taken.size).toBe(h * w);
          const kind = baseGridKind(h, w, convention);
          if (kind === 'identity') expect(d.moved).toBe(0);
          if (kind === 'transposed') {
            expect(d.moved).toBe(h * h - h);
            expect(d.cells.every((cell) => cell.at.row === cell.c && cell.at.col === cell.r)).toBe(true);
          }
          if (kind === 'scrambled') expect(d.moved).toBeGreaterThan(0);
        }
      }
    }
  });

  it('names what each convention does', () => {
    expect(baseGridKind(4, 4, 'ij')).toBe('identity');
    expect(baseGridKind(4, 6, 'ij')).toBe('identity');
    expect(baseGridKind(4, 4, 'xy')).toBe('transposed');
    expect(baseGridKind(4, 6, 'xy')).toBe('scrambled');
    expect(baseGridKind(1, 6, 'xy')).toBe('identity');
    expect(baseGridKind(6, 1, 'xy')).toBe('identity');
    expect(baseGridKind(1, 1, 'xy')).toBe('identity');
  });

  it('captions the current shape', () => {
    expect(baseGridCaption(4, 6, 'ij')).toBe('ij (the official code) on a 4 × 6 map: identity. Output pixel (r, c) starts at (r, c).');
    expect(baseGridCaption(4, 4, 'xy')).toContain('transposed. Output pixel (r, c) starts at (c, r); 12 of 16 pixels');
    expect(baseGridCaption(4, 6, 'xy')).toContain('scrambled. Output pixel (r, c) starts at ((r·6 + c) mod 4, ⌊(r·6 + c) / 4⌋)');
    expect(baseGridCaption(4, 6, 'xy')).toContain(`${baseGridDrawing(4, 6, 'xy').moved} of 24 pixels`);
    expect(baseGridCaption(1, 5, 'xy')).toContain('identity. With a single row');
    expect(baseGridCaption(5, 1, 'xy')).toContain('identity. With a single column');
    expect(() => baseGridCaption(0, 3, 'xy')).toThrowError(/rows and columns/);
  });

  it('the 4 x 6 default: pixel (0, 1) starts at (1, 0) in xy', () => {
    const d = baseGridDrawing(4, 6, 'xy');
    expect(d.cells[1]).toMatchObject({ r: 0, c: 1, label: '0,1', at: { row: 1, col: 0 }, moved: true });
  });

  it('trims arrows so they leave the labels free', () => {
    expect(arrowSegment(0, 0, 10, 0, 2, 3)).toEqual({ x1: 2, y1: 0, x2: 7, y2: 0 });
    expect(arrowSegment(0, 0, 3, 4, 1, 1)).toEqual({ x1: 0.6, y1: 0.8, x2: 2.4, y2: 3.2 });
    expect(arrowSegment(0, 0, 1, 0, 1, 1)).toBeNull();
  });
});
