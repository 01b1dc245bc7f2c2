import { describe, expect, it } from 'vitest';
import { classColor } from '../../src/detect/annotate';
import { imageMasks, paintMasks } from '../../src/detect/mask-overlay';
import type { Mask } from '../../src/detect/masks';
import { readFixtureText } from '../helpers/fixtures';

interface OverlayCase {
  width: number;
  height: number;
  alpha: number;
  image: number[];
  masks: { classId: number; data: number[] }[];
  expected: number[];
}

const golden = JSON.parse(readFixtureText('detect/mask-overlay.json')) as { cases: OverlayCase[] };

describe("masks painted as YOLOv5's Annotator.masks (--retina-masks)", () => {
  it.each(golden.cases.map((c, k) => [k, c] as const))('case %i: byte for byte what YOLOv5 v7.0 wrote', (_k, c) => {
    const image = { width: c.width, height: c.height, data: Uint8Array.from(c.image) };
    const masks = c.masks.map((m) => ({ classId: m.classId, mask: { width: c.width, height: c.height, data: Uint8Array.from(m.data) } }));
    const out = paintMasks(image, masks, c.alpha);
    expect([...out.data]).toEqual(c.expected);
    // The input is not changed.
    expect([...image.data]).toEqual(c.image);
  });

  it('the golden cases cover overlaps, palette wrap-around and pixels outside every mask', () => {
    const first = golden.cases[0]!;
    const overlap = first.masks[0]!.data.some((v, i) => v && first.masks[1]!.data[i]);
    const outside = first.masks[0]!.data.some((_, i) => first.masks.every((m) => !m.data[i]));
    expect(overlap && outside).toBe(true);
    expect(golden.cases.some((c) => c.masks.some((m) => m.classId >= 20))).toBe(true);
  });

  it('one mask: half the class colour plus half the photo, truncated', () => {
    const image = { width: 2, height: 1, data: Uint8Array.from([101, 0, 255, 7, 7, 7]) };
    const mask: Mask = { width: 2, height: 1, data: Uint8Array.from([1, 0]) };
    const out = paintMasks(image, [{ mask, classId: 0 }]);
    const [r, g, b] = classColor(0);
    expect([...out.data]).toEqual([Math.trunc(r / 2 + 50.5), Math.trunc(g / 2), Math.trunc(b / 2 + 127.5), 7, 7, 7]);
  });

  it('refuses a mask of another size than the image', () => {
    const image = { width: 2, height: 2, data: new Uint8Array(12) };
    expect(() => paintMasks(image, [{ classId: 1, mask: { width: 1, height: 1, data: Uint8Array.from([1]) } }])).toThrow('a 1x1 mask cannot be painted on a 2x2 image');
  });

  it("brings each detection's mask from the letterboxed input to the image, and skips detections without one", () => {
    // A 4x2 image letterboxed to 4x4: 1 row of padding above and below.
    const input: Mask = { width: 4, height: 4, data: Uint8Array.from([0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]) };
    const masks = imageMasks([{ classId: 3, mask: input }, { classId: 4 }], { pad: [0, 1], resized: [4, 2] }, 4, 2);
    expect(masks).toHaveLength(1);
    expect(masks[0]!.classId).toBe(3);
    expect([...masks[0]!.mask.data]).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
  });
});
