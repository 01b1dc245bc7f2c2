/**
 * The catalogue of user actions the soak draws from, each with its weight.
 * An action does what a user does (clicks, picks, opens files, navigates)
 * through the app's own controls, found by their labels; when the control
 * lives in a panel that is not shown, the action ticks that panel first, as
 * a user would. Every wait is for a state and has a time-out; a time-out is
 * a "hang" (the runner catches it).
 */
import type { Locator, Page } from 'playwright-core';
import { UNTRAINED_CONFIGS } from '../../src/common/choices';
import { MODEL_IDS } from '../../src/state/settings';
import type { Failure } from './invariants';
import type { InputFile, SoakInputs } from './inputs';
import type { PageSnapshot } from './instrument';
import type { Prng } from './prng';
import type { Settings } from '../../src/state/settings';
import { decodeSettings, encodeSettings } from '../../src/state/url';

export interface ActionContext {
  page: Page;
  rng: Prng;
  inputs: SoakInputs;
  /** The app's root URL (no query). */
  root: string;
  /** The query every document of the soak starts from (wasm, a small input size). */
  startQuery: string;
  snapshot(page?: Page): Promise<PageSnapshot>;
  /** Waits until the page's engine has a model and is idle; a failure when it does not. */
  settle(page: Page): Promise<Failure[]>;
  /** Opens `url` in a new tab of the same profile (closed by the caller). */
  newPage(url: string): Promise<Page>;
  /** Back at the starting settings: tensors and heap against the first time there. */
  checkpoint(): Promise<Failure[]>;
}

export interface ActionResult {
  detail: string;
  failures?: Failure[];
}

export interface Action {
  weight: number;
  run(ctx: ActionContext): Promise<string | ActionResult>;
}

const WAIT = { timeout: 15_000 };

const PANEL_LABELS = { detect: 'Detection', grid: 'Sampling grid', offsets: 'Learned offsets', model: 'Model', explain: 'One output pixel' } as const;
type Panel = keyof typeof PANEL_LABELS;

function panelBox(page: Page, panel: Panel): Locator {
  return page.locator('.panel-toggles label').filter({ hasText: new RegExp(`^\\s*${PANEL_LABELS[panel]}\\s*$`) }).locator('input');
}

/** Ticks a panel if it is not shown (what a user does to reach its controls). */
async function showPanel(page: Page, panel: Panel): Promise<void> {
  const box = panelBox(page, panel);
  if (!(await box.isChecked(WAIT))) await box.check(WAIT);
}

async function openFile(ctx: ActionContext, file: InputFile): Promise<string> {
  await showPanel(ctx.page, 'detect');
  await ctx.page.setInputFiles('[data-testid=image-input]', { name: file.name, mimeType: file.mimeType, buffer: file.buffer }, WAIT);
  return file.name;
}

/** Drops the file on the frame, or pastes it, as the browser delivers a real one. */
async function deliverFile(ctx: ActionContext, file: InputFile, how: 'drop' | 'paste'): Promise<string> {
  await showPanel(ctx.page, 'detect');
  const script = String.raw`(({ how, b64, name, type }) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name, { type }));
    if (how === 'drop') document.querySelector('.stage').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    else window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
  })(${JSON.stringify({ how, b64: file.buffer.toString('base64'), name: file.name, type: file.mimeType })})`;
  await ctx.page.evaluate(script);
  return `${how} ${file.name}`;
}

async function openModelFile(ctx: ActionContext, file: InputFile): Promise<string> {
  await ctx.page.setInputFiles('[data-testid=model-input]', { name: file.name, mimeType: file.mimeType, buffer: file.buffer }, WAIT);
  return file.name;
}

/** A model id the pickers offer; untrained ones mostly at scale n (s now and then: the larger ones take minutes on wasm). */
function someModel(ctx: ActionContext, withOwn: boolean): string {
  const kind = ctx.rng.weighted({ bundled: 6, untrained: 3, own: withOwn ? 1 : 0 });
  if (kind === 'own') return 'custom';
  if (kind === 'untrained') return `${ctx.rng.pick(UNTRAINED_CONFIGS)}-${ctx.rng.chance(0.15) ? 's' : 'n'}`;
  return ctx.rng.pick(MODEL_IDS.slice(0, 3));
}

/**
 * A click at a random point of `target`, with the mouse at page coordinates:
 * a frame or overlay redrawn for every camera frame is never "stable" for
 * Playwright's locator.click, but a user clicks it all the same.
 */
