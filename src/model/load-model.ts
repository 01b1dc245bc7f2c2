/**
 * The one front door from a model file's bytes to a model on the current
 * tfjs backend, for the CLI (`cli/files.ts`) and the app's engine
 * (`runtime/engine.ts`, for the bundled models and the user's own file) alike:
 * the checkpoint is read with the check that this model can build its
 * architecture before any tensor is decoded (`readModelCheckpoint`), then the
 * model is built on the grid convention asked for, else the file's own, else
 * the default.
 *
 * Its errors are the readers' one sentence (CheckpointError, ConfigError) or
 * the model's, without the file's name: the CLI puts the name in front, the
 * app a sentence after.
 */
import type { Checkpoint, CheckpointStage } from '../io/checkpoint';
import { parseConfigYaml } from '../io/model-config';
import type { GridConvention } from '../common/geometry';
import { DEFAULT_CONVENTION } from '../common/geometry';
import { readModelCheckpoint } from './checkpoint';
import { YoloModel } from './yolo';

export interface LoadModelOptions {
  /** What the model is called where it is shown (a bundled model's label, a file's name). */
  name: string;
  /** The grid to run; without it the file's own (its `indexing` metadata), else DEFAULT_CONVENTION. */
  convention?: GridConvention | null;
  /** The architecture (YAML) of a weights-only `.pt`; a file with its own config ignores it. */
  configYaml?: string;
  onProgress?: (fraction: number, stage: CheckpointStage) => void;
  /** Times each step (the engine's start-up timeline); by default the step just runs. */
  span?: <T>(step: 'checkpoint-parse' | 'model-build', work: () => Promise<T> | T) => Promise<T>;
}

const untimed = async <T>(_step: string, work: () => Promise<T> | T): Promise<T> => work();

export interface ModelFromFile {
  name: string;
  model: YoloModel;
  /** Class names from the file (`'0'`, `'1'`, ... when it has none). */
  names: string[];
  /** The convention the file says it was trained with, or null. */
  trainedConvention: GridConvention | null;
  /** The convention the model runs. */
  convention: GridConvention;
  checkpoint: Checkpoint;
}

/** Reads a `.pt` or `.safetensors` file into a model this app can run; throws one sentence otherwise. */
export async function loadModel(bytes: Uint8Array, options: LoadModelOptions): Promise<ModelFromFile> {
  const { name, configYaml, onProgress, span = untimed } = options;
  const config = configYaml !== undefined ? parseConfigYaml(configYaml) : undefined;
  const checkpoint = await span('checkpoint-parse', () => readModelCheckpoint(bytes, { ...(onProgress ? { onProgress } : {}), ...(config ? { config } : {}) }));
  const convention = options.convention ?? checkpoint.convention ?? DEFAULT_CONVENTION;
  const model = await span('model-build', () => YoloModel.load(checkpoint.config, checkpoint.weights, { convention }));
  return { name, model, names: checkpoint.names, trainedConvention: checkpoint.convention, convention, checkpoint };
}
