/**
 * What the engine needs from tfjs and the model, behind one interface: the
 * engine's scheduling and bookkeeping are tested with a fake device, the app
 * runs the tfjs one (`tf-device.ts`).
 */
import type { BundledModelId, GridConvention, SamplePoint } from '../common';
import type { DetectOptions, DetectResult } from '../detect/detector';
import type { RgbImage } from '../io/image';
import type { BackendInfo, BackendName, LayerTimes, ModelInfo } from './protocol';

export type OnProgress = (fraction: number, stage: string) => void;

export interface Loaded<M> {
  model: M;
  info: ModelInfo;
}

/** Backends `auto` may choose from, and why the others were left out. */
export interface AutoCandidates {
  candidates: BackendName[];
  /** One sentence per skipped backend, e.g. "this machine's WebGPU is a software adapter". */
  skipped: { backend: BackendName; reason: string }[];
}

export interface Device<M> {
  /** Starts `backend`; throws with the reason when it cannot. */
  startBackend(backend: BackendName): Promise<BackendInfo>;
  /** Which backends can run here and are not software fallbacks, fastest first by kind. */
  autoCandidates(): Promise<AutoCandidates>;
  loadBundled(id: BundledModelId, onProgress: OnProgress): Promise<Loaded<M>>;
  /** Starts downloading a bundled model that loadBundled will ask for, so the download overlaps the work queued before it. */
  prefetchBundled?(id: BundledModelId): void;
  /** `configYaml`: the architecture for a checkpoint that holds only weights. */
  loadBytes(bytes: Uint8Array, name: string, onProgress: OnProgress, configYaml?: string): Promise<Loaded<M>>;
  setGeometry(model: M, convention: GridConvention, customShape: SamplePoint[] | null): void;
  /**
   * Runs the model once at the input size so the first frame does not pay for kernel set-up.
   * `frameWaiting`: a frame is queued right behind; where a warm-up is only a forward pass
   * (no shaders compiled ahead), that frame's own forward warms the model and this may return at once.
   */
  warmUp(model: M, size: number, onProgress: OnProgress, context?: { frameWaiting: boolean }): Promise<void>;
  detect(model: M, image: RgbImage, options: DetectOptions): Promise<DetectResult>;
  /** Per-layer milliseconds (yolo.ts profileLayers); `onProgress` follows its repeats. */
  timeLayers(model: M, size: number, onProgress?: OnProgress): Promise<LayerTimes>;
  dispose(model: M): void;
  /** Untrained models only: AKConv's p_conv weights = seeded noise of this standard deviation (0: the initial zeros). */
  setOffsetNoise?(model: M, std: number): void;
  numTensors(): number;
}
