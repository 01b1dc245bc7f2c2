/**
 * Without WebGPU the harness must fail loudly, never fall back to another
 * backend. Chromium on Linux has no WebGPU adapter without
 * --enable-unsafe-webgpu, which is how this test takes it away.
 */
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, startHarness, WebGpuUnavailableError } from './harness';

describe('browser harness without WebGPU', () => {
  it('refuses to start, naming the reason and AKCONV_ALLOW_NO_WEBGPU', async () => {
    const args = CHROMIUM_ARGS.filter((arg) => arg !== '--enable-unsafe-webgpu');
    const start = startHarness({ args, allowNoWebGPU: false, quiet: true });
    await expect(start).rejects.toBeInstanceOf(WebGpuUnavailableError);
    await expect(start).rejects.toThrow(/requestAdapter\(\) returned null.*AKCONV_ALLOW_NO_WEBGPU=1/s);
  });
});
