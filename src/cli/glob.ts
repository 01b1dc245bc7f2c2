/**
 * Python's glob.glob(pattern, recursive=True), which detect.py's LoadImages
 * expands its --source with: wildcards (*, ?, [abc], [!abc]) in any path
 * component, '**' as a whole component for zero or more folders, names
 * starting with '.' matched only by a pattern that starts with '.', and
 * '**' never entering hidden folders. Matches come back as glob builds them
 * (a folder matched by a trailing '**' ends in '/'); callers sort.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

const MAGIC = /[*?[]/;

export function hasMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** fnmatch.translate for one path component. */
export function fnmatchPattern(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      // As fnmatch: a ']' right after '[' or '[!' belongs to the set.
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) re += '\\[';
      else {
        let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\').replace(/]/g, '\\]');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        else if (body.startsWith('^') || body.startsWith('[')) body = `\\${body}`;
        re += `[${body}]`;
        i = j;
      }
    } else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

const isHidden = (name: string): boolean => name.startsWith('.');

/** os.path.split: the last component and what comes before it (the root keeps its slash). */
function split(path: string): [string, string] {
  const i = path.lastIndexOf(sep);
  if (i < 0) return ['', path];
  const head = path.slice(0, i + 1);
  // Trailing separators go, unless the head is all separators (the root).
  const trimmed = head.replace(/\/+$/, '');
  return [trimmed || head, path.slice(i + 1)];
}

/** os.path.join with an empty last part keeps a trailing separator, as Python's does. */
function pyJoin(dir: string, name: string): string {
  if (!dir) return name;
  return dir.endsWith(sep) ? dir + name : `${dir}${sep}${name}`;
}

/** Where relative paths are read from (glob's root_dir; the working folder by default). */
type Root = string;

const at = (root: Root, path: string): string => resolve(root, path || '.');

async function exists(root: Root, path: string): Promise<boolean> {
  return lstat(at(root, path)).then(() => true, () => false);
}

async function isDir(root: Root, path: string): Promise<boolean> {
  return stat(at(root, path)).then((s) => s.isDirectory(), () => false);
}

/** os.scandir's names (folders only with `dirOnly`, following links); none when it cannot be read. */
async function listDir(root: Root, dir: string, dirOnly: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(at(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  if (!dirOnly) return entries.map((e) => e.name);
  const keep = await Promise.all(entries.map(async (e) => e.isDirectory() || (e.isSymbolicLink() && (await isDir(root, join(dir, e.name))))));
  return entries.filter((_, k) => keep[k]).map((e) => e.name);
}

async function globOne(root: Root, dir: string, pattern: string, dirOnly: boolean): Promise<string[]> {
  let names = await listDir(root, dir, dirOnly);
  if (!isHidden(pattern)) names = names.filter((n) => !isHidden(n));
  const re = fnmatchPattern(pattern);
  return names.filter((n) => re.test(n));
}

async function globLiteral(root: Root, dir: string, name: string): Promise<string[]> {
  if (name) return (await exists(root, pyJoin(dir, name))) ? [name] : [];
  return (await isDir(root, dir)) ? [name] : [];
}

/** '**': the folder itself ('') and everything under it, not entering hidden folders. */
async function globRecursive(root: Root, dir: string, dirOnly: boolean): Promise<string[]> {
  const out = [''];
  const walk = async (rel: string): Promise<void> => {
    for (const name of await listDir(root, pyJoin(dir, rel), dirOnly)) {
      if (isHidden(name)) continue;
      const path = pyJoin(rel, name);
      out.push(path);
      await walk(path);
    }
  };
  await walk('');
  return out;
}

async function iglob(root: Root, pattern: string, dirOnly: boolean): Promise<string[]> {
  const [dir, base] = split(pattern);
  if (!hasMagic(pattern)) {
    if (base) return (await exists(root, pattern)) ? [pattern] : [];
    return (await isDir(root, dir)) ? [pattern] : [];
  }
  if (!dir) return base === '**' ? globRecursive(root, '', dirOnly) : globOne(root, '', base, dirOnly);
  const dirs = dir !== pattern && hasMagic(dir) ? await iglob(root, dir, true) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    const names = !hasMagic(base) ? await globLiteral(root, d, base) : base === '**' ? await globRecursive(root, d, dirOnly) : await globOne(root, d, base, dirOnly);
    for (const name of names) out.push(pyJoin(d, name));
  }
  return out;
}

/** glob.glob(pattern, root_dir=rootDir, recursive=True): relative matches stay relative to `rootDir`. */
export async function glob(pattern: string, rootDir: string = process.cwd()): Promise<string[]> {
  const found = await iglob(rootDir, pattern, false);
  // glob drops the empty match a leading '**' yields for the starting folder itself.
  return pattern.startsWith('**') && found[0] === '' ? found.slice(1) : found;
}
