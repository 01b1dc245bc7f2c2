/**
 * YOLOv5's letterbox (utils/augmentations.py): scale the long side to the
 * input size keeping the aspect ratio, then pad with 114 to a multiple of 32
 * (`auto`, as detect.py) or to the full square. The resize is OpenCV's
 * INTER_LINEAR on 8-bit images, fixed-point weights included, so that the
 * network sees the pixels the Python code gives it.
 */
import type { RgbImage } from '../io/image';
import { resizeBilinear } from './resize-linear';

export const PAD_VALUE = 114;

export interface LetterboxOptions {
  /** Target size: one number (square) or [height, width]. */
  size: number | [number, number];
  /** Pad only to a multiple of `stride` (detect.py), instead of to the full size. */
  auto?: boolean;
  stride?: number;
  /** Enlarge images smaller than the size (default true); val.py's batches pass false. */
  scaleUp?: boolean;
}

export interface Letterboxed {
  /** RGB in [0, 1], [height, width, 3] row-major: a ready NHWC image. */
  data: Float32Array;
  width: number;
  height: number;
  /** The scale applied to the original image. */
  ratio: number;
  /** Padding added on the left and top, before rounding (YOLOv5's dw / 2, dh / 2). */
  pad: [number, number];
  /** Size of the image inside the padding. */
  resized: [number, number];
}

/** Python's round(): halves to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function letterboxGeometry(width: number, height: number, options: LetterboxOptions) {
  const [th, tw] = typeof options.size === 'number' ? [options.size, options.size] : options.size;
  const stride = options.stride ?? 32;
  const fit = Math.min(th / height, tw / width);
  const ratio = options.scaleUp === false ? Math.min(fit, 1) : fit;
  const newW = pyRound(width * ratio);
  const newH = pyRound(height * ratio);
  let dw = tw - newW;
  let dh = th - newH;
  if (options.auto ?? true) {
    dw %= stride;
    dh %= stride;
  }
  dw /= 2;
  dh /= 2;
  const top = pyRound(dh - 0.1);
  const bottom = pyRound(dh + 0.1);
  const left = pyRound(dw - 0.1);
  const right = pyRound(dw + 0.1);
  return { ratio, newW, newH, dw, dh, top, left, outW: newW + left + right, outH: newH + top + bottom };
}

export function letterbox(image: RgbImage, options: LetterboxOptions): Letterboxed {
  const g = letterboxGeometry(image.width, image.height, options);
  const resized = g.newW === image.width && g.newH === image.height ? image : resizeBilinear(image, g.newW, g.newH);
  const data = new Float32Array(g.outW * g.outH * 3).fill(PAD_VALUE / 255);
  for (let y = 0; y < g.newH; y++) {
    const src = y * g.newW * 3;
    const dst = ((y + g.top) * g.outW + g.left) * 3;
    for (let k = 0; k < g.newW * 3; k++) data[dst + k] = (resized.data[src + k] as number) / 255;
  }
  return { data, width: g.outW, height: g.outH, ratio: g.ratio, pad: [g.dw, g.dh], resized: [g.newW, g.newH] };
}

/** Boxes [x1, y1, x2, y2] from letterboxed input pixels back to the original image, clipped. */
export function scaleBoxes(box: readonly number[], lb: Pick<Letterboxed, 'ratio' | 'pad'>, width: number, height: number): [number, number, number, number] {
  const clip = (v: number, max: number): number => Math.min(Math.max(v, 0), max);
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = box;
  return [
    clip((x1 - lb.pad[0]) / lb.ratio, width),
    clip((y1 - lb.pad[1]) / lb.ratio, height),
    clip((x2 - lb.pad[0]) / lb.ratio, width),
    clip((y2 - lb.pad[1]) / lb.ratio, height),
  ];
}

/** A point from letterboxed input pixels back to the original image (as `scaleBoxes`, unclipped: a sample may lie in the padding). */
export function inputToImage(point: { x: number; y: number }, lb: Pick<Letterboxed, 'ratio' | 'pad'>): { x: number; y: number } {
  return { x: (point.x - lb.pad[0]) / lb.ratio, y: (point.y - lb.pad[1]) / lb.ratio };
}
