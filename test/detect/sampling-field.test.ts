import { describe, expect, it } from 'vitest';
import type { GridConvention } from '../../src/model/geometry';
import { basePlusShape, basePosition, initialShape } from '../../src/model/geometry';
import type { SamplingField } from '../../src/detect/sampling-field';
import { baseOf, cellToImage, clampPixel, imageToCell, pixelAt, samplesOfPixel, samplingField, stepPixel } from '../../src/detect/sampling-field';

/** A field with zero offsets: learned = initial = basePlusShape. */
function bareField(h: number, w: number, numParam: number, akStride: number, convention: GridConvention, inputStride: number): SamplingField {
  const initial = basePlusShape(h, w, akStride, convention, initialShape(numParam, convention));
  return samplingField(new Float32Array(initial), h, w, numParam, inputStride, initial);
}

describe('samplingField (pure)', () => {
  it('maps cells to image pixels at cell centres and measures offsets in cells', () => {
    const h = 2;
    const w = 3;
    const n = 2;
    const shape = [{ row: 0, col: 0 }, { row: 0, col: 1 }];
    const initial = basePlusShape(h, w, 1, 'ij', shape);
    const positions = new Float32Array(initial);
    // Pixel (1, 2), sample 1: offset (+3, -4) cells -> length 5.
    const k = 1 * w + 2;
    positions[k * 2 * n + 1]! += 3;
    positions[k * 2 * n + n + 1]! -= 4;
    const f = samplingField(positions, h, w, n, 8, initial);
    expect(f.stats.max).toBeCloseTo(5, 6);
    expect(f.stats.mean).toBeCloseTo(5 / (h * w * n), 6);
    expect(f.stats.count).toBe(h * w * n);
    const samples = samplesOfPixel(f, 1, 2);
    expect(samples).toHaveLength(2);
    expect(samples[0]).toMatchObject({ index: 0, offset: 0, initial: { x: (2 + 0.5) * 8, y: (1 + 0.5) * 8 }, initialCell: { row: 1, col: 2 } });
    expect(samples[1]).toMatchObject({ index: 1, offset: 5, initialCell: { row: 1, col: 3 }, learnedCell: { row: 4, col: -1 } });
    expect(samples[1]!.learned).toEqual({ x: (-1 + 0.5) * 8, y: (4 + 0.5) * 8 });
    expect(baseOf(f, 1, 2)).toEqual({ x: 2.5 * 8, y: 1.5 * 8 });
    expect(cellToImage({ row: 1, col: 2 }, 8)).toEqual({ x: 20, y: 12 });
    expect(imageToCell({ x: 20, y: 12 }, 8)).toEqual({ row: 1, col: 2 });
  });

  it('rejects mismatched sizes and pixels outside the map, each with one sentence', () => {
    const initial = basePlusShape(2, 2, 1, 'ij', initialShape(3, 'ij'));
    expect(() => samplingField(new Float32Array(5), 2, 2, 3, 8, initial)).toThrow(/expected 24 sampling positions/);
    expect(() => samplingField(new Float32Array(24), 2, 2, 3, 8, new Float32Array(3))).toThrow(/initial positions/);
    expect(() => samplingField(new Float32Array(24), 2, 2, 3, 0, initial)).toThrow(/stride/);
    const f = samplingField(new Float32Array(initial), 2, 2, 3, 8, initial);
    expect(() => samplesOfPixel(f, 2, 0)).toThrow(/outside the 2 x 2 map/);
    expect(clampPixel(f, [5, -3])).toEqual([1, 0]);
    expect(clampPixel(f, null)).toBeNull();
    expect(pixelAt(f, Number.NaN, 0)).toBeNull();
  });

  describe.each(['ij', 'xy'] as const)('pixelAt inverts the base positions (%s)', (convention) => {
    it.each([
      [4, 4, 1],
      [3, 5, 1],
      [5, 3, 1],
      [4, 7, 2],
      [1, 6, 1],
    ])('%i x %i map, AKConv stride %i', (h, w, akStride) => {
      const numParam = 5;
      const inputStride = 16;
      const f = bareField(h, w, numParam, akStride, convention, inputStride);
      const seen = new Set<string>();
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const p0 = basePosition(r, c, h, w, akStride, convention);
          const base = cellToImage(p0, inputStride);
          // p_0 read back from the layout is geometry's p_0.
          expect(baseOf(f, r, c)).toEqual(base);
          // The nearest base is the pixel itself, also a little off its base.
          const jitter = 0.4 * akStride * inputStride;
          for (const [dx, dy] of [[0, 0], [jitter, 0], [-jitter, 0], [0, jitter], [0, -jitter], [jitter * 0.7, -jitter * 0.7]] as const) {
            expect(pixelAt(f, base.x + dx, base.y + dy), `(${r}, ${c}) + (${dx}, ${dy})`).toEqual([r, c]);
          }
          seen.add(`${base.x},${base.y}`);
        }
      }
      // Every output pixel has its own base position.
      expect(seen.size).toBe(h * w);
    });
  });

  it('with xy on a non-square map, output pixel (r, c) is not at (r, c) * stride', () => {
    const f = bareField(3, 5, 5, 1, 'xy', 10);
    // k = r * w + c = 1 -> p_0 = (k % h, k // h) = (1, 0).
    expect(baseOf(f, 0, 1)).toEqual(cellToImage({ row: 1, col: 0 }, 10));
    expect(pixelAt(f, cellToImage({ row: 0, col: 1 }, 10).x, cellToImage({ row: 0, col: 1 }, 10).y)).toEqual([0, 3]);
    expect(pixelAt(f, cellToImage({ row: 1, col: 0 }, 10).x, cellToImage({ row: 1, col: 0 }, 10).y)).toEqual([0, 1]);
  });

  it.each(['ij', 'xy'] as const)('stepPixel moves one cell on the image (%s), and stops at the edge', (convention) => {
    const h = 3;
    const w = 5;
    const f = bareField(h, w, 4, 1, convention, 8);
    const at = (row: number, col: number) => {
      const p = cellToImage({ row, col }, 8);
      return pixelAt(f, p.x, p.y)!;
    };
    expect(stepPixel(f, at(1, 1), 0, 1)).toEqual(at(1, 2));
    expect(stepPixel(f, at(1, 1), 0, -1)).toEqual(at(1, 0));
    expect(stepPixel(f, at(1, 1), 1, 0)).toEqual(at(2, 1));
    expect(stepPixel(f, at(1, 1), -1, 0)).toEqual(at(0, 1));
    expect(stepPixel(f, at(0, 4), 0, 1)).toEqual(at(0, 4));
    expect(stepPixel(f, at(0, 0), -1, 0)).toEqual(at(0, 0));
  });
});
