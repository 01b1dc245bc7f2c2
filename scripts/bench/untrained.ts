/**
 * Forward milliseconds of the untrained models (every bundled config at every
 * scale) on the tfjs wasm backend in Node: build time (weights made from the
 * seed), then one warm-up and the median of N forward passes (with the
 * prediction read back) on a zero image, and the tensor memory the model holds.
 *
 *   npx tsx scripts/bench/untrained.ts [--size 320] [--runs 3] [--only seed-det] [--out docs/benchmarks/untrained-wasm.json]
 *
 * Numbers are written down (JSON and a Markdown table on stdout), never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { UNTRAINED_MODEL_IDS } from '../../src/common/choices';
import { buildArchitecture, summarize } from '../../src/model/architecture';
import { initialWeights } from '../../src/model/init';
import { untrainedConfig } from '../../src/model/untrained-models';
import { YoloModel } from '../../src/model/yolo';
import { useNodeBackend } from '../../src/runtime/node';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '320' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: '' },
    out: { type: 'string', default: 'docs/benchmarks/untrained-wasm.json' },
  },
});
const size = Number(values.size);
const runs = Number(values.runs);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

async function forwardMs(model: YoloModel, x: tf.Tensor4D): Promise<number> {
  const t0 = performance.now();
  const out = model.forward(x);
  await out.pred.data();
  tf.dispose([out.pred, out.proto ?? []]);
  return performance.now() - t0;
}

await useNodeBackend('wasm');
const rows = [];
const x = tf.zeros<tf.Rank.R4>([1, size, size, 3]);
for (const id of UNTRAINED_MODEL_IDS.filter((m) => m.startsWith(values.only))) {
  const config = untrainedConfig(id);
  const arch = buildArchitecture(config);
  const summary = summarize(arch, [size, size]);
  const t0 = performance.now();
  const before = tf.memory().numBytes;
  const model = YoloModel.load(config, initialWeights(arch));
  const buildMs = performance.now() - t0;
  const modelMB = (tf.memory().numBytes - before) / 1e6;
  await forwardMs(model, x);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push(await forwardMs(model, x));
  model.dispose();
  const row = { id, parameters: summary.parameters, gflops: summary.gflops, buildMs, modelMB, forwardMs: median(times), runs: times };
  rows.push(row);
  console.error(`${id}: ${row.forwardMs.toFixed(0)} ms`);
}
x.dispose();
const meta = { backend: 'wasm (Node, 1 thread)', size, runs, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadavg: loadavg().map((l) => l.toFixed(1)).join(' '), date: new Date().toISOString() };
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify({ meta, rows }, null, 1)}\n`);
console.log(`| model | parameters | GFLOPs at ${size} | build ms | tensors MB | forward ms (wasm, ${size}×${size}) |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.id} | ${r.parameters.toLocaleString('en-US')} | ${r.gflops.toFixed(1)} | ${r.buildMs.toFixed(0)} | ${r.modelMB.toFixed(0)} | ${r.forwardMs.toFixed(0)} |`);
console.log(`\n${meta.cpu}, ${meta.cores} cores, load average ${meta.loadavg} (${meta.date})`);
