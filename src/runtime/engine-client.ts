/**
 * The UI's handle on the engine: settings in, frames in, a snapshot out
 * (`subscribe` / `getSnapshot`, the shape `useSyncExternalStore` reads). The
 * engine runs in a module worker; where the browser lacks what that needs
 * (no Worker, no OffscreenCanvas) or the worker fails to start, the same
 * engine core runs on the main thread behind this same interface, and the
 * snapshot's `thread` says so and why.
 */
import type { EngineEnvironment } from './diagnostics';
import { adoptEarlyWorker, ENGINE_WORKER_NAME } from './early-worker';
import type { EngineCore, EngineEvents, FramePixels } from './engine-core';
import { markFirstResult } from './first-result';
import type { EngineNotice, EngineSettings, EngineSnapshot, ExportedVideo, FrameKind, FrameResult, FromEngine, ModelInfo, ToEngine } from './protocol';

export interface Engine {
  subscribe(listener: () => void): () => void;
  getSnapshot(): EngineSnapshot;
  configure(settings: EngineSettings): void;
  /**
   * Detects a frame (a bitmap, transferred or closed; or a photo's file,
   * decoded where the engine runs); resolves with its result once it is done,
   * or null when it was dropped (a newer live frame took its turn) or no
   * model could run it.
   */
  detect(kind: FrameKind, frame: ImageBitmap | VideoFrame | Blob): Promise<FrameResult | null>;
  /** Frames sent and not yet done or dropped. */
  readonly pending: number;
  /**
   * Resolves with the model the file became (the main model now), or null
   * when it failed (a notice says why); `config` is the YAML for a
   * weights-only `.pt`.
   */
  loadFile(file: File, config?: File | null): Promise<ModelInfo | null>;
  timeLayers(): void;
  onNotice(listener: (notice: EngineNotice) => void): () => void;
  /** What the engine's thread sees of the machine (diagnostics). */
  diagnose(): Promise<EngineEnvironment>;
  /**
   * An annotated copy of a video file, every `stride`-th frame (video-export.ts):
   * `done` resolves with it, or null once cancelled, and rejects with the reason it failed.
   */
  exportVideo(file: Blob, name: string, stride: number, onProgress: ExportProgress): VideoExportJob;
}

export type ExportProgress = (fraction: number, frames: number) => void;

export interface VideoExportJob {
  done: Promise<ExportedVideo | null>;
  cancel(): void;
}

const INITIAL: EngineSnapshot = { thread: { kind: 'worker', reason: null }, backend: null, busy: null, main: null, compare: null, latest: null, frames: 0, fps: null, forwardCount: 0, numTensors: 0, layerTimes: null };

/** Snapshot and listeners, shared by both ways of running the engine. */
class Hub {
  snapshot: EngineSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private readonly noticeListeners = new Set<(n: EngineNotice) => void>();

  set(snapshot: EngineSnapshot): void {
    if (snapshot.latest && !this.snapshot.latest) markFirstResult();
    this.snapshot = snapshot;
    this.listeners.forEach((l) => l());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onNotice = (listener: (n: EngineNotice) => void): (() => void) => {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  };

  notice(n: EngineNotice): void {
    this.noticeListeners.forEach((l) => l(n));
  }
}

/** What both implementations do with frames and files. */
interface Backend {
  configure(settings: EngineSettings): void;
  detect(frameId: number, kind: FrameKind, frame: ImageBitmap | VideoFrame | Blob): Promise<FrameResult | null>;
  loadFile(bytes: ArrayBuffer, name: string, configYaml?: string): Promise<ModelInfo | null>;
  timeLayers(): void;
  diagnose(): Promise<EngineEnvironment>;
  exportVideo(jobId: number, file: Blob, name: string, stride: number, onProgress: ExportProgress): Promise<ExportedVideo | null>;
  cancelExport(jobId: number): void;
}

/**
 * A snapshot from the worker is a fresh copy of every part: keep the previous
 * object where a part did not change, so React re-renders only what did (and
 * memoised work on, say, the model's config is not redone per frame).
 */
function keepUnchanged(prev: EngineSnapshot, next: EngineSnapshot): EngineSnapshot {
  const merged: Record<string, unknown> = { ...next };
  for (const key of Object.keys(next) as (keyof EngineSnapshot)[]) {
    const a = prev[key];
    const b = next[key];
    if (key !== 'latest' && a !== b && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b)) merged[key] = a;
  }
  return merged as unknown as EngineSnapshot;
}

class WorkerBackend implements Backend {
  private readonly frames = new Map<number, (result: FrameResult | null) => void>();
  /** Results that came (by transfer, before their frame-done), by frame id, until their frame is done. */
  private readonly results = new Map<number, FrameResult>();
  private readonly files = new Map<string, (info: ModelInfo | null) => void>();
  private readonly diagnoses: { resolve(environment: EngineEnvironment): void; reject(e: Error): void }[] = [];
  private readonly exports = new Map<number, { onProgress: ExportProgress; settle(m: Extract<FromEngine, { type: 'export-done' }>): void }>();

