/**
 * A PyTorch `.pt` checkpoint (a torch.save zip): the pickled YOLOv5 model
 * (`ema`, else `model`) or a bare state dict, walked into the config, the
 * state dict under PyTorch names, the class names and strides.
 */
import type { GridConvention } from '../common/geometry';
import { isGridConvention } from '../common/geometry';
import type { ArgValue, ModelConfig } from '../common/model-config';
import type { TensorData, WeightMap } from '../common/tensor';
import { checkedConfig, defaultNames, guard, isUltralyticsConfig, nextTick } from './checkpoint-common';
import type { Checkpoint, ReadCheckpointOptions, StageProgress } from './checkpoint-types';
import { CheckpointError, ULTRALYTICS_MESSAGE, WEIGHTS_ONLY_MESSAGE } from './checkpoint-types';
import { configFromObject, parseConfigYaml } from './model-config';
import type { PickleValue } from './pickle';
import { PyObject } from './pickle';
import { DTYPE_BYTES, isFloatingDtype, TorchTensor, unpickleTorch } from './torch-pickle';
import { materialise } from './torch-tensor-data';
import { ZipArchive } from './zip';

/** Decode this many bytes of tensors between yields to the event loop. */
const BYTES_PER_YIELD = 4 << 20;
const TENSORS_PER_YIELD = 64;

/** An opened torch.save zip: its unpickled root object and a way to read its tensors. */
export interface TorchFile {
  root: PickleValue;
  archive: ZipArchive;
  /** The folder of `data.pkl` inside the zip, with its slash (`archive/`). */
  prefix: string;
  /** Reads one tensor's values (any dtype) as float32, materialising strided views. */
  tensorData(t: TorchTensor, name?: string): TensorData;
}

/** Opens a torch.save zip and unpickles it (synchronously; readCheckpoint is the async front door). */
export function openTorchFile(bytes: Uint8Array): TorchFile {
  const archive = guard(() => new ZipArchive(bytes));
  const pkl = findDataPkl(archive);
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const root = guard(() => unpickleTorch(archive.read(pkl)));
  return makeTorchFile(archive, prefix, root);
}

function findDataPkl(archive: ZipArchive): string {
  const names = archive.names;
  const pkl = names.find((n) => /^[^/]*\/data\.pkl$/.test(n)) ?? names.find((n) => n === 'data.pkl' || n.endsWith('/data.pkl'));
  if (!pkl) throw new CheckpointError('the zip holds no data.pkl, so it is not a PyTorch checkpoint');
  const prefix = pkl.slice(0, -'data.pkl'.length);
  if (archive.has(`${prefix}constants.pkl`) || names.some((n) => n.startsWith(`${prefix}code/`))) {
    throw new CheckpointError('this is a TorchScript model (torch.jit.save), which is not supported: save the checkpoint with torch.save');
  }
  if (archive.has(`${prefix}byteorder`)) {
    const order = new TextDecoder().decode(guard(() => archive.read(`${prefix}byteorder`))).trim();
    if (order !== 'little') throw new CheckpointError(`this checkpoint stores its tensors in '${order}' byte order; only little-endian files are supported`);
  }
  return pkl;
}

function makeTorchFile(archive: ZipArchive, prefix: string, root: PickleValue): TorchFile {
  const storages = new Map<string, Uint8Array>();
  const storageBytes = (key: string): Uint8Array => {
    let b = storages.get(key);
    if (!b) {
      const entry = `${prefix}data/${key}`;
      if (!archive.has(entry)) throw new CheckpointError(`the checkpoint is damaged: its storage '${entry}' is missing`);
      b = guard(() => archive.read(entry));
      storages.set(key, b);
    }
    return b;
  };
  return {
    root,
    archive,
    prefix,
    tensorData: (t, name = 'a tensor') => materialise(t, storageBytes(t.storage.key), name),
  };
}

