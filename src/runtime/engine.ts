/**
 * Model files for the engine (`engine-core.ts`): the bundled models, download
 * with progress, reading a checkpoint into a model, and warm-up.
 */
import * as tf from '@tensorflow/tfjs';
import type { GridConvention, ModelId } from '../common';
import { loadModel } from '../model/load-model';
import { YoloModel } from '../model/yolo';
import type { ModelConfig } from '../common';
import { buildArchitecture } from '../model/architecture';
import { initialWeights } from '../model/init';
import { COCO_NAMES } from '../detect/coco-names';
import type { BundledModel } from './bundled-models';
import { startupTimeline } from './startup-timeline';
export { BUNDLED_MODELS, type BundledModel } from './bundled-models';

export interface LoadedModel {
  id: ModelId;
  label: string;
  model: YoloModel;
  names: string[];
  /** The convention the file was trained with (its metadata), if known. */
  trainedConvention: GridConvention | null;
  /** Weights made by src/model/init.ts, not trained. */
  untrained?: boolean;
}

/** A config with untrained weights (PyTorch's default initialisation, from seed 0). */
export function untrainedModel(config: ModelConfig, id: ModelId, label: string): LoadedModel {
  const model = YoloModel.load(config, initialWeights(buildArchitecture(config), { seed: 0 }));
  const names = config.nc === COCO_NAMES.length ? [...COCO_NAMES] : Array.from({ length: config.nc }, (_, i) => `class ${i}`);
  return { id, label, model, names, trainedConvention: null, untrained: true };
}

/** Whether a dropped file is a config alone (opened untrained). */
export const isConfigFileName = (name: string): boolean => /\.ya?ml$/i.test(name);

export type Progress = (fraction: number, stage: string) => void;

/** Fetches a file with download progress. */
export async function fetchBytes(url: string, onProgress?: Progress): Promise<Uint8Array> {
  const res = await fetch(url);
  // A static host answers a missing file with its index.html: treat that as missing too.
  if (!res.ok || res.headers.get('content-type')?.includes('text/html')) throw new Error(`${url} is not available (HTTP ${res.status}${res.ok ? ', a web page instead of the file' : ''})`);
  const total = Number(res.headers.get('content-length')) || 0;
  if (!res.body || !total) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const out = new Uint8Array(total);
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.byteLength > total) return new Uint8Array(await new Blob([out.subarray(0, received), value]).arrayBuffer());
    out.set(value, received);
    received += value.byteLength;
    onProgress?.(received / total, 'download');
  }
  return out.subarray(0, received);
}

/**
 * Reads a checkpoint (.pt or .safetensors bytes) into a model on the current
 * backend, through the CLI's front door (`loadModel`: an architecture this
 * app cannot build fails before any tensor is decoded). `configYaml` gives
 * the architecture of a weights-only .pt (a file with its own config ignores it).
 */
export async function modelFromBytes(bytes: Uint8Array, id: ModelId, label: string, convention: GridConvention | null, onProgress?: Progress, configYaml?: string): Promise<LoadedModel> {
  const loaded = await loadModel(bytes, { name: label, convention, ...(onProgress ? { onProgress } : {}), ...(configYaml !== undefined ? { configYaml } : {}), span: (step, work) => startupTimeline.span(step, work) });
  return { id, label, model: loaded.model, names: loaded.names, trainedConvention: loaded.trainedConvention };
}

export function bundledModelUrl(model: BundledModel): string {
  return `${import.meta.env.BASE_URL}models/${model.file}`;
}

/**
 * Whether a separate warm-up pass saves the first frame more than it costs.
 * Only on WebGPU: its shaders compile ahead, all at once and in parallel
 * (compileShaders below), faster than the first forward would make them one
 * by one. Elsewhere a warm-up is one forward pass that pays the one-time
 * costs (memory, XNNPACK's packed weights, WebGL programs); a frame that is
 * already waiting pays them itself, one forward sooner.
 */
export function warmUpAheadHelps(backend: string): boolean {
  return backend === 'webgpu';
}

/**
 * Runs the model once at the input size so that the first frame does not
 * pay for kernel set-up. On WebGPU the shaders are first compiled all at
 * once, in parallel and off the main thread (tfjs's compile-only mode), so
 * the page stays responsive and the progress bar moves.
 */
export async function warmUp(model: YoloModel, height: number, width: number, onProgress?: Progress): Promise<{ ms: number; shadersFirst: boolean }> {
  const t0 = performance.now();
  onProgress?.(0, 'warm-up');
    const x = tf.zeros<tf.Rank.R4>([1, height, width, 3]);
  let shadersFirst = false;
  try {
    shadersFirst = await compileShaders(model, x);
    if (shadersFirst) onProgress?.(0.7, 'warm-up');
    const out = model.forward(x);
    await out.pred.data();
    tf.dispose([out.pred, out.proto ?? []]);
  } finally {
    x.dispose();
  }
  onProgress?.(1, 'warm-up');
  return { ms: performance.now() - t0, shadersFirst };
}

/** WebGPU only: records one forward pass without running it, then waits for its pipelines. */
async function compileShaders(model: YoloModel, x: tf.Tensor4D): Promise<boolean> {
  const backend = tf.backend() as unknown as { checkCompileCompletionAsync?: () => Promise<void> };
  if (tf.getBackend() !== 'webgpu' || typeof backend.checkCompileCompletionAsync !== 'function') return false;
  tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
  try {
    // The outputs are never computed in this mode: only their pipelines are made.
    const out = model.forward(x);
    tf.dispose([out.pred, out.proto ?? []]);
  } finally {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', false);
  }
  await backend.checkCompileCompletionAsync();
  return true;
}
