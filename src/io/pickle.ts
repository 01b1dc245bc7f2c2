/**
 * A pickle reader (protocols 2 to 5) that builds plain data and never runs
 * or evaluates anything from the file. PyTorch's part (storages, tensors,
 * dtypes) is in torch-pickle.ts.
 *
 * - Python values map to JS: None -> null, bool -> boolean, int -> number
 *   (bigint beyond 2^53), float -> number, str -> string, bytes / bytearray
 *   -> Uint8Array, list and tuple -> array, dict and OrderedDict -> Map, set /
 *   frozenset -> Set.
 * - A global (class or function) read by GLOBAL / STACK_GLOBAL is a PyGlobal.
 *   Calling one (REDUCE, NEWOBJ, ...) runs a small built-in table (OrderedDict,
 *   set, bytes, copyreg, ...) plus the caller's `callables`; any other class
 *   becomes a PyObject {__class__, args, state} (nn.Module subclasses of a
 *   checkpoint: `models.yolo.DetectionModel`, `torch.nn.modules.conv.Conv2d`,
 *   ...). An unknown function is opaque (a PyObject named after it) unless
 *   the caller's `strictModule` claims its module: then it is an error that
 *   names it.
 * - Persistent ids (BINPERSID) go to the caller's `persistentLoad`.
 */
import { SentenceError } from './sentence-error';


export class PickleError extends SentenceError {
  override name = 'PickleError';
}

/** A value the pickle built; narrow it with the classes and guards below. */
export type PickleValue = unknown;

/** A reference to a Python class or function by module and name. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  get path(): string {
    return `${this.module}.${this.name}`;
  }
}

/**
 * An instance of a class this reader does not model (or the opaque result
 * of a function it does not run): its class path, the arguments it was
 * created with, and the state BUILD gave it (for nn.Modules a Map with
 * `_modules`, `_parameters`, `_buffers`, ...).
 */
export class PyObject {
  args: PickleValue[];
  kwargs: Map<PickleValue, PickleValue> | null = null;
  state: PickleValue = undefined;
  /** Items appended to a list subclass (APPENDS). */
  listItems: PickleValue[] | null = null;
  /** Items set on a dict subclass (SETITEMS). */
  dictItems: Map<PickleValue, PickleValue> | null = null;

  constructor(
    readonly __class__: string,
    args: PickleValue[] = [],
  ) {
    this.args = args;
  }

  /** The state as a Map of attribute name to value (empty when there is none). */
  get attributes(): Map<PickleValue, PickleValue> {
    return this.state instanceof Map ? this.state : new Map();
  }
}

/**
 * A function or class the reader runs itself, by `module.name`. `call`
 * calls another global (for wrappers such as torch's rebuild-from-type).
 */
export type PickleCallable = (args: PickleValue[], call: (callable: PickleValue, args: PickleValue[]) => PickleValue) => PickleValue;

export interface UnpickleOptions {
  /** Called for BINPERSID; without it persistent ids are an error. */
  persistentLoad?: (pid: PickleValue) => PickleValue;
  /** More globals to run, beside the built-in ones (collections, builtins, copyreg). */
  callables?: Readonly<Record<string, PickleCallable>>;
  /**
   * Modules whose unknown functions are an error instead of an opaque
   * PyObject: those build data (tensors) that the caller would need.
   */
  strictModule?: (module: string) => boolean;
}

/**
 * A value a callable built (a tensor, a storage) may name its Python type
 * for messages, and BUILD leaves its Python-level attributes alone.
 */
export interface PythonTyped {
  readonly pythonType: string;
}

function isPythonTyped(v: PickleValue): v is PythonTyped {
  return typeof v === 'object' && v !== null && typeof (v as Partial<PythonTyped>).pythonType === 'string';
}

