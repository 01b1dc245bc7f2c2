/**
 * Delivery (issue 11): one production build with `--base /sub/` and the
 * default settings (so no source maps), served under /sub/. The app detects
 * on the default photo, its service worker caches everything ("Works
 * offline"), and after the server is gone and the browser is offline a
 * reload still detects, cross-origin isolated. The diagnostics dialog names
 * the machine (SwiftShader as a software fallback here) and copies itself,
 * and a new deployment (a changed service worker) prompts for a reload.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, REPO_ROOT } from './harness';
import { modelReady } from './use-app';

const BASE = '/sub/';
const DEFAULT_MODEL_FILE = 'yolov5n-c3akconv-ij.safetensors';
const outDir = mkdtempSync(path.join(tmpdir(), 'akconv-deliver-'));
// The profile holds the service worker's cache (the whole build): removed after the file.
const profileDir = mkdtempSync(path.join(tmpdir(), 'akconv-deliver-profile-'));
let server: PreviewServer | null = null;
let context: BrowserContext;
let page: Page;
let appUrl = '';
let port = 0;
const errors: string[] = [];

async function startServer(): Promise<void> {
  server = await preview({ root: REPO_ROOT, logLevel: 'error', base: BASE, build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: port !== 0 } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview has no port');
  port = address.port;
  appUrl = `http://127.0.0.1:${port}${BASE}`;
}

async function stopServer(): Promise<void> {
  const s = server;
  server = null;
  if (s) await new Promise<void>((resolve) => s.httpServer.close(() => resolve()));
}

beforeAll(async () => {
  // The config's own defaults (no sourcemap option here): what `npm run build -- --base /sub/` makes.
  await build({ root: REPO_ROOT, logLevel: 'error', base: BASE, build: { outDir, emptyOutDir: true } });
  await startServer();
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env['AKCONV_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
}, 600_000);

afterAll(async () => {
  await context?.close();
  await stopServer();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

/** Waits for the default photo's detections (a person is in it). */
async function detectsOnDefaultPhoto(): Promise<void> {
  await modelReady(page, /ij/);
  await page.waitForFunction(() => document.querySelector('[data-testid=detections]')?.textContent?.includes('person') ?? false, undefined, { timeout: 120_000 });
}

/** The status line as the recorder sees it after a change of the page. */
interface StatusLineSample {
  height: number;
  /** The offline note's box within the line, `x,y,width` (null: no note in the line). */
  note: string | null;
  ready: boolean;
}

/** Records the status line's height and the offline note's box at every change once a frame is drawn. */
const RECORD_STATUS_LINE = `
  window.__statusLines = [];
  const sample = () => {
    const line = document.querySelector('[data-testid=status]');
    if (!line || Number(document.querySelector('[data-testid=frame-count]')?.textContent ?? 0) < 1) return;
    const box = line.querySelector('.offline-note')?.getBoundingClientRect();
    const at = line.getBoundingClientRect();
    // The note's place within the line (the page may scroll meanwhile: the first visit's tour brings its step into view).
    const s = {
      height: at.height,
      note: box ? [box.x - at.x, box.y - at.y, box.width].map((v) => v.toFixed(1)).join(',') : null,
      ready: !!line.querySelector('[data-testid=offline-ready]'),
    };
    const last = window.__statusLines.at(-1);
    if (!last || JSON.stringify(last) !== JSON.stringify(s)) window.__statusLines.push(s);
  };
  new MutationObserver(sample).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
`;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe('the production build', () => {
  it('ships no source maps by default, and a service worker', () => {
    const all = files(outDir);
    expect(all.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(all).toContain('sw.js');
  });

  it('served under /sub/, detects, caches itself, and detects again offline after a reload', { timeout: 600_000 }, async () => {
    // Every status-line geometry the page shows from its first frame on, recorded in the page:
    // "Works offline" comes seconds later and must not move the line or anything under it.
    await page.addInitScript(RECORD_STATUS_LINE);
    // wasm at 160 px: quick on SwiftShader machines; the default model and photo.
    await page.goto(`${appUrl}?backend=wasm&size=160`);
    await detectsOnDefaultPhoto();
    await page.getByTestId('offline-ready').waitFor({ timeout: 240_000 });
    const lines = await page.evaluate(() => (window as unknown as { __statusLines: StatusLineSample[] }).__statusLines);
    expect(lines.some((l) => l.ready)).toBe(true);
    // One height and one place for the note, before the cache was complete and after.
    expect(new Set(lines.map((l) => l.height))).toHaveLength(1);
    expect(new Set(lines.map((l) => l.note))).toHaveLength(1);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);

    // Offline for real: the browser has no network and the server is gone.
    await context.setOffline(true);
    await stopServer();
    const fromNetwork: string[] = [];
    page.on('response', (r) => void (r.fromServiceWorker() || fromNetwork.push(r.url())));
    await page.reload();
    await detectsOnDefaultPhoto();
    expect(fromNetwork).toEqual([]);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${appUrl}sw.js`);
    await page.getByTestId('offline-ready').waitFor({ timeout: 30_000 });
  });

  it('the diagnostics dialog names the adapter, isolation, WASM, backend and model file with its sha256, and copies itself', { timeout: 300_000 }, async () => {
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    const dialog = page.getByTestId('diagnostics');
    await dialog.locator('dl').waitFor({ timeout: 120_000 });
    const row = async (label: string) => (await dialog.locator('dt', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }).locator('+ dd').textContent()) ?? '';
    const sha = createHash('sha256').update(readFileSync(path.join(REPO_ROOT, 'public/models', DEFAULT_MODEL_FILE))).digest('hex');

    expect(await row('Browser')).toMatch(/Chrome\/\d+/);
    const adapter = await row('WebGPU adapter');
    console.log('WebGPU adapter:', adapter);
    expect(adapter).toMatch(/swiftshader/i);
    expect(adapter).toMatch(/fallback adapter: yes|software \(/);
    expect(adapter).toMatch(/shader-f16: (yes|no)$/);
    expect(await row('WebGL renderer')).not.toBe('');
    expect(await row('Cross-origin isolated (page)')).toBe('yes');
    expect(await row('Cross-origin isolated (engine)')).toBe('yes');
    expect(await row('WASM SIMD')).toBe('yes');
    expect(await row('WASM threads')).toMatch(/tfjs here; \d+ logical cores/);
    expect(await row('Engine')).toBe('worker');
    expect(await row('Backend')).toMatch(/^wasm, 1 thread — /);
    expect(await row('tfjs')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await row('Model file')).toBe(DEFAULT_MODEL_FILE);
    expect(await row('Model sha256')).toBe(sha);
    expect(await row('Service worker')).toBe('active; the app works offline');

    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await page.getByTestId('copy-note').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split('\n')[0]).toBe('AKConv Playground diagnostics');
    expect(copied).toContain(`\nModel sha256: ${sha}\n`);
    expect(copied).toContain(`\nWebGPU adapter: ${adapter}\n`);
  });

  it('a new deployment shows "A new version is available — Reload", and Reload runs it', { timeout: 300_000 }, async () => {
    await page.getByRole('button', { name: 'Close' }).click();
    // Back online, with a new service worker (Workbox compares its bytes).
    appendFileSync(path.join(outDir, 'sw.js'), '\n// the next deployment\n');
    await startServer();
    await context.setOffline(false);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 120_000 });
    expect(await prompt.textContent()).toBe('A new version is available — Reload');
    const reloaded = page.waitForEvent('load', { timeout: 120_000 });
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await detectsOnDefaultPhoto();
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${appUrl}sw.js`);
  });
});
