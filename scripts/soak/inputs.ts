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
import { recordWebm } from '../../test/browser/recorded-video';

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
  // About 8 s: long enough to be still playing a few actions later.
  const video = await recordWebm(page, 120);
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

