/**
 * The engine: the one owner of the backend, the loaded models (main, A/B,
 * the user's file), their loading and warm-up, their geometry and disposal,
 * and of the frames sent to them. Every piece of device work goes through
 * one `Scheduler`, so a frame never meets a half-made model or backend.
 *
 * It runs wherever it is created: in the engine worker (`engine.worker.ts`)
 * or, where a browser cannot host that, on the main thread
 * (`engine-client.ts`), behind the same interface.
 */
import type { BundledModelId, ModelId } from '../common';
import { DEFAULT_MODEL } from '../common';
import type { ExplainSource } from '../detect/akconv-explain';
import { explainSelected } from '../detect/akconv-explain';
import type { DetectOptions, DetectResult } from '../detect/detector';
import type { RgbImage } from '../io/image';
import { chooseAuto } from './auto-backend';
import type { Device, Loaded } from './device';
import type { BackendInfo, BackendName, EngineNotice, EngineSettings, EngineSnapshot, ExplainResult, ExportedVideo, FrameDetections, FrameKind, FrameResult, ModelInfo } from './protocol';
import { LAYER_TIMING_LABEL as TIMING_LABEL } from './protocol';
import { Scheduler } from './scheduler';
import type { VideoExportOptions } from './video-export';
import { exportAnnotatedVideo } from './video-export';

/** A frame whose pixels are read only if it is detected (a dropped live frame costs nothing). */
export interface FramePixels {
  read(): RgbImage;
  /** Frees the frame's resources (an ImageBitmap); called once, whether it ran or not. */
  close(): void;
}

type Slot = 'main' | 'compare';

export interface EngineEvents {
  snapshot(snapshot: EngineSnapshot): void;
  notice(notice: EngineNotice): void;
}

const FALLBACK_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm'];

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A reason as a clause of a longer sentence: without its closing full stop (a notice is one sentence). */
const clause = (reason: string): string => reason.replace(/[.\s]+$/, '');

export class EngineCore<M> {
  private readonly scheduler = new Scheduler();
  private settings: EngineSettings | null = null;
  private readonly models: Record<Slot, Loaded<M> | null> = { main: null, compare: null };
  /** The user's own file stays loaded while it is chosen in either slot or may be chosen again. */
  private custom: Loaded<M> | null = null;
  /** The latest still frame, re-detected when a setting that changes its result changes. */
  private still: RgbImage | null = null;
  private lastLiveAt = 0;
  /** Frames queued and not yet started: a load's warm-up can leave its work to the first of them. */
  private framesWaiting = 0;
  /** `auto` chose before a model was loaded, among several candidates: race them once the main model is in. */
  private raceLater = false;
  private state: EngineSnapshot;
  /** The explainer's input map and weights from the latest frame: a new selected pixel is traced from them, with no forward pass. */
  private explainSource: ExplainSource | null = null;

  constructor(
    private readonly device: Device<M>,
    private readonly events: EngineEvents,
    thread: EngineSnapshot['thread'],
  ) {
    this.state = { thread, backend: null, busy: null, main: null, compare: null, latest: null, frames: 0, fps: null, forwardCount: 0, numTensors: 0, layerTimes: null };
  }

  snapshot(): EngineSnapshot {
    return this.state;
  }

  /** Follows new settings: starts work for what changed, in order, on the scheduler. */
  configure(next: EngineSettings): void {
    const prev = this.settings;
    this.settings = next;
    if (!prev || prev.backend !== next.backend) void this.schedule(() => this.switchBackend(next.backend));
    for (const slot of ['main', 'compare'] as const) {
      const wanted = slot === 'main' ? next.model : next.compare;
      const before = prev ? (slot === 'main' ? prev.model : prev.compare) : undefined;
      if (wanted === before) continue;
      // The download overlaps the jobs queued before the load (a backend start); custom and untrained ids have none.
      if (wanted !== null && wanted !== 'custom') this.device.prefetchBundled?.(wanted);
      void this.loadSlot(slot, wanted);
    }
    const geometryChanged = !!prev && (prev.convention !== next.convention || JSON.stringify(prev.customShape) !== JSON.stringify(next.customShape));
    if (geometryChanged) void this.schedule(async () => this.applyGeometry());
    const noiseChanged = !!prev && (prev.offsetNoise ?? 0) !== (next.offsetNoise ?? 0);
    if (noiseChanged) void this.schedule(async () => this.applyOffsetNoise());
    const sizeChanged = !!prev && prev.imageSize !== next.imageSize;
    if (sizeChanged) void this.schedule(() => this.warmAll());
    if (prev && (geometryChanged || noiseChanged || sizeChanged || resultChanged(prev, next))) this.redetectStill();
    if (prev && JSON.stringify(prev.explain) !== JSON.stringify(next.explain)) this.retrace();
  }

