import { describe, expect, it } from 'vitest';
import { annotate, boxLabelText, classColor, defaultLineWidth, textSize } from '../../src/detect/annotate';
import type { RgbImage } from '../../src/io/image';

const grey = (width: number, height: number): RgbImage => ({ width, height, data: new Uint8Array(width * height * 3).fill(100) });
const pixel = (im: RgbImage, x: number, y: number): number[] => [...im.data.subarray((y * im.width + x) * 3, (y * im.width + x) * 3 + 3)];

describe("YOLOv5 Annotator's boxes and labels", () => {
  it("uses YOLOv5's palette (class c gets colour c mod 20)", () => {
    expect(classColor(0)).toEqual([0xff, 0x38, 0x38]);
    expect(classColor(19)).toEqual([0xff, 0x37, 0xc7]);
    expect(classColor(20)).toEqual(classColor(0));
  });

  it('line width max(round((h + w + 3) / 2 * 0.003), 2), Python rounding', () => {
    expect(defaultLineWidth(640, 480)).toBe(2);
    expect(defaultLineWidth(1920, 1080)).toBe(5); // 1501.5 * 0.003 = 4.5045
    expect(defaultLineWidth(1280, 720)).toBe(3);
  });

  it("label text: 'name conf' with two decimals (half to even), the name alone, or none", () => {
    expect(boxLabelText('dog', 0.875, false, false)).toBe('dog 0.88');
    expect(boxLabelText('dog', 0.125, false, false)).toBe('dog 0.12');
    expect(boxLabelText('dog', 0.9, false, true)).toBe('dog');
    expect(boxLabelText('dog', 0.9, true, false)).toBeUndefined();
  });

  it('draws the box edges in the class colour, lw wide, and leaves the inside alone', () => {
    const out = annotate(grey(100, 80), [{ box: [20.7, 30.2, 60.9, 70.5], classId: 2 }], 3);
    expect(pixel(out, 20, 50)).toEqual(classColor(2)); // x1 truncated to 20
    expect(pixel(out, 18, 50)).toEqual([100, 100, 100]);
    expect(pixel(out, 19, 50)).toEqual(classColor(2));
    expect(pixel(out, 40, 50)).toEqual([100, 100, 100]);
    expect(pixel(out, 40, 70)).toEqual(classColor(2));
  });

  it('puts the label box above the box, or inside it at the top edge, with white text', () => {
    const lw = 2;
    const size = textSize('dog 0.50', lw);
    const above = annotate(grey(200, 120), [{ box: [50, 60, 150, 110], classId: 5, label: 'dog 0.50' }], lw);
    const filled = (im: RgbImage, y0: number, y1: number) => {
      let white = 0;
      let colour = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = 50; x < 50 + size.width; x++) {
          const p = pixel(im, x, y).join();
          if (p === '255,255,255') white++;
          else if (p === classColor(5).join()) colour++;
        }
      }
      return { white, colour };
    };
    const region = filled(above, 60 - size.height - 3, 60);
    expect(region.white).toBeGreaterThan(20);
    expect(region.colour).toBeGreaterThan(region.white);
    const inside = annotate(grey(200, 120), [{ box: [50, 5, 150, 110], classId: 5, label: 'dog 0.50' }], lw);
    expect(filled(inside, 5, 5 + size.height + 3).white).toBeGreaterThan(20);
    expect(filled(annotate(grey(200, 120), [{ box: [50, 60, 150, 110], classId: 5 }], lw), 60 - size.height - 3, 58).colour).toBe(0);
  });

  it('returns a copy: the source image is unchanged', () => {
    const src = grey(10, 10);
    annotate(src, [{ box: [1, 1, 8, 8], classId: 0, label: 'x' }]);
    expect(src.data.every((v) => v === 100)).toBe(true);
  });
});
