/**
 * One image's entry of `akconv predict --json`: the image's size, the
 * letterboxed input and each detection with its class name, boxes to 0.01 px
 * and scores to 5 decimals (the app's JSON download writes the same).
 */
import type { ImageDetection } from './detector';
import { maskArea } from './masks';

export interface ImageResult {
  image: string;
  width: number;
  height: number;
  input: [number, number];
  detections: { box: number[]; conf: number; class: number; name: string; mask_area?: number }[];
}

/** `input` is the letterboxed input's [height, width]. */
export function imageResult(image: string, width: number, height: number, input: [number, number], detections: readonly ImageDetection[], names: readonly string[]): ImageResult {
  return {
    image,
    width,
    height,
    input,
    detections: detections.map((d) => ({
      box: d.box.map((v) => Math.round(v * 100) / 100),
      conf: Math.round(d.score * 1e5) / 1e5,
      class: d.classId,
      name: names[d.classId] ?? String(d.classId),
      ...(d.mask ? { mask_area: maskArea(d.mask) } : {}),
    })),
  };
}

/** The file `--json` writes: every image's entry, as JSON indented by one space. */
export function predictJson(results: readonly ImageResult[]): string {
  return `${JSON.stringify(results, null, 1)}\n`;
}
