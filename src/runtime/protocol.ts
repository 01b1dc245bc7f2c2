/**
 * What the UI and the engine say to each other, as plain data that crosses a
 * worker boundary by structured clone (pixels and buffers by transfer): the
 * settings the engine follows, its snapshot, frames in and results out.
 */
import type { BackendChoice, GridConvention, ModelConfig, ModelId, SamplePoint } from '../common';
import type { ImageDetection } from '../detect/detector';
import type { ComputedField } from '../detect/sampling-field';
import type { ExplainTrace } from '../detect/akconv-explain';
import type { EngineEnvironment } from './diagnostics';

/** The settings that change what the engine runs (a subset of the app's). */
export interface EngineSettings {
  backend: BackendChoice;
  model: ModelId;
  compare: ModelId | null;
  convention: GridConvention;
  customShape: SamplePoint[] | null;
  imageSize: number;
  conf: number;
  iou: number;
  maxDet: number;
  classes: number[] | null;
  /**
   * The offsets panel: when open, each frame's forward pass also captures
   * this AKConv's sampling positions (null: the model's first AKConv).
   */
  offsets: { open: boolean; layer: string | null };
  /**
   * The explainer panel: when open, each frame's forward pass also captures
   * the offsets panel's AKConv input map, and the engine traces `pixel` (null:
   * the middle output pixel) through it.
   */
  explain?: { open: boolean; pixel: [number, number] | null };
  /** Untrained models: standard deviation of the seeded noise on AKConv's p_conv weights (0: the seed's zero init). */
  offsetNoise?: number;
}

export type BackendName = 'webgpu' | 'webgl' | 'wasm';

export interface BackendInfo {
  backend: BackendName;
  /** Why this backend and not another, in words for the status line (null: the one asked for). */
  reason: string | null;
  /** The WebGPU adapter, when known. */
  adapter: string | null;
  /** WASM only: the threads XNNPACK really uses (1 without cross-origin isolation or in the engine worker). */
  threads: number | null;
}

/** An AKConv of the loaded model, as the offsets panel lists it. */
export interface SiteInfo {
  name: string;
  layerIndex: number;
  numParam: number;
  inputStride: number;
  /** The AKConv's own stride (its output map's stride is inputStride x akconvStride). */
  akconvStride: number;
}

/** A loaded model, as plain data. */
export interface ModelInfo {
  id: ModelId;
  label: string;
  names: string[];
  segmentation: boolean;
  config: ModelConfig;
  sites: SiteInfo[];
  /** The grid convention its AKConv layers run with now (the engine sets it); null when it has none. */
  convention: GridConvention | null;
  /** The convention its file records it was trained with (its `indexing` metadata); null when it records none. */
  trainedConvention: GridConvention | null;
  /** Number of layers, for notices. */
  layerCount: number;
  /** The file it was read from and the sha256 of its bytes (null: no secure context to hash in), for diagnostics. */
  file?: { name: string; sha256: string | null };
  /** Weights made by PyTorch's default initialisation (src/model/init.ts), not trained. */
  untrained?: boolean;
}

export interface Timings {
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}

/** One model's detections on one frame; each carries its class name, so labels never depend on other state. */
export interface FrameDetections {
  modelLabel: string;
  detections: (ImageDetection & { label: string })[];
  timings: Timings;
  /** The letterboxed input's [height, width]. */
  inputSize: [number, number];
  /** Where the image sits in the letterboxed input (masks are drawn through it). */
  letterbox: { pad: [number, number]; resized: [number, number]; /** The scale applied to the image. */ ratio: number };
}

export interface FrameResult {
  frameId: number;
  image: { width: number; height: number };
  main: FrameDetections | null;
  compare: FrameDetections | null;
  /** The offsets panel's field, from the main model's forward pass on this frame. */
  field: ComputedField | null;
  /** The letterboxed frame the field was computed on (RGB in [0, 1], [h, w, 3]); with `field` only. */
  fieldInput: { data: Float32Array; width: number; height: number } | null;
  /** Why the field could not be computed on this frame, if it could not. */
  fieldError: string | null;
}

export interface LayerTimes {
  ms: number[];
  backend: string;
  size: number;
}

