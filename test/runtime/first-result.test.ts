import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterFirstResult, FIRST_RESULT_MARK, markFirstResult } from '../../src/runtime/first-result';

afterEach(() => {
  performance.clearMarks(FIRST_RESULT_MARK);
  vi.useRealTimers();
});

/** Resolves once `check` holds, looking again after each macrotask (at most 100). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(check()).toBe(true);
}

describe('first result', () => {
  it('is marked once however often the engine reports one', () => {
    markFirstResult();
    markFirstResult();
    expect(performance.getEntriesByName(FIRST_RESULT_MARK)).toHaveLength(1);
  });

  it('runs what waits for it when it is marked, once, and not before', async () => {
    let runs = 0;
    afterFirstResult(() => runs++, 60_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(0);
    markFirstResult();
    await until(() => runs === 1);
    performance.clearMarks(FIRST_RESULT_MARK);
    markFirstResult();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(1);
  });

  it('runs at once when the result came before', () => {
    markFirstResult();
    let runs = 0;
    afterFirstResult(() => runs++, 60_000);
    expect(runs).toBe(1);
  });

  it('runs after the deadline when no result comes, once', () => {
    vi.useFakeTimers();
    let runs = 0;
    afterFirstResult(() => runs++, 15_000);
    vi.advanceTimersByTime(14_999);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
    markFirstResult();
    vi.advanceTimersByTime(20_000);
    expect(runs).toBe(1);
  });
});
