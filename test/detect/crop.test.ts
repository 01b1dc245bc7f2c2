import { describe, expect, it } from 'vitest';
import { cropImage, cropRect } from '../../src/detect/crop';
import { readFixtureText } from '../helpers/fixtures';

interface GoldenImage {
  width: number;
  height: number;
  boxes: number[][];
  crops: { name: string; box: [number, number, number, number] }[];
}

const golden = JSON.parse(readFixtureText('cli/predict.json')) as { name: string; images: Record<string, GoldenImage> }[];
const images = golden.flatMap((c) => Object.entries(c.images).map(([stem, im]) => [`${c.name} ${stem}`, im] as const));

describe("save_one_box's crop (gain 1.02, pad 10, square=False)", () => {
  it.each(images)('%s: the same rectangles from the same boxes', (_, im) => {
    expect(im.boxes.map((b) => cropRect(b.slice(0, 4), im.width, im.height))).toEqual(im.crops.map((c) => c.box));
  });

  it('clips to the image and cuts the pixels out', () => {
    expect(cropRect([0, 0, 4, 4], 3, 3)).toEqual([0, 0, 3, 3]);
    const image = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => i) };
    expect(cropImage(image, [1, 1, 3, 2])).toEqual({ width: 2, height: 1, data: Uint8Array.from([12, 13, 14, 15, 16, 17]) });
  });
});
