/**
 * Keeps the store's settings and the address bar in step (the codec is
 * url.ts). Every browser object comes in through `UrlSyncDeps`, so the logic
 * runs under test with a fake location and history.
 *
 * - On start: the URL is decoded into the store (`replaceSettings`); each
 *   ignored parameter becomes a warning notice, and the address bar is
 *   rewritten (replaceState) to the canonical query, so a bad or hostile
 *   value does not stay in it.
 * - On a settings change: the new query is written unless it equals the one
 *   last written. The push/replace rule:
 *     - if every changed setting is in `CONTINUOUS_SETTINGS` (values moved by
 *       dragging: the conf / iou / max-detections / map-size sliders, the 3D
 *       camera and the selected pixel), the current history entry is
 *       *replaced*, at most once per `REPLACE_INTERVAL_MS` (the latest value
 *       wins; browsers refuse more than about 100 history writes in 10 to 30 s);
 *     - otherwise (model, compare, convention, num_param, custom shape,
 *       classes, input size, backend, source, sample, panels, layer, mirror,
 *       or any mix that includes one of them) a new entry is *pushed* at
 *       once, so Back undoes it. A replace still waiting is written first,
 *       so the entry left behind keeps the last slider values;
 *     - except during a settings gesture (`gesture.ts`: dragging the N
 *       slider): its first change pushes and the rest replace (coalesced as
 *       above), and its end writes the last value at once, so one drag is
 *       one history entry.
 * - On popstate (Back / Forward): the URL is decoded into the store; that
 *   change is not written back.
 * - `engine=main` (a page option, not a setting) stays in every URL written
 *   when the page was opened with it: the engine cannot move while the page
 *   runs, and a reload should keep it where it is.
 *
 * The page's first reading of its link (`readPageLink`) may come before
 * `startUrlSync`: `src/ui/engine.ts` needs `engine=main` to create the engine.
 * That reading rewrites the address bar at once, and `startUrlSync` reports
 * its notices, so nothing is read twice or reported twice.
 */
import type { SettingsGesture } from './gesture';
import { settingsGesture } from './gesture';
import type { NoticeKind } from './store';
import type { Settings } from './settings';
import type { DecodedLink } from './url';
import { changedSettings, decodeLink, ENGINE_ON_PAGE, encodeSettings, shareableUrl } from './url';

export { shareableUrl };

/** The settings whose changes replace the current history entry instead of pushing one. */
export const CONTINUOUS_SETTINGS: ReadonlySet<keyof Settings> = new Set<keyof Settings>([
  'conf',
  'iou',
  'maxDet',
  'mapRows',
  'mapCols',
  'camera',
  'pixel',
  'explainStep',
]);

/** True while `correctSettings` runs. */
let correcting = false;

/**
 * Applies a correction of settings the URL brought (e.g. class ids the loaded
 * model does not have): the address bar is rewritten in place, not pushed, so
 * Back does not return to the value that was refused (and refused again).
 */
export function correctSettings(apply: () => void): void {
  correcting = true;
  try {
    apply();
  } finally {
    correcting = false;
  }
}

/** Replace writes are coalesced to at most one per this many milliseconds. */
export const REPLACE_INTERVAL_MS = 250;

/** The part of the store the sync uses (zustand's `useAppStore` fits). */
export interface SettingsStore {
  getState(): { settings: Settings; replaceSettings(settings: Settings): void };
  subscribe(listener: (state: { settings: Settings }, previous: { settings: Settings }) => void): () => void;
}

