/**
 * OpenCV's INTER_AREA on 8-bit images, for shrinking (cv2.resize, OpenCV 4.x
 * imgproc/resize.cpp): val.py's load_image shrinks images larger than the
 * input size with it. Non-integer scales go through resizeArea_ (float32
 * weights per source cell, computeResizeAreaTab, rows summed in float32 and
 * rounded half to even); integer scales average whole blocks (resizeAreaFast_),
 * where an exact 2x is what OpenCV's INTER_LINEAR also gives, so it is left to
 * resizeBilinear.
 */
import type { RgbImage } from '../io/image';
import { resizeBilinear } from './resize-linear';

const f32 = Math.fround;

interface AreaWeight {
  /** Destination index. */
  d: number;
  /** Source index. */
  s: number;
  alpha: number;
}

/** computeResizeAreaTab: the source cells and float32 weights of each destination index. */
function areaTable(srcSize: number, dstSize: number, scale: number): AreaWeight[] {
  const tab: AreaWeight[] = [];
  for (let d = 0; d < dstSize; d++) {
    const fs1 = d * scale;
    const fs2 = fs1 + scale;
    const cell = Math.min(scale, srcSize - fs1);
    let s1 = Math.ceil(fs1);
    let s2 = Math.floor(fs2);
    s2 = Math.min(s2, srcSize - 1);
    s1 = Math.min(s1, s2);
    if (s1 - fs1 > 1e-3) tab.push({ d, s: s1 - 1, alpha: f32((s1 - fs1) / cell) });
    for (let s = s1; s < s2; s++) tab.push({ d, s, alpha: f32(1 / cell) });
    if (fs2 - s2 > 1e-3) tab.push({ d, s: s2, alpha: f32(Math.min(Math.min(fs2 - s2, 1), cell) / cell) });
  }
  return tab;
}

/** saturate_cast<uchar>(float): round half to even, clamp. */
function toByte(v: number): number {
  const r = Math.round(v);
  const even = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return even < 0 ? 0 : even > 255 ? 255 : even;
}

/** resizeAreaFast_ for integer scales: the block's integer sum times float32(1 / area), rounded. */
function resizeAreaBlocks(image: RgbImage, width: number, height: number, sx: number, sy: number): RgbImage {
  const out = new Uint8Array(width * height * 3);
  const inv = f32(1 / (sx * sy));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let j = 0; j < sy; j++) for (let i = 0; i < sx; i++) sum += image.data[((y * sy + j) * image.width + x * sx + i) * 3 + c] as number;
        out[(y * width + x) * 3 + c] = toByte(f32(sum * inv));
      }
    }
  }
  return { width, height, data: out };
}

/** cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA) for a smaller size. */
export function resizeArea(image: RgbImage, width: number, height: number): RgbImage {
  const scaleX = 1 / (width / image.width);
  const scaleY = 1 / (height / image.height);
  if (scaleX < 1 || scaleY < 1) throw new Error(`INTER_AREA here only shrinks, not ${image.width}x${image.height} to ${width}x${height}`);
  const ix = Math.round(scaleX);
  const iy = Math.round(scaleY);
  if (Math.abs(scaleX - ix) < Number.EPSILON && Math.abs(scaleY - iy) < Number.EPSILON) {
    return ix === 2 && iy === 2 ? resizeBilinear(image, width, height) : resizeAreaBlocks(image, width, height, ix, iy);
  }
  const xtab = areaTable(image.width, width, scaleX);
  const ytab = areaTable(image.height, height, scaleY);
  const rowWidth = width * 3;
  const out = new Uint8Array(height * rowWidth);
  const buf = new Float32Array(rowWidth);
  const sum = new Float32Array(rowWidth);
  let prevDy = ytab[0]?.d ?? 0;
  for (const { d: dy, s: sy, alpha: beta } of ytab) {
    buf.fill(0);
    const row = sy * image.width * 3;
    for (const { d: dx, s: sx, alpha } of xtab) {
      for (let c = 0; c < 3; c++) buf[dx * 3 + c] = f32((buf[dx * 3 + c] as number) + f32((image.data[row + sx * 3 + c] as number) * alpha));
    }
    if (dy !== prevDy) {
      for (let k = 0; k < rowWidth; k++) {
        out[prevDy * rowWidth + k] = toByte(sum[k] as number);
        sum[k] = f32(beta * (buf[k] as number));
      }
      prevDy = dy;
    } else {
      for (let k = 0; k < rowWidth; k++) sum[k] = f32((sum[k] as number) + f32(beta * (buf[k] as number)));
    }
  }
  for (let k = 0; k < rowWidth; k++) out[prevDy * rowWidth + k] = toByte(sum[k] as number);
  return { width, height, data: out };
}
