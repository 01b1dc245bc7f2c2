/**
 * A predicted mask at the original image's size as segment/val.py's
 * --save-json makes it (YOLOv5 v7.0 utils/segment/general.py scale_image):
 * the letterbox padding cut off at int() of the pad, then cv2.resize
 * INTER_LINEAR of the 0/1 uint8 mask, so a pixel is set where the bilinear
 * value rounds to 1. (Drawing uses mask-overlay.ts; this is the file format.)
 */
import type { Mask } from './masks';
import { resizeLinear } from './resize-linear';

/**
 * scale_image with ratio_pad for one mask. `pad` is the letterbox's
 * [dw / 2, dh / 2] before rounding, as the dataloader passes it.
 */
export function scaleImageMask(mask: Mask, pad: readonly [number, number], width: number, height: number): Mask {
  const [padX, padY] = pad;
  const top = Math.trunc(padY);
  const left = Math.trunc(padX);
  const bottom = Math.trunc(mask.height - padY);
  const right = Math.trunc(mask.width - padX);
  const cw = right - left;
  const ch = bottom - top;
  if (cw <= 0 || ch <= 0) throw new Error(`scaleImageMask: the padding (${padX}, ${padY}) leaves nothing of a ${mask.width}x${mask.height} mask`);
  const crop = new Uint8Array(cw * ch);
  for (let y = 0; y < ch; y++) crop.set(mask.data.subarray((y + top) * mask.width + left, (y + top) * mask.width + right), y * cw);
  // cv2.resize returns a copy of an image already at the size.
  const data = cw === width && ch === height ? crop : resizeLinear(crop, cw, ch, 1, width, height);
  return { width, height, data };
}
