/**
 * The shipped models as both contestants see them: our .safetensors and its
 * ONNX export (training/export_onnx.py, built on demand into .cache/onnx), and
 * the model's GFLOPs at an input size (src/model's summarize, the YOLOv5 count).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCheckpoint } from '../../src/io/checkpoint';
import { buildArchitecture, summarize } from '../../src/model/architecture';
import type { Size } from './runners';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ONNX_DIR = path.join(REPO_ROOT, '.cache', 'onnx');

export const MODEL_FILES: Record<string, string> = {
  'akconv-ij': 'yolov5n-c3akconv-ij',
  'akconv-xy': 'yolov5n-c3akconv-xy',
  yolov5n: 'yolov5n',
};

/** '640' or '256x320' -> [height, width]. */
export function parseSize(text: string): Size {
  const [h, w = h] = text.split('x').map(Number);
  if (!h || !w || h % 32 !== 0 || w % 32 !== 0) throw new Error(`input size '${text}' is not H or HxW in multiples of 32`);
  return [h, w];
}

export const sizeLabel = (s: Size): string => `${s[0]}x${s[1]}`;

export function modelStem(model: string): string {
  const stem = MODEL_FILES[model];
  if (!stem) throw new Error(`unknown model '${model}' (known: ${Object.keys(MODEL_FILES).join(', ')})`);
  return stem;
}

/** Repository-relative path of the model's .safetensors. */
export const checkpointPath = (model: string): string => `public/models/${modelStem(model)}.safetensors`;

/** Repository-relative path of the ONNX export at `size`. */
export const onnxPath = (model: string, size: Size): string => path.relative(REPO_ROOT, path.join(ONNX_DIR, `${modelStem(model)}-${sizeLabel(size)}.onnx`));

/** Exports the missing ONNX files with Debian's PyTorch (/usr/bin/python3, or $AKCONV_PYTHON). */
export function ensureOnnx(model: string, sizes: readonly Size[]): void {
  const missing = sizes.filter((s) => !existsSync(path.join(REPO_ROOT, onnxPath(model, s))));
  if (missing.length === 0) return;
  const python = process.env['AKCONV_PYTHON'] ?? '/usr/bin/python3';
  const args = ['training/export_onnx.py', '--models', modelStem(model), '--sizes', missing.map(sizeLabel).join(','), '--out', ONNX_DIR];
  console.error(`exporting ${model} to ONNX at ${missing.map(sizeLabel).join(', ')}: ${python} ${args.join(' ')}`);
  try {
    execFileSync(python, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`the ONNX export of ${model} failed (needs Debian's python3-torch): ${(error as Error).message}`);
  }
}

/** GFLOPs of one forward at `size`, as the model panel and summarize() count them. */
export async function gflopsAt(model: string, size: Size): Promise<number> {
  const ckpt = await readCheckpoint(new Uint8Array(readFileSync(path.join(REPO_ROOT, checkpointPath(model)))));
  return summarize(buildArchitecture(ckpt.config), [size[0], size[1]]).gflops;
}
