/**
 * The first screen and the page's layout in the real app build: panels in
 * columns without gaps at 1280, 1440 and 1920 px, the detection frame within
 * the window's height, the live-model badge on the convention the model
 * runs, embed mode (also inside a page of another origin), a status line
 * that keeps its height as the first frame lands, and the guided tour by
 * keyboard. One page for the layout (resized, its panels switched through
 * the debug hook), WASM and a 64 px input so the model is quick.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TOUR_STORAGE_KEY } from '../../src/ui/tour/tour-storage';
import type { AppDebug } from './use-app';
import { framesAbove, modelReady, useApp } from './use-app';

/** The largest vertical gap above or between panels in any column (columns found by the panels' left edges). */
async function largestColumnGap(page: Page): Promise<{ gap: number; columns: number; where: string }> {
  return page.evaluate(() => {
    const main = document.querySelector('main.panels');
    if (!main) throw new Error('no main.panels');
    const top = main.getBoundingClientRect().top;
    const rects = [...main.querySelectorAll('.panel-column > *')]
      .map((el) => ({ name: el.getAttribute('aria-labelledby') ? (document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ?? '') : el.className, r: el.getBoundingClientRect() }))
      .filter((p) => p.r.height > 0);
    const columns = new Map<number, typeof rects>();
    for (const p of rects) {
      const key = [...columns.keys()].find((x) => Math.abs(x - p.r.left) < 2) ?? p.r.left;
      columns.set(key, [...(columns.get(key) ?? []), p]);
    }
    let gap = 0;
    let where = '';
    for (const list of columns.values()) {
      list.sort((a, b) => a.r.top - b.r.top);
      let bottom = top;
      for (const p of list) {
        if (p.r.top - bottom > gap) {
          gap = p.r.top - bottom;
          where = `above ${p.name}`;
        }
        bottom = Math.max(bottom, p.r.bottom);
      }
    }
    return { gap, columns: columns.size, where };
  });
}