  /**
   * Detects a frame. Live frames share one lane (a newer one replaces a
   * waiting one); stills are never dropped and are kept for re-detection.
   * Resolves with the result, or null when the frame was dropped or no model
   * is loaded.
   */
  async detectFrame(frameId: number, kind: FrameKind, pixels: FramePixels): Promise<FrameResult | null> {
    let image: RgbImage | null = null;
    let started = false;
    this.framesWaiting++;
    try {
      const outcome = await this.scheduler.run(
        async () => {
          started = true;
          this.framesWaiting--;
          image = pixels.read();
          pixels.close();
          if (kind === 'still') this.still = image;
          else this.still = null;
          try {
            return await this.runFrame(frameId, kind, image);
          } finally {
            this.refreshTensors();
          }
        },
        kind === 'live' ? { lane: 'live' } : {},
      );
      return outcome.ran ? outcome.value : null;
    } catch (e) {
      this.notice('error', `Detection failed: ${describe(e)}`);
      return null;
    } finally {
      if (!started) this.framesWaiting--;
      if (!image) pixels.close();
    }
  }

  /**
   * Loads the user's model file as the main model (`configYaml`: the config
   * for a weights-only .pt) and resolves with its info; a file that fails to
   * load keeps the current model and resolves null.
   */
  async loadFile(bytes: Uint8Array, name: string, configYaml?: string): Promise<ModelInfo | null> {
    return this.schedule(async () => {
      try {
        const loaded = await this.device.loadBytes(bytes, name, (fraction, stage) => this.progress(name, stage, fraction), configYaml);
        const settings = this.settings;
        if (settings) this.setGeometry(loaded, settings);
        this.perturbIfUntrained(loaded);
        await this.device.warmUp(loaded.model, settings?.imageSize ?? 640, (fraction, stage) => this.progress(name, stage, fraction), this.warmUpContext());
        const previous = this.custom;
        this.custom = loaded;
        this.replace('main', loaded);
        if (previous && previous !== this.models.compare) this.device.dispose(previous.model);
        this.notice('info', `Loaded ${name} (${loaded.info.layerCount} layers).`, 'model');
        this.redetectStill();
        return loaded.info;
      } catch (e) {
        this.notice('error', `${name}: ${clause(describe(e))}; the current model stays.`, 'model');
        return null;
      } finally {
        this.update({ busy: null });
      }
    }).then((info) => info ?? null);
  }

  /** Times each layer of the main model at the input size, with the device to itself. */
  async timeLayers(): Promise<void> {
    await this.schedule(async () => {
      const main = this.models.main;
      if (!main || !this.settings) return;
      // The panel's button reads this busy state, so it comes back whether timing succeeds or fails.
      this.update({ busy: { label: TIMING_LABEL, stage: 'warm-up', fraction: 0 } });
      try {
        const layerTimes = await this.device.timeLayers(main.model, this.settings.imageSize, (fraction, stage) =>
          this.update({ busy: { label: TIMING_LABEL, stage, fraction } }),
        );
        this.update({ layerTimes });
      } catch (e) {
        this.notice('error', `Could not time the layers: ${describe(e)}`);
      } finally {
        this.update({ busy: null });
      }
    });
  }

  /**
   * An annotated copy of a video file (video-export.ts), detected with the
   * main model on the current settings. Each frame is its own job on the
   * scheduler, so loads and live frames keep their turns during a long export.
   */
  exportVideo(file: Blob, name: string, options: VideoExportOptions): Promise<ExportedVideo> {
    return exportAnnotatedVideo(file, name, (image) => this.schedule(() => this.detectForExport(image)).then((r) => r ?? null), options);
  }

  private async detectForExport(image: RgbImage): Promise<{ detections: DetectResult['detections']; names: string[]; letterbox: DetectResult['input'] } | null> {
    const { settings } = this;
    const main = this.models.main;
    if (!settings || !main) return null;
    const r = await this.device.detect(main.model, image, detectOptions(settings));
    this.update({ forwardCount: this.state.forwardCount + 1 });
    return { detections: r.detections, names: main.info.names, letterbox: r.input };
  }

