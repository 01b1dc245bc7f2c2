/**
 * detect.py's sources: an image file, a folder (its images, sorted by name)
 * or a glob such as 'photos/*.jpg'. Wildcards (*, ?, [abc]) are matched in
 * the last path component only; '**' is not supported.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { InputError, listImages } from './files';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

export function isGlob(source: string): boolean {
  return /[*?[]/.test(source);
}

/** fnmatch-style pattern of one path component as a regular expression. */
export function globPattern(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export async function listSources(source: string): Promise<string[]> {
  if (!isGlob(source)) return listImages(source);
  const dir = dirname(source);
  if (isGlob(dir)) throw new InputError(`${source}: wildcards are supported in the file name only`);
  const re = globPattern(basename(source));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new InputError(`${dir}: no such folder`);
  }
  const matched = names.filter((n) => re.test(n) && IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort();
  if (!matched.length) throw new InputError(`${source}: no .jpg, .jpeg or .png images match`);
  return matched.map((n) => join(dir, n));
}
