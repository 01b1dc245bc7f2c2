/**
 * What the viewer asks of the browser, in one object: decoding, copying
 * frames, opening videos and cameras, pumping a video's frames. The page uses `browserMedia`; the
 * viewer's Node tests give fakes, so the rules of sources are tested without
 * a browser.
 */
import { closeCamera, openCamera } from './camera-stream';
import type { FramePump } from './frame-pump';
import { pumpFrames } from './frame-pump';
import type { FramePicture } from '../../runtime/frame-pixels';
import { AS_STORED } from '../../runtime/frame-pixels';
import type { FrameKind } from '../../runtime/protocol';
import { closeVideo, openVideoFile } from './video-file';

/** What the viewer shows and sends: a bitmap, or a live source's video frame (shared without a copy). */
export type Picture = FramePicture;

export interface ViewerMedia {
  /**
   * A live video's current frame. A VideoFrame where the browser has them: it
   * refers to the decoded frame, where createImageBitmap copied it on the
   * page's thread (up to tens of ms a frame here); else a bitmap.
   */
  grab(video: HTMLVideoElement): Promise<Picture>;
  /** Another handle on a grabbed frame, for the engine (a VideoFrame's clone shares its pixels; a bitmap is copied). */
  share(picture: Picture): Promise<Picture>;
  /** A photo's bytes as they are stored (no colour conversion), as the CLI and the reference read them. */
  decode(blob: Blob): Promise<ImageBitmap>;
  /** A bitmap copy of a picture. */
  copy(source: Picture): Promise<ImageBitmap>;
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

export const browserMedia: ViewerMedia = {
  grab: async (video) => (typeof VideoFrame !== 'undefined' ? new VideoFrame(video) : createImageBitmap(video)),
  share: async (picture) => ('clone' in picture ? picture.clone() : createImageBitmap(picture)),
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
