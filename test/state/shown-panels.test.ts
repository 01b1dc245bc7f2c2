import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/state/settings';
import { shownPanels } from '../../src/state/shown-panels';

describe('shownPanels', () => {
  it('is the switched-on panels, or only the embedded one whether or not it is switched on', () => {
    expect(shownPanels(DEFAULT_SETTINGS)).toEqual(['detect', 'grid', 'offsets']);
    expect(shownPanels({ panels: ['detect', 'grid'], embed: 'grid' })).toEqual(['grid']);
    expect(shownPanels({ panels: ['detect'], embed: 'model' })).toEqual(['model']);
  });
});
