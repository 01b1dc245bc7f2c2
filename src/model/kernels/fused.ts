/**
 * Whether the model runs its fused implementations (one program or one loop
 * where the composed tfjs ops take several kernels) or the composed ops,
 * which stay the reference implementation, selectable for the tests.
 */
import * as tf from '@tensorflow/tfjs';

/** Where a fused implementation runs: a WebGPU or WebGL program, or a loop over host memory (cpu and wasm). */
export type FusedBackend = 'webgpu' | 'webgl' | 'host';

let enabled = true;

/** Switches the fused implementations on (the default) or off, for every model. */
export function setFusedKernels(on: boolean): void {
  enabled = on;
}

export function fusedKernelsEnabled(): boolean {
  return enabled;
}

/** The fused implementation the next op should use, or null for the composed ops. */
export function fusedBackend(): FusedBackend | null {
  if (!enabled) return null;
  const backend = tf.getBackend();
  if (backend === 'webgpu' || backend === 'webgl') return backend;
  // Both keep tensors in memory that dataSync() reads without a GPU round trip.
  return backend === 'cpu' || backend === 'wasm' ? 'host' : null;
}
