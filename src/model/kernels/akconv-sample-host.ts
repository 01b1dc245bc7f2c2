/**
 * AKConv's sampling as one loop over host memory, for the cpu and wasm
 * backends, whose tensors dataSync() reads without a copy off a device: the
 * composed ops spend most of the layer in four GatherV2 kernels (tfjs-wasm's
 * gather took 2-6 ms for 300 rows of 128 channels, the layer 18 ms at 320).
 * The arithmetic is the seed's clamped bilinear read (see akconv-sample.ts),
 * with positions and weights rounded to float32 as the composed ops round them.
 */
import * as tf from '@tensorflow/tfjs';
import { checkShapes } from './akconv-sample';

const f32 = Math.fround;

/** The stacked samples [b, h, w, N * C] of map x at positions offsets + base. */
export function sampleStackedHost(x: tf.Tensor4D, offsets: tf.Tensor4D, base: tf.Tensor4D): tf.Tensor4D {
  const { b, h, w, twoN, c } = checkShapes(x, offsets, base);
  const [, inH, inW] = x.shape;
  const n = twoN / 2;
  const xs = x.dataSync() as Float32Array;
  const os = offsets.dataSync() as Float32Array;
  const bs = base.dataSync() as Float32Array;
  const out = new Float32Array(b * h * w * n * c);
  const cells = h * w;
  for (let pixel = 0; pixel < b * cells; pixel++) {
    const image = Math.floor(pixel / cells);
    const o = pixel * twoN;
    const g = (pixel - image * cells) * twoN;
    for (let s = 0; s < n; s++) {
      const row = seedAxis(f32((os[o + s] as number) + (bs[g + s] as number)), inH - 1);
      const col = seedAxis(f32((os[o + n + s] as number) + (bs[g + n + s] as number)), inW - 1);
      const top = (image * inH + row.lt) * inW;
      const bottom = (image * inH + row.rb) * inW;
      const lt = (top + col.lt) * c;
      const rb = (bottom + col.rb) * c;
      const lb = (top + col.rb) * c;
      const rt = (bottom + col.lt) * c;
      // The composed path's corner order and weights: lt, rb, (lt row, rb col), (rb row, lt col).
      const wLt = f32(row.wLt * col.wLt);
      const wRb = f32(row.wRb * col.wRb);
      const wLb = f32(row.wLt * col.wRb);
      const wRt = f32(row.wRb * col.wLt);
      const dst = (pixel * n + s) * c;
      for (let ch = 0; ch < c; ch++) {
        out[dst + ch] =
          (xs[lt + ch] as number) * wLt + (xs[rb + ch] as number) * wRb + (xs[lb + ch] as number) * wLb + (xs[rt + ch] as number) * wRt;
      }
    }
  }
  return tf.tensor4d(out, [b, h, w, n * c]);
}

/**
 * One axis of the seed's read: clamped corner indices and their weights, for
 * position p and the map's last index max (float32 rounding as the GPU
 * programs). The explainer (src/detect/akconv-explain.ts) reads with it too.
 */
export function seedAxis(p: number, max: number): { lt: number; rb: number; wLt: number; wRb: number; clamped: number } {
  const floor = Math.floor(p);
  const lt = Math.min(Math.max(floor, 0), max);
  const rb = Math.min(Math.max(floor + 1, 0), max);
  const clamped = Math.min(Math.max(p, 0), max);
  return { lt, rb, wLt: f32(1 + f32(lt - clamped)), wRb: f32(1 - f32(rb - clamped)), clamped };
}
