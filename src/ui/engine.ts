/**
 * The app's one engine and the one hook React reads it through. The engine
 * follows the store's settings through a subscription made once, outside
 * React; its notices go to the store. Components never hold model handles:
 * they read plain data from the snapshot and send frames and commands.
 */
import { useSyncExternalStore } from 'react';
import type { Engine } from '../runtime/engine-client';
import { createEngine } from '../runtime/engine-client';
import type { EngineSettings, EngineSnapshot } from '../runtime/protocol';
import type { Settings } from '../state/settings';
import { shownPanels } from '../state/shown-panels';
import { useAppStore } from '../state/store';
import { readPageLink } from '../state/url-sync';

/**
 * `?engine=main` runs the engine on the page's thread (to compare, or to
 * debug). The codec reads it (`readPageLink`: nothing else on the page parses
 * the raw query), and that first reading makes the address bar canonical
 * before the engine exists, so tfjs, which parses the page's query itself
 * when the engine on the page imports it, never meets a malformed one.
 */
const forceMainThread = typeof window !== 'undefined' && readPageLink(window).engineOnPage ? 'asked for by the link (engine=main)' : undefined;

export const engine: Engine = createEngine(forceMainThread ? { forceMainThread } : {});

function engineSettings(s: Settings): EngineSettings {
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
    offsets: { open: shownPanels(s).includes('offsets'), layer: s.layer },
    explain: { open: shownPanels(s).includes('explain'), pixel: shownPanels(s).includes('explain') ? s.pixel : null },
    offsetNoise: s.offsetNoise,
  };
}

/** Starts the engine on the store's settings and keeps it in step; call once, after the URL was read. */
export function bindEngineToStore(): void {
  let sent = '';
  const follow = (s: Settings) => {
    const next = engineSettings(s);
    const key = JSON.stringify(next);
    if (key === sent) return;
    sent = key;
    engine.configure(next);
  };
  follow(useAppStore.getState().settings);
  useAppStore.subscribe((state) => follow(state.settings));
  engine.onNotice((n) => useAppStore.getState().notify(n.level, n.text));
}

/** Reads part of the engine's snapshot; re-renders when that part changes (return snapshot fields, not new objects). */
export function useEngine<T>(select: (s: EngineSnapshot) => T): T {
  return useSyncExternalStore(engine.subscribe, () => select(engine.getSnapshot()));
}
