/**
 * SiLU, x * sigmoid(x): on WebGPU one custom program (tfjs's fused conv has
 * no SiLU, and Sigmoid + Mul is two dispatches after every conv), elsewhere
 * the composed ops.
 */
import * as tf from '@tensorflow/tfjs';
import { useWebGPUPrograms } from './fused';
import { elementwiseProgram, runWebGPUProgram } from './gpu-program';

/** The composed reference: Sigmoid, then Mul. */
export function siluComposed<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.sigmoid(x));
}

// The same expression as tfjs-webgpu's Sigmoid, then the product, so both paths round alike.
const SILU_BODY = '    let a = A[index];\n    setOutputAtIndex(index, a * (1.0 / (1.0 + exp(-1.0 * a))));';

export function silu<T extends tf.Tensor>(x: T): T {
  if (!useWebGPUPrograms() || x.dtype !== 'float32') return siluComposed(x);
  return runWebGPUProgram(elementwiseProgram('akconv_silu', ['A'], x.shape, SILU_BODY), [x]) as unknown as T;
}
