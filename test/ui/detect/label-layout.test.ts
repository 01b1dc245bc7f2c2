import { describe, expect, it } from 'vitest';
import { imagePxPerCssPx, labelRect } from '../../../src/ui/detect/label-layout';

describe('labelRect', () => {
  it('keeps a label of a box at the right edge inside the image', () => {
    // A 640 px wide image; the box starts 20 px from the right edge, the label is 90 px wide.
    const r = labelRect(620, 100, 90, 20, 640, 480);
    expect(r.x + r.width).toBeLessThanOrEqual(640);
    expect(r.x).toBe(550);
    expect(r.y).toBe(80);
  });

  it('puts the label above the box, or inside it at the top edge', () => {
    expect(labelRect(10, 50, 60, 20, 640, 480)).toEqual({ x: 10, y: 30, width: 60, height: 20 });
    expect(labelRect(10, 5, 60, 20, 640, 480).y).toBe(5);
  });

  it('keeps it inside an image shorter or narrower than the label', () => {
    expect(labelRect(0, 5, 60, 20, 640, 15).y).toBe(0);
    expect(labelRect(5, 50, 90, 20, 64, 480).x).toBe(0);
  });
});

describe('imagePxPerCssPx', () => {
  it('scales labels to the displayed size (a 4032 px photo shown 390 px wide)', () => {
    expect(imagePxPerCssPx(4032, 390)).toBeCloseTo(10.34, 2);
    expect(imagePxPerCssPx(640, 0)).toBe(1);
  });
});
