/**
 * The speed anchor on a real GPU without a browser (plan B of
 * scripts/bench/gpu.sh): Node + Dawn (the `webgpu` package's dawn.node) gives
 * `navigator.gpu`, tfjs's webgpu backend and onnxruntime-web's WebGPU
 * execution provider run the same weights in one process, forwards
 * interleaved ABBA. Records the adapter (and says so when Dawn finds none, or
 * only a CPU one such as SwiftShader).
 *
 *   node bench-gpu.mjs --dir <pack dir> --out <folder> [--sizes 320,640 --repeats 20 --budget-s 40]
 *   npx tsx scripts/bench/gpu-node.ts --dir . --out /tmp/gpu   (from a checkout, for a try here)
 *
 * <pack dir> holds public/models/<model>.safetensors, .cache/onnx/<model>-HxW.onnx
 * and node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.{mjs,wasm}
 * (gpu-pack.sh lays them out so; a checkout has them too).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web/webgpu';
import { create, globals } from 'webgpu';
import type { AdapterInfo } from './protocol';
import { tableOf, type ResultRow } from './report';
import { ortRunner, tfjsRunner, type Runner, type Size } from './runners';
import { interleave, round, summarize as summarizeRuns } from './stats';
import { readCheckpoint } from '../../src/io/checkpoint';
import { buildArchitecture, summarize } from '../../src/model/architecture';

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string', default: '.' },
    out: { type: 'string', default: '.' },
    model: { type: 'string', default: 'yolov5n-c3akconv-ij' },
    sizes: { type: 'string', default: '320,640' },
    repeats: { type: 'string', default: '20' },
    'budget-s': { type: 'string', default: '40' },
    'dawn-flags': { type: 'string', default: '' },
  },
});

const sizeOf = (t: string): Size => {
  const [h, w = h] = t.split('x').map(Number);
  if (!h || !w) throw new Error(`input size '${t}' is not H or HxW`);
  return [h, w];
};

/** Installs Dawn as navigator.gpu (and the GPU* classes) before tfjs's webgpu backend looks for it. */
async function installDawn(flags: string[]): Promise<{ adapter: AdapterInfo | null; reason: string | null }> {
  Object.assign(globalThis, globals);
  const gpu = create(flags);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: `node ${process.version}`, hardwareConcurrency: os.cpus().length }, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { adapter: null, reason: 'Dawn found no WebGPU adapter (no Vulkan driver: libvulkan.so.1 and an ICD such as nvidia_icd.json are needed)' };
  const i = adapter.info;
  const info = { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? null };
  const cpu = /swiftshader|llvmpipe|lavapipe/i.test(`${i.architecture} ${i.description} ${i.device}`);
  return { adapter: info, reason: cpu ? `the adapter is a CPU emulation (${i.description || i.architecture}), not a GPU` : null };
}

async function bench(tfjsModel: Runner, ortModel: Runner | null, repeats: number, budgetMs: number) {
  const limits = { maxPairs: repeats, minPairs: Math.min(3, repeats), budgetMs };
  if (!ortModel) return { tfjs: summarizeRuns((await interleave(() => tfjsModel.forward(), async () => 0, limits)).a), ort: null };
  const s = await interleave(() => tfjsModel.forward(), () => ortModel.forward(), limits);
  return { tfjs: summarizeRuns(s.a), ort: summarizeRuns(s.b) };
}

async function main(): Promise<void> {
  const dir = path.resolve(opts.dir);
  const outDir = path.resolve(opts.out);
  mkdirSync(outDir, { recursive: true });
  const t0 = performance.now();
  const { adapter, reason } = await installDawn(opts['dawn-flags'].split(/\s+/).filter(Boolean));
  const record: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, host: os.hostname(), cpus: os.cpus().length, adapter, adapterNote: reason, rows: [] };
  const write = () => writeFileSync(path.join(outDir, 'gpu-node.json'), `${JSON.stringify(record, null, 1)}\n`);
  console.log(adapter ? `adapter: ${JSON.stringify(adapter)}${reason ? ` -- NOTE: ${reason}` : ''}` : `NO ADAPTER: ${reason}`);
  write();
  if (!adapter) {
    process.exitCode = 3;
    return;
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend on this adapter');
  await tf.ready();
  // onnxruntime-web's WebGPU build (asyncify; 'onnxruntime-web/webgpu' uses it), from files (Node's fetch cannot read file: URLs).
  const dist = path.join(dir, 'node_modules/onnxruntime-web/dist');
  ort.env.wasm.wasmBinary = readFileSync(path.join(dist, 'ort-wasm-simd-threaded.asyncify.wasm'));
  ort.env.wasm.wasmPaths = { mjs: pathToFileURL(path.join(dist, 'ort-wasm-simd-threaded.asyncify.mjs')).href };
  ort.env.wasm.numThreads = 1;
  const rows: ResultRow[] = [];
  record['rows'] = rows;
  const checkpoint = new Uint8Array(readFileSync(path.join(dir, 'public/models', `${opts.model}.safetensors`)));
  const arch = buildArchitecture((await readCheckpoint(checkpoint)).config);
  for (const label of opts.sizes.split(',').filter(Boolean)) {
    const size = sizeOf(label);
    const sizeName = `${size[0]}x${size[1]}`;
    const ours = await tfjsRunner(checkpoint, size);
    const oursCounts = await ours.counts();
    let theirs: Runner | null = null;
    let ortError: string | null = null;
    let ortCounts = null;
    try {
      theirs = await ortRunner(ort, new Uint8Array(readFileSync(path.join(dir, '.cache/onnx', `${opts.model}-${sizeName}.onnx`))), size, 'webgpu');
      ortCounts = await theirs.counts();
    } catch (error) {
      ortError = (error as Error).message.split('\n')[0] ?? 'failed';
      theirs = null;
    }
    const s = await bench(ours, theirs, Number(opts.repeats), Number(opts['budget-s']) * 1000);
    rows.push({ variant: 'webgpu (node + dawn)', size: sizeName, gflops: round(summarize(arch, [size[0], size[1]]).gflops, 3), tfjs: { counts: oursCounts, summary: s.tfjs, error: null }, ort: { counts: ortCounts, summary: s.ort, error: ortError } });
    await ours.dispose();
    await theirs?.dispose();
    console.log(`${sizeName}: tfjs ${s.tfjs.medianMs} ms, onnxruntime-web ${s.ort?.medianMs ?? ortError} ms`);
    record['totalS'] = round((performance.now() - t0) / 1000, 1);
    write();
  }
  const table = tableOf(rows, {});
  writeFileSync(path.join(outDir, 'gpu-node.md'), `${table}\n`);
  console.log(table);
}

await main();
