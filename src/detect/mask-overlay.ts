/**
 * Segmentation masks painted into an RGB image as YOLOv5 v7.0's
 * Annotator.masks does on segment/predict.py's --retina-masks path (masks at
 * the image's own resolution): every mask adds alpha x its class colour,
 * overlapping colours add up (clipped at 255), and the photo under any mask
 * keeps 1 - alpha of itself, whatever the number of masks there.
 *
 * YOLOv5's default path instead blends on the letterboxed network input and
 * resizes that back, which blurs the whole photo to the input's resolution;
 * the image here keeps its pixels (and the saved boxes and labels match the
 * image they are drawn on).
 */
import type { RgbImage } from '../io/image';
import { classColor } from './annotate';
import type { Mask } from './masks';
import { maskToImage } from './masks';

export interface ClassMask {
  /** At the image's size. */
  mask: Mask;
  classId: number;
}

/** Segment/predict.py's mask opacity. */
export const MASK_ALPHA = 0.5;

/**
 * A copy of `image` with the masks painted in (numpy's float-to-uint8 store truncates; so does this);
 * `image` itself when there are none, so a detection model's frames are not copied for nothing.
 */
export function paintMasks(image: RgbImage, masks: readonly ClassMask[], alpha = MASK_ALPHA): RgbImage {
  if (!masks.length) return image;
  const out: RgbImage = { width: image.width, height: image.height, data: image.data.slice() };
  const pixels = image.width * image.height;
  for (const { mask } of masks) {
    if (mask.width !== image.width || mask.height !== image.height) throw new Error(`a ${mask.width}x${mask.height} mask cannot be painted on a ${image.width}x${image.height} image`);
  }
  const colors = masks.map((m) => classColor(m.classId));
  // The annotator computes in float32 (masks and colours are float32 arrays); so does this, to give its bytes.
  const a = Math.fround(alpha);
  const keep = Math.fround(1 - a);
  for (let i = 0; i < pixels; i++) {
    let covered = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    masks.forEach(({ mask }, k) => {
      if (!mask.data[i]) return;
      covered = 1;
      const c = colors[k]!;
      r += c[0];
      g += c[1];
      b += c[2];
    });
    if (!covered) continue;
    const j = 3 * i;
    out.data[j] = blend(r, image.data[j]!, a, keep);
    out.data[j + 1] = blend(g, image.data[j + 1]!, a, keep);
    out.data[j + 2] = blend(b, image.data[j + 2]!, a, keep);
  }
  return out;
}

/** min(colour sum, 255) x alpha + photo x (1 - alpha), in float32, truncated. */
function blend(colorSum: number, photo: number, a: number, keep: number): number {
  return Math.trunc(Math.fround(Math.fround(Math.min(colorSum, 255) * a) + Math.fround(photo * keep)));
}

/** Where the image sits in the letterboxed input (Letterboxed's pad and resized). */
export interface LetterboxPlacement {
  pad: readonly [number, number];
  resized: readonly [number, number];
}

/** Detections' masks (at the letterboxed input) brought to the image's size, as the annotator takes them. */
export function imageMasks(
  detections: readonly { mask?: Mask; classId: number }[],
  letterbox: LetterboxPlacement,
  width: number,
  height: number,
): ClassMask[] {
  return detections.flatMap((d) => (d.mask ? [{ mask: maskToImage(d.mask, letterbox.pad, letterbox.resized, width, height), classId: d.classId }] : []));
}
