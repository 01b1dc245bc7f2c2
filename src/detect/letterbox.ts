/**
 * YOLOv5's letterbox (utils/augmentations.py): scale the long side to the
 * input size keeping the aspect ratio, then pad with 114 to a multiple of 32
 * (`auto`, as detect.py) or to the full square. The resize is OpenCV's
 * INTER_LINEAR on 8-bit images, fixed-point weights included, so that the
 * network sees the pixels the Python code gives it.
 */
import type { RgbImage } from '../io/image';

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

const COEF_BITS = 11;
const COEF_SCALE = 1 << COEF_BITS;

/** C's lrint / OpenCV's cvRound: nearest, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Per output index: source index and fixed-point weights, as OpenCV's resize
 * computes them (hal::resize: scale = 1 / (dst / src) in double, fx in float,
 * weights saturate_cast<short>(w * 2048) = round half to even). Along x an
 * index left of 0 or right of the last pixel is clamped with weights (1, 0);
 * along y OpenCV keeps the fraction and only clamps the row indices
 * (`clampFraction` false), which rounds differently in the vertical pass.
 */
function linearTable(srcSize: number, dstSize: number, clampFraction: boolean): { index: Int32Array; w0: Int32Array; w1: Int32Array } {
  const scale = 1 / (dstSize / srcSize);
  const index = new Int32Array(dstSize);
  const w0 = new Int32Array(dstSize);
  const w1 = new Int32Array(dstSize);
  for (let d = 0; d < dstSize; d++) {
    let f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = Math.fround(f - s);
    if (clampFraction && s < 0) {
      f = 0;
      s = 0;
    }
    if (clampFraction && s >= srcSize - 1) {
      f = 0;
      s = srcSize - 1;
    }
    index[d] = s;
    w0[d] = roundHalfEven(Math.fround(1 - f) * COEF_SCALE);
    w1[d] = roundHalfEven(f * COEF_SCALE);
  }
  return { index, w0, w1 };
}

/**
 * OpenCV's INTER_LINEAR for 8-bit images: half-pixel centres, edges clamped,
 * no antialiasing, 11-bit fixed-point weights; the vertical pass rounds as
 * OpenCV's SIMD path does (its scalar tail uses the same formula). Byte-equal
 * to cv2.resize (OpenCV 4.6, x86) on all 128 COCO128 val photos at 160, 256,
 * 320 and 640 (408 resizes, 78 M values), including exact 2x reductions,
 * which OpenCV routes to INTER_AREA and which give the same bytes.
 */
export function resizeBilinear(image: RgbImage, width: number, height: number): RgbImage {
  const { width: sw, height: sh, data: src } = image;
  const xs = linearTable(sw, width, true);
  const ys = linearTable(sh, height, false);
  // Horizontal pass for every source row, in integers scaled by 2^11.
  const rows = new Int32Array(sh * width * 3);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < width; x++) {
      const s0 = (y * sw + (xs.index[x] as number)) * 3;
      const s1 = (y * sw + Math.min((xs.index[x] as number) + 1, sw - 1)) * 3;
      const a = xs.w0[x] as number;
      const b = xs.w1[x] as number;
      for (let k = 0; k < 3; k++) rows[(y * width + x) * 3 + k] = (src[s0 + k] as number) * a + (src[s1 + k] as number) * b;
    }
  }
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const r0 = Math.min(Math.max(ys.index[y] as number, 0), sh - 1) * width * 3;
    const r1 = Math.min(Math.max((ys.index[y] as number) + 1, 0), sh - 1) * width * 3;
    const b0 = ys.w0[y] as number;
    const b1 = ys.w1[y] as number;
    for (let k = 0; k < width * 3; k++) {
      // ((S0 >> 4) * b0 >> 16) + ((S1 >> 4) * b1 >> 16) + 2 >> 2, saturated to 0..255.
      const v = (((((rows[r0 + k] as number) >> 4) * b0) >> 16) + ((((rows[r1 + k] as number) >> 4) * b1) >> 16) + 2) >> 2;
      out[y * width * 3 + k] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { width, height, data: out };
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
