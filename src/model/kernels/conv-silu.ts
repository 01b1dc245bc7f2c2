/**
 * Conv2d + bias + SiLU as ONE GPU program: tfjs's fused conv can add the bias
 * and apply a few activations, SiLU not among them, so on WebGPU and WebGL
 * the conv is launched with its sigmoid activation and, while it runs, every
 * program it sends to the backend that carries tfjs's sigmoid snippet gets
 * that snippet rewritten to x * sigmoid(x) (and its own cache key). If no
 * program carried the snippet (a tfjs whose shaders differ), the result is
 * thrown away and the conv runs again followed by the SiLU program, so the
 * output is never a plain sigmoid. On cpu and wasm: the fused conv, then SiLU.
 */
import * as tf from '@tensorflow/tfjs';
import type { FusedBackend } from './fused';
import { fusedBackend } from './fused';
import type { WebGPUProgramSpec } from './gpu-program';
import { silu } from './silu';
import type { WebGLProgramSpec } from './webgl-program';

export interface ConvArgs {
  x: tf.Tensor4D;
  filter: tf.Tensor4D;
  strides: number;
  pad: 'valid' | number;
  dilations: number;
  bias: tf.Tensor1D;
}

// tfjs 4.x's sigmoid snippets (WGSL uses `a`, GLSL `x`; the same text serves scalar and vec4 code).
const WGSL_SIGMOID = 'return 1.0 / (1.0 + exp(-1.0 * a));';
const WGSL_SILU = 'return a * (1.0 / (1.0 + exp(-1.0 * a)));';
const GLSL_SIGMOID = 'return 1.0 / (1.0 + exp(-1.0 * x));';
const GLSL_SILU = 'return x * (1.0 / (1.0 + exp(-1.0 * x)));';

export function conv2dSilu(args: ConvArgs): tf.Tensor4D {
  const fused = fusedBackend();
  if (fused === 'webgpu' || fused === 'webgl') {
    const y = withSigmoidAsSilu(fused, () => tf.fused.conv2d({ ...args, activation: 'sigmoid' }));
    if (y) return y;
  }
  return silu(tf.fused.conv2d(args));
}

type Runner = (...args: unknown[]) => tf.TensorInfo;
interface BackendWithRunner {
  runWebGPUProgram?: Runner;
  runWebGLProgram?: Runner;
}

/** Whether a WebGPU program's source has the sigmoid snippet, by its tfjs key (which fixes its source). */
const wgslHasSigmoid = new Map<string, boolean>();

/** Rewrites the sigmoid in one program; returns whether it had one. */
export function rewriteSigmoid(fused: 'webgpu' | 'webgl', program: WebGPUProgramSpec | WebGLProgramSpec): boolean {
  if (fused === 'webgl') {
    const p = program as WebGLProgramSpec;
    if (!p.userCode.includes(GLSL_SIGMOID)) return false;
    // tfjs-webgl caches compiled programs by their source, so the new source gets its own entry.
    p.userCode = p.userCode.split(GLSL_SIGMOID).join(GLSL_SILU);
    return true;
  }
  const p = program as WebGPUProgramSpec;
  const key = `${p.constructor.name}:${p.shaderKey}`;
  let has = wgslHasSigmoid.get(key);
  if (has === undefined) {
    has = p.getUserCode().includes(WGSL_SIGMOID);
    wgslHasSigmoid.set(key, has);
  }
  if (!has) return false;
  const source = p.getUserCode.bind(p);
  p.getUserCode = () => source().split(WGSL_SIGMOID).join(WGSL_SILU);
  p.shaderKey = `${p.shaderKey}_akconv_silu`;
  return true;
}

/** Runs op with the backend's program runner rewriting sigmoid to SiLU; null (and nothing kept) if nothing was rewritten. */
function withSigmoidAsSilu(fused: Exclude<FusedBackend, 'host'>, op: () => tf.Tensor4D): tf.Tensor4D | null {
  const backend = tf.backend() as unknown as BackendWithRunner;
  const name = fused === 'webgpu' ? 'runWebGPUProgram' : 'runWebGLProgram';
  const original = backend[name];
  if (!original) return null;
  const ownProperty = Object.prototype.hasOwnProperty.call(backend, name);
  let rewritten = 0;
  backend[name] = (program: unknown, ...rest: unknown[]) => {
    if (rewriteSigmoid(fused, program as WebGPUProgramSpec & WebGLProgramSpec)) rewritten++;
    return original.call(backend, program, ...rest);
  };
  let y: tf.Tensor4D;
  try {
    y = op();
  } finally {
    // Usually the wrapper shadows the prototype's method, and removing it restores that.
    if (ownProperty) backend[name] = original;
    else delete backend[name];
  }
  if (rewritten > 0) return y;
  y.dispose();
  return null;
}
