/**
 * The outer contours of a binary mask as OpenCV 4.6 gives them:
 * `cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]`,
 * which YOLOv5's masks2segments turns into polygon labels. Suzuki–Abe border
 * following with 8-connectivity, ported from OpenCV's contour scanner
 * (cvFindNextContour, icvFetchContour) so that the same contours come out in
 * the same order, each with the same points from the same starting point.
 *
 * What OpenCV does that matters here:
 * - cv::findContours pads the image with a 1-pixel frame of zeros and shifts
 *   the points back by (-1, -1), so pixels on the image's edges are borders
 *   like any other.
 * - The scan is row by row; a contour starts at a 0 -> 1 step and is traced
 *   from there. Traced pixels are marked (2, or -126 where the border's right
 *   side touches the background) and the marks steer the rest of the scan:
 *   in RETR_EXTERNAL a start whose last marked pixel to its left is a 2 lies
 *   inside an already traced component (in one of its holes) and is skipped.
 * - CHAIN_APPROX_SIMPLE keeps a point only where the chain's direction
 *   changes; the trace starts at the component's first pixel in raster
 *   order and goes down its left side first (counter-clockwise on screen).
 * - Each new contour becomes the first child of the frame, so the list comes
 *   out in reverse of the order the scan found them: the one starting last in raster order first.
 */
import type { Mask } from './masks';

/** [x, y] in mask pixels. */
export type ContourPoint = [number, number];

/** OpenCV's chain codes: 0 is +x, counting counter-clockwise on screen (y down). */
const CODE_DX = [1, 1, 0, -1, -1, -1, 0, 1] as const;
const CODE_DY = [0, -1, -1, -1, 0, 1, 1, 1] as const;

/** A border pixel whose right side is background (OpenCV's `nbd | -128` as a signed byte). */
const RIGHT_BOUND = 2 | -128;
/** A border pixel elsewhere (OpenCV's `nbd` for RETR_EXTERNAL, which never counts past 2). */
const BORDER = 2;

export function outerContours(mask: Mask): ContourPoint[][] {
  const { width, height } = mask;
  const stride = width + 2;
  const rows = height + 2;
  const img = new Int8Array(stride * rows);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (mask.data[y * width + x]) img[(y + 1) * stride + x + 1] = 1;
  }
  // Index offsets of the 8 neighbours in chain-code order, twice over so a search can run past 7.
  const one = [1, 1 - stride, -stride, -stride - 1, -1, stride - 1, stride, stride + 1];
  const deltas = [...one, ...one];
  const found: ContourPoint[][] = [];
  for (let y = 1; y < rows; y++) {
    let prev = 0;
    // The last marked border pixel met on this row (column 0 is the zero frame).
    let lastBorder = 0;
    for (let x = 1; x < stride; x++) {
      const p = img[y * stride + x] as number;
      if (p === prev) continue;
      if (prev === 0 && p === 1 && !((img[y * stride + lastBorder] as number) > 0)) {
        // An outer border not inside a traced component: follow it.
        lastBorder = x;
        found.push(followBorder(img, deltas, y * stride + x, x - 1, y - 1));
        prev = img[y * stride + x] as number;
        continue;
      }
      // A hole's border (1 -> 0 after a border or the interior) moves the last border left by one.
      if (p === 0 && prev >= 1 && (prev & -2) !== 0) lastBorder = x - 1;
      prev = p;
      if ((prev & -2) !== 0) lastBorder = x;
    }
  }
  return found.reverse();
}

/** icvFetchContour for an outer border with CHAIN_APPROX_SIMPLE; marks the pixels it passes. */
function followBorder(img: Int8Array, deltas: readonly number[], start: number, x0: number, y0: number): ContourPoint[] {
  const at = (i: number): number => img[i] as number;
  // Look clockwise from the left neighbour for the first pixel of the component.
  let s = 4;
  let first = start;
  do {
    s = (s - 1) & 7;
    first = start + (deltas[s] as number);
  } while (at(first) === 0 && s !== 4);
  if (s === 4) {
    img[start] = RIGHT_BOUND;
    return [[x0, y0]];
  }
  const points: ContourPoint[] = [];
  let x = x0;
  let y = y0;
  let prevS = s ^ 4;
  let here = start;
  for (;;) {
    const sEnd = s;
    let next = here;
    // Counter-clockwise from the direction we came from, to the next pixel of the component.
    while (s < 15) {
      next = here + (deltas[++s] as number);
      if (at(next) !== 0) break;
    }
    s &= 7;
    if (s >= 1 && s - 1 < sEnd) img[here] = RIGHT_BOUND;
    else if (at(here) === 1) img[here] = BORDER;
    if (s !== prevS) {
      points.push([x, y]);
      prevS = s;
    }
    x += CODE_DX[s] as number;
    y += CODE_DY[s] as number;
    if (next === start && here === first) break;
    here = next;
    s = (s + 4) & 7;
  }
  return points;
}