export interface UrlSyncDeps {
  store: SettingsStore;
  /** `window.location`: `search` is read; `pathname` and `hash` (when given) are kept in the written URL. */
  location: { readonly search: string; readonly pathname?: string; readonly hash?: string };
  history: {
    pushState(data: unknown, unused: string, url?: string | null): void;
    replaceState(data: unknown, unused: string, url?: string | null): void;
  };
  /** Registers the popstate handler; may return a function that removes it. */
  addPopStateListener(listener: () => void): (() => void) | void;
  notify(kind: NoticeKind, text: string): void;
  /** The gesture whose changes make one history entry (none: every discrete change pushes). */
  gesture?: Pick<SettingsGesture, 'active' | 'serial' | 'onEnd'>;
  /** Timers for the coalesced replace writes (default: the global ones). */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/** `location.search` without its `?`. */
function searchQuery(search: string): string {
  return search.startsWith('?') ? search.slice(1) : search;
}

type PageAddress = Pick<UrlSyncDeps, 'location' | 'history'>;

/** The query written for `settings` on a page opened with (or without) `engine=main`. */
function pageQuery(settings: Settings, engineOnPage: boolean): string {
  const query = encodeSettings(settings);
  if (!engineOnPage) return query;
  return query ? `${query}&${ENGINE_ON_PAGE}` : ENGINE_ON_PAGE;
}

/** `location`'s path with `query` and its hash. */
function urlFor(location: UrlSyncDeps['location'], query: string): string {
  return `${location.pathname ?? ''}${query ? `?${query}` : location.pathname ? '' : '?'}${location.hash ?? ''}`;
}

/** Writes `query` over the current history entry. */
function replaceQuery({ location, history }: PageAddress, query: string): void {
  try {
    history.replaceState(null, '', urlFor(location, query));
  } catch {
    // A browser that throttles history writes throws; the next write catches up.
  }
}

/** The first reading of each page's link, by its `location` object, with the query it left in the address bar. */
const firstReadings = new WeakMap<object, { reading: DecodedLink; written: string }>();

/**
 * The link the page was opened with, decoded once per page; the first call
 * rewrites the address bar to the canonical link at once (replaceState).
 *
 * Why at once: tfjs-core reads `location.search` itself when it is first
 * evaluated (environment.js, `new Environment(global)` ->
 * `populateURLFlags` -> `getQueryParams`, which calls decodeURIComponent on
 * every key and value and throws URIError on `%ZZ`), and that constructor
 * assigns its query reader and calls it in the same breath, so no code of
 * ours can swap in a safe one. The engine on the page's thread
 * (`engine=main`, or the fallback when the worker cannot start) imports
 * tfjs; `src/ui/engine.ts` asks this function whether to create it there, so
 * the address bar is canonical (encodeURIComponent's output, which
 * decodeURIComponent always reads back) before tfjs can be imported, by data
 * dependency rather than by the order of imports. tfjs in the worker reads
 * the worker's own location (its script URL, which carries no user query).
 */
export function readPageLink(page: PageAddress): DecodedLink {
  const known = firstReadings.get(page.location);
  if (known) return known.reading;
  const given = searchQuery(page.location.search);
  const reading = decodeLink(given);
  const written = pageQuery(reading.settings, reading.engineOnPage);
  firstReadings.set(page.location, { reading, written });
  if (written !== given) replaceQuery(page, written);
  return reading;
}

/** The first reading, when the address bar still holds what it wrote; otherwise the address bar read now. */
function currentReading(page: PageAddress): DecodedLink {
  const reading = readPageLink(page);
  const known = firstReadings.get(page.location);
  return known && known.written === searchQuery(page.location.search) ? reading : decodeLink(searchQuery(page.location.search));
}

/**
 * Starts syncing; returns a function that stops it (and writes a replace
 * still waiting).
 */
export function startUrlSync(deps: UrlSyncDeps): () => void {
  const { store, location, history } = deps;
  const setTimer = deps.setTimeout ?? ((fn: () => void, ms: number): unknown => globalThis.setTimeout(fn, ms));
  const clearTimer =
    deps.clearTimeout ?? ((handle: unknown): void => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));

  /** The query the current history entry holds. */
  let committed = '';
  /** The query it holds once a waiting replace is written (= committed when none waits). */
  let latest = '';
  /** A replace waiting for its timer: the query to write. */
  let pending: string | null = null;
  let timer: unknown = null;
  /** True while the sync itself puts settings into the store. */
  let applying = false;
  /** The serial of the gesture that has pushed its history entry (0: none). */
  let gesturePushed = 0;