const OPCODE_NAMES: Readonly<Record<number, string>> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT',
  0x4a: 'BININT', 0x4b: 'BININT1', 0x4c: 'LONG', 0x4d: 'BININT2', 0x4e: 'NONE', 0x50: 'PERSID',
  0x51: 'BINPERSID', 0x52: 'REDUCE', 0x53: 'STRING', 0x54: 'BINSTRING', 0x55: 'SHORT_BINSTRING',
  0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x61: 'APPEND', 0x62: 'BUILD', 0x63: 'GLOBAL', 0x64: 'DICT',
  0x7d: 'EMPTY_DICT', 0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET', 0x69: 'INST', 0x6a: 'LONG_BINGET',
  0x6c: 'LIST', 0x5d: 'EMPTY_LIST', 0x6f: 'OBJ', 0x70: 'PUT', 0x71: 'BINPUT', 0x72: 'LONG_BINPUT',
  0x73: 'SETITEM', 0x74: 'TUPLE', 0x29: 'EMPTY_TUPLE', 0x75: 'SETITEMS', 0x47: 'BINFLOAT',
  0x80: 'PROTO', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x85: 'TUPLE1', 0x86: 'TUPLE2',
  0x87: 'TUPLE3', 0x88: 'NEWTRUE', 0x89: 'NEWFALSE', 0x8a: 'LONG1', 0x8b: 'LONG4', 0x42: 'BINBYTES',
  0x43: 'SHORT_BINBYTES', 0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8', 0x8f: 'EMPTY_SET',
  0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE', 0x95: 'FRAME',
  0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

function opcodeText(op: number): string {
  const name = OPCODE_NAMES[op];
  return `0x${op.toString(16).padStart(2, '0')}${name ? ` (${name})` : ''}`;
}

/** Python 2 module names that Python 3's unpickler maps (fix_imports). */
const MODULE_ALIASES: Readonly<Record<string, string>> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function toBytes(text: PickleValue, encoding: PickleValue, fn: string): Uint8Array {
  if (text instanceof Uint8Array) return text.slice();
  if (typeof text !== 'string') throw new PickleError(`${fn} expects a string, got ${typeName(text)}`);
  const enc = typeof encoding === 'string' ? encoding.toLowerCase().replace('_', '-') : 'utf-8';
  if (enc === 'latin1' || enc === 'latin-1' || enc === 'iso-8859-1') {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 255) throw new PickleError(`${fn}: a latin-1 string holds a character above 255`);
      out[i] = c;
    }
    return out;
  }
  if (enc === 'utf-8' || enc === 'utf8') return new TextEncoder().encode(text);
  throw new PickleError(`${fn}: unsupported encoding ${String(encoding)}`);
}

function toMap(v: PickleValue, fn: string): Map<PickleValue, PickleValue> {
  const out = new Map<PickleValue, PickleValue>();
  if (v === undefined) return out;
  if (v instanceof Map) return new Map(v);
  if (Array.isArray(v)) {
    for (const pair of v) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new PickleError(`${fn} expects (key, value) pairs`);
      out.set(pair[0], pair[1]);
    }
    return out;
  }
  throw new PickleError(`${fn} expects a dict or a list of pairs, got ${typeName(v)}`);
}

function toSet(v: PickleValue, fn: string): Set<PickleValue> {
  if (v === undefined) return new Set();
  if (Array.isArray(v) || v instanceof Set) return new Set(v);
  throw new PickleError(`${fn} expects a list, got ${typeName(v)}`);
}

/** A value's Python type name, for messages. */
export function typeName(v: PickleValue): string {
  if (v === null) return 'None';
  if (v instanceof PyObject) return v.__class__;
  if (v instanceof PyGlobal) return v.path;
  if (v instanceof Map) return 'dict';
  if (v instanceof Set) return 'set';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  if (isPythonTyped(v)) return v.pythonType;
  return typeof v;
}


/** Functions and classes the reader always runs itself (by `module.name`). */
const BUILTIN_CALLABLES: Readonly<Record<string, PickleCallable>> = {
  'collections.OrderedDict': (a) => toMap(a[0], 'collections.OrderedDict'),
  'builtins.dict': (a) => toMap(a[0], 'builtins.dict'),
  'builtins.set': (a) => toSet(a[0], 'builtins.set'),
  'builtins.frozenset': (a) => toSet(a[0], 'builtins.frozenset'),
  'builtins.list': (a) => (a[0] === undefined ? [] : [...toSet(a[0], 'builtins.list')]),
  'builtins.tuple': (a) => (a[0] === undefined ? [] : Array.isArray(a[0]) ? [...(a[0] as PickleValue[])] : [...toSet(a[0], 'builtins.tuple')]),
  'builtins.bytes': (a) => (a[0] === undefined ? new Uint8Array(0) : toBytes(a[0], a[1], 'builtins.bytes')),
  'builtins.bytearray': (a) => (a[0] === undefined ? new Uint8Array(0) : toBytes(a[0], a[1], 'builtins.bytearray')),
  '_codecs.encode': (a) => toBytes(a[0], a[1], '_codecs.encode'),
  'copyreg._reconstructor': (a) => {
    const cls = a[0];
    if (!(cls instanceof PyGlobal)) throw new PickleError('copyreg._reconstructor expects a class');
    return new PyObject(cls.path, []);
  },
};

