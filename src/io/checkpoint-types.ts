/**
 * What the checkpoint readers return and accept, their error, and the
 * messages the app shows for files it recognises but cannot use.
 */
import { SentenceError } from './sentence-error';
import type { GridConvention } from '../common/geometry';
import type { ModelConfig } from '../common/model-config';
import type { WeightMap } from '../common/tensor';

export class CheckpointError extends SentenceError {
  override name = 'CheckpointError';
}

export type CheckpointStage = 'unzip' | 'unpickle' | 'tensors' | 'done';

/** 'ema' / 'model': a pickled model under that key (or the root); 'state_dict': weights only; 'safetensors'. */
export type CheckpointSource = 'ema' | 'model' | 'state_dict' | 'safetensors';

export interface Checkpoint {
  config: ModelConfig;
  /** Floating-point tensors only (no `num_batches_tracked`), as float32, under PyTorch names. */
  weights: WeightMap;
  /** Class names; `'0'`, `'1'`, ... when the file has none. */
  names: string[];
  /** Detection strides from the checkpoint (`model.stride`), or null when it has none. */
  strides: number[] | null;
  /** AKConv grid convention recorded in the file (safetensors `indexing`), or null. */
  convention: GridConvention | null;
  format: 'pt' | 'safetensors';
  /** Where the weights came from. */
  source: CheckpointSource;
  /** A safetensors file's string metadata (provenance, license, ...); empty for .pt. */
  metadata: Record<string, string>;
}

export interface ReadCheckpointOptions {
  /** The architecture, for files that hold only weights (ignored when the file has its own config). */
  config?: ModelConfig;
  /** Progress in [0, 1] and the current stage. */
  onProgress?: (fraction: number, stage: CheckpointStage) => void;
  /**
   * Checks that the model can build the config (the model layer passes
   * `buildArchitecture`), called before any tensor is decoded so that an
   * unsupported architecture fails fast; its error propagates unchanged.
   */
  checkConfig?: (config: ModelConfig) => unknown;
}

/** Progress of one reader, as readCheckpoint hands it down. */
export type StageProgress = (fraction: number, stage: CheckpointStage) => void;

export const WEIGHTS_ONLY_MESSAGE = 'this checkpoint holds only weights; give the model config (YAML) too.';
export const ULTRALYTICS_MESSAGE =
  'YOLOv8 / Ultralytics checkpoints are not supported: this playground runs YOLOv5 (and YOLOv5-C3_AKConv) models.';
