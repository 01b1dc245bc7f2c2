/**
 * Detections written as YOLOv5 writes them: detect.py's `--save-txt` labels
 * (segment/predict.py's polygons for a segmentation model's masks) and
 * val.py's `--save-json` COCO results (with segment/val.py's mask RLE). The
 * numbers are computed in float32, as the PyTorch tensors they come from
 * are, and printed with Python's rules (py-format.ts), so files can be
 * compared line by line.
 */
import { scaleImageMask } from './coco-masks';
import type { CocoRle } from './coco-rle';
import { cocoRle } from './coco-rle';
import { maskSegment, scaleSegment } from './mask-segments';
import type { Mask } from './masks';
import { formatG, pyRound } from './py-format';

export interface BoxDetection {
  /** [x1, y1, x2, y2] in original-image pixels. */
  box: readonly number[];
  score: number;
  classId: number;
}

const f32 = Math.fround;

/** xyxy2xywh in float32: centre and size. */
function toXywh(box: readonly number[]): [number, number, number, number] {
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = box.map(f32);
  return [f32(f32(x1 + x2) / 2), f32(f32(y1 + y2) / 2), f32(x2 - x1), f32(y2 - y1)];
}

/**
 * One line of detect.py's labels file: `cls cx cy w h [conf]`, centre and
 * size normalised by the original image's width and height,
 * `('%g ' * len(line)).rstrip() % line`.
 */
export function yoloTxtLine(d: BoxDetection, width: number, height: number, withConf: boolean): string {
  const [cx, cy, w, h] = toXywh(d.box);
  const values = [d.classId, f32(cx / width), f32(cy / height), f32(w / width), f32(h / height)];
  if (withConf) values.push(f32(d.score));
  return values.map((v) => formatG(v)).join(' ');
}

/** A whole labels file, one line per detection, each ending in a newline. */
export function yoloTxt(detections: readonly BoxDetection[], width: number, height: number, withConf: boolean): string {
  return detections.map((d) => `${yoloTxtLine(d, width, height, withConf)}\n`).join('');
}

/** A detection that may carry a segmentation model's mask. */
export interface LabelDetection extends BoxDetection {
  /** The mask at the letterboxed input size: its width and height are the input's. */
  mask?: Mask;
}

/**
 * One line of segment/predict.py's labels file: `cls x1 y1 x2 y2 ... [conf]`,
 * the polygon's points normalised by the original image's size (as
 * scaleSegment gives them). An empty polygon leaves `cls [conf]`.
 */
export function yoloSegmentLine(d: BoxDetection, polygon: readonly (readonly number[])[], withConf: boolean): string {
  const values = [d.classId, ...polygon.flatMap(([x = 0, y = 0]) => [f32(x), f32(y)])];
  if (withConf) values.push(f32(d.score));
  return values.map((v) => formatG(v)).join(' ');
}

/**
 * The labels-file line of one detection: the mask's polygon (masks2segments'
 * largest contour through scale_segments) when it has a mask, as
 * segment/predict.py writes, else detect.py's box.
 */
export function labelLine(d: LabelDetection, width: number, height: number, withConf: boolean): string {
  if (!d.mask) return yoloTxtLine(d, width, height, withConf);
  const polygon = scaleSegment(maskSegment(d.mask), [d.mask.height, d.mask.width], [height, width]);
  return yoloSegmentLine(d, polygon, withConf);
}

/**
 * The labels file detect.py (or segment/predict.py) writes for one image: it
 * walks the detections in reverse (lowest confidence first), so its lines
 * come in that order.
 */
export function labelsFile(detections: readonly LabelDetection[], width: number, height: number, withConf: boolean): string {
  return [...detections]
    .reverse()
    .map((d) => `${labelLine(d, width, height, withConf)}\n`)
    .join('');
}

/** One entry of a COCO results file, as val.py's save_one_json writes it. */
export interface CocoResult {
  image_id: number | string;
  category_id: number;
  /** [x, y, width, height], top-left corner, original-image pixels, rounded to 3 decimals. */
  bbox: [number, number, number, number];
  score: number;
  /** A segmentation model's mask at the original image's size, as segment/val.py's save_one_json encodes it. */
  segmentation?: CocoRle;
}

/** Where the input's masks go back to: the original image's size and the letterbox's [dw / 2, dh / 2]. */
export interface MaskPlacement {
  width: number;
  height: number;
  pad: readonly [number, number];
}

/** YOLOv5's coco80_to_coco91_class(): the COCO category id of each of the 80 classes. */
export const COCO80_TO_COCO91 = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,
  46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87,
  88, 89, 90,
] as const;

/** val.py's image_id: the file stem as a number when it is all digits, else the stem. */
export function cocoImageId(stem: string): number | string {
  return /^\d+$/.test(stem) ? Number(stem) : stem;
}

/**
 * save_one_json for one image. `categoryIds` maps class index to category id
 * (COCO80_TO_COCO91 for COCO models; val.py uses the index otherwise).
 * Detections with a mask get segment/val.py's `segmentation` when `masks`
 * says where the input sits in the image.
 */
export function cocoResults(
  detections: readonly LabelDetection[],
  imageId: number | string,
  categoryIds?: readonly number[],
  masks?: MaskPlacement,
): CocoResult[] {
  return detections.map((d) => {
    const [cx, cy, w, h] = toXywh(d.box);
    const x = f32(cx - f32(w / 2));
    const y = f32(cy - f32(h / 2));
    const result: CocoResult = {
      image_id: imageId,
      category_id: categoryIds ? (categoryIds[d.classId] ?? d.classId) : d.classId,
      bbox: [pyRound(x, 3), pyRound(y, 3), pyRound(w, 3), pyRound(h, 3)],
      score: pyRound(f32(d.score), 5),
    };
    if (d.mask && masks) result.segmentation = cocoRle(scaleImageMask(d.mask, masks.pad, masks.width, masks.height));
    return result;
  });
}
