/**
 * `akconv val --weights W --data DIR [--split val2017] [...]`: mAP on a YOLO-format
 * data set (images/SPLIT, labels/SPLIT), computed as YOLOv5's val.py does:
 * rectangular batches by default (--batch-size, sorted by aspect ratio),
 * detect.py's per-image letterbox with --no-rect.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { detect } from '../detect/detector';
import { isCocoNames } from '../detect/coco-names';
import type { CocoResult } from '../detect/export-formats';
import { COCO80_TO_COCO91, cocoImageId, cocoResults } from '../detect/export-formats';
import type { Letterboxed } from '../detect/letterbox';
import { scaleBoxes } from '../detect/letterbox';
import type { ImageStats, LabelBox } from '../detect/metrics';
import { computeMetrics, matchImage } from '../detect/metrics';
import { rectBatches } from '../detect/rect-batches';
import { rectInput } from '../detect/rect-input';
import type { RgbImage } from '../io/image';
import { useNodeBackend } from '../runtime/node';
import type { Output } from './commands';
import { numberOption, parseCommandArgs, requireOption, stringOption, UsageError } from './commands';
import { InputError, listImages, loadModelFile, readImageFile } from './files';
import { gridOption } from './options';
import { imageSizeOption } from './predict';
import { makeRunDir, RUN_DIR_OPTIONS } from './run-dir';
import { valTable } from './val-table';

export interface ValResult {
  images: number;
  labels: number;
  precision: number;
  recall: number;
  mAP50: number;
  mAP50_95: number;
}

/** YOLO labels (class cx cy w h, normalised) as boxes in the image they are normalised to. */
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

async function readLabelText(dir: string, image: string): Promise<{ text: string; file: string }> {
  const file = join(dir, `${basename(image, extname(image))}.txt`);
  try {
    return { text: await readFile(file, 'utf8'), file };
  } catch {
    return { text: '', file }; // an image without a label file has no objects (YOLOv5's rule)
  }
}

/**
 * Labels in original pixels as val.py gets them in rect mode: normalised to
 * the loaded (resized) image, shifted by the pad, then mapped back with the
 * same gain and pad as the predictions (scale_boxes, clipped).
 */
function rectLabels(text: string, file: string, input: Letterboxed, image: RgbImage): LabelBox[] {
  const [w, h] = input.resized;
  return parseLabels(text, w, h, file).map((l) => {
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = l.box;
    const shifted = [x1 + input.pad[0], y1 + input.pad[1], x2 + input.pad[0], y2 + input.pad[1]];
    return { classId: l.classId, box: scaleBoxes(shifted, input, image.width, image.height) };
  });
}

interface ValOptions {
  imageSize: number;
  confThreshold: number;
  iouThreshold: number;
  batchSize: number;
  rect: boolean;
}

function parseValOptions(values: Record<string, string | boolean | undefined>): ValOptions {
  return {
    imageSize: imageSizeOption(values),
    confThreshold: numberOption(values, 'conf', 0.001, 0, 1),
    iouThreshold: numberOption(values, 'iou', 0.6, 0, 1),
    batchSize: numberOption(values, 'batch-size', 32, 1, 1024, true),
    rect: values['no-rect'] !== true,
  };
}

/**
 * The images in val.py's order, each with its letterbox shape (null:
 * detect.py's per-image letterbox). Rect batches need every image's size
 * first, so each image is decoded here and again when it runs.
 */
async function plan(images: string[], o: ValOptions): Promise<{ path: string; shape: [number, number] | null }[]> {
  if (!o.rect) return images.map((path) => ({ path, shape: null }));
  const sizes: { width: number; height: number }[] = [];
  for (const path of images) {
    const { width, height } = await readImageFile(path);
    sizes.push({ width, height });
  }
  return rectBatches(sizes, { imageSize: o.imageSize, batchSize: o.batchSize }).flatMap((b) =>
    b.indices.map((i) => ({ path: images[i] as string, shape: b.shape })),
  );
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
    verbose: { type: 'boolean' },
    'save-json': { type: 'boolean' },
    'batch-size': { type: 'string' },
    'no-rect': { type: 'boolean' },
    ...RUN_DIR_OPTIONS,
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const o = parseValOptions(values);
  const grid = gridOption(values);
  const data = requireOption(values, 'data');
  const weights = requireOption(values, 'weights');
  const split = stringOption(values, 'split') ?? 'val2017';
  const images = await listImages(join(data, 'images', split));
  const labelDir = join(data, 'labels', split);
  try {
    await readdir(labelDir);
  } catch {
    throw new InputError(`${labelDir}: no such folder (expected YOLO labels beside images/${split})`);
  }
  await useNodeBackend('wasm');
  const { model, checkpoint } = await loadModelFile(weights, grid);
  const isCoco = isCocoNames(checkpoint.names);
  const stats: ImageStats[] = [];
  const coco: CocoResult[] = [];
  const started = performance.now();
  try {
    const order = await plan(images, o);
    for (const [i, { path, shape }] of order.entries()) {
      const image = await readImageFile(path);
      const { text, file } = await readLabelText(labelDir, path);
      const letterboxed = shape ? rectInput(image, o.imageSize, shape) : undefined;
      const labels = letterboxed ? rectLabels(text, file, letterboxed, image) : parseLabels(text, image.width, image.height, file);
      const r = await detect(model, image, {
        imageSize: o.imageSize,
        confThreshold: o.confThreshold,
        iouThreshold: o.iouThreshold,
        multiLabel: true,
        maxDet: 300,
        masks: false,
        ...(letterboxed ? { letterboxed } : {}),
      });
      stats.push(matchImage(r.detections, labels));
      if (values['save-json']) coco.push(...cocoResults(r.detections, cocoImageId(basename(path, extname(path))), isCoco ? COCO80_TO_COCO91 : undefined));
      if ((i + 1) % 16 === 0 || i + 1 === order.length) io.err(`val: ${i + 1}/${order.length} images, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  } finally {
    model.dispose();
  }
  const m = computeMetrics(stats);
  const result: ValResult = { images: m.images, labels: m.labels, precision: m.precision, recall: m.recall, mAP50: m.mAP50, mAP50_95: m.mAP50_95 };
  const text = JSON.stringify(result);
  if (values['json']) io.out(`${text}\n`);
  else if (values['verbose']) io.out(valTable(m, checkpoint.names, true));
  else io.out(`images ${m.images}  labels ${m.labels}  P ${m.precision.toFixed(3)}  R ${m.recall.toFixed(3)}  mAP50 ${m.mAP50.toFixed(3)}  mAP50-95 ${m.mAP50_95.toFixed(3)}\n`);
  if (values['json'] && values['verbose']) io.err(valTable(m, checkpoint.names, true));
  const save = stringOption(values, 'save');
  if (save) await writeFile(save, `${text}\n`);
  if (values['save-json']) {
    const file = join(makeRunDir(values, 'runs/val'), `${basename(weights, extname(weights))}_predictions.json`);
    await writeFile(file, JSON.stringify(coco));
    io.err(`val: ${coco.length} COCO results saved to ${file}\n`);
  }
}
