/**
 * Reading a checkpoint for this model: the io reader, with the model's check
 * that it can build the file's architecture before any tensor is decoded.
 */
import type { Checkpoint, ReadCheckpointOptions } from '../io/checkpoint';
import { readCheckpoint } from '../io/checkpoint';
import { buildArchitecture } from './architecture';

/**
 * Reads a `.pt` or `.safetensors` checkpoint whose architecture this model
 * can build; throws CheckpointError or ConfigError (one sentence) otherwise.
 */
export function readModelCheckpoint(bytes: Uint8Array, opts: Omit<ReadCheckpointOptions, 'checkConfig'> = {}): Promise<Checkpoint> {
  return readCheckpoint(bytes, { ...opts, checkConfig: buildArchitecture });
}
