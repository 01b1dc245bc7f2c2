import { describe, expect, it } from 'vitest';
import { loadSize, numpyArgsort, rectBatches } from '../../src/detect/rect-batches';
import { readFixtureText } from '../helpers/fixtures';

interface ArgsortCase {
  values: number[];
  order: number[];
}
interface RectCase {
  imgsz: number;
  batch_size: number;
  order: string[];
  shapes: [number, number][];
}
interface RectFixture {
  cases: RectCase[];
  /** [file, width, height, loaded width, loaded height] */
  load_640: [string, number, number, number, number][];
}

const argsortCases = JSON.parse(readFixtureText('cli/argsort.json')) as ArgsortCase[];
const rect = JSON.parse(readFixtureText('cli/rect.json')) as RectFixture;

describe("numpy's argsort", () => {
  it.each(argsortCases.map((c) => [c.values.length, c] as const))('orders %i values with ties as numpy does', (_, c) => {
    expect(numpyArgsort(c.values)).toEqual(c.order);
  });

  it('is not a stable sort (the ties matter for the batches)', () => {
    const big = argsortCases.find((c) => c.values.length === 300) as ArgsortCase;
    const stable = big.values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
    expect(stable).not.toEqual(big.order);
  });
});

describe("val.py's rectangular batches on COCO128 val2017's image sizes", () => {
  const sizes = rect.load_640.map(([, width, height]) => ({ width, height }));
  const files = rect.load_640.map(([f]) => f);

  it.each(rect.cases.map((c) => [c.imgsz, c.batch_size, c] as const))('imgsz %i, batch size %i: same order and shapes as YOLOv5', (imageSize, batchSize, c) => {
    const batches = rectBatches(sizes, { imageSize, batchSize });
    const order = batches.flatMap((b) => b.indices.map((i) => files[i]));
    const shapes = batches.flatMap((b) => b.indices.map(() => b.shape));
    expect(order).toEqual(c.order);
    expect(shapes).toEqual(c.shapes);
  });

  it("load_image's sizes round up (333 x 500 becomes 427 x 640)", () => {
    for (const [file, width, height, lw, lh] of rect.load_640) expect(loadSize({ width, height }, 640), file).toEqual({ width: lw, height: lh });
    expect(rect.load_640.some(([, w, h, lw, lh]) => Math.round((w * 640) / Math.max(w, h)) !== lw || Math.round((h * 640) / Math.max(w, h)) !== lh)).toBe(true);
  });
});
