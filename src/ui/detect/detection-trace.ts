/**
 * From a selected detection to the AKConv samples behind it, as plain data
 * for the detection panel to draw and tell: the head cell and anchor that
 * decoded it, the AKConv output pixel under that cell, and where that pixel
 * samples (the frame's sampling field, the numbers the offsets panel shows),
 * all mapped from the letterboxed input back to the image's own pixels.
 */
import type { ImageDetection } from '../../detect/detector';
import { inputToImage } from '../../detect/letterbox';
import type { DetectionProvenance } from '../../detect/provenance';
import type { AKConvMap, ReceptivePath } from '../../detect/receptive-path';
import { akconvMap, receptivePath } from '../../detect/receptive-path';
import type { ComputedField, ImagePoint } from '../../detect/sampling-field';
import { samplesOfPixel } from '../../detect/sampling-field';
import type { FrameDetections, SiteInfo } from '../../runtime/protocol';

/** How a detection got selected: hovering a list row only previews (it opens no panel). */
export type SelectHow = 'click' | 'key' | 'hover';

/** A detection's identity across re-detections of the same frame: its prediction row and class. */
export function detectionKey(d: Pick<ImageDetection, 'provenance' | 'classId'>): string | null {
  return d.provenance ? `${d.provenance.row}:${d.classId}` : null;
}

/** Index of the detection with `key` in the frame, or -1. */
export function indexOfKey(result: FrameDetections | null, key: string | null): number {
  if (!result || key === null) return -1;
  return result.detections.findIndex((d) => detectionKey(d) === key);
}

/** The smallest box that contains the image point (the most specific under a click), or -1. */
export function boxAt(detections: readonly Pick<ImageDetection, 'box'>[], x: number, y: number): number {
  let best = -1;
  let bestArea = Infinity;
  detections.forEach(({ box: [x1, y1, x2, y2] }, i) => {
    if (x < x1 || x > x2 || y < y1 || y > y2) return;
    const area = (x2 - x1) * (y2 - y1);
    if (area < bestArea) {
      bestArea = area;
      best = i;
    }
  });
  return best;
}

/** The next detection (step +1 or -1) in list order, wrapping; the first (or last) when none is selected. */
export function stepIndex(current: number, count: number, step: 1 | -1): number {
  if (count < 1) return -1;
  if (current < 0 || current >= count) return step > 0 ? 0 : count - 1;
  return (current + step + count) % count;
}

/** The AKConv the offsets panel shows: the chosen one if the model has it, else its first (as the engine captures). */
export function traceSite(sites: readonly SiteInfo[], layer: string | null): SiteInfo | null {
  return sites.find((s) => s.name === layer) ?? sites[0] ?? null;
}

/** An axis-aligned square on the image, in image pixels. */
export interface ImageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One sample of the AKConv pixel, on the image. */
export interface SampleMark {
  index: number;
  learned: ImagePoint;
  initial: ImagePoint;
}

export interface DetectionTrace {
  detection: FrameDetections['detections'][number];
  provenance: DetectionProvenance;
  /** The head cell's square on the image. */
  cell: ImageRect;
  /** The letterboxed input the model saw, [height, width]. */
  inputSize: [number, number];
  /** The AKConv part; null for a model without AKConv. */
  akconv: {
    site: SiteInfo;
    map: AKConvMap;
    path: ReceptivePath;
    /** The AKConv output pixel's square on the image. */
    square: ImageRect;
    /** Its samples from this frame's field, or null when the frame has no field of this site (the offsets panel is closed). */
    samples: SampleMark[] | null;
  } | null;
}

/** A square of `size` input pixels at input (x, y), on the image. */
function squareOnImage(x: number, y: number, size: number, lb: FrameDetections['letterbox']): ImageRect {
  const a = inputToImage({ x, y }, lb);
  return { x: a.x, y: a.y, width: size / lb.ratio, height: size / lb.ratio };
}

/** Everything drawn and said about one detection; null when it carries no provenance. */
export function traceDetection(result: FrameDetections, index: number, site: SiteInfo | null, field: ComputedField | null): DetectionTrace | null {
  const detection = result.detections[index];
  const p = detection?.provenance;
  if (!detection || !p) return null;
  const lb = result.letterbox;
  const [height, width] = result.inputSize;
  const cell = squareOnImage(p.gx * p.stride, p.gy * p.stride, p.stride, lb);
  if (!site) return { detection, provenance: p, cell, inputSize: result.inputSize, akconv: null };
  const map = akconvMap(site.inputStride, site.akconvStride, height, width);
  const path = receptivePath(p, map);
  const [r, c] = path.pixel;
  const square = squareOnImage(c * map.stride, r * map.stride, map.stride, lb);
  // Only a field of this site on a map of this size belongs to this frame's pixel.
  const fits = field !== null && field.site === site.name && field.h === map.h && field.w === map.w;
  const samples = fits
    ? samplesOfPixel(field, r, c).map((s) => ({ index: s.index, learned: inputToImage(s.learned, lb), initial: inputToImage(s.initial, lb) }))
    : null;
  return { detection, provenance: p, cell, inputSize: result.inputSize, akconv: { site, map, path, square, samples } };
}
