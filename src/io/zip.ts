/**
 * A small zip reader for PyTorch checkpoints (torch.save writes a zip of
 * stored entries: `archive/data.pkl`, `archive/data/0`, ...), browser- and
 * Node-safe. It reads the central directory (ZIP64 too), gives entries lazily
 * and checks each entry's CRC-32 when it is read, so that a corrupted file is
 * an error rather than silently wrong weights. Deflated entries are inflated
 * with fflate.
 */
import { SentenceError } from './sentence-error';
import { inflateSync } from 'fflate';

export class ZipError extends SentenceError {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header in the file. */
  localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** True when the bytes start like a zip (a local header, or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

export class ZipArchive {
  /** Entries by name, in central-directory order. */
  readonly entries: ReadonlyMap<string, ZipEntry>;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  /** Reads the central directory; entry data is read (and CRC-checked) on demand. */
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.entries = this.readDirectory();
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The entry's uncompressed bytes, CRC-checked. Stored entries come back as
   * a view into the file's bytes (no copy); do not write to them.
   */
  read(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipError(`the zip has no entry '${name}'`);
    return this.readEntry(entry);
  }

  readEntry(entry: ZipEntry): Uint8Array {
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.byteLength) throw new ZipError(`the zip is truncated: entry '${entry.name}' lies past its end`);
    if (this.view.getUint32(at, true) !== SIG_LOCAL) {
      throw new ZipError(`the zip is corrupted: entry '${entry.name}' has no local header where the directory says`);
    }
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.byteLength) throw new ZipError(`the zip is truncated: entry '${entry.name}' lies past its end`);
    const raw = this.bytes.subarray(start, end);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw new ZipError(`the zip is corrupted: stored entry '${entry.name}' has two different sizes`);
      data = raw;
    } else if (entry.method === 8) {
      // Deflate cannot expand data more than about 1032 times; a bigger claim is damage.
      if (entry.size > entry.compressedSize * 1032 + 1024 || entry.size > 0x7fffffff) {
        throw new ZipError(`the zip is corrupted: entry '${entry.name}' claims an impossible size`);
      }
      try {
        data = inflateSync(raw, { out: new Uint8Array(entry.size) });
      } catch (e) {
        throw new ZipError(`the zip is corrupted: entry '${entry.name}' does not inflate (${(e as Error).message})`);
      }
      if (data.byteLength !== entry.size) throw new ZipError(`the zip is corrupted: entry '${entry.name}' inflates to the wrong size`);
    } else {
      throw new ZipError(`zip entry '${entry.name}' uses compression method ${entry.method}; only stored and deflate are supported`);
    }
    if (crc32(data) !== entry.crc32) throw new ZipError(`the zip is corrupted: entry '${entry.name}' fails its CRC-32 check`);
    return data;
  }

  /** Every entry, read and checked. */
  readAll(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const entry of this.entries.values()) out.set(entry.name, this.readEntry(entry));
    return out;
  }

  private readDirectory(): Map<string, ZipEntry> {
    const { bytes, view } = this;
    if (!looksLikeZip(bytes)) throw new ZipError('not a zip file');
    const eocd = findEndOfCentralDirectory(bytes, view);
    if (eocd < 0) throw new ZipError('the zip is truncated or corrupted: its end-of-central-directory record is missing');
    let count = view.getUint16(eocd + 10, true);
    let dirSize = view.getUint32(eocd + 12, true);
    let dirOffset = view.getUint32(eocd + 16, true);
    const locator = eocd - 20;
    if (locator >= 0 && view.getUint32(locator, true) === SIG_ZIP64_LOCATOR) {
      const at = readUint64(view, locator + 8);
      if (at + 56 > eocd || view.getUint32(at, true) !== SIG_ZIP64_EOCD) {
        throw new ZipError('the zip is corrupted: its ZIP64 end-of-central-directory record is missing');
      }
      count = readUint64(view, at + 32);
      dirSize = readUint64(view, at + 40);
      dirOffset = readUint64(view, at + 48);
    }
    if (dirOffset + dirSize > bytes.byteLength || count * 46 > dirSize) {
      throw new ZipError('the zip is truncated or corrupted: its central directory lies outside the file');
    }
    const entries = new Map<string, ZipEntry>();
    const decoder = new TextDecoder();
    let p = dirOffset;
    const dirEnd = dirOffset + dirSize;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dirEnd || view.getUint32(p, true) !== SIG_CENTRAL) {
        throw new ZipError('the zip is corrupted: its central directory is damaged');
      }
      const method = view.getUint16(p + 10, true);
      const crc = view.getUint32(p + 16, true);
      let compressedSize = view.getUint32(p + 20, true);
      let size = view.getUint32(p + 24, true);
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      let localHeaderOffset = view.getUint32(p + 42, true);
      const next = p + 46 + nameLength + extraLength + commentLength;
      if (next > dirEnd) throw new ZipError('the zip is corrupted: its central directory is damaged');
      const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
      // ZIP64 extended information: the 64-bit values of the fields set to 0xffffffff, in order.
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = view.getUint16(e, true);
        const len = view.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          const take = (): number => {
            if (q + 8 > e + 4 + len) throw new ZipError(`the zip is corrupted: entry '${name}' has a short ZIP64 field`);
            const v = readUint64(view, q);
            q += 8;
            return v;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
        }
        e += 4 + len;
      }
      entries.set(name, { name, method, crc32: crc, compressedSize, size, localHeaderOffset });
      p = next;
    }
    return entries;
  }
}

/** Reads a zip's directory; entries are read lazily with `archive.read(name)`. */
export function readZip(bytes: Uint8Array): ZipArchive {
  return new ZipArchive(bytes);
}

/** Every entry of a zip, read and CRC-checked, by name. */
export function unzipAll(bytes: Uint8Array): Map<string, Uint8Array> {
  return new ZipArchive(bytes).readAll();
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const last = bytes.byteLength - EOCD_SIZE;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let i = last; i >= first; i--) {
    // The comment length must reach exactly to the end of the file.
    if (view.getUint32(i, true) === SIG_EOCD && i + EOCD_SIZE + view.getUint16(i + 20, true) === bytes.byteLength) return i;
  }
  return -1;
}

function readUint64(view: DataView, at: number): number {
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('the zip is corrupted: a 64-bit size or offset is out of range');
  return Number(v);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256 * 4);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  // Slicing-by-4 tables.
  for (let n = 0; n < 256; n++) {
    let c = table[n] as number;
    for (let t = 1; t < 4; t++) {
      c = (table[c & 0xff] as number) ^ (c >>> 8);
      table[t * 256 + n] = c >>> 0;
    }
  }
  return table;
})();

/** CRC-32 (the zip / PNG polynomial) of some bytes. */
export function crc32(data: Uint8Array): number {
  const t = CRC_TABLE;
  let c = 0xffffffff;
  let i = 0;
  const n4 = data.byteLength - (data.byteLength % 4);
  for (; i < n4; i += 4) {
    c ^= (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    c =
      (t[768 + (c & 0xff)] as number) ^
      (t[512 + ((c >>> 8) & 0xff)] as number) ^
      (t[256 + ((c >>> 16) & 0xff)] as number) ^
      (t[c >>> 24] as number);
  }
  for (; i < data.byteLength; i++) c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
