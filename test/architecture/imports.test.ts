/**
 * The import direction between src/ folders (DEVELOPERS.md, "Layout"):
 *
 *   ui, cli -> runtime -> detect -> model -> io -> common
 *   state -> common
 *
 * Each folder may import only the folders listed for it in ALLOWED (and
 * itself, and npm packages). Every import of every file under src/ is
 * checked, static, re-exports and dynamic `import()` alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = 'src';

type Layer = 'common' | 'io' | 'state' | 'model' | 'detect' | 'runtime' | 'ui' | 'cli';

const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  common: [],
  io: ['common'],
  state: ['common'],
  // The model reads configs and checkpoints through io (model/config.ts re-exports the reader).
  model: ['io', 'common'],
  detect: ['model', 'io', 'common'],
  runtime: ['detect', 'model', 'io', 'common'],
  ui: ['runtime', 'detect', 'model', 'io', 'state', 'common'],
  cli: ['runtime', 'detect', 'model', 'io', 'state', 'common'],
};

/** The files at the top of src/ that wire everything together (the app's entry). */
const ENTRY_FILES = new Set(['main.tsx']);

interface Violation {
  /** Path under src/, with forward slashes. */
  file: string;
  /** The import specifier as written. */
  imports: string;
}

/**
 * Violations that are known and not yet fixed, each with a comment saying
 * who removes it. The test fails when an entry no longer occurs, so this
 * list can only shrink. Empty now: the engine work of issue 8 removed the
 * last two (state/store.ts importing runtime/browser-backends, and
 * runtime/engine.ts importing state/settings).
 */
const KNOWN_VIOLATIONS: readonly Violation[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier in a file: import/export ... from '...', import '...', import('...'). */
function importSpecifiers(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const patterns = [/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((re) => [...withoutComments.matchAll(re)].map((m) => m[1] as string));
}

/** The src/ folder a path under src/ belongs to, or null for an entry file at the top. */
function layerOf(pathUnderSrc: string): Layer | 'entry' | null {
  const [top, ...rest] = pathUnderSrc.split('/');
  if (rest.length === 0) return ENTRY_FILES.has(top as string) ? 'entry' : null;
  return top !== undefined && top in ALLOWED ? (top as Layer) : null;
}

function findViolations(): { violations: Violation[]; unknownFolders: string[] } {
  const violations: Violation[] = [];
  const unknownFolders: string[] = [];
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path).split(sep).join('/');
    const from = layerOf(file);
    if (from === null) unknownFolders.push(file);
    if (from === null || from === 'entry') continue;
    for (const spec of importSpecifiers(readFileSync(path, 'utf8'))) {
      if (!spec.startsWith('.')) continue; // npm packages and node: builtins
      const target = posix.normalize(posix.join(dirname(file), spec));
      if (target.startsWith('..')) {
        violations.push({ file, imports: spec }); // reaches outside src/
        continue;
      }
      const to = layerOf(target.includes('/') ? target : `${target}/`);
      if (to === from) continue;
      if (to === null || to === 'entry' || !ALLOWED[from].includes(to)) violations.push({ file, imports: spec });
    }
  }
  return { violations, unknownFolders };
}

const key = (v: Violation): string => `src/${v.file} imports '${v.imports}'`;

describe('import direction between src/ folders', () => {
  const { violations, unknownFolders } = findViolations();
  const known = new Set(KNOWN_VIOLATIONS.map(key));

  it('every file under src/ is in a known folder', () => {
    expect(unknownFolders).toEqual([]);
  });

  it('no file imports a folder its own folder may not import', () => {
    expect(violations.map(key).filter((k) => !known.has(k))).toEqual([]);
  });

  it('every KNOWN_VIOLATIONS entry still occurs (delete the ones that are fixed)', () => {
    const found = new Set(violations.map(key));
    expect([...known].filter((k) => !found.has(k))).toEqual([]);
  });

  it('finds static, re-export, side-effect and dynamic imports', () => {
    const text = [
      "import type { A } from '../model/a';",
      "import {\n  B,\n} from '../io/b';",
      "export * from '../common/c';",
      "import './d.css';",
      "const e = await import('../runtime/e');",
      "// import { F } from '../ui/f';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['../model/a', '../io/b', '../common/c', './d.css', '../runtime/e']);
  });
});
