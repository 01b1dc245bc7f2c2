/**
 * Speed anchor in the browser (issue 9): this app's model on tfjs against
 * onnxruntime-web on the same weights, in headless Chromium, one backend per
 * page, forwards interleaved ABBA so the ratio is fair on a busy machine.
 *
 *   npm run bench:browser [-- --backends wasm,wasm-isolated,webgl,webgpu
 *       --sizes 256x320,320,640 --model akconv-ij --repeats 10 --budget-s 20
 *       --label cpu --out docs/benchmarks/browser-cpu.json]
 *
 * `wasm` is served without COOP/COEP (one thread), `wasm-isolated` with them
 * (vite.config.ts; tfjs on --threads, default one per core; onnxruntime-web
 * on its default, or --ort-threads). Writes JSON and prints a Markdown table
 * with the ratio ours / onnxruntime-web (below 1: we are faster). Numbers are
 * written down, never asserted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from '../../test/browser/harness';
import { call, PAGE, startServer } from './bench-server';
import { checkpointPath, ensureOnnx, gflopsAt, onnxPath, parseSize, REPO_ROOT, sizeLabel } from './models';
import type { BenchBackend, Engine, SetupInfo } from './protocol';
import type { Size } from './runners';
import { printTable, type EngineRow, type ResultRow } from './report';
import { interleave, round, summarize } from './stats';

type Variant = 'wasm' | 'wasm-isolated' | 'webgl' | 'webgpu';
const VARIANTS: readonly Variant[] = ['wasm', 'wasm-isolated', 'webgl', 'webgpu'];

const { values: opts } = parseArgs({
  options: {
    backends: { type: 'string', default: VARIANTS.join(',') },
    sizes: { type: 'string', default: '256x320,320,640' },
    model: { type: 'string', default: 'akconv-ij' },
    repeats: { type: 'string', default: '10' },
    'budget-s': { type: 'string', default: '20' },
    threads: { type: 'string', default: '' },
    'ort-threads': { type: 'string', default: '' },
    label: { type: 'string', default: 'cpu' },
    out: { type: 'string', default: '' },
    chromium: { type: 'string', default: process.env['AKCONV_CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM_PATH },
    'extra-args': { type: 'string', default: process.env['AKCONV_CHROMIUM_EXTRA_ARGS'] ?? '' },
  },
});

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

async function benchSize(page: Page, model: string, size: Size, repeats: number, budgetMs: number): Promise<Record<Engine, EngineRow>> {
  const result: Record<Engine, EngineRow> = { tfjs: { counts: null, summary: null, error: null }, ort: { counts: null, summary: null, error: null } };
  const urls: Record<Engine, string> = { tfjs: `/${checkpointPath(model)}`, ort: `/${onnxPath(model, size)}` };
  for (const engine of ['tfjs', 'ort'] as const) {
    try {
      result[engine].counts = await call(page, (api, a: [Engine, string, Size]) => api.load(...a), [engine, urls[engine], size]);
    } catch (error) {
      result[engine].error = (error as Error).message.split('\n')[0] ?? 'failed';
    }
  }
  const step = (engine: Engine) => () => call(page, (api, e: Engine) => api.step(e), engine);
  const ok = (e: Engine) => result[e].error === null;
  const limits = { maxPairs: repeats, minPairs: Math.min(3, repeats), budgetMs };
  if (ok('tfjs') && ok('ort')) {
    const s = await interleave(step('tfjs'), step('ort'), limits);
    result.tfjs.summary = summarize(s.a);
    result.ort.summary = summarize(s.b);
  } else {
    for (const e of ['tfjs', 'ort'] as const) {
      if (!ok(e)) continue;
      const s = await interleave(step(e), async () => 0, limits);
      result[e].summary = summarize(s.a);
    }
  }
  await call(page, (api) => api.unload(), null);
  return result;
}

async function main(): Promise<void> {
  const variants = opts.backends.split(',').filter(Boolean) as Variant[];
  for (const v of variants) if (!VARIANTS.includes(v)) throw new Error(`unknown backend '${v}' (known: ${VARIANTS.join(', ')})`);
  const sizes = opts.sizes.split(',').filter(Boolean).map(parseSize);
  const repeats = Number(opts.repeats);
  const budgetMs = Number(opts['budget-s']) * 1000;
  ensureOnnx(opts.model, sizes);
  const gflops = new Map<string, number>();
  for (const s of sizes) gflops.set(sizeLabel(s), await gflopsAt(opts.model, s));

  const servers = new Map<boolean, { server: ViteDevServer; base: string }>();
  const extra = opts['extra-args'].split(/\s+/).filter(Boolean);
  const browser = await chromium.launch({ executablePath: opts.chromium, args: [...CHROMIUM_ARGS, ...extra], timeout: 120_000 });
  const rows: ResultRow[] = [];
  const setups: Record<string, SetupInfo & { ortThreads: number }> = {};
  const t0 = performance.now();
  try {
    for (const variant of variants) {
      const isolated = variant !== 'wasm';
      if (!servers.has(isolated)) servers.set(isolated, await startServer(isolated));
      const { base } = servers.get(isolated) as { base: string };
      const backend: BenchBackend = variant.startsWith('wasm') ? 'wasm' : (variant as BenchBackend);
      const query = new URLSearchParams({ backend });
      if (opts.threads) query.set('threads', opts.threads);
      if (opts['ort-threads']) query.set('ortThreads', opts['ort-threads']);
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`[${variant}] page error: ${e.message}`));
      await page.goto(`${base}${PAGE}?${query}`);
      await page.waitForFunction(() => '__bench' in window, undefined, { timeout: 300_000 });
      let setup: SetupInfo;
      try {
        setup = await call(page, (api) => api.setup, null);
      } catch (error) {
        console.error(`[${variant}] skipped: ${(error as Error).message}`);
        await page.close();
        continue;
      }
      for (const size of sizes) {
        const r = await benchSize(page, opts.model, size, repeats, budgetMs);
        const g = gflops.get(sizeLabel(size)) ?? NaN;
        rows.push({ variant, size: sizeLabel(size), gflops: round(g, 3), tfjs: r.tfjs, ort: r.ort });
        console.error(`[${variant} ${sizeLabel(size)}] tfjs ${r.tfjs.summary?.medianMs ?? r.tfjs.error} ms, onnxruntime-web ${r.ort.summary?.medianMs ?? r.ort.error} ms`);
      }
      const ortThreads = await page.evaluate(() => (window as unknown as { __ortThreads: () => number }).__ortThreads());
      setups[variant] = { ...setup, ortThreads };
      await page.close();
    }
  } finally {
    await browser.close();
    for (const { server } of servers.values()) await server.close();
  }
  const out = opts.out || `docs/benchmarks/browser-${opts.label}.json`;
  const record = {
    what: 'forward ms (input upload, network, output read back), tfjs (this app) vs onnxruntime-web on the same weights, interleaved ABBA',
    date: new Date().toISOString(),
    model: opts.model,
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', chromium: opts.chromium, extraArgs: extra },
    ortVersion: packageVersion('onnxruntime-web'),
    setups,
    rows,
    totalS: round((performance.now() - t0) / 1000, 1),
  };
  mkdirSync(path.dirname(path.resolve(REPO_ROOT, out)), { recursive: true });
  writeFileSync(path.resolve(REPO_ROOT, out), `${JSON.stringify(record, null, 1)}\n`);
  printTable(rows, setups);
  console.log(`\nwritten to ${out} (${record.totalS} s)`);
}

await main();
