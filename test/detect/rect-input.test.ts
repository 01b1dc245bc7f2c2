import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rectInput } from '../../src/detect/rect-input';
import { decodeImage } from '../../src/io/image-node';
import { readFixtureBytes, readFixtureText } from '../helpers/fixtures';

interface Case {
  file: string;
  shape: [number, number];
  loaded: [number, number];
  gain: number;
  pad: [number, number];
  output: [number, number];
  sha256: string;
}

// cv2's load_image + letterbox(auto=False, scaleup=False), scripts/detect/make_cli.py.
const cases = JSON.parse(readFixtureText('cli/rect-input.json')) as Case[];

describe("val.py's rect input: the long side to 640 (rounded up), padded to the batch shape", () => {
  it.each(cases.map((c) => [c.file, c] as const))('%s: same pixels, gain and pad as YOLOv5', (file, c) => {
    const input = rectInput(decodeImage(readFixtureBytes(`detect/photos/${file}`), file), 640, c.shape);
    expect([input.width, input.height]).toEqual(c.output);
    expect(input.resized).toEqual(c.loaded);
    expect(input.ratio).toBe(c.gain);
    expect(input.pad).toEqual(c.pad);
    const bytes = Uint8Array.from(input.data, (v) => Math.round(v * 255));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(c.sha256);
  });
});
