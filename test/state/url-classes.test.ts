import { describe, expect, it } from 'vitest';
import { checkClassIds } from '../../src/state/url';

describe('checkClassIds', () => {
  it('keeps the ids the model has and names the others', () => {
    expect(checkClassIds([0, 999, 79, 80], 80)).toEqual({ kept: [0, 79], unknown: [999, 80] });
  });

  it('falls back to every class when no id is left, and leaves a valid filter alone', () => {
    expect(checkClassIds([999], 80)).toEqual({ kept: null, unknown: [999] });
    expect(checkClassIds([1, 2], 80)).toEqual({ kept: [1, 2], unknown: [] });
  });
});
