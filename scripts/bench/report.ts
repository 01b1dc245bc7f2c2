/** The speed anchor's result rows and their Markdown table (ours / onnxruntime-web). */
import type { ForwardCounts, SetupInfo } from './protocol';
import { markdownTable, round, type Summary } from './stats';

export interface EngineRow {
  counts: ForwardCounts | null;
  summary: Summary | null;
  error: string | null;
}

export interface ResultRow {
  /** wasm, wasm-isolated, webgl, webgpu (or a Node variant). */
  variant: string;
  size: string;
  /** The model's GFLOPs at this size. */
  gflops: number;
  tfjs: EngineRow;
  ort: EngineRow;
}

const gflopsPerS = (gflops: number, s: Summary | null) => (s ? round(gflops / (s.medianMs / 1000), 2) : null);

function threadsOf(setup: (SetupInfo & { ortThreads: number }) | undefined, variant: string): string {
  if (!setup || !variant.startsWith('wasm')) return '';
  return ` (threads ${setup.tfjsThreads} / ${setup.ortThreads})`;
}

export function tableOf(rows: readonly ResultRow[], setups: Record<string, SetupInfo & { ortThreads: number }>): string {
  const header = ['backend', 'input', 'ours median / p90 ms', 'onnxruntime-web median / p90 ms', 'ours / ort', 'ours GFLOP/s', 'ort GFLOP/s', 'kernels', 'dispatches ours / ort', 'first run ms ours / ort'];
  const body = rows.map((r) => {
    const t = r.tfjs.summary;
    const o = r.ort.summary;
    const ms = (e: EngineRow) => (e.summary ? `${e.summary.medianMs} / ${e.summary.p90Ms}` : `failed: ${e.error ?? '?'}`);
    const dispatches = r.tfjs.counts?.dispatches ?? null;
    return [
      `${r.variant}${threadsOf(setups[r.variant], r.variant)}`,
      r.size,
      ms(r.tfjs),
      ms(r.ort),
      t && o ? round(t.medianMs / o.medianMs, 2) : null,
      gflopsPerS(r.gflops, t),
      gflopsPerS(r.gflops, o),
      r.tfjs.counts?.kernels ?? null,
      dispatches === null ? null : `${dispatches} / ${r.ort.counts?.dispatches ?? '-'}`,
      `${r.tfjs.counts ? Math.round(r.tfjs.counts.firstMs) : '-'} / ${r.ort.counts ? Math.round(r.ort.counts.firstMs) : '-'}`,
    ];
  });
  return markdownTable(header, body);
}

export function printTable(rows: readonly ResultRow[], setups: Record<string, SetupInfo & { ortThreads: number }>): void {
  console.log(tableOf(rows, setups));
}
