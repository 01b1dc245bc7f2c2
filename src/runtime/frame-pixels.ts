/** Reads a transferred ImageBitmap's pixels as RGB where the engine runs (worker or page). */
import type { RgbImage } from '../io/image';
import { rgbaToRgb } from '../io/image';
import type { FramePixels } from './engine-core';

let canvas: OffscreenCanvas | HTMLCanvasElement | null = null;

function context(width: number, height: number): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
  canvas ??= typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('this browser cannot read frame pixels (no 2D canvas context)');
  return ctx;
}

/** A frame's picture: a bitmap, or a video frame (a live source's, shared without a copy). */
export type FramePicture = ImageBitmap | VideoFrame;

export const pictureSize = (p: FramePicture): { width: number; height: number } => ('displayWidth' in p ? { width: p.displayWidth, height: p.displayHeight } : { width: p.width, height: p.height });

export function bitmapToRgb(bitmap: FramePicture): RgbImage {
  const { width, height } = pictureSize(bitmap);
  const ctx = context(width, height);
  ctx.drawImage(bitmap, 0, 0);
  return rgbaToRgb(width, height, ctx.getImageData(0, 0, width, height).data);
}

export function bitmapPixels(bitmap: FramePicture): FramePixels {
  return { read: () => bitmapToRgb(bitmap), close: () => bitmap.close() };
}

/** Options that read a photo's pixels as stored (as the CLI and the reference do); the page's viewer decodes with them too. */
export const AS_STORED: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** A frame's pixels: a bitmap as it is, or a photo's file decoded here (off the page's thread in the worker). */
export async function framePixels(frame: FramePicture | Blob): Promise<FramePixels> {
  return bitmapPixels(frame instanceof Blob ? await createImageBitmap(frame, AS_STORED) : frame);
}
