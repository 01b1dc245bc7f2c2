/**
 * What crosses between the benchmark driver (browser.ts, gpu-node.ts) and the
 * code that runs the models (page/bench-page.ts in Chromium, or Node with Dawn).
 */
export type Engine = 'tfjs' | 'ort';
export type BenchBackend = 'wasm' | 'webgl' | 'webgpu';

export interface SetupInfo {
  backend: BenchBackend;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** tfjs-wasm's XNNPACK pool (1 on other backends). */
  tfjsThreads: number;
  /** onnxruntime-web's env.wasm.numThreads after its first session. */
  ortThreads: number;
  /** WebGPU adapter info, when the backend is webgpu. */
  adapter: AdapterInfo | null;
  userAgent: string;
}

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean | null;
}

/** One forward, timed where it runs: input upload, the network, the output back on the CPU. */
export interface ForwardSample {
  ms: number;
}

/** Counted once per model and size, outside the timed runs. */
export interface ForwardCounts {
  /** tfjs kernels in one forward (tf.profile); null for onnxruntime-web. */
  kernels: number | null;
  /** WebGPU compute dispatches in one forward (dispatchWorkgroups calls); null off WebGPU. */
  dispatches: number | null;
  /** First forward (shader compile, weight upload), ms. */
  firstMs: number;
}
