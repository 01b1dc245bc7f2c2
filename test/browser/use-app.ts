/**
 * Vitest glue for the app tests: one built app and Chromium per test file,
 * and what the tests read through the app's debug hook (`globalThis.__akconv`).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AppHarness } from './app-harness';
import { startApp } from './app-harness';

/** The app's debug hook, as the tests use it. */
export type AppDebug = {
  numTensors(): number;
  state(): {
    settings: Record<string, unknown>;
    runtime: { backend: { backend: string } | null; modelLabel: string | null; busy: unknown; frames: number };
    update(p: object): void;
  };
};

export function useApp(): () => AppHarness {
  let app: AppHarness | null = null;
  beforeAll(async () => {
    app = await startApp();
  }, 300_000);
  afterAll(async () => {
    const errors = app?.errors ?? [];
    await app?.close();
    // Uncaught exceptions, unhandled rejections and console errors (a failed request
    // included) in any page of the file fail it.
    expect(errors).toEqual([]);
  });
  return () => {
    if (!app) throw new Error('the app is not started (use it inside a test)');
    return app;
  };
}

/** Waits until the model whose label matches is loaded, warmed up and idle. */
export async function modelReady(page: Page, label: RegExp): Promise<void> {
  await page.waitForFunction(
    (src) => {
      const d = (globalThis as unknown as { __akconv?: AppDebug }).__akconv?.state().runtime;
      return !!d && !d.busy && new RegExp(src).test(d.modelLabel ?? '');
    },
    label.source,
    { timeout: 240_000 },
  );
}
