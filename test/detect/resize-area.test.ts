import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resizeArea } from '../../src/detect/resize-area';
import type { RgbImage } from '../../src/io/image';
import { decodeImage } from '../../src/io/image-node';
import { readFixtureBytes, readFixtureText } from '../helpers/fixtures';

interface Case {
  source: string;
  size: [number, number];
  sha256: string;
}

// cv2.resize(..., interpolation=cv2.INTER_AREA), scripts/detect/make_cli.py.
const cases = JSON.parse(readFixtureText('cli/resize-area.json')) as Case[];

/** make_cli.py's synthetic(): (x * 7 + y * 13 + c * 29 + (x * y) % 17) % 256. */
function synthetic(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = (x * 7 + y * 13 + c * 29 + ((x * y) % 17)) % 256;
  return { width, height, data };
}

function source(c: Case): RgbImage {
  const m = /^synthetic (\d+)x(\d+)$/.exec(c.source);
  return m ? synthetic(Number(m[1]), Number(m[2])) : decodeImage(readFixtureBytes(c.source), c.source);
}

describe("OpenCV's INTER_AREA shrink (val.py's load_image)", () => {
  it.each(cases.map((c) => [`${c.source} to ${c.size.join('x')}`, c] as const))('%s: byte-identical to cv2', (_, c) => {
    const out = resizeArea(source(c), c.size[0], c.size[1]);
    expect([out.width, out.height]).toEqual(c.size);
    expect(createHash('sha256').update(out.data).digest('hex')).toBe(c.sha256);
  });
});