/** The engine's busy label while it times the layers (the model panel's button follows it). */
export const LAYER_TIMING_LABEL = 'Timing layers';

export interface Progress {
  label: string;
  stage: string;
  fraction: number;
}

export interface EngineSnapshot {
  /** Where the model runs, and why on the main thread when it does. */
  thread: { kind: 'worker' | 'main'; reason: string | null };
  backend: BackendInfo | null;
  busy: Progress | null;
  main: ModelInfo | null;
  compare: ModelInfo | null;
  /** The latest frame's results (null before the first detection). */
  latest: FrameResult | null;
  /** Detected frames since the page opened (both models of an A/B frame count once). */
  frames: number;
  /** Frames per second of live sources on the current backend; null until two frames were detected on it. */
  fps: number | null;
  /** Forward passes run since the page opened (warm-ups and timings excluded): one per detected frame and model. */
  forwardCount: number;
  /** tfjs tensors alive in the engine's thread after the latest job. */
  numTensors: number;
  layerTimes: LayerTimes | null;
  /** The explainer's trace of the selected pixel on the latest frame (absent or null while its panel is closed). */
  explain?: ExplainResult | null;
  /** Where the engine's start-up went, up to its first result (`startup-timeline.ts`). */
  startup?: EngineStartup;
}

/** The engine's start-up steps, timed once each. */
export type StartupStage = 'backend' | 'model-fetch' | 'model-hash' | 'checkpoint-parse' | 'model-build' | 'warm-up' | 'first-frame';

/** Epoch milliseconds (`performance.timeOrigin + performance.now()`), comparable across the page and the worker. */
export interface EngineStartup {
  /** When the engine's thread began (a worker's time origin). */
  threadOrigin: number;
  /** Moments: the worker script running, the first settings and frame arriving, the first result sent. */
  marks: { name: string; at: number }[];
  spans: { stage: StartupStage; start: number; end: number }[];
}

/** One output pixel traced through the AKConv, or why it could not be. */
export interface ExplainResult {
  trace: ExplainTrace | null;
  error: string | null;
}

export type FrameKind = 'live' | 'still';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface EngineNotice {
  level: NoticeLevel;
  text: string;
  /**
   * What it is about: a notice about loading a model ('model') no longer
   * applies once another model runs, so the page dismisses it then.
   */
  topic?: 'model';
}

/** An annotated video made by the engine (video-export.ts). */
export interface ExportedVideo {
  bytes: ArrayBuffer;
  mimeType: string;
  extension: 'mp4' | 'webm';
  /** mediabunny's codec name: avc, vp9 or vp8. */
  codec: string;
  /** Frames written: the input's frames divided by the stride, rounded up. */
  frames: number;
  /** Boxes drawn, over all frames. */
  boxes: number;
  width: number;
  height: number;
}

/** Messages to the worker. */
export type ToEngine =
  | { type: 'configure'; settings: EngineSettings }
  /** A frame: its pixels, or a photo's file, decoded where the engine runs (a 60-megapixel photo costs the page nothing). */
  | { type: 'frame'; frameId: number; kind: FrameKind; bitmap: ImageBitmap | VideoFrame | Blob }
  | { type: 'load-file'; bytes: ArrayBuffer; name: string; /** The YAML config for a weights-only .pt. */ configYaml?: string }
  | { type: 'time-layers' }
  | { type: 'diagnose' }
  | { type: 'export-video'; jobId: number; file: Blob; name: string; stride: number }
  | { type: 'cancel-export'; jobId: number };

/** Messages from the worker. */
export type FromEngine =
  | { type: 'ready' }
  | { type: 'snapshot'; snapshot: EngineSnapshot }
  | { type: 'result'; result: FrameResult | null }
  /** A user's model file: the model it became (now the main model), or null when it failed (a notice said why). */
  | { type: 'file-loaded'; name: string; info: ModelInfo | null }
  | { type: 'notice'; notice: EngineNotice }
  | { type: 'frame-done'; frameId: number; detected: boolean }
  | { type: 'diagnostics'; environment: EngineEnvironment }
  | { type: 'export-progress'; jobId: number; fraction: number; frames: number }
  /** The export's end: the video, or null with the reason (null and null: cancelled). */
  | { type: 'export-done'; jobId: number; video: ExportedVideo | null; error: string | null }
