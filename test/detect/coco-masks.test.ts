import { describe, expect, it } from 'vitest';
import { scaleImageMask } from '../../src/detect/coco-masks';
import { cocoRle } from '../../src/detect/coco-rle';
import { readFixtureText } from '../helpers/fixtures';
import { decodeCocoRle } from './coco-rle-decode';
import { decodeMask } from './segments-golden';

/** test/fixtures/detect/coco-masks.json (scripts/detect/make_coco_masks.py). */
interface ScaleCase {
  input: [number, number];
  original: [number, number];
  pad: [number, number];
  masks: number[][];
  scaled: number[][];
  segmentation: { size: [number, number]; counts: string }[];
}
interface RleCase {
  mask: number[];
  size: [number, number];
  segmentation: { size: [number, number]; counts: string };
}
const golden = JSON.parse(readFixtureText('detect/coco-masks.json')) as { cases: ScaleCase[]; rle: RleCase[] };

/** Pixels that differ (a count reads better than a 300,000-element diff, and is quick). */
function differingPixels(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

const name = (c: ScaleCase) => `${c.input.join('x')} -> ${c.original.join('x')}, pad ${c.pad.join(', ')}`;

describe("segment/val.py's --save-json masks (scale_image, pycocotools' encode)", () => {
  it.each(golden.cases.map((c) => [name(c), c] as const))('%s: the mask at the original size, pixel for pixel', (_n, c) => {
    const [ih, iw] = c.input;
    const [oh, ow] = c.original;
    c.masks.forEach((runs, i) => {
      const got = scaleImageMask(decodeMask(runs, iw, ih), c.pad, ow, oh);
      expect(differingPixels(got.data, decodeMask(c.scaled[i] ?? [], ow, oh).data), `mask ${i}`).toBe(0);
    });
  });

  it.each(golden.cases.map((c) => [name(c), c] as const))('%s: the RLE string COCO tools read', (_n, c) => {
    const [oh, ow] = c.original;
    expect(c.scaled.map((runs) => cocoRle(decodeMask(runs, ow, oh)))).toEqual(c.segmentation);
  });

  it.each(golden.rle.map((c) => [c.size.join('x'), c] as const))('%s: rleToString on long runs, empty first runs and negative differences', (_n, c) => {
    const [h, w] = c.size;
    expect(cocoRle(decodeMask(c.mask, w, h))).toEqual(c.segmentation);
  });

  it('the golden resizes up, down (exactly 2x too) and crops half-pixel pads', () => {
    const ups = golden.cases.filter((c) => c.original[0] > c.input[0]);
    const downs = golden.cases.filter((c) => c.original[0] < c.input[0]);
    expect(ups.length).toBeGreaterThan(3);
    expect(downs.some((c) => c.input[0] === 2 * c.original[0] && c.input[1] === 2 * c.original[1])).toBe(true);
    expect(golden.cases.some((c) => c.pad.some((p) => p % 1 === 0.5))).toBe(true);
  });

  it('COCO\'s decoder reads every golden RLE back to its mask', () => {
    for (const c of golden.cases) {
      const [oh, ow] = c.original;
      c.segmentation.forEach((rle, i) => expect(differingPixels(decodeCocoRle(rle).data, decodeMask(c.scaled[i] ?? [], ow, oh).data)).toBe(0));
    }
  });

  it('a pad that leaves no pixels is an error, not an empty mask', () => {
    expect(() => scaleImageMask({ width: 8, height: 8, data: new Uint8Array(64) }, [4, 0], 10, 10)).toThrow(/leaves nothing/);
  });
});
