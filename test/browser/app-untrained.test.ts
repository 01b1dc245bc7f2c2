/**
 * The untrained ("architecture only") models in the real app: the seed's own
 * model at scale l with its table, every config at every scale loading and
 * running on WASM at 64 x 64, hidden boxes, perturbed offsets, a dropped
 * .yaml, and no tensors left behind. One page, to keep it short.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { UNTRAINED_MODEL_IDS } from '../../src/common/choices';
import { untrainedLabel } from '../../src/common/bundled-models';
import { readFixtureText } from '../helpers/fixtures';
import type { AppDebug } from './use-app';
import { modelReady, useApp } from './use-app';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Switches the main model and waits until it ran one detection (the still photo) after loading. */
async function switchTo(page: Page, id: string): Promise<void> {
  const before = await page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine().forwardCount);
  await page.evaluate((m) => (globalThis as unknown as { __akconv: AppDebug }).__akconv.state().update({ model: m }), id);
  const label = untrainedLabel(id as (typeof UNTRAINED_MODEL_IDS)[number]);
  await modelReady(page, new RegExp(`^${escape(label)}$`));
  // A detection by this model: a re-detection still queued for the one before also counts a forward.
  await page.waitForFunction(
    ([b, l]) => {
      const e = (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine();
      return e.forwardCount > (b as number) && e.latest?.main?.modelLabel === l && !e.busy;
    },
    [before, label] as const,
    { timeout: 120_000 },
  );
}

const tableParams = (page: Page) => page.locator('.model-panel tbody tr td:nth-child(4)').allTextContents();

describe('untrained models in the app', () => {
  const app = useApp();

  it('the seed\'s model at its own scale, every scale on WASM, hidden boxes, perturbed offsets, a dropped .yaml', { timeout: 600_000 }, async () => {
    const page = await app().open('?model=seed-det-n&backend=wasm&size=64&panels=detect,offsets,model');
    await modelReady(page, /the seed's config\) — untrained$/);
    await page.waitForFunction(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine().forwardCount > 0, undefined, { timeout: 120_000 });
    expect(await page.locator('.model-panel').textContent()).toContain('1,780,771 parameters');
    const baseline = await page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine().numTensors);

    // Untrained: said in the status line and the model panel; boxes hidden until asked for.
    expect(await page.getByTestId('model-label').textContent()).toMatch(/untrained$/);
    await page.getByTestId('untrained-note').waitFor();
    await page.getByTestId('untrained-boxes').waitFor();
    expect(await page.locator('.detect-panel').textContent()).not.toMatch(/\d+ detections? —/);
    await page.getByTestId('show-untrained-boxes').check();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('raw') === '1', undefined, { timeout: 10_000 });

    // The offsets panel explains the zero p_conv and perturbs it.
    await page.getByTestId('untrained-offsets').waitFor({ timeout: 60_000 });
    await page.getByTestId('offset-noise').fill('0.5');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('jitter') === '0.5', undefined, { timeout: 10_000 });

    // Every config at every scale loads and runs a forward pass at 64 x 64.
    for (const id of UNTRAINED_MODEL_IDS.filter((m) => m !== 'seed-det-n')) {
      await switchTo(page, id);
      if (id === 'seed-det-l') {
        expect(await page.locator('.model-panel').textContent()).toContain('41,928,079 parameters');
        const seed = (JSON.parse(readFixtureText('info/det_l.json')) as { layers: { params: number }[] }).layers;
        expect(await tableParams(page)).toEqual(seed.map((l) => l.params.toLocaleString('en-US')));
        expect(await page.getByTestId('weights-memory').textContent()).toMatch(/^Weights: 16\d\.\d MB as float32/);
      }
      if (id === 'seed-seg-l') expect(await page.locator('.model-panel').textContent()).toContain('43,289,327 parameters');
      if (id === 'seed-det-x') {
        // "Time each layer" at the largest scale (no warning at 64 x 64): one ms per row, the button back.
        await page.getByTestId('time-layers').click();
        await page.getByTestId('layer-ms-sum').waitFor({ timeout: 300_000 });
        expect(await page.getByTestId('layer-ms').count()).toBe(25);
        expect(await page.getByTestId('timing-warning').count()).toBe(0);
      }
    }

    // Back to the first: what the others held is freed (the noise setting replaced p_conv in place).
    await switchTo(page, 'seed-det-n');
    expect(await page.evaluate(() => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine().numTensors)).toBe(baseline);

    // A .yaml alone opens untrained; a bad one gets one sentence and the model stays.
    const drop = (name: string, text: string) =>
      page.evaluate(
        ([n, t]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([t as string], n as string));
          document.querySelector('[data-testid=model-drop]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        [name, text],
      );
    await drop('bad.yaml', readFixtureText('configs/ldconv_yolov5n.yaml').replace('LDConv', 'DCNv2'));
    await page.locator('[data-testid=notice-error]', { hasText: "bad.yaml: unsupported module 'DCNv2'" }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('model-label').textContent()).toBe(untrainedLabel('seed-det-n'));
    await drop('mine.yaml', readFixtureText('configs/ldconv_yolov5n.yaml'));
    await modelReady(page, /^mine\.yaml — untrained$/);
    expect(await page.locator('.model-panel').textContent()).toContain('1,655,097 parameters');
    await page.close();
  });
});
