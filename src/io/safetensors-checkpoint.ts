/**
 * A `.safetensors` checkpoint: weights, with the config, class names,
 * strides and grid convention in its string metadata (as `refcli.py export`
 * and `akconv convert` write them).
 */
import type { ModelConfig } from '../common/model-config';
import { isGridConvention } from '../common/geometry';
import type { WeightMap } from '../common/tensor';
import { checkedConfig, defaultNames, guard, isRecord, isUltralyticsConfig, nextTick } from './checkpoint-common';
import type { Checkpoint, ReadCheckpointOptions, StageProgress } from './checkpoint-types';
import { CheckpointError, ULTRALYTICS_MESSAGE, WEIGHTS_ONLY_MESSAGE } from './checkpoint-types';
import { configFromObject } from './model-config';
import { readSafetensors } from './safetensors';

export async function readSafetensorsCheckpoint(bytes: Uint8Array, opts: ReadCheckpointOptions, progress: StageProgress): Promise<Checkpoint> {
  progress(0.1, 'tensors');
  await nextTick();
  const st = guard(() => readSafetensors(bytes));
  const meta = st.metadata;
  let config: ModelConfig;
  if (meta['config'] !== undefined) {
    const doc = parseJsonMeta(meta['config'], 'config');
    if (isUltralyticsConfig(doc)) throw new CheckpointError(ULTRALYTICS_MESSAGE);
    config = configFromObject(doc);
  } else if (opts.config) {
    config = opts.config;
  } else {
    throw new CheckpointError(WEIGHTS_ONLY_MESSAGE);
  }
  checkedConfig(config, opts);
  const weights: WeightMap = new Map();
  for (const [name, t] of st.tensors) {
    const dtype = st.dtypes.get(name) ?? '';
    if (['F16', 'F32', 'F64', 'BF16'].includes(dtype)) weights.set(name, t);
  }
  let names: string[] | null = null;
  if (meta['names'] !== undefined) {
    const v = parseJsonMeta(meta['names'], 'names');
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) names = v as string[];
    else if (isRecord(v) && Object.values(v).every((s) => typeof s === 'string')) {
      names = Object.entries(v).sort((a, b) => Number(a[0]) - Number(b[0])).map(([, s]) => s as string);
    } else throw new CheckpointError("the safetensors metadata 'names' must be a JSON list of strings");
  }
  let strides: number[] | null = null;
  if (meta['stride'] !== undefined) {
    const v = parseJsonMeta(meta['stride'], 'stride');
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'number')) throw new CheckpointError("the safetensors metadata 'stride' must be a JSON list of numbers");
    strides = v as number[];
  }
  const indexing = meta['indexing'];
  const convention = isGridConvention(indexing) ? indexing : null;
  return { config, weights, names: names ?? defaultNames(config.nc), strides, convention, format: 'safetensors',
    metadata: meta, source: 'safetensors' };
}

function parseJsonMeta(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CheckpointError(`the safetensors metadata '${key}' is not valid JSON`);
  }
}
