/**
 * COCO's rleFrString + rleDecode (cocoapi common/maskApi.c), written
 * independently of src/detect/coco-rle.ts so that tests can read an RLE
 * back into a row-major mask.
 */
export function decodeCocoRle(rle: { size: readonly number[]; counts: string }): { width: number; height: number; data: Uint8Array } {
  const [height = 0, width = 0] = rle.size;
  const runs: number[] = [];
  let p = 0;
  while (p < rle.counts.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      const c = rle.counts.charCodeAt(p) - 48;
      x += (c & 0x1f) * 32 ** k;
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 32 ** k;
    }
    if (runs.length > 2) x += runs[runs.length - 2] as number;
    runs.push(x);
  }
  const data = new Uint8Array(width * height);
  let at = 0;
  runs.forEach((run, i) => {
    for (let j = at; j < at + run; j++) if (i % 2 === 1) data[(j % height) * width + Math.floor(j / height)] = 1;
    at += run;
  });
  if (at !== width * height) throw new Error(`RLE covers ${at} pixels of ${width * height}`);
  return { width, height, data };
}
