/**
 * The viewer: the page's one owner of what the user is looking at, outside
 * React (as tldraw's Editor is): the source (a sample photo, an opened image
 * or video, the webcam) with its handles, the frame on screen with the
 * detections of that very frame, and the selected detection. It is created in
 * `main.tsx` beside the engine and handed down by context (`app-context.tsx`);
 * components render its snapshot through `useViewer()` and call its methods
 * from their event handlers.
 *
 * The rules of sources live here and only here:
 * - A new source replaces the old one only once it works: an image that does
 *   not decode, a video that does not play, a camera that is denied change
 *   nothing on screen, and say why in one sentence (topic `source`).
 * - Replacing a source stops the old one: no camera track stays live and no
 *   video plays unseen.
 * - The `source` / `sample` settings (the link) say what is shown. The viewer
 *   writes them when the user changes the source, and follows them when the
 *   link changes them (on start, Back / Forward).
 * - Boxes are drawn on the frame that was detected (the frame and its result
 *   travel together), never over a newer video frame.
 */
import type { SamplePhoto } from '../../common/samples';
import { SAMPLE_PHOTOS } from '../../common/samples';
import type { Engine } from '../../runtime/engine-client';
import type { FrameKind, FrameResult } from '../../runtime/protocol';
import type { Settings, SourceKind } from '../../state/settings';
import { shownPanels } from '../../state/shown-panels';
import type { NoticeKind } from '../../state/store';
import { correctSettings } from '../../state/url-sync';
import type { FramePump } from './frame-pump';
import type { Picture, ViewerMedia } from './media';
import { browserMedia } from './media';
import { pictureSize } from '../../runtime/frame-pixels';

export type LiveKind = 'none' | 'webcam' | 'video';

/** A frame on screen: the pixels the engine detected (or is detecting) and their result. */
export interface ShownFrame {
  /** The picture on screen: the detected pixels (a live frame's VideoFrame), or a huge photo shrunk to MAX_SHOWN_SIDE (its result is in the photo's own pixels). */
  image: Picture;
  /** A photo's file: what the engine is sent (it decodes it where it runs) instead of the picture's pixels. */
  file?: Blob;
  /** Its detections; null while its first detection runs. */
  result: FrameResult | null;
  /** From the webcam (drawn mirrored when Mirror camera is on). */
  fromCamera: boolean;
}

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export interface ViewerSnapshot {
  live: LiveKind;
  /** The opened file's name (or the camera's last frame) while it is the source; null for a sample or the camera. */
  fileName: string | null;
  /** The opened video file (for the annotated export). */
  videoFile: File | null;
  /** The opened video's element, whose controls the detection panel shows; null unless a video file plays. */
  video: HTMLVideoElement | null;
  frame: ShownFrame | null;
  /** The frame's size, known before its pixels (a sample's, from its table): the frame box has its aspect from the first paint. */
  size: { width: number; height: number };
  cameras: CameraDevice[];
  /** The selected detection (detection-trace.ts `detectionKey`), or null. */
  selected: string | null;
}

/** The part of the app's store the viewer uses (zustand's `useAppStore` fits). */
export interface ViewerStore {
  getState(): {
    settings: Settings;
    update(patch: Partial<Settings>): void;
    notify(kind: NoticeKind, text: string, topic?: string): void;
    resolve(topic: string): void;
  };
  subscribe(listener: (state: { settings: Settings }, previous: { settings: Settings }) => void): () => void;
}

/** Notices about the frame's source carry this topic: a source that works dismisses them. */
export const SOURCE_TOPIC = 'source';

/** Notices about the camera: only a camera that starts dismisses them. */
export const CAMERA_TOPIC = 'camera';

/** What the source bar calls the camera's last frame once the camera is stopped. */
export const CAMERA_FRAME_NAME = 'last camera frame';

/** The frame's aspect before anything is known of it (a camera's usual 4:3). */
const DEFAULT_SIZE = { width: 640, height: 480 };

/**
 * The longest side a photo is drawn at. A 9000 x 7000 photo drawn at full
 * size meant a 63-megapixel canvas and main-thread tasks of over a second on
 * every paint; the engine still detects the photo's own pixels (it decodes
 * the file itself), and the boxes are scaled onto the picture.
 */
