/** The annotated video export (src/runtime/video-export.ts) on a made-up clip, with a stand-in detector. */
import { ALL_FORMATS, BlobSource, BufferTarget, CanvasSource, Input, Output, VideoSampleSink, WebMOutputFormat } from 'mediabunny';
import type { DetectImage } from '../../../src/runtime/video-export';
import { exportAnnotatedVideo } from '../../../src/runtime/video-export';

const WIDTH = 96;
const HEIGHT = 64;
const GREY = 120;

/** A short VP8 WebM of a plain grey frame. */
async function greyClip(frames: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = `rgb(${GREY}, ${GREY}, ${GREY})`;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  const target = new BufferTarget();
  const output = new Output({ format: new WebMOutputFormat(), target });
  const source = new CanvasSource(canvas, { codec: 'vp8', bitrate: 2e6 });
  output.addVideoTrack(source);
  await output.start();
  for (let i = 0; i < frames; i++) await source.add(i / 10, 1 / 10);
  await output.finalize();
  return new Blob([target.buffer!], { type: 'video/webm' });
}

/** One detection of class `classId` whose mask is the frame's left half (at the frame's size: no letterbox). */
function halfFrameDetector(classId: number, withMask: boolean): DetectImage {
  return async (image) => {
    const data = new Uint8Array(image.width * image.height);
    for (let y = 0; y < image.height; y++) data.fill(1, y * image.width, y * image.width + image.width / 2);
    const mask = { width: image.width, height: image.height, data };
    return {
      detections: [{ box: [2, 2, image.width - 3, image.height - 3], score: 0.9, classId, ...(withMask ? { mask } : {}) }],
      names: ['person'],
      letterbox: { pad: [0, 0], resized: [image.width, image.height] },
    };
  };
}

/** The first frame of the exported file, decoded: the pixel in the middle of the left and of the right half. */
export async function exportedMiddlePixels(arg: { withMask: boolean }): Promise<{ frames: number; left: number[]; right: number[]; grey: number }> {
  const clip = await greyClip(4);
  const exported = await exportAnnotatedVideo(clip, 'grey.webm', halfFrameDetector(0, arg.withMask), { stride: 1, onProgress: () => undefined, signal: new AbortController().signal });
  const input = new Input({ source: new BlobSource(new Blob([exported.bytes], { type: exported.mimeType })), formats: ALL_FORMATS });
  const track = (await input.getPrimaryVideoTrack())!;
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const ctx = canvas.getContext('2d')!;
  for await (const sample of new VideoSampleSink(track).samples()) {
    sample.draw(ctx, 0, 0, WIDTH, HEIGHT);
    sample.close();
    break;
  }
  input.dispose();
  const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)];
  return { frames: exported.frames, left: at(WIDTH / 4, HEIGHT / 2), right: at((3 * WIDTH) / 4, HEIGHT / 2), grey: GREY };
}
