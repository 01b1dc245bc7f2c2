/**
 * The sampling-grid panel in the real app build: refused N values say why,
 * a slider drag is one history entry, Back restores the box, and the
 * panel's view settings travel in the link.
 * Only the grid panel is open and the backend is WASM, so the model's load
 * stays cheap and nothing here waits for a detection.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AppDebug } from './use-app';
import { modelReady, useApp } from './use-app';

const N_LABEL = 'Samples N (num_param)';

const numParam = (page: Page): Promise<unknown> =>
  page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.state().settings['numParam']);

const historyLength = (page: Page): Promise<number> => page.evaluate(() => history.length);

/** Back, then waits until the store holds `n` again. */
async function back(page: Page, n: number): Promise<void> {
  await page.evaluate(() => history.back());
  await page.waitForFunction(
    (want) => (globalThis as unknown as { __akconv?: AppDebug }).__akconv?.state().settings['numParam'] === want,
    n,
    { timeout: 10_000 },
  );
}

// One app (a preview server and a Chromium; the build is reused) for the whole file: each describe used to start its own.
const app = useApp();

describe('the sampling-grid N field in the app', () => {
  it('refuses 0, 65 and 2.5 with the reason; typing 9 + Enter then Back shows 5; a drag is one history entry', { timeout: 300_000 }, async () => {
    const page = await app().open('?panels=grid&backend=wasm');
    // The default model loads in the background and then adds badges above the controls: wait for it.
    await modelReady(page, /C3_AKConv/);
    await page.waitForFunction(() => !!(globalThis as unknown as { __akconv?: AppDebug }).__akconv, undefined, { timeout: 60_000 });
    const box = page.getByRole('spinbutton', { name: N_LABEL });
    const slider = page.getByRole('slider', { name: N_LABEL });
    await box.waitFor({ timeout: 60_000 });

    for (const [text, reason] of [
      ['0', '0 is less than 1, the smallest allowed.'],
      ['65', '65 is more than 64, the largest allowed.'],
      ['2.5', '2.5 is not a whole number; enter one from 1 to 64.'],
    ] as const) {
      await box.fill(text);
      await box.press('Enter');
      expect(await page.getByRole('alert').filter({ hasText: reason }).textContent()).toBe(`${reason} ${N_LABEL} stays 5.`);
      expect(await box.inputValue()).toBe('5');
      expect(await numParam(page)).toBe(5);
    }

    const before = await historyLength(page);
    await box.fill('9');
    await box.press('Enter');
    expect(await numParam(page)).toBe(9);
    await back(page, 5);
    expect(await box.inputValue()).toBe('5');
    expect(await slider.inputValue()).toBe('5');

    // Drag the slider thumb from N = 5 to about N = 40 in 20 pointer moves.
    const bounds = (await slider.boundingBox())!;
    const xAt = (n: number): number => bounds.x + ((n - 1) / 63) * bounds.width;
    const y = bounds.y + bounds.height / 2;
    await page.mouse.move(xAt(5), y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(xAt(5 + (35 * i) / 20), y);
    await page.mouse.up();
    const dragged = await numParam(page);
    expect(dragged).toBeGreaterThan(20);
    // Back from 9 left one forward entry, which the drag's push replaced: one entry past `before`.
    expect(await historyLength(page)).toBe(before + 1);
    await back(page, 5);
    expect(await box.inputValue()).toBe('5');
    await page.close();
  });

  it('Show arrows and the chart channels are in the link and come back from it', { timeout: 300_000 }, async () => {
    const page = await app().open('?panels=grid&backend=wasm');
    // The default model loads in the background and then adds badges above the controls: wait for it.
    await modelReady(page, /C3_AKConv/);
    const arrows = page.getByRole('checkbox', { name: 'Show arrows' });
    const channels = page.getByRole('combobox', { name: 'Channels C_in = C_out' });
    await arrows.waitFor({ timeout: 60_000 });
    await arrows.uncheck();
    await channels.selectOption('128');
    await page.waitForFunction(() => location.search.includes('arrows=0') && location.search.includes('ch=128'), undefined, { timeout: 10_000 });
    const again = await app().open(new URL(page.url()).search);
    await again.getByRole('checkbox', { name: 'Show arrows' }).waitFor({ timeout: 60_000 });
    expect(await again.getByRole('checkbox', { name: 'Show arrows' }).isChecked()).toBe(false);
    expect(await again.getByRole('combobox', { name: 'Channels C_in = C_out' }).inputValue()).toBe('128');
    await page.close();
    await again.close();
  });
});

describe('the grid convention follows the model', () => {
  it("a link's grid=ij on the xy-trained model is named in the status line; Use xy and the picker switch it", { timeout: 300_000 }, async () => {
    const page = await app().open('?model=akconv-xy&grid=ij&panels=grid&backend=wasm&size=64');
    const convention = (): Promise<unknown> =>
      page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.state().settings['convention']);
    const note = page.getByTestId('convention-mismatch');
    await note.waitFor({ timeout: 240_000 });
    expect(await note.textContent()).toMatch(/was trained with the xy grid; it runs with ij here\. Use xy$/);
    expect(await convention()).toBe('ij');
    await note.getByRole('button', { name: 'Use xy' }).click();
    await note.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await convention()).toBe('xy');
    // xy is akconv-xy's own grid: the link leaves it out.
    expect(new URL(page.url()).search).toBe('?model=akconv-xy&size=64&backend=wasm&panels=grid');
    await page.selectOption('[data-testid=model-select]', 'akconv-ij');
    expect(await convention()).toBe('ij');
    expect(new URL(page.url()).search).toBe('?size=64&backend=wasm&panels=grid');
    await page.close();
  });
});
