import { describe, expect, it } from 'vitest';
import { outerContours } from '../../src/detect/contours';
import { decodeMask, flat, golden } from './segments-golden';

describe("outer contours as OpenCV's findContours(RETR_EXTERNAL, CHAIN_APPROX_SIMPLE)", () => {
  it.each(golden.contours.map((c) => [c.name, c] as const))('%s: the same contours, in the same order, point for point', (_name, c) => {
    const mask = decodeMask(c.mask, c.width, c.height);
    const before = [...mask.data];
    expect(outerContours(mask).map(flat)).toEqual(c.contours);
    // The scan marks a padded copy, not the mask.
    expect([...mask.data]).toEqual(before);
  });

  it("the golden cases reach the scanner's corners: many contours, skipped islands, lines, empty masks", () => {
    const byName = new Map(golden.contours.map((c) => [c.name, c]));
    expect(Math.max(...golden.contours.map((c) => c.contours.length))).toBeGreaterThan(100);
    // An island inside a hole is not an outer contour.
    const ring = byName.get('frame touching all edges, island in its hole');
    expect(ring?.contours).toEqual([[0, 0, 0, 9, 11, 9, 11, 0]]);
    // A 1-pixel line keeps only its two ends; the one found last comes first.
    expect(byName.get('row')?.contours).toEqual([[5, 0, 6, 0], [1, 0, 3, 0]]);
    expect(golden.contours.some((c) => c.contours.length === 0)).toBe(true);
  });

  it('pixels on the image edge are borders like any other (OpenCV pads a zero frame)', () => {
    const full = { width: 3, height: 2, data: new Uint8Array(6).fill(1) };
    expect(outerContours(full)).toEqual([[[0, 0], [0, 1], [2, 1], [2, 0]]]);
  });
});
