/**
 * The viewer (src/ui/viewer) in the built app: every source failure is one
 * sentence and a clean state, a stopped or replaced camera leaves no track
 * live, nothing moves under the pointer on Stop, and an embedded panel gets
 * its frames without a hidden detection panel.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { recordWebm } from './recorded-video';
import type { AppDebug } from './use-app';
import { frameDetected, modelReady, useApp } from './use-app';

const viewer = (page: Page) => page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.viewer());
const settings = (page: Page) => page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.state().settings);
/** Videos on the page that are playing (a hidden one playing is a leak). */
const playing = (page: Page) => page.evaluate(() => [...document.querySelectorAll('video')].filter((v) => !v.paused).length);

/** Records every camera track the page opens, so a test can ask whether one is still live. */
const TRACK_CAMERA = `
  window.__tracks = [];
  const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => { const s = await open(c); window.__tracks.push(...s.getTracks()); return s; };`;
const liveTracks = (page: Page) => page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.filter((t) => t.readyState === 'live').length);

const DENY_CAMERA = `navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));`;

const BASE = '?backend=wasm&model=yolov5n&size=160&panels=detect';

describe('the viewer in the built app', () => {
  const app = useApp();

  it('an unplayable video is refused in one sentence; the photo, its boxes and the link stay', { timeout: 300_000 }, async () => {
    const page = await app().open(BASE);
    await modelReady(page, /YOLOv5n/);
    await frameDetected(page, 1);
    const cut = (await recordWebm(page)).subarray(0, 3000);
    const before = await viewer(page);
    await page.setInputFiles('[data-testid=image-input]', { name: 'cut.webm', mimeType: 'video/webm', buffer: cut });
    const notice = page.locator('[data-testid=notice-error]', { hasText: 'cut.webm' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.locator('span').textContent()).toMatch(/^cut\.webm: [^.]*; try WebM \(VP8\/VP9\) or MP4 \(H\.264\)\.$/);
    expect(await viewer(page)).toMatchObject({ live: 'none', fileName: null, frameId: before.frameId, detected: before.detected });
    expect((await settings(page))['source']).toBe('sample');
    expect(await playing(page)).toBe(0);
    expect(await page.locator('[data-testid=file-name]').count()).toBe(0);
    await page.close();
  });

  it('a link naming a sample photo the app does not have opens the first one and says so', { timeout: 300_000 }, async () => {
    const page = await app().open(`${BASE}&sample=9`);
    await page.locator('[data-testid=notice-warning]', { hasText: 'sample=9' }).waitFor({ timeout: 30_000 });
    await frameDetected(page, 1);
    expect(await page.locator('select[aria-label="Sample photo"] option:checked').textContent()).toBe('Tennis');
    expect(await page.evaluate(() => location.search)).not.toContain('sample=9');
    await page.close();
  });

  it('a denied camera from a link goes back to the sample photo, and the link says so', { timeout: 300_000 }, async () => {
    const page = await app().open(`${BASE}&src=webcam`, undefined, DENY_CAMERA);
    const notice = page.locator('[data-testid=notice-error]');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('Camera access was denied; photos and videos still work.');
    await frameDetected(page, 1);
    expect((await settings(page))['source']).toBe('sample');
    expect(await page.evaluate(() => location.search)).not.toContain('src=webcam');
    expect(await page.locator('select[aria-label="Sample photo"] option:checked').textContent()).toBe('Tennis');
    await page.close();
  });

  it('Stop camera keeps the last frame, stops every track and moves nothing under the pointer', { timeout: 300_000 }, async () => {
    const page = await app().open(`${BASE}&src=webcam`, undefined, TRACK_CAMERA);
    await page.waitForFunction(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.viewer().live === 'webcam', undefined, { timeout: 60_000 });
    await frameDetected(page, 0);
    const stop = page.getByRole('button', { name: 'Stop camera' });
    const [button, frame] = [await stop.boundingBox(), await page.locator('[data-testid=main-canvas]').boundingBox()];
    await stop.click();
    await page.waitForFunction(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.viewer().fileName === 'last camera frame', undefined, { timeout: 60_000 });
    const start = page.getByRole('button', { name: 'Start camera' });
    expect(await start.boundingBox()).toMatchObject({ x: button!.x, y: button!.y });
    expect(await page.locator('[data-testid=main-canvas]').boundingBox()).toEqual(frame);
    expect(await liveTracks(page)).toBe(0);
    expect((await settings(page))['source']).toBe('image');
    await page.close();
  });

  it('an image opened while the camera runs stops the camera', { timeout: 300_000 }, async () => {
    const page = await app().open(`${BASE}&src=webcam`, undefined, TRACK_CAMERA);
    await page.waitForFunction(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.viewer().live === 'webcam', undefined, { timeout: 60_000 });
    expect(await liveTracks(page)).toBe(1);
    const jpeg = await page.evaluate(async () => {
      const bytes = new Uint8Array(await (await fetch('samples/000000001000.jpg')).arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    });
    await page.setInputFiles('[data-testid=image-input]', { name: 'group.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') });
    await page.waitForFunction(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.viewer().fileName === 'group.jpg', undefined, { timeout: 60_000 });
    expect(await liveTracks(page)).toBe(0);
    expect(await playing(page)).toBe(0);
    expect(await page.getByRole('button', { name: 'Start camera' }).count()).toBe(1);
    await page.close();
  });

  it('an embedded offsets panel computes on the frames without a hidden detection panel', { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&size=160&embed=offsets');
    await frameDetected(page, 0);
    await page.waitForFunction(() => !!(globalThis as unknown as { __akconv: { engine(): { latest: { field: unknown } | null } } }).__akconv.engine().latest?.field, undefined, { timeout: 60_000 });
    expect(await page.locator('.detect-panel').count()).toBe(0);
    expect(await page.locator('[data-testid=main-canvas]').count()).toBe(0);
    await page.close();
  });
});
