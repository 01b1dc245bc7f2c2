/**
 * The viewer's rules of sources, in Node with fake media and a fake engine:
 * a source replaces the old one only once it works, a replaced source stops,
 * the link follows what is shown, and a frame is drawn with its own result.
 */
import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { Engine } from '../../../src/runtime/engine-client';
import type { EngineSnapshot, FrameKind, FrameResult } from '../../../src/runtime/protocol';
import type { Settings } from '../../../src/state/settings';
import { DEFAULT_SETTINGS } from '../../../src/state/settings';
import type { ViewerMedia } from '../../../src/ui/viewer/media';
import type { ViewerStore } from '../../../src/ui/viewer/viewer';
import { CAMERA_FRAME_NAME, CAMERA_TOPIC, MAX_SHOWN_SIDE, SOURCE_TOPIC, Viewer } from '../../../src/ui/viewer/viewer';

/** A bitmap that knows which picture it holds (`tag`) and whether it was closed. */
interface FakeBitmap {
  tag: string;
  width: number;
  height: number;
  closed: boolean;
  close(): void;
}
const bitmap = (tag: string, width = 64, height = 48): FakeBitmap => ({ tag, width, height, closed: false, close() { this.closed = true; } });

/** A video whose picture is its `tag` at the moment a frame is copied. */
class FakeVideo {
  tag = 'v0';
  videoWidth = 64;
  videoHeight = 48;
  paused = false;
  closed = false;
  isConnected = true;
  remove() {}
}

/** An engine whose detections the test ends one by one; a result names the picture it was given. */
class FakeEngine {
  readonly sent: { kind: FrameKind; bitmap: FakeBitmap; finish(result: 'ok' | 'dropped'): void }[] = [];
  private nextId = 1;
  private listeners = new Set<() => void>();
  snapshot = { latest: null } as unknown as EngineSnapshot;
  get pending() {
    return this.sent.length;
  }
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getSnapshot = () => this.snapshot;
  /** The engine detected its kept still again (a new threshold or model). */
  redetected(tag: string) {
    this.snapshot = { ...this.snapshot, latest: { frameId: -1, image: { width: 64, height: 48 }, main: { detections: [], modelLabel: tag } } as unknown as FrameResult };
    this.listeners.forEach((l) => l());
  }
  detect(kind: FrameKind, b: ImageBitmap | Blob): Promise<FrameResult | null> {
    const frameId = this.nextId++;
    // A photo comes as its file: the fake reads the picture's tag the decoder put on it.
    const bitmap = (b instanceof Blob ? { ...tagOf(b), close() {} } : b) as unknown as FakeBitmap;
    return new Promise((resolve) => {
      const entry = {
        kind,
        bitmap,
        finish: (how: 'ok' | 'dropped') => {
          this.sent.splice(this.sent.indexOf(entry), 1);
          resolve(how === 'dropped' ? null : ({ frameId, image: { width: bitmap.width, height: bitmap.height }, main: { detections: [], modelLabel: bitmap.tag } } as unknown as FrameResult));
        },
      };
      this.sent.push(entry);
    });
  }
}

