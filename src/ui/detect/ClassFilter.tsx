/**
 * Which classes are shown: a searchable list of checkboxes with "All" and
 * "None". It writes `classes` (null: every class; the URL's `cls`).
 */
import { useState } from 'react';
import { useAppStore } from '../../state/store';

export function ClassFilter({ names }: { names: readonly string[] }) {
  const classes = useAppStore((s) => s.settings.classes);
  const update = useAppStore((s) => s.update);
  const [query, setQuery] = useState('');
  const shown = (id: number) => !classes || classes.includes(id);
  const toggle = (id: number, on: boolean) => {
    const current = classes ?? names.map((_, i) => i);
    const next = on ? [...current, id].sort((a, b) => a - b) : current.filter((c) => c !== id);
    // Every class ticked is no filter at all.
    update({ classes: next.length === names.length ? null : next });
  };
  const needle = query.trim().toLowerCase();
  const matches = names.map((name, id) => ({ name, id })).filter((c) => !needle || c.name.toLowerCase().includes(needle));
  return (
    <fieldset className="class-filter" data-testid="class-filter">
      <legend>Classes {classes ? `(${classes.length} of ${names.length})` : '(all)'}</legend>
      <input type="search" placeholder="Search classes" aria-label="Search classes" value={query} onChange={(e) => setQuery(e.target.value)} />{' '}
      <button type="button" onClick={() => update({ classes: null })}>All</button>{' '}
      <button type="button" onClick={() => update({ classes: [] })}>None</button>
      <ul style={{ listStyle: 'none', padding: 0, margin: '0.25rem 0', maxHeight: '8rem', overflowY: 'auto' }}>
        {matches.map(({ name, id }) => (
          <li key={id}>
            <label>
              <input type="checkbox" checked={shown(id)} onChange={(e) => toggle(id, e.target.checked)} /> {name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
