import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageScripts, pageWeight, staticImports } from '../../../scripts/bench/page-weight';

/** A build folder as Vite writes one, under base `/sub/`. */
function fakeBuild(): string {
  const dist = mkdtempSync(join(tmpdir(), 'akconv-page-weight-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    [
      '<script type="module" crossorigin src="/sub/assets/index-A.js"></script>',
      '<link rel="modulepreload" crossorigin href="/sub/assets/preload-B.js">',
      '<link rel="stylesheet" href="/sub/assets/index.css">',
      '<script src="/sub/legacy.js"></script>',
    ].join('\n'),
  );
  const files: Record<string, string> = {
    // Static import, re-export, a dynamic import, and a string that only looks like an import.
    'assets/index-A.js': 'import{a as x}from"./shared-C.js";export*from"./reexport-D.js";const l=()=>import("./lazy-E.js");const s=`import"./fake-F.js"`;console.log(x,l,s);',
    'assets/preload-B.js': 'export const b=1;',
    'assets/shared-C.js': 'import"./shared-C.js";export const a=2;',
    'assets/reexport-D.js': 'export const d=3;',
    'assets/lazy-E.js': 'import{a}from"./shared-C.js";export const e=a;',
    'assets/fake-F.js': 'export const f=4;',
    'assets/engine.worker-G.js': 'self.onmessage=()=>{};',
    'assets/index.css': 'body{}',
    'legacy.js': '',
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dist, file), text);
  return dist;
}

describe('page weight of a build', () => {
  it('reads scripts and modulepreload links, not stylesheets', () => {
    expect(pageScripts('<script type="module" src="/a.js"></script><link rel="modulepreload" href="/b.js"><link rel="stylesheet" href="/c.css"><script src="/d.js"></script><script>inline()</script>')).toEqual(['/a.js', '/b.js', '/d.js']);
  });

  it('follows static imports and re-exports only', () => {
    expect(staticImports('import{a}from"./a.js";export*from"./b.js";import"./c.js";const d=()=>import("./d.js");const e="import\\"./e.js\\"";')).toEqual(['./a.js', './b.js', './c.js']);
  });

  it('counts the entry, its preloads and what they import statically; lists lazy chunks and the worker apart', () => {
    const w = pageWeight(fakeBuild());
    expect(w.page.map((c) => c.file).sort()).toEqual(['assets/index-A.js', 'assets/preload-B.js', 'assets/reexport-D.js', 'assets/shared-C.js', 'legacy.js']);
    expect(w.pageBytes).toBe(w.page.reduce((s, c) => s + c.bytes, 0));
    expect(w.page.find((c) => c.file === 'assets/preload-B.js')?.bytes).toBe('export const b=1;'.length);
    expect(w.other.map((c) => c.file).sort()).toEqual(['assets/engine.worker-G.js', 'assets/fake-F.js', 'assets/lazy-E.js']);
  });
});
