/**
 * How responsive the page stays while the app detects: the production build
 * (`vite build`, served by `vite preview`) in headless Chromium with a fake
 * camera, one query, a fixed window. Prints the frames detected, the
 * main thread's long tasks (PerformanceObserver 'longtask') and how late a
 * setTimeout(0) runs, measured from the first detected frame on.
 *
 *   npx tsx scripts/bench/responsiveness.ts [query] [seconds]
 *   npx tsx scripts/bench/responsiveness.ts '?backend=wasm&src=webcam&size=320' 20
 *
 * AKCONV_DIST=dir reuses a build already in `dir` (otherwise it builds into a
 * temporary folder, leaving dist/ alone).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, REPO_ROOT } from '../../test/browser/harness';

const query = process.argv[2] ?? '?backend=wasm&src=webcam&size=320';
const seconds = Number(process.argv[3] ?? 20);

/** Runs in the page before the app: records long tasks and setTimeout(0) lateness from the start. */
const PROBE = `
  window.__probe = { longtasks: [], lateness: [] };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__probe.longtasks.push({ start: e.startTime, ms: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  (function tick() {
    const asked = performance.now();
    setTimeout(() => { window.__probe.lateness.push({ at: asked, ms: performance.now() - asked }); setTimeout(tick, 50); }, 0);
  })();
`;

interface Probe {
  longtasks: { start: number; ms: number }[];
  lateness: { at: number; ms: number }[];
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : 0;
};

async function main(): Promise<void> {
  const outDir = process.env['AKCONV_DIST'] ?? mkdtempSync(path.join(tmpdir(), 'akconv-dist-'));
  if (!process.env['AKCONV_DIST']) await build({ root: REPO_ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server = await preview({ root: REPO_ROOT, logLevel: 'error', preview: { port: 0, host: '127.0.0.1' }, build: { outDir } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview has no port');
  const browser = await chromium.launch({
    executablePath: process.env['AKCONV_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript({ content: PROBE });
    const opened = Date.now();
    await page.goto(`http://127.0.0.1:${address.port}/${query}`);
    const frames = async () => Number((await page.textContent('[data-testid=frame-count]')) ?? 0);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=frame-count]')?.textContent ?? 0) > 0, undefined, { timeout: 300_000 });
    const firstMs = Date.now() - opened;
    const f0 = await frames();
    const t0 = await page.evaluate(() => performance.now());
    await page.waitForTimeout(seconds * 1000);
    const f1 = await frames();
    const t1 = await page.evaluate(() => performance.now());
    const probe = await page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);
    const status = await page.textContent('[data-testid=status]');
    const engine = await page.evaluate(() => {
      const e = (globalThis as unknown as { __akconv?: { engine?: () => { forwardCount: number; numTensors: number; frames: number; thread: unknown } } }).__akconv;
      const s = e?.engine?.();
      return s ? { thread: s.thread, frames: s.frames, forwardCount: s.forwardCount, numTensors: s.numTensors } : null;
    });
    const tasks = probe.longtasks.filter((t) => t.start >= t0 && t.start <= t1).map((t) => t.ms);
    const late = probe.lateness.filter((l) => l.at >= t0 && l.at <= t1).map((l) => l.ms);
    const busyMs = tasks.reduce((a, b) => a + b, 0);
    console.log(`query ${query}, window ${((t1 - t0) / 1000).toFixed(1)} s`);
    console.log(`first detection ${(firstMs / 1000).toFixed(1)} s after navigation`);
    console.log(`frames detected in the window: ${f1 - f0} (${((f1 - f0) / ((t1 - t0) / 1000)).toFixed(1)} /s)`);
    console.log(`main-thread long tasks: ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms, over 100 ms: ${tasks.filter((t) => t > 100).length}, over 50 ms: ${tasks.filter((t) => t > 50).length}, blocked ${((100 * busyMs) / (t1 - t0)).toFixed(0)} % of the window`);
    console.log(`setTimeout(0) lateness: median ${percentile(late, 0.5).toFixed(0)} ms, p95 ${percentile(late, 0.95).toFixed(0)} ms, max ${Math.max(0, ...late).toFixed(0)} ms (${late.length} probes)`);
    console.log(`status: ${status?.replace(/\s+/g, ' ')}`);
    if (engine) console.log(`engine: ${JSON.stringify(engine)}`);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
