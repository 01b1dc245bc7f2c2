/**
 * Reading model checkpoints: PyTorch `.pt` files (torch.save zips holding a
 * pickled YOLOv5 model, or only a state dict) and `.safetensors` files (with
 * the config in their metadata), into the config, the float32 state dict
 * under PyTorch names, the class names and strides. Framework-free (no tfjs,
 * no Node APIs): it runs in the browser, a worker and Node alike.
 *
 * This is the front door; the formats live in checkpoint-format.ts (sniffing),
 * torch-checkpoint.ts and safetensors-checkpoint.ts.
 */
import { checkpointFormat } from './checkpoint-format';
import type { Checkpoint, ReadCheckpointOptions } from './checkpoint-types';
import { readSafetensorsCheckpoint } from './safetensors-checkpoint';
import { readTorchCheckpoint } from './torch-checkpoint';

export type { Checkpoint, CheckpointSource, CheckpointStage, ReadCheckpointOptions } from './checkpoint-types';
export { CheckpointError, ULTRALYTICS_MESSAGE, WEIGHTS_ONLY_MESSAGE } from './checkpoint-types';
export type { TorchFile } from './torch-checkpoint';
export { openTorchFile } from './torch-checkpoint';

/**
 * Reads a `.pt` or `.safetensors` checkpoint. Throws CheckpointError (or
 * ConfigError for a config it cannot read, or whatever `opts.checkConfig`
 * throws) with a one-sentence message.
 */
export async function readCheckpoint(bytes: Uint8Array, opts: ReadCheckpointOptions = {}): Promise<Checkpoint> {
  const progress = opts.onProgress ?? (() => undefined);
  progress(0, 'unzip');
  const format = checkpointFormat(bytes);
  const result = format === 'pt' ? await readTorchCheckpoint(bytes, opts, progress) : await readSafetensorsCheckpoint(bytes, opts, progress);
  progress(1, 'done');
  return result;
}
