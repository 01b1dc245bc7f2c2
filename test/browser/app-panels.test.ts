/**
 * The panels in the real app build as a newcomer meets them: accessible
 * names, a phone-width page that does not scroll sideways, the keyboard on
 * the 3D view, the model table at desktop width.
 * The backend is WASM and the sizes small, so nothing here waits long.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures';
import type { AppDebug } from './use-app';
import { framesAbove, modelReady, useApp } from './use-app';

/** Clicks a save button and reads back the file it downloads. */
async function saved(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), button.click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

const pngSize = (bytes: Buffer) => {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height };
};

/** How many different RGBA values a PNG holds (a blank picture has one). */
const pngColours = (bytes: Buffer) => {
  const { data } = PNG.sync.read(bytes);
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 4) seen.add(data.readUInt32BE(i));
  return seen.size;
};

const setting = (page: Page, key: string): Promise<unknown> =>
  page.evaluate((k) => (globalThis as unknown as { __akconv: AppDebug }).__akconv.state().settings[k], key);

describe('the panels in the app', () => {
  const app = useApp();

  it('names each official shape preset by its shape, not by the drawing\'s digits', { timeout: 120_000 }, async () => {
    // N = 7 in the link: choosing a preset (all N = 5) must change it.
    const page = await app().open('?panels=grid&backend=wasm&n=7');
    const presets = page.locator('.sg-preset');
    await presets.first().waitFor({ timeout: 60_000 });
    const names = await presets.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names).toHaveLength(5);
    for (const name of names) expect(name).toMatch(/^Shape \([a-e]\): [a-z].*, mAP50 \d+\.\d$/);
    expect(await setting(page, 'numParam')).toBe(7);
    const diagonal = page.getByRole('button', { name: /^Shape \(d\): a diagonal line/ });
    await diagonal.click();
    expect(await setting(page, 'numParam')).toBe(5);
    expect(await diagonal.getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  it('at 390 px with every panel open the page does not scroll sideways', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=detect,grid,offsets,model', { width: 390, height: 844 });
    await modelReady(page, /C3_AKConv/);
    await page.getByRole('combobox', { name: /AKConv layer/ }).waitFor({ timeout: 60_000 });
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
    await page.close();
  });

  it('the model table fits at 1440 px with its ms column; the timing button is busy, then comes back', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=detect,grid,offsets,model', { width: 1440, height: 900 });
    await modelReady(page, /C3_AKConv/);
    const button = page.getByTestId('time-layers');
    // The engine's busy state drives the button; it reads "Timing…" while the job runs. A quick
    // job can end between two polls, so a recorder in the page notes whether it ever did.
    await page.evaluate(() => {
      const w = window as unknown as { __sawTiming: boolean };
      w.__sawTiming = false;
      new MutationObserver(() => {
        const b = document.querySelector<HTMLButtonElement>('[data-testid="time-layers"]');
        if (b && /Timing…/.test(b.textContent ?? '') && b.disabled) w.__sawTiming = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await button.click();
    await page.getByTestId('layer-ms-sum').waitFor({ timeout: 120_000 });
    // The times and the end of the busy state arrive as two updates: wait for the button to come back.
    await page.waitForFunction(
      () => {
        const b = document.querySelector<HTMLButtonElement>('[data-testid="time-layers"]');
        return !!b && /^Time each layer/.test(b.textContent ?? '') && !b.disabled;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { __sawTiming: boolean }).__sawTiming)).toBe(true);
    const rows = await page.getByTestId('layer-ms').count();
    expect(rows).toBeGreaterThan(20);
    const table = await page.locator('.model-panel .table-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    await page.close();
  });

  it('the 3D view takes focus by Tab, and arrow keys and + move its camera (the cam key in the link)', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=detect,offsets', { width: 1280, height: 900 });
    await modelReady(page, /C3_AKConv/);
    const canvas = page.locator('.offsets-3d-host canvas');
    await canvas.waitFor({ timeout: 60_000 });
    // Tab from the offsets panel's first control until the canvas has focus (or 30 stops pass).
    await page.getByRole('combobox', { name: /AKConv layer/ }).focus();
    let focused = false;
    for (let i = 0; i < 30 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await canvas.evaluate((el) => el === document.activeElement);
    }
    expect(focused).toBe(true);
    const cam = () => page.evaluate(() => new URLSearchParams(location.search).get('cam'));
    const before = await cam();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((b) => new URLSearchParams(location.search).get('cam') !== b, before, { timeout: 10_000 });
    const turned = (await cam())!.split(',').map(Number);
    await page.keyboard.press('+');
    await page.waitForFunction((b) => new URLSearchParams(location.search).get('cam') !== b, turned.join(','), { timeout: 10_000 });
    const zoomed = (await cam())!.split(',').map(Number);
    expect(zoomed[2]).toBeLessThan(turned[2]!);
    expect(await canvas.getAttribute('aria-description')).toMatch(/arrows orbit/);
    await page.close();
  });

  it('a panels=offsets link shows the offsets of the linked sample without the Detection panel', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=offsets');
    await modelReady(page, /C3_AKConv/);
    // The viewer runs the source the link names; no detection panel has to be open (or hidden) for it.
    await page.locator('.offsets-3d-host canvas').waitFor({ timeout: 60_000 });
    expect(await page.locator('.detect-panel').count()).toBe(0);
    expect(await setting(page, 'panels')).toEqual(['offsets']);
    await page.close();
  });

  it('a weights-only .pt alone asks for its .yaml; dropped together on the frame they load, and the file names show', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=yolov5n&backend=wasm&size=64&panels=detect,model');
    await modelReady(page, /YOLOv5n/);
    const read = (name: string) => readFileSync(fixturePath(`checkpoints/${name}`));
    // Picked alone, the .pt asks for its config (the reader's own sentence).
    await page.setInputFiles('[data-testid=model-input]', [{ name: 'minimal.state_dict.pt', mimeType: 'application/octet-stream', buffer: read('minimal.state_dict.pt') }]);
    await page.locator('[data-testid=notice-error]', { hasText: 'minimal.state_dict.pt' }).waitFor({ timeout: 60_000 });
    // Dropped together on the detection frame: the weights and their YAML open as the model, not as an image.
    const files = ['minimal.state_dict.pt', 'minimal.yaml'].map((name) => ({ name, bytes: [...read(name)] }));
    await page.evaluate((list) => {
      const transfer = new DataTransfer();
      for (const f of list) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name));
      document.querySelector('.stage')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, files);
    await modelReady(page, /^minimal\.state_dict\.pt$/);
    expect(await page.getByTestId('model-file-name').textContent()).toBe('minimal.state_dict.pt + minimal.yaml');
    // The model panel is a chunk of its own (loaded after the first screen): wait for its table.
    await page.locator('.model-panel tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.model-panel tbody tr').count()).toBe(7);
    await page.close();
  });

  it('the theme: light from the link, auto follows prefers-color-scheme, the select writes theme= into the link', { timeout: 120_000 }, async () => {
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await app().open('?theme=light&panels=grid&backend=wasm');
    await light.getByTestId('theme-select').waitFor({ timeout: 60_000 });
    expect(await background(light)).toBe('rgb(246, 247, 249)');
    await light.close();
    const auto = await app().open('?panels=grid&backend=wasm');
    await auto.emulateMedia({ colorScheme: 'dark' });
    await auto.getByTestId('theme-select').waitFor({ timeout: 60_000 });
    expect(await background(auto)).toBe('rgb(15, 17, 21)');
    await auto.emulateMedia({ colorScheme: 'light' });
    expect(await background(auto)).toBe('rgb(246, 247, 249)');
    await auto.getByTestId('theme-select').selectOption('dark');
    expect(await background(auto)).toBe('rgb(15, 17, 21)');
    await auto.waitForFunction(() => new URLSearchParams(location.search).get('theme') === 'dark', undefined, { timeout: 10_000 });
    await auto.close();
  });

  it('the 3D view goes full screen and back', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=detect,offsets');
    await modelReady(page, /C3_AKConv/);
    await page.getByRole('button', { name: 'Full screen 3D view' }).click();
    await page.waitForFunction(() => document.fullscreenElement?.classList.contains('offsets-3d') === true, undefined, { timeout: 10_000 });
    await page.getByRole('button', { name: 'Exit full screen' }).click();
    await page.waitForFunction(() => document.fullscreenElement === null, undefined, { timeout: 10_000 });
    await page.close();
  });

  it('with a mirrored webcam the offsets view says it shows the unmirrored image the model receives', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=detect,offsets&src=webcam');
    await modelReady(page, /C3_AKConv/);
    const note = page.getByTestId('offsets-unmirrored');
    await note.waitFor({ timeout: 120_000 });
    expect(await note.textContent()).toMatch(/^The detection frame is mirrored/);
    await page.getByRole('checkbox', { name: 'Mirror camera' }).uncheck();
    await note.waitFor({ state: 'detached', timeout: 10_000 });
    await page.close();
  });

  it("the explainer steps through one output pixel from the keyboard, showing the engine's numbers for the frame", { timeout: 300_000 }, async () => {
    const page = await app().open('?backend=wasm&size=64&panels=detect,explain&px=0,1');
    await modelReady(page, /C3_AKConv/);
    type Trace = { pixel: [number, number]; base: { row: number; col: number }; output: number[] };
    const trace = () => page.evaluate(() => (globalThis as unknown as { __akconv: { engine(): { explain?: { trace: Trace | null } | null } } }).__akconv.engine().explain?.trace ?? null);
    await page.waitForFunction(() => !!(globalThis as unknown as { __akconv: { engine(): { explain?: { trace: unknown } | null } } }).__akconv.engine().explain?.trace, undefined, { timeout: 120_000 });
    const t = (await trace())!;
    expect(t.pixel).toEqual([0, 1]);
    expect(await page.getByTestId('explain-base').textContent()).toBe(`(${t.base.row}, ${t.base.col})`);
    // The slider takes the keyboard: End jumps to (g), the link keeps the step.
    await page.getByRole('slider', { name: 'Step' }).focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('step') === '6', undefined, { timeout: 10_000 });
    expect(await page.getByTestId('explain-step-title').textContent()).toMatch(/^\(g\) Column conv/);
    const shown = (await page.getByTestId('explain-output-value').allTextContents()).map(Number);
    expect(shown.length).toBeGreaterThan(0);
    shown.forEach((v, k) => expect(Math.abs(v - t.output[k]!)).toBeLessThanOrEqual(5e-5));
    // Left arrow steps back; Shift+Tab reaches the Next button, whose Enter steps forward again.
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('step') === '5', undefined, { timeout: 10_000 });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('step') === '6', undefined, { timeout: 10_000 });
    await page.close();
  });

  it('saves the panels as files: grid figures as SVG (N numbered points) and PNG, the drawn shape as code, the frame, the 3D view at 2x, the offsets image, the chart, the model table', { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&backend=wasm&size=64&panels=detect,grid,offsets,model', { width: 1280, height: 900 });
    await modelReady(page, /C3_AKConv/);
    // The frame and the offsets view take their sizes from the first result: sizes read before it would change.
    await framesAbove(page, 0, 60_000);
    await page.locator('.offsets-legend[aria-hidden="false"]').waitFor({ timeout: 60_000 });

    const svg = await saved(page, page.getByRole('button', { name: 'Download the ij p_n figure as SVG' }));
    expect(svg.name).toBe('akconv-pn-5-ij.svg');
    const text = svg.bytes.toString('utf8');
    expect(text).toMatch(/^<\?xml[^>]*\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const numbers = [...text.matchAll(/<g class="point"[^>]*>\s*<circle[^>]*\/>\s*<text[^>]*>(\d+)<\/text>/g)].map((m) => m[1]);
    expect(numbers).toEqual(['0', '1', '2', '3', '4']);
    const [, w, h] = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(text) ?? [];
    expect(pngSize((await saved(page, page.getByRole('button', { name: 'Download the ij p_n figure as PNG' }))).bytes)).toEqual({ width: 2 * Number(w), height: 2 * Number(h) });

    await page.getByRole('button', { name: 'Copy the ij p_n figure as PyTorch code' }).click();
    await page.getByRole('button', { name: 'Copy the ij p_n figure as PyTorch code' }).filter({ hasText: 'Copied' }).waitFor({ timeout: 10_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('P_N_ROWS = [0, 0, 1, 1, 2]');
    expect(copied).toContain('P_N_COLS = [0, 1, 0, 1, 0]');

    // A drawn shape, saved as code before it is applied: rows then columns in the order drawn.
    await page.getByRole('button', { name: 'Row 2, column 1' }).click();
    await page.getByRole('button', { name: 'Row 0, column 3' }).click();
    const code = (await saved(page, page.getByRole('button', { name: 'Download the drawn shape as PyTorch code' }))).bytes.toString('utf8');
    expect(code).toContain('P_N_ROWS = [2, 0]');
    expect(code).toContain('P_N_COLS = [1, 3]');

    const frame = await page.getByTestId('main-canvas').evaluate((c) => ({ width: (c as HTMLCanvasElement).width, height: (c as HTMLCanvasElement).height }));
    expect(pngSize((await saved(page, page.getByRole('button', { name: 'Download the detection frame as PNG' }))).bytes)).toEqual(frame);

    const host = page.locator('.offsets-3d-host');
    await host.locator('canvas').waitFor({ timeout: 60_000 });
    const view = await host.evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
    const shot = await saved(page, page.getByRole('button', { name: 'Download the 3D view as PNG' }));
    expect(shot.name).toBe('akconv-offsets-3d.png');
    expect(pngSize(shot.bytes)).toEqual({ width: 2 * view.width, height: 2 * view.height });
    expect(pngColours(shot.bytes)).toBeGreaterThan(50);

    const overlay = await page.locator('.offsets-overlay-image').evaluate((c) => ({ width: (c as HTMLCanvasElement).width, height: (c as HTMLCanvasElement).height }));
    expect(pngSize((await saved(page, page.getByRole('button', { name: 'Download the image with its samples as PNG' }))).bytes)).toEqual(overlay);

    const chart = (await saved(page, page.getByRole('button', { name: 'Download the parameter chart as SVG' }))).bytes.toString('utf8');
    expect(chart).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(chart).toMatch(/<text[^>]*>AKConv, N samples: N·C² \+ 18N·C \+ 2N<\/text>/);
    expect(chart).not.toContain('class=');

    const table = pngSize((await saved(page, page.getByRole('button', { name: 'Download the model table as PNG' }))).bytes);
    const rows = await page.locator('.model-panel table tr').count();
    expect(table.height).toBe(2 * rows * 23);
    await page.close();
  });
});
