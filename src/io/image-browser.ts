/** Image decoding in the browser: the platform's decoders, read back through a canvas. */
import type { RgbImage } from './image';
import { ImageError, rgbaToRgb } from './image';

/**
 * Decodes an image file (or any Blob) to RGB without colour-space conversion,
 * so that a PNG's pixels arrive as stored.
 */
export async function decodeImageBlob(blob: Blob, name = 'image'): Promise<RgbImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new ImageError(`cannot read ${name}: not an image this browser can decode`);
  }
  try {
    return imageSourceToRgb(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** Any drawable (bitmap, video frame, canvas) to RGB at its natural size. */
export function imageSourceToRgb(source: CanvasImageSource, width: number, height: number): RgbImage {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageError('this browser has no 2D canvas to read images with');
  ctx.drawImage(source, 0, 0);
  return rgbaToRgb(width, height, ctx.getImageData(0, 0, width, height).data);
}
