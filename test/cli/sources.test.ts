import { describe, expect, it } from 'vitest';
import { globPattern, isGlob, listSources } from '../../src/cli/sources';
import { fixturePath } from '../helpers/fixtures';

describe('predict sources: a file, a folder or a glob', () => {
  const photos = fixturePath('detect/photos');

  it('fnmatch patterns in the file name', () => {
    expect(isGlob('a/*.jpg')).toBe(true);
    expect(isGlob('a/b.jpg')).toBe(false);
    expect(globPattern('*.jpg').test('x.jpg')).toBe(true);
    expect(globPattern('*.jpg').test('x.jpeg')).toBe(false);
    expect(globPattern('0?.png').test('01.png')).toBe(true);
    expect(globPattern('[!t]*').test('tall.png')).toBe(false);
    expect(globPattern('a+b.jpg').test('a+b.jpg')).toBe(true);
  });

  it('lists matches sorted by name, like a folder', async () => {
    expect((await listSources(`${photos}/*_crop.png`)).map((p) => p.slice(photos.length + 1))).toEqual(['tall_crop.png', 'wide_crop.png']);
    expect(await listSources(`${photos}/*`)).toEqual(await listSources(photos));
    await expect(listSources(`${photos}/*.bmp`)).rejects.toThrow('no .jpg, .jpeg or .png images match');
  });
});