export const MAX_SHOWN_SIDE = 4096;

/** Panels that show the frame or are computed on it: with none of them on screen, the camera stops. */
const FRAME_PANELS = ['detect', 'offsets', 'explain'] as const;

/** Whether a panel on screen shows the frames or is computed on them. */
const needsFrames = (s: Settings) => shownPanels(s).some((p) => (FRAME_PANELS as readonly string[]).includes(p));

const sampleUrl = (photo: SamplePhoto) => `${import.meta.env.BASE_URL}samples/${photo.file}`;

export class Viewer {
  private state: ViewerSnapshot = { live: 'none', fileName: null, videoFile: null, video: null, frame: null, size: SAMPLE_PHOTOS[0] ?? DEFAULT_SIZE, cameras: [], selected: null };
  private readonly listeners = new Set<() => void>();
  /** Bumped when a source takes over: results and fetches of an older source are dropped. */
  private turn = 0;
  /** Bumped by every request for a source: a request that finishes after a newer one gives way. */
  private request = 0;
  /** What the viewer shows or is opening, as the settings name it (the link is followed when it differs). */
  private source: SourceKind = 'sample';
  private sample = 0;
  private pump: FramePump | null = null;
  /** The still sent to the engine whose own detection has not ended (re-detections before then are of an older still). */
  private stillPending: Picture | null = null;
  /** The video was paused because no panel showed it. */
  private pausedUnseen = false;
  /** The live source's element (the webcam's or the video file's). */
  private liveVideo: HTMLVideoElement | null = null;
  /** Holds the live video elements in the document (a detached element may not decode) when no panel shows them; made by start(). */
  private holder: HTMLElement | null = null;

  /** Nothing runs until start(): a viewer can be made where there is no document (the panels' Node tests). */
  constructor(
    private readonly engine: Engine,
    private readonly store: ViewerStore,
    private readonly media: ViewerMedia = browserMedia,
  ) {}

  // ---- the snapshot, for useSyncExternalStore ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ViewerSnapshot => this.state;

