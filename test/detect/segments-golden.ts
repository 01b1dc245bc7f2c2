/**
 * test/fixtures/detect/segments.json (scripts/detect/make_segments.py):
 * OpenCV's findContours and YOLOv5 v7.0's masks2segments / scale_segments /
 * segment/predict.py label lines, with the masks run-length decoded.
 */
import type { Mask } from '../../src/detect/masks';
import { readFixtureText } from '../helpers/fixtures';

export interface ContourCase {
  name: string;
  width: number;
  height: number;
  /** Row-major runs, alternating 0s and 1s, starting with 0s. */
  mask: number[];
  /** cv2.findContours(RETR_EXTERNAL, CHAIN_APPROX_SIMPLE)[0], each flat [x0, y0, x1, y1, ...]. */
  contours: number[][];
  /** masks2segments(strategy='largest'), flat. */
  largest: number[];
}

export interface ScaleCase {
  name: string;
  /** [height, width] of the photo and of the letterboxed input. */
  image: [number, number];
  input: [number, number];
  /** One mask per detection at the input size, in the detections' order (highest score first). */
  masks: number[][];
  scores: number[];
  classes: number[];
  /** scale_segments(normalize=True) per detection, in the order predict.py writes them (the last detection first). */
  segments: number[][];
  lines: string[];
  linesWithConf: string[];
}

export const golden = JSON.parse(readFixtureText('detect/segments.json')) as { contours: ContourCase[]; scales: ScaleCase[] };

export function decodeMask(runs: readonly number[], width: number, height: number): Mask {
  const data = new Uint8Array(width * height);
  let at = 0;
  runs.forEach((n, k) => {
    if (k % 2 === 1) data.fill(1, at, at + n);
    at += n;
  });
  if (at !== width * height) throw new Error(`runs cover ${at} pixels, the mask has ${width * height}`);
  return { width, height, data };
}

/** [[x, y], ...] as the golden's flat [x0, y0, x1, y1, ...]. */
export function flat(points: readonly (readonly number[])[]): number[] {
  return points.flatMap(([x = NaN, y = NaN]) => [x, y]);
}
