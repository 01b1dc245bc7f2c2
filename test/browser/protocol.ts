/**
 * Types shared by the Node side (harness.ts) and the page side (page.ts) of
 * the browser test harness. Type-only: nothing here runs.
 */

/** Typed arrays cross the Node <-> page boundary intact (Playwright base64-encodes them). */
export type TypedArrayValue =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/** Plain JSON. */
export type JSONValue =
  | null
  | boolean
  | number
  | string
  | readonly JSONValue[]
  | { readonly [key: string]: JSONValue };

/**
 * What may be passed to, or returned from, a module run in the page: JSON plus
 * typed arrays, `undefined` object members, NaN, +-Infinity and -0 (all of
 * which Playwright's serialiser preserves). No Map/Set/class instances/tensors.
 *
 * Note: TypeScript does not let an `interface` match an index signature, so
 * declare argument shapes with `type X = {...}` rather than `interface X {...}`.
 */
export type WireValue =
  | null
  | boolean
  | number
  | string
  | TypedArrayValue
  | readonly WireValue[]
  | { readonly [key: string]: WireValue | undefined };

/** What `requestAdapter()` told us about the WebGPU adapter. */
export type AdapterSummary = {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean | null;
  features: string[];
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
    maxComputeWorkgroupsPerDimension: number;
  };
};

/** The page's answer to "are you ready?". */
export type PageReady =
  | {
      ok: true;
      backend: string;
      /** ms from page start (navigation) to the end of module loading, and for WebGPU + tfjs initialisation. */
      loadMs: number;
      initMs: number;
      tfjsVersion: string;
      userAgent: string;
      adapter: AdapterSummary;
    }
  | {
      ok: false;
      /** Why WebGPU (or the tfjs webgpu backend) is not usable. */
      reason: string;
      backend: string | null;
      tfjsVersion: string;
      userAgent: string;
    };

/** Per-run bookkeeping returned with every result. */
export type RunStats = {
  /** Wall time of the export's call in the page, in ms (includes awaiting GPU reads). */
  ms: number;
  /** tf.memory().numTensors before and after the call (a leak check). */
  numTensorsBefore: number;
  numTensorsAfter: number;
  /** tf.getBackend() after the call. */
  backend: string;
};

export type RunOutcome =
  | { ok: true; value: unknown; stats: RunStats }
  | { ok: false; error: string; stats: RunStats | null };

/** The globals page.ts installs on `window`. */
export type HarnessGlobals = {
  __harnessReady: Promise<PageReady>;
  __runModule: (modulePath: string, exportName: string, arg: unknown) => Promise<RunOutcome>;
};