  constructor(
    private readonly worker: Worker,
    hub: Hub,
  ) {
    let latest: EngineSnapshot['latest'] = null;
    worker.addEventListener('message', (e: MessageEvent<FromEngine>) => {
      const m = e.data;
      if (m.type === 'snapshot') hub.set(keepUnchanged(hub.snapshot, { ...m.snapshot, latest }));
      else if (m.type === 'result') {
        latest = m.result;
        if (latest && this.frames.has(latest.frameId)) this.results.set(latest.frameId, latest);
        hub.set({ ...hub.snapshot, latest });
      } else if (m.type === 'notice') hub.notice(m.notice);
      else if (m.type === 'frame-done') {
        const result = this.results.get(m.frameId) ?? null;
        this.results.delete(m.frameId);
        this.frames.get(m.frameId)?.(m.detected ? result : null);
        this.frames.delete(m.frameId);
      } else if (m.type === 'export-progress') this.exports.get(m.jobId)?.onProgress(m.fraction, m.frames);
      else if (m.type === 'export-done') {
        this.exports.get(m.jobId)?.settle(m);
        this.exports.delete(m.jobId);
      } else if (m.type === 'file-loaded') {
        this.files.get(m.name)?.(m.info);
        this.files.delete(m.name);
      } else if (m.type === 'diagnostics') this.diagnoses.shift()?.resolve(m.environment);
    });
  }

