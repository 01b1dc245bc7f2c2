import { getQueryParams } from '@tensorflow/tfjs-core/dist/environment';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsGesture } from '../../src/state/gesture';
import { DEFAULT_SETTINGS } from '../../src/state/settings';
import type { Settings } from '../../src/state/settings';
import type { NoticeKind } from '../../src/state/store';
import { useAppStore } from '../../src/state/store';
import { encodeSettings } from '../../src/state/url';
import { readPageLink, REPLACE_INTERVAL_MS, shareableUrl, startUrlSync } from '../../src/state/url-sync';

/** A fake tab: a history of URLs (path + query), Back/Forward firing popstate, and manual timers. */
class FakeTab {
  entries: string[];
  index = 0;
  pushes = 0;
  replaces = 0;
  listeners: (() => void)[] = [];
  notices: [NoticeKind, string][] = [];
  timers = new Map<number, { at: number; fn: () => void }>();
  time = 0;
  private nextTimer = 1;

  constructor(url = '/play/') {
    this.entries = [url];
  }

  get url(): string {
    return this.entries[this.index] ?? '';
  }

  readonly location = {
    tab: this as FakeTab,
    get search(): string {
      const q = this.tab.url.indexOf('?');
      return q < 0 ? '' : this.tab.url.slice(q);
    },
    get pathname(): string {
      const q = this.tab.url.indexOf('?');
      return q < 0 ? this.tab.url : this.tab.url.slice(0, q);
    },
    hash: '',
  };

  readonly history = {
    pushState: (_data: unknown, _unused: string, url?: string | null) => {
      this.entries = [...this.entries.slice(0, this.index + 1), url ?? this.url];
      this.index++;
      this.pushes++;
    },
    replaceState: (_data: unknown, _unused: string, url?: string | null) => {
      this.entries[this.index] = url ?? this.url;
      this.replaces++;
    },
  };

  deps() {
    return {
      store: useAppStore,
      location: this.location,
      history: this.history,
      addPopStateListener: (fn: () => void) => {
        this.listeners.push(fn);
        return () => {
          this.listeners = this.listeners.filter((l) => l !== fn);
        };
      },
      notify: (kind: NoticeKind, text: string) => {
        this.notices.push([kind, text]);
      },
      setTimeout: (fn: () => void, ms: number) => {
        const id = this.nextTimer++;
        this.timers.set(id, { at: this.time + ms, fn });
        return id;
      },
      clearTimeout: (id: unknown) => {
        this.timers.delete(id as number);
      },
    };
  }

  /** Advances the clock, running due timers. */
  advance(ms: number): void {
    this.time += ms;
    for (const [id, t] of [...this.timers]) {
      if (t.at <= this.time) {
        this.timers.delete(id);
        t.fn();
      }
    }
  }

  go(delta: number): void {
    this.index += delta;
    for (const l of this.listeners) l();
  }
}

const settings = (): Settings => useAppStore.getState().settings;
const update = (patch: Partial<Settings>): void => useAppStore.getState().update(patch);

let stop: (() => void) | null = null;
beforeEach(() => {
  useAppStore.setState({ settings: DEFAULT_SETTINGS, notices: [] });
});
afterEach(() => {
  stop?.();
  stop = null;
});

