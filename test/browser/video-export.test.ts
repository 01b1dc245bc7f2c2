/**
 * The annotated video export in Chromium (WebCodecs + mediabunny), with a
 * stand-in detector: a segmentation model's masks are painted into the
 * exported frames as `predict --save` paints them, under the boxes.
 */
import { describe, expect, it } from 'vitest';
import { classColor } from '../../src/detect/annotate';
import type * as Cases from './cases/video-export';
import { useHarness } from './use-harness';

const CASES = '/test/browser/cases/video-export.ts';
/** The encoders are lossy: a decoded pixel is within this of what was drawn. */
const CODEC_TOLERANCE = 12;

describe('annotated video export', () => {
  const browser = useHarness();

  it("paints each detection's mask (half its class colour) into the exported frames, and nothing without a mask", { timeout: 120_000 }, async () => {
    const cases = browser().module<typeof Cases>(CASES);
    const masked = await cases('exportedMiddlePixels', { withMask: true });
    expect(masked.frames).toBe(4);
    const colour = classColor(0);
    const blended = colour.map((c) => Math.trunc(c * 0.5 + masked.grey * 0.5));
    masked.left.forEach((v, k) => expect(Math.abs(v - blended[k]!), `left ${masked.left} vs ${blended}`).toBeLessThanOrEqual(CODEC_TOLERANCE));
    masked.right.forEach((v) => expect(Math.abs(v - masked.grey), `right ${masked.right}`).toBeLessThanOrEqual(CODEC_TOLERANCE));
    const plain = await cases('exportedMiddlePixels', { withMask: false });
    plain.left.forEach((v) => expect(Math.abs(v - plain.grey), `left without a mask ${plain.left}`).toBeLessThanOrEqual(CODEC_TOLERANCE));
  });
});
