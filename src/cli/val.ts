/**
 * `akconv val --weights W --data DIR [--split val2017] [...]`: mAP on a YOLO-format
 * data set (images/SPLIT, labels/SPLIT), computed as YOLOv5's val.py does.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { detect } from '../detect/detector';
import type { ImageStats, LabelBox } from '../detect/metrics';
import { computeMetrics, matchImage } from '../detect/metrics';
import { useNodeBackend } from '../runtime/node';
import type { Output } from './commands';
import { numberOption, parseCommandArgs, requireOption, stringOption, UsageError } from './commands';
import { InputError, listImages, loadModelFile, readImageFile } from './files';
import { gridOption } from './options';
import { imageSizeOption } from './predict';

export interface ValResult {
  images: number;
  labels: number;
  precision: number;
  recall: number;
  mAP50: number;
  mAP50_95: number;
}

/** YOLO labels (class cx cy w h, normalised) as boxes in original-image pixels. */
export function parseLabels(text: string, width: number, height: number, file: string): LabelBox[] {
  const boxes: LabelBox[] = [];
  text.split('\n').forEach((line, i) => {
    const parts = line.trim().split(/\s+/).filter(Boolean);
    if (!parts.length) return;
    const v = parts.map(Number);
    if (parts.length < 5 || v.some((x) => !Number.isFinite(x))) throw new InputError(`${file} line ${i + 1}: expected 'class cx cy w h'`);
    const [c = 0, cx = 0, cy = 0, w = 0, h = 0] = v;
    boxes.push({ classId: c, box: [(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height] });
  });
  return boxes;
}

async function readLabels(dir: string, image: string, width: number, height: number): Promise<LabelBox[]> {
  const file = join(dir, `${basename(image, extname(image))}.txt`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return []; // an image without a label file has no objects (YOLOv5's rule)
  }
  return parseLabels(text, width, height, file);
}

export async function runVal(args: string[], io: Output): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, {
    weights: { type: 'string' },
    data: { type: 'string' },
    split: { type: 'string' },
    imgsz: { type: 'string' },
    conf: { type: 'string' },
    iou: { type: 'string' },
    grid: { type: 'string' },
    json: { type: 'boolean' },
    save: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const imageSize = imageSizeOption(values);
  const confThreshold = numberOption(values, 'conf', 0.001, 0, 1);
  const iouThreshold = numberOption(values, 'iou', 0.6, 0, 1);
  const grid = gridOption(values);
  const data = requireOption(values, 'data');
  const split = stringOption(values, 'split') ?? 'val2017';
  const images = await listImages(join(data, 'images', split));
  const labelDir = join(data, 'labels', split);
  try {
    await readdir(labelDir);
  } catch {
    throw new InputError(`${labelDir}: no such folder (expected YOLO labels beside images/${split})`);
  }
  await useNodeBackend('wasm');
  const { model } = await loadModelFile(requireOption(values, 'weights'), grid);
  const stats: ImageStats[] = [];
  const started = performance.now();
  try {
    for (const [i, path] of images.entries()) {
      const image = await readImageFile(path);
      const labels = await readLabels(labelDir, path, image.width, image.height);
      const r = await detect(model, image, { imageSize, confThreshold, iouThreshold, multiLabel: true, maxDet: 300, masks: false });
      stats.push(matchImage(r.detections, labels));
      if ((i + 1) % 16 === 0 || i + 1 === images.length) io.err(`val: ${i + 1}/${images.length} images, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  } finally {
    model.dispose();
  }
  const m = computeMetrics(stats);
  const result: ValResult = { images: m.images, labels: m.labels, precision: m.precision, recall: m.recall, mAP50: m.mAP50, mAP50_95: m.mAP50_95 };
  const text = JSON.stringify(result);
  if (values['json']) io.out(`${text}\n`);
  else io.out(`images ${m.images}  labels ${m.labels}  P ${m.precision.toFixed(3)}  R ${m.recall.toFixed(3)}  mAP50 ${m.mAP50.toFixed(3)}  mAP50-95 ${m.mAP50_95.toFixed(3)}\n`);
  const save = stringOption(values, 'save');
  if (save) await writeFile(save, `${text}\n`);
}
