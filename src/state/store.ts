/**
 * The one store of the app (zustand): the settings (mirrored in the URL) and
 * the notices. What the engine is doing (backend, models, results, FPS) is
 * not here: the UI reads it from the engine (`src/ui/engine.ts`).
 */
import { create } from 'zustand';
import type { GridConvention } from '../common/geometry';
import type { ModelId, Settings } from './settings';
import { conventionAfterPicking, DEFAULT_SETTINGS } from './settings';

export type NoticeKind = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  /** What the notice is about (e.g. 'source'): a later success on that topic dismisses it. */
  topic?: string;
}

export interface AppState {
  settings: Settings;
  notices: Notice[];
  /** Whether the user opened a model file in this page (a link can never bring one). */
  hasOwnModel: boolean;
  /** The opened model file's name (with its YAML's), shown beside the picker. */
  ownModelName: string | null;
  /** Replace some settings (validated by the caller or the URL codec). */
  update(patch: Partial<Settings>): void;
  /** Settings decoded from the URL (on load, on Back / Forward). */
  replaceSettings(settings: Settings): void;
  /** The user picked `model` as the main model: the convention follows the one its weights were trained with. */
  pickModel(model: ModelId): void;
  /** The user's model file (named `name`, recording `trained` as its convention, if any) became the main model. */
  ownModelLoaded(name: string, trained?: GridConvention | null): void;
  /** Shows a notice; one with a `topic` stays until dismissed or `resolved`. */
  notify(kind: NoticeKind, text: string, topic?: string): void;
  dismiss(id: number): void;
  /** Something on `topic` worked: its notices no longer apply. */
  resolve(topic: string): void;
}

let nextNotice = 1;

const OWN_FILE_NOTICE = "Links never carry the sender's own model file; opening the default model.";

export const useAppStore = create<AppState>()((set) => ({
  settings: DEFAULT_SETTINGS,
  notices: [],
  hasOwnModel: false,
  ownModelName: null,
  update: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  replaceSettings: (settings) =>
    set((s) => {
      // A URL naming the user's own file, in a page where none was opened: the default model instead.
      const model = settings.model === 'custom' && !s.hasOwnModel ? DEFAULT_SETTINGS.model : settings.model;
      const compare = settings.compare === 'custom' && !s.hasOwnModel ? null : settings.compare;
      let notices = model === settings.model && compare === settings.compare ? s.notices : withNotice(s.notices, 'info', OWN_FILE_NOTICE);
      // Nor the sender's image or video (files stay in their browser): a sample photo instead.
      const { source } = settings;
      const fileSource = (source === 'image' || source === 'video') && s.settings.source !== source;
      if (fileSource) notices = withNotice(notices, 'info', `Links never carry the sender's ${source} (files stay in their browser); showing a sample photo.`);
      return { settings: { ...settings, model, compare, source: fileSource ? 'sample' : source }, notices };
    }),
  pickModel: (model) =>
    // The model picked as main leaves the A/B side if it was there (a model beside itself compares nothing; the link refuses it too).
    set((s) => ({ settings: { ...s.settings, model, compare: s.settings.compare === model ? null : s.settings.compare, convention: conventionAfterPicking(model, s.settings.convention) } })),
  ownModelLoaded: (name, trained = null) =>
    set((s) => ({
      hasOwnModel: true,
      ownModelName: name,
      settings: { ...s.settings, model: 'custom', compare: s.settings.compare === 'custom' ? null : s.settings.compare, convention: conventionAfterPicking('custom', s.settings.convention, trained) },
    })),
  notify: (kind, text, topic) => set((s) => ({ notices: withNotice(s.notices, kind, text, topic) })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  resolve: (topic) =>
    set((s) => (s.notices.some((n) => n.topic === topic) ? { notices: s.notices.filter((n) => n.topic !== topic) } : s)),
}));

/** The last few notices, without repeating one already shown. */
function withNotice(notices: Notice[], kind: NoticeKind, text: string, topic?: string): Notice[] {
  return notices.some((n) => n.text === text) ? notices : [...notices.slice(-4), { id: nextNotice++, kind, text, ...(topic ? { topic } : {}) }];
}
