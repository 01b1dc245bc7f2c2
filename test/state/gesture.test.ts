import { describe, expect, it } from 'vitest';
import { createSettingsGesture } from '../../src/state/gesture';

describe('settings gesture', () => {
  it('counts gestures and tells listeners when one ends', () => {
    const gesture = createSettingsGesture();
    const ends: number[] = [];
    const remove = gesture.onEnd(() => ends.push(gesture.serial));
    expect(gesture.active).toBe(false);
    gesture.begin();
    gesture.begin(); // a second pointer down during the same drag is the same gesture
    expect([gesture.active, gesture.serial]).toEqual([true, 1]);
    gesture.end();
    gesture.end(); // a stray pointer up ends nothing
    gesture.begin();
    gesture.end();
    expect(ends).toEqual([1, 2]);
    remove();
    gesture.begin();
    gesture.end();
    expect(ends).toEqual([1, 2]);
  });
});
