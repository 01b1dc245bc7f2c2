/**
 * The soak's runner: serves a production build with `vite preview`, opens
 * it in Debian's Chromium (fake camera, service workers blocked), draws
 * `actions` actions from the seeded catalogue and checks every invariant
 * after each one. Violations are recorded at their onset (an invariant that
 * stays broken over several actions is one violation, and its count of
 * failing actions), with the actions that led to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { decodeSettings } from '../../src/state/url';
import { TOUR_STORAGE_KEY } from '../../src/ui/tour/tour-storage';
import { buildOnce } from '../../test/browser/app-harness';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, REPO_ROOT } from '../../test/browser/harness';
import type { Action, ActionContext, ActionKind, ActionResult } from './actions';
import { ACTIONS } from './actions';
import type { Failure, Invariant } from './invariants';
import { BOUNDS, expectsLiveFrames, mediaFailures, snapshotFailures } from './invariants';
import type { SoakInputs } from './inputs';
import { loadInputs } from './inputs';
import type { PageSnapshot, PlayingVideo } from './instrument';
import { PAGE_INSTRUMENTATION } from './instrument';
import { Prng } from './prng';

export interface SoakOptions {
  actions: number;
  seed: number;
  /** A production build to serve; without it, the app is built into dist-test/ (reused while its inputs are unchanged). */
  dist?: string;
  /** The query every document starts from. */
  startQuery?: string;
  /** Run exactly these action kinds in this order (values still drawn from the seed) instead of drawing them: a reproduction. */
  sequence?: readonly ActionKind[];
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface Violation {
  action: number;
  kind: ActionKind | 'start';
  detail: string;
  invariant: Invariant;
  message: string;
  /** The actions before it, oldest first: "index kind: detail". */
  trail: string[];
}

export interface Checkpoint {
  action: number;
  doc: string;
  ownModel: string | null;
  tensors: number;
  baselineTensors: number;
  heapMb: number;
  baselineHeapMb: number;
}

export interface SoakSummary {
  seed: number;
  actions: number;
  startQuery: string;
  bounds: typeof BOUNDS;
  actionsRun: Partial<Record<ActionKind, number>>;
  violations: Violation[];
  /** Onsets per invariant. */
  violationsByInvariant: Partial<Record<Invariant, number>>;
  /** Actions after which each invariant failed (an onset and the actions it stayed broken). */
  failingActionsByInvariant: Partial<Record<Invariant, number>>;
  checkpoints: Checkpoint[];
  maxTensors: number;
  maxHeapMb: number;
  timings: {
    buildMs: number;
    startMs: number;
    totalMs: number;
    perAction: { medianMs: number; p95Ms: number; maxMs: number };
    byKind: Partial<Record<ActionKind, { count: number; meanMs: number; maxMs: number }>>;
  };
}

const DEFAULT_START = 'backend=wasm&size=160';
/** Invariants that describe a state: one that stays broken is one violation until it holds again. */
const STATEFUL: ReadonlySet<Invariant> = new Set<Invariant>([
  'blank-page',
  'camera-live-when-stopped',
  'hidden-media-playing',
  'frames-stalled',
  'still-not-detected',
  'link-mismatch',
  'link-refused',
  'ui-mismatch',
  'notice-sentences',
  'tensors-unbounded',
  'heap-unbounded',
]);

const SKIP_TOUR = `try { if (localStorage.getItem(${JSON.stringify(TOUR_STORAGE_KEY)}) === null) localStorage.setItem(${JSON.stringify(TOUR_STORAGE_KEY)}, 'seen'); } catch {}`;
const POLL = { polling: 100 } as const;

const now = (): number => performance.now();
const message = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e));

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function serve(dist: string): Promise<{ server: PreviewServer; root: string }> {
  const server = await preview({ root: REPO_ROOT, logLevel: 'error', preview: { port: 0, host: '127.0.0.1', strictPort: false }, build: { outDir: dist } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview has no port');
  return { server, root: `http://127.0.0.1:${address.port}/` };
}

async function launch(profile: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['AKCONV_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    permissions: ['camera', 'clipboard-read', 'clipboard-write'],
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 900 },
  });
  await context.addInitScript({ content: SKIP_TOUR });
  await context.addInitScript({ content: PAGE_INSTRUMENTATION });
  return context;
}

/** The page's snapshot; retried while a navigation replaces the document under it. */
async function snapshotOf(page: Page): Promise<PageSnapshot> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.waitForLoadState('load', { timeout: 30_000 });
      return (await page.evaluate('globalThis.__soak.snapshot()')) as PageSnapshot;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

