/**
 * Cross-origin isolation (issue 9): `npm start` (the Vite dev server) and
 * `vite preview` of a production build send COOP/COEP (vite.config.ts), so
 * the page is `crossOriginIsolated` and tfjs's wasm backend runs its threaded
 * SIMD build with more than one thread; the app still loads every asset
 * (model, wasm, workers) with no error. Served without the headers, the same
 * build runs on one thread: that is what the headers buy. The production
 * build also checks that the threaded wasm survives minification (see
 * build.minify in vite.config.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, OPTIMIZE_DEPS_INCLUDE, REPO_ROOT } from './harness';
import type { IsolationReport } from './isolation/report';
import { modelReady } from './use-app';

const PROBE = 'test/browser/isolation/index.html';
/** Sum of a same-padded 3x3 conv of ones over a 16x16x8 map into 8 channels: 8 x 8 x (16 x 3 - 2)^2. */
const CONV_SUM = 8 * 8 * 46 ** 2;
const THREADS = 2;

let browser: Browser;
let context: BrowserContext;
const errors: string[] = [];
/** Pages the test is closing. */
const closing = new WeakSet<Page>();

async function closePage(page: Page): Promise<void> {
  closing.add(page);
  await page.close();
}

async function openPage(url: string): Promise<{ page: Page; headers: Record<string, string> }> {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${url}: pageerror ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${url}: console ${m.text()}`);
  });
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    // Closing the page aborts what it still had in flight: that is the test's doing, not the app's.
    if (closing.has(page) && reason === 'net::ERR_ABORTED') return;
    errors.push(`${url}: request failed ${r.url()} ${reason}`);
  });
  const response = await page.goto(url);
  if (!response) throw new Error(`no response for ${url}`);
  return { page, headers: response.headers() };
}

async function probe(base: string, threads = THREADS): Promise<{ report: IsolationReport; headers: Record<string, string> }> {
  const { page, headers } = await openPage(`${base}/${PROBE}?threads=${threads}`);
  await page.waitForFunction(() => '__isolation' in window, undefined, { timeout: 120_000 });
  const report = await page.evaluate(() => (window as unknown as { __isolation: Promise<IsolationReport> }).__isolation);
  await closePage(page);
  return { report, headers };
}

function urlOf(server: { httpServer: ViteDevServer['httpServer'] | PreviewServer['httpServer'] }): string {
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP port');
  return `http://127.0.0.1:${address.port}`;
}

function expectIsolatedAndThreaded(report: IsolationReport, headers: Record<string, string>): void {
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(report.crossOriginIsolated).toBe(true);
  expect(report.multithreadSupport).toBe(true);
  expect(report.threads).toBe(THREADS);
  expect(report.convSum).toBe(CONV_SUM);
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env['AKCONV_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  // No service workers: these tests are about the server's headers, and the app's worker (registered by the
  // app test) would keep fetching from a preview reusing its port, so the server never finished closing.
  context = await browser.newContext({ serviceWorkers: 'block' });
  // The dev server runs without HMR; answer Vite's client socket so it logs no error.
  await context.routeWebSocket(/^wss?:\/\//, () => undefined);
}, 120_000);

afterAll(async () => {
  await browser.close();
  expect(errors).toEqual([]);
});

describe('npm start (vite dev server)', () => {
  it('is cross-origin isolated and runs wasm on more than one thread', async () => {
    const server = await createServer({
      root: REPO_ROOT,
      logLevel: 'error',
      appType: 'mpa',
      cacheDir: path.join(REPO_ROOT, 'node_modules', '.vite-isolation-test'),
      server: { host: '127.0.0.1', port: 0, hmr: false, ws: false },
      // Pre-bundle before the page loads: a dependency found later reloads the page mid-probe.
      optimizeDeps: { entries: [PROBE], include: [...OPTIMIZE_DEPS_INCLUDE], holdUntilCrawlEnd: true },
    });
    try {
      await server.listen();
      const { report, headers } = await probe(urlOf(server));
      console.log('dev server:', JSON.stringify(report));
      expectIsolatedAndThreaded(report, headers);
    } finally {
      await server.close();
    }
  });
});

describe('vite preview of a production build', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'akconv-isolation-'));
  beforeAll(async () => {
    const input = { app: path.join(REPO_ROOT, 'index.html'), probe: path.join(REPO_ROOT, PROBE) };
    await build({ root: REPO_ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false, rollupOptions: { input } } });
  }, 600_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  async function withPreview(isolated: boolean, body: (base: string) => Promise<void>): Promise<void> {
    // configFile: false serves the same files without vite.config.ts's headers.
    const server = await preview({ root: REPO_ROOT, configFile: isolated ? undefined : false, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    try {
      await body(urlOf(server));
    } finally {
      if ('closeAllConnections' in server.httpServer) server.httpServer.closeAllConnections();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    }
  }

  it('is cross-origin isolated and runs wasm on more than one thread', async () => {
    await withPreview(true, async (base) => {
      const { report, headers } = await probe(base);
      console.log('vite preview:', JSON.stringify(report));
      expectIsolatedAndThreaded(report, headers);
    });
  });

  it('the app loads its model and wasm files under COEP with no error', async () => {
    await withPreview(true, async (base) => {
      const { page } = await openPage(`${base}/?backend=wasm&model=akconv-ij`);
      await modelReady(page, /ij/i);
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      await closePage(page);
    });
  });

  it('without the headers the same build is not isolated and runs wasm on one thread', async () => {
    await withPreview(false, async (base) => {
      const { report, headers } = await probe(base);
      console.log('no headers:', JSON.stringify(report));
      expect(headers['cross-origin-embedder-policy']).toBeUndefined();
      expect(report.crossOriginIsolated).toBe(false);
      expect(report.threads).toBe(1);
      expect(report.convSum).toBe(CONV_SUM);
    });
  });
});
