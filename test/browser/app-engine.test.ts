/**
 * The engine in the real app build: the camera's life cycle, the offsets
 * panel fed by the detection pass, labels, the status line's FPS and the auto
 * backend. The worker's tensors over a webcam run are app.test.ts's (200
 * frames; this file's 1000-frame run of the same path and check was dropped).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AppDebug as Debug } from './use-app';
import { framesAbove, modelReady, useApp } from './use-app';

const engine = (page: Page) => page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.engine());

/** Records every camera track the page is given (runs before the app). */
const TRACK_TRACKS = `
  window.__tracks = [];
  window.__cameraRequests = 0;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    window.__cameraRequests++;
    try {
      const stream = await original(constraints);
      window.__tracks.push(...stream.getTracks());
      return stream;
    } finally {
      window.__cameraRequests--;
    }
  };`;

/** True once no camera request is pending and every track given out has ended. */
const cameraClosed = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __tracks: MediaStreamTrack[]; __cameraRequests: number };
    return w.__cameraRequests === 0 && w.__tracks.every((t) => t.readyState !== 'live');
  });

const liveTracks = (page: Page) => page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.filter((t) => t.readyState === 'live').length);
const openedTracks = (page: Page) => page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.length);

describe('the engine in the app', () => {
  const app = useApp();

  it('leaves no camera track live after Stop, whatever start / stop / panel toggles / source switches came before', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=yolov5n&backend=wasm&size=64&panels=detect', undefined, TRACK_TRACKS);
    await modelReady(page, /YOLOv5n/);
    const detection = page.getByRole('checkbox', { name: 'Detection' });
    const start = page.locator('button', { hasText: 'Start camera' });
    const stop = page.locator('button', { hasText: 'Stop camera' });

    // Start, untick and tick the panel (it comes back with the camera), then Stop.
    await start.click();
    await stop.waitFor();
    await detection.uncheck();
    await detection.check();
    await stop.waitFor();
    await stop.click();
    await start.waitFor();
    await expect.poll(() => cameraClosed(page), { timeout: 10_000 }).toBe(true);

    // Quick toggles and clicks without waiting for the camera in between.
    await start.click();
    for (let i = 0; i < 6; i++) await detection.click();
    // The panel comes back with the camera if it had started, and a slow start may still be on
    // its way: Stop whenever the button shows, until no request is pending and no track is live.
    // A track left live with no Stop button to end it keeps this false, and fails.
    await expect
      .poll(
        async () => {
          if (await stop.isVisible()) await stop.click();
          return cameraClosed(page);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);

    // Camera, then a sample photo, then the camera and Stop.
    await start.click();
    await stop.waitFor();
    await page.selectOption('select[aria-label="Sample photo"]', '1');
    await expect.poll(() => cameraClosed(page), { timeout: 10_000 }).toBe(true);
    await start.click();
    await stop.click();
    await expect.poll(() => cameraClosed(page), { timeout: 10_000 }).toBe(true);
    console.log(`camera tracks opened: ${await openedTracks(page)}, live at the end: ${await liveTracks(page)}`);
    expect(await openedTracks(page)).toBeGreaterThanOrEqual(4);
    await page.close();
  });

  it('the offsets panel follows the webcam frames, from the detection pass itself (one forward per frame)', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-ij&backend=wasm&size=320&panels=detect,offsets');
    await modelReady(page, /C3_AKConv \(ij\)/);
    const stats = page.locator('.offsets-stats');
    // The sample photo (landscape, letterboxed to 224 x 320 or so): its map is not 8 x 10.
    await stats.filter({ hasText: /over \d+ × \d+ output pixels/ }).waitFor({ timeout: 120_000 });
    const photo = await stats.textContent();
    expect(photo).not.toMatch(/over 8 × 10 /);
    await page.click('text=Start camera');
    // The fake camera is 640 x 480: 256 x 320 at size 320, so an 8 x 10 map at stride 32.
    await stats.filter({ hasText: 'over 8 × 10 output pixels' }).waitFor({ timeout: 120_000 });
    const before = await engine(page);
    await framesAbove(page, before.frames + 20);
    const after = await engine(page);
    expect(await page.locator('button', { hasText: 'Stop camera' }).isVisible()).toBe(true);
    console.log(`offsets panel open: ${after.frames - before.frames} frames, ${after.forwardCount - before.forwardCount} forward passes`);
    expect(after.forwardCount - before.forwardCount).toBe(after.frames - before.frames);
    await page.click('text=Stop camera');
    await page.close();
  });

  it('labels boxes with class names on every fresh load of a sample photo', { timeout: 600_000 }, async () => {
    for (let load = 0; load < 20; load++) {
      const page = await app().open('?model=yolov5n&backend=wasm&size=160&panels=detect');
      await page.locator('ol[data-testid=detections] li').first().waitFor({ timeout: 120_000 });
      const names = await page.locator('ol[data-testid=detections] li .name').allTextContents();
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name, `load ${load}`).toMatch(/^[a-z][a-z ]*$/);
      await page.close();
    }
  });

  it('shows no FPS before the first detection, and none carried over a backend switch', { timeout: 400_000 }, async () => {
    // Every status-line state the page ever shows, recorded in the page.
    const record = `
      window.__states = [];
      new MutationObserver(() => {
        const q = (id) => document.querySelector('[data-testid=' + id + ']')?.textContent ?? null;
        const s = { backend: q('backend'), fps: q('fps'), frames: q('frame-count'), latency: q('latency') };
        const last = window.__states.at(-1);
        if (!last || JSON.stringify(last) !== JSON.stringify(s)) window.__states.push(s);
      }).observe(document, { subtree: true, childList: true, characterData: true });`;
    const page = await app().open('?model=yolov5n&backend=wasm&size=64&panels=detect&src=webcam', undefined, record);
    await modelReady(page, /YOLOv5n/);
    await framesAbove(page, 10);
    await page.waitForFunction(() => document.querySelector('[data-testid=fps]')?.textContent !== '—');
    await page.selectOption('header label:has-text("Backend") select', 'webgl');
    await page.waitForFunction(() => document.querySelector('[data-testid=backend]')?.textContent === 'webgl', undefined, { timeout: 120_000 });
    const frames = (await engine(page)).frames;
    await framesAbove(page, frames + 3, 300_000);
    type State = { backend: string | null; fps: string | null; frames: string | null; latency: string | null };
    const states = await page.evaluate(() => (window as unknown as { __states: State[] }).__states);
    const beforeFirst = states.filter((s) => s.frames === '0');
    expect(beforeFirst.length).toBeGreaterThan(0);
    expect(beforeFirst.every((s) => s.fps === '—')).toBe(true);
    const firstOnWebgl = states.findIndex((s) => s.backend === 'webgl');
    expect(firstOnWebgl).toBeGreaterThan(0);
    // The first state on the new backend shows neither the old backend's FPS nor its latency.
    expect(states[firstOnWebgl]).toMatchObject({ fps: '—', latency: '— + — + — ms (pre + inference + post)' });
    expect(states.slice(firstOnWebgl).some((s) => s.fps !== '—')).toBe(true);
    await page.click('text=Stop camera');
    await page.close();
  });

  it('auto skips the software WebGPU here, says why, and the first detection follows soon after navigation', { timeout: 300_000 }, async () => {
    const opened = Date.now();
    // Only the Detection panel: auto does not depend on the others.
    const page = await app().open('?panels=detect');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=frame-count]')?.textContent ?? 0) > 0, undefined, { timeout: 120_000 });
    console.log(`auto: first detection ${((Date.now() - opened) / 1000).toFixed(1)} s after navigation`);
    expect(await page.textContent('[data-testid=backend]')).toBe('wasm');
    expect(await page.textContent('[data-testid=backend-reason]')).toMatch(/WebGPU is a software (fallback )?adapter/);
    // Said once, in the status line: no notice repeats it above the frame.
    expect(await page.locator('.notice', { hasText: 'Running on' }).count()).toBe(0);
    expect((await engine(page)).thread.kind).toBe('worker');
    // The worker runs tfjs-wasm's single-threaded build (see engine.worker.ts): the status line says so.
    expect(await page.textContent('[data-testid=wasm-threads]')).toBe(', 1 thread');
    await page.close();
  });
});
