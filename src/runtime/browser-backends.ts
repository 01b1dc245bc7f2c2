/**
 * Backend start-up in the browser: WebGPU first, then WebGL, then WASM, with
 * the reason for every fallback in words a user can read.
 */
import * as tf from '@tensorflow/tfjs';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from './backends';
import { configureWasmFiles, useBackend } from './backends';

export type BrowserBackend = Exclude<BackendName, 'cpu'>;

export interface BackendStatus {
  backend: BrowserBackend;
  /** Why we are not on the preferred backend, or null. */
  fallbackReason: string | null;
  /** The WebGPU adapter, when known (e.g. "nvidia / ampere", "google / swiftshader"). */
  adapter: string | null;
}

const ORDER: BrowserBackend[] = ['webgpu', 'webgl', 'wasm'];

async function webgpuAdapter(): Promise<string> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU found no usable GPU adapter');
  const info = adapter.info;
  return [info.vendor, info.architecture].filter(Boolean).join(' / ') || 'unknown adapter';
}

let pending: { choice: string; status: Promise<BackendStatus> } | null = null;

/**
 * Starts `preferred` (or the first that works, in WebGPU > WebGL > WASM
 * order) and says why any earlier choice was skipped. Concurrent calls for
 * the same choice share one start: two overlapping tf.setBackend calls make
 * the WebGPU one fail.
 */
export function startBackend(preferred: BrowserBackend | 'auto'): Promise<BackendStatus> {
  if (pending?.choice !== preferred) pending = { choice: preferred, status: pending ? pending.status.catch(() => null).then(() => start(preferred)) : start(preferred) };
  return pending.status;
}

async function start(preferred: BrowserBackend | 'auto'): Promise<BackendStatus> {
  configureWasmFiles({ 'tfjs-backend-wasm.wasm': wasmUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl });
  const order = preferred === 'auto' ? ORDER : [preferred, ...ORDER.filter((b) => b !== preferred)];
  const reasons: string[] = [];
  let adapter: string | null = null;
  for (const backend of order) {
    try {
      if (backend === 'webgpu') adapter = await webgpuAdapter();
      await useBackend(backend);
      tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()); // fails fast on a broken context
      return { backend, fallbackReason: reasons.length ? reasons.join('; ') : null, adapter: backend === 'webgpu' ? adapter : null };
    } catch (e) {
      reasons.push(`${backend} unavailable: ${(e as Error).message}`);
    }
  }
  throw new Error(`no tfjs backend could start (${reasons.join('; ')})`);
}
