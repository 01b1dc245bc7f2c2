import { describe, expect, it } from 'vitest';
import { openTorchFile } from '../../src/io/checkpoint';
import type { PickleValue } from '../../src/io/pickle';
import { TorchTensor, unpickleTorch } from '../../src/io/torch-pickle';
import { readFixtureBytes, readFixtureSafetensors } from '../helpers/fixtures';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('torch pickles', () => {
  it('refuses unknown torch functions by name, and persistent ids that are not storages', () => {
    const enc = new TextEncoder();
    const global = (m: string, n: string): number[] => [0x63, ...enc.encode(`${m}\n${n}\n`)];
    expect(() => unpickleTorch(bytes(0x80, 0x02, ...global('torch._utils', '_rebuild_sparse_tensor'), 0x29, 0x52, 0x2e))).toThrow(
      /unsupported pickle global 'torch._utils._rebuild_sparse_tensor'/,
    );
    expect(() => unpickleTorch(bytes(0x80, 0x02, 0x4e, 0x51, 0x2e))).toThrow(/unsupported persistent id None/);
  });
});

describe('torch tensors: strided views and dtypes', () => {
  const expected = readFixtureSafetensors('checkpoints/views.expected.safetensors').tensors;

  it.each(['views.pt', 'views.p4.pt'])('%s: every view decodes to the values torch gives', (file) => {
    const torchFile = openTorchFile(readFixtureBytes(`checkpoints/${file}`));
    const root = torchFile.root as Map<string, PickleValue>;
    expect([...root.keys()]).toEqual([...expected.keys()]);
    for (const [name, t] of root) {
      expect(t, name).toBeInstanceOf(TorchTensor);
      const got = torchFile.tensorData(t as TorchTensor, name);
      const want = expected.get(name)!;
      expect(got.shape, name).toEqual(want.shape);
      expect(Array.from(got.data), name).toEqual(Array.from(want.data));
    }
  });

  it('keeps the view layout and the dtypes', () => {
    const root = openTorchFile(readFixtureBytes('checkpoints/views.pt')).root as Map<string, TorchTensor>;
    const t = root.get('transposed')!;
    expect([t.shape, t.stride, t.offset, t.isContiguous]).toEqual([[6, 4], [1, 6], 0, false]);
    expect(t.storage).toBe(root.get('base')!.storage); // one storage, shared
    expect(root.get('offset_only')!.offset).toBe(3);
    expect(root.get('expanded')!.stride).toEqual([0, 1]);
    expect(root.get('half_t')!.dtype).toBe('float16');
    expect(root.get('bf16_slice')!.dtype).toBe('bfloat16');
    expect(root.get('big_long')!.dtype).toBe('int64');
    expect(root.get('bool')!.dtype).toBe('bool');
    expect(root.get('param')!.isParameter).toBe(true);
    expect(root.get('scalar')!.shape).toEqual([]);
  });
});
