import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16, floatToHalf, halfToFloat } from '../../src/io/float16';
import { readSafetensors, SafetensorsError, writeSafetensors } from '../../src/io/safetensors';
import type { TensorData } from '../../src/io/tensor';
import { readFixtureBytes } from '../helpers/fixtures';

describe('float16', () => {
  it('decodes known bit patterns', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
  });

  it('round-trips every finite float16 value', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const v = halfToFloat(bits);
      if (Number.isNaN(v)) continue;
      expect(floatToHalf(v)).toBe(bits);
    }
  });

  it('rounds to nearest even like numpy', () => {
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway: to even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalf(1e6)).toBe(0x7c00);
    const values = [0.1, -3.14159, 1e-3, 123.456];
    expect(Array.from(decodeFloat16(encodeFloat16(values))).map((v, i) => Math.abs(v - values[i]!) <= Math.abs(values[i]!) * 1e-3)).toEqual([true, true, true, true]);
  });
});

describe('safetensors', () => {
  const tensors = new Map<string, TensorData>([
    ['a.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6.5]) }],
    ['b', { shape: [1], data: Float32Array.from([-0.25]) }],
  ]);

  it('round-trips F32 and F16 with metadata', () => {
    for (const dtype of ['F32', 'F16'] as const) {
      const st = readSafetensors(writeSafetensors(tensors, { config: '{"nc": 80}' }, dtype));
      expect(st.metadata).toEqual({ config: '{"nc": 80}' });
      expect(st.dtypes.get('a.weight')).toBe(dtype);
      expect(st.tensors.get('a.weight')).toEqual(tensors.get('a.weight'));
      expect(st.tensors.get('b')).toEqual(tensors.get('b'));
    }
  });

  it('reads the reference golden files (written by Python)', () => {
    const st = readSafetensors(readFixtureBytes('akconv/akconv_n5_s2_1x4x7x7_ij.safetensors'));
    expect(st.metadata['indexing']).toBe('ij');
    expect(st.tensors.get('module.p_conv.weight')?.shape).toEqual([10, 4, 3, 3]);
  });

  it('reads float16 weights exactly', () => {
    const st = readSafetensors(readFixtureBytes('models/yolov5n.f16.safetensors'));
    expect(st.dtypes.get('model.0.conv.weight')).toBe('F16');
    expect(st.tensors.get('model.0.conv.weight')?.shape).toEqual([16, 3, 6, 6]);
  });

  it('gives one clear error for bad input', () => {
    const good = writeSafetensors(tensors);
    expect(() => readSafetensors(new Uint8Array(3))).toThrowError(SafetensorsError);
    expect(() => readSafetensors(good.subarray(0, good.length - 4))).toThrowError(/points outside the file/);
    const notJson = good.slice();
    notJson[8] = 0x7a;
    expect(() => readSafetensors(notJson)).toThrowError(/header is not JSON/);
    expect(() => readSafetensors(new TextEncoder().encode('PK\u0003\u0004 this is a zip'))).toThrowError(/header length is out of range/);
  });
});
