/**
 * Sanity case: a few small ops YOLOv5 + AKConv rely on (conv2d, gather,
 * resizeNearestNeighbor, maxPool, SiLU) with fixed inputs.
 *
 * `computeSanity()` is backend-agnostic: the Node test calls it on the tfjs
 * cpu backend, and `runSanity()` calls it in Chromium on webgpu, so both
 * sides run literally the same code.
 */
import * as tf from '@tensorflow/tfjs';

export type SanityOutput = { shape: number[]; values: Float32Array };
export type SanityResult = Record<string, SanityOutput>;

/** Deterministic values exactly representable in float32 (no RNG, no Math.sin). */
export function fixedValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (((i * 37 + seed * 11) % 23) - 11) / 8;
  return out;
}

export async function computeSanity(): Promise<SanityResult> {
  const tensors = tf.tidy(() => {
    const x = tf.tensor4d(fixedValues(1 * 8 * 8 * 3, 1), [1, 8, 8, 3]);
    const w = tf.tensor4d(fixedValues(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    const b = tf.tensor1d(fixedValues(4, 3));
    const conv = tf.add<tf.Tensor4D>(tf.conv2d(x, w, 1, 'same'), b);
    // YOLOv5's stride-2 downsampling conv ('same' on an even size pads asymmetrically).
    const conv2 = tf.conv2d(x, w, 2, 'same');
    const silu = tf.mul<tf.Tensor4D>(conv, tf.sigmoid(conv));
    // Channel shuffle with a repeated index.
    const gatherChannels = tf.gather(conv, tf.tensor1d([3, 0, 2, 2], 'int32'), 3);
    // AKConv-style sampling: per-batch gather of pixels from the flattened map.
    const flat = tf.reshape(conv, [1, 64, 4]);
    const idx = tf.tensor2d([[0, 63, 7, 8, 9, 31, 32, 0, 17, 50]], [1, 10], 'int32');
    const gatherPixels = tf.gather(flat, idx, 1, 1);
    // nn.Upsample(scale_factor=2, mode='nearest').
    const upsample = tf.image.resizeNearestNeighbor(conv, [16, 16], false, false);
    // SPPF's MaxPool2d(5, 1, 2) and a plain 2x2/2 pool.
    const maxPool5 = tf.maxPool(conv, 5, 1, 'same');
    const maxPool2 = tf.maxPool(conv, 2, 2, 'valid');
    return { conv, conv2, silu, gatherChannels, gatherPixels, upsample, maxPool5, maxPool2 };
  });
  const result: SanityResult = {};
  try {
    for (const [name, t] of Object.entries(tensors)) {
      const values = await t.data();
      if (!(values instanceof Float32Array)) throw new Error(`${name}: expected float32, got ${t.dtype}`);
      result[name] = { shape: t.shape.slice(), values };
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return result;
}

/** Run in the page (webgpu). Refuses to run on any other backend. */
export async function runSanity(): Promise<{ backend: string; outputs: SanityResult }> {
  const backend = tf.getBackend();
  if (backend !== 'webgpu') throw new Error(`runSanity expects the webgpu backend, got '${backend}'`);
  return { backend, outputs: await computeSanity() };
}
