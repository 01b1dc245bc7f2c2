import { describe, expect, it } from 'vitest';
import { maskSegment, scaleSegment } from '../../src/detect/mask-segments';
import { decodeMask, flat, golden } from './segments-golden';

describe("masks as YOLOv5's polygon labels (masks2segments 'largest', scale_segments)", () => {
  it.each(golden.contours.map((c) => [c.name, c] as const))('%s: the largest contour, first of a tie', (_name, c) => {
    expect(flat(maskSegment(decodeMask(c.mask, c.width, c.height)))).toEqual(c.largest);
  });

  it('the golden has ties in contour length that the first one wins', () => {
    const tied = golden.contours.filter((c) => {
      const longest = Math.max(...c.contours.map((p) => p.length));
      return c.contours.filter((p) => p.length === longest).length > 1;
    });
    expect(tied.length).toBeGreaterThan(0);
  });

  it.each(golden.scales.map((s) => [s.name, s] as const))('%s: scale_segments(normalize=True) in float32, value for value', (_name, s) => {
    const [h1, w1] = s.input;
    // predict.py writes the last detection first.
    const masks = s.masks.map((runs) => decodeMask(runs, w1, h1)).reverse();
    const got = masks.map((m) => flat(scaleSegment(maskSegment(m), s.input, s.image)));
    expect(got).toEqual(s.segments);
  });

  it('the scale cases clip: some mask points lie in the letterbox padding', () => {
    const clipped = golden.scales.some((s) => {
      const [h1, w1] = s.input;
      const [h0, w0] = s.image;
      const gain = Math.min(h1 / h0, w1 / w0);
      const [padX, padY] = [(w1 - w0 * gain) / 2, (h1 - h0 * gain) / 2];
      return s.masks.some((runs) => maskSegment(decodeMask(runs, w1, h1)).some(([x, y]) => x < padX || y < padY || x > w1 - padX || y > h1 - padY));
    });
    expect(clipped).toBe(true);
  });
});
