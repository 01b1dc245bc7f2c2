/**
 * What a new visitor meets: the production build (`vite build`, served by
 * `vite preview`, which sends vite.config.ts's COOP/COEP), opened in N fresh
 * Chromium profiles (a new user-data folder and browser per run: no HTTP
 * cache, no service worker, no "tour seen" from an earlier run) at each
 * viewport. Per run, measured from the page's navigation start:
 *
 * - first result: the moment the page's engine snapshot (the app's debug
 *   hook `__akconv.engine().latest`) first holds a result, polled every
 *   animation frame from outside the app's code;
 * - layout shift: the sum of 'layout-shift' entries without recent input,
 *   up to the first result and up to 2 s after it;
 * - long tasks ('longtask', > 50 ms) on the main thread before the first result;
 * - JavaScript decoded by the page (Resource Timing: scripts in the page's
 *   own timeline) and, apart, what the engine worker and the service worker
 *   fetched (Playwright's network events, which come from CDP and cover
 *   workers: their fetches are not in the page's timeline);
 * - the engine's start-up split (`EngineSnapshot.startup`, epoch times
 *   converted to ms since navigation);
 * - whether the tour opened (it does on a first visit; it is kept, as a new
 *   visitor sees it).
 *
 * Prints one JSON summary (median and range per metric) and writes it to
 * docs/benchmarks/first-load.json (or --out).
 *
 *   npx tsx scripts/bench/first-load.ts [--dist DIR] [--runs 5] [--viewports 1440x900,390x844]
 *     [--query '?backend=wasm'] [--label NAME] [--out FILE]
 *   npm run bench:first-load
 *
 * --compare DIR2: interleaves a second build (A B B A ...) under the same
 * conditions and reports both, for before/after measurements; --builds
 * a=DIR,b=DIR,c=DIR:block-sw does the same for several (rotating the order
 * each run), `:block-sw` blocking service workers for that one (an
 * experiment: what the first visit's precache costs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Worker } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, REPO_ROOT } from '../../test/browser/harness';
import { quantile, round } from './stats';
import type { EngineStartup } from '../../src/runtime/protocol';

interface Viewport {
  width: number;
  height: number;
}

/** Runs in the page before its own scripts: buffered observers and the first-result poll. */
const PROBE = `
  (() => {
    const probe = { shifts: [], longtasks: [], firstResultAt: null, tourAt: null, engineMessages: {} };
    window.__firstLoad = probe;
    // Counts what the engine worker sends before the first result (each snapshot is work for the page).
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (probe.firstResultAt !== null) return;
          const type = (e.data && e.data.type) || 'other';
          probe.engineMessages[type] = (probe.engineMessages[type] || 0) + 1;
        });
      }
    };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) probe.shifts.push({ at: e.startTime, value: e.value });
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longtasks.push({ at: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    const poll = () => {
      if (probe.tourAt === null && document.querySelector('[data-testid=tour]')) probe.tourAt = performance.now();
      const latest = globalThis.__akconv?.engine?.()?.latest;
      if (latest) {
        probe.firstResultAt = performance.now();
        probe.firstResult = { boxes: latest.main?.detections.length ?? null, width: latest.image.width, height: latest.image.height };
        return;
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  })();
`;

interface Probe {
  shifts: { at: number; value: number }[];
  longtasks: { at: number; ms: number }[];
  firstResultAt: number | null;
  firstResult?: { boxes: number | null; width: number; height: number };
  tourAt: number | null;
  engineMessages: Record<string, number>;
}

export interface RunResult {
  build: string;
  viewport: string;
  firstResultMs: number;
  /** engine-client's 'akconv:first-result' mark (null in builds before it). */
  firstResultMarkMs: number | null;
  boxes: number | null;
  clsBeforeResult: number;
  clsTo2sAfter: number;
  longTasksBeforeResultMs: number[];
  longestTaskBeforeResultMs: number;
  /** Scripts the page itself runs (its Resource Timing less the workers' own scripts, which the page fetches for them). */
  pageScriptKB: number;
  pageScripts: { url: string; kB: number }[];
  /** The engine worker's script (fetched through the page) and the scripts it imports (its own Resource Timing). */
  workerScriptKB: number;
  /** What the engine worker fetched (its own Resource Timing), ms since navigation. */
  workerFetches: { url: string; kB: number; startMs: number; endMs: number }[];
  /** What the service worker fetched (its precache) while the page loaded (Playwright's network events). */
  serviceWorkerFetches: { url: string; kB: number; startMs: number; endMs: number }[];
  engineMessagesBeforeResult: Record<string, number>;
  tourOpened: boolean;
  /** Engine start-up stages, ms since navigation. */
  engine: { marks: Record<string, number>; spans: Record<string, { startMs: number; endMs: number; ms: number }>; threadOriginMs: number } | null;
}

