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
    /** The latest frame's results (null before the first detection). */
    latest: { main: { modelLabel: string } | null } | null;
  };
  /** What the user looks at (src/ui/viewer/viewer.ts), as main.tsx exposes it. */
  viewer(): {
    live: 'none' | 'webcam' | 'video';
    fileName: string | null;
    size: { width: number; height: number };
    /** The engine's frame id of the frame on screen, once its result came. */
    frameId: number | null;
    /** Its number of detections (null while it is being detected). */
    detected: number | null;
  };
};

/** Waits until the frame on screen has its own result (with at least `min` detections). */
export async function frameDetected(page: Page, min = 0, timeout = 120_000): Promise<void> {
  await page.waitForFunction((k) => ((globalThis as unknown as { __akconv: AppDebug }).__akconv.viewer().detected ?? -1) >= k, min, { timeout });
}

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

/** Waits until the engine has finished more than `n` frames. */
export async function framesAbove(page: Page, n: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction((k) => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine().frames > k, n, { timeout });
}

/**
 * Waits until the engine's frame count has stood still for `quietMs` (no frame
 * in flight finishes late), and returns it. A source that never stops fails.
 */
export async function settledFrames(page: Page, quietMs = 1000, timeout = 60_000): Promise<number> {
  return page.evaluate(
    ({ quietMs, timeout }) =>
      new Promise<number>((resolve, reject) => {
        const read = () => (globalThis as unknown as { __akconv: AppDebug }).__akconv.engine().frames;
        const start = performance.now();
        let last = read();
        let since = start;
        const tick = () => {
          const n = read();
          const now = performance.now();
          if (n !== last) [last, since] = [n, now];
          if (now - since >= quietMs) resolve(n);
          else if (now - start > timeout) reject(new Error(`frames still coming after ${timeout} ms (at ${n})`));
          else setTimeout(tick, 50);
        };
        tick();
      }),
    { quietMs, timeout },
  );
}
