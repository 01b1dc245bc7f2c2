/**
 * COCO's compressed run-length encoding of a binary mask, as pycocotools'
 * mask.encode writes it (cocoapi common/maskApi.c: rleEncode, rleToString):
 * the `segmentation` of a COCO results entry, which COCO's own tools decode.
 */
import type { Mask } from './masks';

export interface CocoRle {
  /** [height, width] of the image the mask covers. */
  size: [number, number];
  counts: string;
}

/**
 * Run lengths in column-major order (COCO masks are Fortran-ordered),
 * alternating 0s and 1s and starting with 0s, so a mask whose first pixel
 * is set begins with a run of length 0. Any nonzero value counts as 1.
 */
export function columnRuns(mask: Mask): number[] {
  const { width, height, data } = mask;
  const runs: number[] = [];
  let value = 0;
  let count = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = (data[y * width + x] as number) !== 0 ? 1 : 0;
      if (v !== value) {
        runs.push(count);
        value = v;
        count = 0;
      }
      count++;
    }
  }
  runs.push(count);
  return runs;
}

/**
 * rleToString: each run after the second as its difference from the run two
 * before (neighbouring runs of the same value are alike, so the numbers stay
 * small), written 5 bits at a time, low bits first, as the characters from
 * '0' (48) on; bit 0x20 says another group follows, and a group's bit 0x10
 * carries the sign, so the last group is the one that sign-extends to the rest.
 */
export function runsToString(runs: readonly number[]): string {
  let out = '';
  for (let i = 0; i < runs.length; i++) {
    // BigInt is not needed: a run fits in 32 bits and a difference in 33, within JS's 53.
    let x = (runs[i] as number) - (i > 2 ? (runs[i - 2] as number) : 0);
    let more = true;
    while (more) {
      let c = x & 0x1f;
      // An arithmetic shift of a number that may exceed 32 bits.
      x = Math.floor(x / 32);
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/** pycocotools.mask.encode of one mask: what segment/val.py's save_one_json stores. */
export function cocoRle(mask: Mask): CocoRle {
  return { size: [mask.height, mask.width], counts: runsToString(columnRuns(mask)) };
}
