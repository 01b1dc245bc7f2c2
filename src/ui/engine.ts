/**
 * The app's engine, made once in `main.tsx`, and how it follows the store:
 * a subscription made outside React sends the engine the settings that
 * change what it runs; its notices go to the store. Components reach the
 * engine through context (`app-context.tsx`), never through a module global,
 * so a panel renders in a test over any engine.
 */
import type { Engine } from '../runtime/engine-client';
import { createEngine } from '../runtime/engine-client';
import type { EngineSettings } from '../runtime/protocol';
import type { Settings } from '../state/settings';
import { shownPanels } from '../state/shown-panels';
import type { NoticeKind } from '../state/store';

/**
 * `?engine=main` runs the engine on the page's thread (to compare, or to
 * debug). The codec reads it (`readPageLink` in url-sync.ts: nothing else on
 * the page parses the raw query), and that first reading makes the address
 * bar canonical before the engine exists, so tfjs, which parses the page's
 * query itself when the engine on the page imports it, never meets a
 * malformed one: main.tsx passes this function that reading's answer.
 */
export function createAppEngine(engineOnPage: boolean): Engine {
  return createEngine(engineOnPage ? { forceMainThread: 'asked for by the link (engine=main)' } : {});
}

export function engineSettings(s: Settings): EngineSettings {
  const shown = shownPanels(s);
  return {
    backend: s.backend,
    model: s.model,
    compare: s.compare,
    convention: s.convention,
    customShape: s.customShape,
    imageSize: s.imageSize,
    conf: s.conf,
    iou: s.iou,
    maxDet: s.maxDet,
    classes: s.classes,
    offsets: { open: shown.includes('offsets'), layer: s.layer },
    explain: { open: shown.includes('explain'), pixel: shown.includes('explain') ? s.pixel : null },
    offsetNoise: s.offsetNoise,
  };
}

/** The part of the store the binding reads (zustand's `useAppStore` fits). */
export interface EngineStore {
  getState(): { settings: Settings; notify(kind: NoticeKind, text: string, topic?: string): void; resolve(topic: string): void };
  subscribe(listener: (state: { settings: Settings }) => void): () => void;
}

/** Starts the engine on the store's settings and keeps it in step; call once, after the URL was read. */
export function bindEngineToStore(engine: Engine, store: EngineStore): () => void {
  let sent = '';
  const follow = (s: Settings) => {
    const next = engineSettings(s);
    const key = JSON.stringify(next);
    if (key === sent) return;
    sent = key;
    engine.configure(next);
  };
  follow(store.getState().settings);
  const unsubscribe = store.subscribe((state) => follow(state.settings));
  const unNotice = engine.onNotice((n) => store.getState().notify(n.level, n.text, n.topic));
  // Another model running ends what was said about loading the one before ("Loaded mine.pt", a failed load).
  let running = engine.getSnapshot().main;
  const unModel = engine.subscribe(() => {
    const main = engine.getSnapshot().main;
    if (main?.id === running?.id && main?.label === running?.label) return;
    running = main;
    store.getState().resolve('model');
  });
  return () => {
    unsubscribe();
    unNotice();
    unModel();
  };
}
