/**
 * The published AKConv / LDConv results that the grid panel shows, each with
 * where it was read, and our own students' measurements beside them.
 *
 * Every published number is copied from the README of the official
 * repository (github.com/CV-ZhangXin/LDConv, the AKConv repository renamed;
 * github.com/CV-ZhangXin/AKConv holds the same tables under the name AKConv)
 * at the commit below. Nothing here is recalled or rounded: a row is the
 * README's row. Our numbers are the README model card's (mAP on COCO128
 * val2017) and are a different measure on a different data set: the two are
 * shown side by side, never compared as one table.
 */

export interface PublishedSource {
  /** Where the numbers are, as a reader can open it. */
  url: string;
  repository: string;
  file: string;
  /** The commit the numbers were read at. */
  commit: string;
  /** The table's own heading in that file. */
  heading: string;
}

const LDCONV_COMMIT = 'cbccb6b7469f604c91c0b85ac19b40da26321ee9';

function ldconvReadme(heading: string): PublishedSource {
  return {
    url: `https://github.com/CV-ZhangXin/LDConv/blob/${LDCONV_COMMIT}/README.md`,
    repository: 'CV-ZhangXin/LDConv',
    file: 'README.md',
    commit: LDCONV_COMMIT,
    heading,
  };
}

/** The paper both repositories implement. */
export const PAPER = { title: 'AKConv (LDConv), arXiv 2311.11587', url: 'https://arxiv.org/abs/2311.11587' };

export interface SizeResult {
  /** num_param; null for the YOLOv5n baseline (plain 3×3 convs). */
  numParam: number | null;
  ap50: number;
  ap75: number;
  /** AP at IoU 0.5:0.95 (the README's "AP"). */
  ap: number;
  gflops: number;
  paramsM: number;
}

/** "Object detection based on COCO2017 and YOLOv5", the YOLOv5n rows (N = 3, 5, 9, 13). */
export const COCO_YOLOV5N = {
  source: ldconvReadme('Object detection based on COCO2017 and YOLOv5'),
  rows: [
    { numParam: null, ap50: 45.6, ap75: 28.9, ap: 27.5, gflops: 4.5, paramsM: 1.87 },
    { numParam: 3, ap50: 47.8, ap75: 31, ap: 29.8, gflops: 3.8, paramsM: 1.51 },
    { numParam: 5, ap50: 48.8, ap75: 32.6, ap: 31, gflops: 4.1, paramsM: 1.65 },
    { numParam: 9, ap50: 50.5, ap75: 33.9, ap: 32.3, gflops: 4.8, paramsM: 1.94 },
    { numParam: 13, ap50: 51.2, ap75: 34.5, ap: 33, gflops: 5.5, paramsM: 2.23 },
  ] satisfies SizeResult[],
} as const;

export interface ShapeResult {
  /** The README's letter; the shapes are `_get_p_n1` ... `_get_p_n5` of `different sampled shapes/get_p_n.py`. */
  shape: 'a' | 'b' | 'c' | 'd' | 'e';
  precision: number;
  recall: number;
  map50: number;
  map: number;
}

/**
 * The README's untitled "Initial Shape" table (YOLOv5n, N = 5, shapes a to e).
 * The README does not name its data set; its baseline-size numbers sit with
 * the VisDrone-DET2021 table above it, but that is our reading, not theirs.
 */
export const N5_SHAPES_YOLOV5N = {
  source: ldconvReadme('Exploring experiments: YOLOv5n, Initial Shape a to e'),
  rows: [
    { shape: 'a', precision: 39.5, recall: 27.9, map50: 26.9, map: 13.7 },
    { shape: 'b', precision: 39.4, recall: 28.2, map50: 26.8, map: 13.6 },
    { shape: 'c', precision: 37.4, recall: 27.8, map50: 26.1, map: 13.4 },
    { shape: 'd', precision: 37.5, recall: 27, map50: 25.5, map: 12.9 },
    { shape: 'e', precision: 38.4, recall: 27.6, map50: 26.4, map: 13.4 },
  ] satisfies ShapeResult[],
} as const;

export interface OwnResult {
  model: string;
  what: string;
  map50: number;
  map5095: number;
}

/**
 * Ours: the shipped models on COCO128 val2017 (128 images, 898 labels), from
 * README.md's model card, measured with
 * `npx akconv val --weights public/models/<model>.safetensors --data test/fixtures/coco128 --no-rect --json`.
 */
export const OWN_STUDENTS = {
  measuredHow:
    'mAP on COCO128 val2017 (128 images, 898 labels), measured here on the shipped weights (letterboxed one image at a time); the students were distilled from the teacher on COCO128 train2017 (README, model card).',
  command: 'npx akconv val --weights public/models/<model>.safetensors --data test/fixtures/coco128 --no-rect --json',
  rows: [
    { model: 'akconv-ij', what: 'C3_AKConv at layer 8 (AKConv N = 3), official grid (ij)', map50: 0.493, map5095: 0.328 },
    { model: 'akconv-xy', what: "C3_AKConv at layer 8 (AKConv N = 3), the seed's grid (xy)", map50: 0.426, map5095: 0.275 },
    { model: 'yolov5n', what: 'the teacher (plain YOLOv5n)', map50: 0.501, map5095: 0.339 },
  ] satisfies OwnResult[],
} as const;