describe('startUrlSync', () => {
  it('loads the settings from the URL on start and writes nothing for a canonical URL', () => {
    const tab = new FakeTab('/play/?model=yolov5n&conf=0.4');
    stop = startUrlSync(tab.deps());
    expect(settings()).toEqual({ ...DEFAULT_SETTINGS, model: 'yolov5n', conf: 0.4 });
    expect(tab.notices).toEqual([]);
    expect(tab.pushes + tab.replaces).toBe(0);
  });

  it('warns about bad parameters and cleans them out of the address bar with replaceState', () => {
    const tab = new FakeTab('/play/?conf=%3Cscript%3E&iou=0.5&zzz=1');
    stop = startUrlSync(tab.deps());
    expect(settings()).toEqual({ ...DEFAULT_SETTINGS, iou: 0.5 });
    expect(tab.notices).toEqual([
      ['warning', 'Ignored conf=<script>: expected a number from 0.01 to 0.99.'],
      ['warning', 'Ignored unknown link parameter: zzz.'],
    ]);
    expect(tab.entries).toEqual(['/play/?iou=0.5']);
    expect(tab.replaces).toBe(1);
    expect(tab.pushes).toBe(0);
  });

  it('pushes discrete changes (Back undoes them) and writes nothing when the query is unchanged', () => {
    const tab = new FakeTab();
    stop = startUrlSync(tab.deps());
    // Picked as the user does: the convention follows to akconv-xy's xy, its default in the URL, so
    // grid shows up only once set back to ij.
    useAppStore.getState().pickModel('akconv-xy');
    update({ numParam: 7 });
    update({ panels: ['detect', 'grid'] });
    update({ convention: 'ij' });
    update({ source: 'webcam' });
    expect(tab.pushes).toBe(5);
    expect(tab.replaces).toBe(0);
    expect(tab.entries[1]).toBe('/play/?model=akconv-xy');
    expect(tab.url).toBe('/play/?model=akconv-xy&grid=ij&n=7&src=webcam&panels=detect,grid');
    // Same values again, a new but equal object, and a notice: no write.
    update({ model: 'akconv-xy' });
    update({ camera: { ...settings().camera } });
    useAppStore.getState().notify('info', 'hello');
    expect(tab.pushes).toBe(5);
    expect(tab.replaces).toBe(0);
    expect(tab.entries).toHaveLength(6);
  });

  it('replaces (coalesced) for continuous changes: sliders, camera, pixel', () => {
    const tab = new FakeTab();
    stop = startUrlSync(tab.deps());
    for (let i = 1; i <= 20; i++) {
      update({ conf: 0.25 + i / 100 });
      update({ camera: { azimuth: 30 + i, elevation: 50, distance: 2.2 } });
      tab.advance(20);
    }
    update({ pixel: [3, 4] });
    update({ mapRows: 8 });
    tab.advance(REPLACE_INTERVAL_MS);
    expect(tab.pushes).toBe(0);
    // 20 x 2 + 2 changes over 650 ms: one replace per interval, the last values win.
    expect(tab.replaces).toBeLessThanOrEqual(Math.ceil(400 / REPLACE_INTERVAL_MS) + 2);
    expect(tab.entries).toEqual(['/play/?map=8x6&conf=0.45&px=3,4&cam=50,50,2.2']);
    // Nothing waits any more.
    tab.advance(10 * REPLACE_INTERVAL_MS);
    expect(tab.timers.size).toBe(0);
  });

  it('writes a waiting replace before a push, so the entry left behind keeps the slider value', () => {
    const tab = new FakeTab();
    stop = startUrlSync(tab.deps());
    update({ conf: 0.5 });
    expect(tab.entries).toEqual(['/play/']); // not yet written
    update({ model: 'yolov5n' });
    expect(tab.entries).toEqual(['/play/?conf=0.5', '/play/?model=yolov5n&conf=0.5']);
    expect(tab.timers.size).toBe(0);
  });

  it('pushes a change that mixes continuous and discrete settings', () => {
    const tab = new FakeTab();
    stop = startUrlSync(tab.deps());
    update({ conf: 0.5, imageSize: 640 });
    expect(tab.pushes).toBe(1);
    expect(tab.url).toBe('/play/?conf=0.5&size=640');
  });

  it('restores the settings on Back and Forward (popstate) without writing them back', () => {
    const tab = new FakeTab('/play/?n=3');
    stop = startUrlSync(tab.deps());
    // The picker's action: akconv-xy brings its xy grid, which its URL leaves out.
    useAppStore.getState().pickModel('akconv-xy');
    update({ numParam: 9 });
    update({ conf: 0.6 });
    tab.advance(REPLACE_INTERVAL_MS);
    expect(tab.entries).toEqual(['/play/?n=3', '/play/?model=akconv-xy&n=3', '/play/?model=akconv-xy&n=9&conf=0.6']);
    const writes = tab.pushes + tab.replaces;

    tab.go(-1);
    expect(settings()).toEqual({ ...DEFAULT_SETTINGS, model: 'akconv-xy', convention: 'xy', numParam: 3 });
    tab.go(-1);
    expect(settings()).toEqual({ ...DEFAULT_SETTINGS, numParam: 3 });
    tab.go(+2);
    expect(settings()).toEqual({ ...DEFAULT_SETTINGS, model: 'akconv-xy', convention: 'xy', numParam: 9, conf: 0.6 });
    expect(tab.pushes + tab.replaces).toBe(writes);
    expect(tab.notices).toEqual([]);

    // A change after Back pushes a new branch, as in any web page.
    tab.go(-2);
    update({ backend: 'wasm' });
    expect(tab.entries).toEqual(['/play/?n=3', '/play/?n=3&backend=wasm']);
  });

  it('drops a replace still waiting when the user goes Back', () => {
    const tab = new FakeTab();
    stop = startUrlSync(tab.deps());
    update({ model: 'yolov5n' });
    update({ conf: 0.7 }); // waits
    tab.go(-1);
    tab.advance(REPLACE_INTERVAL_MS);
    expect(tab.entries).toEqual(['/play/', '/play/?model=yolov5n']);
    expect(settings()).toEqual(DEFAULT_SETTINGS);
  });

  it('stops: no more writes or popstate handling, and a waiting replace is written', () => {
    const tab = new FakeTab();
    const stopNow = startUrlSync(tab.deps());
    update({ iou: 0.6 });
    stopNow();
    expect(tab.entries).toEqual(['/play/?iou=0.6']);
    expect(tab.listeners).toHaveLength(0);
    update({ model: 'yolov5n' });
    expect(tab.pushes).toBe(0);
  });

  it('survives a history that throws (browsers throttle history writes)', () => {
    const tab = new FakeTab();
    const deps = tab.deps();
    deps.history = {
      pushState: () => {
        throw new Error('SecurityError');
      },
      replaceState: () => {
        throw new Error('SecurityError');
      },
    };
    stop = startUrlSync(deps);
    expect(() => update({ model: 'yolov5n' })).not.toThrow();
    expect(settings().model).toBe('yolov5n');
  });

  it('makes one history entry of a slider drag: push on its first change, replace during it, final value at release', () => {
    const tab = new FakeTab();
    const gesture = createSettingsGesture();
    stop = startUrlSync({ ...tab.deps(), gesture });
    gesture.begin(); // pointer down on the N slider
    for (let n = 6; n <= 26; n++) {
      update({ numParam: n });
      tab.advance(16);
    }
    gesture.end(); // pointer up
    expect(tab.pushes).toBe(1);
    expect(tab.entries).toEqual(['/play/', '/play/?n=26']);
    expect(tab.timers.size).toBe(0); // the release wrote the last value at once
    tab.go(-1);
    expect(settings().numParam).toBe(DEFAULT_SETTINGS.numParam);
  });

  it('gives each drag its own entry, and discrete changes outside a drag still push', () => {
    const tab = new FakeTab();
    const gesture = createSettingsGesture();
    stop = startUrlSync({ ...tab.deps(), gesture });
    for (const target of [9, 12]) {
      gesture.begin();
      update({ numParam: target - 1 });
      update({ numParam: target });
      gesture.end();
    }
    update({ numParam: 3 }); // typed into the box: no gesture
    expect(tab.entries).toEqual(['/play/', '/play/?n=9', '/play/?n=12', '/play/?n=3']);
  });

  it('a gesture without changes writes nothing', () => {
    const tab = new FakeTab();
    const gesture = createSettingsGesture();
    stop = startUrlSync({ ...tab.deps(), gesture });
    gesture.begin();
    gesture.end();
    expect(tab.pushes + tab.replaces).toBe(0);
  });

  it('keeps the hash and writes a bare path for the defaults', () => {
    const tab = new FakeTab('/play/?model=yolov5n');
    tab.location.hash = '#about';
    stop = startUrlSync(tab.deps());
    update({ model: 'akconv-ij' });
    expect(tab.url).toBe('/play/#about');
  });
});

