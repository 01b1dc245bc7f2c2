/**
 * The real app build in headless Chromium (SwiftShader WebGPU here, so the
 * input size stays small): photos, uploads, a fake webcam, bad files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { fixturePath } from '../helpers/fixtures';
import type { AppDebug as Debug } from './use-app';
import { modelReady, useApp } from './use-app';


async function detectionsText(page: Page, includes: string, timeout = 240_000): Promise<string> {
  await page.waitForFunction((t) => document.querySelector('[data-testid=detections]')?.textContent?.includes(t) ?? false, includes, { timeout });
  return (await page.textContent('[data-testid=detections]')) ?? '';
}


describe('the app in headless Chromium', () => {
  const app = useApp();

  it('detects a person in a bundled photo with YOLOv5n on WebGPU, and shows the status', { timeout: 300_000 }, async () => {
    // 160 px keeps SwiftShader's WebGPU forward short (the person is found at 160 too).
    const page = await app().open('?backend=webgpu&size=160');
    await page.selectOption('[data-testid=model-select]', 'yolov5n');
    expect(await detectionsText(page, 'person')).toMatch(/person 0\.\d\d/);
    expect(await page.textContent('[data-testid=backend]')).toBe('webgpu');
    expect(await page.textContent('[data-testid=status]')).toMatch(/Latency: \d+ \+ \d+ \+ \d+ ms/);
    await page.close();
  });

  it('an uploaded image works; a bad model file shows an error and keeps the model', { timeout: 300_000 }, async () => {
    // WASM: the UI path is the same on every backend, and the first test covers WebGPU.
    const page = await app().open('?backend=wasm');
    await page.selectOption('[data-testid=model-select]', 'yolov5n');
    // Exactly the teacher: the default model loading first is "YOLOv5n-C3_AKConv (ij)".
    await modelReady(page, /^YOLOv5n \(teacher\)$/);
    await page.setInputFiles('[data-testid=image-input]', { name: 'wide.png', mimeType: 'image/png', buffer: readFileSync(fixturePath('detect/photos/wide_crop.png')) });
    // YOLOv5n at 320 sees three apples in this crop (test/fixtures/detect/predict_yolov5n.json: 0.67, 0.66, 0.45).
    expect(await detectionsText(page, 'apple')).toMatch(/^apple 0\.67 .*apple 0\.66 .*apple 0\.45 /);
    await page.setInputFiles('[data-testid=model-input]', { name: 'broken.pt', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not really a zip') });
    const notice = page.locator('[data-testid=notice-error]', { hasText: 'broken.pt' });
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toMatch(/broken\.pt: .+[^.]; the current model stays\./);
    expect(await page.textContent('[data-testid=model-label]')).toMatch(/YOLOv5n/);
    await page.close();
  });

  it('a fake webcam produces frames and detections, with no tensor leak over 200 frames', { timeout: 600_000 }, async () => {
    // Any backend shows a leak in our code; WASM keeps 200 frames quick (SwiftShader's WebGPU takes ~1 s a frame).
    // The count must be exactly the same, so a leak of one tensor in 200 frames fails. This is the app's one
    // webcam tensor run: app-engine.test.ts's 1000 frames of this same path and check were dropped; the
    // engine's tensors across many inputs and settings, measured back at the starting settings, are the
    // soak's (soak.test.ts), and per-shape constants staying bounded is test/model/shape-cache.test.ts.
    const page = await app().open('?model=yolov5n&backend=wasm&size=64&conf=0.01&panels=detect');
    await modelReady(page, /YOLOv5n/);
    expect(await page.textContent('[data-testid=backend]')).toBe('wasm');
    await page.click('text=Start camera');
    const frames = async () => Number((await page.textContent('[data-testid=frame-count]')) ?? 0);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=frame-count]')?.textContent ?? 0) >= 10, undefined, { timeout: 240_000 });
    const before = await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.numTensors());
    const start = await frames();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=frame-count]')?.textContent ?? 0) >= n, start + 200, { timeout: 540_000 });
    const after = await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.numTensors());
    console.log(`worker tensors: ${before} at frame ${start}, ${after} 200 frames later`);
    expect(after).toBe(before);
    // Detections on the camera's frames (Chromium's test pattern; conf 0.01 lets some through).
    // The pattern moves, and some of its frames give no box even at 0.01 (CI once stopped on
    // one), so wait for a frame that does: a camera path that never detects still fails here.
    await page.waitForFunction(() => document.querySelectorAll('ol[data-testid=detections] li').length > 0, undefined, { timeout: 60_000 });
    await page.close();
  });

  it('opening a URL applies its settings, bad values fall back with a notice, and Copy link round-trips', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=yolov5n&backend=wasm&conf=0.4&iou=0.5&n=7&size=96&panels=detect,grid,model&grid=xy&max=abc');
    await modelReady(page, /YOLOv5n/);
    const settings = await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings);
    expect(settings).toMatchObject({ model: 'yolov5n', backend: 'wasm', conf: 0.4, iou: 0.5, numParam: 7, imageSize: 96, convention: 'xy', maxDet: 100, panels: ['detect', 'grid', 'model'] });
    expect(await page.locator('[data-testid=notice-warning]', { hasText: 'max=abc' }).count()).toBe(1);
    expect(await page.textContent('[data-testid=backend]')).toBe('wasm');
    expect(await page.inputValue('#conf')).toBe('0.4');
    // num_param = 7 shows 7 numbered points, in both conventions.
    const figures = page.locator('svg.sg-svg', { has: page.locator('title', { hasText: 'Initial shape p_n for N = 7' }) });
    // The grid panel is a chunk of its own (it loads after the first screen): wait for both figures.
    await figures.nth(1).waitFor({ timeout: 60_000 });
    expect(await figures.count()).toBe(2);
    for (const f of await figures.all()) expect(await f.locator('.sg-point text').allTextContents()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    await page.click('[data-testid=copy-link]');
    // The clipboard write is asynchronous; the button says when it is done.
    await page.getByTestId('copy-link').filter({ hasText: 'Copied' }).waitFor({ timeout: 10_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).search).toBe(new URL(page.url()).search);
    const again = await app().open(new URL(copied).search);
    await modelReady(again, /YOLOv5n/);
    expect(await again.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings)).toEqual(settings);
    await page.close();
    await again.close();
  });

  it('hostile URL values never inject script', { timeout: 120_000 }, async () => {
    const page = await app().open('?model=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E&layer=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&n=1e400');
    await page.waitForSelector('[data-testid=notice-warning]');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['numParam'])).toBe(5);
    await page.close();
  });

  it('the 3D offsets panel draws, and a click on the image selects a pixel whose samples both views highlight', { timeout: 400_000 }, async () => {
    const page = await app().open('?model=akconv-ij&panels=detect,offsets&size=128');
    await modelReady(page, /C3_AKConv/);
    const canvas = page.locator('.offsets-3d-host canvas');
    await canvas.waitFor({ timeout: 240_000 });
    await page.locator('.offsets-overlay-svg').waitFor({ timeout: 240_000 });
    await page.locator('.offsets-panel', { hasText: 'Mean |offset|' }).waitFor({ timeout: 240_000 });
    // Non-empty: the rendered 3D view has many distinct colours (the scene is drawn a frame or
    // two after the stats appear, so look until it is, or until the time runs out).
    const colours = async () => {
      const png = PNG.sync.read(await canvas.screenshot());
      const seen = new Set<number>();
      for (let i = 0; i < png.data.length; i += 4 * 7) seen.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
      return seen.size;
    };
    await expect.poll(colours, { timeout: 30_000, interval: 500 }).toBeGreaterThan(50);
    // Click the image: the store's pixel changes and the overlay draws that pixel's N learned samples.
    const overlay = page.locator('.offsets-overlay-svg');
    await overlay.scrollIntoViewIfNeeded();
    const box = (await overlay.boundingBox())!;
    await overlay.click({ position: { x: box.width * 0.7, y: box.height * 0.6 } });
    await page.waitForFunction(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['pixel'] !== null, undefined, { timeout: 30_000 });
    const pixel = await page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings['pixel'] as [number, number]);
    expect(pixel[0]).toBeGreaterThanOrEqual(0);
    expect(await page.locator('.offsets-overlay-svg .offsets-learned').count()).toBe(3); // N = 3 in C3_AKConv
    await page.close();
  });
});
