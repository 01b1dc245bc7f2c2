/**
 * A mask as the polygon segment/predict.py writes with --save-txt (YOLOv5
 * v7.0): masks2segments' 'largest' outer contour of the mask at the
 * letterboxed input, mapped to the original image by scale_segments with
 * normalize=True. The arithmetic is numpy's: a float32 array with Python
 * float scalars stays float32, so every step rounds to float32.
 */
import type { ContourPoint } from './contours';
import { outerContours } from './contours';
import type { Mask } from './masks';

const f32 = Math.fround;

/**
 * masks2segments(strategy='largest') for one mask: the first of the outer
 * contours with the most points (numpy's argmax keeps the first of a tie);
 * no points for an empty mask.
 */
export function maskSegment(mask: Mask): ContourPoint[] {
  let largest: ContourPoint[] = [];
  for (const c of outerContours(mask)) if (c.length > largest.length) largest = c;
  return largest;
}

/**
 * scale_segments(inputShape, points, imageShape, normalize=True): undo the
 * letterbox, clip to the image and divide by its size. Shapes are [height,
 * width]. The gain and padding come from the two shapes, as YOLOv5 computes
 * them when no ratio_pad is given (predict.py gives none), not from the
 * letterbox's own ratio: with auto padding the input is not the square the
 * ratio was fitted to. gain and pad are Python floats, cast to float32 where
 * they meet the array.
 */
export function scaleSegment(points: readonly (readonly number[])[], inputShape: readonly [number, number], imageShape: readonly [number, number]): [number, number][] {
  const [h1, w1] = inputShape;
  const [h0, w0] = imageShape;
  const gain = Math.min(h1 / h0, w1 / w0);
  const padX = f32((w1 - w0 * gain) / 2);
  const padY = f32((h1 - h0 * gain) / 2);
  const g = f32(gain);
  return points.map(([px = 0, py = 0]) => {
    const x = f32(f32(f32(px) - padX) / g);
    const y = f32(f32(f32(py) - padY) / g);
    return [f32(Math.min(Math.max(x, 0), w0) / w0), f32(Math.min(Math.max(y, 0), h0) / h0)];
  });
}
