/**
 * Vitest glue for the browser harness: one Chromium + Vite server per test
 * file, started in beforeAll and closed in afterAll.
 *
 *   const browser = useHarness();
 *   it('...', async () => {
 *     const out = await browser().run<number[]>('/test/browser/cases/x.ts', 'myExport', { n: 3 });
 *   });
 *
 * With AKCONV_ALLOW_NO_WEBGPU=1 and no WebGPU, every test of the file is
 * skipped with the reason; without it, beforeAll fails with the reason.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from './harness';

export function useHarness(options: HarnessOptions = {}): () => Harness {
  let harness: Harness | null = null;
  beforeAll(async () => {
    harness = await startHarness(options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach((context) => {
    if (harness !== null && !harness.available) {
      context.skip(`WebGPU unavailable (AKCONV_ALLOW_NO_WEBGPU=1): ${harness.unavailableReason ?? '?'}`);
    }
  });
  return (): Harness => {
    if (harness === null) throw new Error('the browser harness is not started (use it inside a test)');
    return harness;
  };
}
