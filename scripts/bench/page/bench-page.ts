/**
 * The bench page (scripts/bench/page/index.html), driven by browser.ts over
 * `window.__bench`: one backend per page, set up from the query string
 * (`?backend=wasm&threads=2`), then runners loaded and stepped on request so
 * the driver can interleave tfjs and onnxruntime-web forward by forward.
 */
import '@tensorflow/tfjs-backend-webgpu';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as ort from 'onnxruntime-web/all';
import { configureWasmFiles, configureWasmThreads, defaultWasmThreads, useBackend, wasmThreadCount } from '../../../src/runtime/backends';
import type { AdapterInfo, BenchBackend, Engine, ForwardCounts, SetupInfo } from '../protocol';
import type { UntrainedModelId } from '../../../src/common/choices';
import { untrainedLabel } from '../../../src/common/bundled-models';
import { untrainedConfig } from '../../../src/model/untrained-models';
import { untrainedModel } from '../../../src/runtime/engine';
import { modelRunner, ortRunner, type Runner, type Size, tfjsRunner } from '../runners';

export interface BenchApi {
  setup: Promise<SetupInfo>;
  load(engine: Engine, url: string, size: Size): Promise<ForwardCounts>;
  /** An untrained model (`seed-det-l`, ...) built here from its config and seed, as the app builds it, run as the tfjs engine. */
  loadUntrained(id: UntrainedModelId, size: Size): Promise<ForwardCounts>;
  step(engine: Engine): Promise<number>;
  unload(): Promise<void>;
}

const params = new URLSearchParams(location.search);
const backend = (params.get('backend') ?? 'wasm') as BenchBackend;
const runners = new Map<Engine, Runner>();

async function adapterInfo(): Promise<AdapterInfo | null> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return null;
  const i = adapter.info;
  return { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? null };
}

async function setup(): Promise<SetupInfo> {
  configureWasmFiles({ 'tfjs-backend-wasm.wasm': wasmUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl });
  configureWasmThreads(Number(params.get('threads') ?? defaultWasmThreads()));
  // onnxruntime-web loads its own .wasm from node_modules (served by Vite); threads: its default.
  ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
  const ortThreads = Number(params.get('ortThreads') ?? 0);
  if (ortThreads > 0) ort.env.wasm.numThreads = ortThreads;
  await useBackend(backend);
  return {
    backend,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    tfjsThreads: backend === 'wasm' ? wasmThreadCount() : 1,
    ortThreads: 0, // known after the first session: see load()
    adapter: backend === 'webgpu' ? await adapterInfo() : null,
    userAgent: navigator.userAgent,
  };
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url} failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const api: BenchApi = {
  setup: setup(),
  async load(engine, url, size) {
    await api.setup;
    const bytes = await fetchBytes(url);
    const runner = engine === 'tfjs' ? await tfjsRunner(bytes, size) : await ortRunner(ort, bytes, size, backend);
    runners.set(engine, runner);
    return runner.counts();
  },
  async loadUntrained(id, size) {
    await api.setup;
    const runner = modelRunner(untrainedModel(untrainedConfig(id), id, untrainedLabel(id)).model, size);
    runners.set('tfjs', runner);
    return runner.counts();
  },
  async step(engine) {
    const runner = runners.get(engine);
    if (!runner) throw new Error(`no ${engine} model is loaded`);
    return runner.forward();
  },
  async unload() {
    for (const r of runners.values()) await r.dispose();
    runners.clear();
  },
};

(window as unknown as { __bench: BenchApi; __ortThreads: () => number }).__bench = api;
(window as unknown as { __ortThreads: () => number }).__ortThreads = () => Number(ort.env.wasm.numThreads ?? 1);
