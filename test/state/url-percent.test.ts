/**
 * The codec reads links that are not valid percent-encoding (a stray `%`, a
 * UTF-8 sequence cut short) without throwing, keeps every part it can read,
 * and names each part it dropped. Also the page option `engine=main`.
 */
import { getQueryParams } from '@tensorflow/tfjs-core/dist/environment';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/state/settings';
import { decodeLink, decodeSettings, encodeSettings, readQuery } from '../../src/state/url';

const notValid = (part: string): string => `Ignored ${part}: it is not valid percent-encoding.`;

describe('malformed percent-encoding in the link', () => {
  // The links that once blanked the page (tfjs's own query parser threw URIError on them).
  it.each([
    ['n=7&note=100%', 'note=100%', { numParam: 7 }],
    ['conf=%ZZ', 'conf=%ZZ', {}],
    ['%E0%A4%A', '%E0%A4%A', {}],
  ])('%s: reads what it can and names %s', (query, part, kept) => {
    expect(() => getQueryParams(`?${query}`)).toThrow(URIError);
    const { settings, notices } = decodeSettings(query);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, ...kept });
    expect(notices).toEqual([notValid(part)]);
  });

  it('keeps every other parameter, before and after the broken ones, and says nothing else about them', () => {
    const { settings, notices } = decodeSettings('?model=yolov5n&conf=%ZZ&iou=0.5&c%oo=1&size=%33%32%30&cls=1%2');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, model: 'yolov5n', iou: 0.5, imageSize: 320 });
    expect(notices).toEqual([notValid('conf=%ZZ'), notValid('c%oo=1'), notValid('cls=1%2')]);
  });

  it('reads a part whose value is fine after a broken one of the same key, and a broken part never counts as a repeat', () => {
    expect(decodeSettings('conf=%&conf=0.4')).toEqual({ settings: { ...DEFAULT_SETTINGS, conf: 0.4 }, notices: [notValid('conf=%')] });
  });

  it('counts many broken parts in one notice that quotes the first three', () => {
    const { notices } = decodeSettings('a=%1&b=%2&n=7&c=%3&d=%4&e=%5');
    expect(notices).toEqual(['Ignored 5 parts of the link that are not valid percent-encoding: a=%1, b=%2, c=%3 and 2 more.']);
  });

  it('shortens a long broken part and hides control characters in what it quotes', () => {
    const { notices } = decodeSettings(`layer=\u202e${'x'.repeat(60)}%`);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Ignored layer=\?x{25}…: it is not valid percent-encoding\.$/);
  });

  it('writes back a link that tfjs and decodeURIComponent read without throwing', () => {
    for (const query of ['n=7&note=100%', 'conf=%ZZ', '%E0%A4%A', 'layer=model.8%E2%82', 'size=%F0%9F%98&model=yolov5n']) {
      const written = encodeSettings(decodeSettings(query).settings);
      expect(() => getQueryParams(`?${written}`), written).not.toThrow();
      expect(decodeSettings(written).notices, written).toEqual([]);
    }
  });
});

describe('readQuery', () => {
  /** A string of awkward characters: separators, `+`, `%`, non-ASCII, astral. */
  function randomText(seed: number): string {
    const alphabet = ['a', 'Z', '0', '=', '&', '+', ' ', '%', '#', '?', ',', '.', '\u00e9', '\u4e2d', '\u{1f600}', '\u0000'];
    let s = '';
    let x = seed;
    for (let i = 0; i < (seed % 9) + 1; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s += alphabet[x % alphabet.length];
    }
    return s;
  }

  it('reads a valid query exactly as URLSearchParams does (with `+` as a space), in order', () => {
    for (let seed = 1; seed < 500; seed++) {
      const pairs = [randomText(seed), randomText(seed * 7 + 3), randomText(seed * 13 + 5)];
      // Encoded as a browser or a form would: encodeURIComponent, or `+` for spaces.
      const encode = (t: string) => (seed % 2 ? encodeURIComponent(t) : encodeURIComponent(t).replace(/%20/g, '+'));
      const query = `${encode(pairs[0]!)}=${encode(pairs[1]!)}&&${encode(pairs[2]!)}`;
      const expected = new Map<string, string[]>();
      for (const [k, v] of new URLSearchParams(query)) expected.set(k, [...(expected.get(k) ?? []), v]);
      const read = readQuery(query);
      expect(read.notices, query).toEqual([]);
      expect([...read.values], query).toEqual([...expected]);
    }
  });

  it('drops exactly the parts decodeURIComponent refuses', () => {
    const read = readQuery('?a=1&b=%G1&%C3%A9=%C3&%C3%A9=ok&d');
    expect([...read.values]).toEqual([
      ['a', ['1']],
      ['\u00e9', ['ok']],
      ['d', ['']],
    ]);
    expect(read.notices).toEqual([notValid('b=%G1'), notValid('%C3%A9=%C3')]);
  });
});

describe('engine=main, the page option', () => {
  it('is read beside the settings, not reported as unknown', () => {
    expect(decodeLink('model=yolov5n&engine=main')).toEqual({ settings: { ...DEFAULT_SETTINGS, model: 'yolov5n' }, notices: [], engineOnPage: true });
    expect(decodeSettings('engine=main').notices).toEqual([]);
    expect(decodeLink('').engineOnPage).toBe(false);
  });

  it('refuses any other value, or a repeat, in one sentence that says where the engine runs', () => {
    expect(decodeLink('engine=gpu')).toEqual({
      settings: DEFAULT_SETTINGS,
      notices: ["Ignored engine=gpu: expected main (the engine on the page's thread); the engine runs in its worker."],
      engineOnPage: false,
    });
    expect(decodeLink('engine=main&engine=main').notices).toEqual(['Ignored engine: it was given 2 times; the engine runs in its worker.']);
  });

  it('survives a broken part next to it', () => {
    expect(decodeLink('engine=main&conf=%ZZ')).toEqual({ settings: DEFAULT_SETTINGS, notices: [notValid('conf=%ZZ')], engineOnPage: true });
  });
});
