/**
 * The files the soak opens, good and bad. Photos and checkpoints are read
 * from the repository (public/samples, test/fixtures); the bad ones are cut
 * from the good ones at run time; the video is recorded in the browser once
 * per run (Chromium's own VP8 encoder, as test/browser/app-sources.test.ts
 * does), so nothing binary is added to the repository.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export interface InputFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface SoakInputs {
  /** JPEGs and PNGs of several shapes (each a new letterbox shape at some input sizes). */
  goodImages: InputFile[];
  /** Files named and typed as images that no decoder accepts. */
  badImages: InputFile[];
  goodVideo: InputFile;
  /** The first 3 KB of the good video: a header and no playable frame. */
  badVideo: InputFile;
  /** Small whole-model YOLOv5 checkpoints (test/fixtures/checkpoints). */
  goodModels: InputFile[];
  /** A checkpoint cut in half: a zip without its central directory. */
  badModels: InputFile[];
}

function file(repo: string, rel: string, mimeType: string): InputFile {
  return { name: path.basename(rel), mimeType, buffer: readFileSync(path.join(repo, rel)) };
}

export async function loadInputs(repo: string, page: Page): Promise<SoakInputs> {
  const samples = ['000000000885.jpg', '000000001000.jpg', '000000002153.jpg', '000000000785.jpg'].map((f) => file(repo, `public/samples/${f}`, 'image/jpeg'));
  const photos = ['tall_crop.png', 'wide_crop.png'].map((f) => file(repo, `test/fixtures/detect/photos/${f}`, 'image/png'));
  const jpeg = samples[0];
  if (!jpeg) throw new Error('no sample photo');
  const goodModels = ['yolov5n_tiny.pt', 'c3akconv_tiny.pt'].map((f) => file(repo, `test/fixtures/checkpoints/${f}`, 'application/octet-stream'));
  const firstModel = goodModels[0];
  if (!firstModel) throw new Error('no checkpoint');
  const video = await recordVideo(page);
  return {
    goodImages: [...samples, ...photos],
    badImages: [
      { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: jpeg.buffer.subarray(0, 600) },
      { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not a PNG, only text with a .png name\n') },
    ],
    goodVideo: { name: 'pan.webm', mimeType: 'video/webm', buffer: video },
    badVideo: { name: 'cut.webm', mimeType: 'video/webm', buffer: video.subarray(0, 3 * 1024) },
    goodModels,
    badModels: [{ name: 'truncated.pt', mimeType: 'application/octet-stream', buffer: firstModel.buffer.subarray(0, Math.floor(firstModel.buffer.length / 2)) }],
  };
}

/** About 8 s (long enough to be still playing a few actions later) of a bundled photo panning sideways, as VP8 WebM at 15 fps (320x240). */
const RECORD_VIDEO = String.raw`(async () => {
  const img = new Image();
  img.src = 'samples/000000000885.jpg';
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const ctx = canvas.getContext('2d');
  const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8' });
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const done = new Promise((r) => (recorder.onstop = r));
  let started = false;
  recorder.onstart = () => (started = true);
  recorder.start();
  // Frames drawn before the recorder starts are lost: count only those after its start event.
  for (let i = 0, after = 0; after < 120; i++) {
    ctx.drawImage(img, -(i % 60), 0, 380, 240);
    await new Promise((r) => setTimeout(r, 66));
    if (started) after++;
    else if (i > 200) throw new Error('MediaRecorder never started');
  }
  recorder.stop();
  await done;
  const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
})()`;

async function recordVideo(page: Page): Promise<Buffer> {
  const b64 = (await page.evaluate(RECORD_VIDEO)) as string;
  return Buffer.from(b64, 'base64');
}