async function clickAt(ctx: ActionContext, target: Locator): Promise<string> {
  await target.evaluate('(el) => el.scrollIntoView({ block: "center" })', undefined, WAIT);
  const box = await target.boundingBox(WAIT);
  const x = Math.round(ctx.rng.next() * ((box?.width ?? 1) - 1));
  const y = Math.round(ctx.rng.next() * ((box?.height ?? 1) - 1));
  if (!box || box.width < 1 || box.height < 1) return 'not on screen';
  await ctx.page.mouse.click(box.x + x, box.y + y);
  return `at ${x},${y} of ${Math.round(box.width)}x${Math.round(box.height)}`;
}

/** Hostile or broken links people send: stray %, bad values, out-of-range numbers, unknown keys. */
export const HOSTILE_QUERIES = [
  'n=7&note=100%',
  'conf=%ZZ',
  '%E0%A4%A',
  'sample=9',
  'vs=akconv-ij',
  'model=yolov5n&vs=yolov5n',
  'conf=1e308&iou=-3&n=99999999999999999999&maxdet=0.5',
  'size=1000000',
  'px=99999,99999&cam=nan,1,2',
  'cls=999,1000',
  'foo=bar&__proto__=x&constructor=1',
  'src=webcam',
  'model=custom&src=image',
  'conf=0.3&conf=0.4',
];

const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
  { width: 844, height: 390 },
];

