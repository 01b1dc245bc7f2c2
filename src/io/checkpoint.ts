/**
 * Reading model checkpoints: PyTorch `.pt` files (torch.save zips holding a
 * pickled YOLOv5 model, or only a state dict) and `.safetensors` files (with
 * the config in their metadata), into the config, the float32 state dict
 * under PyTorch names, the class names and strides. Framework-free (no tfjs,
 * no Node APIs): it runs in the browser, a worker and Node alike.
 */
import type { GridConvention } from '../common/geometry';
import { isGridConvention } from '../common/geometry';
import type { ArgValue, ModelConfig } from '../common/model-config';
import { configFromObject, parseConfigYaml } from '../model/config';
import { buildArchitecture } from '../model/architecture';
import { decodeFloat16, halfToFloat } from './float16';
import type { TorchDtype } from './pickle';
import { DTYPE_BYTES, isFloatingDtype, PickleError, PyObject, TorchTensor, unpickleTorch } from './pickle';
import type { PickleValue } from './pickle';
import { readSafetensors, SafetensorsError } from './safetensors';
import type { TensorData, WeightMap } from './tensor';
import { looksLikeZip, ZipArchive, ZipError } from './zip';

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export type CheckpointStage = 'unzip' | 'unpickle' | 'tensors' | 'done';

/** 'ema' / 'model': a pickled model under that key (or the root); 'state_dict': weights only; 'safetensors'. */
export type CheckpointSource = 'ema' | 'model' | 'state_dict' | 'safetensors';

export interface Checkpoint {
  config: ModelConfig;
  /** Floating-point tensors only (no `num_batches_tracked`), as float32, under PyTorch names. */
  weights: WeightMap;
  /** Class names; `'0'`, `'1'`, ... when the file has none. */
  names: string[];
  /** Detection strides from the checkpoint (`model.stride`), or null when it has none. */
  strides: number[] | null;
  /** AKConv grid convention recorded in the file (safetensors `indexing`), or null. */
  convention: GridConvention | null;
  format: 'pt' | 'safetensors';
  /** Where the weights came from. */
  source: CheckpointSource;
  /** A safetensors file's string metadata (provenance, license, ...); empty for .pt. */
  metadata: Record<string, string>;
}

export interface ReadCheckpointOptions {
  /** The architecture, for files that hold only weights (ignored when the file has its own config). */
  config?: ModelConfig;
  /** Progress in [0, 1] and the current stage. */
  onProgress?: (fraction: number, stage: CheckpointStage) => void;
}

export const WEIGHTS_ONLY_MESSAGE = 'this checkpoint holds only weights; give the model config (YAML) too';
export const ULTRALYTICS_MESSAGE =
  'YOLOv8 / Ultralytics checkpoints are not supported: this playground runs YOLOv5 (and YOLOv5-C3_AKConv) models';

/** Decode this many bytes of tensors between yields to the event loop. */
const BYTES_PER_YIELD = 4 << 20;
const TENSORS_PER_YIELD = 64;
/** The most elements one tensor may have (guards against absurd shapes in a damaged file). */
const MAX_NUMEL = 2 ** 27;

