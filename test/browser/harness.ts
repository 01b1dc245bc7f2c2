/**
 * Node side of the browser test harness: runs TypeScript modules inside
 * headless Chromium on the tfjs **webgpu** backend.
 *
 *   const harness = await startHarness();
 *   const out = await harness.run<number[]>('/test/browser/cases/sanity.ts', 'runSanity', {});
 *   await harness.close();
 *
 * How: a Vite dev server (this repo's vite.config.ts plus the overrides below)
 * serves test/browser/page.html on 127.0.0.1 (a secure origin, which WebGPU
 * needs); playwright-core drives Debian's /usr/bin/chromium; page.ts switches
 * tfjs to webgpu and `import()`s the requested module on demand, so test
 * modules and the src/ code they import are compiled by Vite exactly as in the
 * app. Anything under the repo root can be fetched from the page with a
 * root-relative URL (e.g. `fetch('/test/fixtures/x.bin')`).
 *
 * Never falls back silently: if WebGPU (or tfjs's webgpu backend) is not
 * usable, startHarness() throws WebGpuUnavailableError, unless
 * AKCONV_ALLOW_NO_WEBGPU=1, in which case it returns a harness with
 * `available === false` (useHarness() then skips the tests).
 *
 * Not for the browser: imports vite and playwright-core.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import type { HarnessGlobals, PageReady, RunOutcome, RunStats, WireValue } from './protocol';

export type { AdapterSummary, JSONValue, PageReady, RunStats, TypedArrayValue, WireValue } from './protocol';

/** The repository root (served as the web root). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Root-relative URL of the harness page. */
export const PAGE_PATH = '/test/browser/page.html';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Chromium flags. WebGPU on Linux is behind --enable-unsafe-webgpu; without a
 * GPU Chromium gives a SwiftShader (CPU) adapter. The rest keep Chromium
 * offline and quiet. Playwright adds its own defaults too (it also passes
 * --headless and --no-sandbox, and uses a fresh temporary profile).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Dependencies that Vite must pre-bundle before the page starts, so that the
 * first run never discovers a new dependency (which would re-optimise and
 * invalidate the modules already loaded in the page).
 */
export const OPTIMIZE_DEPS_INCLUDE: readonly string[] = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-converter',
];

/** Files Vite's dependency scanner crawls (globs relative to the repo root). */
export const OPTIMIZE_DEPS_ENTRIES: readonly string[] = [
  'test/browser/page.html',
  'test/browser/cases/**/*.{ts,tsx,js,mjs}',
  'src/**/*.{ts,tsx}',
  '!src/**/*.test.{ts,tsx}',
  '!**/*.d.ts',
];

/** Where this harness keeps its pre-bundled dependencies (apart from the app's node_modules/.vite). */
export const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.vite-browser-harness');

export type HarnessOptions = {
  /** Chromium binary. Default: $AKCONV_CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string;
  /** Replaces CHROMIUM_ARGS (debugging only). */
  args?: readonly string[];
  /** Appended to the args, e.g. ['--enable-features=Vulkan']. Also $AKCONV_CHROMIUM_EXTRA_ARGS (space separated). */
  extraArgs?: readonly string[];
  /** Return an unavailable harness instead of throwing when WebGPU is missing. Default: $AKCONV_ALLOW_NO_WEBGPU === '1'. */
  allowNoWebGPU?: boolean;
  /** Echo every page console message (not only warnings/errors) and Vite's info log. Default: $AKCONV_BROWSER_VERBOSE === '1'. */
  verbose?: boolean;
  /** Do not print the one-line "ready" banner. */
  quiet?: boolean;
  /** Page load + backend init limit, ms. Default 300 000 (cold dependency pre-bundling can take a while). */
  startTimeoutMs?: number;
};

export type HarnessTimings = {
  viteMs: number;
  chromiumMs: number;
  pageMs: number;
  totalMs: number;
};

type AnyFunction = (...args: never[]) => unknown;

/** Names of a module's exported functions. */
export type FunctionKeys<M> = { [K in keyof M]: M[K] extends AnyFunction ? K : never }[keyof M] & string;
/** The argument list of an export (the harness passes at most one argument). */
export type ArgsOf<F> = F extends (...args: infer P) => unknown ? P : never;
/** What awaiting an export gives. */
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** A typed caller for one module, from `harness.module<typeof import('./cases/x')>('/test/browser/cases/x.ts')`. */
export type ModuleCaller<M> = <K extends FunctionKeys<M>>(exportName: K, ...args: ArgsOf<M[K]>) => Promise<ResultOf<M[K]>>;

