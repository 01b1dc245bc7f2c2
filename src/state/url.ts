/**
 * The URL codec: the whole `Settings` in the query string, TensorFlow
 * Playground style, e.g.
 *
 *     ?model=akconv-xy&n=7&conf=0.4&panels=detect,grid&cam=30,50,2.2&px=3,4
 *
 * `encodeSettings` writes only the settings that differ from
 * `DEFAULT_SETTINGS`, one short key each, always in the order of `FIELDS`
 * (the order of `Settings`), so equal settings give equal strings. One
 * default depends on another setting: `grid`'s is the model's trained
 * convention (`defaultConvention`), so `?model=akconv-xy` means the xy grid
 * and `model=akconv-xy&grid=ij` says otherwise.
 *
 * `decodeSettings` never throws and trusts nothing: every value is checked
 * against `LIMITS` and the enums of settings.ts, and a value that fails (or a
 * key given twice) leaves that setting at its default with one short notice
 * that names the parameter. What reaches `Settings` is only ever an enum
 * member, a finite number in range or a string that matched `LAYER_PATTERN`.
 * Unknown keys (`__proto__` included: keys are only compared, never used to
 * index an object) are reported together in one notice. A part of the query
 * that is not valid percent-encoding (`note=100%`, `conf=%ZZ`, a UTF-8
 * sequence cut short: `%E0%A4%A`) is dropped with a notice that quotes it,
 * and every other part is still read (`readQuery`).
 *
 * Besides the settings, the link carries one option of the page itself:
 * `engine=main` runs the engine on the page's thread (to compare, or to
 * debug). It is not a setting (it cannot change while the page runs), so it
 * is decoded beside them (`decodeLink`) and written after them
 * (`ENGINE_ON_PAGE`).
 *
 * `decodeSettings(encodeSettings(s))` gives back `s` exactly for every valid
 * `Settings` (test/state/url.test.ts checks thousands of random ones).
 */
import { GRID_CONVENTIONS } from '../common/geometry';
import type { SamplePoint } from '../common/geometry';
import { isUntrainedModelId, UNTRAINED_CONFIGS, UNTRAINED_SCALES } from '../common/choices';
import type { Camera, PanelId, Settings } from './settings';
import { BACKEND_CHOICES, CHART_CHANNELS, DEFAULT_SETTINGS, defaultConvention, HEIGHT_MODES, LIMITS, MODEL_IDS, PANELS, POSITIONS_VIEWS, SOURCE_KINDS, THEMES } from './settings';

/**
 * Ranges the URL needs that settings.ts does not define (yet).
 * - A custom shape has at most `LIMITS.customShapeCells` (16) points, so any
 *   shape drawn from (0, 0) fits in 0..15 on both axes.
 * - A selected output pixel is at most the largest input size.
 * - The camera's azimuth may wind once either way; elevation is a latitude.
 */
export const URL_LIMITS = {
  shapeCoord: { min: 0, max: LIMITS.customShapeCells - 1 },
  pixel: { min: 0, max: LIMITS.imageSize.max - 1 },
  azimuth: { min: -360, max: 360 },
  elevation: { min: -90, max: 90 },
  layerLength: 64,
  /** A whole query longer than this is ignored (a real one is under 200 characters). */
  queryLength: 8192,
} as const;

/** An AKConv layer's PyTorch name, e.g. model.8.m.0.cv2. */
export const LAYER_PATTERN = /^model\.\d+(\.[A-Za-z0-9_]+)*$/;

/** The value of a nullable setting that is null, when its default is not. */
const NONE = 'none';

export interface DecodedSettings {
  settings: Settings;
  /** One short sentence per ignored parameter, for the notice area. */
  notices: string[];
}

/** The whole link: the settings and the page's own option. */
export interface DecodedLink extends DecodedSettings {
  /** Whether the link asks for the engine on the page's thread (`engine=main`). */
  engineOnPage: boolean;
}

/** The page option `engine=main`, as the link writes it (after the settings). */
export const ENGINE_ON_PAGE = 'engine=main';