async function setPanels(page: Page, panels: string[]): Promise<void> {
  await page.evaluate((p) => (globalThis as unknown as { __akconv: AppDebug }).__akconv.state().update({ panels: p }), panels);
  // A detection panel that comes back starts with a blank 300 x 150 canvas until its frame is drawn.
  if (panels.includes('detect')) {
    await page.waitForFunction(
      () => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid=main-canvas]');
        return !!c && (c.width !== 300 || c.height !== 150);
      },
      undefined,
      { timeout: 60_000 },
    );
  }
  // Two animation frames: React has rendered and the browser has laid the page out.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe('the layout and the first screen', () => {
  const app = useApp();

  it('at 1280, 1440 and 1920 px no column has a gap over 80 px, and the frame fits the window', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=detect,grid,offsets,model', { width: 1440, height: 900 });
    await modelReady(page, /C3_AKConv/);
    await framesAbove(page, 0);
    await page.locator('.offsets-legend[aria-hidden="false"]').waitFor({ timeout: 120_000 });
    // Panels, and how many columns they take: the image column (detection, offsets) and the side column (grid, model).
    const combos: [string[], number][] = [[['detect', 'grid', 'offsets', 'model'], 2], [['detect', 'grid', 'offsets'], 2], [['detect'], 1], [['detect', 'model'], 2], [['grid', 'offsets', 'model'], 2]];
    for (const width of [1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      // The explanation at the top is one line (its links included).
      const intro = await page.getByTestId('intro').evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || '0'));
      expect(intro, `${width} px: intro lines`).toBeLessThan(1.5);
      for (const [panels, columnCount] of combos) {
        await setPanels(page, panels);
        const at = `${width} px, panels ${panels.join(',')}`;
        const { gap, columns, where } = await largestColumnGap(page);
        expect(gap, `${at}: ${where}`).toBeLessThanOrEqual(80);
        expect(columns, at).toBe(columnCount);
        if (!panels.includes('detect')) continue;
        await page.evaluate(() => window.scrollTo(0, 0));
        const frame = await page.getByTestId('main-canvas').boundingBox();
        const status = await page.getByTestId('status').boundingBox();
        // The whole frame is on the first screen, below the status line and above the window's bottom.
        expect(frame, at).not.toBeNull();
        expect(frame!.height, `${at}: frame ${JSON.stringify(frame)}`).toBeLessThanOrEqual(900 - (status?.height ?? 0));
        expect(frame!.y + frame!.height, `${at}: frame ${JSON.stringify(frame)}`).toBeLessThanOrEqual(900);
        // The offsets panel it links to comes right under the detection panel, in the same column.
        if (panels.includes('offsets')) {
          // Both boxes from one layout.
          const [detect, offsets] = await page.evaluate(() => ['.detect-panel', '.offsets-panel'].map((q) => document.querySelector(q)!.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }));
          const seen = `${at}: detection ${JSON.stringify(detect)}, offsets ${JSON.stringify(offsets)}`;
          expect(Math.abs(offsets!.x - detect!.x), seen).toBeLessThan(2);
          expect(offsets!.y - (detect!.y + detect!.height), seen).toBeLessThanOrEqual(80);
        }
      }
    }
    // The live-model badge marks the convention the offsets panel reports for the live model.
    await setPanels(page, ['grid', 'offsets']);
    const reported = (await page.locator('.offsets-stats').textContent())?.match(/grid (xy|ij)/)?.[1];
    const badged = await page.locator('.sg-active figcaption strong').allTextContents();
    expect(reported).toBeDefined();
    expect(badged).toEqual([reported, reported]);
    const engineConvention = await page.evaluate(() => (globalThis as unknown as { __akconv: { engine(): { main: { convention: string } | null } } }).__akconv.engine().main?.convention);
    expect(engineConvention).toBe(reported);
    await page.close();
  });

  it('the status line keeps its height from the loaded model through its first frame, so nothing under it moves; it stays in view on a desktop, not on a phone (1280 and 390 px)', { timeout: 300_000 }, async () => {
    const engine = (page: Page) => page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine());
    const statusHeight = async (page: Page) => (await page.getByTestId('status').boundingBox())!.height;
    for (const width of [1280, 390]) {
      // The grid panel alone needs no forward pass: the model loads and no frame comes.
      const page = await app().open('?model=yolov5n&backend=wasm&size=64&panels=grid', { width, height: 900 });
      await modelReady(page, /YOLOv5n/);
      expect((await engine(page)).frames).toBe(0);
      await setPanels(page, ['grid', 'detect']);
      const loaded = await statusHeight(page);
      await page.waitForFunction(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine().frames >= 1, undefined, { timeout: 120_000 });
      // The first frame's numbers (input size, the latency split) have landed.
      await page.waitForFunction(() => /^\d+ \+ \d+ \+ \d+ ms/.test(document.querySelector('[data-testid=latency]')?.textContent ?? ''), undefined, { timeout: 60_000 });
      // The first frame's numbers fit their placeholders: the line keeps its height.
      expect(await statusHeight(page), `${width} px`).toBe(loaded);
      // Scrolled down, it stays at the top of a desktop window; on a phone, where it is six lines tall, it scrolls away.
      await page.evaluate(() => window.scrollTo(0, 1000));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const scrolled = (await page.getByTestId('status').boundingBox())!;
      if (width >= 1280) expect(scrolled.y, `${width} px`).toBeLessThan(1);
      if (width >= 1280) expect(scrolled.y, `${width} px`).toBeGreaterThanOrEqual(0);
      else expect(scrolled.y + scrolled.height, `${width} px`).toBeLessThanOrEqual(0);
      await page.close();
    }
  });

  it('embed=grid from a fresh page shows only that panel, without header and footer, and keeps the link state (theme included)', { timeout: 240_000 }, async () => {
    const page = await app().open('?embed=grid&n=7&backend=wasm&theme=light', { width: 800, height: 600 });
    await page.locator('.sampling-grid').waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => ({
      sections: [...document.querySelectorAll('main section')].filter((s) => !s.closest('.sampling-grid') || s.classList.contains('sampling-grid')).map((s) => s.className),
      header: document.querySelectorAll('.app-header').length,
      footer: document.querySelectorAll('footer.credits').length,
      status: document.querySelectorAll('[data-testid="status"]').length,
      search: location.search,
      theme: document.documentElement.dataset['theme'],
    }));
    expect(seen).toEqual({ sections: ['sampling-grid'], header: 0, footer: 0, status: 0, search: '?n=7&backend=wasm&theme=light&embed=grid', theme: 'light' });
    expect(await page.getByRole('spinbutton', { name: /Samples N/ }).inputValue()).toBe('7');
    const full = await page.getByTestId('embed-open-app').getAttribute('href');
    expect(full).toMatch(/\?n=7&backend=wasm&theme=light$/);
    // Embedded alone, the offsets panel still gets its frame from the (unseen) detection panel.
    await page.goto(`${app().url}?embed=offsets&panels=detect&backend=wasm&size=64`);
    await page.locator('.offsets-legend[aria-hidden="false"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('.detect-panel').isVisible()).toBe(false);
    await page.close();
  });

  it('embedded in a page of another origin: the panel runs (WASM on one thread, not isolated); a cross-origin isolated page cannot embed it', { timeout: 240_000 }, async () => {
    const appUrl = new URL(app().url);
    // The embedding page: another origin (localhost, not 127.0.0.1), with or without cross-origin isolation of its own.
    const parent = createServer((req, res) => {
      const isolated = req.url?.startsWith('/isolated') ?? false;
      res.writeHead(200, { 'content-type': 'text/html', ...(isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {}) });
      res.end(`<!doctype html><title>post</title><iframe src="${appUrl.origin}/?embed=detect&model=yolov5n&backend=wasm&size=64" width="760" height="700" allow="camera; fullscreen"></iframe>`);
    });
    await new Promise<void>((resolve) => parent.listen(0, '127.0.0.1', resolve));
    const port = (parent.address() as AddressInfo).port;
    try {
      const page = await app().open('', { width: 900, height: 800 });
      await page.goto(`http://localhost:${port}/post`);
      const frame = () => page.frames().find((f) => f.url().startsWith(appUrl.origin));
      await page.waitForFunction(() => document.querySelector('iframe') !== null);
      await expect.poll(() => frame() !== undefined, { timeout: 60_000 }).toBe(true);
      const app0 = frame()!;
      await app0.waitForFunction(() => ((globalThis as unknown as { __akconv?: AppDebug }).__akconv?.engine().frames ?? 0) > 0, undefined, { timeout: 120_000 });
      expect(await app0.locator('[data-testid=detections]').textContent()).toMatch(/person/);
      expect(await page.evaluate(() => location.origin)).not.toBe(appUrl.origin);
      // Not cross-origin isolated in a plain page: no WASM threads, as the README says.
      expect(await app0.evaluate(() => crossOriginIsolated)).toBe(false);
      // An isolated page (COEP require-corp) refuses the frame: the app's host sends no Cross-Origin-Resource-Policy.
      await page.goto(`http://localhost:${port}/isolated`);
      // Chromium shows its error page in the frame instead of the app.
      await expect.poll(() => page.frames().find((f) => f !== page.mainFrame())?.url(), { timeout: 30_000 }).toBe('chrome-error://chromewebdata/');
      await page.close();
    } finally {
      // Chromium keeps its connections alive: close them, or close() waits for their timeout.
      parent.closeAllConnections();
      await new Promise<void>((resolve) => parent.close(() => resolve()));
    }
  });

  it('the tour opens on a first visit, works from the keyboard, is remembered and restarts from its link', { timeout: 120_000 }, async () => {
    // This page is a first visit: the key is removed before the app reads it (once, not on reloads).
    const firstVisit = `if (!sessionStorage.getItem('first')) { sessionStorage.setItem('first', '1'); localStorage.removeItem(${JSON.stringify(TOUR_STORAGE_KEY)}); }`;
    const page = await app().open('?backend=wasm', { width: 1280, height: 900 }, firstVisit);
    const tour = page.getByTestId('tour');
    await tour.waitFor({ timeout: 60_000 });
    const title = () => tour.locator('h2').textContent();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    expect(await title()).toBe('Detection');
    expect(await focused()).toBe('tour-next');
    // The panels above take their sizes from the first frame: let it land before scrolling to one.
    await framesAbove(page, 0, 60_000);
    await page.keyboard.press('Enter');
    expect(await title()).toBe('Learned offsets');
    expect(await page.locator('.tour-target').count()).toBe(1);
    // The outlined panel is brought into view (it starts below the first screen at 1280 x 900).
    const placed = async () => {
      const top = await page.locator('.tour-target').evaluate((el) => el.getBoundingClientRect().top);
      return top >= 0 && top < 900 / 2 ? 'in the top half' : `top at ${top}`;
    };
    await expect.poll(placed, { timeout: 10_000 }).toBe('in the top half');
    await page.keyboard.press('Escape');
    await tour.waitFor({ state: 'detached' });
    expect(await page.locator('.tour-target').count()).toBe(0);
    expect(await page.evaluate((k) => localStorage.getItem(k), TOUR_STORAGE_KEY)).toBe('seen');
    await page.reload();
    await page.getByTestId('tour-start').waitFor({ timeout: 60_000 });
    expect(await tour.count()).toBe(0);
    // Restart from the link with the keyboard, walk to the end with Enter: Done closes it and focus returns to the link.
    await page.getByTestId('tour-start').focus();
    await page.keyboard.press('Enter');
    await tour.waitFor();
    const steps = Number((await tour.locator('.tour-count').textContent())?.match(/of (\d+)/)?.[1]);
    expect(steps).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < steps; i++) await page.keyboard.press('Enter');
    await tour.waitFor({ state: 'detached' });
    expect(await focused()).toBe('tour-start');
    await page.close();
  });
});
