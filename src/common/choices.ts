/**
 * The closed sets of names the app's settings, its URL, its engine and its
 * controls all speak: models, backends, input sources and panels.
 */
import type { GridConvention } from './geometry';

/** Configs offered as "architecture only (untrained)" (src/model/untrained-models.ts), each at every scale. */
export const UNTRAINED_CONFIGS = ['seed-det', 'seed-seg', 'ldconv'] as const;
export const UNTRAINED_SCALES = ['n', 's', 'm', 'l', 'x'] as const;
export type UntrainedModelId = `${(typeof UNTRAINED_CONFIGS)[number]}-${(typeof UNTRAINED_SCALES)[number]}`;
/** `seed-det-n` ... `ldconv-x`: built in the browser with PyTorch's default initialisation, nothing downloaded. */
export const UNTRAINED_MODEL_IDS: readonly UntrainedModelId[] = UNTRAINED_CONFIGS.flatMap((c) => UNTRAINED_SCALES.map((s) => `${c}-${s}` as const));

export function isUntrainedModelId(id: string): id is UntrainedModelId {
  return (UNTRAINED_MODEL_IDS as readonly string[]).includes(id);
}

/** Bundled models (public/models), the user's own file, and the untrained configs. */
export const MODEL_IDS = ['akconv-ij', 'akconv-xy', 'yolov5n', 'custom', ...UNTRAINED_MODEL_IDS] as const;
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
  // Untrained models record no convention: the view's setting applies.
  ...(Object.fromEntries(UNTRAINED_MODEL_IDS.map((id) => [id, null])) as Record<UntrainedModelId, null>),
};

/**
 * The convention `id`'s weights were trained with, when the app knows it
 * without loading the file: a bundled model's entry, null for the user's own
 * file (its metadata says, once loaded: `ModelInfo.trainedConvention`).
 */
export function bundledConvention(id: ModelId): GridConvention | null {
  return id === 'custom' ? null : BUNDLED_CONVENTIONS[id];
}

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const SOURCE_KINDS = ['sample', 'image', 'webcam', 'video'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const PANELS = ['detect', 'grid', 'offsets', 'model', 'explain'] as const;
export type PanelId = (typeof PANELS)[number];
