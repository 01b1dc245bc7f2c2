import { describe, expect, it } from 'vitest';
import { parseBoundedInt } from '../../../src/ui/grid/number-input';

describe('number input', () => {
  it('parses whole numbers inside the range only', () => {
    expect(parseBoundedInt('5', 1, 64)).toBe(5);
    expect(parseBoundedInt(' 64 ', 1, 64)).toBe(64);
    expect(parseBoundedInt('65', 1, 64)).toBeNull();
    expect(parseBoundedInt('0', 1, 64)).toBeNull();
    expect(parseBoundedInt('', 1, 64)).toBeNull();
    expect(parseBoundedInt('2.5', 1, 64)).toBeNull();
    expect(parseBoundedInt('1e1', 1, 64)).toBeNull();
  });
});
