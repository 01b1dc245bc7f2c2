/** The engine's device on tfjs in a browser (worker or page): backends, the YOLOv5 model, detection. */
import * as tf from '@tensorflow/tfjs';
import { detect } from '../detect/detector';
import type { YoloModel } from '../model/yolo';
import { autoCandidates, startBackend } from './browser-backends';
import type { Device, Loaded, OnProgress } from './device';
import { BUNDLED_MODELS, bundledModelUrl, fetchBytes, modelFromBytes, warmUp, type LoadedModel } from './engine';
import type { ModelInfo } from './protocol';

function describeModel(loaded: LoadedModel): Loaded<YoloModel> {
  const { model } = loaded;
  const info: ModelInfo = {
    id: loaded.id,
    label: loaded.label,
    names: loaded.names,
    segmentation: model.isSegmentation,
    config: model.arch.config,
    sites: model.akconvSites().map((s) => ({ name: s.name, layerIndex: s.layerIndex, numParam: s.layer.numParam, inputStride: s.inputStride })),
    convention: model.akconvSites()[0]?.layer.geometry.convention ?? null,
    layerCount: model.arch.layers.length,
  };
  return { model, info };
}

export const tfDevice: Device<YoloModel> = {
  startBackend,
  autoCandidates,
  async loadBundled(id, onProgress: OnProgress) {
    const entry = BUNDLED_MODELS.find((m) => m.id === id);
    if (!entry) throw new Error(`there is no bundled model named ${id}`);
    const bytes = await fetchBytes(bundledModelUrl(entry), onProgress);
    return describeModel(await modelFromBytes(bytes, id, entry.label, null, onProgress));
  },
  async loadBytes(bytes, name, onProgress, configYaml) {
    return describeModel(await modelFromBytes(bytes, 'custom', name, null, onProgress, configYaml));
  },
  setGeometry(model, convention, customShape) {
    model.setSamplingGeometry(customShape ? { convention, customShape } : { convention });
  },
  async warmUp(model, size, onProgress) {
    await warmUp(model, size, size, onProgress);
  },
  detect,
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
  numTensors: () => tf.memory().numTensors,
};
