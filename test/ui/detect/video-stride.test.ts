import { describe, expect, it } from 'vitest';
import { keptFrameTimes, parseStride, strideFrames } from '../../../src/ui/detect/video-stride';

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

  it('the MediaRecorder fallback takes a frame every stride / 30 s, as many as the stride keeps of a 30 fps clip', () => {
    expect(keptFrameTimes(0.25, 2)).toEqual([0, 2 / 30, 4 / 30, 6 / 30]);
    // An 8-frame clip at 30 fps lasts 8 / 30 s.
    expect(keptFrameTimes(8 / 30, 2)).toHaveLength(strideFrames(8, 2));
    expect(keptFrameTimes(8 / 30, 3)).toHaveLength(strideFrames(8, 3));
    expect(keptFrameTimes(0, 1)).toEqual([]);
  });
});
