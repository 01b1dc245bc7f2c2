/**
 * PyTorch's part of reading a torch.save pickle: storages (persistent ids)
 * become TorchStorage references and tensors TorchTensor views (storage,
 * offset, shape, stride), rebuilt by torch's own functions, which this
 * module runs; the caller reads their bytes from the checkpoint's zip. Any
 * other function of `torch` is an error that names it, since it would build
 * data we cannot rebuild.
 */
import type { PickleCallable, PickleValue, PythonTyped } from './pickle';
import { PickleError, PyGlobal, typeName, unpickle } from './pickle';

export type TorchDtype = 'float16' | 'bfloat16' | 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export const DTYPE_BYTES: Readonly<Record<TorchDtype, number>> = {
  float16: 2,
  bfloat16: 2,
  float32: 4,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

export function isFloatingDtype(dtype: TorchDtype): boolean {
  return dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float32' || dtype === 'float64';
}

/** Legacy typed storage classes (`torch.HalfStorage`, ...) as torch.save names them. */
const STORAGE_DTYPES: Readonly<Record<string, TorchDtype>> = {
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
  UntypedStorage: 'uint8',
};

/** `torch.float16` and friends, as globals. */
const TORCH_DTYPES: Readonly<Record<string, TorchDtype>> = {
  float16: 'float16',
  half: 'float16',
  bfloat16: 'bfloat16',
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
  int64: 'int64',
  long: 'int64',
  int32: 'int32',
  int: 'int32',
  int16: 'int16',
  short: 'int16',
  int8: 'int8',
  uint8: 'uint8',
  bool: 'bool',
};

/** A storage of a torch zip checkpoint: its bytes are the entry `data/<key>`. */
export class TorchStorage implements PythonTyped {
  readonly pythonType = 'storage';

  constructor(
    readonly key: string,
    /** null for a storage type this reader cannot decode (quantized, complex, ...): see `type`. */
    readonly dtype: TorchDtype | null,
    readonly location: string,
    /** Elements (bytes for an untyped storage), as the pickle says. */
    readonly numel: number,
    /** The storage class, e.g. `torch.HalfStorage`. */
    readonly type: string,
  ) {}
}

/** A tensor as a strided view of a storage (not yet read). */
export class TorchTensor implements PythonTyped {
  readonly pythonType = 'tensor';
  requiresGrad = false;
  isParameter = false;

  constructor(
    readonly storage: TorchStorage,
    readonly dtype: TorchDtype,
    /** In elements of dtype. */
    readonly offset: number,
    readonly shape: number[],
    /** In elements of dtype. */
    readonly stride: number[],
  ) {}

  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  get isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const size = this.shape[i] as number;
      if (size !== 1 && this.stride[i] !== expected) return false;
      expected *= size;
    }
    return true;
  }
}

function isNonNegInt(v: PickleValue): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function intList(v: PickleValue): number[] | null {
  if (!Array.isArray(v) || !v.every(isNonNegInt)) return null;
  return v as number[];
}

function rebuildTensor(fn: string, storage: PickleValue, offset: PickleValue, size: PickleValue, stride: PickleValue, dtype?: TorchDtype): TorchTensor {
  const shape = intList(size);
  const strides = intList(stride);
  if (!(storage instanceof TorchStorage) || !isNonNegInt(offset) || !shape || !strides || shape.length !== strides.length) {
    throw new PickleError(`${fn} got malformed arguments (storage, offset, size, stride)`);
  }
  const dt = dtype ?? storage.dtype;
  if (!dt) throw new PickleError(`unsupported storage type ${storage.type}`);
  return new TorchTensor(storage, dt, offset, [...shape], [...strides]);
}

function dtypeOf(v: PickleValue, fn: string): TorchDtype {
  const d = v instanceof PyGlobal && v.module === 'torch' ? TORCH_DTYPES[v.name] : undefined;
  if (!d) throw new PickleError(`${fn}: unsupported tensor dtype ${v instanceof PyGlobal ? v.path : typeName(v)}`);
  return d;
}