  /** Resolves once every queued job has run (tests, and a clean shutdown). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  private async runFrame(frameId: number, kind: FrameKind, image: RgbImage): Promise<FrameResult | null> {
    const settings = this.settings;
    const { main, compare } = this.models;
    if (!settings || (!main && !compare)) return null;
    const options = detectOptions(settings);
    const explain = !!settings.explain?.open;
    const site = settings.offsets.open || explain ? captureSite(main?.info ?? null, settings.offsets.layer) : null;
    let fieldError: string | null = null;
    let a: DetectResult | null = null;
    if (main) {
      try {
        a = await this.device.detect(main.model, image, site ? { ...options, capture: site, ...(explain ? { explain } : {}) } : options);
      } catch (e) {
        if (!site) throw e;
        // The offsets panel's capture failed: say so there, and still detect.
        fieldError = describe(e);
        a = await this.device.detect(main.model, image, options);
      }
      this.state = { ...this.state, forwardCount: this.state.forwardCount + 1 };
    }
    const b = compare ? await this.device.detect(compare.model, image, options) : null;
    if (b) this.state = { ...this.state, forwardCount: this.state.forwardCount + 1 };
    const result: FrameResult = {
      frameId,
      image: { width: image.width, height: image.height },
      main: a && main ? plainDetections(a, main.info) : null,
      compare: b && compare ? plainDetections(b, compare.info) : null,
      field: a?.field ?? null,
      fieldInput: a?.field ? { data: a.input.data, width: a.input.width, height: a.input.height } : null,
      fieldError,
    };
    const now = performance.now();
    // Frames per second of a live source, smoothed; none for stills or before a second live frame.
    const instant = kind === 'live' && this.lastLiveAt ? 1000 / Math.max(1, now - this.lastLiveAt) : null;
    const fps = instant === null ? null : this.state.fps === null ? instant : 0.8 * this.state.fps + 0.2 * instant;
    this.lastLiveAt = kind === 'live' ? now : 0;
    this.explainSource = a?.explain ?? null;
    this.update({ latest: result, frames: this.state.frames + 1, fps, explain: this.trace() });
    return result;
  }

  private async switchBackend(choice: EngineSettings['backend']): Promise<void> {
    try {
      let info: BackendInfo;
      if (choice === 'auto') {
        const auto = await chooseAuto(this.device, this.models.main?.model ?? null, this.settings?.imageSize ?? 640);
        info = auto.info;
        this.raceLater = auto.undecided;
      } else {
        info = await this.startExplicit(choice);
        this.raceLater = false;
      }
      // Numbers measured on the previous backend say nothing about this one.
      this.lastLiveAt = 0;
      this.explainSource = null;
      this.update({ backend: info, fps: null, latest: null, layerTimes: null, explain: null });
      // A backend asked for by name that could not start is worth a notice; auto's reasoned choice is
      // already in the status line, and a second copy above the frame only pushed it down the page.
      if (info.reason && choice !== 'auto') this.notice('warning', `Running on ${info.backend.toUpperCase()}: ${info.reason}.`);
      await this.warmAll();
      this.redetectStill();
    } catch (e) {
      this.notice('error', describe(e));
    }
  }

  /** The backend asked for, else the first that starts in WebGPU > WebGL > WASM order, saying why. */
  private async startExplicit(choice: BackendName): Promise<BackendInfo> {
    const reasons: string[] = [];
    for (const backend of [choice, ...FALLBACK_ORDER.filter((b) => b !== choice)]) {
      try {
        const info = await this.device.startBackend(backend);
        return { ...info, reason: reasons.length ? reasons.join('; ') : null };
      } catch (e) {
        reasons.push(`${backend} unavailable: ${describe(e)}`);
      }
    }
    throw new Error(`no tfjs backend could start (${reasons.join('; ')})`);
  }

