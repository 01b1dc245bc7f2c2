/**
 * tfjs backends: WebGPU first in the browser, WebGL and WASM as fallbacks,
 * and WASM (or the pure-JS cpu backend) in Node, where tfjs-node cannot be
 * installed.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

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

/**
 * How many threads the wasm backend's XNNPACK pool uses. The threaded build
 * exists only in a cross-origin isolated page (never in Node: tfjs turns
 * WASM_HAS_MULTITHREAD_SUPPORT off there); elsewhere the backend runs on 1
 * thread whatever is asked.
 *
 * tfjs's setThreadsCount alone cannot raise the count (upstream tfjs issue
 * 8513): backend.cc caps it at `num_cores = navigator.hardwareConcurrency / 2`,
 * a C++ global read once when the wasm module starts, and at the 8 workers the
 * build pre-creates (PTHREAD_POOL_SIZE=8). So 1 thread on a 2-core machine,
 * at most 4 on 8 cores. We work around the first cap by showing the module a
 * hardwareConcurrency of twice the wanted count while it starts (see
 * startWasm); the 8-thread cap stays.
 */
export const MAX_WASM_THREADS = 8;

/** null: defaultWasmThreads() in a browser; 0: tfjs's own default. */
let wasmThreads: number | null = null;

/** `count` threads for the wasm backend (0: tfjs's own default). Call before useBackend('wasm'). */
export function configureWasmThreads(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > MAX_WASM_THREADS) {
    throw new Error(`wasm thread count ${count} is not an integer from 0 to ${MAX_WASM_THREADS}`);
  }
  wasmThreads = count;
}

/**
 * Half the logical cores (rounded up), at most 4: onnxruntime-web's default,
 * so the anchor comparison is like for like. More is not always faster: on a
 * busy 2-core machine, 2 threads made the forward 2.6x slower than 1
 * (XNNPACK's workers spin while they wait; docs/benchmarks/browser-cpu.json).
 */
export function defaultWasmThreads(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.min(4, Math.max(1, Math.ceil(cores / 2)));
}

/**
 * Starts tfjs's wasm backend; in a browser (unless told 0 threads), lifts
 * backend.cc's hardwareConcurrency / 2 cap for the moment the module reads it.
 */
async function startWasm(): Promise<boolean> {
  if (typeof navigator === 'undefined') return tf.setBackend('wasm');
  const threads = wasmThreads ?? defaultWasmThreads();
  // tfjs reads this when it creates the backend; -1 is its own default.
  setThreadsCount(threads === 0 ? -1 : threads);
  if (threads === 0) return tf.setBackend('wasm');
  const shadow = Object.getOwnPropertyDescriptor(navigator, 'hardwareConcurrency');
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await tf.setBackend('wasm');
  } finally {
    if (shadow) Object.defineProperty(navigator, 'hardwareConcurrency', shadow);
    else delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/**
 * The number of threads the wasm backend really computes with, as XNNPACK's
 * pool reports it: 1 when the page is not cross-origin isolated (or in Node).
 */
export function wasmThreadCount(): number {
  try {
    return getThreadsCount();
  } catch {
    throw new Error('the wasm thread count is unknown until the wasm backend has started');
  }
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
  const ok = name === 'wasm' ? await startWasm() : await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend failed to initialise`);
  await tf.ready();
}