export interface Harness {
  /** False only when WebGPU is missing and AKCONV_ALLOW_NO_WEBGPU=1 (then run() throws). */
  readonly available: boolean;
  /** Why WebGPU is unavailable, or null. */
  readonly unavailableReason: string | null;
  /** What the page reported: backend, tfjs version, WebGPU adapter info. */
  readonly info: PageReady;
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  /** The Playwright page, for debugging (evaluate, screenshot...). */
  readonly page: Page;
  readonly timings: HarnessTimings;
  /** Every console message the page printed so far, one line each. */
  readonly consoleLog: readonly string[];
  /** Stats of the latest successful run. */
  readonly lastStats: RunStats | null;
  /**
   * `import(modulePath)` in the page and await `module[exportName](arg)`.
   * `modulePath` is root-relative, e.g. '/test/browser/cases/sanity.ts'.
   * The result crosses over as JSON plus typed arrays (see WireValue).
   */
  run<T = unknown>(modulePath: string, exportName: string, arg?: WireValue): Promise<T>;
  /** Like run(), also returning timing and tensor-count stats measured in the page. */
  runWithStats<T = unknown>(
    modulePath: string,
    exportName: string,
    arg?: WireValue,
  ): Promise<{ value: T; stats: RunStats }>;
  /** A typed caller: argument and result types come from the module's own signatures. */
  module<M>(modulePath: string): ModuleCaller<M>;
  /** Save a PNG of the page (debugging). */
  screenshot(file: string): Promise<void>;
  /** Close Chromium and the Vite server. Safe to call twice. */
  close(): Promise<void>;
}

/** Thrown when the page cannot run tfjs on WebGPU (and AKCONV_ALLOW_NO_WEBGPU is not 1). */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

/** Thrown by run() when the page failed (uncaught error, crash, reload) or the module threw. */
export class BrowserRunError extends Error {
  override name = 'BrowserRunError';
}

const PREFIX = '[browser-harness]';

function envFlag(name: string): boolean {
  return process.env[name] === '1' || process.env[name] === 'true';
}

function elapsed(t0: number): number {
  return Math.round(performance.now() - t0);
}

function describeAdapter(info: PageReady): string {
  if (!info.ok) return `WebGPU unavailable: ${info.reason}`;
  const a = info.adapter;
  return (
    `tfjs ${info.tfjsVersion} backend=${info.backend}; WebGPU adapter vendor='${a.vendor}' ` +
    `architecture='${a.architecture}' device='${a.device}' description='${a.description}' ` +
    `fallback=${String(a.isFallbackAdapter)} maxBufferSize=${a.limits.maxBufferSize} ` +
    `maxStorageBufferBindingSize=${a.limits.maxStorageBufferBindingSize}`
  );
}

function formatConsole(message: ConsoleMessage): string {
  const location = message.location();
  const where = location.url ? ` (${location.url}:${location.lineNumber + 1})` : '';
  return `[browser ${message.type()}] ${message.text()}${where}`;
}

async function startVite(verbose: boolean): Promise<ViteDevServer> {
  const server = await createServer({
    root: REPO_ROOT,
    mode: 'development',
    logLevel: verbose ? 'info' : 'error',
    clearScreen: false,
    cacheDir: CACHE_DIR,
    // 'mpa': a missing file is a 404, not index.html with status 200 (the 'spa' fallback).
    appType: 'mpa',
    server: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      open: false,
      // No HMR socket: nothing can reload the page under a running test.
      hmr: false,
      ws: false,
    },
    optimizeDeps: {
      entries: [...OPTIMIZE_DEPS_ENTRIES],
      include: [...OPTIMIZE_DEPS_INCLUDE],
      holdUntilCrawlEnd: true,
    },
  });
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

