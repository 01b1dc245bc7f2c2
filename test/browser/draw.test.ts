/** The detection panel's masks: each blends half its class colour into what is drawn, in detection order. */
import { describe, expect, it } from 'vitest';
import type * as Cases from './cases/draw';
import { useHarness } from './use-harness';

/** draw.ts's class colours (hsl(c x 137.508, 85%, 55%)) for classes 0 and 1, in RGB. */
const CLASS0 = [238, 43, 43];
const CLASS1 = [43, 238, 100];

const half = (under: number[], colour: number[]) => under.map((v, k) => (v + colour[k]!) >> 1);

describe('the detection panel draws masks', () => {
  const browser = useHarness();

  it('blends overlapping masks one after the other over the frame', async () => {
    const seen = await browser().module<typeof Cases>('/test/browser/cases/draw.ts')('overlappingMasks');
    const grey = [100, 100, 100];
    expect(seen.left).toEqual(half(grey, CLASS0));
    expect(seen.right).toEqual(half(grey, CLASS1));
    expect(seen.both).toEqual(half(half(grey, CLASS0), CLASS1));
  });
});
