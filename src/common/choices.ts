/**
 * The closed sets of names the app's settings, its URL, its engine and its
 * controls all speak: models, backends, input sources and panels.
 */
import type { GridConvention } from './geometry';

/** Bundled models (public/models) and the user's own file. */
export const MODEL_IDS = ['akconv-ij', 'akconv-xy', 'yolov5n', 'custom'] as const;
export type ModelId = (typeof MODEL_IDS)[number];
export type BundledModelId = Exclude<ModelId, 'custom'>;

/** The model the app opens with. */
export const DEFAULT_MODEL: BundledModelId = 'akconv-ij';

/**
 * The grid convention each bundled model's file records in its `indexing`
 * metadata (null: no AKConv layer). Settings start from the default model's
 * entry so that the first view matches the first model; a test checks these
 * against the files in public/models.
 */
export const BUNDLED_CONVENTIONS: Readonly<Record<BundledModelId, GridConvention | null>> = {
  'akconv-ij': 'ij',
  'akconv-xy': 'xy',
  yolov5n: null,
};

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const SOURCE_KINDS = ['sample', 'image', 'webcam', 'video'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const PANELS = ['detect', 'grid', 'offsets', 'model', 'explain'] as const;
export type PanelId = (typeof PANELS)[number];
