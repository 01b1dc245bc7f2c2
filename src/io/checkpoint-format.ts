/**
 * Which checkpoint format a file holds, from its first bytes, and a
 * one-sentence error naming what it is instead when it is neither.
 */
import { CheckpointError } from './checkpoint-types';
import { looksLikeZip } from './zip';

export type CheckpointFormat = 'pt' | 'safetensors';

const LEGACY_TORCH_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

/** The file's checkpoint format; throws CheckpointError for anything else. */
export function checkpointFormat(bytes: Uint8Array): CheckpointFormat {
  if (bytes.byteLength === 0) throw new CheckpointError('the file is empty');
  if (looksLikeZip(bytes)) return 'pt';
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  if (LEGACY_TORCH_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new CheckpointError('this is a legacy (pre-1.6) PyTorch file, not a zip; load it in PyTorch and save it again with torch.save');
  }
  if (looksLikeText(bytes)) {
    throw new CheckpointError('this is a text file, not a model checkpoint: expected a PyTorch .pt (zip) or a .safetensors file');
  }
  throw new CheckpointError('unknown file format: expected a PyTorch .pt checkpoint (a zip) or a .safetensors file');
}

function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 10) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  return n >= 2n && 8n + n <= BigInt(bytes.byteLength) && bytes[8] === 0x7b; // '{'
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
