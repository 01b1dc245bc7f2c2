/**
 * Whether the model runs its custom GPU programs (one dispatch where the
 * composed tfjs ops take several) or the composed ops, which stay the
 * reference implementation: always on cpu and wasm, and on the GPU when
 * switched off (the tests compare the two).
 */
import * as tf from '@tensorflow/tfjs';

export type GpuProgramBackend = 'webgpu' | 'webgl';

let enabled = true;

/** Switches the custom GPU programs on (the default) or off, for every model. */
export function setFusedKernels(on: boolean): void {
  enabled = on;
}

export function fusedKernelsEnabled(): boolean {
  return enabled;
}

/** The GPU backend whose custom programs the next op should use, or null for the composed ops. */
export function gpuPrograms(): GpuProgramBackend | null {
  if (!enabled) return null;
  const backend = tf.getBackend();
  return backend === 'webgpu' || backend === 'webgl' ? backend : null;
}
