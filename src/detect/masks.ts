/**
 * Segmentation masks as YOLOv5's process_mask: sigmoid(coefficients x
 * prototypes), zeroed outside the box (at prototype resolution), upsampled
 * bilinearly (align_corners=False) to the network input, thresholded at 0.5.
 */

export interface Protos {
  /** NHWC for one image: [mh, mw, nm] row-major, as the model returns it. */
  data: Float32Array;
  height: number;
  width: number;
  channels: number;
}

export interface Mask {
  width: number;
  height: number;
  /** 1 inside the mask, 0 outside. */
  data: Uint8Array;
}

/** One detection's mask at the input size (inputH x inputW). */
export function processMask(protos: Protos, coefficients: Float32Array, box: readonly number[], inputH: number, inputW: number): Mask {
  const { height: mh, width: mw, channels: nm, data } = protos;
  if (coefficients.length !== nm) throw new Error(`expected ${nm} mask coefficients, got ${coefficients.length}`);
  const [bx1 = 0, by1 = 0, bx2 = 0, by2 = 0] = box;
  const x1 = Math.fround((bx1 * mw) / inputW);
  const x2 = Math.fround((bx2 * mw) / inputW);
  const y1 = Math.fround((by1 * mh) / inputH);
  const y2 = Math.fround((by2 * mh) / inputH);
  const low = new Float32Array(mh * mw);
  for (let y = 0; y < mh; y++) {
    if (!(y >= y1 && y < y2)) continue;
    for (let x = 0; x < mw; x++) {
      if (!(x >= x1 && x < x2)) continue;
      let s = 0;
      const o = (y * mw + x) * nm;
      for (let k = 0; k < nm; k++) s += (coefficients[k] as number) * (data[o + k] as number);
      low[y * mw + x] = 1 / (1 + Math.exp(-s));
    }
  }
  return { width: inputW, height: inputH, data: threshold(upsampleBilinear(low, mh, mw, inputH, inputW), 0.5) };
}

/** PyTorch's interpolate(mode='bilinear', align_corners=False) for one channel. */
export function upsampleBilinear(src: Float32Array, sh: number, sw: number, dh: number, dw: number): Float32Array {
  const out = new Float32Array(dh * dw);
  const ry = sh / dh;
  const rx = sw / dw;
  const xi0 = new Int32Array(dw);
  const xi1 = new Int32Array(dw);
  const xl = new Float32Array(dw);
  for (let x = 0; x < dw; x++) {
    const sx = Math.max((x + 0.5) * rx - 0.5, 0);
    xi0[x] = Math.floor(sx);
    xi1[x] = Math.min((xi0[x] as number) + 1, sw - 1);
    xl[x] = sx - (xi0[x] as number);
  }
  for (let y = 0; y < dh; y++) {
    const sy = Math.max((y + 0.5) * ry - 0.5, 0);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const ly = sy - y0;
    for (let x = 0; x < dw; x++) {
      const a = src[y0 * sw + (xi0[x] as number)] as number;
      const b = src[y0 * sw + (xi1[x] as number)] as number;
      const c = src[y1 * sw + (xi0[x] as number)] as number;
      const d = src[y1 * sw + (xi1[x] as number)] as number;
      const l = xl[x] as number;
      out[y * dw + x] = (1 - ly) * ((1 - l) * a + l * b) + ly * ((1 - l) * c + l * d);
    }
  }
  return out;
}

function threshold(values: Float32Array, t: number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) > t ? 1 : 0;
  return out;
}

/** A mask at the input size cut out of its letterbox padding and resized (nearest) to the original image. */
export function maskToImage(mask: Mask, pad: readonly [number, number], resized: readonly [number, number], width: number, height: number): Mask {
  const left = Math.round(pad[0] - 0.1);
  const top = Math.round(pad[1] - 0.1);
  const [rw, rh] = resized;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = top + Math.min(rh - 1, Math.floor(((y + 0.5) * rh) / height));
    for (let x = 0; x < width; x++) {
      const sx = left + Math.min(rw - 1, Math.floor(((x + 0.5) * rw) / width));
      out[y * width + x] = mask.data[sy * mask.width + sx] as number;
    }
  }
  return { width, height, data: out };
}

/** Pixels inside a mask. */
export function maskArea(mask: Mask): number {
  let n = 0;
  for (const v of mask.data) n += v;
  return n;
}
