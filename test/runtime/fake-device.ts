/** A device for engine tests: models are records, every call is logged, and detections can be held until the test lets them finish. */
import type { BundledModelId, GridConvention } from '../../src/common';
import type { DetectOptions, DetectResult } from '../../src/detect/detector';
import type { RgbImage } from '../../src/io/image';
import type { AutoCandidates, Device, Loaded } from '../../src/runtime/device';
import type { BackendInfo, BackendName, EngineSettings, LayerTimes, ModelInfo } from '../../src/runtime/protocol';

/** The engine settings the engine tests start from (wasm, the default model, 64 px, offsets closed). */
export const ENGINE_SETTINGS: EngineSettings = {
  backend: 'wasm',
  model: 'akconv-ij',
  compare: null,
  convention: 'ij',
  customShape: null,
  imageSize: 64,
  conf: 0.25,
  iou: 0.45,
  maxDet: 300,
  classes: null,
  offsets: { open: false, layer: null },
};

export interface FakeModel {
  id: string;
  disposed: boolean;
  convention: GridConvention | null;
}

export class FakeDevice implements Device<FakeModel> {
  readonly log: string[] = [];
  backend: BackendName | null = null;
  /** Ids whose load fails. */
  readonly failing = new Set<string>();
  /** While set, each detect waits for `release()`. */
  hold = false;
  candidates: AutoCandidates = { candidates: ['wasm'], skipped: [] };
  private waiting: (() => void)[] = [];
  tensors = 0;
  /** Models whose download was started ahead of their load, in order. */
  readonly prefetched: string[] = [];
  /** Whether a frame was waiting at each warm-up, in order. */
  readonly warmUpContexts: { id: string; frameWaiting: boolean }[] = [];

  async startBackend(backend: BackendName): Promise<BackendInfo> {
    this.log.push(`backend ${backend}`);
    this.backend = backend;
    return { backend, reason: null, adapter: null, threads: backend === 'wasm' ? 1 : null };
  }

  async autoCandidates(): Promise<AutoCandidates> {
    return this.candidates;
  }

  async loadBundled(id: BundledModelId): Promise<Loaded<FakeModel>> {
    await Promise.resolve();
    if (this.failing.has(id)) throw new Error(`${id} is truncated`);
    this.log.push(`load ${id}`);
    return { model: { id, disposed: false, convention: null }, info: info(id) };
  }

  async loadBytes(_bytes: Uint8Array, name: string): Promise<Loaded<FakeModel>> {
    if (this.failing.has(name)) throw new Error(`${name} is not a checkpoint.`);
    this.log.push(`load ${name}`);
    return { model: { id: name, disposed: false, convention: null }, info: { ...info(name), id: 'custom' } };
  }

  setGeometry(model: FakeModel, convention: GridConvention): void {
    model.convention = convention;
  }

  prefetchBundled(id: BundledModelId): void {
    this.prefetched.push(id);
  }

  async warmUp(model: FakeModel, _size: number, _onProgress: unknown, context?: { frameWaiting: boolean }): Promise<void> {
    this.log.push(`warm ${model.id} on ${this.backend}`);
    this.warmUpContexts.push({ id: model.id, frameWaiting: context?.frameWaiting ?? false });
  }

  async detect(model: FakeModel, image: RgbImage, options: DetectOptions): Promise<DetectResult> {
    if (model.disposed) throw new Error(`${model.id} was used after it was freed`);
    this.log.push(`detect ${model.id} on ${this.backend} ${image.width}${options.capture ? ` capture ${options.capture}` : ''}`);
    if (this.hold) await new Promise<void>((r) => this.waiting.push(r));
    if (model.disposed) throw new Error(`${model.id} was freed during a detection`);
    const input = { data: new Float32Array(3), width: 1, height: 1, ratio: 1, pad: [0, 0] as [number, number], resized: [1, 1] as [number, number] };
    return { detections: [{ box: [0, 0, 1, 1], score: 0.9, classId: 0 }], input, timings: { preprocessMs: 1, inferenceMs: 2, postprocessMs: 3 } };
  }

  /** Lets every held detection finish. */
  release(): void {
    const w = this.waiting;
    this.waiting = [];
    w.forEach((r) => r());
  }

  get held(): number {
    return this.waiting.length;
  }

  async timeLayers(): Promise<LayerTimes> {
    return { ms: [1], backend: this.backend ?? 'none', size: 64 };
  }

  dispose(model: FakeModel): void {
    this.log.push(`dispose ${model.id}`);
    model.disposed = true;
  }

  numTensors(): number {
    return this.tensors;
  }
}

function info(id: string): ModelInfo {
  return {
    id: id === 'custom' ? 'custom' : (id as BundledModelId),
    label: `label of ${id}`,
    names: ['person'],
    segmentation: false,
    config: { nc: 1, depthMultiple: 1, widthMultiple: 1, anchors: [], backbone: [], head: [], ch: 3 },
    sites: [{ name: 'model.8.m.0.cv2', layerIndex: 8, numParam: 5, inputStride: 32, akconvStride: 1 }],
    convention: 'xy',
    trainedConvention: null,
    layerCount: 25,
  };
}
