/** Summaries and the Markdown table shared by the speed benchmarks. */

export interface Summary {
  runs: number;
  medianMs: number;
  p90Ms: number;
}

/** The q-quantile of `values` by nearest rank (q = 0.5: the median). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export function summarize(samples: readonly number[]): Summary {
  return { runs: samples.length, medianMs: round(quantile(samples, 0.5)), p90Ms: round(quantile(samples, 0.9)) };
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** A Markdown table; numbers are printed as given. */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => (v === null ? '-' : String(v));
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/**
 * Calls `a` and `b` alternately, ABBA ABBA..., so that drift in the
 * machine's load (others' jobs on a shared CPU) hits both alike; stops after
 * `maxPairs` pairs or once `budgetMs` is spent (at least `minPairs`).
 */
export async function interleave(
  a: () => Promise<number>,
  b: () => Promise<number>,
  options: { maxPairs: number; minPairs: number; budgetMs: number },
): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  const t0 = performance.now();
  for (let i = 0; i < options.maxPairs; i++) {
    if (i >= options.minPairs && performance.now() - t0 > options.budgetMs) break;
    if (i % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
  }
  return out;
}
