import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/state/settings';
import { encodeSettings } from '../../../src/state/url';
import { expectsLiveFrames, isOneSentence, mediaFailures, snapshotFailures } from '../../../scripts/soak/invariants';
import type { PageSnapshot } from '../../../scripts/soak/instrument';

/** A snapshot of a healthy page at the default settings; each test breaks one thing. */
function healthy(patch: Partial<typeof DEFAULT_SETTINGS> = {}): PageSnapshot {
  const settings = { ...DEFAULT_SETTINGS, ...patch };
  const query = encodeSettings(settings);
  return {
    doc: 'd',
    hasApp: true,
    rootChildren: 1,
    textLength: 1000,
    search: query ? `?${query}` : '',
    href: 'http://x/',
    settings: settings as unknown as Record<string, unknown>,
    ownModelName: null,
    hasOwnModel: false,
    notices: [],
    engine: { busy: false, frames: 3, numTensors: 150, main: 'YOLOv5n-C3_AKConv (ij)', latestMain: true },
    ui: {
      camera: settings.source === 'webcam' ? 'stop' : 'start',
      model: settings.model,
      compare: settings.compare ?? '',
      sample: settings.source === 'sample' ? String(settings.sample) : '',
      conf: String(settings.conf),
      iou: String(settings.iou),
      maxdet: String(settings.maxDet),
      imgsz: String(settings.imageSize),
      panels: ['detect', 'grid', 'offsets', 'model', 'explain'].map((p) => ({ name: p, checked: (settings.panels as string[]).includes(p) })),
    },
    liveTracks: [],
    copied: null,
  };
}

const invariants = (snap: PageSnapshot) => snapshotFailures(snap).map((f) => f.invariant);

describe('the soak invariants', () => {
  it('a healthy page passes, at the defaults and with a camera running', () => {
    expect(snapshotFailures(healthy())).toEqual([]);
    expect(snapshotFailures({ ...healthy({ source: 'webcam' }), liveTracks: [{ label: 'fake' }] })).toEqual([]);
  });

  it('a live track while the button says Start camera breaks "camera-live-when-stopped"', () => {
    expect(invariants({ ...healthy({ source: 'image' }), liveTracks: [{ label: 'fake' }] })).toEqual(['camera-live-when-stopped']);
  });

  it('an address bar behind the store, or one the codec refuses, breaks the link invariants', () => {
    expect(invariants({ ...healthy({ conf: 0.5 }), search: '' })).toEqual(['link-mismatch']);
    expect(invariants({ ...healthy(), search: '?vs=akconv-ij' })).toContain('link-refused');
  });

  it('a control showing another value than its setting breaks "ui-mismatch"', () => {
    const snap = healthy({ sample: 2 });
    expect(invariants({ ...snap, ui: { ...snap.ui, sample: '0' } })).toEqual(['ui-mismatch']);
    expect(invariants({ ...snap, ui: { ...snap.ui, camera: 'start', sample: '' }, settings: { ...snap.settings, source: 'webcam' }, search: '?src=webcam&sample=2' })).toEqual(['ui-mismatch']);
  });

  it('a blank page is one failure, whatever else is missing', () => {
    expect(snapshotFailures({ ...healthy(), hasApp: false, settings: null, rootChildren: 0, textLength: 0 })).toHaveLength(1);
  });

  it('an idle engine with no detection of the still on screen breaks "still-not-detected"', () => {
    const snap = healthy({ sample: 9 });
    expect(invariants({ ...snap, engine: { ...snap.engine!, latestMain: false } })).toContain('still-not-detected');
    expect(invariants({ ...snap, engine: { ...snap.engine!, latestMain: false, busy: true } })).not.toContain('still-not-detected');
  });

  it('notices are one sentence each', () => {
    expect(isOneSentence('Camera access was denied; photos and videos still work.')).toBe(true);
    expect(isOneSentence('Loaded yolov5n_tiny.pt (3 classes, e.g. cat).')).toBe(true);
    expect(isOneSentence('Ignored conf=%ZZ: expected a number from 0.01 to 0.99.')).toBe(true);
    expect(isOneSentence('The file is broken. Try another one.')).toBe(false);
    expect(isOneSentence('No full stop at the end')).toBe(false);
    expect(invariants({ ...healthy(), notices: ['Two sentences. Here.'] })).toEqual(['notice-sentences']);
  });

  it('media: a playing video is allowed only as the source on screen; live frames are expected for a camera or a playing file', () => {
    const file = { label: 'Video source', kind: 'file' as const, connected: true, visible: true };
    const stream = { ...file, kind: 'stream' as const };
    expect(mediaFailures(healthy({ source: 'video' }), [file])).toEqual([]);
    expect(mediaFailures(healthy({ source: 'image' }), [file]).map((f) => f.invariant)).toEqual(['hidden-media-playing']);
    expect(mediaFailures(healthy({ source: 'video' }), [stream])).toHaveLength(1);
    expect(expectsLiveFrames(healthy({ source: 'webcam' }), [])).toBe(true);
    expect(expectsLiveFrames(healthy({ source: 'video' }), [])).toBe(false);
    expect(expectsLiveFrames(healthy({ source: 'video', panels: ['grid'] }), [file])).toBe(false);
  });
});
