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
  /** Tensors alive where the engine runs (its worker). */
  numTensors(): number;
  state(): {
    settings: Record<string, unknown>;
    update(p: object): void;
  };
  /** The engine's snapshot (src/runtime/protocol.ts, EngineSnapshot). */
  engine(): {
    thread: { kind: 'worker' | 'main'; reason: string | null };
    backend: { backend: string; reason: string | null } | null;
    main: { label: string } | null;
    busy: unknown;
    frames: number;
    forwardCount: number;
    numTensors: number;
    fps: number | null;
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
      const d = (globalThis as unknown as { __akconv?: AppDebug }).__akconv?.engine();
      return !!d && !d.busy && new RegExp(src).test(d.main?.label ?? '');
    },
    label.source,
    { timeout: 240_000 },
  );
}
