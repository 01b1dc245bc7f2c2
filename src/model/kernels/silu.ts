/**
 * SiLU, x * sigmoid(x): on WebGPU and WebGL one custom program (tfjs's fused
 * conv has no SiLU, and Sigmoid + Mul is two dispatches after every conv),
 * elsewhere the composed ops (on cpu and wasm two passes cost little).
 */
import * as tf from '@tensorflow/tfjs';
import { fusedBackend } from './fused';
import { elementwiseProgram, runWebGPUProgram } from './gpu-program';
import { runWebGLProgram } from './webgl-program';

/** The composed reference: Sigmoid, then Mul. */
export function siluComposed<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.sigmoid(x));
}

// The same expression as the backends' own Sigmoid, then the product, so both paths round alike.
const WGSL_BODY = '    let a = A[index];\n    setOutputAtIndex(index, a * (1.0 / (1.0 + exp(-1.0 * a))));';
// Packed (four values per texel), as tfjs-webgl's own convs write their outputs: no unpacking pass.
const GLSL = 'void main() {\n  vec4 x = getAAtOutCoords();\n  setOutput(x * (1.0 / (1.0 + exp(-1.0 * x))));\n}';

export function silu<T extends tf.Tensor>(x: T): T {
  const gpu = x.dtype === 'float32' ? fusedBackend() : null;
  if (gpu === 'webgpu') return runWebGPUProgram(elementwiseProgram('akconv_silu', ['A'], x.shape, WGSL_BODY), [x]) as unknown as T;
  if (gpu === 'webgl') {
    const program = { variableNames: ['A'], outputShape: x.shape, userCode: GLSL, packedInputs: true, packedOutput: true };
    return runWebGLProgram(program, [x]) as unknown as T;
  }
  return siluComposed(x);
}