  const write = (mode: 'push' | 'replace', query: string): void => {
    if (mode === 'replace') return replaceQuery(deps, query);
    try {
      history.pushState(null, '', urlFor(location, query));
    } catch {
      // A browser that throttles history writes throws; the next write catches up.
    }
  };

  const flush = (): void => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (pending !== null && pending !== committed) {
      write('replace', pending);
      committed = pending;
    }
    pending = null;
  };

  /** Replaces the current entry with `query` within REPLACE_INTERVAL_MS (the latest query wins). */
  const replaceSoon = (query: string): void => {
    pending = latest = query;
    if (timer === null) {
      timer = setTimer(() => {
        timer = null;
        flush();
      }, REPLACE_INTERVAL_MS);
    }
  };

  const cancel = (): void => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    pending = null;
  };

  /** Whether this page runs the engine on its own thread (kept in every URL written). */
  let engineOnPage = false;
  const queryFor = (settings: Settings): string => pageQuery(settings, engineOnPage);

  /** Puts a decoded link into the store and its notices in the notice area. */
  const apply = (decoded: DecodedLink): void => {
    for (const text of decoded.notices) deps.notify('warning', text);
    applying = true;
    try {
      store.getState().replaceSettings(decoded.settings);
    } finally {
      applying = false;
    }
  };

  /** Decodes the address bar into the store, then makes the address bar canonical. */
  const applyUrl = (): void => {
    const search = searchQuery(location.search);
    const decoded = decodeLink(search);
    apply(decoded);
    // The store may refuse part of the link (the sender's own file or image): the address bar says what runs.
    const query = queryFor(store.getState().settings);
    if (query !== search) write('replace', query);
    committed = latest = query;
  };

  // The first reading (maybe made already, the address bar rewritten then).
  const first = currentReading(deps);
  engineOnPage = first.engineOnPage;
  apply(first);
  // As in applyUrl: what the store kept of the link, not the link as decoded.
  committed = latest = queryFor(store.getState().settings);
  if (committed !== searchQuery(location.search)) write('replace', committed);

  const unsubscribe = store.subscribe((state, previous) => {
    if (applying || state.settings === previous.settings) return;
    const query = queryFor(state.settings);
    if (query === latest) return;
    if (correcting) {
      flush();
      write('replace', query);
      committed = latest = query;
      return;
    }
    const changed = changedSettings(previous.settings, state.settings);
    const continuous = changed.length > 0 && changed.every((k) => CONTINUOUS_SETTINGS.has(k));
    const gesture = deps.gesture;
    const sameGesture = gesture !== undefined && gesture.active && gesturePushed === gesture.serial;
    if (continuous || sameGesture) {
      replaceSoon(query);
    } else {
      flush();
      write('push', query);
      committed = latest = query;
      if (gesture?.active) gesturePushed = gesture.serial;
    }
  });

  // The end of a gesture writes its last value now, not after the replace interval.
  const removeGestureEnd = deps.gesture?.onEnd(flush);

  const removePopState = deps.addPopStateListener(() => {
    // A replace still waiting belonged to the entry just left: drop it.
    cancel();
    applyUrl();
  });

  return () => {
    unsubscribe();
    removeGestureEnd?.();
    if (typeof removePopState === 'function') removePopState();
    flush();
  };
}

/** A store that also holds the notices (as `useAppStore` does). */
export interface NotifyingStore extends SettingsStore {
  getState(): ReturnType<SettingsStore['getState']> & { notify(kind: NoticeKind, text: string): void };
}

/** The dependencies for the real page: `startUrlSync(windowUrlSyncDeps(useAppStore))`. */
export function windowUrlSyncDeps(store: NotifyingStore): UrlSyncDeps {
  return {
    store,
    location: window.location,
    history: window.history,
    addPopStateListener: (listener) => {
      window.addEventListener('popstate', listener);
      return () => window.removeEventListener('popstate', listener);
    },
    notify: (kind, text) => store.getState().notify(kind, text),
    gesture: settingsGesture,
  };
}
