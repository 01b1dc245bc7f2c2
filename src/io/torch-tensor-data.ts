/**
 * The values of a torch checkpoint's tensors: a strided view of a storage's
 * little-endian bytes, in any dtype, as float32 in row-major order.
 */
import { CheckpointError } from './checkpoint-types';
import { decodeFloat16, halfToFloat } from './float16';
import type { TensorData } from '../common/tensor';
import type { TorchDtype, TorchTensor } from './torch-pickle';
import { DTYPE_BYTES } from './torch-pickle';

/** The most elements one tensor may have (guards against absurd shapes in a damaged file). */
const MAX_NUMEL = 2 ** 27;

/** One tensor (a strided view of `storage`) as float32 values in row-major order. */
export function materialise(t: TorchTensor, storage: Uint8Array, name: string): TensorData {
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
