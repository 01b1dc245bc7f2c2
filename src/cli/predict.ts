/** `akconv predict --weights W --source IMAGE|DIR [...]`: detections as detect.py gives them. */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { detect } from '../detect/detector';
import { maskArea } from '../detect/masks';
import { useNodeBackend } from '../runtime/node';
import type { Output } from './commands';
import { numberOption, parseCommandArgs, requireOption, stringOption, UsageError } from './commands';
import { InputError, listImages, loadModelFile, readImageFile } from './files';
import { gridOption } from './options';

export interface ImageResult {
  image: string;
  width: number;
  height: number;
  input: [number, number];
  detections: { box: number[]; conf: number; class: number; name: string; mask_area?: number }[];
}

export async function runPredict(args: string[], io: Output): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, {
    weights: { type: 'string' },
    source: { type: 'string' },
    imgsz: { type: 'string' },
    conf: { type: 'string' },
    iou: { type: 'string' },
    grid: { type: 'string' },
    json: { type: 'string' },
    'max-det': { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const imageSize = imageSizeOption(values);
  const confThreshold = numberOption(values, 'conf', 0.25, 0, 1);
  const iouThreshold = numberOption(values, 'iou', 0.45, 0, 1);
  const maxDet = numberOption(values, 'max-det', 300, 1, 30000, true);
  const grid = gridOption(values);
  const images = await listImages(requireOption(values, 'source'));
  const jsonPath = stringOption(values, 'json');
  await useNodeBackend('wasm');
  const { model, checkpoint } = await loadModelFile(requireOption(values, 'weights'), grid);
  const results: ImageResult[] = [];
  try {
    for (const path of images) {
      const image = await readImageFile(path);
      const r = await detect(model, image, { imageSize, confThreshold, iouThreshold, maxDet });
      const result: ImageResult = {
        image: basename(path),
        width: image.width,
        height: image.height,
        input: [r.input.height, r.input.width],
        detections: r.detections.map((d) => ({
          box: d.box.map((v) => Math.round(v * 100) / 100),
          conf: Math.round(d.score * 1e5) / 1e5,
          class: d.classId,
          name: checkpoint.names[d.classId] ?? String(d.classId),
          ...(d.mask ? { mask_area: maskArea(d.mask) } : {}),
        })),
      };
      results.push(result);
      const summary = result.detections.length ? result.detections.map((d) => `${d.name} ${d.conf.toFixed(2)}`).join(', ') : 'no detections';
      io.out(`${result.image} ${image.width}x${image.height} (input ${r.input.height}x${r.input.width}, ${r.timings.inferenceMs.toFixed(0)} ms): ${summary}\n`);
    }
  } finally {
    model.dispose();
  }
  if (jsonPath) {
    try {
      await writeFile(jsonPath, `${JSON.stringify(results, null, 1)}\n`);
    } catch (e) {
      throw new InputError(`${jsonPath}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}

export function imageSizeOption(values: Record<string, string | boolean | undefined>): number {
  const size = numberOption(values, 'imgsz', 640, 32, 4096, true);
  if (size % 32 !== 0) throw new UsageError(`--imgsz must be a multiple of 32, got ${size}`);
  return size;
}
