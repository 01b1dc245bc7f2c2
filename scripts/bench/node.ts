/**
 * Speed and memory of the shipped models on the tfjs wasm backend in Node:
 * load time, warm-up, detect() latency split into pre / inference / post
 * (median of N runs on a bundled photo), peak tensor memory of a forward
 * pass, and the AKConv layer's own time against the C3 it replaces.
 *
 *   npm run bench [-- --runs 5 --sizes 320,640 --out docs/benchmarks/node-wasm.json]
 *
 * Then the anchor (issue 9): the default model's forward against
 * onnxruntime-web's wasm on the same weights in ONNX (built on demand by
 * training/export_onnx.py), interleaved, with the ratio ours / onnxruntime-web
 * (`--anchor-only` skips the table above).
 *
 * Numbers are written down (JSON and a Markdown table on stdout), never asserted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { detect } from '../../src/detect/detector';
import { readCheckpoint } from '../../src/io/checkpoint';
import { decodeImage } from '../../src/io/image-node';
import { YoloModel } from '../../src/model/yolo';
import { useNodeBackend } from '../../src/runtime/node';
import { anchorRows, ortThreads } from './node-anchor';
import { tableOf } from './report';

const ORT_VERSION = (JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8')) as { version: string }).version;

const MODELS = [
  { id: 'akconv-ij', file: 'public/models/yolov5n-c3akconv-ij.safetensors' },
  { id: 'akconv-xy', file: 'public/models/yolov5n-c3akconv-xy.safetensors' },
  { id: 'yolov5n', file: 'public/models/yolov5n.safetensors' },
];
const PHOTO = 'public/samples/000000000885.jpg';

interface Row {
  model: string;
  size: number;
  input: [number, number];
  loadMs: number;
  warmUpMs: number;
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
  peakMB: number;
  weightsMB: number;
  layer8Ms: number;
  allLayersMs: number;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

async function benchModel(id: string, file: string, size: number, runs: number): Promise<Row> {
  const t0 = performance.now();
  const before = tf.memory().numBytes;
  const ckpt = await readCheckpoint(new Uint8Array(readFileSync(file)));
  const model = YoloModel.load(ckpt.config, ckpt.weights, { convention: ckpt.convention ?? 'xy' });
  const loadMs = performance.now() - t0;
  const weightsMB = (tf.memory().numBytes - before) / 2 ** 20;
  try {
    const image = decodeImage(readFileSync(PHOTO), PHOTO);
    const w0 = performance.now();
    await detect(model, image, { imageSize: size });
    const warmUpMs = performance.now() - w0;
    const timings = [];
    let input: [number, number] = [0, 0];
    for (let i = 0; i < runs; i++) {
      const r = await detect(model, image, { imageSize: size });
      timings.push(r.timings);
      input = [r.input.height, r.input.width];
    }
    const x = tf.zeros<tf.Rank.R4>([1, input[0], input[1], 3]);
    // Peak bytes above what is already held (weights, the input), during one forward pass.
    let outputs: tf.Tensor[] = [];
    const held = tf.memory().numBytes;
    const profile = await tf.profile(() => {
      const out = model.forward(x);
      outputs = [out.pred, ...(out.proto ? [out.proto] : [])];
      return outputs;
    });
    tf.dispose(outputs);
    const layers = await model.profileLayers(x, runs);
    x.dispose();
    return {
      model: id,
      size,
      input,
      loadMs,
      warmUpMs,
      preprocessMs: median(timings.map((t) => t.preprocessMs)),
      inferenceMs: median(timings.map((t) => t.inferenceMs)),
      postprocessMs: median(timings.map((t) => t.postprocessMs)),
      peakMB: (profile.peakBytes - held) / 2 ** 20,
      weightsMB,
      layer8Ms: layers[8] ?? NaN,
      allLayersMs: layers.reduce((a, b) => a + b, 0),
    };
  } finally {
    model.dispose();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      sizes: { type: 'string', default: '320,640' },
      out: { type: 'string', default: 'docs/benchmarks/node-wasm.json' },
      // The anchor: the default model against onnxruntime-web's wasm on the same weights.
      'anchor-model': { type: 'string', default: 'akconv-ij' },
      'anchor-repeats': { type: 'string', default: '10' },
      'anchor-only': { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const sizes = values.sizes.split(',').map(Number);
  await useNodeBackend('wasm');
  const rows: Row[] = [];
  if (!values['anchor-only']) for (const size of sizes) for (const m of MODELS) rows.push(await benchModel(m.id, m.file, size, runs));
  const anchor = await anchorRows(values['anchor-model'], sizes.map((s) => [s, s] as const), Number(values['anchor-repeats']), 60_000);
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, backend: tf.getBackend(), tfjs: tf.version.tfjs, date: new Date().toISOString(), runs, photo: PHOTO };
  mkdirSync(dirname(values.out), { recursive: true });
  const ort = { version: ORT_VERSION, threads: ortThreads(), model: values['anchor-model'] };
  writeFileSync(values.out, `${JSON.stringify({ machine, rows, anchor: { ort, rows: anchor } }, null, 2)}\n`);
  const f = (v: number) => v.toFixed(v < 10 ? 1 : 0);
  console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, tfjs ${machine.tfjs} ${machine.backend}; median of ${runs} runs\n`);
  console.log('| model | input | load ms | first run ms | pre + inference + post ms | layer 8 ms (of all layers) | weights MB | peak forward MB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.model} | ${r.input[0]}×${r.input[1]} | ${f(r.loadMs)} | ${f(r.warmUpMs)} | ${f(r.preprocessMs)} + ${f(r.inferenceMs)} + ${f(r.postprocessMs)} | ${f(r.layer8Ms)} (${f(r.allLayersMs)}) | ${f(r.weightsMB)} | ${f(r.peakMB)} |`);
  }
  console.log(`\nAnchor: ${ort.model} forward, tfjs-wasm (1 thread) vs onnxruntime-web ${ort.version} wasm (${ort.threads} thread(s)), interleaved\n`);
  console.log(tableOf(anchor, {}));
}

await main();
