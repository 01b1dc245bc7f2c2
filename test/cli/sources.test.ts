import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fnmatchPattern } from '../../src/cli/glob';
import { isGlob, listSources } from '../../src/cli/sources';
import { fixturePath } from '../helpers/fixtures';

describe('predict sources: a file, a folder or a glob', () => {
  const photos = fixturePath('detect/photos');

  it("a source is a pattern when it holds '*' (detect.py's test); fnmatch patterns", () => {
    expect(isGlob('a/*.jpg')).toBe(true);
    expect(isGlob('a/b.jpg')).toBe(false);
    // detect.py reads these as file names.
    expect(isGlob('a/img?.jpg')).toBe(false);
    expect(isGlob('a/[x].jpg')).toBe(false);
    expect(fnmatchPattern('*.jpg').test('x.jpg')).toBe(true);
    expect(fnmatchPattern('*.jpg').test('x.jpeg')).toBe(false);
    expect(fnmatchPattern('0?.png').test('01.png')).toBe(true);
    expect(fnmatchPattern('[!t]*').test('tall.png')).toBe(false);
    expect(fnmatchPattern('a+b.jpg').test('a+b.jpg')).toBe(true);
  });

  it('lists matches sorted by name, like a folder', async () => {
    expect((await listSources(`${photos}/*_crop.png`)).map((p) => p.slice(photos.length + 1))).toEqual(['tall_crop.png', 'wide_crop.png']);
    expect(await listSources(`${photos}/*`)).toEqual(await listSources(photos));
    await expect(listSources(`${photos}/*.bmp`)).rejects.toThrow('no .jpg, .jpeg or .png images match');
  });

  it("'**' finds images at any depth, keeps only .jpg, .jpeg and .png files, sorted by path", async () => {
    const root = mkdtempSync(join(tmpdir(), 'akconv-sources-'));
    for (const rel of ['a.jpg', 'run1/b.PNG', 'run1/notes.txt', 'run1/deep/c.jpeg', 'run1/folder.jpg/d.jpg', '.hidden/e.jpg']) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), '');
    }
    const found = (await listSources(`${root}/**/*`)).map((p) => p.slice(root.length + 1));
    expect(found).toEqual(['a.jpg', 'run1/b.PNG', 'run1/deep/c.jpeg', 'run1/folder.jpg/d.jpg']);
    expect((await listSources(`${root}/run1/**/*.jp*g`)).map((p) => p.slice(root.length + 1))).toEqual(['run1/deep/c.jpeg', 'run1/folder.jpg/d.jpg']);
  });
});