interface CallContext {
  callables: Readonly<Record<string, PickleCallable>>;
  strictModule: (module: string) => boolean;
}

/** Calls a global with arguments, by the rules in this file's header. */
function callGlobal(callable: PickleValue, args: PickleValue[], viaNew: boolean, ctx: CallContext, depth = 0): PickleValue {
  if (!(callable instanceof PyGlobal)) {
    throw new PickleError(`the pickle calls a ${typeName(callable)}, which is not a class or function`);
  }
  const path = callable.path;
  const known = ctx.callables[path];
  if (known) {
    return known(args, (inner, innerArgs) => {
      // A wrapper calling a wrapper: bounded, so a hostile pickle cannot recurse without end.
      if (depth >= 8) throw new PickleError(`${path} got malformed arguments`);
      return callGlobal(inner, innerArgs, false, ctx, depth + 1);
    });
  }
  const isClass = viaNew || /^[A-Z]/.test(callable.name);
  if (!isClass && ctx.strictModule(callable.module)) {
    throw new PickleError(`unsupported pickle global '${path}': this reader cannot rebuild what it makes`);
  }
  return new PyObject(path, args);
}

/** Runs the pickle machine over `bytes` and returns the object it builds. */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): PickleValue {
  const ctx: CallContext = {
    callables: { ...BUILTIN_CALLABLES, ...options.callables },
    strictModule: options.strictModule ?? (() => false),
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength;
  let pos = 0;
  let stack: PickleValue[] = [];
  const metastack: PickleValue[][] = [];
  const memo = new Map<number, PickleValue>();

  const need = (k: number): void => {
    if (pos + k > n) throw new PickleError('the pickle is truncated');
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++] as number;
  };
  const u16 = (): number => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(n)) throw new PickleError('the pickle is truncated');
    return Number(v);
  };
  const take = (k: number): Uint8Array => {
    need(k);
    const out = bytes.subarray(pos, pos + k);
    pos += k;
    return out;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new PickleError('the pickle is truncated');
    const s = utf8.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PickleValue => {
    if (stack.length === 0) throw new PickleError('the pickle is corrupted: its stack underflows');
    return stack.pop();
  };
  const top = (): PickleValue => {
    if (stack.length === 0) throw new PickleError('the pickle is corrupted: its stack underflows');
    return stack[stack.length - 1];
  };
  const popMark = (): PickleValue[] => {
    const items = stack;
    const prev = metastack.pop();
    if (!prev) throw new PickleError('the pickle is corrupted: no MARK to pop to');
    stack = prev;
    return items;
  };
  const getMemo = (i: number): PickleValue => {
    if (!memo.has(i)) throw new PickleError(`the pickle is corrupted: memo ${i} is not set`);
    return memo.get(i);
  };
  const makeGlobal = (module: string, name: string): PyGlobal => new PyGlobal(MODULE_ALIASES[module] ?? module, name);
  const long = (b: Uint8Array): number | bigint => {
    if (b.byteLength === 0) return 0;
    let v = 0n;
    for (let i = b.byteLength - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
    if ((b[b.byteLength - 1] as number) & 0x80) v -= 1n << BigInt(8 * b.byteLength);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const setItems = (target: PickleValue, items: PickleValue[]): void => {
    if (items.length % 2 !== 0) throw new PickleError('the pickle is corrupted: SETITEMS has an odd number of items');
    let map: Map<PickleValue, PickleValue>;
    if (target instanceof Map) map = target;
    else if (target instanceof PyObject) map = target.dictItems ??= new Map();
    else throw new PickleError(`the pickle sets items on a ${typeName(target)}`);
    for (let i = 0; i < items.length; i += 2) map.set(items[i], items[i + 1]);
  };
  const appendItems = (target: PickleValue, items: PickleValue[]): void => {
    if (Array.isArray(target)) for (const it of items) target.push(it);
    else if (target instanceof PyObject) (target.listItems ??= []).push(...items);
    else throw new PickleError(`the pickle appends to a ${typeName(target)}`);
  };

  for (;;) {
    const at = pos;
    const op = u8();
    switch (op) {
      case 0x80: { // PROTO
        const proto = u8();
        if (proto > 5) throw new PickleError(`pickle protocol ${proto} is newer than this reader supports (2 to 5)`);
        break;
      }
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        metastack.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        if (stack.length) stack.pop();
        else popMark();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(long(take(u8())));
        break;
      case 0x8b: { // LONG4
        need(4);
        const len = view.getInt32(pos, true);
        pos += 4;
        if (len < 0) throw new PickleError('the pickle is corrupted: LONG4 has a negative length');
        stack.push(long(take(len)));
        break;
      }
      case 0x47: // BINFLOAT (big endian)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8.decode(take(u64())));
        break;
      case 0x54: { // BINSTRING (Python 2 str)
        need(4);
        const len = view.getInt32(pos, true);
        pos += 4;
        if (len < 0) throw new PickleError('the pickle is corrupted: BINSTRING has a negative length');
        stack.push(latin1.decode(take(len)));
        break;
      }
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x98: // READONLY_BUFFER: no-op on in-band data
        top();
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: { // TUPLE2
        const b = pop();
        const a = pop();
        stack.push([a, b]);
        break;
      }
      case 0x87: { // TUPLE3
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push([a, b, c]);
        break;
      }
      case 0x74: // TUPLE
      case 0x6c: { // LIST
        const items = popMark(); // (before reading `stack`, which popMark replaces)
        stack.push(items);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: { // DICT
        const items = popMark();
        const d = new Map<PickleValue, PickleValue>();
        setItems(d, items);
        stack.push(d);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x91: { // FROZENSET
        const items = popMark();
        stack.push(new Set(items));
        break;
      }
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) throw new PickleError(`the pickle adds items to a ${typeName(s)}`);
        for (const it of items) s.add(it);
        break;
      }
      case 0x61: { // APPEND
        const v = pop();
        appendItems(top(), [v]);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x68: // BINGET
        stack.push(getMemo(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(getMemo(u32()));
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x63: { // GLOBAL
        const module = line();
        const name = line();
        stack.push(makeGlobal(module, name));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new PickleError('the pickle is corrupted: STACK_GLOBAL needs two strings');
        stack.push(makeGlobal(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const fn = pop();
        if (!Array.isArray(args)) throw new PickleError(`the pickle is corrupted: REDUCE arguments are a ${typeName(args)}, not a tuple`);
        stack.push(callGlobal(fn, args as PickleValue[], false, ctx));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop();
        const cls = pop();
        if (!Array.isArray(args)) throw new PickleError('the pickle is corrupted: NEWOBJ arguments are not a tuple');
        stack.push(callGlobal(cls, args as PickleValue[], true, ctx));
        break;
      }
      case 0x92: { // NEWOBJ_EX
        const kwargs = pop();
        const args = pop();
        const cls = pop();
        if (!Array.isArray(args) || !(kwargs instanceof Map)) throw new PickleError('the pickle is corrupted: NEWOBJ_EX arguments are malformed');
        const obj = callGlobal(cls, args as PickleValue[], true, ctx);
        if (obj instanceof PyObject && kwargs.size) obj.kwargs = kwargs;
        stack.push(obj);
        break;
      }
      case 0x6f: { // OBJ
        const items = popMark();
        if (items.length === 0) throw new PickleError('the pickle is corrupted: OBJ without a class');
        stack.push(callGlobal(items[0], items.slice(1), true, ctx));
        break;
      }
      case 0x69: { // INST
        const module = line();
        const name = line();
        const args = popMark();
        stack.push(callGlobal(makeGlobal(module, name), args, true, ctx));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const obj = top();
        build(obj, state);
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) throw new PickleError('the pickle holds a persistent id, but no loader was given for it');
        stack.push(options.persistentLoad(pid));
        break;
      }
      default:
        throw new PickleError(`unsupported pickle opcode ${opcodeText(op)} at byte ${at}`);
    }
  }
}

/** BUILD: sets an object's state (a dict, or a (dict, slots) pair, merged). */
function build(obj: PickleValue, state: PickleValue): void {
  if (state === null || state === undefined) return;
  let merged: PickleValue = state;
  if (Array.isArray(state) && state.length === 2 && (state[0] === null || state[0] instanceof Map) && (state[1] === null || state[1] instanceof Map)) {
    merged = new Map([...((state[0] as Map<PickleValue, PickleValue> | null) ?? []), ...((state[1] as Map<PickleValue, PickleValue> | null) ?? [])]);
  }
  if (obj instanceof PyObject) {
    if (obj.state instanceof Map && merged instanceof Map) for (const [k, v] of merged) obj.state.set(k, v);
    else obj.state = merged;
    return;
  }
  if (isPythonTyped(obj) || obj instanceof Map || Array.isArray(obj) || obj instanceof Set) return; // python-level attributes we do not need
  throw new PickleError(`the pickle sets state on a ${typeName(obj)}`);
}
