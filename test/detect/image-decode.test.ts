import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/io/image-node';
import { fixturePath, readFixtureBytes } from '../helpers/fixtures';

// Each PNG variant (colour type / bit depth / tRNS) decodes to the pixels
// cv2.imread(IMREAD_COLOR) gives; NAME.expected.png holds those as plain 8-bit RGB.
// Made by scripts/detect/make_png_variants.py.
const variants = readdirSync(fixturePath('detect/png'))
  .filter((f) => f.endsWith('.png') && !f.endsWith('.expected.png'))
  .sort();

describe('PNG decoding equals cv2.imread', () => {
  it('has the variants', () => {
    expect(variants).toEqual(['bilevel1.png', 'gray16.png', 'gray8.png', 'gray8_trns.png', 'gray_alpha8.png', 'palette4.png', 'rgb16.png', 'rgb8.png', 'rgb8_trns.png', 'rgba8.png']);
  });

  it.each(variants)('%s', (name) => {
    const img = decodeImage(readFixtureBytes(`detect/png/${name}`), name);
    const ref = decodeImage(readFixtureBytes(`detect/png/${name.replace(/\.png$/, '.expected.png')}`), 'expected');
    expect([img.width, img.height, img.data.length]).toEqual([48, 32, 48 * 32 * 3]);
    expect([ref.width, ref.height]).toEqual([48, 32]);
    let off = 0;
    for (let i = 0; i < ref.data.length; i++) if (img.data[i] !== ref.data[i]) off++;
    expect(off).toBe(0);
  });
});

describe('unreadable images', () => {
  const jpeg = readFixtureBytes('detect/photos/000000001503.jpg');
  it.each([
    ['empty.jpg', new Uint8Array(0), /^cannot read empty\.jpg: not a JPEG or PNG image\.$/],
    ['notes.txt', new TextEncoder().encode('hello, world'), /^cannot read notes\.txt: not a JPEG or PNG image\.$/],
    ['anim.gif', new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), /^cannot read anim\.gif: not a JPEG or PNG image\.$/],
    ['cut.jpg', jpeg.slice(0, 400), /^cannot read cut\.jpg: a damaged image/],
    ['cut.png', readFixtureBytes('detect/png/rgb8.png').slice(0, 60), /^cannot read cut\.png: a damaged image/],
  ] as const)('%s', (name, bytes, message) => {
    expect(() => decodeImage(bytes, name)).toThrow(message);
  });
});