function fakeMedia() {
  const log: string[] = [];
  const media = {
    log,
    sends: [] as ((kind: FrameKind) => Promise<void>)[],
    videoFails: null as string | null,
    cameraFails: null as DOMException | null,
    decode: async (blob: Blob) => {
      const text = await blob.text();
      if (text === 'not an image') throw new Error('decode');
      const { tag, width, height } = tagOf(blob, text);
      return bitmap(tag, width, height) as unknown as ImageBitmap;
    },
    grab: async (video: HTMLVideoElement) => bitmap((video as unknown as FakeVideo).tag) as unknown as ImageBitmap,
    share: async (picture: ImageBitmap | VideoFrame) => bitmap((picture as unknown as FakeBitmap).tag) as unknown as ImageBitmap,
    copy: async (source: ImageBitmap | VideoFrame) => bitmap((source as unknown as { tag: string }).tag) as unknown as ImageBitmap,
    shrink: async (source: ImageBitmap, width: number, height: number) => bitmap(`${(source as unknown as FakeBitmap).tag} at ${width}x${height}`, width, height) as unknown as ImageBitmap,
    fetchSample: async (url: string) => new Blob([`sample ${url.split('/').pop()}`]),
    openVideo: async (file: File) => {
      if (media.videoFails) throw new Error(media.videoFails);
      log.push(`open ${file.name}`);
      return new FakeVideo() as unknown as HTMLVideoElement;
    },
    newCameraElement: () => new FakeVideo() as unknown as HTMLVideoElement,
    openCamera: async () => {
      if (media.cameraFails) throw media.cameraFails;
      log.push('camera on');
    },
    close: (v: HTMLVideoElement) => {
      (v as unknown as FakeVideo).closed = true;
      log.push('close');
    },
    hasCamera: () => true,
    cameras: async () => [],
    pump: (_v: HTMLVideoElement, send: (kind: FrameKind) => Promise<void>) => {
      media.sends.push(send);
      return { stop: () => void log.push('pump stopped') };
    },
  };
  return media satisfies ViewerMedia;
}

/** What a fake photo file holds: its text is its picture's tag; "huge" ones are 9000 x 7000. */
const tags = new WeakMap<Blob, { tag: string; width: number; height: number }>();
function tagOf(blob: Blob, text?: string) {
  const known = tags.get(blob);
  if (known) return known;
  if (text === undefined) throw new Error('a file the fake decoder never read');
  const made = text.startsWith('huge') ? { tag: text, width: 9000, height: 7000 } : { tag: text, width: 64, height: 48 };
  tags.set(blob, made);
  return made;
}

const fakeDocument = () => {
  const element = () => ({ style: {}, dataset: {}, setAttribute() {}, append() {}, remove() {} });
  return { createElement: element, body: { append() {} }, defaultView: null } as unknown as Document;
};

function setup(settings: Partial<Settings> = {}) {
  const notices: { kind: string; text: string; topic?: string }[] = [];
  const store = create<ReturnType<ViewerStore['getState']>>()((set) => ({
    settings: { ...DEFAULT_SETTINGS, ...settings },
    update: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
    notify: (kind, text, topic) => void notices.push({ kind, text, ...(topic ? { topic } : {}) }),
    resolve: () => undefined,
  }));
  const engine = new FakeEngine();
  const media = fakeMedia();
  const viewer = new Viewer(engine as unknown as Engine, store, media);
  return { store, engine, media, viewer, notices, frame: () => viewer.getSnapshot().frame as unknown as { image: FakeBitmap; result: { main: { modelLabel: string } } | null } | null };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** Waits (in ticks, bounded) until the check holds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await settle();
  expect(check()).toBe(true);
}

const file = (name: string, type: string, text = name) => new File([text], name, { type });

