import { describe, expect, it } from 'vitest';
import { tableLayout } from '../../../src/ui/figure/table-layout';

describe('tableLayout', () => {
  it('sizes each column by its widest cell plus padding, and the picture by its rows', () => {
    const rows = [['#', 'module'], ['0', 'Conv'], ['10', 'C3_AKConv', 'extra']];
    const l = tableLayout(rows, (t) => t.length * 7, { rowHeight: 20, padding: 5 });
    expect(l.columnWidth).toEqual([2 * 7 + 10, 9 * 7 + 10, 5 * 7 + 10]);
    expect(l.columnX).toEqual([0, 24, 24 + 73]);
    expect(l.width).toBe(24 + 73 + 45);
    expect(l.height).toBe(60);
  });

  it('an empty table is still a 1 x 1 picture', () => {
    const l = tableLayout([], () => 0, { rowHeight: 20, padding: 5 });
    expect([l.width, l.height]).toEqual([1, 1]);
  });
});