interface Field {
  /** The URL key. */
  key: string;
  /** The settings this field carries (for the key table and the sync's push/replace rule). */
  settings: readonly (keyof Settings)[];
  /** What a valid value looks like, after "expected ". */
  expected: string;
  /** Values longer than this are rejected before parsing. */
  maxLength: number;
  /** The value for `s`, or null when the setting is null (absent from the URL). */
  format(s: Settings): string | null;
  /** The settings for a raw value, or a reason (after "Ignored key=value: ") when it is invalid. */
  parse(raw: string, decoded: Readonly<Settings>): Partial<Settings> | Invalid;
  /** The patch for the value `none`, for nullable settings. */
  none?: Partial<Settings>;
  /**
   * The settings when the key is absent or invalid, for a default that
   * depends on fields before this one (`decoded`); without it, DEFAULT_SETTINGS'.
   */
  fallback?(decoded: Readonly<Settings>): Partial<Settings>;
}

/** A rejected value, with the reason when it is not simply "expected ...". */
class Invalid {
  constructor(readonly reason?: string) {}
}
const INVALID = new Invalid();

// ---------------------------------------------------------------------------
// Value parsers: strings in, validated values (or undefined) out.

const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const WHOLE = /^\d{1,9}$/;

function parseNumber(raw: string, range: { min: number; max: number }): number | undefined {
  if (raw.length > 32 || !DECIMAL.test(raw)) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < range.min || value > range.max) return undefined;
  return value === 0 ? 0 : value; // never -0
}

function parseWhole(raw: string, range: { min: number; max: number }): number | undefined {
  if (!WHOLE.test(raw)) return undefined;
  const value = Number(raw);
  return value >= range.min && value <= range.max ? value : undefined;
}

function isOneOf<T extends string>(list: readonly T[], raw: string): raw is T {
  return (list as readonly string[]).includes(raw);
}

/** A comma-separated list; undefined when it has more than `max` items. The empty string is []. */
function splitList(raw: string, max: number): string[] | undefined {
  if (raw === '') return [];
  const parts = raw.split(',');
  return parts.length <= max ? parts : undefined;
}

