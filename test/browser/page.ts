/**
 * The page side of the browser test harness (loaded by page.html, served by
 * the Vite dev server that harness.ts starts).
 *
 * It switches tfjs to the webgpu backend and installs two globals:
 * - `__harnessReady`: resolves once tfjs is on webgpu, or with the reason it
 *   cannot be (it never silently falls back to another backend);
 * - `__runModule(path, exportName, arg)`: imports a module by its
 *   root-relative path (e.g. `/test/browser/cases/sanity.ts`), awaits
 *   `export(arg)` and returns the value plus some stats.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { AdapterSummary, HarnessGlobals, PageReady, RunOutcome, RunStats } from './protocol';

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const stack = error.stack ?? '';
    return stack.includes(error.message) ? stack : `${error.name}: ${error.message}\n${stack}`;
  }
  return String(error);
}

function summariseAdapter(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info;
  const limits = adapter.limits;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: typeof info.isFallbackAdapter === 'boolean' ? info.isFallbackAdapter : null,
    features: [...adapter.features].map(String).sort(),
    limits: {
      maxBufferSize: limits.maxBufferSize,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
    },
  };
}

async function init(): Promise<PageReady> {
  const loadMs = Math.round(performance.now());
  const common = { tfjsVersion: tf.version.tfjs, userAgent: navigator.userAgent };
  // (Do not call tf.getBackend() before setBackend: it would initialise some other backend.)
  const fail = (reason: string, backend: string | null = null): PageReady => ({
    ok: false,
    reason,
    backend,
    ...common,
  });
  if (!('gpu' in navigator) || navigator.gpu === undefined) {
    return fail(
      `navigator.gpu is undefined (isSecureContext=${String(window.isSecureContext)}); ` +
        'Chromium needs --enable-unsafe-webgpu on Linux and a secure (http://127.0.0.1) origin',
    );
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await navigator.gpu.requestAdapter();
  } catch (error) {
    return fail(`navigator.gpu.requestAdapter() threw: ${errorText(error)}`);
  }
  if (adapter === null) {
    return fail('navigator.gpu.requestAdapter() returned null (no WebGPU adapter)');
  }
  const adapterSummary = summariseAdapter(adapter);

  let switched: boolean;
  try {
    switched = await tf.setBackend('webgpu');
    await tf.ready();
  } catch (error) {
    return fail(`tf.setBackend('webgpu') threw: ${errorText(error)}`);
  }
  const backend = tf.getBackend();
  if (!switched || backend !== 'webgpu') {
    return fail(
      `tf.setBackend('webgpu') returned ${String(switched)}; tf.getBackend() is '${backend}'` +
        ` (webgpu backend registered: ${String(tf.findBackendFactory('webgpu') !== null)})`,
      backend,
    );
  }
  const initMs = Math.round(performance.now()) - loadMs;
  return { ok: true, backend, loadMs, initMs, adapter: adapterSummary, ...common };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Refuse values that Playwright would serialise into garbage, with a clear message. */
function checkWire(value: unknown, where: string, depth = 0): void {
  if (depth > 64) throw new Error(`result too deep at ${where}`);
  if (value instanceof tf.Tensor) {
    throw new Error(
      `result contains a tf.Tensor at ${where}; return plain data instead (await t.data() / t.array())`,
    );
  }
  if (ArrayBuffer.isView(value) || value === null || typeof value !== 'object') return;
  if (value instanceof Map || value instanceof Set || value instanceof Promise) {
    throw new Error(`result contains a ${value.constructor.name} at ${where}; use arrays/objects`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkWire(item, `${where}[${i}]`, depth + 1));
    return;
  }
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) checkWire(item, `${where}.${key}`, depth + 1);
  }
}

async function runModule(modulePath: string, exportName: string, arg: unknown): Promise<RunOutcome> {
  let stats: RunStats | null = null;
  try {
    if (!modulePath.startsWith('/')) {
      throw new Error(`module path must be root-relative (start with '/'), got '${modulePath}'`);
    }
    let mod: unknown;
    try {
      mod = await import(/* @vite-ignore */ modulePath);
    } catch (error) {
      throw new Error(
        `import('${modulePath}') failed (missing file, or Vite could not compile it or one of its ` +
          `imports: see the [vite] / [browser http ...] lines above): ${errorText(error)}`,
      );
    }
    if (!isRecord(mod)) throw new Error(`import('${modulePath}') did not give a module namespace`);
    const fn = mod[exportName];
    if (typeof fn !== 'function') {
      const names = Object.keys(mod).join(', ');
      throw new Error(`'${modulePath}' has no exported function '${exportName}' (exports: ${names})`);
    }
    const numTensorsBefore = tf.memory().numTensors;
    const t0 = performance.now();
    const value: unknown = await (fn as (a: unknown) => unknown)(arg);
    const ms = performance.now() - t0;
    stats = { ms, numTensorsBefore, numTensorsAfter: tf.memory().numTensors, backend: tf.getBackend() };
    checkWire(value, 'result');
    return { ok: true, value, stats };
  } catch (error) {
    return { ok: false, error: errorText(error), stats };
  }
}

const globals: HarnessGlobals & { tf: typeof tf } = {
  __harnessReady: init().catch(
    (error: unknown): PageReady => ({
      ok: false,
      reason: `page initialisation threw: ${errorText(error)}`,
      backend: null,
      tfjsVersion: tf.version.tfjs,
      userAgent: navigator.userAgent,
    }),
  ),
  __runModule: runModule,
  // Handy when debugging through harness.page.evaluate(() => window.tf...).
  tf,
};
Object.assign(window, globals);
