/**
 * The closed sets of names the app's settings, its URL, its engine and its
 * controls all speak: models, backends, input sources and panels.
 */
import type { GridConvention } from './geometry';
import type { TrainedModelId, UntrainedModelId } from './bundled-models';
import { BUNDLED_MODELS, UNTRAINED_MODEL_IDS } from './bundled-models';

// The models themselves are one table (bundled-models.ts); these are derived from it.
export type { UntrainedModelId } from './bundled-models';
export { isUntrainedModelId, UNTRAINED_CONFIGS, UNTRAINED_MODEL_IDS, UNTRAINED_SCALES } from './bundled-models';

/** Bundled models (public/models), the user's own file, and the untrained configs. */
export type ModelId = TrainedModelId | 'custom' | UntrainedModelId;
export const MODEL_IDS: readonly ModelId[] = [...BUNDLED_MODELS.map((m) => m.id), 'custom', ...UNTRAINED_MODEL_IDS];
export type BundledModelId = Exclude<ModelId, 'custom'>;

/** The model the app opens with. */
export const DEFAULT_MODEL: BundledModelId = 'akconv-ij';

/**
 * The grid convention each bundled model's file records in its `indexing`
 * metadata (null: no AKConv layer), from the table. Settings start from the
 * default model's entry so that the first view matches the first model; a
 * test checks these against the files in public/models.
 */
export const BUNDLED_CONVENTIONS: Readonly<Record<BundledModelId, GridConvention | null>> = {
  ...(Object.fromEntries(BUNDLED_MODELS.map((m) => [m.id, m.convention])) as Record<TrainedModelId, GridConvention | null>),
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