export async function readTorchCheckpoint(bytes: Uint8Array, opts: ReadCheckpointOptions, progress: StageProgress): Promise<Checkpoint> {
  const archive = guard(() => new ZipArchive(bytes));
  const pkl = findDataPkl(archive);
  const pklBytes = guard(() => archive.read(pkl));
  progress(0.05, 'unpickle');
  await nextTick();
  const root = guard(() => unpickleTorch(pklBytes));
  const file = makeTorchFile(archive, pkl.slice(0, -'data.pkl'.length), root);
  progress(0.15, 'tensors');
  await nextTick();

  const found = findModel(root);
  let config: ModelConfig;
  let tensors: Map<string, TorchTensor>;
  let names: string[] | null = null;
  let strides: number[] | null = null;
  let convention: GridConvention | null = null;
  if (found.kind === 'module') {
    const walked = walkModules(found.model);
    if (walked.classes.some((c) => c.startsWith('ultralytics.'))) throw new CheckpointError(ULTRALYTICS_MESSAGE);
    tensors = walked.tensors;
    convention = walked.convention;
    const attrs = found.model.attributes;
    config = checkedConfig(configOf(attrs.get('yaml'), opts.config), opts);
    names = namesOf(attrs.get('names'));
    const stride = attrs.get('stride');
    if (stride instanceof TorchTensor) strides = Array.from(file.tensorData(stride, 'stride').data);
    else if (Array.isArray(stride) && stride.every((v) => typeof v === 'number')) strides = stride as number[];
  } else {
    tensors = found.stateDict;
    if (!opts.config) throw new CheckpointError(WEIGHTS_ONLY_MESSAGE);
    config = checkedConfig(opts.config, opts);
  }

  const weights: WeightMap = new Map();
  const floating = [...tensors].filter(([, t]) => isFloatingDtype(t.dtype));
  const total = floating.reduce((s, [, t]) => s + t.numel * DTYPE_BYTES[t.dtype], 0) || 1;
  let done = 0;
  let sinceYield = 0;
  for (const [i, [name, t]] of floating.entries()) {
    weights.set(name, file.tensorData(t, name));
    const size = t.numel * DTYPE_BYTES[t.dtype];
    done += size;
    sinceYield += size;
    if (sinceYield >= BYTES_PER_YIELD || i % TENSORS_PER_YIELD === TENSORS_PER_YIELD - 1) {
      sinceYield = 0;
      progress(0.15 + (0.85 * done) / total, 'tensors');
      await nextTick();
    }
  }
  return {
    config,
    weights,
    names: names ?? defaultNames(config.nc),
    strides,
    convention,
    format: 'pt',
    metadata: {},
    source: found.source,
  };
}

type Found = { kind: 'module'; model: PyObject; source: 'ema' | 'model' } | { kind: 'state_dict'; stateDict: Map<string, TorchTensor>; source: 'state_dict' };

function isModule(v: PickleValue): v is PyObject {
  return v instanceof PyObject && v.attributes.get('_modules') instanceof Map;
}

function asStateDict(v: PickleValue): Map<string, TorchTensor> | null {
  if (!(v instanceof Map) || v.size === 0) return null;
  for (const [k, t] of v) if (typeof k !== 'string' || !(t instanceof TorchTensor)) return null;
  return v as Map<string, TorchTensor>;
}

/** The model to use: `ema` when present and not None, else `model`; or a state dict. */
function findModel(root: PickleValue): Found {
  if (isModule(root)) return { kind: 'module', model: root, source: 'model' };
  if (root instanceof PyObject && root.__class__.startsWith('ultralytics.')) throw new CheckpointError(ULTRALYTICS_MESSAGE);
  const rootSd = asStateDict(root);
  if (rootSd) return { kind: 'state_dict', stateDict: rootSd, source: 'state_dict' };
  if (root instanceof Map) {
    for (const key of ['ema', 'model'] as const) {
      const v = root.get(key);
      if (isModule(v)) return { kind: 'module', model: v, source: key };
      if (v instanceof PyObject && v.__class__.startsWith('ultralytics.')) throw new CheckpointError(ULTRALYTICS_MESSAGE);
    }
    for (const key of ['ema', 'model', 'state_dict', 'model_state_dict']) {
      const sd = asStateDict(root.get(key));
      if (sd) return { kind: 'state_dict', stateDict: sd, source: 'state_dict' };
    }
    if (root.has('train_args')) throw new CheckpointError(ULTRALYTICS_MESSAGE);
    const keys = [...root.keys()].map(String);
    throw new CheckpointError(
      `the checkpoint holds no model: none of 'ema', 'model' or 'state_dict' is a YOLOv5 model or a state dict (it has ${keys.length ? keys.slice(0, 8).join(', ') : 'no keys'})`,
    );
  }
  const what = root instanceof PyObject ? root.__class__ : root === null ? 'None' : Array.isArray(root) ? 'a list' : typeof root;
  throw new CheckpointError(`the checkpoint holds no model: it pickles ${what}, not a YOLOv5 model or a state dict`);
}