function asParameter(v: PickleValue, requiresGrad: PickleValue, fn: string): TorchTensor {
  if (!(v instanceof TorchTensor)) throw new PickleError(`${fn} expects a tensor, got ${typeName(v)}`);
  v.isParameter = true;
  v.requiresGrad = requiresGrad === true;
  return v;
}

/** torch's functions and classes that a torch.save pickle calls, run by the reader. */
const TORCH_CALLABLES: Readonly<Record<string, PickleCallable>> = {
  'torch.Size': (a) => {
    const dims = intList(a[0] ?? []);
    if (!dims) throw new PickleError('torch.Size expects a tuple of sizes');
    return [...dims];
  },
  'torch.device': (a) => (a.length > 1 && a[1] !== null ? `${String(a[0])}:${String(a[1])}` : String(a[0])),
  'torch._utils._rebuild_tensor': (a) => rebuildTensor('torch._utils._rebuild_tensor', a[0], a[1], a[2], a[3]),
  'torch._utils._rebuild_tensor_v2': (a) => {
    const t = rebuildTensor('torch._utils._rebuild_tensor_v2', a[0], a[1], a[2], a[3]);
    t.requiresGrad = a[4] === true;
    return t;
  },
  'torch._utils._rebuild_tensor_v3': (a) => {
    const fn = 'torch._utils._rebuild_tensor_v3';
    const t = rebuildTensor(fn, a[0], a[1], a[2], a[3], dtypeOf(a[6], fn));
    t.requiresGrad = a[4] === true;
    return t;
  },
  'torch._utils._rebuild_parameter': (a) => asParameter(a[0], a[1], 'torch._utils._rebuild_parameter'),
  'torch._utils._rebuild_parameter_with_state': (a) => asParameter(a[0], a[1], 'torch._utils._rebuild_parameter_with_state'),
  // `torch._tensor._rebuild_from_type_v2(func, new_type, args, state)`: a
  // tensor subclass; we keep the plain tensor `func(*args)`.
  'torch._tensor._rebuild_from_type_v2': rebuildFromType('torch._tensor._rebuild_from_type_v2'),
  'torch._tensor._rebuild_from_type': rebuildFromType('torch._tensor._rebuild_from_type'),
};

function rebuildFromType(path: string): PickleCallable {
  return (args, call) => {
    const [fn, , fnArgs] = args;
    if (!Array.isArray(fnArgs)) throw new PickleError(`${path} got malformed arguments`);
    return call(fn, fnArgs as PickleValue[]);
  };
}

function isTorchModule(module: string): boolean {
  return module === 'torch' || module.startsWith('torch.');
}

/** The torch.save persistent id ('storage', StorageType, key, location, numel) to a TorchStorage. */
export function torchPersistentLoad(): (pid: PickleValue) => PickleValue {
  const storages = new Map<string, TorchStorage>();
  return (pid) => {
    if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) {
      throw new PickleError(`unsupported persistent id ${Array.isArray(pid) ? `('${String(pid[0])}', ...)` : typeName(pid)}`);
    }
    const [, type, key, location, numel] = pid as PickleValue[];
    if (!(type instanceof PyGlobal) || typeof key !== 'string' || !isNonNegInt(numel)) {
      throw new PickleError('a storage persistent id is malformed');
    }
    // An unknown storage type is an error only when a tensor is built on it, so
    // that an unknown rebuild function (which comes later) is named instead.
    const dtype = (type.module === 'torch' ? STORAGE_DTYPES[type.name] : undefined) ?? null;
    let s = storages.get(key);
    if (!s) {
      s = new TorchStorage(key, dtype, typeof location === 'string' ? location : String(location), numel, type.path);
      storages.set(key, s);
    } else if (s.dtype !== dtype) {
      throw new PickleError(`storage ${key} is used with two dtypes`);
    }
    return s;
  };
}


/** Unpickles a torch.save pickle (`data.pkl`): storages become TorchStorage references. */
export function unpickleTorch(bytes: Uint8Array): PickleValue {
  return unpickle(bytes, { persistentLoad: torchPersistentLoad(), callables: TORCH_CALLABLES, strictModule: isTorchModule });
}