const LEGACY_TORCH_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Reads a `.pt` or `.safetensors` checkpoint. Throws CheckpointError (or the
 * model's ConfigError for an architecture it cannot build) with a one-sentence
 * message.
 */
export async function readCheckpoint(bytes: Uint8Array, opts: ReadCheckpointOptions = {}): Promise<Checkpoint> {
  const progress = opts.onProgress ?? (() => undefined);
  progress(0, 'unzip');
  let result: Checkpoint;
  if (bytes.byteLength === 0) throw new CheckpointError('the file is empty');
  if (looksLikeZip(bytes)) result = await readPt(bytes, opts, progress);
  else if (looksLikeSafetensors(bytes)) result = await readSt(bytes, opts, progress);
  else if (LEGACY_TORCH_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new CheckpointError('this is a legacy (pre-1.6) PyTorch file, not a zip; load it in PyTorch and save it again with torch.save');
  } else if (looksLikeText(bytes)) {
    throw new CheckpointError('this is a text file, not a model checkpoint: expected a PyTorch .pt (zip) or a .safetensors file');
  } else {
    throw new CheckpointError('unknown file format: expected a PyTorch .pt checkpoint (a zip) or a .safetensors file');
  }
  progress(1, 'done');
  return result;
}

// ---------------------------------------------------------------------------
// torch zips

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

async function readPt(bytes: Uint8Array, opts: ReadCheckpointOptions, progress: (f: number, s: CheckpointStage) => void): Promise<Checkpoint> {
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
    config = configOf(attrs.get('yaml'), opts.config);
    names = namesOf(attrs.get('names'));
    const stride = attrs.get('stride');
    if (stride instanceof TorchTensor) strides = Array.from(file.tensorData(stride, 'stride').data);
    else if (Array.isArray(stride) && stride.every((v) => typeof v === 'number')) strides = stride as number[];
  } else {
    tensors = found.stateDict;
    if (!opts.config) throw new CheckpointError(WEIGHTS_ONLY_MESSAGE);
    config = opts.config;
    buildArchitecture(config);
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
    if (isRecord(doc) && doc['anchors'] === undefined && Array.isArray(doc['backbone'])) throw new CheckpointError(ULTRALYTICS_MESSAGE);
    config = configFromObject(doc);
  } else if (fallback) {
    config = fallback;
  } else {
    throw new CheckpointError('the model in this checkpoint has no yaml config; give the model config (YAML) too');
  }
  buildArchitecture(config); // throws ConfigError for modules we cannot build
  return config;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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

function defaultNames(nc: number): string[] {
  return Array.from({ length: nc }, (_, i) => String(i));
}

// ---------------------------------------------------------------------------
// tensor data

/** One tensor (a strided view of `storage`) as float32 values in row-major order. */
function materialise(t: TorchTensor, storage: Uint8Array, name: string): TensorData {
  const itemsize = DTYPE_BYTES[t.dtype];
  const shape = [...t.shape];
  let numel = 1;
  for (const d of shape) numel *= d;
  if (numel === 0) return { shape, data: new Float32Array(0) };
  if (numel > MAX_NUMEL) throw new CheckpointError(`tensor '${name}' is too large (${shape.join('x')})`);
  let last = t.offset;
  for (let i = 0; i < shape.length; i++) last += ((shape[i] as number) - 1) * (t.stride[i] as number);
  if ((last + 1) * itemsize > storage.byteLength) {
    throw new CheckpointError(`the checkpoint is damaged: tensor '${name}' reaches past the end of its storage`);
  }
  if (t.isContiguous) {
    return { shape, data: decode(t.dtype, storage.subarray(t.offset * itemsize, (t.offset + numel) * itemsize)) };
  }
  const src = decode(t.dtype, storage.subarray(t.offset * itemsize, (last + 1) * itemsize));
  const out = new Float32Array(numel);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let p = 0;
  for (let i = 0; i < numel; i++) {
    out[i] = src[p] as number;
    for (let d = nd - 1; d >= 0; d--) {
      const s = t.stride[d] as number;
      idx[d] = (idx[d] as number) + 1;
      p += s;
      if ((idx[d] as number) < (shape[d] as number)) break;
      p -= s * (shape[d] as number);
      idx[d] = 0;
    }
  }
  return { shape, data: out };
}

let halfTable: Float32Array | null = null;

/**
 * float16 to float32 through a 65,536-entry table made with halfToFloat (the
 * same values as decodeFloat16, about ten times faster on big checkpoints).
 */
function decodeHalf(raw: Uint8Array): Float32Array {
  if (raw.byteLength < 4096) return decodeFloat16(raw);
  if (!halfTable) {
    halfTable = new Float32Array(0x10000);
    for (let bits = 0; bits < 0x10000; bits++) halfTable[bits] = halfToFloat(bits);
  }
  const table = halfTable;
  const n = raw.byteLength >> 1;
  const u16 = raw.byteOffset % 2 === 0 ? new Uint16Array(raw.buffer, raw.byteOffset, n) : new Uint16Array(raw.slice().buffer);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = table[u16[i] as number] as number;
  return out;
}

/** Little-endian values of a dtype to float32 (a fresh, aligned array). */
function decode(dtype: TorchDtype, raw: Uint8Array): Float32Array {
  switch (dtype) {
    case 'float16':
      return decodeHalf(raw);
    case 'float32':
      return new Float32Array(raw.slice().buffer);
    case 'float64':
      return Float32Array.from(new Float64Array(raw.slice().buffer));
    case 'bfloat16': {
      const u16 = new Uint16Array(raw.slice().buffer);
      const u32 = new Uint32Array(u16.length);
      for (let i = 0; i < u16.length; i++) u32[i] = (u16[i] as number) << 16;
      return new Float32Array(u32.buffer);
    }
    case 'int64':
      return Float32Array.from(new BigInt64Array(raw.slice().buffer), (v) => Number(v));
    case 'int32':
      return Float32Array.from(new Int32Array(raw.slice().buffer));
    case 'int16':
      return Float32Array.from(new Int16Array(raw.slice().buffer));
    case 'int8':
      return Float32Array.from(new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    case 'uint8':
    case 'bool':
      return Float32Array.from(raw);
  }
}

// ---------------------------------------------------------------------------
// safetensors

function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 10) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  return n >= 2n && 8n + n <= BigInt(bytes.byteLength) && bytes[8] === 0x7b; // '{'
}

async function readSt(bytes: Uint8Array, opts: ReadCheckpointOptions, progress: (f: number, s: CheckpointStage) => void): Promise<Checkpoint> {
  progress(0.1, 'tensors');
  await nextTick();
  const st = guard(() => readSafetensors(bytes));
  const meta = st.metadata;
  let config: ModelConfig;
  if (meta['config'] !== undefined) {
    const doc = parseJsonMeta(meta['config'], 'config');
    if (isRecord(doc) && doc['anchors'] === undefined && Array.isArray(doc['backbone'])) throw new CheckpointError(ULTRALYTICS_MESSAGE);
    config = configFromObject(doc);
  } else if (opts.config) {
    config = opts.config;
  } else {
    throw new CheckpointError(WEIGHTS_ONLY_MESSAGE);
  }
  buildArchitecture(config);
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

// ---------------------------------------------------------------------------
// helpers

/** Runs f, turning the readers' own errors into CheckpointErrors with the same message. */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ZipError || e instanceof PickleError || e instanceof SafetensorsError) {
      throw new CheckpointError(e.message, { cause: e });
    }
    throw e;
  }
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.byteLength, 1024);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c)) return false;
  }
  return true;
}
