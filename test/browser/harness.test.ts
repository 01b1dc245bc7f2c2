/** Checks of the browser harness itself: file serving, error reporting, stats. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Checks from './cases/harness-checks';
import { REPO_ROOT } from './harness';
import { useHarness } from './use-harness';

const CHECKS = '/test/browser/cases/harness-checks.ts';

describe('browser harness', () => {
  const browser = useHarness();

  it('serves any file under the repo byte for byte (text and binary)', async () => {
    const checks = browser().module<typeof Checks>(CHECKS);
    for (const file of ['package.json', 'test/browser/fixtures/bytes.bin']) {
      const got = await checks('fetchBytes', { url: `/${file}` });
      expect(got.status, file).toBe(200);
      expect(got.bytes, file).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(got.bytes).equals(readFileSync(path.join(REPO_ROOT, file))), file).toBe(true);
    }
    const missing = await checks('fetchBytes', { url: '/test/browser/fixtures/does-not-exist.bin' });
    expect(missing.status).toBe(404);
  });

  it('reports an exception thrown by the module, with its message', async () => {
    await expect(browser().run(CHECKS, 'throwsError', { message: 'boom-42' })).rejects.toThrow(/boom-42/);
  });

  it('fails a run on an uncaught page error', async () => {
    await expect(browser().run(CHECKS, 'uncaughtError', { message: 'uncaught-43' })).rejects.toThrow(
      /uncaught error in the page.*uncaught-43/s,
    );
  });

  it('refuses to return a tensor, and names missing exports and modules', async () => {
    await expect(browser().run(CHECKS, 'returnsTensor')).rejects.toThrow(/tf\.Tensor/);
    await expect(browser().run(CHECKS, 'noSuchExport')).rejects.toThrow(/no exported function 'noSuchExport'/);
    await expect(browser().run('/test/browser/cases/no-such-module.ts', 'x')).rejects.toThrow(/no-such-module/);
  });

  it('keeps the page usable after failures, and reports tensor counts', async () => {
    const { value, stats } = await browser().runWithStats<{ backend: string }>(CHECKS, 'backendInfo');
    expect(value.backend).toBe('webgpu');
    expect(stats.backend).toBe('webgpu');
    const leak = await browser().runWithStats<number>(CHECKS, 'leaksTensor');
    expect(leak.stats.numTensorsAfter).toBe(leak.stats.numTensorsBefore + 1);
  });
});
