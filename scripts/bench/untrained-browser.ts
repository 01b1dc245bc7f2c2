/**
 * Forward milliseconds of the untrained models (issue 13: every bundled config
 * at every scale) in headless Chromium, one tfjs backend per page, on the
 * bench page (page/bench-page.ts builds each model from its config and seed,
 * as the app does). The Node counterpart is untrained.ts (wasm in Node).
 *
 *   npx tsx scripts/bench/untrained-browser.ts [--backends wasm-isolated,webgl,webgpu]
 *       [--only seed-det] [--size 320] [--repeats 3] [--budget-s 30] [--give-up-s 60]
 *       [--out docs/benchmarks/untrained-browser.json]
 *
 * One timed forward = input upload, the network, the prediction read back.
 * After a first forward (shader compile, weight upload) it takes the median of
 * up to --repeats forwards within --budget-s. A config's larger scales are
 * skipped on a backend once a first forward there took longer than
 * --give-up-s (software WebGPU at scale x would take minutes per forward).
 * Numbers are written down, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { UNTRAINED_MODEL_IDS, type UntrainedModelId } from '../../src/common/choices';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from '../../test/browser/harness';
import { call, PAGE, startServer } from './bench-server';
import { REPO_ROOT } from './models';
import type { BenchBackend, SetupInfo } from './protocol';
import type { Size } from './runners';

type Variant = 'wasm-isolated' | 'webgl' | 'webgpu';
const VARIANTS: readonly Variant[] = ['wasm-isolated', 'webgl', 'webgpu'];

const { values: opts } = parseArgs({
  options: {
    backends: { type: 'string', default: VARIANTS.join(',') },
    only: { type: 'string', default: '' },
    size: { type: 'string', default: '320' },
    repeats: { type: 'string', default: '3' },
    'budget-s': { type: 'string', default: '30' },
    'give-up-s': { type: 'string', default: '60' },
    out: { type: 'string', default: 'docs/benchmarks/untrained-browser.json' },
    chromium: { type: 'string', default: process.env['AKCONV_CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM_PATH },
  },
});

interface Row {
  variant: Variant;
  id: UntrainedModelId;
  firstMs: number | null;
  medianMs: number | null;
  runs: number;
  note: string | null;
}

const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;
const configOf = (id: string) => id.slice(0, id.lastIndexOf('-'));

async function main(): Promise<void> {
  const variants = opts.backends.split(',').filter(Boolean) as Variant[];
  for (const v of variants) if (!VARIANTS.includes(v)) throw new Error(`unknown backend '${v}' (known: ${VARIANTS.join(', ')})`);
  const ids = UNTRAINED_MODEL_IDS.filter((id) => id.startsWith(opts.only));
  const side = Number(opts.size);
  const size: Size = [side, side];
  const repeats = Number(opts.repeats);
  const budgetMs = Number(opts['budget-s']) * 1000;
  const giveUpMs = Number(opts['give-up-s']) * 1000;
  const { server, base } = await startServer(true);
  const browser = await chromium.launch({ executablePath: opts.chromium, args: [...CHROMIUM_ARGS], timeout: 120_000 });
  const rows: Row[] = [];
  const setups: Partial<Record<Variant, SetupInfo>> = {};
  const t0 = performance.now();
  try {
    for (const variant of variants) {
      const backend: BenchBackend = variant === 'wasm-isolated' ? 'wasm' : variant;
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`[${variant}] page error: ${e.message}`));
      await page.goto(`${base}${PAGE}?backend=${backend}`);
      await page.waitForFunction(() => '__bench' in window, undefined, { timeout: 300_000 });
      setups[variant] = await call(page, (api) => api.setup, null);
      const tooSlow = new Set<string>();
      for (const id of ids) {
        if (tooSlow.has(configOf(id))) {
          rows.push({ variant, id, firstMs: null, medianMs: null, runs: 0, note: `skipped: a smaller scale's first forward took over ${opts['give-up-s']} s` });
          continue;
        }
        const row: Row = { variant, id, firstMs: null, medianMs: null, runs: 0, note: null };
        try {
          const counts = await call(page, (api, a: [UntrainedModelId, Size]) => api.loadUntrained(...a), [id, size], 900_000);
          row.firstMs = Math.round(counts.firstMs);
          if (counts.firstMs > giveUpMs) tooSlow.add(configOf(id));
          const times: number[] = [];
          const start = performance.now();
          while (times.length < repeats && (times.length === 0 || performance.now() - start < budgetMs)) {
            times.push(await call(page, (api) => api.step('tfjs'), null, 900_000));
          }
          row.medianMs = Math.round(median(times));
          row.runs = times.length;
        } catch (error) {
          row.note = (error as Error).message.split('\n')[0] ?? 'failed';
        }
        await call(page, (api) => api.unload(), null).catch(() => undefined);
        rows.push(row);
        console.error(`[${variant}] ${id}: first ${row.firstMs} ms, median ${row.medianMs} ms of ${row.runs}${row.note ? ` (${row.note})` : ''}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const record = {
    what: 'untrained models (src/model/init.ts, seed 0): forward ms in headless Chromium (input upload, network, prediction read back); first = first forward',
    date: new Date().toISOString(),
    size: side,
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', loadavg: os.loadavg().map((l) => Math.round(l * 10) / 10), chromium: opts.chromium },
    setups,
    rows,
    totalS: Math.round((performance.now() - t0) / 1000),
  };
  mkdirSync(path.dirname(path.resolve(REPO_ROOT, opts.out)), { recursive: true });
  writeFileSync(path.resolve(REPO_ROOT, opts.out), `${JSON.stringify(record, null, 1)}\n`);
  printTable(rows, variants);
  console.log(`\nwritten to ${opts.out} (${record.totalS} s)`);
}

function printTable(rows: readonly Row[], variants: readonly Variant[]): void {
  console.log(`| model | ${variants.map((v) => `${v} ms (first)`).join(' | ')} |`);
  console.log(`| --- | ${variants.map(() => '---:').join(' | ')} |`);
  for (const id of new Set(rows.map((r) => r.id))) {
    const cells = variants.map((v) => {
      const r = rows.find((x) => x.id === id && x.variant === v);
      if (!r || r.medianMs === null) return r?.note?.startsWith('skipped') ? 'skipped' : 'failed';
      return `${r.medianMs} (${r.firstMs})`;
    });
    console.log(`| ${id} | ${cells.join(' | ')} |`);
  }
}

await main();
