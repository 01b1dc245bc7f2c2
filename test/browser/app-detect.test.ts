/**
 * The detection panel in the real app build: what a bad file leaves behind,
 * file names, the class filter, A/B lists and their diff.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AppDebug as Debug } from './use-app';
import { framesAbove, modelReady, useApp } from './use-app';

const settings = (page: Page) => page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.state().settings);
const frames = (page: Page) => page.evaluate(() => (globalThis as unknown as { __akconv: Debug }).__akconv.engine().frames);

// One app (a preview server and a Chromium; the build is reused) for the whole file: each describe used to start its own.
const app = useApp();

describe('the detection panel', () => {
  it('a bad image changes nothing but a notice; a good one after it shows its name and dismisses the error', { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&size=96&panels=detect');
    await modelReady(page, /YOLOv5n/);
    await framesAbove(page, 0);
    await page.setInputFiles('[data-testid=image-input]', { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    const error = page.locator('[data-testid=notice-error]', { hasText: 'broken.png' });
    await error.waitFor({ timeout: 30_000 });
    // The sample photo stays, and so do the settings that describe it.
    expect((await settings(page))['source']).toBe('sample');
    expect(new URL(page.url()).searchParams.get('src')).toBeNull();
    expect(await page.locator('select[aria-label="Sample photo"]').inputValue()).toBe('0');
    expect(await page.locator('[data-testid=file-name]').count()).toBe(0);

    const before = await frames(page);
    const photo = readFileSync('public/samples/000000000885.jpg');
    await page.setInputFiles('[data-testid=image-input]', { name: 'tennis.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('[data-testid=file-name]', { hasText: 'tennis.jpg' }).waitFor({ timeout: 30_000 });
    await framesAbove(page, before);
    expect(await error.count()).toBe(0);
    expect((await settings(page))['source']).toBe('image');
    await page.close();
  });

  it('a detection traces to its head cell, anchor and AKConv pixel: by a click on its box, Enter on its row, hover, and arrow keys on the frame', { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&model=akconv-ij&size=160&panels=detect');
    await modelReady(page, /C3_AKConv/);
    const rows = page.locator('[data-testid=detections] button.detection-row');
    await rows.first().waitFor({ timeout: 120_000 });
    // A box whose centre lies in no other box: a click there can only mean it.
    const boxes = (await rows.allTextContents()).map((t) => (t.match(/\[(.*)\]/)?.[1] ?? '').split(',').map(Number));
    const inside = (b: number[], x: number, y: number) => x >= b[0]! && x <= b[2]! && y >= b[1]! && y <= b[3]!;
    const centre = (b: number[]) => [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2] as const;
    const target = boxes.findIndex((b, i) => boxes.every((o, j) => j === i || !inside(o, ...centre(b))));
    expect(target).toBeGreaterThanOrEqual(0);
    const canvas = page.locator('[data-testid=main-canvas]');
    const { width } = (await canvas.boundingBox())!;
    const imageWidth = await canvas.evaluate((c: HTMLCanvasElement) => c.width);
    const [cx, cy] = centre(boxes[target]!);
    await canvas.click({ position: { x: (cx * width) / imageWidth, y: (cy * width) / imageWidth } });

    /** The traced cell and AKConv pixel as the panel states them, checked against each other and the link. */
    const traced = async () => {
      const cell = (await page.locator('[data-testid=trace-cell]').textContent()) ?? '';
      const ak = (await page.locator('[data-testid=trace-akconv]').textContent()) ?? '';
      const [, stride, gy, gx] = cell.match(/stride (\d+) px\), anchor \d+ \(\d+ × \d+ px\),\s*grid cell \(row (\d+), col (\d+)\)/) ?? [];
      const [, akStride, r, c] = ak.match(/stride (\d+) px\): output pixel \(row (\d+), col (\d+)\)/) ?? [];
      expect(akStride).toBe('32');
      // The AKConv pixel is the one under the cell's centre.
      expect([Number(r), Number(c)]).toEqual([Math.floor(((Number(gy) + 0.5) * Number(stride)) / 32), Math.floor(((Number(gx) + 0.5) * Number(stride)) / 32)]);
      await page.waitForFunction((px) => new URL(location.href).searchParams.get('px') === px, `${r},${c}`, { timeout: 10_000 });
      return `${r},${c}`;
    };
    const pressed = () => rows.evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-pressed') === 'true'));
    await page.locator('[data-testid=trace-cell]').waitFor({ timeout: 10_000 });
    expect(await pressed()).toBe(target);
    const px = await traced();
    // The click opened the offsets panel: the samples come from its field, and it shows the same pixel.
    await page.locator('[data-testid=trace-samples]', { hasText: 'samples on this frame' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('.offsets-pixel').textContent()).toContain(`Output pixel (${px.replace(',', ', ')})`);

    // Without a mouse: Enter on another row, then arrow keys on the focused frame.
    expect(await rows.count()).toBeGreaterThan(1);
    {
      const other = (target + 1) % (await rows.count());
      await rows.nth(other).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((i) => document.querySelectorAll('button.detection-row')[i]?.getAttribute('aria-pressed') === 'true', other);
      await traced();
      await canvas.focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((i) => document.querySelectorAll('button.detection-row')[i]?.getAttribute('aria-pressed') === 'true', (other + 1) % (await rows.count()));
      await traced();
      await rows.nth(target).hover();
      await page.waitForFunction((i) => document.querySelectorAll('button.detection-row')[i]?.getAttribute('aria-pressed') === 'true', target);
      expect(await traced()).toBe(px);
    }
    await canvas.focus();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=detection-trace]', { hasText: 'Trace a detection' }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});

