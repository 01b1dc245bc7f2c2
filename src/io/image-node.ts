/**
 * JPEG and PNG decoding in Node. JPEG goes through libjpeg-turbo compiled to
 * wasm (@cwasm/jpeg-turbo): the decoder OpenCV uses, so the pixels equal
 * cv2.imread's bit for bit (a pure-JS decoder differed by up to 4 levels,
 * enough to move a confidence by 0.02). PNG through pngjs.
 */
import { decode as decodeJpeg } from '@cwasm/jpeg-turbo';
import { PNG } from 'pngjs';
import type { RgbImage } from './image';
import { ImageError, rgbaToRgb } from './image';

function isJpeg(b: Uint8Array): boolean {
  return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function isPng(b: Uint8Array): boolean {
  return b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}

/** Decodes a JPEG or PNG file's bytes; `name` is for the error message. */
export function decodeImage(bytes: Uint8Array, name: string): RgbImage {
  try {
    if (isJpeg(bytes)) {
      const img = decodeJpeg(bytes);
      return rgbaToRgb(img.width, img.height, img.data);
    }
    if (isPng(bytes)) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return rgbaToRgb(png.width, png.height, png.data);
    }
  } catch (e) {
    throw new ImageError(`cannot read ${name}: a damaged image (${(e as Error).message.split('\n')[0]})`);
  }
  throw new ImageError(`cannot read ${name}: not a JPEG or PNG image`);
}
