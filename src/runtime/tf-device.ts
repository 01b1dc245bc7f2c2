/** The engine's device on tfjs in a browser (worker or page): backends, the YOLOv5 model, detection. */
import * as tf from '@tensorflow/tfjs';
import { detect } from '../detect/detector';
import type { YoloModel } from '../model/yolo';
import { autoCandidates, startBackend } from './browser-backends';
import type { Device, Loaded, OnProgress } from './device';
import { sha256Hex } from './diagnostics';
import { BUNDLED_MODELS, bundledModelUrl, fetchBytes, isConfigFileName, modelFromBytes, untrainedModel, warmUp, warmUpAheadHelps, type BundledModel, type LoadedModel } from './engine';
import { ModelPrefetch } from './model-prefetch';
import { isUntrainedModelId, untrainedLabel, UNTRAINED_SUFFIX } from '../common/bundled-models';
import { parseConfigYaml } from '../io/model-config';
import { untrainedConfig } from '../model/untrained-models';
import type { ModelInfo } from './protocol';
import type { BundledModelId } from '../common';
import { startupTimeline } from './startup-timeline';

/** The file a model came from, for diagnostics: its name and the sha256 of the bytes loaded. */
async function fileOf(name: string, bytes: Uint8Array): Promise<NonNullable<ModelInfo['file']>> {
  return { name, sha256: await sha256Hex(bytes).catch(() => null) };
}

function describeModel(loaded: LoadedModel, file: ModelInfo['file']): Loaded<YoloModel> {
  const { model } = loaded;
  const info: ModelInfo = {
    id: loaded.id,
    label: loaded.label,
    names: loaded.names,
    segmentation: model.isSegmentation,
    config: model.arch.config,
    sites: model.akconvSites().map((s) => ({ name: s.name, layerIndex: s.layerIndex, numParam: s.layer.numParam, inputStride: s.inputStride, akconvStride: s.layer.spec.stride })),
    convention: model.akconvSites()[0]?.layer.geometry.convention ?? null,
    trainedConvention: loaded.trainedConvention,
    layerCount: model.arch.layers.length,
    ...(file ? { file } : {}),
    ...(loaded.untrained ? { untrained: true } : {}),
  };
  return { model, info };
}

const prefetch = new ModelPrefetch<BundledModelId>();

const download = (entry: BundledModel) => (onProgress: OnProgress) => startupTimeline.span('model-fetch', () => fetchBytes(bundledModelUrl(entry), onProgress));

export const tfDevice: Device<YoloModel> = {
  startBackend: (backend) => startupTimeline.span('backend', () => startBackend(backend)),
  autoCandidates,
  async loadBundled(id, onProgress: OnProgress) {
    if (isUntrainedModelId(id)) {
      onProgress(0, 'initialising weights');
      // Made here, from no file: nothing to name or hash.
      return describeModel(untrainedModel(untrainedConfig(id), id, untrainedLabel(id)), undefined);
    }
    const entry = BUNDLED_MODELS.find((m) => m.id === id);
    if (!entry) throw new Error(`there is no bundled model named ${id}`);
    const bytes = await prefetch.take(id, onProgress, download(entry));
    // Hashed first: the bytes the model was read from, whatever reading them does to the buffer.
    const file = await startupTimeline.span('model-hash', () => fileOf(entry.file, bytes));
    return describeModel(await modelFromBytes(bytes, id, entry.label, null, onProgress), file);
  },
  prefetchBundled(id) {
    const entry = isUntrainedModelId(id) ? undefined : BUNDLED_MODELS.find((m) => m.id === id);
    if (entry) prefetch.start(id, download(entry));
  },
  async loadBytes(bytes, name, onProgress, configYaml) {
    const file = await fileOf(name, bytes);
    // A config alone opens untrained, as the bundled configs do.
    if (isConfigFileName(name)) return describeModel(untrainedModel(parseConfigYaml(new TextDecoder().decode(bytes)), 'custom', `${name}${UNTRAINED_SUFFIX}`), file);
    return describeModel(await modelFromBytes(bytes, 'custom', name, null, onProgress, configYaml), file);
  },
  setGeometry(model, convention, customShape) {
    model.setSamplingGeometry(customShape ? { convention, customShape } : { convention });
  },
  async warmUp(model, size, onProgress, context) {
    if (context?.frameWaiting && !warmUpAheadHelps(tf.getBackend())) return;
    await startupTimeline.span('warm-up', () => warmUp(model, size, size, onProgress));
  },
  detect: (model, image, options) => startupTimeline.span('first-frame', () => detect(model, image, options)),
  async timeLayers(model, size, onProgress) {
    const x = tf.zeros<tf.Rank.R4>([1, size, size, 3]);
    try {
      const ms = await model.profileLayers(x, 3, (done, total) => onProgress?.(done / total, `run ${done} of ${total}`));
      return { ms, backend: tf.getBackend(), size };
    } finally {
      x.dispose();
    }
  },
  dispose(model) {
    model.dispose();
  },
  setOffsetNoise(model, std) {
    model.setOffsetNoise(std);
  },
  numTensors: () => tf.memory().numTensors,
};
