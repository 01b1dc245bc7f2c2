/**
 * How much JavaScript the page itself loads from a production build: the
 * scripts of `index.html` (Vite's entry), its `modulepreload` links, and every chunk
 * they reach through static `import` / `export ... from` statements. Chunks
 * reached only through `import()` (loaded on demand) and the engine worker's
 * script are not the page's and are listed apart. Sizes are decoded bytes
 * (the files as written, which the browser parses), with their gzip size
 * beside them for what travels.
 *
 *   npx vite build --outDir /tmp/akconv-dist
 *   npx tsx scripts/bench/page-weight.ts /tmp/akconv-dist
 *
 * Prints one JSON object.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

export interface ChunkWeight {
  /** Path under the build folder, with forward slashes. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface PageWeight {
  /** The page's JavaScript: entry, preloads and their static imports, largest first. */
  page: ChunkWeight[];
  pageBytes: number;
  pageGzipBytes: number;
  /** Every other .js file of the build (lazy chunks, the worker, the service worker), largest first. */
  other: ChunkWeight[];
}

/** The `src` of the scripts and the `href` of the modulepreload links in an HTML page. */
export function pageScripts(html: string): string[] {
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
  return tags.flatMap((tag) => {
    if (/^<script/i.test(tag)) return attr(tag, 'src') ?? [];
    if (/^<link/i.test(tag) && attr(tag, 'rel') === 'modulepreload') return attr(tag, 'href') ?? [];
    return [];
  });
}

/** The specifiers of a module's static imports and re-exports (not `import()`), read with TypeScript's parser. */
export function staticImports(code: string): string[] {
  const source = ts.createSourceFile('chunk.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  return source.statements.flatMap((s) => {
    const spec = ts.isImportDeclaration(s) || ts.isExportDeclaration(s) ? s.moduleSpecifier : undefined;
    return spec && ts.isStringLiteral(spec) ? [spec.text] : [];
  });
}

/**
 * A URL from index.html as a file of the build: an absolute path carries the
 * build's base (`/`, `/sub/`), so the shortest tail of it that names a file
 * under `dist` is the one.
 */
function fileOfUrl(dist: string, url: string): string {
  const parts = url.replace(/[?#].*$/, '').split('/').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join('/');
    if (existsSync(path.join(dist, candidate))) return candidate;
  }
  throw new Error(`index.html loads ${url}, which is not a file of ${dist}`);
}

function weigh(dist: string, file: string): ChunkWeight {
  const bytes = readFileSync(path.join(dist, file));
  return { file, bytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength };
}

function jsFiles(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((e) => {
    const rel = under ? `${under}/${e.name}` : e.name;
    if (e.isDirectory()) return jsFiles(dir, rel);
    return e.name.endsWith('.js') ? [rel] : [];
  });
}

const largestFirst = (a: ChunkWeight, b: ChunkWeight) => b.bytes - a.bytes || a.file.localeCompare(b.file);

export function pageWeight(dist: string): PageWeight {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const roots = pageScripts(html).map((url) => fileOfUrl(dist, url));
  if (!roots.length) throw new Error(`${dist}/index.html loads no module script`);
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(readFileSync(path.join(dist, file), 'utf8'))) {
      if (!spec.startsWith('.') && !spec.startsWith('/')) throw new Error(`${file} imports '${spec}', which the build did not bundle`);
      queue.push(spec.startsWith('/') ? fileOfUrl(dist, spec) : path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
    }
  }
  const page = [...seen].map((f) => weigh(dist, f)).sort(largestFirst);
  const other = jsFiles(dist)
    .filter((f) => !seen.has(f))
    .map((f) => weigh(dist, f))
    .sort(largestFirst);
  return {
    page,
    pageBytes: page.reduce((s, c) => s + c.bytes, 0),
    pageGzipBytes: page.reduce((s, c) => s + c.gzipBytes, 0),
    other,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = process.argv[2] ?? 'dist';
  console.log(JSON.stringify({ dist, ...pageWeight(dist) }, null, 2));
}
