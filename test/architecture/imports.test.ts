/**
 * The import direction between src/ folders (DEVELOPERS.md, "Layout"):
 *
 *   ui, cli -> runtime -> detect -> model -> io -> common
 *   state -> common
 *
 * Each folder may import only the folders listed for it in ALLOWED (and
 * itself, and npm packages). Every import of every file under src/ is
 * checked, static, re-exports and dynamic `import()` alike.
 *
 * And tfjs only in the engine: no file of the page (src/ui, src/state,
 * src/main.tsx) may load `@tensorflow/tfjs*` through static imports, directly
 * or through other src/ files. The engine runs in a worker that bundles tfjs
 * itself; what the page imports statically is what it downloads and parses
 * before its first paint. A dynamic `import()` is allowed (the main-thread
 * fallback engine in runtime/engine-client.ts is one), and so is
 * `import type` / `export type`, which is erased. `import { type X }` is not:
 * under this project's `verbatimModuleSyntax` it compiles to `import './x'`,
 * which still loads (and bundles) the module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
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

/**
 * How a module is imported: `static` loads it with the importing file (import
 * and export ... from, `import './x'`), `type` is erased by the compiler
 * (`import type`, `export type`), `dynamic` is an `import()` call.
 */
type ImportKind = 'static' | 'type' | 'dynamic';

interface ModuleImport {
  specifier: string;
  kind: ImportKind;
}

/** Every module a file imports, read with TypeScript's own parser (comments and strings cannot fool it). */
function moduleImports(text: string, fileName = 'file.ts'): ModuleImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: ModuleImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, kind: node.importClause?.isTypeOnly ? 'type' : 'static' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, kind: node.isTypeOnly ? 'type' : 'static' });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) out.push({ specifier: arg.text, kind: 'dynamic' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every module specifier in a file, whatever the kind of import. */
function importSpecifiers(text: string, fileName?: string): string[] {
  return moduleImports(text, fileName).map((i) => i.specifier);
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
    for (const spec of importSpecifiers(readFileSync(path, 'utf8'), path)) {
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

  it('tells erased type imports from static and dynamic ones', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B } from './b';",
      "import { type C, D } from './c';",
      "export type { E } from './e';",
      "export { F } from './f';",
      "const g = () => import('./g');",
      "const h = 'import { H } from \"./h\"';",
    ].join('\n');
    expect(moduleImports(text)).toEqual([
      { specifier: './a', kind: 'type' },
      { specifier: './b', kind: 'static' },
      { specifier: './c', kind: 'static' },
      { specifier: './e', kind: 'type' },
      { specifier: './f', kind: 'static' },
      { specifier: './g', kind: 'dynamic' },
    ]);
  });
});

/** The page's own files: what index.html's entry loads before the engine (under src/). */
const PAGE_ROOTS = (file: string): boolean => file === 'main.tsx' || file.startsWith('ui/') || file.startsWith('state/');

/** tfjs and its backends: the engine's, never the page's. */
const ENGINE_ONLY_PACKAGE = /^@tensorflow\/tfjs/;

/**
 * The file under src/ that a relative specifier names, resolved as Vite
 * does for TypeScript (`./x` -> x.ts, x.tsx, x/index.ts), or null for a
 * file that is not TypeScript (CSS, images). `?url` and other queries are
 * dropped. Throws for a TypeScript import of no file.
 */
function resolveSource(files: ReadonlyMap<string, string>, from: string, spec: string): string | null {
  const base = posix.normalize(posix.join(posix.dirname(from), spec.replace(/\?.*$/, '')));
  const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((p) => /\.tsx?$/.test(p) && files.has(p));
  if (found) return found;
  if (/\.[a-z]+$/i.test(base) && !/\.tsx?$/.test(base)) return null;
  throw new Error(`src/${from} imports '${spec}', which names no file under src/`);
}

/**
 * For each root that loads a package matching `banned` through static
 * imports (directly or through other files), the shortest chain of files
 * from the root to it, as "a -> b -> package". Type-only imports are erased
 * and dynamic ones load later: neither is followed.
 */
function staticChainsTo(files: ReadonlyMap<string, string>, isRoot: (file: string) => boolean, banned: RegExp): string[] {
  const edges = new Map<string, { files: string[]; packages: string[] }>();
  for (const [file, text] of files) {
    const out = { files: [] as string[], packages: [] as string[] };
    for (const { specifier, kind } of moduleImports(text, file)) {
      if (kind !== 'static') continue;
      if (!specifier.startsWith('.')) out.packages.push(specifier);
      else {
        const target = resolveSource(files, file, specifier);
        if (target) out.files.push(target);
      }
    }
    edges.set(file, out);
  }
  const chains: string[] = [];
  for (const root of [...files.keys()].filter(isRoot).sort()) {
    // Breadth first, so the chain printed is a shortest one.
    const cameFrom = new Map<string, string | null>([[root, null]]);
    const queue = [root];
    let hit: { file: string; pkg: string } | null = null;
    while (queue.length && !hit) {
      const file = queue.shift() as string;
      const { files: next, packages } = edges.get(file) ?? { files: [], packages: [] };
      const pkg = packages.find((p) => banned.test(p));
      if (pkg) hit = { file, pkg };
      for (const n of next) {
        if (!cameFrom.has(n)) {
          cameFrom.set(n, file);
          queue.push(n);
        }
      }
    }
    if (!hit) continue;
    const path: string[] = [];
    for (let f: string | null | undefined = hit.file; f; f = cameFrom.get(f)) path.unshift(`src/${f}`);
    chains.push([...path, hit.pkg].join(' -> '));
  }
  return chains;
}

function readSources(): Map<string, string> {
  return new Map(sourceFiles(SRC).map((path) => [relative(SRC, path).split(sep).join('/'), readFileSync(path, 'utf8')]));
}

describe('tfjs only in the engine', () => {
  it('no file of the page (src/ui, src/state, src/main.tsx) loads @tensorflow/tfjs* through static imports', () => {
    expect(staticChainsTo(readSources(), PAGE_ROOTS, ENGINE_ONLY_PACKAGE)).toEqual([]);
  });

  it('finds a chain through other files, and follows neither type-only nor dynamic imports', () => {
    const files = new Map([
      ['ui/panel.tsx', "import { field } from '../detect/field';\nimport './panel.css';"],
      ['detect/field.ts', "export { capture } from './capture';"],
      ['detect/capture.ts', "import * as tf from '@tensorflow/tfjs';"],
      ['ui/typed.tsx', "import type { T } from '../detect/capture';\nconst later = () => import('../detect/capture');"],
      ['ui/inline-type.tsx', "import { type T } from '../detect/capture';"],
      ['runtime/engine.ts', "import * as tf from '@tensorflow/tfjs';"],
    ]);
    expect(staticChainsTo(files, PAGE_ROOTS, ENGINE_ONLY_PACKAGE)).toEqual([
      'src/ui/inline-type.tsx -> src/detect/capture.ts -> @tensorflow/tfjs',
      'src/ui/panel.tsx -> src/detect/field.ts -> src/detect/capture.ts -> @tensorflow/tfjs',
    ]);
  });
});
