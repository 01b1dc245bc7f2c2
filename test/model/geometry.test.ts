import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AkconvGoldenEntry } from '../cases/akconv-golden';
import { AKConvLayer } from '../../src/model/akconv';
import {
  baseGrid,
  basePlusShape,
  basePosition,
  initialShape,
  initialShapeLayout,
  offsetChannels,
  outputSize,
  samplingPositions,
  validateCustomShape,
} from '../../src/model/geometry';
import { nchwToNhwc } from '../cases/compare';
import { readFixtureSafetensors, readFixtureText } from '../helpers/fixtures';
import { useNodeBackend } from '../helpers/node-backends';

const pts = (list: [number, number][]) => list.map(([row, col]) => ({ row, col }));

describe('initial sampling shape p_n', () => {
  it('builds round(sqrt(N)) wide rows plus a remainder row, anchored at (0, 0)', () => {
    expect(initialShapeLayout(5)).toEqual({ base: 2, fullRows: 2, remainder: 1 });
    expect(initialShapeLayout(11)).toEqual({ base: 3, fullRows: 3, remainder: 2 });
    expect(initialShapeLayout(1)).toEqual({ base: 1, fullRows: 1, remainder: 0 });
  });

  it('ij enumerates row by row, xy column by column (the seed meshgrid)', () => {
    expect(initialShape(5, 'ij')).toEqual(pts([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0]]));
    expect(initialShape(5, 'xy')).toEqual(pts([[0, 0], [1, 0], [0, 1], [1, 1], [2, 0]]));
    expect(initialShape(6, 'xy')).toEqual(pts([[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1]]));
    expect(initialShape(3, 'ij')).toEqual(pts([[0, 0], [0, 1], [1, 0]]));
    expect(initialShape(3, 'xy')).toEqual(pts([[0, 0], [0, 1], [1, 0]]));
  });

  it('gives N distinct points for every N from 1 to 64 in both conventions', () => {
    for (let n = 1; n <= 64; n++) {
      for (const conv of ['xy', 'ij'] as const) {
        const shape = initialShape(n, conv);
        expect(shape).toHaveLength(n);
        expect(new Set(shape.map((p) => `${p.row},${p.col}`)).size).toBe(n);
      }
      // Same set of points, different order.
      const key = (p: { row: number; col: number }) => p.row * 1000 + p.col;
      expect(initialShape(n, 'xy').map(key).sort()).toEqual(initialShape(n, 'ij').map(key).sort());
    }
  });

  it('rejects a non-positive or fractional N', () => {
    expect(() => initialShape(0, 'ij')).toThrowError(/positive integer/);
    expect(() => initialShape(2.5, 'xy')).toThrowError(/positive integer/);
  });
});

describe('base grid p_0', () => {
  it('ij is (r * stride, c * stride)', () => {
    expect(basePosition(2, 3, 4, 6, 2, 'ij')).toEqual({ row: 4, col: 6 });
  });

  it('xy transposes a square map', () => {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(basePosition(r, c, 3, 3, 1, 'xy')).toEqual({ row: c, col: r });
  });

  it('xy scrambles a 4 x 6 map as the seed (flat index read as w x h)', () => {
    const g = baseGrid(4, 6, 1, 'xy');
    // Output pixel (0, 5): k = 5 -> (5 % 4, 5 // 4) = (1, 1); pixel (3, 5): k = 23 -> (3, 5).
    expect([g.rows[5], g.cols[5]]).toEqual([1, 1]);
    expect([g.rows[23], g.cols[23]]).toEqual([3, 5]);
    expect(Array.from(g.rows.slice(0, 6))).toEqual([0, 1, 2, 3, 0, 1]);
    expect(Array.from(g.cols.slice(0, 6))).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('gives the output size of the 3x3 offset conv', () => {
    expect(outputSize(7, 7, 2)).toEqual({ h: 4, w: 4 });
    expect(outputSize(11, 4, 1)).toEqual({ h: 11, w: 4 });
  });

  it('keeps offsets of sample n in channels n (rows) and N + n (columns)', () => {
    expect(offsetChannels(2, 5)).toEqual({ row: 2, col: 7 });
    expect(() => offsetChannels(5, 5)).toThrowError(RangeError);
  });

  it('validates custom shapes', () => {
    expect(validateCustomShape(pts([[0, 0], [1, 2]]), 2)).toEqual(pts([[0, 0], [1, 2]]));
    expect(() => validateCustomShape(pts([[0, 0]]), 2)).toThrowError(/needs 2 points/);
    expect(() => validateCustomShape([{ row: NaN, col: 0 }], 1)).toThrowError(/not a finite/);
  });
});

describe('the geometry functions are what the model computes', () => {
  const index = JSON.parse(readFixtureText('akconv/index.json')) as AkconvGoldenEntry[];
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it.each(index.filter((e) => e.kind === 'akconv').map((e) => [e.file, e] as const))(
    '%s: p_0 + p_n + offsets from geometry.ts equals the reference positions',
    async (_, e) => {
      const st = readFixtureSafetensors(`akconv/${e.file}`);
      const input = st.tensors.get('input')!;
      const [b, c, h, w] = input.shape as [number, number, number, number];
      const layer = new AKConvLayer({ kind: 'AKConv', c1: c, c2: 6, numParam: e.num_param, stride: e.stride, bias: false }, 'module', st.tensors, { convention: e.indexing });
      const x = tf.tensor4d(nchwToNhwc(input.data, input.shape), [b, h, w, c]);
      const offsets = layer.offsets(x);
      const data = await offsets.data();
      const [, oh, ow, twoN] = offsets.shape;
      const expected = st.tensors.get('p')!.data;
      const shape = initialShape(e.num_param, e.indexing);
      let worst = 0;
      for (let k = 0; k < b * oh * ow; k++) {
        const pix = k % (oh * ow);
        const base = basePosition(Math.floor(pix / ow), pix % ow, oh, ow, e.stride, e.indexing);
        const pos = samplingPositions(base, shape, data.subarray(k * twoN, (k + 1) * twoN));
        pos.forEach((p, n) => {
          worst = Math.max(worst, Math.abs(p.row - expected[k * twoN + n]!), Math.abs(p.col - expected[k * twoN + e.num_param + n]!));
        });
      }
      expect(worst).toBeLessThanOrEqual(1e-4);
      // And the tensor the model adds is the same p_0 + p_n.
      const table = basePlusShape(oh, ow, e.stride, e.indexing, shape);
      expect(table.length).toBe(oh * ow * twoN);
      for (const t of [x, offsets]) t.dispose();
      layer.dispose();
    },
  );
});
