/**
 * tfjs backends: WebGPU first in the browser, WebGL and WASM as fallbacks,
 * and WASM (or the pure-JS cpu backend) in Node, where tfjs-node cannot be
 * installed.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

let wasmPathsSet = false;

/**
 * Where the wasm backend finds its .wasm binaries: a URL prefix in the
 * browser (the app serves them), a folder path in Node.
 */
export function configureWasm(prefix: string): void {
  setWasmPaths(prefix);
  wasmPathsSet = true;
}

/** The same with one URL per .wasm file (what a bundler gives for hashed assets). */
export function configureWasmFiles(files: Record<string, string>): void {
  setWasmPaths(files);
  wasmPathsSet = true;
}

/** Registers a backend's module (lazily, so bundles only pay for what they use). */
async function register(name: BackendName): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  // wasm is registered by the static import above; cpu and webgl ship with @tensorflow/tfjs.
}

/** Switches tfjs to `name`; throws with the reason when it cannot start. */
export async function useBackend(name: BackendName): Promise<void> {
  await register(name);
  if (name === 'wasm' && !wasmPathsSet) {
    throw new Error('the wasm backend needs configureWasm() first (where its .wasm files are)');
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend failed to initialise`);
  await tf.ready();
}
