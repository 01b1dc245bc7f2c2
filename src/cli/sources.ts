/**
 * detect.py's sources: an image file, a folder (its images, sorted by name)
 * or, when it holds a '*' (detect.py's test), a pattern expanded as Python's
 * glob.glob(recursive=True) does (glob.ts): wildcards in any component and
 * '**' for any depth, e.g. 'runs/**\/*.jpg'. Of the matches, the .jpg, .jpeg
 * and .png files are kept (a folder named like an image is not one: detect.py
 * would fail on it), sorted by path as detect.py sorts them.
 */
import { stat } from 'node:fs/promises';
import { InputError, isImageName, listImages } from './files';
import { glob } from './glob';

/** detect.py's LoadImages globs a source that holds '*' and reads any other as a file or folder. */
export function isGlob(source: string): boolean {
  return source.includes('*');
}

export async function listSources(source: string): Promise<string[]> {
  if (!isGlob(source)) return listImages(source);
  const named = (await glob(source)).filter(isImageName);
  const isFile = await Promise.all(named.map((p) => stat(p).then((s) => s.isFile(), () => false)));
  const matched = named.filter((_, k) => isFile[k]).sort();
  if (!matched.length) throw new InputError(`${source}: no .jpg, .jpeg or .png images match`);
  return matched;
}
