/**
 * Opens the user's model files, picked or dropped (on the picker or on the
 * detection frame): the weights, with the YAML config beside a weights-only
 * .pt. A bad pair or a file that fails to load keeps the current model.
 */
import { useAppStore } from '../state/store';
import type { Engine } from '../runtime/engine-client';
import { pairModelFiles } from './model-files';

const MODEL_FILE = /\.(pt|pth|safetensors|ya?ml)$/i;

/** Whether a drop carries model files (so the frame sends them to the model, not to the image decoder). */
export const isModelDrop = (files: readonly File[]): boolean => files.length > 0 && files.every((f) => MODEL_FILE.test(f.name));

export async function openModelFiles(engine: Engine, files: readonly File[]): Promise<void> {
  const { ownModelLoaded, notify } = useAppStore.getState();
  const picked = pairModelFiles(files);
  if ('error' in picked) {
    notify('error', picked.error);
    return;
  }
  if ('untrainedConfig' in picked) {
    if (await engine.loadFile(picked.untrainedConfig)) ownModelLoaded(`${picked.untrainedConfig.name} (untrained)`);
    return;
  }
  const main = await engine.loadFile(picked.weights, picked.config);
  if (!main) return;
  ownModelLoaded(picked.config ? `${picked.weights.name} + ${picked.config.name}` : picked.weights.name, main.trainedConvention);
}
