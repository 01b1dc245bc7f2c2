/**
 * The video export where this browser has no WebCodecs: the page seeks a
 * video element through the file, has the engine detect each kept frame,
 * draws it as the panel does (draw.ts) and records the canvas with
 * MediaRecorder (WebM). Without a demuxer the frame rate is unknown, so
 * frames are taken every `stride` / 30 s of the video.
 */
import type { Engine, ExportProgress, VideoExportJob } from '../../runtime/engine-client';
import type { ExportedVideo } from '../../runtime/protocol';
import { drawDetections } from './draw';
import { ASSUMED_FPS, keptFrameTimes } from './video-stride';

/** Whether the engine's WebCodecs export cannot run here. */
export function needsMediaRecorder(): boolean {
  return typeof VideoEncoder === 'undefined' || typeof VideoDecoder === 'undefined';
}

/** The WebM flavours MediaRecorder may offer, best first, with their codec names. */
const WEBM_TYPES: [string, string][] = [['video/webm;codecs=vp9', 'vp9'], ['video/webm;codecs=vp8', 'vp8'], ['video/webm', 'vp8']];

const once = (target: EventTarget, type: string) => new Promise<void>((resolve) => target.addEventListener(type, () => resolve(), { once: true }));

async function openVideo(url: string, name: string): Promise<HTMLVideoElement> {
  const video = Object.assign(document.createElement('video'), { muted: true, preload: 'auto', src: url });
  await Promise.race([once(video, 'loadeddata'), once(video, 'error').then(() => Promise.reject(new Error(`this browser cannot play ${name}`)))]);
  // A WebM recorded by MediaRecorder names no duration: seeking past the end makes the browser find it.
  if (!Number.isFinite(video.duration)) {
    video.currentTime = Number.MAX_SAFE_INTEGER;
    await once(video, 'seeked');
  }
  if (!Number.isFinite(video.duration)) throw new Error(`this browser cannot tell how long ${name} is`);
  return video;
}

/** MediaRecorder on a canvas that sends a frame only when asked (requestFrame). */
function startRecording(canvas: HTMLCanvasElement): { codec: string; addFrame(): void; stop(): Promise<Blob> } {
  const [mimeType, codec] = WEBM_TYPES.find(([t]) => MediaRecorder.isTypeSupported(t)) ?? [];
  if (!mimeType || !codec) throw new Error('this browser can neither encode video with WebCodecs nor record WebM with MediaRecorder');
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  const recorder = new MediaRecorder(stream, { mimeType });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  recorder.start();
  return {
    codec,
    addFrame: () => track?.requestFrame(),
    async stop() {
      const stopped = once(recorder, 'stop');
      recorder.stop();
      await stopped;
      stream.getTracks().forEach((t) => t.stop());
      return new Blob(chunks, { type: 'video/webm' });
    },
  };
}

/** Has the engine detect the video's current frame and draws it with its boxes; the number of boxes. */
async function drawAnnotated(engine: Engine, video: HTMLVideoElement, ctx: CanvasRenderingContext2D): Promise<number> {
  const { width, height } = ctx.canvas;
  // This frame's own result (the engine's latest could be another frame's).
  const result = (await engine.detect('still', await createImageBitmap(video)))?.main;
  ctx.drawImage(video, 0, 0, width, height);
  if (result) drawDetections(ctx, result, width, height, width);
  return result?.detections.length ?? 0;
}

export function recordAnnotatedVideo(engine: Engine, file: File, stride: number, onProgress: ExportProgress): VideoExportJob {
  let cancelled = false;
  const done = (async (): Promise<ExportedVideo | null> => {
    const url = URL.createObjectURL(file);
    try {
      const video = await openVideo(url, file.name);
      const [width, height] = [video.videoWidth, video.videoHeight];
      const canvas = Object.assign(document.createElement('canvas'), { width, height });
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('this browser has no 2D canvas to draw the frames on');
      const recording = startRecording(canvas);
      const times = keptFrameTimes(video.duration, stride);
      let boxes = 0;
      for (const [i, t] of times.entries()) {
        if (cancelled) break;
        video.currentTime = t;
        await once(video, 'seeked');
        boxes += await drawAnnotated(engine, video, ctx);
        recording.addFrame();
        // MediaRecorder stamps frames with the wall clock: hold each for its share of the clip.
        await new Promise((r) => setTimeout(r, (1000 * stride) / ASSUMED_FPS));
        onProgress((i + 1) / times.length, i + 1);
      }
      const webm = await recording.stop();
      if (cancelled) return null;
      return { bytes: await webm.arrayBuffer(), mimeType: 'video/webm', extension: 'webm', codec: recording.codec, frames: times.length, boxes, width, height };
    } finally {
      URL.revokeObjectURL(url);
    }
  })();
  return { done, cancel: () => void (cancelled = true) };
}