interface Walked {
  tensors: Map<string, TorchTensor>;
  classes: string[];
  convention: GridConvention | null;
}

/** The state dict of an nn.Module tree: parameters, persistent buffers, then children, by dotted path. */
function walkModules(root: PyObject): Walked {
  const tensors = new Map<string, TorchTensor>();
  const classes: string[] = [];
  let convention: GridConvention | null = null;
  const ancestors = new Set<PyObject>();
  const visit = (mod: PyObject, prefix: string): void => {
    if (ancestors.has(mod)) throw new CheckpointError(`the checkpoint is damaged: its module tree loops back at '${prefix || 'the root'}'`);
    if (ancestors.size > 64) throw new CheckpointError('the checkpoint is damaged: its module tree is too deep');
    ancestors.add(mod);
    classes.push(mod.__class__);
    const attrs = mod.attributes;
    const indexing = attrs.get('indexing');
    if (/(AKConv|LDConv)$/.test(mod.__class__) && isGridConvention(indexing)) convention = indexing;
    const nonPersistent = attrs.get('_non_persistent_buffers_set');
    const skip = nonPersistent instanceof Set ? nonPersistent : new Set<PickleValue>();
    for (const [field, persistentOnly] of [['_parameters', false], ['_buffers', true]] as const) {
      const entries = attrs.get(field);
      if (entries === undefined || entries === null) continue;
      if (!(entries instanceof Map)) throw new CheckpointError(`the checkpoint is damaged: ${prefix || 'the model'}.${field} is not a dict`);
      for (const [k, v] of entries) {
        if (v === null || (persistentOnly && skip.has(k))) continue;
        const name = `${prefix}${String(k)}`;
        if (!(v instanceof TorchTensor)) {
          const what = v instanceof PyObject ? v.__class__ : typeof v;
          throw new CheckpointError(`'${name}' in the checkpoint is not a tensor (${what})`);
        }
        tensors.set(name, v);
      }
    }
    const children = attrs.get('_modules');
    if (children instanceof Map) {
      for (const [k, child] of children) {
        if (child === null) continue;
        if (!(child instanceof PyObject)) throw new CheckpointError(`the checkpoint is damaged: module '${prefix}${String(k)}' is not a module`);
        visit(child, `${prefix}${String(k)}.`);
      }
    }
    ancestors.delete(mod);
  };
  visit(root, '');
  return { tensors, classes, convention };
}

function configOf(yaml: PickleValue, fallback: ModelConfig | undefined): ModelConfig {
  let config: ModelConfig;
  if (typeof yaml === 'string') {
    config = parseConfigYaml(yaml);
  } else if (yaml instanceof Map) {
    const doc = toPlain(yaml, 0);
    if (isUltralyticsConfig(doc)) throw new CheckpointError(ULTRALYTICS_MESSAGE);
    config = configFromObject(doc);
  } else if (fallback) {
    config = fallback;
  } else {
    throw new CheckpointError('the model in this checkpoint has no yaml config; give the model config (YAML) too');
  }
  return config;
}

/** Pickled Python data (Maps, arrays, numbers, strings) as plain JSON-like data. */
function toPlain(v: PickleValue, depth: number): ArgValue | Record<string, unknown> | unknown[] {
  if (depth > 32) throw new CheckpointError('the checkpoint is damaged: its config nests too deeply');
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v) || v instanceof Set) return [...v].map((x) => toPlain(x, depth + 1));
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = toPlain(x, depth + 1);
    return out;
  }
  return null;
}

function namesOf(v: PickleValue): string[] | null {
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return [...(v as string[])];
  if (v instanceof Map) {
    const entries = [...v].filter(([k, s]) => typeof k === 'number' && typeof s === 'string') as [number, string][];
    if (entries.length !== v.size) return null;
    return entries.sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  }
  return null;
}
