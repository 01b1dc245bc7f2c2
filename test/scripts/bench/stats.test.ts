import { describe, expect, it } from 'vitest';
import { interleave, markdownTable, quantile, summarize } from '../../../scripts/bench/stats';

describe('benchmark statistics', () => {
  it('takes quantiles by nearest rank', () => {
    const v = [5, 1, 4, 2, 3, 10, 6, 8, 7, 9];
    expect(quantile(v, 0.5)).toBe(5);
    expect(quantile(v, 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNaN();
    expect(summarize([3, 1, 2])).toEqual({ runs: 3, medianMs: 2, p90Ms: 3 });
  });

  it('interleaves ABBA and stops at the pair limit', async () => {
    const order: string[] = [];
    const out = await interleave(
      async () => (order.push('a'), 1),
      async () => (order.push('b'), 2),
      { maxPairs: 3, minPairs: 1, budgetMs: 1e9 },
    );
    expect(order.join('')).toBe('abbaab');
    expect(out).toEqual({ a: [1, 1, 1], b: [2, 2, 2] });
  });

  it('stops after the time budget once the minimum is reached', async () => {
    const slow = () => new Promise<number>((r) => setTimeout(() => r(1), 20));
    const out = await interleave(slow, slow, { maxPairs: 100, minPairs: 2, budgetMs: 1 });
    expect(out.a.length).toBe(2);
  });

  it('writes a Markdown table with - for missing cells', () => {
    expect(markdownTable(['x', 'y'], [[1, null]])).toBe('| x | y |\n|---|---|\n| 1 | - |');
  });
});
