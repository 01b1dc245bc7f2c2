import { describe, expect, it } from 'vitest';
import type { SamplePoint } from '../../src/model/geometry';
import type { Settings } from '../../src/state/settings';
import { BACKEND_CHOICES, CHART_CHANNELS, DEFAULT_SETTINGS, HEIGHT_MODES, LIMITS, MODEL_IDS, PANELS, POSITIONS_VIEWS, SOURCE_KINDS, THEMES } from '../../src/state/settings';
import { changedSettings, decodeSettings, encodeSettings, shareableUrl, URL_LIMITS } from '../../src/state/url';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Rand, list: readonly T[]): T => list[int(r, 0, list.length - 1)] as T;
const chance = (r: Rand, p: number): boolean => r() < p;

/** A number in range: a boundary, a short decimal or a full-precision double. */
function num(r: Rand, range: { min: number; max: number }): number {
  const kind = r();
  if (kind < 0.1) return range.min;
  if (kind < 0.2) return range.max;
  const x = range.min + r() * (range.max - range.min);
  const value = kind < 0.6 ? Math.round(x * 100) / 100 : x;
  const clamped = Math.min(range.max, Math.max(range.min, value));
  return clamped === 0 ? 0 : clamped;
}

function shuffled<T>(r: Rand, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(r, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function randomLayer(r: Rand): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
  let name = `model.${int(r, 0, 30)}`;
  const segments = int(r, 0, 5);
  for (let i = 0; i < segments; i++) {
    let seg = '';
    const len = int(r, 1, 6);
    for (let j = 0; j < len; j++) seg += pick(r, [...chars]);
    if (name.length + 1 + seg.length > URL_LIMITS.layerLength) break;
    name += `.${seg}`;
  }
  return name;
}

function randomSettings(r: Rand): Settings {
  const numParam = chance(r, 0.6) ? int(r, 1, LIMITS.customShapeCells) : int(r, LIMITS.numParam.min, LIMITS.numParam.max);
  let customShape: SamplePoint[] | null = null;
  if (numParam <= LIMITS.customShapeCells && chance(r, 0.5)) {
    customShape = Array.from({ length: numParam }, () => ({
      row: int(r, URL_LIMITS.shapeCoord.min, URL_LIMITS.shapeCoord.max),
      col: int(r, URL_LIMITS.shapeCoord.min, URL_LIMITS.shapeCoord.max),
    }));
  }
  const allClasses = Array.from({ length: LIMITS.classId.max + 1 }, (_, i) => i);
  const classKind = r();
  const classes =
    classKind < 0.4 ? null : classKind < 0.45 ? [] : classKind < 0.5 ? shuffled(r, allClasses) : shuffled(r, allClasses).slice(0, int(r, 1, 30));
  const steps = (LIMITS.imageSize.max - LIMITS.imageSize.min) / LIMITS.imageSize.step;
  const model = pick(r, MODEL_IDS);
  return {
    model,
    compare: chance(r, 0.5) ? null : pick(r, MODEL_IDS.filter((id) => id !== model)),
    convention: pick(r, ['xy', 'ij'] as const),
    numParam,
    customShape,
    mapRows: int(r, LIMITS.mapRows.min, LIMITS.mapRows.max),
    mapCols: int(r, LIMITS.mapCols.min, LIMITS.mapCols.max),
    baseArrows: chance(r, 0.5),
    chartChannels: pick(r, CHART_CHANNELS),
    conf: num(r, LIMITS.conf),
    iou: num(r, LIMITS.iou),
    maxDet: int(r, LIMITS.maxDet.min, LIMITS.maxDet.max),
    classes,
    imageSize: LIMITS.imageSize.min + int(r, 0, steps) * LIMITS.imageSize.step,
    backend: pick(r, BACKEND_CHOICES),
    source: pick(r, SOURCE_KINDS),
    sample: int(r, LIMITS.sample.min, LIMITS.sample.max),
    panels: shuffled(r, PANELS).slice(0, int(r, 0, PANELS.length)),
    layer: chance(r, 0.5) ? null : randomLayer(r),
    pixel: chance(r, 0.5) ? null : [int(r, 0, URL_LIMITS.pixel.max), int(r, 0, URL_LIMITS.pixel.max)],
    camera: {
      azimuth: num(r, URL_LIMITS.azimuth),
      elevation: num(r, URL_LIMITS.elevation),
      distance: num(r, LIMITS.cameraDistance),
    },
    positions: pick(r, POSITIONS_VIEWS),
    heightMode: pick(r, HEIGHT_MODES),
    hoverSelects: chance(r, 0.5),
    mirror: chance(r, 0.5),
    theme: pick(r, THEMES),
    explainStep: int(r, LIMITS.explainStep.min, LIMITS.explainStep.max),
    untrainedBoxes: chance(r, 0.5),
    offsetNoise: num(r, LIMITS.offsetNoise),
    embed: chance(r, 0.5) ? null : pick(r, PANELS),
  };
}

/** Settings equal to the defaults except `patch`. */
const withDefaults = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('encodeSettings', () => {
  it('encodes the defaults to an empty string', () => {
    expect(encodeSettings(DEFAULT_SETTINGS)).toBe('');
    expect(encodeSettings(decodeSettings('').settings)).toBe('');
  });

  it('writes only what differs, with short readable keys in a fixed order', () => {
    const s = withDefaults({
      camera: { azimuth: 30, elevation: 50, distance: 3 },
      pixel: [3, 4],
      layer: 'model.8.m.0.cv2',
      classes: [0, 2],
      panels: ['detect', 'grid'],
      customShape: [
        { row: 0, col: 0 },
        { row: 0, col: 1 },
        { row: 1, col: 0 },
      ],
      numParam: 3,
      conf: 0.4,
      model: 'akconv-xy',
      mapRows: 8,
    });
    // grid=ij is written: akconv-xy's default grid is xy (its trained one), and these settings keep the default model's ij.
    expect(encodeSettings(s)).toBe(
      'model=akconv-xy&grid=ij&n=3&shape=0.0,0.1,1.0&map=8x6&conf=0.4&cls=0,2&panels=detect,grid&layer=model.8.m.0.cv2&px=3,4&cam=30,50,3',
    );
    expect(encodeSettings(withDefaults({ mirror: false, compare: 'yolov5n', classes: [], panels: [] }))).toBe(
      'vs=yolov5n&cls=&panels=&mirror=0',
    );
  });

  it('carries the view settings too: arrows, chart channels, positions, height, select on hover', () => {
    const s = withDefaults({ baseArrows: false, chartChannels: 128, positions: 'initial', heightMode: 'offset', hoverSelects: false });
    expect(encodeSettings(s)).toBe('arrows=0&ch=128&pos=initial&height=offset&hover=0');
    expect(decodeSettings('arrows=0&ch=128&pos=initial&height=offset&hover=0')).toEqual({ settings: s, notices: [] });
    expect(decodeSettings('ch=100&pos=up&hover=yes').notices).toEqual([
      'Ignored ch=100: expected one of 16, 32, 64, 128, 256.',
      'Ignored pos=up: expected one of learned, initial.',
      'Ignored hover=yes: expected 0 or 1.',
    ]);
  });

  it("carries the explainer's panel and step, and refuses a step outside (a) to (g)", () => {
    const s = withDefaults({ panels: ['explain', 'offsets'], explainStep: 4 });
    expect(encodeSettings(s)).toBe('panels=explain,offsets&step=4');
    expect(decodeSettings('panels=explain,offsets&step=4')).toEqual({ settings: s, notices: [] });
    expect(decodeSettings('step=7').notices).toEqual(['Ignored step=7: expected a whole number from 0 to 6.']);
    for (const bad of ['-1', '1.5', 'two', '']) expect(decodeSettings(`step=${bad}`).settings.explainStep).toBe(0);
  });

  it('carries the untrained models (every config and scale), their raw boxes and the offset noise', () => {
    const s = withDefaults({ model: 'seed-det-l', compare: 'ldconv-x', untrainedBoxes: true, offsetNoise: 0.02 });
    expect(encodeSettings(s)).toBe('model=seed-det-l&vs=ldconv-x&raw=1&jitter=0.02');
    expect(decodeSettings('model=seed-det-l&vs=ldconv-x&raw=1&jitter=0.02')).toEqual({ settings: s, notices: [] });
    for (const id of ['seed-det-n', 'seed-det-s', 'seed-det-m', 'seed-det-x', 'seed-seg-n', 'seed-seg-l', 'ldconv-n', 'ldconv-m']) {
      expect(decodeSettings(`model=${id}`).settings.model).toBe(id);
    }
    const bad = decodeSettings('model=seed-det-xl&raw=yes&jitter=2');
    expect(bad.settings).toEqual(DEFAULT_SETTINGS);
    expect(bad.notices).toHaveLength(3);
    expect(bad.notices[0]).toContain('Ignored model=seed-det-xl: expected one of akconv-ij');
    expect(bad.notices[0]?.length).toBeLessThan(260);
    expect(bad.notices.slice(1)).toEqual(['Ignored raw=yes: expected 0 or 1.', 'Ignored jitter=2: expected a number from 0 to 1.']);
  });

  it('refuses comparing a model with itself', () => {
    expect(decodeSettings('model=yolov5n&vs=yolov5n')).toEqual({
      settings: withDefaults({ model: 'yolov5n' }),
      notices: ['Ignored vs=yolov5n: it is the main model too (model=yolov5n); compare two different models.'],
    });
    expect(decodeSettings(`vs=${DEFAULT_SETTINGS.model}`).notices).toHaveLength(1);
    expect(decodeSettings('model=yolov5n&vs=akconv-xy').settings.compare).toBe('akconv-xy');
  });

  it('is the same string for equal settings built in any key order', () => {
    const a = withDefaults({ conf: 0.3, model: 'yolov5n' });
    const b: Settings = { ...DEFAULT_SETTINGS };
    b.model = 'yolov5n';
    b.conf = 0.3;
    expect(encodeSettings(b)).toBe(encodeSettings(a));
  });
});

describe("grid's default is the model's trained convention", () => {
  it('reads ?model=akconv-xy without grid as the xy grid, and grid=ij as ij', () => {
    expect(decodeSettings('model=akconv-xy')).toEqual({ settings: withDefaults({ model: 'akconv-xy', convention: 'xy' }), notices: [] });
    expect(decodeSettings('model=akconv-xy&grid=ij')).toEqual({ settings: withDefaults({ model: 'akconv-xy', convention: 'ij' }), notices: [] });
    expect(decodeSettings('model=akconv-ij').settings.convention).toBe('ij');
  });

  it('omits grid exactly when it is the model default, and writes it otherwise', () => {
    expect(encodeSettings(withDefaults({ model: 'akconv-xy', convention: 'xy' }))).toBe('model=akconv-xy');
    expect(encodeSettings(withDefaults({ model: 'akconv-xy', convention: 'ij' }))).toBe('model=akconv-xy&grid=ij');
    expect(encodeSettings(withDefaults({ convention: 'xy' }))).toBe('grid=xy');
    // Models that record no convention (no AKConv, untrained, the user's file) default to the app's default, ij.
    for (const model of ['yolov5n', 'seed-det-n', 'custom'] as const) {
      expect(encodeSettings(withDefaults({ model, convention: 'ij' }))).toBe(`model=${model}`);
      expect(encodeSettings(withDefaults({ model, convention: 'xy' }))).toBe(`model=${model}&grid=xy`);
      expect(decodeSettings(`model=${model}`).settings.convention).toBe('ij');
    }
  });

  it("falls back to the model's default when grid is invalid or repeated, or the model is invalid", () => {
    const bad = decodeSettings('model=akconv-xy&grid=yx');
    expect(bad.settings.convention).toBe('xy');
    expect(bad.notices).toEqual(['Ignored grid=yx: expected one of xy, ij.']);
    expect(decodeSettings('model=akconv-xy&grid=ij&grid=ij').settings.convention).toBe('xy');
    expect(decodeSettings('model=akconv-zz').settings.convention).toBe(DEFAULT_SETTINGS.convention);
  });
});

describe('decodeSettings round-trip', () => {
  it('gives back every one of 2000 random valid settings exactly, with no notice', () => {
    const r = prng(20240611);
    for (let i = 0; i < 2000; i++) {
      const s = randomSettings(r);
      const query = encodeSettings(s);
      const { settings, notices } = decodeSettings(query);
      expect(notices, query).toEqual([]);
      expect(settings, query).toEqual(s);
      // Also through a real URL and with the leading '?'.
      const url = new URL(shareableUrl(s, 'https://example.org/play/?old=1#x'));
      expect(decodeSettings(url.search).settings).toEqual(s);
    }
  });

  it('returns a fresh object each time (never DEFAULT_SETTINGS itself)', () => {
    const { settings } = decodeSettings('');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    settings.panels.push('model');
    settings.camera.azimuth = 1;
    expect(DEFAULT_SETTINGS.panels).toEqual(['detect', 'grid', 'offsets']);
    expect(DEFAULT_SETTINGS.camera.azimuth).toBe(30);
  });

  it('accepts none for nullable settings', () => {
    expect(decodeSettings('vs=none&cls=none&layer=none&px=none&shape=none')).toEqual({
      settings: DEFAULT_SETTINGS,
      notices: [],
    });
  });
});

describe('decodeSettings rejects bad and hostile values', () => {
  const longLayer = `model.1.${'a'.repeat(100)}`;
  // [query, the parameter the notice must name]
  const cases: [string, string][] = [
    ['conf=abc', 'conf=abc'],
    ['conf=NaN', 'conf=NaN'],
    ['conf=Infinity', 'conf=Infinity'],
    ['conf=1e400', 'conf=1e400'],
    ['conf=0x10', 'conf=0x10'],
    ['conf=', 'conf='],
    ['conf=%200.3', 'conf= 0.3'],
    ['conf=1.5', 'conf=1.5'],
    ['conf=-0.1', 'conf=-0.1'],
    ['iou=0.01', 'iou=0.01'],
    ['n=5.5', 'n=5.5'],
    ['n=0', 'n=0'],
    ['n=65', 'n=65'],
    ['n=99999999999999999999999', 'n'],
    ['n=-3', 'n=-3'],
    ['max=301', 'max=301'],
    ['size=100', 'size=100'],
    ['size=2048', 'size=2048'],
    ['size=320.0', 'size=320.0'],
    ['sample=16', 'sample=16'],
    ['sample=4', 'sample=4'],
    ['sample=9', 'sample=9'],
    ['map=4x', 'map=4x'],
    ['map=0x6', 'map=0x6'],
    ['map=17x6', 'map=17x6'],
    ['model=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'model=<script>'],
    ['model=AKCONV-IJ', 'model=AKCONV-IJ'],
    ['model=akconv-ij%20', 'model=akconv-ij '],
    ['model=toString', 'model=toString'],
    ['vs=__proto__', 'vs=__proto__'],
    ['grid=yx', 'grid=yx'],
    ['backend=cuda', 'backend=cuda'],
    ['src=http://evil.example/x.png', 'src=http://evil.example'],
    ['layer=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'layer=<img src=x'],
    ['layer=model.8.m.0.cv2;drop', 'layer=model.8.m.0.cv2;drop'],
    ['layer=javascript:alert(1)', 'layer=javascript:alert(1)'],
    ['layer=model.8.', 'layer=model.8.'],
    ['layer=model.8.__proto__.%0A', 'layer=model.8.__proto__.?'],
    [`layer=${longLayer}`, 'layer=model.1.aaaaaaaaaaaaaaaa…: it is 108 characters long'],
    ['cls=1,1', 'cls=1,1'],
    ['cls=1000', 'cls=1000'],
    ['cls=-1', 'cls=-1'],
    ['cls=a', 'cls=a'],
    ['cls=1,,2', 'cls=1,,2'],
    [`cls=${'1,'.repeat(3000)}1`, 'cls=1,1,1,1,1,1,1,1,1,1,1,1,…: it is 6001 characters long'],
    ['panels=detect,detect', 'panels=detect,detect'],
    ['panels=foo', 'panels=foo'],
    ['panels=detect,grid,offsets,model,detect', 'panels='],
    ['cam=30,50', 'cam=30,50'],
    ['cam=30,50,100', 'cam=30,50,100'],
    ['cam=NaN,50,2', 'cam=NaN,50,2'],
    ['cam=30,91,2', 'cam=30,91,2'],
    ['cam=30,50,2,4', 'cam=30,50,2,4'],
    ['px=-1,2', 'px=-1,2'],
    ['px=1.5,2', 'px=1.5,2'],
    ['px=1,2,3', 'px=1,2,3'],
    ['px=1280,0', 'px=1280,0'],
    ['px=', 'px='],
    ['shape=0.0,0.1', 'shape=0.0,0.1: it has 2 points but n is 5'],
    ['shape=0.0,0.1,0.2,0.3,0.16', 'shape=0.0,0.1,0.2,0.3,0.16'],
    ['shape=0.0,0.1,0.2,0.3,-1.0', 'shape'],
    ['shape=0.0,0.1,0.2,0.3,0.4.5', 'shape'],
    ['shape=', 'shape='],
    ['mirror=true', 'mirror=true'],
    ['step=7', 'step=7'],
    ['step=-1', 'step=-1'],
    ['step=', 'step='],
    ['mirror=', 'mirror='],
    ['conf=0.3&conf=0.4', 'conf: it was given 2 times'],
    ['model=yolov5n&model=yolov5n', 'model: it was given 2 times'],
    [`conf=${'1'.repeat(5000)}`, `conf=${'1'.repeat(24)}…: it is 5000 characters long`],
  ];

  const labelled = cases.map(([query, named]) => ({
    label: query.length > 60 ? `${query.slice(0, 60)}… (${query.length} characters)` : query,
    query,
    named,
  }));
  it.each(labelled)('$label', ({ query, named }) => {
    const { settings, notices } = decodeSettings(query);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notices).toHaveLength(1);
    const notice = notices[0] ?? '';
    expect(notice).toContain(`Ignored ${named}`);
    expect(notice.length).toBeLessThan(260);
  });

  it('says what was expected', () => {
    expect(decodeSettings('conf=abc').notices).toEqual(['Ignored conf=abc: expected a number from 0.01 to 0.99.']);
    expect(decodeSettings('size=100').notices).toEqual(['Ignored size=100: expected a multiple of 32 from 64 to 1280.']);
    expect(decodeSettings('grid=yx').notices).toEqual(['Ignored grid=yx: expected one of xy, ij.']);
  });

  it('checks a custom shape against the decoded n, and drops it with a notice when n is invalid', () => {
    const five = '0.0,0.1,0.2,1.0,1.1';
    expect(decodeSettings(`n=5&shape=${five}`).settings.customShape).toHaveLength(5);
    const three = decodeSettings('n=3&shape=0.0,0.1,0.2');
    expect(three.notices).toEqual([]);
    expect(three.settings.customShape).toEqual([
      { row: 0, col: 0 },
      { row: 0, col: 1 },
      { row: 0, col: 2 },
    ]);
    // n is invalid, so it stays 5 and a 3-point shape no longer fits.
    const bad = decodeSettings('n=x&shape=0.0,0.1,0.2');
    expect(bad.settings.numParam).toBe(5);
    expect(bad.settings.customShape).toBeNull();
    expect(bad.notices).toEqual([
      expect.stringContaining('Ignored n=x'),
      'Ignored shape=0.0,0.1,0.2: it has 3 points but n is 5.',
    ]);
    // 17 points never fit (at most LIMITS.customShapeCells).
    const pts17 = Array.from({ length: 17 }, (_, i) => `0.${i % 16}`).join(',');
    expect(decodeSettings(`n=17&shape=${pts17}`).settings.customShape).toBeNull();
  });

  it('keeps the valid parameters next to an invalid one', () => {
    const { settings, notices } = decodeSettings('conf=abc&iou=0.5&model=yolov5n&size=999');
    expect(settings).toEqual(withDefaults({ iou: 0.5, model: 'yolov5n' }));
    expect(notices).toHaveLength(2);
  });

  it('reports unknown keys, prototype keys included, in one notice and pollutes nothing', () => {
    const { settings, notices } = decodeSettings(
      '__proto__=x&constructor=y&__proto__[conf]=1&prototype=1&hasOwnProperty=z&foo=bar&conf=0.5',
    );
    expect(settings).toEqual(withDefaults({ conf: 0.5 }));
    expect(notices).toEqual([
      'Ignored unknown link parameters: __proto__, constructor, __proto__[conf], prototype, hasOwnProperty and 1 more.',
    ]);
    expect(({} as Record<string, unknown>).conf).toBeUndefined();
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    expect(Object.keys(settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
    expect(decodeSettings('utm_source=mail').notices).toEqual(['Ignored unknown link parameter: utm_source.']);
  });

  it('shortens what a notice echoes and hides control characters', () => {
    const { notices } = decodeSettings(`model=${encodeURIComponent('\u0000\u202e<b>' + 'x'.repeat(25))}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Ignored model=\?\?<b>x{19}…: expected one of /);
  });

  it('ignores a whole query that is far too long, with one notice', () => {
    const { settings, notices } = decodeSettings(`conf=0.5&${'a=1&'.repeat(5000)}`);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('at most 8192');
  });

  it('never throws on random garbage, and whatever it returns is valid (re-encodes without notices)', () => {
    const r = prng(7);
    const alphabet = ['conf', 'n', 'shape', 'cls', 'cam', 'px', 'layer', 'model', '=', '&', ',', '.', '%', '%2', '%zz', '-', '0', '1', '9', 'e', 'x', '<', '>', '__proto__', 'NaN', ' ', '+', '?', '#', '\u00e9', '\ud800'];
    for (let i = 0; i < 3000; i++) {
      let q = '';
      const len = int(r, 0, 40);
      for (let j = 0; j < len; j++) q += pick(r, alphabet);
      const { settings } = decodeSettings(q);
      const again = decodeSettings(encodeSettings(settings));
      expect(again.notices, q).toEqual([]);
      expect(again.settings, q).toEqual(settings);
    }
  });
});

describe('changedSettings', () => {
  it('names the settings that differ', () => {
    expect(changedSettings(DEFAULT_SETTINGS, withDefaults())).toEqual([]);
    expect(changedSettings(DEFAULT_SETTINGS, withDefaults({ mapCols: 3, conf: 0.3 }))).toEqual(['mapCols', 'conf']);
    expect(
      changedSettings(DEFAULT_SETTINGS, withDefaults({ camera: { ...DEFAULT_SETTINGS.camera, distance: 3 } })),
    ).toEqual(['camera']);
  });
});

describe('shareableUrl', () => {
  const s = withDefaults({ model: 'yolov5n', conf: 0.5 });
  it('replaces the query and drops the hash of the base', () => {
    expect(shareableUrl(s, 'https://example.org/akconv/?model=akconv-xy#detect')).toBe(
      'https://example.org/akconv/?model=yolov5n&conf=0.5',
    );
    expect(shareableUrl(s, 'http://localhost:5173/')).toBe('http://localhost:5173/?model=yolov5n&conf=0.5');
    expect(shareableUrl(DEFAULT_SETTINGS, 'https://example.org/a?x=1')).toBe('https://example.org/a');
  });
});

describe('embed', () => {
  it('is absent by default, carries one panel id, and keeps the other settings beside it', () => {
    expect(DEFAULT_SETTINGS.embed).toBeNull();
    for (const panel of PANELS) {
      const { settings, notices } = decodeSettings(`model=akconv-xy&n=7&embed=${panel}`);
      expect(notices).toEqual([]);
      expect(settings.embed).toBe(panel);
      expect(settings.model).toBe('akconv-xy');
      expect(settings.numParam).toBe(7);
    }
    expect(encodeSettings(withDefaults({ embed: 'grid', conf: 0.4 }))).toBe('conf=0.4&embed=grid');
    expect(decodeSettings('embed=none').settings.embed).toBeNull();
  });

  it('refuses anything but one known panel with one notice naming the key, and shows the whole app', () => {
    for (const bad of ['header', 'grid,offsets', 'GRID', '', '__proto__', 'detect ']) {
      const { settings, notices } = decodeSettings(`embed=${encodeURIComponent(bad)}`);
      expect(settings.embed, bad).toBeNull();
      expect(notices, bad).toHaveLength(1);
      expect(notices[0], bad).toMatch(/^Ignored embed=.*: expected one panel: one of detect, grid, offsets, model/);
    }
  });
});
