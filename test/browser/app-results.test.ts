/**
 * Results out of the app (the detection panel's Save group and the video
 * export), read back as a user would get them: each download's file, and
 * the clipboard.
 */
import { readFileSync } from 'node:fs';
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { AppDebug as Debug } from './use-app';
import { modelReady, useApp } from './use-app';

/** Chooses a format in the Save group and clicks Download; the file's bytes. */
async function saveAs(page: Page, format: string): Promise<Buffer> {
  await page.getByLabel('Result format').selectOption(format);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-results').getByRole('button', { name: 'Download' }).click()]);
  return readFileSync((await download.path())!);
}

/** A tiny WebM (VP8, 160 x 96) recorded by Chromium from a photo that pans, one frame per requestFrame. */
async function recordClip(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const img = new Image();
    img.src = 'samples/000000000885.jpg';
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: 160, height: 96 });
    const ctx = canvas.getContext('2d')!;
    const stream = canvas.captureStream(0);
    const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise((r) => (recorder.onstop = r));
    // Frames drawn before the recorder has started are not recorded, and it starts only once
    // frames come: draw until 7 were drawn after its start event.
    let started = false;
    recorder.onstart = () => (started = true);
    recorder.start();
    for (let i = 0, after = 0; after < 7; i++) {
      ctx.drawImage(img, -(i % 10) * 4, 0, 200, 120);
      track.requestFrame();
      await new Promise((r) => setTimeout(r, 70));
      if (started) after++;
      else if (i > 150) throw new Error('MediaRecorder never started');
    }
    recorder.stop();
    await done;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

/** A video file's encoded frames and decoder config, read by mediabunny (in Node). */
async function packetsOf(bytes: Buffer) {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  const track = (await input.getPrimaryVideoTrack())!;
  const config = (await track.getDecoderConfig())!;
  const packets: { data: number[]; timestamp: number; key: boolean }[] = [];
  for await (const p of new EncodedPacketSink(track).packets()) packets.push({ data: [...p.data], timestamp: Math.round(p.timestamp * 1e6), key: p.type === 'key' });
  const d = config.description;
  const description = d ? [...(ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d))] : null;
  return { mime: await input.getMimeType(), width: track.displayWidth, height: track.displayHeight, config: { codec: config.codec, codedWidth: config.codedWidth, codedHeight: config.codedHeight, description }, packets };
}

/** Frames Chromium's own VideoDecoder gets out of the packets. */
function decodeInPage(page: Page, video: Awaited<ReturnType<typeof packetsOf>>): Promise<number> {
  return page.evaluate(async ({ config, packets }) => {
    let frames = 0;
    let failed: DOMException | null = null;
    const decoder = new VideoDecoder({ output: (f) => void (frames++, f.close()), error: (e) => void (failed = e) });
    decoder.configure({ codec: config.codec, ...(config.codedWidth ? { codedWidth: config.codedWidth, codedHeight: config.codedHeight } : {}), ...(config.description ? { description: new Uint8Array(config.description) } : {}) });
    for (const p of packets) decoder.decode(new EncodedVideoChunk({ type: p.key ? 'key' : 'delta', timestamp: p.timestamp, data: new Uint8Array(p.data) }));
    await decoder.flush();
    decoder.close();
    if (failed) throw failed;
    return frames;
  }, video);
}

