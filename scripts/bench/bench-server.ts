/**
 * The bench page's server and calls, shared by the drivers in headless
 * Chromium (browser.ts: tfjs against onnxruntime-web; untrained-browser.ts:
 * the untrained models at every scale).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { OPTIMIZE_DEPS_INCLUDE } from '../../test/browser/harness';
import { REPO_ROOT } from './models';
import type { BenchApi } from './page/bench-page';

export const PAGE = '/scripts/bench/page/index.html';

export async function startServer(isolated: boolean): Promise<{ server: ViteDevServer; base: string }> {
  const server = await createServer({
    root: REPO_ROOT,
    // configFile false: the same files without vite.config.ts's COOP/COEP headers.
    configFile: isolated ? undefined : false,
    logLevel: 'error',
    appType: 'mpa',
    cacheDir: path.join(REPO_ROOT, 'node_modules', isolated ? '.vite-bench' : '.vite-bench-plain'),
    server: { host: '127.0.0.1', port: 0, hmr: false, ws: false },
    optimizeDeps: { entries: [PAGE.slice(1)], include: [...OPTIMIZE_DEPS_INCLUDE], exclude: ['onnxruntime-web'], holdUntilCrawlEnd: true },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP port');
  return { server, base: `http://127.0.0.1:${address.port}` };
}

/** Page calls, with a time limit so a hung backend fails the row instead of the run. */
export function call<T>(page: Page, fn: (api: BenchApi, arg: never) => Promise<T>, arg: unknown, limitMs = 300_000): Promise<T> {
  const work = page.evaluate(
    async ([source, a]) => {
      const api = (window as unknown as { __bench: BenchApi }).__bench;
      return (new Function(`return ${source}`)() as (x: BenchApi, y: unknown) => Promise<T>)(api, a);
    },
    [fn.toString(), arg] as const,
  );
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the page did not answer within ${limitMs / 1000} s`)), limitMs))]);
}

