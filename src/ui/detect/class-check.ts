/**
 * Refuses class ids the loaded model does not have (`cls=999` in a link):
 * they are dropped from the class filter with a notice naming them. Runs
 * outside React, on the engine's snapshot and the store, because only a
 * loaded model knows its class count.
 */
import { useAppStore } from '../../state/store';
import { checkClassIds } from '../../state/url';
import { correctSettings } from '../../state/url-sync';
import { engine } from '../engine';

const TOPIC = 'classes';

function check(): void {
  const names = engine.getSnapshot().main?.names;
  const { settings, update, notify } = useAppStore.getState();
  if (!names || !settings.classes) return;
  const { kept, unknown } = checkClassIds(settings.classes, names.length);
  if (!unknown.length) return;
  const ids = unknown.join(', ');
  const noun = unknown.length > 1 ? 'ids' : 'id';
  notify('warning', `This model has no class ${noun} ${ids} (its ${names.length} classes are 0 to ${names.length - 1}), so the class filter ${kept ? 'leaves it out' : 'shows all classes'}.`, TOPIC);
  correctSettings(() => update({ classes: kept }));
}

/** Call once, after the URL was read and the engine bound. */
export function bindClassCheck(): void {
  engine.subscribe(check);
  useAppStore.subscribe((s, prev) => {
    if (s.settings.classes !== prev.settings.classes) check();
  });
}