describe('saving results', () => {
  const app = useApp();

  it('downloads and copies the frame and its detections; exports an annotated video with a stride, and by MediaRecorder without WebCodecs', { timeout: 500_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&size=160&panels=detect');
    await modelReady(page, /YOLOv5n/);
    const list = page.locator('[data-testid=detections] li');
    await list.first().waitFor({ timeout: 120_000 });
    const shown = await list.allTextContents();

    // The PNG: the frame as drawn, at the photo's own size.
    const png = PNG.sync.read(await saveAs(page, 'png'));
    const photo = await page.evaluate(async () => {
      const b = await createImageBitmap(await (await fetch('samples/000000000885.jpg')).blob());
      return [b.width, b.height];
    });
    expect([png.width, png.height]).toEqual(photo);

    // JSON: akconv predict --json, the same detections as the list.
    const jsonText = (await saveAs(page, 'json')).toString();
    const [entry] = JSON.parse(jsonText) as { image: string; width: number; height: number; detections: { box: number[]; conf: number; name: string; class: number }[] }[];
    expect([entry!.width, entry!.height]).toEqual(photo);
    expect(entry!.detections.map((d) => `${d.name} ${d.conf.toFixed(2)} [${d.box.map((v) => Math.round(v)).join(', ')}]`)).toEqual(shown);

    // YOLO txt: lowest confidence first, normalised xywh that give back the boxes.
    const lines = (await saveAs(page, 'txt')).toString().trimEnd().split('\n');
    const boxes = lines.map((l) => {
      const v = l.split(' ').map(Number);
      expect(v).toHaveLength(6);
      const [c = 0, x = 0, y = 0, w = 0, h = 0] = v;
      return [c, (x - w / 2) * photo[0]!, (y - h / 2) * photo[1]!, (x + w / 2) * photo[0]!, (y + h / 2) * photo[1]!];
    });
    const drawn = [...entry!.detections].reverse();
    expect(boxes).toHaveLength(drawn.length);
    boxes.forEach((b, i) => {
      expect(b[0]).toBe(drawn[i]!.class);
      b.slice(1).forEach((v, k) => expect(Math.abs(v - drawn[i]!.box[k]!)).toBeLessThan(0.05));
    });

    // COCO results: val.py's fields, the photo's id, one entry per detection.
    const coco = JSON.parse((await saveAs(page, 'coco')).toString()) as Record<string, unknown>[];
    expect(coco).toHaveLength(drawn.length);
    for (const r of coco) {
      expect(Object.keys(r).sort()).toEqual(['bbox', 'category_id', 'image_id', 'score']);
      expect(r['image_id']).toBe(885);
      expect(r['bbox']).toHaveLength(4);
    }

    // The clipboard: the text formats as text, the PNG as an image.
    await page.getByLabel('Result format').selectOption('json');
    await page.getByTestId('save-results').getByRole('button', { name: 'Copy' }).click();
    await page.waitForFunction((t) => navigator.clipboard.readText().then((c) => c === t), jsonText, { timeout: 10_000 });
    await page.getByLabel('Result format').selectOption('png');
    await page.getByTestId('save-results').getByRole('button', { name: 'Copy' }).click();
    await page.waitForFunction(() => navigator.clipboard.read().then((items) => items.some((i) => i.types.includes('image/png'))), undefined, { timeout: 10_000 });

    // The video export: every second frame of a short clip, detected, drawn and encoded in the engine's worker.
    const clip = await recordClip(page);
    const clipFrames = (await packetsOf(clip)).packets.length;
    expect(clipFrames).toBeGreaterThanOrEqual(5);
    await page.setInputFiles('[data-testid=image-input]', { name: 'clip.webm', mimeType: 'video/webm', buffer: clip });
    const exporter = page.locator('[data-testid=export-video]');
    await exporter.waitFor({ timeout: 60_000 });
    await exporter.getByLabel('Frame stride').fill('2');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), exporter.getByRole('button', { name: 'Export annotated video' }).click()]);
    const exported = await packetsOf(readFileSync((await download.path())!));
    const expected = Math.ceil(clipFrames / 2);
    expect(exported.packets).toHaveLength(expected);
    expect([exported.width, exported.height]).toEqual([160, 96]);
    expect(await decodeInPage(page, exported)).toBe(expected);
    const said = await exporter.getByTestId('export-done').textContent();
    expect(said).toContain(`${expected} frames with`);
    // The clip is the tennis photo: the export found and drew its player.
    expect(Number(said?.match(/with (\d+) box/)?.[1])).toBeGreaterThan(0);
    expect(said).toMatch(download.suggestedFilename().endsWith('.mp4') ? /MP4 \(H\.264\)/ : /WEBM \(VP[89]\)/);

    // A stride that is not one is refused with the reason; a cancelled export saves nothing and frees its frames.
    await exporter.getByLabel('Frame stride').fill('0');
    await exporter.getByRole('button', { name: 'Export annotated video' }).click();
    await page.locator('[data-testid=notice-error]', { hasText: 'The frame stride must be a whole number from 1 to 30' }).waitFor({ timeout: 10_000 });
    await exporter.getByLabel('Frame stride').fill('1');
    const tensors = await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.engine().numTensors);
    let downloads = 0;
    page.on('download', () => downloads++);
    // Cancel as soon as the button shows (a click from here could come after the 7 frames are done).
    await page.evaluate(async () => {
      const group = document.querySelector('[data-testid=export-video]')!;
      const button = (text: string) => [...group.querySelectorAll('button')].find((b) => b.textContent === text);
      const cancelled = new Promise<void>((resolve) => {
        const watch = new MutationObserver(() => {
          const cancel = button('Cancel export');
          if (!cancel) return;
          watch.disconnect();
          cancel.click();
          resolve();
        });
        watch.observe(group, { childList: true, subtree: true });
      });
      button('Export annotated video')!.click();
      await cancelled;
    });
    await exporter.getByTestId('export-done').filter({ hasText: 'Export cancelled.' }).waitFor({ timeout: 60_000 });
    expect(downloads).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.engine().numTensors)).toBe(tensors);
    await exporter.getByLabel('Frame stride').fill('2');

    // Without WebCodecs the page records the export with MediaRecorder: a WebM that Chromium decodes.
    await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      g['__encoder'] = g['VideoEncoder'];
      delete g['VideoEncoder'];
    });
    const [recorded] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), exporter.getByRole('button', { name: 'Export annotated video' }).click()]);
    await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      g['VideoEncoder'] = g['__encoder'];
    });
    expect(recorded.suggestedFilename()).toBe('clip_annotated.webm');
    const webm = await packetsOf(readFileSync((await recorded.path())!));
    expect(webm.mime).toMatch(/^video\/webm/);
    expect(webm.packets.length).toBeGreaterThanOrEqual(1);
    expect(await decodeInPage(page, webm)).toBe(webm.packets.length);
    await page.close();
  });

  it('the engine on the page (engine=main) exports too', { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&size=96&panels=detect&engine=main');
    await modelReady(page, /YOLOv5n/);
    const clip = await recordClip(page);
    const clipFrames = (await packetsOf(clip)).packets.length;
    await page.setInputFiles('[data-testid=image-input]', { name: 'clip.webm', mimeType: 'video/webm', buffer: clip });
    const exporter = page.locator('[data-testid=export-video]');
    await exporter.getByLabel('Frame stride').fill('3');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), exporter.getByRole('button', { name: 'Export annotated video' }).click()]);
    const exported = await packetsOf(readFileSync((await download.path())!));
    expect(exported.packets).toHaveLength(Math.ceil(clipFrames / 3));
    expect(await decodeInPage(page, exported)).toBe(exported.packets.length);
    await page.close();
  });
});