  private send(m: ToEngine, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  configure(settings: EngineSettings): void {
    this.send({ type: 'configure', settings });
  }

  detect(frameId: number, kind: FrameKind, frame: ImageBitmap | VideoFrame | Blob): Promise<FrameResult | null> {
    return new Promise((resolve) => {
      this.frames.set(frameId, resolve);
      // A bitmap is transferred; a Blob is cloned (a reference to the same bytes, not a copy).
      this.send({ type: 'frame', frameId, kind, bitmap: frame }, frame instanceof Blob ? [] : [frame]);
    });
  }

  loadFile(bytes: ArrayBuffer, name: string, configYaml?: string): Promise<ModelInfo | null> {
    return new Promise((resolve) => {
      this.files.set(name, resolve);
      this.send({ type: 'load-file', bytes, name, ...(configYaml !== undefined ? { configYaml } : {}) }, [bytes]);
    });
  }

  timeLayers(): void {
    this.send({ type: 'time-layers' });
  }

  /** The worker answers diagnoses in the order asked. */
  diagnose(): Promise<EngineEnvironment> {
    return new Promise((resolve, reject) => {
      this.diagnoses.push({ resolve, reject });
      this.send({ type: 'diagnose' });
    });
  }

  exportVideo(jobId: number, file: Blob, name: string, stride: number, onProgress: ExportProgress): Promise<ExportedVideo | null> {
    return new Promise((resolve, reject) => {
      this.exports.set(jobId, { onProgress, settle: (m) => (m.error !== null ? reject(new Error(m.error)) : resolve(m.video)) });
      this.send({ type: 'export-video', jobId, file, name, stride });
    });
  }

  cancelExport(jobId: number): void {
    this.send({ type: 'cancel-export', jobId });
  }

  /** Frames the worker will never answer (it failed): let their senders go on. */
  abandon(): void {
    this.frames.forEach((resolve) => resolve(null));
    this.frames.clear();
    this.results.clear();
    this.files.forEach((resolve) => resolve(null));
    this.files.clear();
    this.diagnoses.splice(0).forEach((d) => d.reject(new Error('the engine worker failed to start')));
    this.exports.forEach((e) => e.settle({ type: 'export-done', jobId: 0, video: null, error: 'the engine worker stopped' }));
    this.exports.clear();
  }
}

/** What a core in this thread needs besides itself (the worker's script has the same, statically). */
interface LocalParts {
  pixels(frame: ImageBitmap | VideoFrame | Blob): Promise<FramePixels>;
  diagnose(): Promise<EngineEnvironment>;
  /** The error a cancelled export rejects with (video-export.ts). */
  isCancelled(e: unknown): boolean;
}

/** An engine core on this thread behind the same interface as the worker. */
function localBackend<M>(core: EngineCore<M>, parts: LocalParts): Backend {
  const exports = new Map<number, AbortController>();
  return {
    exportVideo: (jobId, file, name, stride, onProgress) => {
      const abort = new AbortController();
      exports.set(jobId, abort);
      return core
        .exportVideo(file, name, { stride, onProgress, signal: abort.signal })
        .catch((e: unknown) => {
          if (parts.isCancelled(e)) return null;
          throw e;
        })
        .finally(() => exports.delete(jobId));
    },
    cancelExport: (jobId) => exports.get(jobId)?.abort(),
    configure: (settings) => core.configure(settings),
    detect: async (frameId, kind, frame) => core.detectFrame(frameId, kind, await parts.pixels(frame)),
    loadFile: (bytes, name, configYaml) => core.loadFile(new Uint8Array(bytes), name, configYaml),
    timeLayers: () => void core.timeLayers(),
    diagnose: () => parts.diagnose(),
  };
}

/**
 * The engine core on the main thread, loaded on demand: a dynamic import, so
 * tfjs stays out of the scripts the page loads up front (the worker bundles
 * its own; test/architecture/imports.test.ts keeps every static import of
 * the page clear of tfjs).
 */
async function mainThreadBackend(hub: Hub, reason: string): Promise<Backend> {
  const [{ EngineCore }, { tfDevice }, { framePixels }, { gatherEnvironment }, { ExportCancelled }, { startupTimeline }] = await Promise.all([
    import('./engine-core'),
    import('./tf-device'),
    import('./frame-pixels'),
    import('./diagnostics'),
    import('./video-export'),
    import('./startup-timeline'),
  ]);
  const core = new EngineCore(tfDevice, { snapshot: (s) => hub.set(startupTimeline.stamp(s)), notice: (n) => hub.notice(n) }, { kind: 'main', reason });
  return localBackend(core, { pixels: framePixels, diagnose: gatherEnvironment, isCancelled: (e) => e instanceof ExportCancelled });
}

/**
 * An engine over a core made here, on this thread, with any device: what
 * lets a panel render in a Node test over `EngineCore` and a fake device
 * (the app itself uses `createEngine`).
 */
export function createLocalEngine<M>(makeCore: (events: EngineEvents) => EngineCore<M>, parts: LocalParts): Engine {
  const hub = new Hub();
  const core = makeCore({ snapshot: (s) => hub.set(s), notice: (n) => hub.notice(n) });
  hub.snapshot = core.snapshot();
  const backend = Promise.resolve(localBackend(core, parts));
  return engineOver(hub, () => backend, () => undefined);
}

/** Why the worker path cannot run here, or null when it can. */
function workerMissing(): string | null {
  if (typeof Worker === 'undefined') return 'this browser has no Web Workers';
  if (typeof OffscreenCanvas === 'undefined') return 'this browser has no OffscreenCanvas';
  return null;
}

export function createEngine(options: { forceMainThread?: string } = {}): Engine {
  const hub = new Hub();
  let settings: EngineSettings | null = null;
  let backend: Promise<Backend>;

  const fallBack = (reason: string) => {
    backend = mainThreadBackend(hub, reason).then((b) => {
      if (settings) b.configure(settings);
      return b;
    });
  };

  const missing = options.forceMainThread ?? workerMissing();
  // index.html may have started the worker already (production builds): take it, or stop it when the engine runs here.
  const early = adoptEarlyWorker();
  if (missing) {
    early?.worker.terminate();
    fallBack(missing);
  } else {
    const worker = early?.worker ?? new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: ENGINE_WORKER_NAME });
    const workerBackend = new WorkerBackend(worker, hub);
    backend = Promise.resolve(workerBackend);
    let ready = false;
    worker.addEventListener('message', (e: MessageEvent<FromEngine>) => void (e.data.type === 'ready' && (ready = true)));
    worker.addEventListener('error', (e) => {
      if (ready) return;
      e.preventDefault();
      worker.terminate();
      workerBackend.abandon();
      fallBack(`the engine worker failed to start (${e.message || 'no reason given'})`);
    });
    if (early) {
      // What it sent before these listeners existed, in order, as if it had arrived now.
      worker.onmessage = null;
      worker.onerror = null;
      for (const e of early.events) worker.dispatchEvent(e instanceof MessageEvent ? new MessageEvent('message', { data: e.data as unknown }) : new ErrorEvent('error', { message: (e as ErrorEvent).message, cancelable: true }));
    }
  }

  // The backend is read at each call: a worker that fails to start is replaced by the main-thread core.
  return engineOver(hub, () => backend, (next) => (settings = next));
}

/** The Engine interface over a backend (the worker's, or a core on this thread); `remember` keeps the settings for a fallback. */
function engineOver(hub: Hub, current: () => Promise<Backend>, remember: (settings: EngineSettings) => void): Engine {
  let nextFrame = 1;
  let nextExport = 1;
  let pending = 0;
  return {
    subscribe: hub.subscribe,
    getSnapshot: () => hub.snapshot,
    onNotice: hub.onNotice,
    get pending() {
      return pending;
    },
    configure(next) {
      remember(next);
      void current().then((b) => b.configure(next));
    },
    async detect(kind, bitmap) {
      pending++;
      try {
        return await (await current()).detect(nextFrame++, kind, bitmap);
      } finally {
        pending--;
      }
    },
    async loadFile(file, config) {
      const configYaml = config ? await config.text() : undefined;
      return (await current()).loadFile(await file.arrayBuffer(), file.name, configYaml);
    },
    timeLayers() {
      void current().then((b) => b.timeLayers());
    },
    async diagnose() {
      return (await current()).diagnose();
    },
    exportVideo(file, name, stride, onProgress) {
      const jobId = nextExport++;
      return {
        done: current().then((b) => b.exportVideo(jobId, file, name, stride, onProgress)),
        cancel: () => void current().then((b) => b.cancelExport(jobId)),
      };
    },
  };
}
