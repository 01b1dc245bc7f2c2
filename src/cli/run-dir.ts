/**
 * YOLOv5's run folders (utils/general.py increment_path): `runs/predict/exp`,
 * then `exp2`, `exp3`, ... unless `--exist-ok` reuses the folder; and the
 * same numbering for a file that exists (`crop.jpg`, `crop2.jpg`, ...).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Parsed } from './commands';
import { stringOption, UsageError } from './commands';
import { InputError } from './files';

/** The first free path of `path`, `path2`, `path3`, ... (a file keeps its extension last). */
export function incrementPath(path: string, existOk = false): string {
  if (!existsSync(path) || existOk) return path;
  const suffix = statSync(path).isFile() ? extname(path) : '';
  const stem = suffix ? path.slice(0, -suffix.length) : path;
  for (let n = 2; n < 9999; n++) {
    const candidate = `${stem}${n}${suffix}`;
    if (!existsSync(candidate)) return candidate;
  }
  throw new InputError(`${path}: no free name up to ${stem}9998${suffix}`);
}

/** The options that name a run folder, as detect.py and val.py take them. */
export const RUN_DIR_OPTIONS = {
  project: { type: 'string' },
  name: { type: 'string' },
  'exist-ok': { type: 'boolean' },
} as const;

/** Creates `<project>/<name>` (numbered as YOLOv5 does) and returns it. */
export function makeRunDir(values: Parsed['values'], defaultProject: string): string {
  const project = stringOption(values, 'project') ?? defaultProject;
  const name = stringOption(values, 'name') ?? 'exp';
  if (!project.trim()) throw new UsageError('--project must not be empty');
  if (!name.trim()) throw new UsageError('--name must not be empty');
  const dir = incrementPath(`${project}/${name}`, values['exist-ok'] === true);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new InputError(`${dir}: cannot create the run folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return dir;
}
