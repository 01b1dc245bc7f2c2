import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, looksLikeZip, readZip, unzipAll, ZipError } from '../../src/io/zip';
import { readFixtureBytes } from '../helpers/fixtures';

const enc = new TextEncoder();

describe('zip reader', () => {
  it('computes CRC-32 like zlib', () => {
    expect(crc32(enc.encode(''))).toBe(0);
    expect(crc32(enc.encode('hello'))).toBe(0x3610a686);
    expect(crc32(enc.encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    // Lengths that are not multiples of 4 go through the byte-wise tail.
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
  });

  it('reads a torch.save zip (ZIP64 end records, data descriptors, stored entries)', () => {
    const bytes = readFixtureBytes('checkpoints/yolov5n_tiny.pt');
    expect(looksLikeZip(bytes)).toBe(true);
    const zip = readZip(bytes);
    expect(zip.names[0]).toBe('yolov5n_tiny/data.pkl');
    expect(zip.has('yolov5n_tiny/version')).toBe(true);
    expect(new TextDecoder().decode(zip.read('yolov5n_tiny/version')).trim()).toBe('3');
    const pkl = zip.read('yolov5n_tiny/data.pkl');
    expect(pkl[0]).toBe(0x80); // PROTO
    expect(pkl[pkl.length - 1]).toBe(0x2e); // STOP
    for (const e of zip.entries.values()) expect(e.method).toBe(0);
    expect(unzipAll(bytes).size).toBe(zip.entries.size);
  });

  it('reads stored and deflated entries written by another zip writer', () => {
    const big = new Uint8Array(5000).map((_, i) => i % 7);
    const bytes = zipSync({ 'a/stored.bin': [big, { level: 0 }], 'a/deflated.bin': [big, { level: 9 }], 'empty.txt': new Uint8Array(0) });
    const zip = readZip(bytes);
    expect(zip.entries.get('a/stored.bin')?.method).toBe(0);
    expect(zip.entries.get('a/deflated.bin')?.method).toBe(8);
    expect(zip.read('a/stored.bin')).toEqual(big);
    expect(zip.read('a/deflated.bin')).toEqual(big);
    expect(zip.read('empty.txt').byteLength).toBe(0);
  });

  it('reads ZIP64 extra fields (sizes and offsets of 0xffffffff in the directory)', () => {
    const name = enc.encode('big/entry.bin');
    const data = enc.encode('zip64 payload');
    const crc = crc32(data);
    const parts: number[] = [];
    const u16 = (v: number): void => void parts.push(v & 0xff, (v >>> 8) & 0xff);
    const u32 = (v: number): void => void parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    const u64 = (v: number): void => (u32(v), u32(0));
    // local header (sizes in its own ZIP64 extra), then the data
    u32(0x04034b50); u16(45); u16(0); u16(0); u16(0); u16(0); u32(crc); u32(0xffffffff); u32(0xffffffff);
    u16(name.length); u16(20); parts.push(...name); u16(1); u16(16); u64(data.length); u64(data.length);
    parts.push(...data);
    const cd = parts.length;
    // central directory entry: size, compressed size and offset all in the ZIP64 extra
    u32(0x02014b50); u16(45); u16(45); u16(0); u16(0); u16(0); u16(0); u32(crc); u32(0xffffffff); u32(0xffffffff);
    u16(name.length); u16(28); u16(0); u16(0); u16(0); u32(0); u32(0xffffffff); parts.push(...name);
    u16(1); u16(24); u64(data.length); u64(data.length); u64(0);
    const cdSize = parts.length - cd;
    const z64 = parts.length;
    u32(0x06064b50); u64(44); u16(45); u16(45); u32(0); u32(0); u64(1); u64(1); u64(cdSize); u64(cd);
    u32(0x07064b50); u32(0); u64(z64); u32(1);
    u32(0x06054b50); u16(0); u16(0); u16(0xffff); u16(0xffff); u32(0xffffffff); u32(0xffffffff); u16(0);
    const zip = readZip(Uint8Array.from(parts));
    expect(zip.entries.get('big/entry.bin')).toMatchObject({ size: data.length, compressedSize: data.length, localHeaderOffset: 0 });
    expect(new TextDecoder().decode(zip.read('big/entry.bin'))).toBe('zip64 payload');
  });

  it('explains what is wrong', () => {
    const bytes = zipSync({ 'x.bin': [new Uint8Array(300).fill(3), { level: 0 }] });
    expect(() => readZip(enc.encode('hello, not a zip'))).toThrow(new ZipError('not a zip file'));
    expect(() => readZip(bytes.subarray(0, bytes.length - 10))).toThrow(/truncated or corrupted: its end-of-central-directory record is missing/);
    expect(() => readZip(bytes).read('y.bin')).toThrow(/the zip has no entry 'y.bin'/);
    const flipped = bytes.slice();
    flipped[100] = (flipped[100] as number) ^ 0x40; // inside the stored data
    expect(() => readZip(flipped).read('x.bin')).toThrow(/entry 'x.bin' fails its CRC-32 check/);
    const deflated = zipSync({ 'd.bin': [new Uint8Array(3000).map((_, i) => (i * 31) % 251), { level: 6 }] });
    const broken = deflated.slice();
    for (let i = 40; i < 60; i++) broken[i] = 0xff;
    expect(() => readZip(broken).read('d.bin')).toThrow(ZipError);
  });
});
