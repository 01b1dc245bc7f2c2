/**
 * Where a box's label goes and how big it is. Labels are sized in displayed
 * (CSS) pixels, not the image's: a 4000 px photo shown 390 px wide on a phone,
 * or at half width beside a second model, keeps labels readable.
 */

/** A label's text height on screen, in CSS pixels (readable on a phone). */
export const LABEL_CSS_PX = 13;

/** A box outline's width on screen, in CSS pixels. */
export const LINE_CSS_PX = 2;

export interface LabelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Image pixels per displayed pixel (1 when the canvas is not laid out yet). */
export function imagePxPerCssPx(imageWidth: number, displayedWidth: number): number {
  return displayedWidth > 0 ? imageWidth / displayedWidth : 1;
}

/**
 * The label's rectangle (image pixels) for a box whose top-left corner is
 * (x1, y1): above the box, or inside it at the image's top; shifted left
 * (or down) so that it never leaves the image, which would clip its score.
 */
export function labelRect(x1: number, y1: number, width: number, height: number, imageWidth: number, imageHeight: number): LabelRect {
  const above = y1 - height;
  const y = above < 0 ? y1 : above;
  return {
    x: Math.max(0, Math.min(x1, imageWidth - width)),
    y: Math.max(0, Math.min(y, imageHeight - height)),
    width,
    height,
  };
}
