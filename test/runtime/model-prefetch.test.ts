import { describe, expect, it } from 'vitest';
import { KEPT_PREFETCHES, ModelPrefetch, type FetchWithProgress } from '../../src/runtime/model-prefetch';

/** A download the test finishes by hand, counting how often it was started. */
function download(bytes: number[]) {
  const d = {
    started: 0,
    report: null as ((fraction: number, stage: string) => void) | null,
    finish: () => {},
    fail: (_e: Error) => {},
    fetch: ((onProgress) => {
      d.started++;
      d.report = onProgress;
      return new Promise<Uint8Array>((resolve, reject) => {
        d.finish = () => resolve(new Uint8Array(bytes));
        d.fail = reject;
      });
    }) as FetchWithProgress,
  };
  return d;
}

describe('ModelPrefetch', () => {
  it('hands the started download to the load that takes it, once, without fetching again', async () => {
    const p = new ModelPrefetch<string>();
    const d = download([1, 2, 3]);
    p.start('akconv-ij', d.fetch);
    p.start('akconv-ij', d.fetch); // a repeated start is the same download
    const taken = p.take('akconv-ij', () => {}, d.fetch);
    d.finish();
    expect(Array.from(await taken)).toEqual([1, 2, 3]);
    expect(d.started).toBe(1);
    expect(p.keys()).toEqual([]);
    // Taken: the next load of the same model downloads anew.
    const again = p.take('akconv-ij', () => {}, d.fetch);
    d.finish();
    await again;
    expect(d.started).toBe(2);
  });

  it("sends progress to the taker's listener from the moment it takes the download", async () => {
    const p = new ModelPrefetch<string>();
    const d = download([0]);
    p.start('m', d.fetch);
    d.report?.(0.25, 'download'); // nobody listens yet
    const seen: [number, string][] = [];
    const taken = p.take('m', (f, s) => seen.push([f, s]), d.fetch);
    d.report?.(0.5, 'download');
    d.report?.(1, 'download');
    d.finish();
    await taken;
    expect(seen).toEqual([
      [0.5, 'download'],
      [1, 'download'],
    ]);
  });

  it('gives a failed download to its taker as the same error, and none unhandled before', async () => {
    const p = new ModelPrefetch<string>();
    const d = download([]);
    p.start('m', d.fetch);
    d.fail(new Error('models/m.safetensors is not available (HTTP 404)'));
    await new Promise((r) => setTimeout(r, 0)); // an unhandled rejection would fail the test run here
    await expect(p.take('m', () => {}, d.fetch)).rejects.toThrow('models/m.safetensors is not available (HTTP 404)');
  });

  it(`keeps the ${KEPT_PREFETCHES} latest downloads nobody took, letting older ones go`, () => {
    const p = new ModelPrefetch<string>();
    for (const id of ['a', 'b', 'c']) p.start(id, download([]).fetch);
    expect(p.keys()).toEqual(['b', 'c']);
  });

  it('downloads directly when nothing was started for the key', async () => {
    const p = new ModelPrefetch<string>();
    const d = download([9]);
    const seen: number[] = [];
    const taken = p.take('m', (f) => seen.push(f), d.fetch);
    d.report?.(1, 'download');
    d.finish();
    expect(Array.from(await taken)).toEqual([9]);
    expect(seen).toEqual([1]);
  });
});