function baseUrlOf(server: ViteDevServer): string {
  const address = server.httpServer?.address();
  if (address === null || address === undefined || typeof address === 'string') {
    throw new Error(`${PREFIX} Vite dev server has no TCP address`);
  }
  return `http://127.0.0.1:${address.port}`;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const t0 = performance.now();
  const verbose = options.verbose ?? envFlag('AKCONV_BROWSER_VERBOSE');
  const allowNoWebGPU = options.allowNoWebGPU ?? envFlag('AKCONV_ALLOW_NO_WEBGPU');
  const executablePath = options.executablePath ?? process.env['AKCONV_CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM_PATH;
  const envExtra = (process.env['AKCONV_CHROMIUM_EXTRA_ARGS'] ?? '').split(/\s+/).filter((s) => s.length > 0);
  const args = [...(options.args ?? CHROMIUM_ARGS), ...(options.extraArgs ?? []), ...envExtra];
  const startTimeoutMs = options.startTimeoutMs ?? 300_000;

  if (!existsSync(executablePath)) {
    throw new Error(
      `${PREFIX} Chromium not found at ${executablePath} (set AKCONV_CHROMIUM_PATH; never download a browser here)`,
    );
  }

  let server: ViteDevServer | null = null;
  let browser: Browser | null = null;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const b = browser;
    const s = server;
    browser = null;
    server = null;
    try {
      if (b !== null) await b.close();
    } finally {
      if (s !== null) await s.close();
    }
  };

  try {
    server = await startVite(verbose);
    const viteMs = elapsed(t0);
    const baseUrl = baseUrlOf(server);

    const t1 = performance.now();
    browser = await chromium.launch({ executablePath, headless: true, args, timeout: 120_000 });
    const context = await browser.newContext({ baseURL: baseUrl });
    // Vite's client script always opens an HMR WebSocket; with no HMR server that only
    // logs errors. Answer it here with a mock socket that never says anything (so it
    // can never ask the page to reload either).
    await context.routeWebSocket(/^wss?:\/\//, () => undefined);
    const page = await context.newPage();
    const chromiumMs = elapsed(t1);

    // ---- page -> Node plumbing -------------------------------------------------
    const consoleLog: string[] = [];
    const pendingFailures: Error[] = [];
    const failureListeners = new Set<(error: Error) => void>();
    let ready = false;
    const fail = (error: Error): void => {
      pendingFailures.push(error);
      for (const listener of failureListeners) listener(error);
    };
    /** `work`, unless the page fails first (uncaught error, crash, reload...). */
    const untilFailure = async <T>(work: Promise<T>): Promise<T> => {
      let listener: ((error: Error) => void) | undefined;
      const failed = new Promise<never>((_, reject) => {
        listener = reject;
        failureListeners.add(reject);
      });
      // Whichever loses the race must not become an unhandled rejection.
      work.catch(() => undefined);
      failed.catch(() => undefined);
      try {
        return await Promise.race([work, failed]);
      } finally {
        if (listener !== undefined) failureListeners.delete(listener);
        // A failure during `work` was reported through `failed`; do not report it again.
        pendingFailures.splice(0);
      }
    };

    page.on('console', (message) => {
      const line = formatConsole(message);
      consoleLog.push(line);
      const type = message.type();
      // 'Failed to load resource' repeats what the 'response' handler below already printed.
      const duplicate = message.text().startsWith('Failed to load resource:');
      if (type === 'error' && !duplicate) console.error(line);
      else if (type === 'warning') console.warn(line);
      else if (verbose) console.log(line);
    });
    page.on('pageerror', (error) => {
      const line = `[browser pageerror] ${error.stack ?? error.message}`;
      consoleLog.push(line);
      console.error(line);
      fail(new BrowserRunError(`uncaught error in the page: ${error.stack ?? error.message}`));
    });
    page.on('crash', () => {
      consoleLog.push('[browser crash]');
      fail(new BrowserRunError('the Chromium page crashed (out of memory? GPU process lost?)'));
    });
    page.on('close', () => {
      if (!closed) fail(new BrowserRunError('the page was closed'));
    });
    page.on('framenavigated', (frame) => {
      if (ready && frame === page.mainFrame()) {
        fail(
          new BrowserRunError(
            `the page navigated/reloaded to ${frame.url()} during the tests (state is lost). ` +
              'Usually Vite re-optimised dependencies: add the new package to OPTIMIZE_DEPS_INCLUDE in test/browser/harness.ts.',
          ),
        );
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) {
        const line = `[browser http ${response.status()}] ${response.request().method()} ${response.url()}`;
        consoleLog.push(line);
        console.warn(line);
        // While the harness page itself loads, any HTTP error is fatal (e.g. Vite could not
        // compile page.ts: its own error log above says why). Later, tests may fetch
        // missing files on purpose.
        if (!ready) fail(new BrowserRunError(`loading the harness page failed: ${line}`));
      }
    });
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? '?';
      const line = `[browser requestfailed] ${request.method()} ${request.url()}: ${reason}`;
      consoleLog.push(line);
      // ERR_ABORTED follows an HTTP error (already printed) or a deliberate abort.
      if (verbose || reason !== 'net::ERR_ABORTED') console.warn(line);
    });

    // ---- load the page and wait for tfjs on webgpu ---------------------------------
    const t2 = performance.now();
    const loadPage = async (): Promise<PageReady> => {
      await page.goto(PAGE_PATH, { waitUntil: 'load', timeout: startTimeoutMs });
      await page.waitForFunction(() => '__harnessReady' in window, undefined, { timeout: startTimeoutMs });
      return page.evaluate(() => (window as unknown as HarnessGlobals).__harnessReady);
    };
    const info = await untilFailure(loadPage());
    const pageMs = elapsed(t2);
    ready = true;
    const timings: HarnessTimings = { viteMs, chromiumMs, pageMs, totalMs: elapsed(t0) };

    if (!info.ok) {
      const message =
        `WebGPU is not available in headless Chromium, so the browser tests cannot run on the tfjs ` +
        `webgpu backend (they never fall back to another backend): ${info.reason}. ` +
        `Chromium ${executablePath} (${info.userAgent}), args: ${args.join(' ')}.`;
      if (!allowNoWebGPU) {
        throw new WebGpuUnavailableError(`${message} Set AKCONV_ALLOW_NO_WEBGPU=1 to skip these tests instead.`);
      }
      console.warn(`${PREFIX} ${message} AKCONV_ALLOW_NO_WEBGPU=1: skipping.`);
    } else if (!(options.quiet ?? false)) {
      console.info(
        `${PREFIX} ${describeAdapter(info)}; ready in ${timings.totalMs} ms ` +
          `(vite ${viteMs}, chromium ${chromiumMs}, page ${pageMs}: modules ${info.loadMs} + webgpu init ${info.initMs}) at ${baseUrl}`,
      );
    }

    let lastStats: RunStats | null = null;

    const runWithStats = async <T>(
      modulePath: string,
      exportName: string,
      arg?: WireValue,
    ): Promise<{ value: T; stats: RunStats }> => {
      if (closed) throw new BrowserRunError('the harness is closed');
      if (!info.ok) throw new WebGpuUnavailableError(`WebGPU unavailable: ${info.reason}`);
      const earlier = pendingFailures.splice(0);
      if (earlier.length > 0) {
        throw new BrowserRunError(
          `before run(${modulePath}#${exportName}): ${earlier.map((e) => e.message).join('\n')}`,
        );
      }
      const callArgs: [string, string, unknown] = [modulePath, exportName, arg ?? null];
      const evaluation = page.evaluate<RunOutcome, [string, string, unknown]>(
        // Runs in the page: must not reference anything from this module.
        ([p, e, a]) => (window as unknown as HarnessGlobals).__runModule(p, e, a),
        callArgs,
      );
      let outcome: RunOutcome;
      try {
        outcome = await untilFailure(evaluation);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new BrowserRunError(`run(${modulePath}#${exportName}) failed: ${message}`);
      }
      if (!outcome.ok) {
        throw new BrowserRunError(`${modulePath}#${exportName} threw in the page:\n${outcome.error}`);
      }
      lastStats = outcome.stats;
      if (outcome.stats.backend !== 'webgpu') {
        throw new BrowserRunError(
          `${modulePath}#${exportName} left tfjs on backend '${outcome.stats.backend}' instead of 'webgpu'`,
        );
      }
      return { value: outcome.value as T, stats: outcome.stats };
    };

    const harness: Harness = {
      available: info.ok,
      unavailableReason: info.ok ? null : info.reason,
      info,
      baseUrl,
      page,
      timings,
      consoleLog,
      get lastStats() {
        return lastStats;
      },
      run: async <T>(modulePath: string, exportName: string, arg?: WireValue): Promise<T> =>
        (await runWithStats<T>(modulePath, exportName, arg)).value,
      runWithStats,
      module: <M>(modulePath: string): ModuleCaller<M> =>
        async <K extends FunctionKeys<M>>(exportName: K, ...callArgs: ArgsOf<M[K]>): Promise<ResultOf<M[K]>> => {
          const first: unknown = callArgs[0];
          return (await runWithStats<ResultOf<M[K]>>(modulePath, exportName, first as WireValue)).value;
        },
      screenshot: async (file: string): Promise<void> => {
        await page.screenshot({ path: file, fullPage: true });
      },
      close,
    };
    return harness;
  } catch (error) {
    await close().catch((closeError: unknown) => {
      console.error(`${PREFIX} cleanup after a failed start also failed:`, closeError);
    });
    throw error;
  }
}
