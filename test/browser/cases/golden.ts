/**
 * The Node golden checks (test/cases), run in the page on the webgpu backend.
 * Fixtures are fetched from the Vite dev server.
 */
import * as tf from '@tensorflow/tfjs';
import { readSafetensors } from '../../../src/io/safetensors';
import type { Safetensors } from '../../../src/io/safetensors';
import type { AkconvGoldenEntry, AkconvGoldenResult } from '../../cases/akconv-golden';
import { runAkconvGolden } from '../../cases/akconv-golden';
import type { ModelGoldenResult } from '../../cases/model-golden';
import { BASE_WEIGHTS, MODEL_GOLDEN_CASES, runModelGolden } from '../../cases/model-golden';
import type { YoloModel } from '../../../src/model/yolo';
import { warmUp as appWarmUp } from '../../../src/runtime/engine';

async function fetchBytes(rel: string): Promise<Uint8Array> {
  const res = await fetch(`/test/fixtures/${rel}`);
  if (!res.ok) throw new Error(`fetch ${rel}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function fetchSafetensors(rel: string): Promise<Safetensors> {
  return readSafetensors(await fetchBytes(rel));
}

function requireWebgpu(): void {
  if (tf.getBackend() !== 'webgpu') throw new Error(`expected the webgpu backend, got '${tf.getBackend()}'`);
}

export type AkconvBatch = { results: AkconvGoldenResult[]; leaked: number };

/** Every AKConv golden case, in order. */
export async function runAkconvCases(): Promise<AkconvBatch> {
  requireWebgpu();
  const index = JSON.parse(new TextDecoder().decode(await fetchBytes('akconv/index.json'))) as AkconvGoldenEntry[];
  const before = tf.memory().numTensors;
  const results: AkconvGoldenResult[] = [];
  for (const entry of index) results.push(await runAkconvGolden(await fetchSafetensors(`akconv/${entry.file}`), entry));
  return { results, leaked: tf.memory().numTensors - before };
}

export type ModelCaseResult = ModelGoldenResult & { name: string; leaked: number; backend: string; shadersFirst?: boolean };

/** One whole-model case by index into MODEL_GOLDEN_CASES. */
export async function runModelCase(index: number): Promise<ModelCaseResult> {
  return modelCase(index, false);
}

/** The same after the app's warm-up (on WebGPU: a compile-only pass, then a run). */
export async function runModelCaseAfterWarmUp(index: number): Promise<ModelCaseResult> {
  return modelCase(index, true);
}

async function modelCase(index: number, warmUp: boolean): Promise<ModelCaseResult> {
  requireWebgpu();
  const c = MODEL_GOLDEN_CASES[index];
  if (!c) throw new Error(`no model case ${index}`);
  const base = await fetchSafetensors(BASE_WEIGHTS);
  const overlay = c.overlay ? await fetchSafetensors(c.overlay) : undefined;
  const golden = await fetchSafetensors(c.forward);
  const before = tf.memory().numTensors;
  let shadersFirst: boolean | undefined;
  const prepare = async (model: YoloModel, h: number, w: number) => {
    shadersFirst = (await appWarmUp(model, h, w)).shadersFirst;
  };
  const r = await runModelGolden(base, overlay, golden, c.convention, warmUp ? prepare : undefined);
  return { ...r, name: c.name, leaked: tf.memory().numTensors - before, backend: tf.getBackend(), ...(shadersFirst === undefined ? {} : { shadersFirst }) };
}
