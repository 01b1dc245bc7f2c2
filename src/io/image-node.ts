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

/**
 * The PNG without its tRNS chunks. pngjs blacks out (0, 0, 0, 0) every pixel
 * of a grey or RGB image that has the tRNS colour; cv2.imread(IMREAD_COLOR)
 * keeps the colour. Alpha is dropped anyway, so the chunk is not needed.
 */
function withoutTransparency(b: Uint8Array): Buffer {
  const keep: Uint8Array[] = [b.subarray(0, 8)];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 8;
  while (pos + 12 <= b.length) {
    const end = pos + 12 + view.getUint32(pos);
    const type = String.fromCharCode(b[pos + 4] as number, b[pos + 5] as number, b[pos + 6] as number, b[pos + 7] as number);
    if (type !== 'tRNS') keep.push(b.subarray(pos, Math.min(end, b.length)));
    pos = end;
  }
  if (pos < b.length) keep.push(b.subarray(pos));
  return Buffer.concat(keep);
}

/** Decodes a JPEG or PNG file's bytes; `name` is for the error message. */
export function decodeImage(bytes: Uint8Array, name: string): RgbImage {
  try {
    if (isJpeg(bytes)) {
      const img = decodeJpeg(bytes);
      return rgbaToRgb(img.width, img.height, img.data);
    }
    if (isPng(bytes)) {
      // 16-bit samples: keep them (skipRescale) and take the high byte, as
      // cv2.imread does (libpng's png_set_strip_16); pngjs would round instead.
      const sixteen = bytes[24] === 16; // IHDR bit depth
      const png = PNG.sync.read(withoutTransparency(bytes), { skipRescale: sixteen });
      const samples: ArrayLike<number> = png.data;
      if (!sixteen) return rgbaToRgb(png.width, png.height, png.data);
      const rgba = new Uint8Array(png.width * png.height * 4);
      for (let i = 0; i < rgba.length; i++) rgba[i] = (samples[i] as number) >> 8;
      return rgbaToRgb(png.width, png.height, rgba);
    }
  } catch (e) {
    throw new ImageError(`cannot read ${name}: a damaged image (${(e as Error).message.split('\n')[0]})`);
  }
  throw new ImageError(`cannot read ${name}: not a JPEG or PNG image`);
}
