/**
 * The real app build in headless Chromium: `vite build` once, `vite preview`
 * to serve it, and a page with a fake webcam (Chromium's test pattern).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { TOUR_STORAGE_KEY } from '../../src/ui/tour/tour-storage';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, REPO_ROOT } from './harness';

export interface AppHarness {
  url: string;
  /** A new page at `query`; `init` runs before the app's scripts (e.g. to take WebGPU away). */
  open(query?: string, viewport?: { width: number; height: number }, init?: string): Promise<Page>;
  errors: string[];
  close(): Promise<void>;
}

const OUT_DIR = path.join(REPO_ROOT, 'dist-test');

/** Marks the tour as seen unless the page already decided (runs before the app's scripts, on every load). */
const SKIP_TOUR = `try { if (localStorage.getItem(${JSON.stringify(TOUR_STORAGE_KEY)}) === null) localStorage.setItem(${JSON.stringify(TOUR_STORAGE_KEY)}, 'seen'); } catch {}`;

/** What the build is made of: a build whose stamp matches is reused. */
const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', 'scripts/build', 'tsconfig.json', 'tsconfig.app.json', 'tsconfig.node.json'];
const STAMP = path.join(OUT_DIR, '.inputs-sha256');

function inputsHash(): string {
  const hash = createHash('sha256');
  const add = (rel: string): void => {
    const abs = path.join(REPO_ROOT, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) add(path.join(rel, name));
      return;
    }
    hash.update(`${rel}\0`);
    hash.update(readFileSync(abs));
  };
  BUILD_INPUTS.forEach(add);
  return hash.digest('hex');
}

/**
 * Every app test file used to build the app anew (about 25 s each on two
 * cores, nine files); the browser project runs its files one at a time, so
 * the first builds and the rest reuse it while its inputs are unchanged.
 */
export async function buildOnce(): Promise<void> {
  const inputs = inputsHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === inputs) return;
  await build({ root: REPO_ROOT, logLevel: 'error', build: { outDir: OUT_DIR, emptyOutDir: true, sourcemap: false } });
  writeFileSync(STAMP, inputs);
}

export async function startApp(): Promise<AppHarness> {
  await buildOnce();
  const server: PreviewServer = await preview({ root: REPO_ROOT, logLevel: 'error', preview: { port: 0, host: '127.0.0.1', strictPort: false }, build: { outDir: OUT_DIR } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview has no port');
  const url = `http://127.0.0.1:${address.port}/`;
  const context: BrowserContext = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'akconv-app-')), {
    executablePath: process.env['AKCONV_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    permissions: ['camera', 'clipboard-read', 'clipboard-write'],
    // The production build's service worker would precache about 17 MB in the background of every app test;
    // the offline tests (app-offline.test.ts) use their own context with it.
    serviceWorkers: 'block',
  });
  const errors: string[] = [];
  return {
    url,
    errors,
    async open(query = '', viewport = { width: 1280, height: 900 }, init?: string) {
      const page = await context.newPage();
      // The guided tour opens on a first visit; app tests start as returning visitors (a test that wants the tour removes the key).
      await page.addInitScript({ content: SKIP_TOUR });
      if (init) await page.addInitScript({ content: init });
      await page.setViewportSize(viewport);
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      await page.goto(url + query);
      return page;
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