export const ACTIONS = {
  camera: {
    weight: 6,
    async run(ctx) {
      await showPanel(ctx.page, 'detect');
      const stop = ctx.page.locator('.source-bar button', { hasText: 'Stop camera' });
      if (await stop.count()) {
        await stop.click(WAIT);
        return 'Stop camera';
      }
      await ctx.page.locator('.source-bar button', { hasText: 'Start camera' }).click(WAIT);
      return 'Start camera';
    },
  },
  cameraDenied: {
    weight: 2,
    async run(ctx) {
      await showPanel(ctx.page, 'detect');
      const start = ctx.page.locator('.source-bar button', { hasText: 'Start camera' });
      if (!(await start.count())) return 'camera already running';
      await ctx.page.evaluate("sessionStorage.setItem('soak-deny-camera', '1')");
      try {
        await start.click(WAIT);
        await ctx.page.locator('.notices li', { hasText: 'Camera access was denied' }).waitFor(WAIT);
      } finally {
        await ctx.page.evaluate("sessionStorage.removeItem('soak-deny-camera')");
      }
      return 'Start camera, denied';
    },
  },
  sample: {
    weight: 6,
    async run(ctx) {
      await showPanel(ctx.page, 'detect');
      const i = ctx.rng.int(0, 3);
      await ctx.page.selectOption('select[aria-label="Sample photo"]', String(i), WAIT);
      return `sample ${i}`;
    },
  },
  openImage: { weight: 5, run: (ctx) => openFile(ctx, ctx.rng.pick(ctx.inputs.goodImages)) },
  dropOrPasteImage: { weight: 2, run: (ctx) => deliverFile(ctx, ctx.rng.pick(ctx.inputs.goodImages), ctx.rng.pick(['drop', 'paste'] as const)) },
  openBadImage: { weight: 2, run: (ctx) => openFile(ctx, ctx.rng.pick(ctx.inputs.badImages)) },
  openVideo: { weight: 3, run: (ctx) => openFile(ctx, ctx.inputs.goodVideo) },
  openBadVideo: { weight: 2, run: (ctx) => openFile(ctx, ctx.inputs.badVideo) },
  openModel: { weight: 2, run: (ctx) => openModelFile(ctx, ctx.rng.pick(ctx.inputs.goodModels)) },
  openBadModel: { weight: 2, run: (ctx) => openModelFile(ctx, ctx.rng.pick(ctx.inputs.badModels)) },
  model: {
    weight: 5,
    async run(ctx) {
      const own = (await ctx.snapshot()).hasOwnModel;
      const id = someModel(ctx, own);
      await ctx.page.selectOption('[data-testid=model-select]', id, WAIT);
      return `model ${id}`;
    },
  },
  ab: {
    weight: 3,
    async run(ctx) {
      const snap = await ctx.snapshot();
      const current = String(snap.settings?.['model'] ?? '');
      const roll = ctx.rng.next();
      // A third: none; a fifth: the model already running (the picker must not offer it: a model beside itself compares nothing).
      const id = roll < 0.33 ? '' : roll < 0.53 && current !== 'custom' ? current : someModel(ctx, false);
      const picker = ctx.page.getByLabel('A/B with');
      const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      if (!offered.includes(id)) return `A/B ${id} not offered`;
      await picker.selectOption(id, WAIT);
      return `A/B ${id || 'none'}`;
    },
  },
  threshold: {
    weight: 5,
    async run(ctx) {
      await showPanel(ctx.page, 'detect');
      const which = ctx.rng.pick(['conf', 'iou', 'maxdet'] as const);
      const value = which === 'maxdet' ? String(ctx.rng.int(1, 300)) : (ctx.rng.int(which === 'conf' ? 1 : 5, which === 'conf' ? 99 : 95) / 100).toFixed(2);
      await ctx.page.locator(`#${which}`).fill(value, WAIT);
      return `${which} ${value}`;
    },
  },
  inputSize: {
    weight: 3,
    async run(ctx) {
      await showPanel(ctx.page, 'detect');
      const size = ctx.rng.chance(0.1) ? ctx.rng.pick([320, 416, 640]) : ctx.rng.int(2, 8) * 32;
      await ctx.page.locator('#imgsz').fill(String(size), WAIT);
      return `input size ${size}`;
    },
  },
  classFilter: {
    weight: 3,
    async run(ctx) {
      await showPanel(ctx.page, 'detect');
      const filter = ctx.page.getByTestId('class-filter');
      const what = ctx.rng.pick(['All', 'None', 'toggle', 'search'] as const);
      if (what === 'All' || what === 'None') {
        await filter.getByRole('button', { name: what, exact: true }).click(WAIT);
        return `classes ${what}`;
      }
      if (what === 'search') {
        const text = ctx.rng.pick(['pe', 'car', 'zz', '']);
        await filter.getByRole('searchbox').fill(text, WAIT);
        return `class search "${text}"`;
      }
      const boxes = filter.locator('input[type=checkbox]');
      const n = await boxes.count();
      if (!n) return 'no classes listed';
      const i = ctx.rng.int(0, Math.min(n, 12) - 1);
      await boxes.nth(i).click(WAIT);
      return `class checkbox ${i}`;
    },
  },
  panel: {
    weight: 4,
    async run(ctx) {
      const panel = ctx.rng.pick(Object.keys(PANEL_LABELS) as Panel[]);
      await panelBox(ctx.page, panel).click(WAIT);
      return `panel ${panel}`;
    },
  },
  numParam: {
    weight: 3,
    async run(ctx) {
      await showPanel(ctx.page, 'grid');
      const n = ctx.rng.int(1, 16);
      const box = ctx.page.getByRole('spinbutton', { name: 'Samples N (num_param)' });
      await box.fill(String(n), WAIT);
      await box.press('Enter', WAIT);
      return `N ${n}`;
    },
  },
  shapePreset: {
    weight: 2,
    async run(ctx) {
      await showPanel(ctx.page, 'grid');
      const presets = ctx.page.locator('button.sg-preset');
      const i = ctx.rng.int(0, Math.max(0, (await presets.count()) - 1));
      await presets.nth(i).click(WAIT);
      return `preset ${i}`;
    },
  },
  drawShape: {
    weight: 2,
    async run(ctx) {
      await showPanel(ctx.page, 'grid');
      const cells = ctx.page.locator('button.sg-editor-cell');
      const n = await cells.count();
      const picked: number[] = [];
      for (let k = ctx.rng.int(1, 5); k > 0; k--) picked.push(ctx.rng.int(0, n - 1));
      for (const i of picked) await cells.nth(i).click(WAIT);
      if (ctx.rng.chance(0.2)) {
        await ctx.page.locator('.sg-buttons button', { hasText: 'Reset' }).click(WAIT);
        return `cells ${picked.join(',')}, Reset`;
      }
      await ctx.page.locator('.sg-buttons button', { hasText: 'Apply to model' }).click(WAIT);
      return `cells ${picked.join(',')}, Apply`;
    },
  },
  pixelClick: {
    weight: 3,
    async run(ctx) {
      await showPanel(ctx.page, 'offsets');
      const overlay = ctx.page.locator('svg.offsets-overlay-svg');
      if (!(await overlay.count())) return 'no overlay yet';
      return `offsets pixel ${await clickAt(ctx, overlay.first())}`;
    },
  },
  detectionClick: {
    weight: 2,
    async run(ctx) {
      await showPanel(ctx.page, 'detect');
      return `frame click ${await clickAt(ctx, ctx.page.getByTestId('main-canvas'))}`;
    },
  },
  explainStep: {
    weight: 3,
    async run(ctx) {
      await showPanel(ctx.page, 'explain');
      const controls = ctx.page.getByRole('group', { name: 'Explainer steps' });
      if (!(await controls.count())) return 'no explainer controls yet';
      const which = ctx.rng.pick(['Next step', 'Previous step', 'Play', 'Pause'] as const);
      const button = which === 'Play' || which === 'Pause' ? controls.getByRole('button', { name: which, exact: true }) : controls.getByRole('button', { name: which });
      if (!(await button.count()) || (await button.isDisabled())) return `${which} not offered`;
      await button.click(WAIT);
      return which;
    },
  },
  copyLink: {
    weight: 3,
    async run(ctx) {
      const before = await ctx.snapshot();
      await ctx.page.getByTestId('copy-link').click(WAIT);
      await ctx.page.waitForFunction('globalThis.__soak.snapshot().copied !== null', undefined, WAIT);
      const link = (await ctx.snapshot()).copied ?? '';
      const failures = await checkCopiedLink(ctx, before, link);
      return { detail: `Copy link ${link.slice(ctx.root.length) || '(root)'}`, failures };
    },
  },
  back: {
    weight: 4,
    async run(ctx) {
      const response = await ctx.page.goBack({ waitUntil: 'commit', timeout: 30_000 });
      return response === null ? 'Back (same document or none)' : 'Back (another document)';
    },
  },
  forward: {
    weight: 2,
    async run(ctx) {
      const response = await ctx.page.goForward({ waitUntil: 'commit', timeout: 30_000 });
      return response === null ? 'Forward (same document or none)' : 'Forward (another document)';
    },
  },
  resize: {
    weight: 2,
    async run(ctx) {
      const v = ctx.rng.pick(VIEWPORTS);
      await ctx.page.setViewportSize(v);
      return `viewport ${v.width}x${v.height}`;
    },
  },
  hostileLink: {
    weight: 2,
    async run(ctx) {
      const q = ctx.rng.pick(HOSTILE_QUERIES);
      await ctx.page.goto(`${ctx.root}?${ctx.startQuery}&${q}`, { waitUntil: 'load', timeout: 60_000 });
      return `open ?${ctx.startQuery}&${q}`;
    },
  },
  reload: {
    weight: 1,
    async run(ctx) {
      await ctx.page.reload({ waitUntil: 'load', timeout: 60_000 });
      return 'reload';
    },
  },
  wait: {
    weight: 2,
    async run(ctx) {
      // The action itself is "wait a moment" (a user reading): the only fixed sleep of the soak.
      const ms = ctx.rng.int(200, 2000);
      await ctx.page.waitForTimeout(ms);
      return `wait ${ms} ms`;
    },
  },
  checkpoint: {
    weight: 3,
    async run(ctx) {
      return { detail: 'back to the starting settings', failures: await ctx.checkpoint() };
    },
  },
} satisfies Record<string, Action>;

