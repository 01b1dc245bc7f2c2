/**
 * detect.py's --save-crop (utils/general.py save_one_box, square=False):
 * the box widened by gain 1.02 and 10 pixels, corners truncated to integers
 * and clipped to the image, computed in float32 as the torch code does.
 */
import type { RgbImage } from '../io/image';

const f32 = Math.fround;

/** [x1, y1, x2, y2]: the slice bounds of the crop (x2, y2 exclusive). */
export function cropRect(box: readonly number[], width: number, height: number, gain = 1.02, pad = 10): [number, number, number, number] {
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = box.map(f32);
  const cx = f32(f32(x1 + x2) / 2);
  const cy = f32(f32(y1 + y2) / 2);
  const w = f32(f32(f32(x2 - x1) * f32(gain)) + pad);
  const h = f32(f32(f32(y2 - y1) * f32(gain)) + pad);
  const clip = (v: number, max: number): number => Math.min(Math.max(Math.trunc(v), 0), max);
  return [clip(f32(cx - f32(w / 2)), width), clip(f32(cy - f32(h / 2)), height), clip(f32(cx + f32(w / 2)), width), clip(f32(cy + f32(h / 2)), height)];
}

/** The pixels of a crop rectangle (empty when the rectangle is). */
export function cropImage(image: RgbImage, rect: readonly [number, number, number, number]): RgbImage {
  const [x1, y1, x2, y2] = rect;
  const width = Math.max(x2 - x1, 0);
  const height = Math.max(y2 - y1, 0);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(((y1 + y) * image.width + x1) * 3, ((y1 + y) * image.width + x1 + width) * 3), y * width * 3);
  return { width, height, data };
}