  /** Starts following the settings (call once, after the URL was read): shows what the link names. */
  start(doc: Document = document): void {
    const holder = doc.createElement('div');
    holder.setAttribute('aria-hidden', 'true');
    holder.dataset.role = 'viewer-media';
    // Out of sight and layout, yet still playing (display: none could stop a browser from decoding it).
    Object.assign(holder.style, { position: 'fixed', left: '0', top: '0', width: '1px', height: '1px', opacity: '0', overflow: 'hidden', pointerEvents: 'none' });
    doc.body.append(holder);
    this.holder = holder;
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) void this.openImage(file, file.name || 'pasted image');
    };
    // Kept for the page's life, as the viewer is.
    doc.defaultView?.addEventListener('paste', onPaste);
    this.store.subscribe((s, prev) => this.follow(s.settings, prev.settings));
    this.engine.subscribe(() => this.followRedetection());
    const { settings } = this.store.getState();
    this.source = settings.source;
    this.sample = settings.sample;
    if (settings.source === 'webcam') {
      // A camera's size is known once it runs; its usual 4:3 until then. It starts once a panel needs its frames.
      this.set({ size: DEFAULT_SIZE });
      if (needsFrames(settings)) void this.startCamera();
    } else void this.showSample(settings.sample);
  }

  // ---- what the user does ----

  /** Shows bundled sample photo `index` (the Sample photo picker). */
  async showSample(index: number): Promise<void> {
    const photo = SAMPLE_PHOTOS[index];
    if (!photo) return;
    const mine = ++this.request;
    let file: Blob;
    this.source = 'sample';
    this.sample = index;
    // Before the first frame the box takes the photo's aspect (later, the frame on screen keeps its own until this one comes).
    if (!this.state.frame) this.set({ size: { width: photo.width, height: photo.height } });
    let bitmap: ImageBitmap;
    try {
      file = await this.media.fetchSample(sampleUrl(photo));
      bitmap = await this.shown(await this.media.decode(file));
    } catch (e) {
      if (mine === this.request) this.notify('error', `The sample photo "${photo.title}" could not be loaded (${e instanceof Error ? e.message : String(e)}).`);
      return;
    }
    if (mine !== this.request) return bitmap.close();
    this.claim('sample', index);
    this.showStill(bitmap, null, file);
  }

  /** An opened, dropped or pasted file: a video plays (detection per frame), an image is shown. */
  async openFile(file: File): Promise<void> {
    if (file.type.startsWith('video/')) return this.openVideo(file);
    return this.openImage(file, file.name);
  }

  /** Shows an image file or a pasted image; one that does not decode changes nothing. */
  async openImage(blob: Blob, name: string): Promise<void> {
    const mine = ++this.request;
    let bitmap: ImageBitmap;
    try {
      bitmap = await this.shown(await this.media.decode(blob));
    } catch {
      if (mine === this.request) this.notify('error', `Cannot read ${name}: it is not an image this browser can decode.`);
      return;
    }
    if (mine !== this.request) return bitmap.close();
    this.claim('image');
    this.showStill(bitmap, name, blob);
  }

  /** Plays a video file; one that cannot play changes nothing. */
  async openVideo(file: File): Promise<void> {
    const mine = ++this.request;
    let video: HTMLVideoElement;
    try {
      video = await this.media.openVideo(file);
    } catch (e) {
      if (mine === this.request) this.notify('error', e instanceof Error ? e.message : String(e));
      return;
    }
    if (mine !== this.request) return this.media.close(video);
    this.claim('video');
    this.goLive('video', video, { fileName: file.name, videoFile: file, video });
  }

  /** Starts the camera (a chosen device, or any); a denied or missing camera keeps the source there was. */
  async startCamera(deviceId?: string): Promise<void> {
    const mine = ++this.request;
    const video = this.media.newCameraElement();
    this.holder?.append(video);
    const refuse = (text: string) => {
      video.remove();
      if (mine !== this.request) return;
      // Its own topic: the photo shown instead must not dismiss why the camera is not there.
      this.notify('error', text, CAMERA_TOPIC);
      this.backFromCamera();
    };
    if (!this.media.hasCamera()) return refuse('This browser has no camera access (getUserMedia); photos and videos still work.');
    try {
      await this.media.openCamera(video, deviceId);
    } catch (e) {
      return refuse(cameraError(e));
    }
    // A later request (another source, Stop, a second start) came while the browser asked: this camera gives way.
    if (mine !== this.request) {
      this.media.close(video);
      return;
    }
    this.claim('webcam');
    this.goLive('webcam', video, { fileName: null, videoFile: null, video: null });
    this.store.getState().resolve(CAMERA_TOPIC);
    const devices = await this.media.cameras().catch(() => []);
    this.set({ cameras: devices.filter((d) => d.kind === 'videoinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` })) });
  }

  /**
   * Stop camera: the frame on screen stays as a still (detected again,
   * traceable, saved like a photo) instead of a black frame, and the link no
   * longer starts the camera. It is the image the model received, so it is
   * not mirrored.
   */
  stopCamera(): void {
    if (this.state.live !== 'webcam') return;
    ++this.request;
    const last = this.state.frame;
    if (!last) {
      this.stopLive();
      void this.showSample(this.sample);
      return;
    }
    this.claim('image');
    const { image } = last;
    if (!('displayWidth' in image)) {
      // The still takes the frame's pixels over; the old frame must not close them.
      this.state = { ...this.state, frame: null };
      this.showStill(image, CAMERA_FRAME_NAME);
      return;
    }
    // A live frame (a VideoFrame) becomes a bitmap of its own; the camera stops now, the frame stays on screen meanwhile.
    const mine = this.request;
    this.stopLive();
    this.set({ live: 'none' });
    void this.media.copy(image).then(
      (still) => (mine === this.request ? this.showStill(still, CAMERA_FRAME_NAME) : still.close()),
      () => mine === this.request && void this.showSample(this.sample),
    );
  }

  /** Selects a detection of the frame (its key), or none. */
  select(key: string | null): void {
    if (key !== this.state.selected) this.set({ selected: key });
  }

  /** Where a video element that no panel shows waits (the detection panel takes the opened video's element while it is on screen). */
  parkVideo(video: HTMLVideoElement): void {
    if (video === this.liveVideo) this.holder?.append(video);
  }

  // ---- inside ----

  /**
   * The settings say what is shown: this source takes over now. The link is
   * written (a history entry) unless it says so already.
   */
  private claim(source: SourceKind, sample = this.sample): void {
    this.source = source;
    this.sample = sample;
    const { settings, update } = this.store.getState();
    if (settings.source !== source || (source === 'sample' && settings.sample !== sample)) update(source === 'sample' ? { source, sample } : { source });
  }

  /** The picture to show of a decoded photo: itself, or a copy shrunk to MAX_SHOWN_SIDE (the original is freed). */
  private async shown(bitmap: ImageBitmap): Promise<ImageBitmap> {
    const k = MAX_SHOWN_SIDE / Math.max(bitmap.width, bitmap.height);
    if (k >= 1) return bitmap;
    try {
      return await this.media.shrink(bitmap, Math.max(1, Math.round(bitmap.width * k)), Math.max(1, Math.round(bitmap.height * k)));
    } finally {
      bitmap.close();
    }
  }

  /** Shows a still (a photo, or the camera's last frame) and detects it (a photo by its file). */
  private showStill(image: ImageBitmap, fileName: string | null, file?: Blob): void {
    this.stopLive();
    const turn = ++this.turn;
    this.replaceFrame({ image, result: null, fromCamera: false, ...(file ? { file } : {}) }, { live: 'none', fileName, videoFile: null, video: null, size: { width: image.width, height: image.height }, selected: null });
    this.store.getState().resolve(SOURCE_TOPIC);
    this.detectStill(turn);
  }

  /**
   * Sends the still on screen to the engine, if a panel needs its result
   * (with only the grid or the model table open, nothing is detected). The
   * engine keeps it and detects it again when a setting changes.
   */
  private detectStill(turn = this.turn): void {
    const frame = this.state.frame;
    if (!frame || this.state.live !== 'none' || !needsFrames(this.store.getState().settings)) return;
    const { image, file } = frame;
    this.stillPending = image;
    // A photo goes as its file (decoded by the engine); other stills as a copy (the one sent is transferred away).
    void (file ? Promise.resolve(file) : this.media.copy(image))
      .then((frameToSend) => this.engine.detect('still', frameToSend))
      .then((result) => {
        if (this.stillPending === image) this.stillPending = null;
        const now = this.state.frame;
        if (result && turn === this.turn && now?.image === image) this.set({ frame: { ...now, result } });
      });
  }

  /** A live source (the webcam or a video file) takes over. */
  private goLive(live: 'webcam' | 'video', video: HTMLVideoElement, extra: Pick<ViewerSnapshot, 'fileName' | 'videoFile' | 'video'>): void {
    this.stopLive();
    const turn = ++this.turn;
    this.liveVideo = video;
    if (!video.isConnected) this.holder?.append(video);
    this.set({ live, ...extra, size: { width: video.videoWidth || DEFAULT_SIZE.width, height: video.videoHeight || DEFAULT_SIZE.height }, selected: null });
    this.store.getState().resolve(SOURCE_TOPIC);
    // With no panel that shows frames, a video sends none (it is paused then; see follow()).
    const send = (kind: FrameKind) => (needsFrames(this.store.getState().settings) ? this.sendVideoFrame(video, kind, turn, live === 'webcam') : Promise.resolve());
    this.pump = this.media.pump(video, send, () => this.engine.pending);
  }

  /** Copies the video's current frame for the screen and for the engine; resolves once the engine has its copy. */
  private async sendVideoFrame(video: HTMLVideoElement, kind: FrameKind, turn: number, fromCamera: boolean): Promise<void> {
    let image: Picture;
    let copy: Picture;
    try {
      image = await this.media.grab(video);
      copy = await this.media.share(image);
    } catch {
      return; // the video was stopped or emptied under us
    }
    if (turn !== this.turn) {
      image.close();
      copy.close();
      return;
    }
    void this.engine.detect(kind, copy).then((result) => {
      if (!result || turn !== this.turn) return image.close();
      const { size } = this.state;
      const { width, height } = pictureSize(image);
      this.replaceFrame({ image, result, fromCamera }, width !== size.width || height !== size.height ? { size: { width, height } } : {});
    });
  }

  /** The engine detected the kept still again (a new threshold, model or backend): its new result. */
  private followRedetection(): void {
    const latest = this.engine.getSnapshot().latest;
    const frame = this.state.frame;
    // A re-detection (frame id -1) is of the engine's kept still (a photo, or a paused video's frame); one that
    // comes before the still's own detection ended was of an older still (the engine runs jobs in order). The
    // still's own detection may end with no result (no model was loaded yet): the engine's re-detection after
    // the load brings it.
    const still = this.state.live === 'none' || (this.state.live === 'video' && !!this.liveVideo?.paused);
    if (!latest || latest.frameId !== -1 || !still || !frame || this.stillPending === frame.image || frame.result === latest) return;
    this.set({ frame: { ...frame, result: latest } });
  }

  /** The link changed the source (on start, Back / Forward), or the panels that need frames went away. */
  private follow(s: Settings, prev: Settings): void {
    if (s.source !== this.source || (s.source === 'sample' && s.sample !== this.sample)) {
      if (s.source === 'webcam') {
        this.source = 'webcam';
        if (needsFrames(s)) void this.startCamera();
      } else if (s.source === 'sample') void this.showSample(s.sample);
      // An image or video the link names is one this page has open (the store refuses others): nothing to do.
    }
    if (needsFrames(prev) && !needsFrames(s)) this.hide();
    else if (!needsFrames(prev) && needsFrames(s)) this.reveal(s);
  }

  /**
   * No panel shows or reads the frames: the camera's tracks stop (the link
   * still names the camera, which comes back with a panel) and a video pauses.
   */
  private hide(): void {
    if (this.state.live === 'webcam') {
      ++this.request;
      this.stopLive();
      this.set({ live: 'none' });
    } else if (this.liveVideo && !this.liveVideo.paused) {
      this.liveVideo.pause();
      this.pausedUnseen = true;
    }
  }

  /** A panel that needs frames is back: the camera the link names starts again, a still is detected, a video the viewer paused plays on. */
  private reveal(s: Settings): void {
    if (s.source === 'webcam' && this.state.live !== 'webcam') {
      void this.startCamera();
      return;
    }
    this.detectStill();
    if (this.pausedUnseen) void this.liveVideo?.play().catch(() => undefined);
    this.pausedUnseen = false;
  }

  /** A camera the link asked for could not start: the link goes back to what is shown. */
  private backFromCamera(): void {
    const { settings } = this.store.getState();
    if (this.state.live === 'webcam') return;
    const shown: SourceKind = this.state.live === 'video' ? 'video' : this.state.fileName !== null ? 'image' : 'sample';
    this.source = shown;
    if (settings.source === 'webcam') correctSettings(() => this.store.getState().update({ source: shown }));
    if (!this.state.frame && shown === 'sample') void this.showSample(this.sample);
  }

  private stopLive(): void {
    this.pausedUnseen = false;
    this.pump?.stop();
    this.pump = null;
    const video = this.liveVideo;
    this.liveVideo = null;
    if (!video) return;
    this.media.close(video);
  }

  /** Puts `frame` on screen (with the rest of `patch`, in one update) and frees the frame it replaces. */
  private replaceFrame(frame: ShownFrame, patch: Partial<ViewerSnapshot> = {}): void {
    const old = this.state.frame;
    this.set({ ...patch, frame });
    if (old && old.image !== frame.image) old.image.close();
  }

  private notify(kind: NoticeKind, text: string, topic = SOURCE_TOPIC): void {
    this.store.getState().notify(kind, text, topic);
  }

  private set(patch: Partial<ViewerSnapshot>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }
}

/** The camera's refusal, in one sentence. */
function cameraError(e: unknown): string {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotAllowedError') return 'Camera access was denied; photos and videos still work.';
  if (name === 'NotFoundError') return 'No camera was found; photos and videos still work.';
  return `The camera could not start (${e instanceof Error ? e.message : String(e)}); photos and videos still work.`;
}