function parse() {
  const { values } = parseArgs({
    options: {
      dist: { type: 'string' },
      compare: { type: 'string' },
      builds: { type: 'string' },
      runs: { type: 'string', default: '5' },
      viewports: { type: 'string', default: '1440x900,390x844' },
      query: { type: 'string', default: '?backend=wasm' },
      label: { type: 'string', default: 'current' },
      'compare-label': { type: 'string', default: 'compare' },
      out: { type: 'string', default: path.join(REPO_ROOT, 'docs/benchmarks/first-load.json') },
      'timeout-s': { type: 'string', default: '120' },
      // An experiment, not what a visitor meets: how much the service worker's precache costs the first load.
      'block-service-workers': { type: 'boolean', default: false },
    },
  });
  const viewports = values.viewports.split(',').map((v): Viewport => {
    const m = /^(\d+)x(\d+)$/.exec(v.trim());
    if (!m) throw new Error(`viewport "${v}" is not WIDTHxHEIGHT, e.g. 1440x900`);
    return { width: Number(m[1]), height: Number(m[2]) };
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs} is not a positive integer`);
  return { ...values, runs, viewports, timeoutMs: 1000 * Number(values['timeout-s']), serviceWorkers: values['block-service-workers'] ? ('block' as const) : ('allow' as const) };
}

async function serve(dist: string): Promise<{ server: PreviewServer; base: string }> {
  const server = await preview({ root: REPO_ROOT, logLevel: 'error', preview: { port: 0, host: '127.0.0.1', open: false }, build: { outDir: dist } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview has no port');
  return { server, base: `http://127.0.0.1:${address.port}` };
}

interface Build {
  label: string;
  dist: string;
  serviceWorkers: 'allow' | 'block';
}

/** `label=DIR[:block-sw],...` */
function parseBuilds(list: string): Build[] {
  return list.split(',').map((item) => {
    const m = /^([\w.-]+)=(.+?)(:block-sw)?$/.exec(item.trim());
    if (!m) throw new Error(`--builds item "${item}" is not LABEL=DIR or LABEL=DIR:block-sw`);
    return { label: m[1]!, dist: path.resolve(m[2]!), serviceWorkers: m[3] ? 'block' : 'allow' };
  });
}

async function oneRun(base: string, buildLabel: string, query: string, viewport: Viewport, timeoutMs: number, serviceWorkers: 'allow' | 'block'): Promise<RunResult> {
  const profile = mkdtempSync(path.join(tmpdir(), 'akconv-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['AKCONV_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport,
    serviceWorkers,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript({ content: PROBE });
    const swFetches: { url: string; kB: number; startMs: number; endMs: number }[] = [];
    context.on('requestfinished', (request) => {
      if (!request.serviceWorker()) return;
      void request.sizes().then(
        (sizes) => {
          const t = request.timing();
          swFetches.push({ url: request.url(), kB: sizes.responseBodySize / 1024, startMs: t.startTime, endMs: t.startTime + t.responseEnd });
        },
        () => undefined,
      );
    });
    const workers: Worker[] = [];
    page.on('worker', (w) => workers.push(w));
    await page.goto(`${base}/${query}`);
    await page.waitForFunction(() => (window as unknown as { __firstLoad: Probe }).__firstLoad.firstResultAt !== null, undefined, { timeout: timeoutMs, polling: 100 });
    const firstAt = await page.evaluate(() => (window as unknown as { __firstLoad: Probe }).__firstLoad.firstResultAt!);
    // Layout shifts over the 2 s after the first result: wait on the page's clock, not a sleep here.
    await page.waitForFunction((t) => performance.now() >= t + 2000, firstAt, { timeout: timeoutMs });
    const measured = await page.evaluate(() => {
      const probe = (window as unknown as { __firstLoad: Probe }).__firstLoad;
      const scripts = performance
        .getEntriesByType('resource')
        .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && (e.initiatorType === 'script' || /\.m?js(\?|$)/.test(e.name)))
        .map((e) => ({ url: e.name, kB: e.decodedBodySize / 1024, start: e.startTime, end: e.responseEnd }));
      const engine = (globalThis as unknown as { __akconv?: { engine?: () => { startup?: unknown } } }).__akconv?.engine?.();
      const mark = performance.getEntriesByName('akconv:first-result')[0]?.startTime ?? null;
      return { probe, scripts, mark, startup: (engine?.startup ?? null) as EngineStartup | null, timeOrigin: performance.timeOrigin };
    });
    const { probe, scripts, mark, startup, timeOrigin } = measured;
    const workerUrls = new Set(workers.map((w) => w.url()));
    const workerTimelines = await Promise.all(
      workers.map((w) =>
        w
          .evaluate(() => ({
            origin: performance.timeOrigin,
            entries: performance.getEntriesByType('resource').map((e) => ({ url: e.name, kB: (e as PerformanceResourceTiming).decodedBodySize / 1024, start: e.startTime, end: e.startTime + e.duration })),
          }))
          .catch(() => null),
      ),
    );
    const workerFetches = workerTimelines.flatMap((t) => (t ? t.entries.map((e) => ({ url: new URL(e.url).pathname, kB: round(e.kB, 1), startMs: round(t.origin + e.start - timeOrigin, 0), endMs: round(t.origin + e.end - timeOrigin, 0) })) : []));
    const ownScripts = scripts.filter((s) => !workerUrls.has(s.url));
    const workerScripts = scripts.filter((s) => workerUrls.has(s.url));
    const firstResultMs = probe.firstResultAt!;
    const sum = (xs: { value: number }[]) => xs.reduce((a, s) => a + s.value, 0);
    const tasks = probe.longtasks.filter((t) => t.at < firstResultMs).map((t) => round(t.ms, 0));
    const sinceNav = (epoch: number) => round(epoch - timeOrigin, 0);
    return {
      build: buildLabel,
      viewport: `${viewport.width}x${viewport.height}`,
      firstResultMs: round(firstResultMs, 0),
      firstResultMarkMs: mark === null ? null : round(mark, 0),
      boxes: probe.firstResult?.boxes ?? null,
      clsBeforeResult: round(sum(probe.shifts.filter((s) => s.at <= firstResultMs)), 4),
      clsTo2sAfter: round(sum(probe.shifts.filter((s) => s.at <= firstResultMs + 2000)), 4),
      longTasksBeforeResultMs: tasks,
      longestTaskBeforeResultMs: Math.max(0, ...tasks),
      pageScriptKB: round(ownScripts.reduce((a, s) => a + s.kB, 0), 1),
      pageScripts: ownScripts.map((s) => ({ url: new URL(s.url).pathname, kB: round(s.kB, 1) })),
      workerScriptKB: round([...workerScripts, ...workerFetches.filter((f) => /\.m?js$/.test(f.url))].reduce((a, s) => a + s.kB, 0), 1),
      workerFetches: [...workerScripts.map((s) => ({ url: new URL(s.url).pathname, kB: round(s.kB, 1), startMs: round(s.start, 0), endMs: round(s.end, 0) })), ...workerFetches],
      serviceWorkerFetches: swFetches.map((f) => ({ url: new URL(f.url).pathname, kB: round(f.kB, 1), startMs: sinceNav(f.startMs), endMs: sinceNav(f.endMs) })).sort((a, b) => a.startMs - b.startMs),
      engineMessagesBeforeResult: probe.engineMessages,
      tourOpened: probe.tourAt !== null,
      engine: startup
        ? {
            threadOriginMs: sinceNav(startup.threadOrigin),
            marks: Object.fromEntries(startup.marks.map((m) => [m.name, sinceNav(m.at)])),
            spans: Object.fromEntries(startup.spans.map((s) => [s.stage, { startMs: sinceNav(s.start), endMs: sinceNav(s.end), ms: round(s.end - s.start, 0) }])),
          }
        : null,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function stat(xs: number[]): { median: number; min: number; max: number } {
  return { median: round(quantile(xs, 0.5), 4), min: round(Math.min(...xs), 4), max: round(Math.max(...xs), 4) };
}

/** Median and range per metric, per build and viewport, and the engine's split (medians). */
function summarise(runs: RunResult[]) {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) groups.set(`${r.build} ${r.viewport}`, [...(groups.get(`${r.build} ${r.viewport}`) ?? []), r]);
  return [...groups.entries()].map(([key, rs]) => {
    const spans = new Set(rs.flatMap((r) => Object.keys(r.engine?.spans ?? {})));
    const marks = new Set(rs.flatMap((r) => Object.keys(r.engine?.marks ?? {})));
    const median = (xs: (number | undefined)[]) => round(quantile(xs.filter((x): x is number => x !== undefined), 0.5), 0);
    return {
      key,
      runs: rs.length,
      firstResultMs: stat(rs.map((r) => r.firstResultMs)),
      clsBeforeResult: stat(rs.map((r) => r.clsBeforeResult)),
      clsTo2sAfter: stat(rs.map((r) => r.clsTo2sAfter)),
      longestTaskBeforeResultMs: stat(rs.map((r) => r.longestTaskBeforeResultMs)),
      longTasksBeforeResult: stat(rs.map((r) => r.longTasksBeforeResultMs.length)),
      pageScriptKB: stat(rs.map((r) => r.pageScriptKB)),
      workerScriptKB: stat(rs.map((r) => r.workerScriptKB)),
      serviceWorkerKBBeforeResult: stat(rs.map((r) => round(r.serviceWorkerFetches.filter((f) => f.startMs < r.firstResultMs).reduce((a, f) => a + f.kB, 0), 0))),
      engineSnapshotsBeforeResult: stat(rs.map((r) => r.engineMessagesBeforeResult['snapshot'] ?? 0)),
      tourOpened: rs.filter((r) => r.tourOpened).length,
      engineMedianMsSinceNavigation: {
        threadOrigin: median(rs.map((r) => r.engine?.threadOriginMs)),
        marks: Object.fromEntries([...marks].map((m) => [m, median(rs.map((r) => r.engine?.marks[m]))])),
        spans: Object.fromEntries(
          [...spans].map((s) => [s, { start: median(rs.map((r) => r.engine?.spans[s]?.startMs)), end: median(rs.map((r) => r.engine?.spans[s]?.endMs)), ms: median(rs.map((r) => r.engine?.spans[s]?.ms)) }]),
        ),
      },
    };
  });
}

async function main(): Promise<void> {
  const args = parse();
  const builds: Build[] = [];
  let temp: string | null = null;
  if (args.builds) builds.push(...parseBuilds(args.builds));
  else if (args.dist) builds.push({ label: args.label, dist: path.resolve(args.dist), serviceWorkers: args.serviceWorkers });
  else {
    temp = mkdtempSync(path.join(tmpdir(), 'akconv-dist-'));
    await build({ root: REPO_ROOT, logLevel: 'error', build: { outDir: temp, emptyOutDir: true } });
    builds.push({ label: args.label, dist: temp, serviceWorkers: args.serviceWorkers });
  }
  if (args.compare) builds.push({ label: args['compare-label'], dist: path.resolve(args.compare), serviceWorkers: args.serviceWorkers });
  const servers = await Promise.all(builds.map((b) => serve(b.dist)));
  const runs: RunResult[] = [];
  try {
    for (let i = 0; i < args.runs; i++) {
      for (const viewport of args.viewports) {
        // A B, then B A (with more builds, rotated too): drift in the shared machine's load hits every build alike.
        const rotated = builds.map((_, j) => (j + Math.floor(i / 2)) % builds.length);
        const order = i % 2 === 0 ? rotated : [...rotated].reverse();
        for (const j of order) {
          const r = await oneRun(servers[j]!.base, builds[j]!.label, args.query, viewport, args.timeoutMs, builds[j]!.serviceWorkers);
          runs.push(r);
          console.error(`${r.build} ${r.viewport} run ${i + 1}: first result ${r.firstResultMs} ms, CLS ${r.clsTo2sAfter}, longest task ${r.longestTaskBeforeResultMs} ms, page JS ${r.pageScriptKB} kB`);
        }
      }
    }
  } finally {
    await Promise.all(servers.map(({ server }) => new Promise<void>((resolve) => server.httpServer.close(() => resolve()))));
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', note: 'shared with other agents working at the same time: timings are noisy' },
    browser: DEFAULT_CHROMIUM_PATH,
    query: args.query,
    builds: builds.map((b) => ({ label: b.label, serviceWorkers: b.serviceWorkers })),
    runsPerViewport: args.runs,
    summary: summarise(runs),
    runs,
  };
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify({ date: report.date, query: report.query, summary: report.summary }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