  private async loadSlot(slot: Slot, wanted: ModelId | null): Promise<void> {
    if (wanted === null) {
      await this.schedule(async () => this.replace(slot, null));
      return;
    }
    if (wanted === 'custom') {
      if (!this.custom) {
        // Only a caller that skipped the store's rule asks for a file never opened (the store turns such a
        // link into the default model and says so, once): the default model, without a second notice.
        if (slot === 'main') await this.loadSlot(slot, DEFAULT_MODEL);
        return;
      }
      const custom = this.custom;
      // loadFile put the file in the main slot already; the settings that follow it change nothing.
      if (this.models[slot] === custom) return;
      await this.schedule(async () => this.replace(slot, custom));
      return;
    }
    await this.loadBundled(slot, wanted);
  }

  private async loadBundled(slot: Slot, id: BundledModelId): Promise<void> {
    await this.schedule(async () => {
      // A later choice for this slot supersedes this load.
      if (!this.wants(slot, id)) return;
      if (this.models[slot]?.info.id === id) return;
      try {
        const onProgress = (fraction: number, stage: string) => this.progress(id, stage, fraction);
        const loaded = await this.device.loadBundled(id, onProgress);
        if (!this.wants(slot, id)) {
          this.device.dispose(loaded.model);
          return;
        }
        const settings = this.settings;
        if (settings) this.setGeometry(loaded, settings);
        this.perturbIfUntrained(loaded);
        this.update({ busy: { label: loaded.info.label, stage: 'warm-up', fraction: 0 } });
        await this.device.warmUp(loaded.model, settings?.imageSize ?? 640, (fraction, stage) => this.progress(loaded.info.label, stage, fraction), this.warmUpContext());
        this.replace(slot, loaded);
        if (slot === 'main' && this.raceLater && this.settings?.backend === 'auto') await this.raceIfUseful();
        this.redetectStill();
      } catch (e) {
        this.notice('error', `Could not load ${id}: ${clause(describe(e))}; the current model stays.`, 'model');
      } finally {
        this.update({ busy: null });
      }
    });
  }

  /** `auto` picked a backend before any model existed; with one loaded, a race can now measure. */
  private async raceIfUseful(): Promise<void> {
    const main = this.models.main;
    if (!main || !this.settings) return;
    const auto = await chooseAuto(this.device, main.model, this.settings.imageSize);
    this.raceLater = auto.undecided;
    this.lastLiveAt = 0;
    this.update({ backend: auto.info, fps: null });
    await this.warmAll();
  }

  /** A frame waiting behind a load is its warm-up (where the device says that is as good). */
  private warmUpContext(): { frameWaiting: boolean } {
    return { frameWaiting: this.framesWaiting > 0 };
  }

  private wants(slot: Slot, id: ModelId): boolean {
    const s = this.settings;
    if (!s) return false;
    const wanted = slot === 'main' ? (s.model === 'custom' && !this.custom ? DEFAULT_MODEL : s.model) : s.compare;
    return wanted === id;
  }

  /** Puts `loaded` in `slot` and frees what it replaces, unless the other slot or the user's file still holds it. */
  private replace(slot: Slot, loaded: Loaded<M> | null): void {
    const previous = this.models[slot];
    this.models[slot] = loaded;
    const other = this.models[slot === 'main' ? 'compare' : 'main'];
    if (previous && previous !== loaded && previous !== other && previous !== this.custom) this.device.dispose(previous.model);
    this.update({ [slot]: loaded?.info ?? null });
  }

  private applyGeometry(): void {
    const s = this.settings;
    if (!s) return;
    for (const m of new Set([this.models.main, this.models.compare, this.custom])) {
      if (!m) continue;
      try {
        this.setGeometry(m, s);
      } catch (e) {
        this.notice('error', describe(e));
      }
    }
    this.update({ main: this.models.main?.info ?? null, compare: this.models.compare?.info ?? null });
  }

  /** Sets `m`'s live geometry and records in its info the convention its AKConvs now run with (the grid panel's badge reads it). */
  private setGeometry(m: Loaded<M>, s: EngineSettings): void {
    this.device.setGeometry(m.model, s.convention, s.customShape);
    m.info = { ...m.info, convention: m.info.sites.length ? s.convention : null };
  }

  /** The offsets panel's "perturb offsets" noise, on every loaded untrained model. */
  private applyOffsetNoise(): void {
    for (const m of new Set([this.models.main, this.models.compare, this.custom])) if (m) this.perturbIfUntrained(m);
  }

  private perturbIfUntrained(m: Loaded<M>): void {
    if (!m.info.untrained || !this.device.setOffsetNoise) return;
    try {
      this.device.setOffsetNoise(m.model, this.settings?.offsetNoise ?? 0);
    } catch (e) {
      this.notice('error', describe(e));
    }
  }

