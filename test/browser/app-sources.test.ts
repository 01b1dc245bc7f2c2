/**
 * The real app build in headless Chromium, part two: video files, drag and
 * drop, paste, a denied camera, A/B, the backend fallback line, the model
 * panel's timings, a phone-sized screen and the keyboard.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { fixturePath } from '../helpers/fixtures';
import type { AppDebug as Debug } from './use-app';
import { recordWebm } from './recorded-video';
import { framesAbove, modelReady, settledFrames, useApp } from './use-app';

const debug = (page: Page) => page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.engine());


const frames = async (page: Page) => (await debug(page)).frames;

/** Dispatches a drop (or a paste) of a PNG on the page, as the browser does for a real one. */
async function deliverFile(page: Page, kind: 'drop' | 'paste', bytes: Buffer, name: string) {
  await page.evaluate(
    ({ kind, b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: 'image/png' }));
      if (kind === 'drop') document.querySelector('.stage')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      else window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
    },
    { kind, b64: bytes.toString('base64'), name },
  );
}

// Tests of the UI path run on WASM (the same on every backend, and seconds instead of
// SwiftShader's minutes); app.test.ts and the model panel's timings cover WebGPU.
describe('the app in headless Chromium: sources, A/B, fallback, model panel, phone and keyboard', () => {
  const app = useApp();

  it('a video file plays with a detection per frame; a paused video detects the frame it is seeked to', { timeout: 400_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&size=96&panels=detect');
    await modelReady(page, /YOLOv5n/);
    const webm = await recordWebm(page);
    const start = await frames(page);
    await page.setInputFiles('[data-testid=image-input]', { name: 'pan.webm', mimeType: 'video/webm', buffer: webm });
    await page.waitForFunction(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['source'] === 'video');
    await framesAbove(page, start + 1);
    expect(await page.locator('video[aria-label="Video source"]').getAttribute('controls')).not.toBeNull();
    // Pause (what the video's own control does), let the last frame finish, then seek.
    await page.evaluate(() => document.querySelector<HTMLVideoElement>('video[aria-label="Video source"]')!.pause());
    // Up to two frames may still be in the engine when the video pauses: let them land first.
    const paused = await settledFrames(page);
    await page.waitForTimeout(1500);
    expect(await frames(page)).toBe(paused);
    await page.evaluate(() => {
      document.querySelector<HTMLVideoElement>('video[aria-label="Video source"]')!.currentTime = 0.5;
    });
    await framesAbove(page, paused);
    await page.close();
  });

  it('an image dropped on the frame or pasted anywhere is shown and detected', { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&size=160&panels=detect');
    await modelReady(page, /YOLOv5n/);
    const png = readFileSync(fixturePath('detect/photos/wide_crop.png'));
    const size = PNG.sync.read(png);
    for (const kind of ['drop', 'paste'] as const) {
      await page.evaluate(() => document.querySelector<HTMLCanvasElement>('[data-testid=main-canvas]')!.setAttribute('width', '1'));
      await deliverFile(page, kind, png, `${kind}.png`);
      // The frame drawn with its boxes is the delivered image (not the sample photo it replaced).
      await page.waitForFunction(
        ([w, h]) => { const c = document.querySelector<HTMLCanvasElement>('[data-testid=main-canvas]')!; return c.width === w && c.height === h; },
        [size.width, size.height],
        { timeout: 120_000 },
      );
      expect(await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['source'])).toBe('image');
      expect(await page.textContent('[data-testid=status]')).toMatch(/Input: \d+×160/);
    }
    await page.close();
  });

  it('a link with src=webcam starts the camera; a link made with an own image and model opens on a sample and the default model', { timeout: 300_000 }, async () => {
    const page = await app().open('?src=webcam&model=yolov5n&backend=wasm&size=64&panels=detect');
    await modelReady(page, /YOLOv5n/);
    await page.locator('button', { hasText: 'Stop camera' }).waitFor({ timeout: 60_000 });
    const start = await frames(page);
    await framesAbove(page, start + 5);
    expect(await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['source'])).toBe('webcam');
    // Stop camera keeps the last frame as a still: not a black frame, and the link no longer starts the camera.
    const beforeStop = await frames(page);
    await page.click('text=Stop camera');
    await page.getByTestId('file-name').filter({ hasText: 'last camera frame' }).waitFor({ timeout: 30_000 });
    // The still's own detection is the last frame (a camera frame in flight may land before it).
    expect(await settledFrames(page)).toBeGreaterThan(beforeStop);
    expect(await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['source'])).toBe('image');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('src') !== 'webcam', undefined, { timeout: 10_000 });
    const brightest = await page.getByTestId('main-canvas').evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let max = 0;
      for (let i = 0; i < data.length; i += 4) max = Math.max(max, data[i]! + data[i + 1]! + data[i + 2]!);
      return max;
    });
    // Chromium's fake camera draws bright green shapes on green.
    expect(brightest).toBeGreaterThan(200);
    await page.close();
    const image = await app().open('?src=image&model=custom&backend=wasm&size=64&panels=detect');
    await image.locator('[data-testid=notice-info]', { hasText: "Links never carry the sender's image" }).waitFor({ timeout: 60_000 });
    await image.locator('[data-testid=notice-info]', { hasText: "Links never carry the sender's own model file" }).waitFor({ timeout: 60_000 });
    await modelReady(image, /C3_AKConv \(ij\)/);
    expect(await image.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings)).toMatchObject({ source: 'sample', model: 'akconv-ij' });
    await image.close();
  });

  it('a denied camera gets a clear message and the rest keeps working', { timeout: 300_000 }, async () => {
    // What the browser does when the user blocks the camera.
    const deny = `navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));`;
    const page = await app().open('?backend=wasm&model=yolov5n&size=160&panels=detect', undefined, deny);
    await modelReady(page, /YOLOv5n/);
    await page.click('text=Start camera');
    const notice = page.locator('[data-testid=notice-error]');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('Camera access was denied; photos and videos still work.');
    const before = await frames(page);
    await page.selectOption('select[aria-label="Sample photo"]', '1');
    await framesAbove(page, before);
    await settledFrames(page);
    expect(await page.textContent('[data-testid=detections]')).toMatch(/person/);
    await page.close();
  });

  it('A/B runs two models on the same frame, side by side', { timeout: 400_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&vs=akconv-ij&size=128&panels=detect');
    await modelReady(page, /YOLOv5n/);
    const a = page.locator('[data-testid=caption-a]');
    const b = page.locator('[data-testid=caption-b]');
    await page.waitForFunction(() => /\d+ detections?/.test(document.querySelector('[data-testid=caption-b]')?.textContent ?? ''), undefined, { timeout: 240_000 });
    expect(await a.textContent()).toMatch(/^A: YOLOv5n \(teacher\) — \d+ detections?$/);
    expect(await b.textContent()).toMatch(/^B: YOLOv5n-C3_AKConv \(ij\) — \d+ detections?$/);
    expect(await page.locator('.stage.ab canvas.frame').count()).toBe(2);
    await page.close();
  });

  it('without WebGPU and WebGL the app falls back to WASM, says why, and detects', { timeout: 300_000 }, async () => {
    // The init script reaches the page, not a worker: engine=main runs the engine where it applies.
    const noGpu = `
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
      for (const C of [HTMLCanvasElement, OffscreenCanvas]) {
        const original = C.prototype.getContext;
        C.prototype.getContext = function (type, ...rest) { return /webgl/.test(type) ? null : original.call(this, type, ...rest); };
      }`;
    const page = await app().open('?model=yolov5n&size=320&panels=detect&backend=webgpu&engine=main', undefined, noGpu);
    await modelReady(page, /YOLOv5n/);
    expect(await page.textContent('[data-testid=backend]')).toBe('wasm');
    expect(await page.textContent('[data-testid=engine-thread]')).toBe('Engine: main thread (asked for by the link (engine=main))');
    const warning = await page.locator('[data-testid=notice-warning]', { hasText: 'Running on WASM' }).textContent();
    expect(warning).toContain('webgpu unavailable: this browser has no WebGPU (navigator.gpu is missing)');
    expect(warning).toContain('webgl unavailable');
    await page.waitForFunction(() => document.querySelector('[data-testid=detections]')?.textContent?.includes('person') ?? false, undefined, { timeout: 120_000 });
    await page.close();
  });

  it('the model panel shows the seed\'s before/after and times each layer on the active backend', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-ij&size=64&panels=model&backend=webgpu');
    await modelReady(page, /C3_AKConv/);
    expect(await page.textContent('[data-testid=before-after]')).toContain('−91,386 (−4.9%)');
    await page.click('[data-testid=time-layers]');
    // Timing passes through layers 0..k for every k: about a minute on SwiftShader, so leave room under load.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=layer-ms]').length === 25, undefined, { timeout: 240_000 });
    const ms = (await page.locator('[data-testid=layer-ms]').allTextContents()).map(Number);
    expect(ms.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(await page.textContent('.model-panel')).toContain('ms per layer on webgpu at 64×64');
    await page.close();
  });

  it('fits a phone screen and works from the keyboard: every control is labelled and shows its focus', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=yolov5n&size=64&panels=detect,grid,model', { width: 390, height: 844 });
    await modelReady(page, /YOLOv5n/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const seen: { name: string; outline: boolean; tag: string }[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      seen.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
          const name = (el.getAttribute('aria-label') ?? '') || labelled || (el.tagName === 'BUTTON' ? (el.textContent ?? '') : '') || (el.getAttribute('title') ?? '');
          // File inputs are visually hidden; their label shows the focus ring (:focus-within).
          const ringOn = el.matches('.file-button input') ? el.parentElement! : el;
          const style = getComputedStyle(ringOn);
          return { name: name.trim(), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0, tag: el.tagName };
        }),
      );
    }
    expect(seen.filter((s) => s.tag === 'BODY')).toHaveLength(0);
    for (const s of seen) {
      expect(s.name, JSON.stringify(s)).not.toBe('');
      expect(s.outline, JSON.stringify(s)).toBe(true);
    }
    // Operate a control from the keyboard: Space toggles the offsets panel on.
    await page.getByRole('checkbox', { name: 'Learned offsets' }).focus();
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['panels'])).toContain('offsets');
    await page.close();
  });
});
