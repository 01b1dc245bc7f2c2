import { describe, expect, it } from 'vitest';
import { parseStride, strideFrames } from '../../../src/ui/detect/video-stride';

describe('the video export stride', () => {
  it('takes whole numbers from 1 to 30', () => {
    expect(parseStride('1')).toEqual({ stride: 1 });
    expect(parseStride(' 30 ')).toEqual({ stride: 30 });
  });

  it.each(['0', '31', '2.5', '-1', '', 'two', '1e1'])("refuses '%s' with one sentence naming it", (text) => {
    const r = parseStride(text);
    expect(r).toEqual({ error: `The frame stride must be a whole number from 1 to 30, not '${text}'.` });
  });

  it('keeps frame 0 and every stride-th after it', () => {
    expect(strideFrames(7, 2)).toBe(4);
    expect(strideFrames(8, 2)).toBe(4);
    expect(strideFrames(1, 5)).toBe(1);
  });
});
