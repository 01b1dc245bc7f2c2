/** SVG helpers of the grid panels' drawings. */

/** An id from React's useId that is safe inside url(#...) and CSS selectors. */
export function svgId(reactId: string, suffix: string): string {
  return `sg-${reactId.replace(/[^A-Za-z0-9_-]/g, '')}-${suffix}`;
}

/**
 * The segment of an arrow from (x0, y0) to (x1, y1), trimmed by `trimStart`
 * and `trimEnd` so it starts and ends beside the labels; null when the two
 * ends are too close for an arrow.
 */
export function arrowSegment(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  trimStart: number,
  trimEnd: number,
): { x1: number; y1: number; x2: number; y2: number } | null {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy);
  if (len <= trimStart + trimEnd) return null;
  const ux = dx / len;
  const uy = dy / len;
  return { x1: x0 + ux * trimStart, y1: y0 + uy * trimStart, x2: x1 - ux * trimEnd, y2: y1 - uy * trimEnd };
}