describe('links with malformed percent-encoding, and engine=main', () => {
  it('reads what it can, names each broken part, and leaves a link tfjs can parse in the address bar', () => {
    const tab = new FakeTab('/play/?n=7&note=100%&conf=%ZZ');
    expect(() => getQueryParams(tab.location.search)).toThrow(URIError);
    stop = startUrlSync(tab.deps());
    expect(settings()).toEqual({ ...DEFAULT_SETTINGS, numParam: 7 });
    expect(tab.notices).toEqual([
      ['warning', 'Ignored note=100%: it is not valid percent-encoding.'],
      ['warning', 'Ignored conf=%ZZ: it is not valid percent-encoding.'],
    ]);
    expect(tab.entries).toEqual(['/play/?n=7']);
    expect(tab.replaces).toBe(1);
    expect(() => getQueryParams(tab.location.search)).not.toThrow();
  });

  it('the first reading (src/ui/engine.ts asks for engine=main) rewrites the address bar at once; startUrlSync then reports its notices once and writes nothing', () => {
    const tab = new FakeTab('/play/?%E0%A4%A&engine=main&size=96');
    expect(readPageLink(tab).engineOnPage).toBe(true);
    expect(tab.entries).toEqual(['/play/?size=96&engine=main']);
    expect(() => getQueryParams(tab.location.search)).not.toThrow();
    expect(readPageLink(tab).engineOnPage).toBe(true);
    expect(tab.replaces).toBe(1);
    expect(tab.notices).toEqual([]);
    stop = startUrlSync(tab.deps());
    expect(settings()).toEqual({ ...DEFAULT_SETTINGS, imageSize: 96 });
    expect(tab.notices).toEqual([['warning', 'Ignored %E0%A4%A: it is not valid percent-encoding.']]);
    expect(tab.replaces).toBe(1);
    expect(tab.pushes).toBe(0);
  });

  it('keeps engine=main in every URL it writes, and Back returns to it', () => {
    const tab = new FakeTab('/play/?engine=main');
    stop = startUrlSync(tab.deps());
    expect(tab.notices).toEqual([]);
    expect(tab.pushes + tab.replaces).toBe(0);
    update({ model: 'yolov5n' });
    update({ conf: 0.4 });
    tab.advance(REPLACE_INTERVAL_MS);
    expect(tab.entries).toEqual(['/play/?engine=main', '/play/?model=yolov5n&conf=0.4&engine=main']);
    tab.go(-1);
    expect(settings()).toEqual(DEFAULT_SETTINGS);
    expect(tab.pushes + tab.replaces).toBe(2);
  });

  it('a page opened without engine=main writes none', () => {
    const tab = new FakeTab('/play/?model=yolov5n');
    stop = startUrlSync(tab.deps());
    update({ conf: 0.4 });
    tab.advance(REPLACE_INTERVAL_MS);
    expect(tab.url).toBe('/play/?model=yolov5n&conf=0.4');
  });
});

describe('shareableUrl', () => {
  it('is the page address with the current settings', () => {
    const s = { ...DEFAULT_SETTINGS, layer: 'model.8.m.0.cv2', pixel: [3, 4] as [number, number] };
    expect(shareableUrl(s, 'https://example.org/play/?model=yolov5n#x')).toBe(
      `https://example.org/play/?${encodeSettings(s)}`,
    );
    expect(encodeSettings(s)).toBe('layer=model.8.m.0.cv2&px=3,4');
  });
});
