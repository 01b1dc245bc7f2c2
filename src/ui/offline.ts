/// <reference types="vite-plugin-pwa/client" />
/**
 * The service worker, as the page sees it: whether everything the app needs
 * is cached ("works offline"), and whether a new deployment waits for the
 * user's reload. In the dev server there is none (vite.config.ts), and both
 * stay false.
 */
import { useSyncExternalStore } from 'react';
import { registerSW } from 'virtual:pwa-register';
import { afterFirstResult } from '../runtime/first-result';

/**
 * Registering installs the service worker, which precaches every file of the
 * build, the three bundled models (10.7 MB) included: on a first visit that
 * download competed with the engine's own downloads and the page's work, so
 * it now waits for the first detection, or this long when none comes.
 */
const REGISTER_AT_THE_LATEST_MS = 15_000;

export interface OfflineState {
  /** The app shell, wasm, samples and models are cached: the app loads and detects without network. */
  ready: boolean;
  /** A new version is installed and waits for "Reload". */
  updateWaiting: boolean;
}

let state: OfflineState = { ready: false, updateWaiting: false };
const listeners = new Set<() => void>();
let activateUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null;

function set(patch: Partial<OfflineState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

/** Registers the service worker once, after the first detection (called at start-up, main.tsx). */
export function startOffline(): void {
  afterFirstResult(register, REGISTER_AT_THE_LATEST_MS);
}

function register(): void {
  activateUpdate = registerSW({
    onOfflineReady: () => set({ ready: true }),
    onNeedRefresh: () => set({ updateWaiting: true }),
    // A later visit: the worker that cached everything is already active (onOfflineReady fired on the first).
    onRegisteredSW: (_url, registration) => {
      if (registration?.active) set({ ready: true });
    },
  });
}

/** Takes the waiting version into use and reloads the page on it. */
export function reloadOnUpdate(): void {
  void activateUpdate?.(true);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getOfflineState(): OfflineState {
  return state;
}

export function useOffline(): OfflineState {
  return useSyncExternalStore(subscribe, () => state, () => state);
}
