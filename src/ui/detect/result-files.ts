/**
 * The current frame's detections as the files YOLOv5 and the CLI write:
 * `akconv predict --json`, detect.py's `--save-txt --save-conf` labels
 * (segment/predict.py's polygons when the detections carry masks) and
 * val.py's `--save-json` COCO results (with segment/val.py's mask RLE for
 * a segmentation model). The formats themselves live in
 * src/detect; this only names the frame and picks the category ids.
 */
import { isCocoNames } from '../../detect/coco-names';
import { COCO80_TO_COCO91, cocoImageId, cocoResults, labelsFile } from '../../detect/export-formats';
import { imageResult, predictJson } from '../../detect/predict-json';
import type { FrameDetections } from '../../runtime/protocol';

export type ResultFormat = 'png' | 'json' | 'txt' | 'coco';

export const RESULT_FORMATS: readonly { id: ResultFormat; label: string }[] = [
  { id: 'png', label: 'Annotated PNG' },
  { id: 'json', label: 'Detections JSON' },
  { id: 'txt', label: 'YOLO labels txt' },
  { id: 'coco', label: 'COCO results JSON' },
];

/** What the text files are made from: one model's detections on one frame. */
export interface FrameToSave {
  /** The source's file name (a sample's or an opened file's), or a stand-in for the webcam. */
  name: string;
  width: number;
  height: number;
  result: FrameDetections;
  /** The model's class names (the JSON's `name`; COCO names select COCO's category ids). */
  names: readonly string[];
}

/** The file name without its extension (val.py's image_id comes from it). */
export function fileStem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The download's file name for a format. */
export function resultFileName(name: string, format: ResultFormat): string {
  const stem = fileStem(name);
  return format === 'png' ? `${stem}.png` : format === 'txt' ? `${stem}.txt` : format === 'coco' ? `${stem}_coco.json` : `${stem}.json`;
}

/** The text of a text format, with its MIME type. */
export function resultText(f: FrameToSave, format: Exclude<ResultFormat, 'png'>): { text: string; type: string } {
  const { detections } = f.result;
  if (format === 'txt') return { text: labelsFile(detections, f.width, f.height, true), type: 'text/plain' };
  if (format === 'coco') {
    const placement = { width: f.width, height: f.height, pad: f.result.letterbox.pad };
    const coco = cocoResults(detections, cocoImageId(fileStem(f.name)), isCocoNames(f.names) ? COCO80_TO_COCO91 : undefined, placement);
    return { text: `${JSON.stringify(coco)}\n`, type: 'application/json' };
  }
  const [inputH, inputW] = f.result.inputSize;
  return { text: predictJson([imageResult(f.name, f.width, f.height, [inputH, inputW], detections, f.names)]), type: 'application/json' };
}
