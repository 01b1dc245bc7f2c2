/**
 * Links that are not valid percent-encoding (a stray `%`, a link cut short by
 * a chat app) in the production build: the app renders, detects, keeps every
 * parameter it can read, names the part it ignored in a notice, and leaves the
 * canonical link in the address bar. Also with `engine=main`, where tfjs runs
 * on the page and parses the page's query itself when it is first evaluated.
 * Any page error (tfjs's `URIError: URI malformed` was one) fails the file
 * (use-app.ts).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AppDebug } from './use-app';
import { framesAbove, modelReady, useApp } from './use-app';

const app = useApp();

/** A small, quick setup; each case appends its stray part last (a link cut short ends with it). */
const BASE = 'backend=wasm&model=yolov5n&size=96&panels=detect';

const LINKS: { stray: string; ignored: string; kept?: { key: string; value: unknown } }[] = [
  { stray: 'n=7&note=100%', ignored: 'note=100%', kept: { key: 'numParam', value: 7 } },
  { stray: 'conf=%ZZ', ignored: 'conf=%ZZ' },
  { stray: '%E0%A4%A', ignored: '%E0%A4%A' },
];

const CASES = LINKS.flatMap((link) => [
  { ...link, engine: 'worker' as const, query: `?${BASE}&${link.stray}` },
  { ...link, engine: 'main' as const, query: `?${BASE}&engine=main&${link.stray}` },
]);

const debug = (page: Page) => page.evaluate(() => {
  const d = (globalThis as unknown as { __akconv: AppDebug }).__akconv;
  return { settings: d.state().settings, thread: d.engine().thread.kind };
});

describe('links with malformed percent-encoding', () => {
  it.each(CASES)('?…&$stray with the engine on the $engine thread: renders, detects and names $ignored', { timeout: 300_000 }, async ({ query, ignored, kept, engine }) => {
    const page = await app().open(query);
    const notice = page.locator('[data-testid=notice-warning]', { hasText: `Ignored ${ignored}: it is not valid percent-encoding.` });
    await notice.waitFor({ timeout: 60_000 });
    await modelReady(page, /YOLOv5n/);
    await framesAbove(page, 0);
    // Not blank: the header and the detection panel are there.
    expect(await page.locator('#root header').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=detections]').count()).toBe(1);
    const { settings, thread } = await debug(page);
    expect(thread).toBe(engine);
    // What could be read was kept.
    expect(settings['backend']).toBe('wasm');
    expect(settings['imageSize']).toBe(96);
    if (kept) expect(settings[kept.key]).toBe(kept.value);
    // The address bar holds the canonical link: the ignored part gone, engine=main kept.
    const search = await page.evaluate(() => location.search);
    expect(() => decodeURIComponent(search)).not.toThrow();
    expect(search).not.toContain(ignored);
    expect(search.includes('engine=main')).toBe(engine === 'main');
    await page.close();
  });
});
