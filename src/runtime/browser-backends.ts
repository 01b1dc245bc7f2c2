/**
 * Backend start-up in a browser page or worker: one named backend at a time
 * (the engine decides which, `auto-backend.ts`), and what `auto` needs to
 * know: which backends exist here and which of them run in software.
 */
import * as tf from '@tensorflow/tfjs';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AdapterFacts } from './auto-backend';
import { softwareAdapterReason, softwareRendererReason } from './auto-backend';
import { configureWasmFiles, useBackend, wasmThreadCount } from './backends';
import type { AutoCandidates } from './device';
import type { BackendInfo, BackendName } from './protocol';

export type BrowserBackend = BackendName;

interface GpuAdapterLike {
  info?: AdapterFacts;
  isFallbackAdapter?: boolean;
}

interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

function gpu(): GpuLike | null {
  return (globalThis.navigator as Navigator & { gpu?: GpuLike }).gpu ?? null;
}

async function webgpuAdapter(): Promise<AdapterFacts> {
  const g = gpu();
  if (!g) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
  const adapter = await g.requestAdapter();
  if (!adapter) throw new Error('WebGPU found no usable GPU adapter');
  return { ...adapter.info, isFallbackAdapter: adapter.isFallbackAdapter ?? adapter.info?.isFallbackAdapter ?? false };
}

const adapterName = (a: AdapterFacts) => [a.vendor, a.architecture].filter(Boolean).join(' / ') || 'unknown adapter';

let starting: Promise<unknown> = Promise.resolve();

/**
 * Starts `backend`, or throws why it cannot. Starts never overlap: two
 * overlapping tf.setBackend calls make the WebGPU one fail.
 */
export function startBackend(backend: BackendName): Promise<BackendInfo> {
  const run = starting.catch(() => undefined).then(() => start(backend));
  starting = run;
  return run;
}

async function start(backend: BackendName): Promise<BackendInfo> {
  configureWasmFiles({ 'tfjs-backend-wasm.wasm': wasmUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl });
  const adapter = backend === 'webgpu' ? adapterName(await webgpuAdapter()) : null;
  await useBackend(backend);
  tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()); // fails fast on a broken context
  return { backend, reason: null, adapter, threads: backend === 'wasm' ? wasmThreadCount() : null };
}

/** The renderer string of a WebGL2 context here (OffscreenCanvas in a worker), or null without WebGL. */
export function webglRenderer(): string | null {
  const canvas: OffscreenCanvas | HTMLCanvasElement | null =
    typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : typeof document !== 'undefined' ? document.createElement('canvas') : null;
  const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
  if (!gl) return null;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/** WebGPU and WebGL unless missing or software; WASM always. */
export async function autoCandidates(): Promise<AutoCandidates> {
  const result: AutoCandidates = { candidates: [], skipped: [] };
  try {
    const software = softwareAdapterReason(await webgpuAdapter());
    if (software) result.skipped.push({ backend: 'webgpu', reason: software });
    else result.candidates.push('webgpu');
  } catch (e) {
    result.skipped.push({ backend: 'webgpu', reason: (e as Error).message });
  }
  const renderer = webglRenderer();
  const software = renderer === null ? 'this browser has no WebGL2' : softwareRendererReason(renderer);
  if (software) result.skipped.push({ backend: 'webgl', reason: software });
  else result.candidates.push('webgl');
  result.candidates.push('wasm');
  return result;
}
