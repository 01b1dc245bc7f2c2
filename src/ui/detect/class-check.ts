/**
 * Refuses class ids the loaded model does not have (`cls=999` in a link):
 * they are dropped from the class filter with a notice naming them. Runs
 * outside React, on the engine's snapshot and the store, because only a
 * loaded model knows its class count.
 */
import { checkClassIds } from '../../state/url';
import { correctSettings } from '../../state/url-sync';
import type { Engine } from '../../runtime/engine-client';
import type { NoticeKind } from '../../state/store';
import type { Settings } from '../../state/settings';

const TOPIC = 'classes';

/** The part of the store the check uses (zustand's `useAppStore` fits). */
export interface ClassCheckStore {
  getState(): { settings: Settings; update(patch: Partial<Settings>): void; notify(kind: NoticeKind, text: string, topic?: string): void };
  subscribe(listener: (state: { settings: Settings }, previous: { settings: Settings }) => void): () => void;
}

function check(engine: Engine, store: ClassCheckStore): void {
  const names = engine.getSnapshot().main?.names;
  const { settings, update, notify } = store.getState();
  if (!names || !settings.classes) return;
  const { kept, unknown } = checkClassIds(settings.classes, names.length);
  if (!unknown.length) return;
  const ids = unknown.join(', ');
  const noun = unknown.length > 1 ? 'ids' : 'id';
  notify('warning', `This model has no class ${noun} ${ids} (its ${names.length} classes are 0 to ${names.length - 1}), so the class filter ${kept ? 'leaves it out' : 'shows all classes'}.`, TOPIC);
  correctSettings(() => update({ classes: kept }));
}

/** Call once, after the URL was read and the engine bound. */
export function bindClassCheck(engine: Engine, store: ClassCheckStore): void {
  engine.subscribe(() => check(engine, store));
  store.subscribe((s, prev) => {
    if (s.settings.classes !== prev.settings.classes) check(engine, store);
  });
}
