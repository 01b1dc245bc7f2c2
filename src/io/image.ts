/** Decoded images as the detector takes them: 8-bit RGB, row-major. */
import { SentenceError } from './sentence-error';

export interface RgbImage {
  width: number;
  height: number;
  /** width * height * 3 bytes, R G B per pixel. */
  data: Uint8Array;
}

export class ImageError extends SentenceError {
  override name = 'ImageError';
}

/** RGBA (canvas ImageData, PNG decoders) to RGB, dropping alpha. */
export function rgbaToRgb(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    data[3 * i] = rgba[j] as number;
    data[3 * i + 1] = rgba[j + 1] as number;
    data[3 * i + 2] = rgba[j + 2] as number;
  }
  return { width, height, data };
}
