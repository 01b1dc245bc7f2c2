import { describe, expect, it } from 'vitest';
import { conventionMismatch } from '../../src/ui/convention-mismatch';

describe('conventionMismatch', () => {
  it('names the trained and the applied convention when they differ', () => {
    expect(conventionMismatch({ label: 'akconv-xy', convention: 'ij', trainedConvention: 'xy' })).toEqual({
      text: 'akconv-xy was trained with the xy grid; it runs with ij here.',
      trained: 'xy',
    });
  });

  it('says nothing when they agree, when the file records none, when the model has no AKConv, or with no model', () => {
    expect(conventionMismatch({ label: 'a', convention: 'xy', trainedConvention: 'xy' })).toBeNull();
    expect(conventionMismatch({ label: 'a', convention: 'ij', trainedConvention: null })).toBeNull();
    expect(conventionMismatch({ label: 'yolov5n', convention: null, trainedConvention: 'ij' })).toBeNull();
    expect(conventionMismatch(null)).toBeNull();
  });
});
