/** Test videos the app tests make in the page, with Chromium's own encoder (no video file is committed). */
import type { Page } from 'playwright-core';

/**
 * A WebM (VP8, 320x240, about 15 fps) made by Chromium's own encoder from a
 * bundled photo that pans sideways: `frames` frames (30: 2 s; the soak's 120:
 * 8 s, still playing a few actions later).
 */
export async function recordWebm(page: Page, frames = 30): Promise<Buffer> {
  const b64 = await page.evaluate(async (frames) => {
    const img = new Image();
    img.src = 'samples/000000000885.jpg';
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const ctx = canvas.getContext('2d')!;
    const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise((r) => (recorder.onstop = r));
    // Frames drawn before the recorder has started are not recorded, and it starts only once
    // frames come: draw until `frames` were drawn after its start event.
    let started = false;
    recorder.onstart = () => (started = true);
    recorder.start();
    for (let i = 0, after = 0; after < frames; i++) {
      ctx.drawImage(img, -(i % 30) * 2, 0, 360, 240);
      await new Promise((r) => setTimeout(r, 66));
      if (started) after++;
      else if (i > 150) throw new Error('MediaRecorder never started');
    }
    recorder.stop();
    await done;
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, frames);
  return Buffer.from(b64, 'base64');
}