describe('the class filter', () => {
  it('refuses class ids the model does not have, naming them', { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&size=96&panels=detect&cls=0,999');
    await page.locator('[data-testid=notice-warning]', { hasText: '999' }).waitFor({ timeout: 240_000 });
    expect((await settings(page))['classes']).toEqual([0]);
    expect(new URL(page.url()).searchParams.get('cls')).toBe('0');
    await page.close();
  });

  it('checkboxes filter the list and write cls; a filter hiding everything says so', { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&size=160&panels=detect');
    await modelReady(page, /YOLOv5n/);
    await page.waitForFunction(() => document.querySelector('[data-testid=detections]')?.textContent?.includes('person') ?? false, undefined, { timeout: 120_000 });
    const filter = page.locator('[data-testid=class-filter]');
    await filter.getByRole('button', { name: 'None' }).click();
    await filter.getByLabel('Search classes').fill('tooth');
    await filter.getByRole('checkbox', { name: 'toothbrush' }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('cls') === '79');
    await page.locator('[data-testid=detections]', { hasText: 'class filter' }).waitFor({ timeout: 60_000 });
    expect(await filter.getByRole('checkbox').count()).toBe(1);
    await filter.getByRole('button', { name: 'All' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=detections]')?.textContent?.includes('person') ?? false, undefined, { timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('cls')).toBeNull();
    await page.close();
  });
});

describe('A/B', () => {
  it('lists both models with their latencies and the boxes only one of them found', { timeout: 400_000 }, async () => {
    const page = await app().open('?backend=wasm&model=yolov5n&vs=akconv-ij&size=128&panels=detect');
    await page.waitForFunction(() => !!document.querySelector('[data-testid=ab-diff]'), undefined, { timeout: 300_000 });
    for (const side of ['a', 'b']) {
      expect(await page.locator(`[data-testid=ab-latency-${side}]`).textContent()).toMatch(/^\d+ ms \(inference \d+ ms\)$/);
      expect(await page.locator(`[data-testid=ab-list-${side}] [data-testid=detections]`).count()).toBe(1);
    }
    const counts = (await page.locator('[data-testid=ab-diff]').textContent())?.match(/Both found (\d+).*only A: (\d+).*only B: (\d+)/);
    const listed = async (side: string) => page.locator(`[data-testid=ab-list-${side}] [data-testid=detections] li`).count();
    expect(await listed('a')).toBeGreaterThan(0);
    // Every box of each list is either matched or only in that list.
    expect(Number(counts?.[1]) + Number(counts?.[2])).toBe(await listed('a'));
    expect(Number(counts?.[1]) + Number(counts?.[3])).toBe(await listed('b'));
    await page.close();
  });
});
