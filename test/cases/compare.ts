/** Array comparison helpers shared by the Node and the browser tests. */

/** NCHW (PyTorch) data to NHWC (tfjs). */
export function nchwToNhwc(data: Float32Array, shape: readonly number[]): Float32Array {
  const [b, c, h, w] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let n = 0; n < b; n++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((n * h + y) * w + x) * c + k] = data[((n * c + k) * h + y) * w + x] as number;
  return out;
}

export interface Difference {
  /** Largest |a - b|. */
  maxAbs: number;
  /** Largest |a - b| / (1 + |b|): absolute for small values, relative for large ones. */
  maxScaled: number;
  /** Index of the largest scaled difference. */
  at: number;
  count: number;
}

export function difference(actual: ArrayLike<number>, expected: ArrayLike<number>): Difference {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != expected ${expected.length}`);
  let maxAbs = 0;
  let maxScaled = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const d = Math.abs(a - e);
    if (!(d <= maxAbs)) maxAbs = Number.isNaN(d) ? Infinity : d;
    const s = d / (1 + Math.abs(e));
    if (!(s <= maxScaled)) {
      maxScaled = Number.isNaN(s) ? Infinity : s;
      at = i;
    }
  }
  return { maxAbs, maxScaled, at, count: actual.length };
}
