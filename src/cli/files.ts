/** File access for the CLI, with one-line errors that name the file. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Checkpoint } from '../io/checkpoint';
import { readModelCheckpoint } from '../model/checkpoint';
import type { RgbImage } from '../io/image';
import { decodeImage } from '../io/image-node';
import type { GridConvention } from '../common/geometry';
import { loadModel } from '../model/load-model';
import type { YoloModel } from '../model/yolo';

export class InputError extends Error {
  override name = 'InputError';
}

export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${path}: is a folder, not a file`);
    if (code === 'EACCES') throw new InputError(`${path}: permission denied`);
    throw new InputError(`${path}: ${(e as Error).message}`);
  }
}

/** A .pt or .safetensors checkpoint; errors are prefixed with the file name. */
export async function loadCheckpointFile(path: string): Promise<Checkpoint> {
  const bytes = await readInputFile(path);
  try {
    return await readModelCheckpoint(bytes);
  } catch (e) {
    throw new InputError(`${basename(path)}: ${(e as Error).message}`);
  }
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

/** Whether a file name is one of the images the CLI reads (by extension, as detect.py picks them). */
export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

/** An image file, or the images in a folder (sorted by name, as refcli does). */
export async function listImages(source: string): Promise<string[]> {
  let info;
  try {
    info = await stat(source);
  } catch {
    throw new InputError(`${source}: no such file or folder`);
  }
  if (!info.isDirectory()) return [source];
  const names = (await readdir(source)).filter(isImageName).sort();
  if (!names.length) throw new InputError(`${source}: no .jpg, .jpeg or .png images in this folder`);
  return names.map((n) => join(source, n));
}

/** A checkpoint loaded into a model on the current backend (the app's front door, `loadModel`), with its grid convention. */
export async function loadModelFile(path: string, grid?: GridConvention): Promise<{ model: YoloModel; checkpoint: Checkpoint; convention: GridConvention }> {
  const bytes = await readInputFile(path);
  const name = basename(path);
  try {
    const { model, checkpoint, convention } = await loadModel(bytes, { name, convention: grid ?? null });
    return { model, checkpoint, convention };
  } catch (e) {
    throw new InputError(`${name}: ${(e as Error).message}`);
  }
}

/** Reads and decodes one image, with a one-line error naming it. */
export async function readImageFile(path: string): Promise<RgbImage> {
  return decodeImage(await readInputFile(path), path);
}
