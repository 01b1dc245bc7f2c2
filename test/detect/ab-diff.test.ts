import { describe, expect, it } from 'vitest';
import { diffDetections } from '../../src/detect/ab-diff';

const box = (x: number, classId = 0) => ({ box: [x, 0, x + 10, 10], classId });

describe('diffDetections', () => {
  it('matches boxes of the same class overlapping by IoU >= 0.5, and lists the rest per model', () => {
    // IoU of [0,10] and [2,12] is 8/12 = 0.67; of [0,10] and [5,15] it is 5/15 = 0.33.
    const d = diffDetections([box(0), box(100), box(200, 1)], [box(2), box(105), box(200, 2), box(300)]);
    expect(d.matched).toEqual([{ a: 0, b: 0, iou: 8 / 12 }]);
    expect(d.onlyA).toEqual([1, 2]);
    expect(d.onlyB).toEqual([1, 2, 3]);
  });

  it('pairs each box once, the best overlap first', () => {
    const d = diffDetections([box(0), box(1)], [box(1)]);
    expect(d.matched).toEqual([{ a: 1, b: 0, iou: 1 }]);
    expect(d.onlyA).toEqual([0]);
    expect(d.onlyB).toEqual([]);
  });
});