class Soak {
  private readonly rng: Prng;
  private readonly errors: string[] = [];
  private readonly cdp = new WeakMap<Page, CDPSession>();
  private readonly baselines = new Map<string, { tensors: number; heapMb: number }>();
  private readonly failingBefore = new Set<Invariant>();
  private readonly history: string[] = [];
  readonly summary: SoakSummary;
  private page!: Page;
  private inputs!: SoakInputs;
  private actionIndex = -1;

  constructor(
    private readonly context: BrowserContext,
    private readonly root: string,
    private readonly opts: Required<Pick<SoakOptions, 'actions' | 'seed' | 'startQuery'>> & Pick<SoakOptions, 'log'>,
  ) {
    this.rng = new Prng(opts.seed);
    this.summary = {
      seed: opts.seed,
      actions: opts.actions,
      startQuery: opts.startQuery,
      bounds: BOUNDS,
      actionsRun: {},
      violations: [],
      violationsByInvariant: {},
      failingActionsByInvariant: {},
      checkpoints: [],
      maxTensors: 0,
      maxHeapMb: 0,
      timings: { buildMs: 0, startMs: 0, totalMs: 0, perAction: { medianMs: 0, p95Ms: 0, maxMs: 0 }, byKind: {} },
    };
    context.on('page', (p) => this.watch(p));
  }

