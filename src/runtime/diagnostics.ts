/**
 * What a bug report needs to know about the machine, gathered where the
 * engine runs (its worker, or the page with `?engine=main`): the page and a
 * worker can see different things (tfjs's threaded WASM, for one, is off in
 * the worker).
 */
import * as tf from '@tensorflow/tfjs';
import { softwareAdapterReason, type AdapterFacts } from './auto-backend';
import { webglRenderer } from './browser-backends';

export interface WebGpuFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The adapter says it is a fallback (a software implementation such as SwiftShader). */
  isFallbackAdapter: boolean;
  /** Why it counts as software (auto-backend.ts), or null for a real GPU. */
  software: string | null;
  shaderF16: boolean;
}

/** The engine's side of the diagnostics. */
export interface EngineEnvironment {
  userAgent: string;
  /** WebGPU's adapter, or why there is none. */
  webgpu: WebGpuFacts | { missing: string };
  /** UNMASKED_RENDERER_WEBGL of a WebGL2 context, or null without WebGL2. */
  webglRenderer: string | null;
  crossOriginIsolated: boolean;
  wasmSimd: boolean;
  /** tfjs may use its threaded WASM build here (isolation, SharedArrayBuffer, and not turned off). */
  wasmThreads: boolean;
  hardwareConcurrency: number | null;
  tfjsVersion: string;
}

interface GpuAdapterWithFeatures {
  info?: AdapterFacts;
  isFallbackAdapter?: boolean;
  features: { has(name: string): boolean };
}

async function webgpuFacts(): Promise<EngineEnvironment['webgpu']> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterWithFeatures | null> } }).gpu;
  if (!gpu) return { missing: 'this browser has no WebGPU (navigator.gpu is missing)' };
  let adapter: GpuAdapterWithFeatures | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { missing: `requestAdapter failed (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!adapter) return { missing: 'WebGPU found no usable GPU adapter' };
  const info = adapter.info ?? {};
  const isFallbackAdapter = adapter.isFallbackAdapter ?? info.isFallbackAdapter ?? false;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter,
    software: softwareAdapterReason({ ...info, isFallbackAdapter }),
    shaderF16: adapter.features.has('shader-f16'),
  };
}

/** A tfjs flag's value, or false when it cannot be read (the backend that defines it is not registered). */
async function flag(name: string): Promise<boolean> {
  try {
    return Boolean(await tf.env().getAsync(name));
  } catch {
    return false;
  }
}

/** Probes this thread (a worker or the page). */
export async function gatherEnvironment(): Promise<EngineEnvironment> {
  let renderer: string | null;
  try {
    renderer = webglRenderer();
  } catch {
    renderer = null;
  }
  return {
    userAgent: navigator.userAgent,
    webgpu: await webgpuFacts(),
    webglRenderer: renderer,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    wasmSimd: await flag('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: await flag('WASM_HAS_MULTITHREAD_SUPPORT'),
    hardwareConcurrency: navigator.hardwareConcurrency || null,
    tfjsVersion: tf.version.tfjs,
  };
}

/** sha256 of a model file's bytes, in hex; needs a secure context (https or localhost). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error('sha256 needs a secure context (https or localhost)');
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
