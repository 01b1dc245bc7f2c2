/**
 * `akconv predict --weights W --source IMAGE|DIR|GLOB [...]`: detections as
 * detect.py gives them, printed, as JSON (--json) and saved into a run
 * folder (--save, --save-txt, --save-crop; see predict-save.ts).
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { detect } from '../detect/detector';
import { imageMasks } from '../detect/mask-overlay';
import type { ImageResult } from '../detect/predict-json';
import { imageResult, predictJson } from '../detect/predict-json';
import { useNodeBackend } from '../runtime/node';
import type { Output, Parsed } from './commands';
import { numberOption, parseCommandArgs, requireOption, stringOption, UsageError } from './commands';
import { InputError, loadModelFile, readImageFile } from './files';
import { gridOption } from './options';
import type { SaveOptions } from './predict-save';
import { saveResults } from './predict-save';
import { makeRunDir, RUN_DIR_OPTIONS } from './run-dir';
import { listSources } from './sources';

export type { ImageResult } from '../detect/predict-json';

/** Options that take several values after one flag, as detect.py's nargs='+' (`--classes 0 2 3`). */
const MULTI_VALUE = new Set(['--classes']);

/** `--classes 0 2 3` becomes `--classes=0,2,3`, which parseArgs reads as one value. */
export function joinMultiValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!MULTI_VALUE.has(a)) {
      out.push(a);
      continue;
    }
    const values: string[] = [];
    while (i + 1 < args.length && !(args[i + 1] as string).startsWith('--')) values.push(args[++i] as string);
    out.push(values.length ? `${a}=${values.join(',')}` : a);
  }
  return out;
}

export function classesOption(values: Parsed['values']): number[] | undefined {
  const raw = values['classes'];
  if (raw === undefined) return undefined;
  const parts = String(raw).split(',').map((s) => s.trim());
  if (typeof raw !== 'string' || parts.some((p) => !/^\d+$/.test(p))) throw new UsageError(`--classes must be class indices (integers from 0), got '${String(raw)}'`);
  return parts.map(Number);
}

function saveOptions(values: Parsed['values']): Omit<SaveOptions, 'runDir'> | null {
  const o = {
    image: values['save'] === true,
    txt: values['save-txt'] === true,
    conf: values['save-conf'] === true,
    crop: values['save-crop'] === true,
    hideLabels: values['hide-labels'] === true,
    hideConf: values['hide-conf'] === true,
    ...(values['line-thickness'] !== undefined ? { lineWidth: numberOption(values, 'line-thickness', 3, 1, 100, true) } : {}),
  };
  if (o.conf && !o.txt) throw new UsageError('--save-conf needs --save-txt');
  return o.image || o.txt || o.crop ? o : null;
}

export async function runPredict(args: string[], io: Output): Promise<void> {
  const { values, positionals } = parseCommandArgs(joinMultiValues(args), {
    weights: { type: 'string' },
    source: { type: 'string' },
    imgsz: { type: 'string' },
    conf: { type: 'string' },
    iou: { type: 'string' },
    grid: { type: 'string' },
    json: { type: 'string' },
    'max-det': { type: 'string' },
    classes: { type: 'string' },
    'agnostic-nms': { type: 'boolean' },
    save: { type: 'boolean' },
    'save-txt': { type: 'boolean' },
    'save-conf': { type: 'boolean' },
    'save-crop': { type: 'boolean' },
    'hide-labels': { type: 'boolean' },
    'hide-conf': { type: 'boolean' },
    'line-thickness': { type: 'string' },
    ...RUN_DIR_OPTIONS,
  });
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const imageSize = imageSizeOption(values);
  const confThreshold = numberOption(values, 'conf', 0.25, 0, 1);
  const iouThreshold = numberOption(values, 'iou', 0.45, 0, 1);
  const maxDet = numberOption(values, 'max-det', 300, 1, 30000, true);
  const classes = classesOption(values);
  const agnostic = values['agnostic-nms'] === true;
  const grid = gridOption(values);
  const save = saveOptions(values);
  const images = await listSources(requireOption(values, 'source'));
  const jsonPath = stringOption(values, 'json');
  await useNodeBackend('wasm');
  const { model, checkpoint } = await loadModelFile(requireOption(values, 'weights'), grid);
  const runDir = save ? makeRunDir(values, 'runs/predict') : null;
  const results: ImageResult[] = [];
  try {
    for (const path of images) {
      const image = await readImageFile(path);
      const r = await detect(model, image, { imageSize, confThreshold, iouThreshold, maxDet, agnostic, ...(classes ? { classes } : {}) });
      const result = imageResult(basename(path), image.width, image.height, [r.input.height, r.input.width], r.detections, checkpoint.names);
      results.push(result);
      if (save && runDir) await saveResults(path, image, r.detections, checkpoint.names, { ...save, runDir }, save.image ? imageMasks(r.detections, r.input, image.width, image.height) : []);
      const summary = result.detections.length ? result.detections.map((d) => `${d.name} ${d.conf.toFixed(2)}`).join(', ') : 'no detections';
      io.out(`${result.image} ${image.width}x${image.height} (input ${r.input.height}x${r.input.width}, ${r.timings.inferenceMs.toFixed(0)} ms): ${summary}\n`);
    }
  } finally {
    model.dispose();
  }
  if (runDir) io.err(`predict: results saved to ${runDir}\n`);
  if (jsonPath) {
    try {
      await writeFile(jsonPath, predictJson(results));
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