  private watch(page: Page): void {
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  async start(): Promise<void> {
    this.page = await this.context.newPage();
    await this.page.goto(`${this.root}?${this.opts.startQuery}`, { waitUntil: 'load', timeout: 60_000 });
    this.inputs = await loadInputs(REPO_ROOT, this.page);
    const failures = [...(await this.settle(this.page)), ...(await this.checkpoint())];
    await this.record('start', 'open the starting link', failures);
  }

  private actionContext(): ActionContext {
    return {
      page: this.page,
      rng: this.rng,
      inputs: this.inputs,
      root: this.root,
      startQuery: this.opts.startQuery,
      snapshot: (page) => snapshotOf(page ?? this.page),
      settle: (page) => this.settle(page),
      newPage: async (url) => {
        const page = await this.context.newPage();
        await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        return page;
      },
      checkpoint: () => this.checkpoint(),
    };
  }

  /** Waits for the app (its debug hook) and then for its engine to hold a model and be idle. */
  async settle(page: Page): Promise<Failure[]> {
    try {
      await page.waitForLoadState('load', { timeout: 30_000 });
      await page.waitForFunction('!!globalThis.__akconv', undefined, { ...POLL, timeout: 20_000 });
    } catch {
      return []; // No app: the blank-page invariant says so.
    }
    try {
      await page.evaluate('delete globalThis.__soakIdle');
      // Idle for 300 ms running: an action's settings reach the engine (a message to its worker) before it says busy.
      await page.waitForFunction(
        `(() => { const e = globalThis.__akconv.engine(); const t = performance.now(); const w = globalThis.__soakIdle ??= { since: t };
          if (e.busy || !e.main) { w.since = t; return false; } if (t - w.since < 300) return false; delete globalThis.__soakIdle; return true; })()`,
        undefined,
        { ...POLL, timeout: BOUNDS.settleMs },
      );
      return [];
    } catch (e) {
      const snap = await snapshotOf(page).catch(() => null);
      return [{ invariant: 'hang', message: `the engine did not settle in ${BOUNDS.settleMs} ms (${snap?.engine ? `busy ${snap.engine.busy}, model ${snap.engine.main}` : message(e)})` }];
    }
  }

  private async session(page: Page): Promise<CDPSession> {
    let s = this.cdp.get(page);
    if (!s) {
      s = await this.context.newCDPSession(page);
      this.cdp.set(page, s);
    }
    return s;
  }

  private async heapMb(page: Page, gc: boolean): Promise<number> {
    const cdp = await this.session(page);
    if (gc) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return Math.round((usedSize / 2 ** 20) * 10) / 10;
  }

  /**
   * Every invariant, retried for BOUNDS.graceMs until all hold (those that
   * were already broken after the previous action are not waited for); then
   * live frames and the heap.
   */
  private async check(): Promise<Failure[]> {
    const deadline = now() + BOUNDS.graceMs;
    let snap: PageSnapshot;
    let playing: PlayingVideo[];
    let failures: Failure[];
    for (;;) {
      snap = await snapshotOf(this.page);
      playing = snap.hasApp ? ((await this.page.evaluate('globalThis.__soak.playingVideos(300)')) as PlayingVideo[]) : [];
      failures = [...snapshotFailures(snap), ...mediaFailures(snap, playing)];
      // Invariants already broken before this action need no grace: waiting for them would only slow the run.
      if (failures.every((f) => this.failingBefore.has(f.invariant)) || now() > deadline) break;
      // The next look (a polling interval, not a wait for the app: the deadline bounds it).
      if (!snap.hasApp) await this.page.waitForTimeout(250);
    }
    if (snap.engine) this.summary.maxTensors = Math.max(this.summary.maxTensors, snap.engine.numTensors);
    if (snap.engine && expectsLiveFrames(snap, playing)) {
      const start = snap.engine.frames;
      try {
        await this.page.waitForFunction(`globalThis.__akconv.engine().frames > ${start}`, undefined, { ...POLL, timeout: BOUNDS.liveFrameMs });
      } catch {
        const s = snap.settings as { source?: string } | null;
        failures.push({ invariant: 'frames-stalled', message: `source ${s?.source}: no frame detected in ${BOUNDS.liveFrameMs} ms (at ${start})` });
      }
    }
    if (snap.hasApp) {
      const heap = await this.heapMb(this.page, false);
      this.summary.maxHeapMb = Math.max(this.summary.maxHeapMb, heap);
      if (heap > BOUNDS.heapLimitMb) failures.push({ invariant: 'heap-unbounded', message: `JS heap ${heap} MB (limit ${BOUNDS.heapLimitMb} MB)` });
    }
    return failures;
  }

  /**
   * Back at the starting settings (the sample photo through its picker, which
   * stops a camera or video, then the rest as Back would restore them):
   * tensors and the JS heap after a GC against the first time here, per
   * document and own model file (the engine keeps the user's file loaded).
   */
  async checkpoint(): Promise<Failure[]> {
    const page = this.page;
    const start = decodeSettings(this.opts.startQuery).settings;
    const failures = await this.settle(page);
    const snap0 = await snapshotOf(page);
    if (!snap0.hasApp) return failures;
    const detect = page.locator('.panel-toggles label').filter({ hasText: /^\s*Detection\s*$/ }).locator('input');
    if (!(await detect.isChecked({ timeout: 15_000 }))) await detect.check({ timeout: 15_000 });
    await page.selectOption('select[aria-label="Sample photo"]', String(start.sample), { timeout: 15_000 });
    await page.evaluate(`globalThis.__akconv.state().replaceSettings(${JSON.stringify(start)})`);
    await page.evaluate('delete globalThis.__soakQuiet');
    failures.push(...(await this.settle(page)));
    // The still's detection has landed and no frame is in flight: frames stand still for a second.
    try {
      await page.waitForFunction(
        `(() => { const e = globalThis.__akconv.engine(); const w = globalThis.__soakQuiet ??= { n: -1, t: 0 }; const t = performance.now();
          if (e.frames !== w.n || e.busy || !e.latest) { w.n = e.frames; w.t = t; return false; } return t - w.t > 1000; })()`,
        undefined,
        { ...POLL, timeout: 60_000 },
      );
    } catch (e) {
      failures.push({ invariant: 'hang', message: `frames did not settle at the starting settings: ${message(e)}` });
    }
    await page.evaluate('delete globalThis.__soakQuiet');
    const heapMb = await this.heapMb(page, true);
    const snap = await snapshotOf(page);
    const tensors = snap.engine?.numTensors ?? 0;
    const key = `${snap.doc}|${snap.ownModelName ?? ''}`;
    const base = this.baselines.get(key) ?? { tensors, heapMb };
    this.baselines.set(key, base);
    this.summary.checkpoints.push({ action: this.actionIndex, doc: snap.doc, ownModel: snap.ownModelName, tensors, baselineTensors: base.tensors, heapMb, baselineHeapMb: base.heapMb });
    if (tensors > base.tensors + BOUNDS.tensorSlack) failures.push({ invariant: 'tensors-unbounded', message: `${tensors} tensors at the starting settings, ${base.tensors} the first time here (slack ${BOUNDS.tensorSlack})` });
    if (heapMb > base.heapMb + BOUNDS.heapSlackMb) failures.push({ invariant: 'heap-unbounded', message: `JS heap ${heapMb} MB after GC at the starting settings, ${base.heapMb} MB the first time (slack ${BOUNDS.heapSlackMb} MB)` });
    this.log(`  checkpoint: ${tensors} tensors (first ${base.tensors}), heap ${heapMb} MB (first ${base.heapMb})`);
    return failures;
  }

  private async record(kind: ActionKind | 'start', detail: string, failures: Failure[]): Promise<void> {
    const errors = this.errors.splice(0);
    const all = [...failures, ...errors.map((text) => ({ invariant: 'page-error' as const, message: text }))];
    const failingNow = new Set<Invariant>();
    const trail = this.history.slice(-6);
    for (const f of all) {
      const stateful = STATEFUL.has(f.invariant);
      if (stateful && failingNow.has(f.invariant)) continue;
      failingNow.add(f.invariant);
      const counts = this.summary.failingActionsByInvariant;
      counts[f.invariant] = (counts[f.invariant] ?? 0) + 1;
      if (stateful && this.failingBefore.has(f.invariant)) continue;
      const onsets = this.summary.violationsByInvariant;
      onsets[f.invariant] = (onsets[f.invariant] ?? 0) + 1;
      this.summary.violations.push({ action: this.actionIndex, kind, detail, invariant: f.invariant, message: f.message, trail });
      this.log(`  VIOLATION ${f.invariant}: ${f.message}`);
    }
    this.failingBefore.clear();
    for (const inv of failingNow) this.failingBefore.add(inv);
    this.history.push(`${this.actionIndex} ${kind}: ${detail}`);
  }

  async step(index: number, durations: Map<ActionKind, number[]>, given?: ActionKind): Promise<void> {
    this.actionIndex = index;
    const weights = Object.fromEntries(Object.entries(ACTIONS).map(([k, a]) => [k, a.weight])) as Record<ActionKind, number>;
    const kind = given ?? this.rng.weighted(weights);
    const t0 = now();
    const failures: Failure[] = [];
    let detail = '';
    try {
      const result: string | ActionResult = await withTimeout<string | ActionResult>((ACTIONS[kind] as Action).run(this.actionContext()), BOUNDS.actionMs, kind);
      detail = typeof result === 'string' ? result : result.detail;
      if (typeof result !== 'string' && result.failures) failures.push(...result.failures);
    } catch (e) {
      detail = detail || `(failed: ${message(e)})`;
      failures.push({ invariant: 'hang', message: `${kind}: ${message(e)}` });
    }
    failures.push(...(await this.settle(this.page)));
    try {
      failures.push(...(await this.check()));
    } catch (e) {
      failures.push({ invariant: 'hang', message: `checking the invariants: ${message(e)}` });
    }
    const ms = now() - t0;
    durations.set(kind, [...(durations.get(kind) ?? []), ms]);
    this.summary.actionsRun[kind] = (this.summary.actionsRun[kind] ?? 0) + 1;
    this.log(`#${index} ${kind}: ${detail} (${(ms / 1000).toFixed(1)} s)`);
    await this.record(kind, detail, failures);
    if (failures.some((f) => f.invariant === 'blank-page')) await this.recover();
  }

  /**
   * After a blank page, the starting link again (what a user does: retype
   * the address), so one dead document is one violation and not a hang for
   * every action after it.
   */
  private async recover(): Promise<void> {
    this.log('  (blank page: reopening the starting link)');
    try {
      await this.page.goto(`${this.root}?${this.opts.startQuery}`, { waitUntil: 'load', timeout: 60_000 });
      const failures = await this.settle(this.page);
      // The page is alive again: the next blank page (Back into the dead one) is a new violation.
      this.failingBefore.delete('blank-page');
      if (failures.length) await this.record('start', 'reopen the starting link after a blank page', failures);
    } catch (e) {
      await this.record('start', 'reopen the starting link after a blank page', [{ invariant: 'hang', message: `reopening the starting link: ${message(e)}` }]);
    }
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
}

export async function runSoak(options: SoakOptions): Promise<SoakSummary> {
  const t0 = now();
  const startQuery = options.startQuery ?? DEFAULT_START;
  const dist = options.dist ? path.resolve(options.dist) : path.join(REPO_ROOT, 'dist-test');
  if (!options.dist) await buildOnce();
  const buildMs = now() - t0;
  const { server, root } = await serve(dist);
  const profile = mkdtempSync(path.join(tmpdir(), 'akconv-soak-'));
  const context = await launch(profile);
  const soak = new Soak(context, root, { actions: options.sequence?.length ?? options.actions, seed: options.seed, startQuery, log: options.log });
  const durations = new Map<ActionKind, number[]>();
  try {
    await soak.start();
    const startMs = now() - t0 - buildMs;
    const count = options.sequence ? options.sequence.length : options.actions;
    for (let i = 0; i < count; i++) await soak.step(i, durations, options.sequence?.[i]);
    const all = [...durations.values()].flat().sort((a, b) => a - b);
    soak.summary.timings = {
      buildMs: Math.round(buildMs),
      startMs: Math.round(startMs),
      totalMs: Math.round(now() - t0),
      perAction: { medianMs: percentile(all, 0.5), p95Ms: percentile(all, 0.95), maxMs: Math.round(all[all.length - 1] ?? 0) },
      byKind: Object.fromEntries(
        [...durations].map(([k, list]) => [k, { count: list.length, meanMs: Math.round(list.reduce((a, b) => a + b, 0) / list.length), maxMs: Math.round(Math.max(...list)) }]),
      ),
    };
    return soak.summary;
  } finally {
    await context.close().catch(() => undefined);
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    rmSync(profile, { recursive: true, force: true });
  }
}
