/**
 * What the soak sees inside the page, installed by an init script before the
 * app's own scripts on every document (`page.addInitScript`):
 *
 * - every camera track the page got from getUserMedia, so "no live track when
 *   the UI says stopped" reads the tracks' own `readyState`, not the UI;
 * - every video element that was ever told to play (attached or not), so a
 *   video playing where nobody sees it is found;
 * - the last text written by Copy link (the clipboard is the app's only
 *   output of it);
 * - a denied camera on request (`sessionStorage['soak-deny-camera']`): what
 *   the browser does when the user blocks the camera (NotAllowedError), the
 *   same way test/browser/app-sources.test.ts denies it;
 * - `snapshot()`: one read of everything the invariants compare, from the
 *   DOM and the app's debug hook (`globalThis.__akconv`, src/main.tsx).
 *
 * Plain JavaScript in a string: the page runs it as written (functions
 * passed to `page.evaluate` from tsx would carry its helpers along).
 */

/** A camera track as the page holds it. */
export interface TrackState {
  label: string;
}

/** One panel checkbox of the header. */
export interface PanelToggle {
  name: string;
  checked: boolean;
}

/** The page at one moment (see `snapshot` in PAGE_INSTRUMENTATION). */
export interface PageSnapshot {
  /** A random id per document: a reload or a new link is a new one. */
  doc: string;
  hasApp: boolean;
  rootChildren: number;
  textLength: number;
  search: string;
  href: string;
  settings: Record<string, unknown> | null;
  ownModelName: string | null;
  hasOwnModel: boolean;
  notices: string[];
  engine: { busy: boolean; frames: number; numTensors: number; main: string | null; latestMain: boolean } | null;
  ui: {
    camera: 'start' | 'stop' | null;
    model: string | null;
    compare: string | null;
    sample: string | null;
    conf: string | null;
    iou: string | null;
    maxdet: string | null;
    imgsz: string | null;
    panels: PanelToggle[];
  };
  liveTracks: TrackState[];
  copied: string | null;
}

/** A video element that played during the measuring window. */
export interface PlayingVideo {
  label: string | null;
  kind: 'stream' | 'file' | 'none';
  connected: boolean;
  visible: boolean;
}

export const PAGE_INSTRUMENTATION = String.raw`(() => {
  if (globalThis.__soak) return;
  const tracks = [];
  const videos = new Set();
  let copied = null;
  const doc = Math.random().toString(36).slice(2, 10);
  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const original = md.getUserMedia.bind(md);
    md.getUserMedia = async (constraints) => {
      if (sessionStorage.getItem('soak-deny-camera') === '1') throw new DOMException('Permission denied', 'NotAllowedError');
      const stream = await original(constraints);
      for (const t of stream.getTracks()) tracks.push(t);
      return stream;
    };
  }
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    if (this instanceof HTMLVideoElement) videos.add(this);
    return play.apply(this, args);
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => { copied = String(text); return write(text).catch(() => undefined); };
  }
  const value = (sel) => { const el = document.querySelector(sel); return el ? el.value : null; };
  const allVideos = () => [...new Set([...videos, ...document.querySelectorAll('video')])];
  const kindOf = (v) => (v.srcObject ? 'stream' : v.currentSrc || v.src ? 'file' : 'none');
  const visible = (v) => { if (!v.isConnected) return false; const r = v.getBoundingClientRect(); return r.width > 2 && r.height > 2 && getComputedStyle(v).visibility !== 'hidden'; };
  const snapshot = () => {
    const d = globalThis.__akconv;
    const root = document.getElementById('root');
    const text = ((document.body && document.body.innerText) || '').trim();
    const buttons = [...document.querySelectorAll('.source-bar button')].map((b) => (b.textContent || '').trim());
    const camera = buttons.includes('Stop camera') ? 'stop' : buttons.includes('Start camera') ? 'start' : null;
    const abLabel = [...document.querySelectorAll('.header-controls label')].find((l) => (l.textContent || '').trim().startsWith('A/B with'));
    const ab = abLabel ? abLabel.querySelector('select') : null;
    const panels = [...document.querySelectorAll('.panel-toggles label')].map((l) => ({ name: (l.textContent || '').trim(), checked: !!(l.querySelector('input') || {}).checked }));
    const st = d ? d.state() : null;
    const e = d ? d.engine() : null;
    return {
      doc,
      hasApp: !!d,
      rootChildren: root ? root.childElementCount : 0,
      textLength: text.length,
      search: location.search,
      href: location.href,
      settings: st ? JSON.parse(JSON.stringify(st.settings)) : null,
      ownModelName: st && typeof st.ownModelName === 'string' ? st.ownModelName : null,
      hasOwnModel: !!(st && st.hasOwnModel),
      notices: [...document.querySelectorAll('.notices li span')].map((s) => s.textContent || ''),
      engine: e ? { busy: !!e.busy, frames: e.frames, numTensors: e.numTensors, main: e.main ? e.main.label : null, latestMain: !!(e.latest && e.latest.main) } : null,
      ui: {
        camera,
        model: value('[data-testid=model-select]'),
        compare: ab ? ab.value : null,
        sample: value('select[aria-label="Sample photo"]'),
        conf: value('#conf'),
        iou: value('#iou'),
        maxdet: value('#maxdet'),
        imgsz: value('#imgsz'),
        panels,
      },
      liveTracks: tracks.filter((t) => t.readyState === 'live').map((t) => ({ label: t.label })),
      copied,
    };
  };
  /** The videos whose currentTime moved during ms milliseconds while not paused. */
  const playingVideos = (ms) => {
    const list = allVideos();
    const before = list.map((v) => v.currentTime);
    return new Promise((resolve) => setTimeout(() => resolve(
      list.filter((v, i) => !v.paused && !v.ended && v.currentTime !== before[i])
        .map((v) => ({ label: v.getAttribute('aria-label'), kind: kindOf(v), connected: v.isConnected, visible: visible(v) })),
    ), ms));
  };
  Object.defineProperty(globalThis, '__soak', { value: { snapshot, playingVideos } });
})();`;
