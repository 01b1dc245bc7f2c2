/**
 * An annotated copy of a video file, as detect.py saves one: every
 * stride-th frame (`--vid-stride`) is decoded, detected, drawn with the
 * CLI's annotator (mask-overlay.ts, then annotate.ts) and encoded. WebCodecs decodes and encodes;
 * mediabunny demuxes the input (MP4, WebM, ...) and muxes the output: MP4
 * with H.264 where this browser encodes it, else WebM with VP9 or VP8.
 */
import type { InputVideoTrack, VideoCodec } from 'mediabunny';
import { ALL_FORMATS, BlobSource, BufferTarget, CanvasSource, getFirstEncodableVideoCodec, Input, Mp4OutputFormat, Output, QUALITY_HIGH, VideoSampleSink, WebMOutputFormat } from 'mediabunny';
import { annotate, detectionBoxes } from '../detect/annotate';
import type { ImageDetection } from '../detect/detector';
import type { LetterboxPlacement } from '../detect/mask-overlay';
import { imageMasks, paintMasks } from '../detect/mask-overlay';
import type { RgbImage } from '../io/image';
import { rgbaToRgb } from '../io/image';
import type { ExportedVideo } from './protocol';

/** One frame's detections and the class names that label them (null: no model is loaded). */
export type DetectImage = (image: RgbImage) => Promise<{ detections: readonly ImageDetection[]; names: readonly string[]; letterbox: LetterboxPlacement } | null>;

export interface VideoExportOptions {
  /** Keep one frame in `stride` (detect.py's --vid-stride). */
  stride: number;
  onProgress(fraction: number, frames: number): void;
  signal: AbortSignal;
}

/** Thrown when the export was cancelled: not a failure to report. */
export class ExportCancelled extends Error {
  constructor() {
    super('the video export was cancelled');
  }
}

/** Codecs in order of preference; H.264 goes into MP4, the VP codecs into WebM. */
const CODECS: VideoCodec[] = ['avc', 'vp9', 'vp8'];

/** Whether this thread has what the export needs (else the page records with MediaRecorder). */
export function hasWebCodecs(): boolean {
  return typeof VideoDecoder !== 'undefined' && typeof VideoEncoder !== 'undefined';
}

function canvas2d(width: number, height: number): { canvas: OffscreenCanvas | HTMLCanvasElement; ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D } {
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new Error('this browser has no 2D canvas to draw the frames on');
  return { canvas, ctx };
}

function rgbToImageData(image: RgbImage): ImageData {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgba[i] = image.data[j]!;
    rgba[i + 1] = image.data[j + 1]!;
    rgba[i + 2] = image.data[j + 2]!;
    rgba[i + 3] = 255;
  }
  return new ImageData(rgba, image.width, image.height);
}

async function videoTrack(input: Input, name: string): Promise<InputVideoTrack> {
  let track: InputVideoTrack | null;
  try {
    track = await input.getPrimaryVideoTrack();
  } catch {
    throw new Error(`${name} is not a video file this app can read (MP4, WebM, MOV, MKV)`);
  }
  if (!track) throw new Error(`${name} has no video track`);
  if (!(await track.canDecode())) throw new Error(`this browser cannot decode ${name}'s video (${track.codec ?? 'unknown codec'})`);
  return track;
}

/** Detects the frame drawn on `ctx` and draws its masks and boxes over it; the number of boxes. */
async function annotateCanvas(ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, width: number, height: number, detect: DetectImage, signal: AbortSignal): Promise<number> {
  const image = rgbaToRgb(width, height, ctx.getImageData(0, 0, width, height).data);
  const found = await detect(image);
  if (!found) throw new Error('no model is loaded to detect with');
  if (signal.aborted) throw new ExportCancelled();
  const masked = paintMasks(image, imageMasks(found.detections, found.letterbox, width, height));
  ctx.putImageData(rgbToImageData(annotate(masked, detectionBoxes(found.detections, found.names))), 0, 0);
  return found.detections.length;
}

/** The encoder's output: MP4 for H.264, WebM for the VP codecs. */
function makeOutput(codec: VideoCodec): { output: Output; target: BufferTarget } {
  const target = new BufferTarget();
  return { output: new Output({ format: codec === 'avc' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(), target }), target };
}

export async function exportAnnotatedVideo(file: Blob, name: string, detect: DetectImage, o: VideoExportOptions): Promise<ExportedVideo> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  let output: Output | null = null;
  try {
    const track = await videoTrack(input, name);
    const width = track.displayWidth;
    const height = track.displayHeight;
    const codec = await getFirstEncodableVideoCodec(CODECS, { width, height });
    if (!codec) throw new Error(`this browser can encode none of H.264, VP9 and VP8 at ${width}x${height}`);
    const made = makeOutput(codec);
    output = made.output;
    const { canvas, ctx } = canvas2d(width, height);
    const source = new CanvasSource(canvas, { codec, quality: QUALITY_HIGH });
    output.addVideoTrack(source);
    await output.start();
    const duration = (await track.computeDuration()) || 1;
    let index = 0;
    let frames = 0;
    let boxes = 0;
    for await (const sample of new VideoSampleSink(track).samples()) {
      try {
        if (o.signal.aborted) throw new ExportCancelled();
        if (index++ % o.stride !== 0) continue;
        sample.draw(ctx, 0, 0, width, height);
        boxes += await annotateCanvas(ctx, width, height, detect, o.signal);
        // A kept frame lasts until the next kept one, so the clip keeps its length.
        await source.add(sample.timestamp, sample.duration * o.stride);
        o.onProgress(Math.min(1, (sample.timestamp + sample.duration) / duration), ++frames);
      } finally {
        sample.close();
      }
    }
    if (!frames) throw new Error(`${name} has no frames to export`);
    await output.finalize();
    if (!made.target.buffer) throw new Error('the encoder gave no file');
    const mp4 = codec === 'avc';
    return { bytes: made.target.buffer, mimeType: mp4 ? 'video/mp4' : 'video/webm', extension: mp4 ? 'mp4' : 'webm', codec, frames, boxes, width, height };
  } catch (e) {
    // Cancelled or failed: stop the encoder and drop what it wrote.
    if (output && output.state !== 'finalized' && output.state !== 'canceled') await output.cancel().catch(() => undefined);
    throw e;
  } finally {
    input.dispose();
  }
}
