import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/runtime/engine-client';
import { adoptEarlyWorker, EARLY_WORKER_GLOBAL, earlyWorkerScript, ENGINE_WORKER_NAME, type EarlyWorker } from '../../src/runtime/early-worker';
import type { EngineSnapshot } from '../../src/runtime/protocol';
import { ENGINE_SETTINGS } from './fake-device';

/** A worker that records what it is sent and lets the test deliver its messages. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  readonly sent: unknown[] = [];
  terminated = false;
  onmessage: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  constructor(
    readonly url: string | URL,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.made.push(this);
  }
  postMessage(m: unknown): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** What a real worker does with an arriving message: its on-handler, then its listeners. */
  deliver(e: Event): void {
    if (e.type === 'message') this.onmessage?.(e);
    if (e.type === 'error') this.onerror?.(e);
    this.dispatchEvent(e);
  }
}

const SNAPSHOT: EngineSnapshot = { thread: { kind: 'worker', reason: null }, backend: null, busy: null, main: null, compare: null, latest: null, frames: 7, fps: null, forwardCount: 0, numTensors: 0, layerTimes: null };

/** Runs the starter index.html gets, in a scope of its own with FakeWorker as Worker. */
function runStarter(url: string): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  new Function('window', 'Worker', earlyWorkerScript(url))(scope, FakeWorker);
  return scope;
}

const globals = globalThis as unknown as Record<string, unknown>;

afterEach(() => {
  FakeWorker.made = [];
  delete globals[EARLY_WORKER_GLOBAL];
  delete globals['Worker'];
  delete globals['OffscreenCanvas'];
});

describe('the early engine worker', () => {
  it("starts the module worker at the build's URL and keeps what it sends until adopted", () => {
    const scope = runStarter('/sub/assets/engine.worker-abc.js');
    const early = scope[EARLY_WORKER_GLOBAL] as EarlyWorker;
    const worker = FakeWorker.made[0]!;
    expect(early.worker).toBe(worker);
    expect([worker.url, worker.options]).toEqual(['/sub/assets/engine.worker-abc.js', { type: 'module', name: ENGINE_WORKER_NAME }]);
    worker.deliver(new MessageEvent('message', { data: { type: 'ready' } }));
    const error = new Event('error', { cancelable: true });
    worker.deliver(error);
    expect(early.events.map((e) => e.type)).toEqual(['message', 'error']);
    // Kept, not reported as an uncaught worker error before the page can decide what to do.
    expect(error.defaultPrevented).toBe(true);
  });

  it('is adopted once: the global is gone afterwards, and without one there is nothing to adopt', () => {
    const scope = runStarter('/w.js');
    expect(adoptEarlyWorker(scope)?.worker).toBe(FakeWorker.made[0]);
    expect(EARLY_WORKER_GLOBAL in scope).toBe(false);
    expect(adoptEarlyWorker(scope)).toBeNull();
  });

  it('leaves the page to start its own worker where the starter could not', () => {
    const scope: Record<string, unknown> = {};
    new Function('window', 'Worker', earlyWorkerScript('/w.js'))(scope, function NoWorker() {
      throw new Error('no module workers here');
    });
    expect(adoptEarlyWorker(scope)).toBeNull();
  });

  it('createEngine takes the early worker instead of starting a second, and replays what it sent first', () => {
    globals['Worker'] = FakeWorker;
    globals['OffscreenCanvas'] = class {};
    Object.assign(globals, runStarter('/assets/engine.worker-abc.js'));
    const worker = FakeWorker.made[0]!;
    worker.deliver(new MessageEvent('message', { data: { type: 'ready' } }));
    worker.deliver(new MessageEvent('message', { data: { type: 'snapshot', snapshot: SNAPSHOT } }));
    const engine = createEngine();
    expect(FakeWorker.made).toHaveLength(1);
    expect(engine.getSnapshot().frames).toBe(7);
    engine.configure(ENGINE_SETTINGS);
    return Promise.resolve().then(() => {
      expect(worker.sent).toEqual([{ type: 'configure', settings: ENGINE_SETTINGS }]);
      // Messages after adoption go straight to the engine, not to the starter's buffer.
      worker.deliver(new MessageEvent('message', { data: { type: 'snapshot', snapshot: { ...SNAPSHOT, frames: 8 } } }));
      expect(engine.getSnapshot().frames).toBe(8);
    });
  });

  it('stops the early worker when the engine is told to run on the page', async () => {
    Object.assign(globals, runStarter('/w.js'));
    const engine = createEngine({ forceMainThread: 'asked for with ?engine=main' });
    expect(FakeWorker.made[0]?.terminated).toBe(true);
    // Let the page-side engine finish loading its modules before the test environment goes.
    await engine.diagnose().catch(() => undefined);
  });
});
