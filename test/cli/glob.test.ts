import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnmatchPattern, glob } from '../../src/cli/glob';
import { readFixtureText } from '../helpers/fixtures';

// Python's glob.glob(pattern, recursive=True) on a tree of empty files (scripts/detect/make_globs.py).
const golden = JSON.parse(readFixtureText('cli/globs.json')) as { tree: string[]; cases: { pattern: string; matches: string[]; relative: string[] }[] };

describe("Python's glob.glob(recursive=True), as detect.py expands --source", () => {
  const root = mkdtempSync(join(tmpdir(), 'akconv-glob-'));
  for (const rel of golden.tree) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), '');
  }

  it.each(golden.cases)('$pattern', async ({ pattern, matches, relative: fromRoot }) => {
    const found = (await glob(join(root, pattern))).map((p) => relative(root, p) + (p.endsWith('/') ? '/' : '')).map((p) => (p === '/' ? './' : p));
    expect(found.sort()).toEqual(matches);
    // The same pattern read from the root, as a relative --source is read from the working folder.
    expect((await glob(pattern, root)).sort()).toEqual(fromRoot);
  });

  it('the golden covers recursion, hidden names, sets and no match', () => {
    const patterns = golden.cases.map((c) => c.pattern);
    expect(patterns.filter((p) => p.includes('**')).length).toBeGreaterThan(5);
    expect(golden.cases.some((c) => c.pattern.startsWith('.') && c.matches.length > 0)).toBe(true);
    expect(golden.cases.some((c) => c.matches.length === 0)).toBe(true);
  });

  it("fnmatch's sets: '!' negates, a leading ']' or '^' is literal, an unclosed '[' is literal", () => {
    expect(fnmatchPattern('[!a]b').test('cb')).toBe(true);
    expect(fnmatchPattern('[!a]b').test('ab')).toBe(false);
    expect(fnmatchPattern('[]x]').test(']')).toBe(true);
    expect(fnmatchPattern('[^a]').test('^')).toBe(true);
    expect(fnmatchPattern('[^a]').test('b')).toBe(false);
    expect(fnmatchPattern('a[b').test('a[b')).toBe(true);
    expect(fnmatchPattern('a+(b).jpg').test('a+(b).jpg')).toBe(true);
  });
});
