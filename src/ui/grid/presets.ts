/**
 * The official AKConv repository's five initial shapes for N = 5.
 *
 * Source: github.com/CV-ZhangXin/LDConv (the AKConv repository, renamed),
 * `initial sampled shapes/get_p_n.py`, "the different initial sampled shapes
 * (a) (b) (c) (d) (e)": `_get_p_n1` ... `_get_p_n5`, taken as (a) ... (e) in
 * that order. Each builds p_n = cat([p_n_x, p_n_y]); in the official code the
 * first N channels (x) are rows (clamped to the map's height) and the last N
 * (y) are columns, so point n is (row = p_n_x[n], col = p_n_y[n]).
 *
 * mAP50 is the repository README's "Initial Shape" table (YOLOv5n on
 * VisDrone-DET2021).
 */
import type { SamplePoint } from '../../common/geometry';

export interface ShapePreset {
  id: 'a' | 'b' | 'c' | 'd' | 'e';
  /** Shown on the button, e.g. "(a)". */
  label: string;
  /** What the shape looks like, in a few words. */
  description: string;
  /** The official function it comes from. */
  source: string;
  /** p_n_x (rows) and p_n_y (columns) as the official code writes them. */
  rows: readonly number[];
  cols: readonly number[];
  /** mAP50 reported for this initial shape (YOLOv5n, VisDrone). */
  map50: number;
}

export const OFFICIAL_N5_SHAPES: readonly ShapePreset[] = [
  { id: 'a', label: '(a)', description: 'the corners and centre of a 3 × 3', source: '_get_p_n1', rows: [0, 0, 1, 2, 2], cols: [0, 2, 1, 0, 2], map50: 26.9 },
  { id: 'b', label: '(b)', description: 'a row of three on two legs', source: '_get_p_n2', rows: [0, 0, 0, 1, 1], cols: [0, 1, 2, 0, 2], map50: 26.8 },
  { id: 'c', label: '(c)', description: 'a row of four with one point below', source: '_get_p_n3', rows: [0, 0, 0, 0, 1], cols: [0, 1, 2, 3, 2], map50: 26.1 },
  { id: 'd', label: '(d)', description: 'a diagonal line', source: '_get_p_n4', rows: [0, 1, 2, 3, 4], cols: [0, 1, 2, 3, 4], map50: 25.5 },
  { id: 'e', label: '(e)', description: 'one point, a row of three, one point', source: '_get_p_n5', rows: [0, 1, 1, 1, 2], cols: [0, 1, 2, 3, 0], map50: 26.4 },
];

/** A preset's points, in the official order (sample n = point n). */
export function presetPoints(preset: ShapePreset): SamplePoint[] {
  return preset.rows.map((row, i) => ({ row, col: preset.cols[i] ?? 0 }));
}
