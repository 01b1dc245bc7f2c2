/** Writing RGB images as detect.py does: JPEG (quality 95, as cv2.imwrite and PIL in save_one_box) or PNG. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbImage } from '../io/image';
import { InputError } from './files';

function toRgba(image: RgbImage): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0; i < image.width * image.height; i++) {
    rgba[4 * i] = image.data[3 * i] as number;
    rgba[4 * i + 1] = image.data[3 * i + 1] as number;
    rgba[4 * i + 2] = image.data[3 * i + 2] as number;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** The file's bytes in the format its extension names (.png, else JPEG). */
export function encodeImage(image: RgbImage, path: string): Uint8Array {
  const rgba = toRgba(image);
  if (extname(path).toLowerCase() === '.png') {
    const png = new PNG({ width: image.width, height: image.height });
    png.data = Buffer.from(rgba);
    return PNG.sync.write(png);
  }
  return encodeJpeg({ width: image.width, height: image.height, data: rgba }, 95).data;
}

export async function writeImageFile(image: RgbImage, path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, encodeImage(image, path));
  } catch (e) {
    throw new InputError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
