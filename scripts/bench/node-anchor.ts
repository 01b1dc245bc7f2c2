/**
 * The Node half of the speed anchor: our model's forward on tfjs-wasm against
 * onnxruntime-web's wasm (its Node build, default settings) on the same
 * weights exported to ONNX, interleaved ABBA in one process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { checkpointPath, ensureOnnx, gflopsAt, onnxPath, REPO_ROOT, sizeLabel } from './models';
import type { ResultRow } from './report';
import { ortRunner, tfjsRunner, type Size } from './runners';
import { interleave, round, summarize } from './stats';

export async function anchorRows(model: string, sizes: readonly Size[], repeats: number, budgetMs: number): Promise<ResultRow[]> {
  ensureOnnx(model, sizes);
  const checkpoint = new Uint8Array(readFileSync(path.join(REPO_ROOT, checkpointPath(model))));
  const rows: ResultRow[] = [];
  for (const size of sizes) {
    const ours = await tfjsRunner(checkpoint, size);
    const theirs = await ortRunner(ort, new Uint8Array(readFileSync(path.join(REPO_ROOT, onnxPath(model, size)))), size, 'wasm');
    try {
      const counts = { tfjs: await ours.counts(), ort: await theirs.counts() };
      const s = await interleave(() => ours.forward(), () => theirs.forward(), { maxPairs: repeats, minPairs: Math.min(3, repeats), budgetMs });
      rows.push({
        variant: 'wasm (node)',
        size: sizeLabel(size),
        gflops: round(await gflopsAt(model, size), 3),
        tfjs: { counts: counts.tfjs, summary: summarize(s.a), error: null },
        ort: { counts: counts.ort, summary: summarize(s.b), error: null },
      });
    } finally {
      await ours.dispose();
      await theirs.dispose();
    }
  }
  return rows;
}

/** onnxruntime-web's wasm thread count once a session exists (its default: half the cores, at most 4). */
export const ortThreads = (): number => Number(ort.env.wasm.numThreads ?? 1);
