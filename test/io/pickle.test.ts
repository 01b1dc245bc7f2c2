import { describe, expect, it } from 'vitest';
import type { PickleValue } from '../../src/io/pickle';
import { PickleError, PyGlobal, PyObject, unpickle } from '../../src/io/pickle';
import { readFixtureBytes, readFixtureText } from '../helpers/fixtures';

/** Our values in the tagged JSON that scripts/checkpoints/make.py writes for the Python values. */
function tagged(v: PickleValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return { __int__: v.toString() };
  if (v instanceof Uint8Array) return { __bytes__: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return v.map(tagged);
  if (v instanceof Set) return { __set__: [...v].map(tagged) };
  if (v instanceof Map) return { __dict__: [...v].map(([k, x]) => [tagged(k), tagged(x)]) };
  if (v instanceof PyObject) return { __class__: v.__class__, state: tagged(v.state) };
  throw new Error(`unexpected value ${String(v)}`);
}

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('pickle machine', () => {
  it.each([2, 4, 5])('reads protocol %i values exactly as Python wrote them', (proto) => {
    const value = unpickle(readFixtureBytes(`checkpoints/values.p${proto}.pkl`));
    expect(tagged(value)).toEqual(JSON.parse(readFixtureText(`checkpoints/values.p${proto}.json`)));
  });

  it('keeps shared references shared (memo)', () => {
    const value = unpickle(readFixtureBytes('checkpoints/values.p4.pkl')) as Map<string, PickleValue>;
    const shared = value.get('shared') as PickleValue[];
    expect(shared[0]).toBe(shared[1]);
    const keyed = value.get('keyed') as PyObject;
    expect(keyed.__class__).toBe('fixture_things.Keyed');
    expect(keyed.args).toEqual([5]);
    expect(keyed.kwargs).toEqual(new Map([['k', 'kw']]));
  });

  it('names unsupported opcodes and protocols', () => {
    expect(() => unpickle(bytes(0x80, 0x02, 0x82, 0x01, 0x2e))).toThrow(new PickleError('unsupported pickle opcode 0x82 (EXT1) at byte 2'));
    expect(() => unpickle(bytes(0x80, 0x02, 0x49))).toThrow(/unsupported pickle opcode 0x49 \(INT\)/);
    expect(() => unpickle(bytes(0x80, 0x02, 0xff))).toThrow(/unsupported pickle opcode 0xff at byte 2/);
    expect(() => unpickle(bytes(0x80, 0x06, 0x4e, 0x2e))).toThrow(/pickle protocol 6 is newer than this reader supports/);
  });

  it('rejects damaged pickles with PickleErrors', () => {
    expect(() => unpickle(bytes(0x80, 0x02, 0x4e))).toThrow(new PickleError('the pickle is truncated'));
    expect(() => unpickle(bytes(0x80, 0x02, 0x58, 0xff, 0xff, 0xff, 0x00))).toThrow(/truncated/);
    expect(() => unpickle(bytes(0x80, 0x02, 0x2e))).toThrow(/stack underflows/);
    expect(() => unpickle(bytes(0x80, 0x02, 0x68, 0x05, 0x2e))).toThrow(/memo 5 is not set/);
    expect(() => unpickle(bytes(0x80, 0x02, 0x74, 0x2e))).toThrow(/no MARK/);
    expect(() => unpickle(bytes(0x80, 0x02, 0x4e, 0x4e, 0x52, 0x2e))).toThrow(/REDUCE arguments are a None/);
  });

  it('makes unknown classes plain objects and refuses unknown functions of a strict module', () => {
    const enc = new TextEncoder();
    const global = (m: string, n: string): number[] => [0x63, ...enc.encode(`${m}\n${n}\n`)];
    // models.yolo.DetectionModel.__new__() then BUILD({'a': 1})
    const obj = unpickle(bytes(0x80, 0x02, ...global('models.yolo', 'DetectionModel'), 0x29, 0x81, 0x7d, 0x58, 1, 0, 0, 0, 0x61, 0x4b, 1, 0x73, 0x62, 0x2e));
    expect(obj).toBeInstanceOf(PyObject);
    expect((obj as PyObject).__class__).toBe('models.yolo.DetectionModel');
    expect((obj as PyObject).attributes.get('a')).toBe(1);
    // A bare global is a reference, not a call.
    expect(unpickle(bytes(0x80, 0x02, ...global('torch', 'float16'), 0x2e))).toEqual(new PyGlobal('torch', 'float16'));
    // numpy's _reconstruct is an unknown function outside torch: opaque.
    expect((unpickle(bytes(0x80, 0x02, ...global('numpy.core.multiarray', '_reconstruct'), 0x29, 0x52, 0x2e)) as PyObject).__class__).toBe('numpy.core.multiarray._reconstruct');
    // A module the caller claims (strictModule): its unknown functions are errors that name them.
    const strict = { strictModule: (m: string) => m === 'numpy.core.multiarray' };
    expect(() => unpickle(bytes(0x80, 0x02, ...global('numpy.core.multiarray', '_reconstruct'), 0x29, 0x52, 0x2e), strict)).toThrow(
      /unsupported pickle global 'numpy.core.multiarray._reconstruct'/,
    );
    // Python 2 names map as Python 3 does: __builtin__.set -> builtins.set.
    expect(unpickle(bytes(0x80, 0x02, ...global('__builtin__', 'set'), 0x5d, 0x4b, 7, 0x61, 0x85, 0x52, 0x2e))).toEqual(new Set([7]));
  });

  it('needs a loader for persistent ids', () => {
    expect(() => unpickle(bytes(0x80, 0x02, 0x4e, 0x51, 0x2e))).toThrow(/persistent id, but no loader/);
  });
});