/** Every part parsed, or undefined when any fails. */
function parseAll<T>(parts: readonly string[], parse: (part: string) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const part of parts) {
    const value = parse(part);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

function unique<T>(values: readonly T[]): boolean {
  return new Set(values).size === values.length;
}

const formatNumber = (value: number): string => String(value);
const rangeText = (r: { min: number; max: number }): string => `from ${r.min} to ${r.max}`;
const numberText = (r: { min: number; max: number }): string => `a number ${rangeText(r)}`;
const wholeText = (r: { min: number; max: number }): string => `a whole number ${rangeText(r)}`;
const enumText = (list: readonly string[]): string => `one of ${list.join(', ')}`;

// ---------------------------------------------------------------------------
// The fields, in URL order.

function enumField<K extends 'model' | 'convention' | 'backend' | 'source' | 'positions' | 'heightMode' | 'theme'>(
  key: string,
  setting: K,
  list: readonly Settings[K][],
): Field {
  return {
    key,
    settings: [setting],
    expected: enumText(list),
    maxLength: 32,
    format: (s) => s[setting],
    parse: (raw) => (isOneOf(list, raw) ? ({ [setting]: raw } as Partial<Settings>) : INVALID),
  };
}

function numberField<K extends 'conf' | 'iou' | 'offsetNoise'>(key: string, setting: K, range: { min: number; max: number }): Field {
  return {
    key,
    settings: [setting],
    expected: numberText(range),
    maxLength: 32,
    format: (s) => formatNumber(s[setting]),
    parse: (raw) => {
      const value = parseNumber(raw, range);
      return value === undefined ? INVALID : ({ [setting]: value } as Partial<Settings>);
    },
  };
}

function wholeField<K extends 'numParam' | 'maxDet' | 'sample' | 'explainStep'>(
  key: string,
  setting: K,
  range: { min: number; max: number },
): Field {
  return {
    key,
    settings: [setting],
    expected: wholeText(range),
    maxLength: 16,
    format: (s) => formatNumber(s[setting]),
    parse: (raw) => {
      const value = parseWhole(raw, range);
      return value === undefined ? INVALID : ({ [setting]: value } as Partial<Settings>);
    },
  };
}

/** A yes/no setting as 1 or 0. */
function boolField<K extends 'baseArrows' | 'hoverSelects' | 'mirror' | 'untrainedBoxes'>(key: string, setting: K): Field {
  return {
    key,
    settings: [setting],
    expected: '0 or 1',
    maxLength: 1,
    format: (s) => (s[setting] ? '1' : '0'),
    parse: (raw) => (raw === '1' ? ({ [setting]: true } as Partial<Settings>) : raw === '0' ? ({ [setting]: false } as Partial<Settings>) : INVALID),
  };
}

const SHAPE_POINT = /^(\d{1,2})\.(\d{1,2})$/;

function parseShapePoint(part: string): SamplePoint | undefined {
  const m = SHAPE_POINT.exec(part);
  if (!m) return undefined;
  const row = parseWhole(m[1] ?? '', URL_LIMITS.shapeCoord);
  const col = parseWhole(m[2] ?? '', URL_LIMITS.shapeCoord);
  return row === undefined || col === undefined ? undefined : { row, col };
}

function formatCamera(c: Camera): string {
  return [c.azimuth, c.elevation, c.distance].map(formatNumber).join(',');
}

/** The model ids in few words: the untrained ones are every config at every scale. */
const MODEL_EXPECTED = `${enumText(MODEL_IDS.filter((id) => !isUntrainedModelId(id)))}, or ${UNTRAINED_CONFIGS.map((c) => `${c}-`).join(', ')} followed by a scale (${UNTRAINED_SCALES.join(', ')})`;

export const FIELDS: readonly Field[] = [
  { ...enumField('model', 'model', MODEL_IDS), expected: MODEL_EXPECTED },
  {
    key: 'vs',
    settings: ['compare'],
    expected: `${MODEL_EXPECTED}, or ${NONE}`,
    maxLength: 32,
    format: (s) => s.compare,
    parse: (raw, decoded) => {
      if (!isOneOf(MODEL_IDS, raw)) return INVALID;
      // A model beside itself compares nothing: refuse it rather than show two equal lists.
      return raw === decoded.model ? new Invalid(`it is the main model too (model=${raw}); compare two different models`) : { compare: raw };
    },
    none: { compare: null },
  },
  // After `model`: its default is the model's trained convention.
  { ...enumField('grid', 'convention', GRID_CONVENTIONS), fallback: (decoded) => ({ convention: defaultConvention(decoded.model) }) },
  wholeField('n', 'numParam', LIMITS.numParam),
  {
    key: 'shape',
    settings: ['customShape'],
    expected:
      `up to ${LIMITS.customShapeCells} row.col points (whole numbers from ` +
      `${URL_LIMITS.shapeCoord.min} to ${URL_LIMITS.shapeCoord.max}) separated by commas`,
    maxLength: LIMITS.customShapeCells * 6,
    format: (s) => (s.customShape ? s.customShape.map((p) => `${p.row}.${p.col}`).join(',') : null),
    parse: (raw, decoded) => {
      const parts = splitList(raw, LIMITS.customShapeCells);
      const points = parts && parts.length > 0 ? parseAll(parts, parseShapePoint) : undefined;
      if (!points) return INVALID;
      if (points.length !== decoded.numParam) {
        return new Invalid(`it has ${points.length} points but n is ${decoded.numParam}`);
      }
      return { customShape: points };
    },
    none: { customShape: null },
  },
  {
    key: 'map',
    settings: ['mapRows', 'mapCols'],
    expected: `rows x columns, e.g. 4x6, each ${rangeText(LIMITS.mapRows)}`,
    maxLength: 16,
    format: (s) => `${s.mapRows}x${s.mapCols}`,
    parse: (raw) => {
      const m = /^(\d+)x(\d+)$/.exec(raw);
      const mapRows = m ? parseWhole(m[1] ?? '', LIMITS.mapRows) : undefined;
      const mapCols = m ? parseWhole(m[2] ?? '', LIMITS.mapCols) : undefined;
      return mapRows === undefined || mapCols === undefined ? INVALID : { mapRows, mapCols };
    },
  },
  boolField('arrows', 'baseArrows'),
  {
    key: 'ch',
    settings: ['chartChannels'],
    expected: enumText(CHART_CHANNELS.map(String)),
    maxLength: 3,
    format: (s) => formatNumber(s.chartChannels),
    parse: (raw) => {
      const channels = CHART_CHANNELS.find((c) => String(c) === raw);
      return channels === undefined ? INVALID : { chartChannels: channels };
    },
  },
  numberField('conf', 'conf', LIMITS.conf),
  numberField('iou', 'iou', LIMITS.iou),
  wholeField('max', 'maxDet', LIMITS.maxDet),
  {
    key: 'cls',
    settings: ['classes'],
    expected: `class ids (${wholeText(LIMITS.classId)}, each once) separated by commas, or ${NONE}`,
    maxLength: (LIMITS.classId.max + 1) * 4,
    format: (s) => (s.classes ? s.classes.map(formatNumber).join(',') : null),
    parse: (raw) => {
      const parts = splitList(raw, LIMITS.classId.max + 1);
      const ids = parts && parseAll(parts, (p) => parseWhole(p, LIMITS.classId));
      return ids && unique(ids) ? { classes: ids } : INVALID;
    },
    none: { classes: null },
  },
  {
    key: 'size',
    settings: ['imageSize'],
    expected: `a multiple of ${LIMITS.imageSize.step} ${rangeText(LIMITS.imageSize)}`,
    maxLength: 16,
    format: (s) => formatNumber(s.imageSize),
    parse: (raw) => {
      const value = parseWhole(raw, LIMITS.imageSize);
      return value !== undefined && value % LIMITS.imageSize.step === 0 ? { imageSize: value } : INVALID;
    },
  },
  enumField('backend', 'backend', BACKEND_CHOICES),
  enumField('theme', 'theme', THEMES),
  enumField('src', 'source', SOURCE_KINDS),
  wholeField('sample', 'sample', LIMITS.sample),
  {
    key: 'panels',
    settings: ['panels'],
    expected: `some of ${PANELS.join(', ')} (each once) separated by commas`,
    maxLength: 64,
    format: (s) => s.panels.join(','),
    parse: (raw) => {
      const parts = splitList(raw, PANELS.length);
      const panels = parts && parseAll(parts, (p): PanelId | undefined => (isOneOf(PANELS, p) ? p : undefined));
      return panels && unique(panels) ? { panels } : INVALID;
    },
  },
  {
    key: 'layer',
    settings: ['layer'],
    expected: `a layer name such as model.8.m.0.cv2 (at most ${URL_LIMITS.layerLength} characters)`,
    maxLength: URL_LIMITS.layerLength,
    format: (s) => s.layer,
    parse: (raw) => (LAYER_PATTERN.test(raw) ? { layer: raw } : INVALID),
    none: { layer: null },
  },
  {
    key: 'px',
    settings: ['pixel'],
    expected: `row,col, each ${wholeText(URL_LIMITS.pixel)}`,
    maxLength: 16,
    format: (s) => (s.pixel ? s.pixel.map(formatNumber).join(',') : null),
    parse: (raw) => {
      const parts = raw.split(',');
      const values = parts.length === 2 ? parseAll(parts, (p) => parseWhole(p, URL_LIMITS.pixel)) : undefined;
      const [row, col] = values ?? [];
      return row === undefined || col === undefined ? INVALID : { pixel: [row, col] };
    },
    none: { pixel: null },
  },
  {
    key: 'cam',
    settings: ['camera'],
    expected:
      `azimuth,elevation,distance: ${numberText(URL_LIMITS.azimuth)}, ` +
      `${numberText(URL_LIMITS.elevation)}, ${numberText(LIMITS.cameraDistance)}`,
    maxLength: 100,
    format: (s) => formatCamera(s.camera),
    parse: (raw) => {
      const [a, e, d, ...rest] = raw.split(',');
      if (a === undefined || e === undefined || d === undefined || rest.length > 0) return INVALID;
      const azimuth = parseNumber(a, URL_LIMITS.azimuth);
      const elevation = parseNumber(e, URL_LIMITS.elevation);
      const distance = parseNumber(d, LIMITS.cameraDistance);
      if (azimuth === undefined || elevation === undefined || distance === undefined) return INVALID;
      return { camera: { azimuth, elevation, distance } };
    },
  },
  enumField('pos', 'positions', POSITIONS_VIEWS),
  enumField('height', 'heightMode', HEIGHT_MODES),
  boolField('hover', 'hoverSelects'),
  boolField('mirror', 'mirror'),
  wholeField('step', 'explainStep', LIMITS.explainStep),
  boolField('raw', 'untrainedBoxes'),
  numberField('jitter', 'offsetNoise', LIMITS.offsetNoise),
  {
    key: 'embed',
    settings: ['embed'],
    expected: `one panel: ${enumText(PANELS)}, or ${NONE}`,
    maxLength: 16,
    format: (s) => s.embed,
    parse: (raw) => (isOneOf(PANELS, raw) ? { embed: raw } : INVALID),
    none: { embed: null },
  },
];

// ---------------------------------------------------------------------------

/** Percent-encodes a value, leaving the commas of lists readable. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',');
}

/**
 * The query string (without `?`) for `s`: only the settings that differ from
 * the defaults (a `fallback` field's: from its default for `s`), in a fixed
 * key order; '' for the defaults.
 */
export function encodeSettings(s: Settings): string {
  const pairs: string[] = [];
  for (const field of FIELDS) {
    const value = field.format(s);
    const fallback = field.format(field.fallback ? { ...s, ...field.fallback(s) } : DEFAULT_SETTINGS);
    if (value === fallback) continue;
    pairs.push(`${field.key}=${encodeValue(value ?? NONE)}`);
  }
  return pairs.join('&');
}

/** A value as a notice may show it: short, with control and bidi characters as '?'. */
function shown(text: string, max = 24): string {
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

/** A deep copy of the defaults, so callers never share (or mutate) DEFAULT_SETTINGS. */
function defaults(): Settings {
  const d = DEFAULT_SETTINGS;
  return {
    ...d,
    customShape: d.customShape ? d.customShape.map((p) => ({ ...p })) : null,
    classes: d.classes ? [...d.classes] : null,
    panels: [...d.panels],
    pixel: d.pixel ? [d.pixel[0], d.pixel[1]] : null,
    camera: { ...d.camera },
  };
}

/** A percent-encoded part of a query, decoded (`+` is a space, as in forms), or null when it is not valid percent-encoding. */
function decodeComponent(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // URIError: a `%` without two hex digits after it, or bytes that are not UTF-8.
    return null;
  }
}

/** Malformed parts quoted one notice each up to this many; more are counted in one notice. */
const MALFORMED_QUOTED = 3;

function malformedNotices(parts: readonly string[]): string[] {
  if (parts.length <= MALFORMED_QUOTED) return parts.map((part) => `Ignored ${shown(part, 32)}: it is not valid percent-encoding.`);
  const quoted = parts.slice(0, MALFORMED_QUOTED).map((part) => shown(part, 20));
  return [`Ignored ${parts.length} parts of the link that are not valid percent-encoding: ${quoted.join(', ')} and ${parts.length - MALFORMED_QUOTED} more.`];
}

export interface ReadQuery {
  /** The decoded values of each key, in the order given (a Map: keys never index an object). */
  values: Map<string, string[]>;
  /** One sentence per part that was not valid percent-encoding (dropped). */
  notices: string[];
}

/**
 * The key/value pairs of a query string (with or without the leading `?`),
 * read as `URLSearchParams` reads them, except that a part (`key=value`
 * between two `&`) that is not valid percent-encoding is dropped and quoted
 * in a notice instead of being read half-decoded (URLSearchParams keeps a
 * stray `%` as it is and turns broken UTF-8 into U+FFFD, which would reach
 * the notices as a puzzling value). Every other part is kept. Never throws.
 */
export function readQuery(query: string): ReadQuery {
  const values = new Map<string, string[]>();
  const malformed: string[] = [];
  for (const part of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : part.slice(eq + 1));
    if (key === null || value === null) {
      malformed.push(part);
      continue;
    }
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return { values, notices: malformedNotices(malformed) };
}

/** `engine=main` from the link's values (removed from them), with a notice for anything else. */
function takeEngineOption(values: Map<string, string[]>, notices: string[]): boolean {
  const given = values.get('engine');
  values.delete('engine');
  if (!given) return false;
  if (given.length > 1) {
    notices.push(`Ignored engine: it was given ${given.length} times; the engine runs in its worker.`);
    return false;
  }
  const raw = given[0] ?? '';
  if (raw === 'main') return true;
  notices.push(`Ignored engine=${shown(raw)}: expected main (the engine on the page's thread); the engine runs in its worker.`);
  return false;
}

/**
 * Settings from a query string (with or without the leading `?`). Never
 * throws: whatever is invalid stays at its default and gets a notice.
 */
export function decodeSettings(query: string): DecodedSettings {
  const { settings, notices } = decodeLink(query);
  return { settings, notices };
}

/** The settings and the page option (`engine=main`) of a query string; see `decodeSettings`. */
export function decodeLink(query: string): DecodedLink {
  const settings = defaults();
  const notices: string[] = [];
  if (typeof query !== 'string') return { settings, notices, engineOnPage: false };
  if (query.length > URL_LIMITS.queryLength) {
    notices.push(`Ignored the link's settings: the query is ${query.length} characters long (at most ${URL_LIMITS.queryLength}).`);
    return { settings, notices, engineOnPage: false };
  }

  const { values, notices: malformed } = readQuery(query);
  notices.push(...malformed);
  const engineOnPage = takeEngineOption(values, notices);

  for (const field of FIELDS) {
    const given = values.get(field.key);
    values.delete(field.key);
    // Set first, so an absent, repeated or invalid value leaves this default.
    if (field.fallback) Object.assign(settings, field.fallback(settings));
    if (!given) continue;
    const { key } = field;
    const raw = given[0] ?? '';
    if (given.length > 1) {
      notices.push(`Ignored ${key}: it was given ${given.length} times; using the default.`);
      continue;
    }
    const result =
      raw.length > field.maxLength
        ? new Invalid(raw.length > 64 ? `it is ${raw.length} characters long` : undefined)
        : raw === NONE && field.none
          ? field.none
          : field.parse(raw, settings);
    if (result instanceof Invalid) {
      notices.push(`Ignored ${key}=${shown(raw)}: ${result.reason ?? `expected ${field.expected}`}.`);
      continue;
    }
    Object.assign(settings, result);
  }

  if (values.size > 0) {
    const names = [...values.keys()].map((k) => shown(k, 20));
    const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    notices.push(`Ignored unknown link parameter${names.length > 1 ? 's' : ''}: ${listed}.`);
  }
  return { settings, notices, engineOnPage };
}

/** The settings that differ between `a` and `b` (compared as the URL would write them). */
export function changedSettings(a: Settings, b: Settings): (keyof Settings)[] {
  const changed: (keyof Settings)[] = [];
  for (const field of FIELDS) {
    if (field.format(a) === field.format(b)) continue;
    for (const setting of field.settings) {
      if (JSON.stringify(a[setting]) !== JSON.stringify(b[setting])) changed.push(setting);
    }
  }
  return changed;
}

/** The link for "Copy link": `base` (any URL; its query and hash are dropped) with the settings' query. */
export function shareableUrl(settings: Settings, base: string): string {
  const cut = base.search(/[?#]/);
  const root = cut < 0 ? base : base.slice(0, cut);
  const query = encodeSettings(settings);
  return query ? `${root}?${query}` : root;
}

/**
 * The class filter checked against the loaded model (the URL alone cannot
 * know its class count): the ids it keeps (null when none is left: all
 * classes) and the ones the model does not have.
 */
export function checkClassIds(classes: readonly number[], classCount: number): { kept: number[] | null; unknown: number[] } {
  const kept = classes.filter((id) => id < classCount);
  return { kept: kept.length ? kept : null, unknown: classes.filter((id) => id >= classCount) };
}