export type ActionKind = keyof typeof ACTIONS;

/**
 * "Copy link" opened in a new page: the link the app wrote must decode
 * without a refused value to what the page showed (a file or own model is
 * never in a link), and the new page must open on those settings.
 */
async function checkCopiedLink(ctx: ActionContext, before: PageSnapshot, link: string): Promise<Failure[]> {
  type S = Settings;
  const failures: Failure[] = [];
  const fail = (message: string) => failures.push({ invariant: 'copy-link-mismatch', message });
  const query = link.includes('?') ? link.slice(link.indexOf('?')) : '';
  const decoded = decodeSettings(query);
  if (decoded.notices.length) fail(`the copied link ${query} is refused by the app's own codec: ${decoded.notices.join(' | ')}`);
  const shown = before.settings as unknown as S | null;
  const withFiles = !!shown && (shown.source === 'image' || shown.source === 'video' || shown.model === 'custom' || shown.compare === 'custom');
  if (shown && !withFiles && encodeSettings(decoded.settings) !== encodeSettings(shown)) fail(`the copied link says "${encodeSettings(decoded.settings)}", the page showed "${encodeSettings(shown)}"`);
  const page = await ctx.newPage(link);
  try {
    failures.push(...(await ctx.settle(page)));
    const opened = await ctx.snapshot(page);
    const got = opened.settings as unknown as S | null;
    if (!got) fail('the copied link opened a page without settings');
    else if (!withFiles && encodeSettings(got) !== encodeSettings(decoded.settings)) fail(`the copied link opened on "${encodeSettings(got)}", it says "${encodeSettings(decoded.settings)}"`);
  } finally {
    await page.close();
  }
  return failures;
}
