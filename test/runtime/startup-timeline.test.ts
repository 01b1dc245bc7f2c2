import { describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../../src/runtime/protocol';
import { StartupTimeline } from '../../src/runtime/startup-timeline';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  const c = { now: start, read: () => c.now };
  return c;
}

describe('StartupTimeline', () => {
  it('records each stage once, with its start and end on the clock, and passes the result through', async () => {
    const c = clock();
    const t = new StartupTimeline(999_000, c.read);
    const value = await t.span('backend', async () => {
      c.now += 120;
      return 'wasm';
    });
    expect(value).toBe('wasm');
    c.now += 5;
    await t.span('backend', async () => void (c.now += 50)); // a second backend start is not start-up
    expect(t.get()).toEqual({ threadOrigin: 999_000, marks: [], spans: [{ stage: 'backend', start: 1_000_000, end: 1_000_120 }] });
  });

  it('records a stage whose work throws, and rethrows', async () => {
    const c = clock();
    const t = new StartupTimeline(0, c.read);
    await expect(
      t.span('model-fetch', async () => {
        c.now += 7;
        throw new Error('models/x.safetensors is not available (HTTP 404)');
      }),
    ).rejects.toThrow('HTTP 404');
    expect(t.get().spans).toEqual([{ stage: 'model-fetch', start: 1_000_000, end: 1_000_007 }]);
  });

  it('keeps overlapping spans apart (a download during the backend start)', async () => {
    const c = clock();
    const t = new StartupTimeline(0, c.read);
    let finishFetch = () => {};
    const fetching = t.span('model-fetch', () => new Promise<void>((r) => (finishFetch = r)));
    await t.span('backend', async () => void (c.now += 30));
    c.now += 10;
    finishFetch();
    await fetching;
    expect(t.get().spans).toEqual([
      { stage: 'backend', start: 1_000_000, end: 1_000_030 },
      { stage: 'model-fetch', start: 1_000_000, end: 1_000_040 },
    ]);
  });

  it('marks each moment once and records nothing after close', async () => {
    const c = clock();
    const t = new StartupTimeline(0, c.read);
    t.mark('configure');
    c.now += 3;
    t.mark('configure');
    t.mark('first-result');
    t.close();
    const closed = t.get();
    t.mark('later');
    await t.span('warm-up', async () => void (c.now += 1));
    expect(t.get()).toBe(closed);
    expect(closed.marks).toEqual([
      { name: 'configure', at: 1_000_000 },
      { name: 'first-result', at: 1_000_003 },
    ]);
    expect(closed.spans).toEqual([]);
  });

  it('gives the same object until something new is recorded', () => {
    const t = new StartupTimeline(0, () => 1);
    const a = t.get();
    expect(t.get()).toBe(a);
    t.mark('worker-script');
    expect(t.get()).not.toBe(a);
  });

  it('stamps snapshots with the timeline; the first one with a result marks it and ends start-up', async () => {
    const c = clock();
    const t = new StartupTimeline(c.now, c.read);
    const snapshot = { latest: null, frames: 0 } as unknown as EngineSnapshot;
    expect(t.stamp(snapshot).startup).toEqual({ threadOrigin: 1_000_000, marks: [], spans: [] });
    c.now += 5;
    const stamped = t.stamp({ ...snapshot, latest: { frameId: 1 } } as unknown as EngineSnapshot);
    expect(stamped.startup?.marks).toEqual([{ name: 'first-result', at: 1_000_005 }]);
    expect(stamped.latest).toEqual({ frameId: 1 });
    await t.span('warm-up', () => (c.now += 10));
    expect(t.get().spans).toEqual([]);
  });
});