  private async warmAll(): Promise<void> {
    const size = this.settings?.imageSize ?? 640;
    for (const m of new Set([this.models.main, this.models.compare])) {
      if (m) await this.device.warmUp(m.model, size, (fraction, stage) => this.progress(m.info.label, stage, fraction)).catch((e) => this.notice('error', describe(e)));
    }
    this.update({ busy: null });
  }

  /** Detects the kept still frame again (one waiting re-run at most: a slider drag does not queue up runs). */
  private redetectStill(): void {
    const image = this.still;
    if (!image) return;
    void this.scheduler
      .run(
        async () => {
          try {
            return this.still === image ? await this.runFrame(-1, 'still', image) : null;
          } finally {
            this.refreshTensors();
          }
        },
        { lane: 'redetect' },
      )
      .catch((e) => this.notice('error', `Detection failed: ${describe(e)}`));
  }

  private async schedule<T>(job: () => Promise<T>): Promise<T | undefined> {
    const outcome = await this.scheduler.run(async () => {
      try {
        return await job();
      } finally {
        this.refreshTensors();
      }
    });
    return outcome.ran ? outcome.value : undefined;
  }

  private progress(label: string, stage: string, fraction: number): void {
    this.update({ busy: { label, stage, fraction } });
  }

  /** Counts tensors from inside a job only: between jobs a backend may be starting, and tfjs refuses to count then. */
  private refreshTensors(): void {
    let numTensors: number;
    try {
      numTensors = this.device.numTensors();
    } catch {
      return; // no backend has started (a failed start): nothing to count
    }
    if (numTensors !== this.state.numTensors) this.update({ numTensors });
  }

  /** The explainer's trace of the selected pixel on the latest frame's captured map (null while its panel is closed or before a frame). */
  private trace(): ExplainResult | null {
    const wanted = this.settings?.explain;
    if (!wanted?.open || !this.explainSource) return null;
    try {
      return { trace: explainSelected(this.explainSource, wanted.pixel), error: null };
    } catch (e) {
      return { trace: null, error: describe(e) };
    }
  }

  /** A new pixel (or the panel closed): traced on the latest frame's map, no forward pass. */
  private retrace(): void {
    if (!this.settings?.explain?.open) this.explainSource = null;
    const explain = this.trace();
    if (JSON.stringify(explain) !== JSON.stringify(this.state.explain ?? null)) this.update({ explain });
  }

  private update(patch: Partial<EngineSnapshot>): void {
    this.state = { ...this.state, ...patch };
    this.events.snapshot(this.state);
  }

  private notice(level: EngineNotice['level'], text: string, topic?: EngineNotice['topic']): void {
    this.events.notice({ level, text, ...(topic ? { topic } : {}) });
  }
}

function detectOptions(settings: EngineSettings): DetectOptions {
  return { imageSize: settings.imageSize, confThreshold: settings.conf, iouThreshold: settings.iou, maxDet: settings.maxDet, ...(settings.classes ? { classes: settings.classes } : {}) };
}

/** Settings whose change changes a still frame's detections or field. */
function resultChanged(a: EngineSettings, b: EngineSettings): boolean {
  return (
    a.conf !== b.conf ||
    a.iou !== b.iou ||
    a.maxDet !== b.maxDet ||
    JSON.stringify(a.classes) !== JSON.stringify(b.classes) ||
    a.offsets.open !== b.offsets.open ||
    a.offsets.layer !== b.offsets.layer ||
    !!a.explain?.open !== !!b.explain?.open
  );
}

/** The AKConv the offsets panel shows: the chosen one if the model has it, else its first. */
export function captureSite(model: ModelInfo | null, layer: string | null): string | null {
  const sites = model?.sites ?? [];
  return (sites.find((s) => s.name === layer) ?? sites[0])?.name ?? null;
}

function plainDetections(r: DetectResult, info: ModelInfo): FrameDetections {
  return {
    modelLabel: info.label,
    detections: r.detections.map((d) => ({ ...d, label: info.names[d.classId] ?? String(d.classId) })),
    timings: r.timings,
    inputSize: [r.input.height, r.input.width],
    letterbox: { pad: r.input.pad, resized: r.input.resized, ratio: r.input.ratio },
  };
}
