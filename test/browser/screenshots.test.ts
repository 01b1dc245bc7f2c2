/**
 * Opt-in (AKCONV_SCREENSHOTS=1): regenerates docs/screenshots/*.png for the
 * README from the real app build in headless Chromium.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { REPO_ROOT } from './harness';
import { startApp } from './app-harness';

const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');

describe.runIf(process.env['AKCONV_SCREENSHOTS'] === '1')('README screenshots (opt-in)', () => {
  it('captures each panel', { timeout: 900_000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const app = await startApp();
    try {
      const page = await app.open('?panels=detect,grid,offsets,model&size=256&px=3,5', { width: 1400, height: 1000 });
      await page.waitForFunction(() => document.querySelector('[data-testid=detections]')?.textContent?.includes('person') ?? false, undefined, { timeout: 600_000 });
      await page.locator('.offsets-panel', { hasText: 'Mean |offset|' }).waitFor({ timeout: 600_000 });
      await page.waitForTimeout(3000);
      // The sticky status line would cover the top of each panel's picture.
      await page.addStyleTag({ content: '.status-line { position: static; }' });
      await page.locator('.detect-panel').screenshot({ path: path.join(OUT, 'detection.png') });
      await page.locator('.sampling-grid').screenshot({ path: path.join(OUT, 'sampling-grid.png') });
      const offsets = page.locator('.offsets-panel');
      if (await offsets.count()) await offsets.first().screenshot({ path: path.join(OUT, 'offsets-3d.png') });
      await page.locator('.model-panel').screenshot({ path: path.join(OUT, 'model.png') });
      const phone = await app.open('?panels=detect,grid&size=256', { width: 390, height: 844 });
      await phone.waitForFunction(() => document.querySelector('[data-testid=detections]')?.textContent?.includes('person') ?? false, undefined, { timeout: 600_000 });
      await phone.screenshot({ path: path.join(OUT, 'phone.png') });
    } finally {
      await app.close();
    }
  });
});
