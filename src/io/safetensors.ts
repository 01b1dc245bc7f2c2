/**
 * The safetensors format: an 8-byte little-endian header length, a JSON
 * header ({name: {dtype, shape, data_offsets}}, plus `__metadata__` of
 * strings), then the raw little-endian tensor bytes.
 */
import { SentenceError } from './sentence-error';
import { decodeFloat16, encodeFloat16 } from './float16';
import type { TensorData } from './tensor';
import { numelOf } from './tensor';

export class SafetensorsError extends SentenceError {
  override name = 'SafetensorsError';
}

export interface Safetensors {
  tensors: Map<string, TensorData>;
  metadata: Record<string, string>;
  /** The dtype each tensor was stored in (F32, F16, ...). */
  dtypes: Map<string, string>;
}

const BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/** Reads a safetensors file; every tensor comes back as float32 values. */
export function readSafetensors(bytes: Uint8Array): Safetensors {
  if (bytes.byteLength < 8) throw new SafetensorsError('not a safetensors file: shorter than its 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength < 2 || 8 + headerLength > bytes.byteLength) {
    throw new SafetensorsError('not a safetensors file, or a truncated one: its header length is out of range');
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new SafetensorsError('not a safetensors file: its header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError('not a safetensors file: its header is not a JSON object');
  }
  const body = bytes.subarray(8 + headerLength);
  const tensors = new Map<string, TensorData>();
  const dtypes = new Map<string, string>();
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = readMetadata(info);
      continue;
    }
    const { dtype, shape, begin, end } = checkEntry(name, info, body.byteLength);
    tensors.set(name, { shape, data: decode(dtype, body.subarray(begin, end), name) });
    dtypes.set(name, dtype);
  }
  return { tensors, metadata, dtypes };
}

function readMetadata(info: unknown): Record<string, string> {
  if (typeof info !== 'object' || info === null) throw new SafetensorsError('safetensors __metadata__ must be an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(info)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function checkEntry(name: string, info: unknown, bodyLength: number) {
  const entry = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const { dtype, shape, data_offsets: offsets } = entry ?? {};
  if (typeof dtype !== 'string' || !(dtype in BYTES)) {
    throw new SafetensorsError(`tensor '${name}' has an unsupported dtype ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new SafetensorsError(`tensor '${name}' has an invalid shape`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o))) {
    throw new SafetensorsError(`tensor '${name}' has invalid data_offsets`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin < 0 || end < begin || end > bodyLength) {
    throw new SafetensorsError(`tensor '${name}' points outside the file (truncated?)`);
  }
  if (end - begin !== numelOf(shape as number[]) * (BYTES[dtype] as number)) {
    throw new SafetensorsError(`tensor '${name}' has ${end - begin} bytes, which does not fit its shape and dtype`);
  }
  return { dtype, shape: shape as number[], begin, end };
}

function decode(dtype: string, raw: Uint8Array, name: string): Float32Array {
  // Copy to an aligned buffer first: typed-array views need aligned offsets.
  const bytes = raw.slice();
  const buf = bytes.buffer;
  switch (dtype) {
    case 'F32':
      return new Float32Array(buf);
    case 'F16':
      return decodeFloat16(bytes);
    case 'F64':
      return Float32Array.from(new Float64Array(buf));
    case 'BF16': {
      const u16 = new Uint16Array(buf);
      const u32 = new Uint32Array(u16.length);
      for (let i = 0; i < u16.length; i++) u32[i] = (u16[i] as number) << 16;
      return new Float32Array(u32.buffer);
    }
    case 'I64':
      return Float32Array.from(new BigInt64Array(buf), (v) => Number(v));
    case 'I32':
      return Float32Array.from(new Int32Array(buf));
    case 'I16':
      return Float32Array.from(new Int16Array(buf));
    case 'I8':
      return Float32Array.from(new Int8Array(buf));
    case 'U8':
    case 'BOOL':
      return Float32Array.from(bytes);
    default:
      throw new SafetensorsError(`tensor '${name}' has an unsupported dtype ${dtype}`);
  }
}

/** Writes tensors as F32 or F16 safetensors, with string metadata. */
export function writeSafetensors(
  tensors: Map<string, TensorData>,
  metadata: Record<string, string> = {},
  dtype: 'F32' | 'F16' = 'F32',
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header['__metadata__'] = metadata;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    const blob = dtype === 'F16' ? encodeFloat16(t.data) : new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + blob.byteLength] };
    blobs.push(blob);
    offset += blob.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((new TextEncoder().encode(json).byteLength) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.byteLength), true);
  out.set(head, 8);
  let pos = 8 + head.byteLength;
  for (const b of blobs) {
    out.set(b, pos);
    pos += b.byteLength;
  }
  return out;
}