describe('Viewer', () => {
  it('shows the sample the link names, then draws it with its own result', async () => {
    const { viewer, engine, frame } = setup({ sample: 2 });
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    expect(frame()?.image.tag).toBe('sample 000000002153.jpg');
    expect(frame()?.result).toBeNull();
    engine.sent[0]!.finish('ok');
    await until(() => frame()?.result !== null);
    expect(frame()?.result?.main.modelLabel).toBe('sample 000000002153.jpg');
  });

  it('draws each video frame with the result of that frame, not the video as it is now', async () => {
    const { viewer, engine, media, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    engine.sent[0]!.finish('ok');
    await viewer.openVideo(file('clip.webm', 'video/webm'));
    const video = (viewer as unknown as { liveVideo: FakeVideo }).liveVideo;
    const send = media.sends[0]!;
    video.tag = 't1';
    await send('live');
    video.tag = 't2'; // the video moves on while t1 is detected
    await send('live');
    video.tag = 't3';
    engine.sent[0]!.finish('ok');
    await until(() => frame()?.image.tag === 't1');
    expect(frame()?.result?.main.modelLabel).toBe('t1');
    const t2 = engine.sent[0]!.bitmap;
    engine.sent[0]!.finish('dropped');
    await settle();
    // A dropped frame never shows; its copy for the screen is freed.
    expect(frame()?.image.tag).toBe('t1');
    expect(t2.closed).toBe(false); // the engine's copy is the engine's to close
  });

  it('keeps the photo and the link when a video cannot play, and says so once', async () => {
    const { viewer, engine, media, notices, store, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    engine.sent[0]!.finish('ok');
    await until(() => frame()?.result !== null);
    media.videoFails = 'cut.webm: no frame of it decoded within 10 s; try WebM (VP8/VP9) or MP4 (H.264).';
    await viewer.openFile(file('cut.webm', 'video/webm'));
    expect(notices).toEqual([{ kind: 'error', text: media.videoFails, topic: SOURCE_TOPIC }]);
    expect(store.getState().settings.source).toBe('sample');
    expect(viewer.getSnapshot().live).toBe('none');
    expect(frame()?.image.tag).toBe('sample 000000000885.jpg');
    expect(frame()?.result).not.toBeNull();
  });

  it('an image that does not decode changes nothing; one that does stops the video', async () => {
    const { viewer, engine, media, notices, store, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    engine.sent[0]!.finish('ok');
    await viewer.openVideo(file('clip.webm', 'video/webm'));
    expect(store.getState().settings.source).toBe('video');
    await viewer.openFile(file('bad.jpg', 'image/jpeg', 'not an image'));
    expect(notices.map((n) => n.text)).toEqual(['Cannot read bad.jpg: it is not an image this browser can decode.']);
    expect(viewer.getSnapshot().live).toBe('video');
    expect(media.log).not.toContain('close');
    await viewer.openFile(file('good.jpg', 'image/jpeg', 'good picture'));
    expect(media.log.filter((l) => l === 'close' || l === 'pump stopped')).toEqual(['pump stopped', 'close']);
    expect(viewer.getSnapshot()).toMatchObject({ live: 'none', fileName: 'good.jpg', video: null });
    expect(store.getState().settings.source).toBe('image');
    expect(frame()?.image.tag).toBe('good picture');
  });

  it('a denied camera from a link goes back to the sample, and the link says so', async () => {
    const { viewer, engine, media, notices, store, frame } = setup({ source: 'webcam' });
    media.cameraFails = new DOMException('denied', 'NotAllowedError');
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    expect(notices).toEqual([{ kind: 'error', text: 'Camera access was denied; photos and videos still work.', topic: CAMERA_TOPIC }]);
    expect(store.getState().settings.source).toBe('sample');
    expect(frame()?.image.tag).toBe('sample 000000000885.jpg');
  });

  it('a denied camera while a video plays keeps the video', async () => {
    const { viewer, engine, media, store } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    await viewer.openVideo(file('clip.webm', 'video/webm'));
    media.cameraFails = new DOMException('denied', 'NotAllowedError');
    await viewer.startCamera();
    expect(viewer.getSnapshot().live).toBe('video');
    expect(store.getState().settings.source).toBe('video');
  });

  it('Stop camera keeps the frame on screen as a still, and opening an image stops the camera', async () => {
    const { viewer, engine, media, store, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    engine.sent[0]!.finish('ok');
    await viewer.startCamera();
    expect(store.getState().settings.source).toBe('webcam');
    const camera = (viewer as unknown as { liveVideo: FakeVideo }).liveVideo;
    camera.tag = 'cam1';
    await media.sends.at(-1)!('live');
    engine.sent.at(-1)!.finish('ok');
    await until(() => frame()?.image.tag === 'cam1');
    viewer.stopCamera();
    expect(camera.closed).toBe(true);
    expect(viewer.getSnapshot()).toMatchObject({ live: 'none', fileName: CAMERA_FRAME_NAME });
    expect(store.getState().settings.source).toBe('image');
    expect(frame()?.image.tag).toBe('cam1');
    expect(frame()?.image.closed).toBe(false);
    // Again with an image opened while the camera runs: the camera's tracks stop with it.
    await viewer.startCamera();
    const second = (viewer as unknown as { liveVideo: FakeVideo }).liveVideo;
    await viewer.openFile(file('photo.jpg', 'image/jpeg', 'photo'));
    expect(second.closed).toBe(true);
    expect(viewer.getSnapshot().live).toBe('none');
  });

  it('Back to a webcam entry starts the camera; Back to a sample entry shows the sample', async () => {
    const { viewer, engine, media, store, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    store.getState().update({ source: 'webcam' });
    await until(() => viewer.getSnapshot().live === 'webcam');
    expect(media.log).toContain('camera on');
    store.getState().update({ source: 'sample', sample: 3 });
    await until(() => frame()?.image.tag === 'sample 000000000785.jpg');
    expect(viewer.getSnapshot().live).toBe('none');
    expect(media.log.at(-1)).toBe('close');
  });

  it('a result of a source that was replaced is never drawn', async () => {
    const { viewer, engine, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    const first = engine.sent[0]!;
    await viewer.openFile(file('next.jpg', 'image/jpeg', 'next'));
    first.finish('ok');
    await settle();
    expect(frame()?.image.tag).toBe('next');
    expect(frame()?.result).toBeNull();
  });

  it('sends nothing while no panel needs frames, and the still once one opens', async () => {
    const { viewer, engine, store, frame } = setup({ panels: ['grid'] });
    viewer.start(fakeDocument());
    await until(() => frame() !== null);
    await settle();
    expect(engine.sent).toEqual([]);
    store.getState().update({ panels: ['grid', 'detect'] });
    await until(() => engine.sent.length === 1);
    expect(engine.sent[0]!.bitmap.tag).toBe('sample 000000000885.jpg');
  });

  it('takes the engine\'s re-detections of the still, but not one that came before the still\'s own', async () => {
    const { viewer, engine, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    // A re-detection while the still's own detection runs is of an older still.
    engine.redetected('older still');
    expect(frame()?.result).toBeNull();
    // No model was loaded yet: the still's own detection ends empty, and the engine's re-detection after the load brings its result.
    engine.sent[0]!.finish('dropped');
    await settle();
    engine.redetected('after the load');
    expect(frame()?.result?.main.modelLabel).toBe('after the load');
  });

  it('hiding every frame panel stops the camera\'s tracks; the link keeps it, and it comes back with a panel', async () => {
    const { viewer, engine, media, store } = setup({ source: 'webcam' });
    viewer.start(fakeDocument());
    await until(() => viewer.getSnapshot().live === 'webcam');
    const first = (viewer as unknown as { liveVideo: FakeVideo }).liveVideo;
    store.getState().update({ panels: ['grid'] });
    expect(first.closed).toBe(true);
    expect(viewer.getSnapshot().live).toBe('none');
    expect(store.getState().settings.source).toBe('webcam');
    store.getState().update({ panels: ['grid', 'detect'] });
    await until(() => viewer.getSnapshot().live === 'webcam');
    expect(media.log.filter((l) => l === 'camera on')).toHaveLength(2);
    expect(engine.sent).toEqual([]);
  });

  it('shows a huge photo shrunk to MAX_SHOWN_SIDE and sends the engine the file itself', async () => {
    const { viewer, engine, frame } = setup();
    viewer.start(fakeDocument());
    await until(() => engine.sent.length === 1);
    engine.sent[0]!.finish('ok');
    const huge = file('huge.png', 'image/png', 'huge photo');
    await viewer.openFile(huge);
    expect(viewer.getSnapshot().size).toEqual({ width: MAX_SHOWN_SIDE, height: Math.round((7000 * MAX_SHOWN_SIDE) / 9000) });
    expect(frame()?.image.tag).toBe('huge photo at 4096x3186');
    await until(() => engine.sent.length === 1);
    // The engine detects the photo's own 9000 x 7000 pixels.
    expect(engine.sent[0]!.bitmap).toMatchObject({ tag: 'huge photo', width: 9000, height: 7000 });
  });
});
