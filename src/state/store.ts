/**
 * The one store of the app (zustand). Settings live here and in the URL;
 * runtime state (the loaded model, the latest result, notices) lives beside
 * them but never in the URL.
 */
import { create } from 'zustand';
import type { BackendStatus } from '../runtime/browser-backends';
import type { Settings } from './settings';
import { DEFAULT_SETTINGS } from './settings';

export type NoticeKind = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

/** What the engine is doing, for the always-visible status line (never in the URL). */
export interface RuntimeState {
  backend: BackendStatus | null;
  /** A load or warm-up in progress. */
  busy: { label: string; stage: string; fraction: number } | null;
  modelLabel: string | null;
  /** Segment head: masks available. */
  segmentation: boolean;
  names: string[];
  inputSize: [number, number] | null;
  timings: { preprocessMs: number; inferenceMs: number; postprocessMs: number } | null;
  fps: number | null;
  /** Frames processed since the page opened. */
  frames: number;
}

export interface AppState {
  settings: Settings;
  runtime: RuntimeState;
  notices: Notice[];
  setRuntime(patch: Partial<RuntimeState>): void;
  /** Replace some settings (validated by the caller or the URL codec). */
  update(patch: Partial<Settings>): void;
  replaceSettings(settings: Settings): void;
  notify(kind: NoticeKind, text: string): void;
  dismiss(id: number): void;
}

let nextNotice = 1;

export const useAppStore = create<AppState>()((set) => ({
  settings: DEFAULT_SETTINGS,
  runtime: { backend: null, busy: null, modelLabel: null, segmentation: false, names: [], inputSize: null, timings: null, fps: null, frames: 0 },
  notices: [],
  setRuntime: (patch) => set((s) => ({ runtime: { ...s.runtime, ...patch } })),
  update: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  replaceSettings: (settings) => set({ settings }),
  notify: (kind, text) =>
    set((s) => (s.notices.some((n) => n.text === text) ? s : { notices: [...s.notices.slice(-4), { id: nextNotice++, kind, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
