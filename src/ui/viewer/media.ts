/**
 * What the viewer asks of the browser, in one object: decoding, copying
 * frames, opening videos and cameras, pumping a video's frames, and the
 * document its media elements live in. The page uses `browserMedia`; the
 * viewer's Node tests give fakes, so the rules of sources are tested without
 * a browser.
 */
import { closeCamera, openCamera } from './camera-stream';
import type { FramePump } from './frame-pump';
import { pumpFrames } from './frame-pump';
import type { FrameKind } from '../../runtime/protocol';
import { closeVideo, openVideoFile } from './video-file';

export interface ViewerMedia {
  /** A photo's bytes as they are stored (no colour conversion), as the CLI and the reference read them. */
  decode(blob: Blob): Promise<ImageBitmap>;
  /** A copy of a bitmap or of a video's current frame. */
  copy(source: ImageBitmap | HTMLVideoElement): Promise<ImageBitmap>;
  /** A smaller copy (a huge photo's picture on screen). */
  shrink(source: ImageBitmap, width: number, height: number): Promise<ImageBitmap>;
  fetchSample(url: string): Promise<Blob>;
  /** A playing video of the file, or a rejection with one sentence. */
  openVideo(file: File): Promise<HTMLVideoElement>;
  /** A new (muted, inline) element for a camera stream. */
  newCameraElement(): HTMLVideoElement;
  /** Opens the camera into the element; rejects with the browser's error. */
  openCamera(video: HTMLVideoElement, deviceId?: string): Promise<void>;
  /** Stops a live element (its camera tracks, or its file) for good. */
  close(video: HTMLVideoElement): void;
  hasCamera(): boolean;
  cameras(): Promise<MediaDeviceInfo[]>;
  pump(video: HTMLVideoElement, send: (kind: FrameKind) => Promise<void>, inFlight: () => number): FramePump;
}

/** Options that read a photo's pixels as stored (as the CLI and the reference do). */
const AS_STORED: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

export const browserMedia: ViewerMedia = {
  decode: (blob) => createImageBitmap(blob, AS_STORED),
  copy: (source) => createImageBitmap(source),
  shrink: (source, width, height) => createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'medium' }),
  async fetchSample(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.blob();
  },
  openVideo: (file) => openVideoFile(file),
  newCameraElement: () => Object.assign(document.createElement('video'), { muted: true, playsInline: true }),
  openCamera: (video, deviceId) => openCamera(video, deviceId),
  close(video) {
    if (video.srcObject) closeCamera(video);
    closeVideo(video);
  },
  hasCamera: () => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia,
  cameras: () => navigator.mediaDevices.enumerateDevices(),
  pump: pumpFrames,
};
