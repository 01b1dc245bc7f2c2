/**
 * What must hold after every action, and the bounds the soak enforces.
 * `snapshotFailures` is a pure function of one page snapshot (so it can be
 * unit-tested); the runner adds what needs time (videos playing, frames
 * advancing) or the browser (JS heap), and the checkpoints (tensors back at
 * the starting settings).
 */
import { PANELS } from '../../src/state/settings';
import type { Settings } from '../../src/state/settings';
import { decodeSettings, encodeSettings } from '../../src/state/url';
import type { PageSnapshot, PlayingVideo } from './instrument';

export const INVARIANTS = [
  /** An uncaught exception, unhandled rejection or console error in any page. */
  'page-error',
  /** The app did not render (no debug hook, an empty #root, or no text). */
  'blank-page',
  /** A camera track is live while the UI says the camera is stopped. */
  'camera-live-when-stopped',
  /** A video is playing that is not the source on screen. */
  'hidden-media-playing',
  /** A live source runs (the link says webcam, or a video plays) but no frame is detected. */
  'frames-stalled',
  /** The still on screen (sample or image) is never detected by a loaded, idle engine. */
  'still-not-detected',
  /** The address bar's query does not decode to the settings in the store. */
  'link-mismatch',
  /** The app's own address bar holds a value its own codec refuses. */
  'link-refused',
  /** A control shows another value than the store's setting. */
  'ui-mismatch',
  /** A notice is not one sentence. */
  'notice-sentences',
  /** The engine's tensor count is over TENSOR_LIMIT, or not back at the start at the starting settings. */
  'tensors-unbounded',
  /** The page's JS heap is over HEAP_LIMIT_MB, or grew at the starting settings. */
  'heap-unbounded',
  /** "Copy link" opened in a new page shows other settings, or that page refuses part of the link. */
  'copy-link-mismatch',
  /** An action or a wait for the app to settle ran past its time-out. */
  'hang',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export const BOUNDS = {
  /** Engine tensors at any time (the default model alone is about 150; two models and an own file about 700). */
  tensorLimit: 3000,
  /** Tensors allowed above the first count at the starting settings (per document and own model file). */
  tensorSlack: 8,
  /** The page's used JS heap at any time (CDP Runtime.getHeapUsage). */
  heapLimitMb: 512,
  /** Used JS heap allowed above the first count at the starting settings, after a forced GC. */
  heapSlackMb: 64,
  /** How long an invariant may take to come true after an action (the app's own effects, the URL's 250 ms replace). */
  graceMs: 5000,
  /** How long a live source may go without a detected frame. */
  liveFrameMs: 20_000,
  /** How long the engine may stay busy (loading, warming up) after an action. */
  settleMs: 120_000,
  /** How long one action may take. */
  actionMs: 60_000,
} as const;

export interface Failure {
  invariant: Invariant;
  message: string;
}

/** True when the text is one sentence: it ends like one, and no sentence ends inside it. */
export function isOneSentence(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (!/[.!?…]["')\]]?$/.test(t)) return false;
  // A full stop, ! or ? followed by a space and a capital starts a second sentence
  // ("e.g. X" and file names such as "yolov5n.pt" are not sentence ends).
  return !/[a-z0-9)\]"'][.!?]["')\]]?\s+[A-Z]/.test(t.replace(/\be\.g\.|\bi\.e\./g, 'eg'));
}

const asSettings = (s: Record<string, unknown>): Settings => s as unknown as Settings;

function linkFailures(snap: PageSnapshot, settings: Settings): Failure[] {
  const decoded = decodeSettings(snap.search);
  const out: Failure[] = [];
  const inStore = encodeSettings(settings);
  const inLink = encodeSettings(decoded.settings);
  if (inStore !== inLink) out.push({ invariant: 'link-mismatch', message: `address bar ${snap.search || '(empty)'} decodes to "${inLink}", the store holds "${inStore}"` });
  if (decoded.notices.length) out.push({ invariant: 'link-refused', message: `the app's own address bar ${snap.search}: ${decoded.notices.join(' | ')}` });
  return out;
}

function uiFailures(snap: PageSnapshot, s: Settings): Failure[] {
  const out: string[] = [];
  const { ui } = snap;
  if (ui.model !== null && ui.model !== s.model) out.push(`model select ${ui.model}, setting ${s.model}`);
  if (ui.compare !== null && ui.compare !== (s.compare ?? '')) out.push(`A/B select "${ui.compare}", setting ${s.compare}`);
  if (ui.sample !== null && s.source === 'sample' && ui.sample !== String(s.sample)) out.push(`sample select "${ui.sample}", setting sample ${s.sample}`);
  if (ui.sample !== null && s.source !== 'sample' && ui.sample !== '') out.push(`sample select "${ui.sample}" while the source is ${s.source}`);
  const sliders: [string, string | null, number][] = [
    ['conf', ui.conf, s.conf],
    ['iou', ui.iou, s.iou],
    ['max boxes', ui.maxdet, s.maxDet],
    ['input size', ui.imgsz, s.imageSize],
  ];
  for (const [name, shown, value] of sliders) if (shown !== null && Number(shown) !== value) out.push(`${name} slider ${shown}, setting ${value}`);
  ui.panels.forEach((p, i) => {
    const id = PANELS[i];
    if (id && p.checked !== s.panels.includes(id)) out.push(`panel "${p.name}" ${p.checked ? 'ticked' : 'unticked'}, panels ${s.panels.join(',')}`);
  });
  if (s.source === 'webcam' && ui.camera === 'start') out.push('the link says webcam, the button says "Start camera"');
  if (s.source !== 'webcam' && ui.camera === 'stop') out.push(`the button says "Stop camera", the source is ${s.source}`);
  return out.map((message) => ({ invariant: 'ui-mismatch', message }));
}

/** Every failure one snapshot shows by itself. */
export function snapshotFailures(snap: PageSnapshot): Failure[] {
  if (!snap.hasApp || !snap.settings || snap.rootChildren === 0 || snap.textLength === 0) {
    return [{ invariant: 'blank-page', message: `debug hook ${snap.hasApp ? 'present' : 'missing'}, #root has ${snap.rootChildren} children, ${snap.textLength} characters of text` }];
  }
  const s = asSettings(snap.settings);
  const out: Failure[] = [...linkFailures(snap, s), ...uiFailures(snap, s)];
  const cameraOn = s.source === 'webcam' && snap.ui.camera !== 'start';
  if (snap.liveTracks.length && !cameraOn) {
    out.push({ invariant: 'camera-live-when-stopped', message: `${snap.liveTracks.length} live camera track(s) while the source is ${s.source} and the button says ${snap.ui.camera === 'start' ? '"Start camera"' : 'nothing'}` });
  }
  for (const text of snap.notices) if (!isOneSentence(text)) out.push({ invariant: 'notice-sentences', message: `notice: ${JSON.stringify(text)}` });
  const engine = snap.engine;
  if (engine && engine.numTensors > BOUNDS.tensorLimit) out.push({ invariant: 'tensors-unbounded', message: `${engine.numTensors} tensors (limit ${BOUNDS.tensorLimit})` });
  const still = s.source === 'sample' || s.source === 'image';
  if (engine && still && s.panels.includes('detect') && !engine.busy && engine.main && !engine.latestMain) {
    out.push({ invariant: 'still-not-detected', message: `source ${s.source}${s.source === 'sample' ? ` ${s.sample}` : ''}, model ${engine.main} idle, no detection` });
  }
  return out;
}

/** Videos that play where they should not: any while the source is a still, a file while the camera runs, a camera while a file plays. */
export function mediaFailures(snap: PageSnapshot, playing: readonly PlayingVideo[]): Failure[] {
  const source = snap.settings ? asSettings(snap.settings).source : null;
  const allowed = source === 'video' ? 'file' : source === 'webcam' ? 'stream' : null;
  return playing
    .filter((v) => v.kind !== allowed)
    .map((v) => ({ invariant: 'hidden-media-playing' as const, message: `a ${v.kind} video (${v.label ?? 'unlabelled'}, ${v.connected ? 'in the page' : 'detached'}) plays while the source is ${source}` }));
}

/** Whether frames must keep coming: the camera per the link, or a video file that plays (with the detection panel shown). */
export function expectsLiveFrames(snap: PageSnapshot, playing: readonly PlayingVideo[]): boolean {
  if (!snap.settings) return false;
  const s = asSettings(snap.settings);
  if (!s.panels.includes('detect')) return false;
  return s.source === 'webcam' || (s.source === 'video' && playing.some((v) => v.kind === 'file'));
}
