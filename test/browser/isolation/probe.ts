/**
 * Page side of test/browser/isolation.test.ts: starts tfjs's wasm backend
 * through src/runtime/backends.ts, as the app does (bundled .wasm URLs, thread
 * count from the `threads` query parameter, default one per core), and puts
 * what it found on `window.__isolation`.
 */
import * as tf from '@tensorflow/tfjs';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { configureWasmFiles, configureWasmThreads, defaultWasmThreads, useBackend, wasmThreadCount } from '../../../src/runtime/backends';
import type { IsolationReport } from './report';

async function probe(): Promise<IsolationReport> {
  const asked = Number(new URLSearchParams(location.search).get('threads') ?? defaultWasmThreads());
  configureWasmFiles({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
  });
  configureWasmThreads(asked);
  await useBackend('wasm');
  const sum = tf.tidy(() => tf.conv2d(tf.ones<tf.Rank.R4>([1, 16, 16, 8]), tf.ones<tf.Rank.R4>([3, 3, 8, 8]), 1, 'same').sum().dataSync()[0]);
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: navigator.hardwareConcurrency,
    askedThreads: asked,
    threads: wasmThreadCount(),
    multithreadSupport: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') === true,
    convSum: sum ?? NaN,
  };
}

const w = window as unknown as { __isolation: Promise<IsolationReport> };
w.__isolation = probe();
