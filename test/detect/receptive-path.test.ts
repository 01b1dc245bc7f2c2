import { describe, expect, it } from 'vitest';
import { inputToImage, scaleBoxes } from '../../src/detect/letterbox';
import { akconvMap, receptivePath } from '../../src/detect/receptive-path';

describe("a head cell's AKConv output pixels", () => {
  // The default model's AKConv: a stride-1 AKConv on layer 7's stride-32 map, on a 320 x 256 input.
  const map = akconvMap(32, 1, 256, 320);

  it('derives the map from the sampled stride and the AKConv stride', () => {
    expect(map).toEqual({ stride: 32, h: 8, w: 10 });
    expect(akconvMap(16, 2, 256, 320)).toEqual({ stride: 32, h: 8, w: 10 });
    expect(akconvMap(8, 1, 64, 96)).toEqual({ stride: 8, h: 8, w: 12 });
    expect(() => akconvMap(0, 1, 64, 64)).toThrow(/input stride must be a positive integer/);
  });

  it('a finer cell (stride 8) lies inside one AKConv pixel', () => {
    const path = receptivePath({ stride: 8, gy: 13, gx: 30 }, map);
    expect(path.centre).toEqual({ x: 244, y: 108 });
    expect(path.pixel).toEqual([3, 7]);
    expect({ rows: path.rows, cols: path.cols }).toEqual({ rows: [3, 3], cols: [7, 7] });
  });

  it('a cell at the same stride is its own pixel', () => {
    const path = receptivePath({ stride: 32, gy: 7, gx: 9 }, map);
    expect(path.pixel).toEqual([7, 9]);
    expect({ rows: path.rows, cols: path.cols }).toEqual({ rows: [7, 7], cols: [9, 9] });
  });

  it('a coarser cell (stride 64) covers a 2 x 2 block, the centre pixel at its lower right', () => {
    const path = receptivePath({ stride: 64, gy: 1, gx: 2 }, map);
    expect(path.pixel).toEqual([3, 5]);
    expect({ rows: path.rows, cols: path.cols }).toEqual({ rows: [2, 3], cols: [4, 5] });
  });
});

describe('input pixels back to the image', () => {
  it('undoes the letterbox as scaleBoxes does, without clipping', () => {
    const lb = { ratio: 0.5, pad: [0, 16] as [number, number] };
    const p = inputToImage({ x: 100, y: 66 }, lb);
    expect(p).toEqual({ x: 200, y: 100 });
    expect(scaleBoxes([100, 66, 100, 66], lb, 640, 480).slice(0, 2)).toEqual([p.x, p.y]);
    expect(inputToImage({ x: -4, y: 0 }, lb)).toEqual({ x: -8, y: -32 });
  });
});
