/**
 * The model's fused GPU code (src/model/kernels) against the composed tfjs
 * ops it replaces, and the number of GPU dispatches (WebGPU) or draws (WebGL)
 * a forward pass launches. Runs in the page.
 */
import * as tf from '@tensorflow/tfjs';
import { readCheckpoint } from '../../../src/io/checkpoint';
import { readSafetensors } from '../../../src/io/safetensors';
import type { AKConvOptions } from '../../../src/model/akconv';
import { AKConvLayer } from '../../../src/model/akconv';
import type { SamplePoint } from '../../../src/model/geometry';
import { setFusedKernels } from '../../../src/model/kernels/fused';
import { YoloModel } from '../../../src/model/yolo';
import type { AkconvGoldenEntry } from '../../cases/akconv-golden';
import type { Difference } from '../../cases/compare';
import type { ModelGoldenResult } from '../../cases/model-golden';
import { BASE_WEIGHTS, MODEL_GOLDEN_CASES, runModelGolden } from '../../cases/model-golden';
import { difference } from '../../cases/compare';

// Vite serves public/ at the root.
const DEFAULT_MODEL = '/models/yolov5n-c3akconv-ij.safetensors';

function requireWebgpu(): void {
  if (tf.getBackend() !== 'webgpu') throw new Error(`expected the webgpu backend, got '${tf.getBackend()}'`);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Runs f with the custom programs on or off, then back on (the default). */
function withFused<T>(on: boolean, f: () => T): T {
  setFusedKernels(on);
  try {
    return f();
  } finally {
    setFusedKernels(true);
  }
}

/** The values of f() with the custom programs, and with the composed ops. */
async function bothPaths(f: () => tf.Tensor): Promise<{ fused: Float32Array; composed: Float32Array }> {
  const fusedT = withFused(true, f);
  const composedT = withFused(false, f);
  try {
    return { fused: (await fusedT.data()) as Float32Array, composed: (await composedT.data()) as Float32Array };
  } finally {
    tf.dispose([fusedT, composedT]);
  }
}

export type PathCase = {
  name: string;
  /** Fused output against composed output. */
  output: Difference;
  /** Fraction of sampling positions outside the input map (clamped reads). */
  outside: number;
  largest: number;
};
export type PathComparison = { cases: PathCase[]; leaked: number };

/** Share of positions [b, h, w, 2N] (rows, then columns) that fall outside an inH x inW map. */
async function outsideShare(p: tf.Tensor4D, inH: number, inW: number): Promise<number> {
  const n = p.shape[3] / 2;
  const data = await p.data();
  let outside = 0;
  for (let i = 0; i < data.length; i++) {
    const isRow = i % (2 * n) < n;
    const v = data[i] as number;
    if (v < 0 || v > (isRow ? inH : inW) - 1) outside++;
  }
  return outside / data.length;
}

/** One AKConv layer from a golden fixture, under given geometry, fused against composed. */
async function comparePaths(entry: AkconvGoldenEntry, options: AKConvOptions, name: string): Promise<PathCase> {
  const st = readSafetensors(await fetchBytes(`/test/fixtures/akconv/${entry.file}`));
  const [b, c, h, w] = entry.shape;
  const layer = new AKConvLayer({ kind: 'AKConv', c1: c, c2: entry.output_shape[1], numParam: entry.num_param, stride: entry.stride, bias: false }, 'module', st.tensors, options);
  const x = tf.randomUniform<tf.Rank.R4>([b, h, w, c], -2, 2, 'float32', 7);
  try {
    const { fused, composed } = await bothPaths(() => layer.apply(x));
    const p = layer.positions(x);
    const outside = await outsideShare(p, h, w);
    p.dispose();
    return { name, output: difference(fused, composed), outside, largest: Math.max(...composed.map(Math.abs)) };
  } finally {
    x.dispose();
    layer.dispose();
  }
}

/** A shape that reaches 3 cells beyond every side of a small map. */
function farShape(n: number): SamplePoint[] {
  return Array.from({ length: n }, (_, i) => ({ row: i % 2 ? -3 - i : 3 + i, col: i % 3 ? 4 + i : -4 - i }));
}

/**
 * The AKConv sampling program against the composed ops: both conventions,
 * every golden layer shape (akconv kind), and custom shapes with samples far
 * outside the map (the seed's clamped reads).
 */
export async function compareAkconvPaths(): Promise<PathComparison> {
  requireWebgpu();
  return akconvPaths();
}

async function akconvPaths(): Promise<PathComparison> {
  const index = JSON.parse(new TextDecoder().decode(await fetchBytes('/test/fixtures/akconv/index.json'))) as AkconvGoldenEntry[];
  const before = tf.memory().numTensors;
  const cases: PathCase[] = [];
  for (const entry of index.filter((e) => e.kind === 'akconv')) {
    cases.push(await comparePaths(entry, { convention: entry.indexing }, `${entry.file} ${entry.indexing}`));
  }
  for (const entry of index.filter((e) => e.kind === 'akconv' && e.num_param >= 3).slice(0, 4)) {
    const options = { convention: entry.indexing, customShape: farShape(entry.num_param) };
    cases.push(await comparePaths(entry, options, `${entry.file} ${entry.indexing} custom far shape`));
  }
  return { cases, leaked: tf.memory().numTensors - before };
}

export type ModelComparison = { name: string; pred: Difference; positions: Difference; largest: number }[];

/** The default model's forward pass, fused against composed, under both conventions and a custom shape. */
export async function compareModelPaths(size: [number, number]): Promise<{ results: ModelComparison; leaked: number }> {
  requireWebgpu();
  return modelPaths(size);
}

async function modelPaths(size: [number, number]): Promise<{ results: ModelComparison; leaked: number }> {
  const ckpt = await readCheckpoint(await fetchBytes(DEFAULT_MODEL));
  const before = tf.memory().numTensors;
  const model = YoloModel.load(ckpt.config, ckpt.weights, { convention: ckpt.convention ?? 'xy' });
  const x = tf.randomUniform<tf.Rank.R4>([1, size[0], size[1], 3], 0, 1, 'float32', 5);
  const site = model.akconvSites()[0];
  if (!site) throw new Error('the default model has no AKConv');
  const geometries: [string, AKConvOptions][] = [
    ['ij', { convention: 'ij' }],
    ['xy', { convention: 'xy' }],
    ['ij, custom far shape', { convention: 'ij', customShape: farShape(site.layer.numParam) }],
  ];
  const results: ModelComparison = [];
  try {
    for (const [name, geometry] of geometries) {
      model.setSamplingGeometry(geometry);
      const run = (on: boolean) => withFused(on, () => model.forward(x, { capture: [site.name] }));
      const fused = run(true);
      const composed = run(false);
      const data = async (t?: tf.Tensor) => (t ? ((await t.data()) as Float32Array) : new Float32Array());
      const ref = await data(composed.pred);
      results.push({
        name,
        pred: difference(await data(fused.pred), ref),
        positions: difference(await data(fused.positions?.get(site.name)), await data(composed.positions?.get(site.name))),
        largest: Math.max(...ref.map(Math.abs)),
      });
      for (const r of [fused, composed]) tf.dispose([r.pred, ...(r.positions?.values() ?? [])]);
    }
  } finally {
    x.dispose();
    model.dispose();
  }
  return { results, leaked: tf.memory().numTensors - before };
}

/** Counts a prototype method's calls while f runs and its results are read. */
async function countCalls<P extends object>(proto: P, method: keyof P & string, f: () => tf.Tensor[]): Promise<number> {
  const original = proto[method] as (...args: unknown[]) => unknown;
  let count = 0;
  Object.defineProperty(proto, method, {
    configurable: true,
    writable: true,
    value(this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    },
  });
  try {
    const outs = f();
    for (const t of outs) await t.data();
    tf.dispose(outs);
  } finally {
    Object.defineProperty(proto, method, { configurable: true, writable: true, value: original });
  }
  return count;
}

/** WebGPU compute dispatches while f runs. */
function countDispatches(f: () => tf.Tensor[]): Promise<number> {
  return countCalls(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', f);
}

/** WebGL draws while f runs (tfjs-webgl runs every program as one drawElements). */
function countDraws(f: () => tf.Tensor[]): Promise<number> {
  return countCalls(WebGL2RenderingContext.prototype, 'drawElements', f);
}

export type DispatchCounts = { fused: { forward: number; akconv: number }; composed: { forward: number; akconv: number } };

/** Dispatches of one forward pass of the default model, and of its AKConv layer alone, on both paths. */
export async function countForwardDispatches(size: [number, number]): Promise<DispatchCounts> {
  requireWebgpu();
  return countLaunches(size, countDispatches);
}

async function countLaunches(size: [number, number], countDispatches: (f: () => tf.Tensor[]) => Promise<number>): Promise<DispatchCounts> {
  const ckpt = await readCheckpoint(await fetchBytes(DEFAULT_MODEL));
  const model = YoloModel.load(ckpt.config, ckpt.weights, { convention: ckpt.convention ?? 'xy' });
  const x = tf.randomUniform<tf.Rank.R4>([1, size[0], size[1], 3], 0, 1, 'float32', 5);
  const site = model.akconvSites()[0];
  if (!site) throw new Error('the default model has no AKConv');
  const s = site.inputStride;
  const akIn = tf.randomUniform<tf.Rank.R4>([1, size[0] / s, size[1] / s, site.layer.spec.c1], -1, 1, 'float32', 6);
  const forward = () => {
    const out = model.forward(x);
    return [out.pred, ...(out.proto ? [out.proto] : [])];
  };
  const akconv = () => [site.layer.apply(akIn)];
  const count = async (on: boolean) => {
    // A first run compiles the shaders and builds the shape caches; the second is counted.
    await countDispatches(() => withFused(on, forward));
    await countDispatches(() => withFused(on, akconv));
    return {
      forward: await countDispatches(() => withFused(on, forward)),
      akconv: await countDispatches(() => withFused(on, akconv)),
    };
  };
  try {
    return { fused: await count(true), composed: await count(false) };
  } finally {
    tf.dispose([x, akIn]);
    model.dispose();
  }
}

export type WebglReport = {
  akconv: PathComparison;
  model: { results: ModelComparison; leaked: number };
  draws: DispatchCounts;
  /** The Segment golden case (mask coefficients and protos) against PyTorch, fused. */
  segment: ModelGoldenResult;
};

/** The Segment model's golden case on the current backend. */
async function segmentGolden(): Promise<ModelGoldenResult> {
  const c = MODEL_GOLDEN_CASES.find((k) => k.forward.includes('seg'));
  if (!c?.overlay) throw new Error('no Segment golden case');
  const fixture = async (rel: string) => readSafetensors(await fetchBytes(`/test/fixtures/${rel}`));
  return runModelGolden(await fixture(BASE_WEIGHTS), await fixture(c.overlay), await fixture(c.forward), c.convention);
}

/**
 * The same comparisons and counts on the webgl backend (draw calls instead of
 * dispatches), then back to webgpu for the harness.
 */
export async function compareOnWebgl(size: [number, number]): Promise<WebglReport> {
  if (!(await tf.setBackend('webgl'))) throw new Error('tfjs could not switch to the webgl backend');
  try {
    return { akconv: await akconvPaths(), model: await modelPaths(size), draws: await countLaunches(size, countDraws), segment: await segmentGolden() };
  } finally {
    await tf.setBackend('webgpu');
  }
}

export type ForwardTimes = { backend: string; fusedMs: number[]; composedMs: number[] };

/**
 * Wall time of forward passes of the default model (read back each time),
 * fused and composed interleaved, after one warm-up of each: numbers for the
 * record (scripts and reports), never asserted.
 */
export async function timeForwardPaths(arg: { size: [number, number]; runs: number; backend: 'webgpu' | 'webgl' }): Promise<ForwardTimes> {
  if (!(await tf.setBackend(arg.backend))) throw new Error(`tfjs could not switch to the ${arg.backend} backend`);
  const ckpt = await readCheckpoint(await fetchBytes(DEFAULT_MODEL));
  const model = YoloModel.load(ckpt.config, ckpt.weights, { convention: ckpt.convention ?? 'xy' });
  const x = tf.randomUniform<tf.Rank.R4>([1, arg.size[0], arg.size[1], 3], 0, 1, 'float32', 5);
  const once = async (on: boolean) => {
    const t0 = performance.now();
    const out = withFused(on, () => model.forward(x));
    await out.pred.data();
    out.pred.dispose();
    return performance.now() - t0;
  };
  const times: ForwardTimes = { backend: arg.backend, fusedMs: [], composedMs: [] };
  try {
    await once(true);
    await once(false);
    for (let r = 0; r < arg.runs; r++) {
      times.fusedMs.push(await once(true));
      times.composedMs.push(await once(false));
    }
    return times;
  } finally {
    x.dispose();
    model.dispose();
    await tf.setBackend('webgpu');
  }
}
