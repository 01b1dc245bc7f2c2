import { describe, expect, it } from 'vitest';
import { BUNDLED_MODELS, UNTRAINED_MODEL_IDS } from '../../src/common/bundled-models';
import { BUNDLED_CONVENTIONS, DEFAULT_MODEL, MODEL_IDS } from '../../src/common/choices';
import { DEFAULT_SETTINGS } from '../../src/state/settings';

describe('model choices, derived from the table of bundled models', () => {
  it('the ids are the bundled models, the user\'s file, then the untrained configs', () => {
    expect(MODEL_IDS).toEqual([...BUNDLED_MODELS.map((m) => m.id), 'custom', ...UNTRAINED_MODEL_IDS]);
  });

  it('each bundled model\'s convention is its entry\'s; untrained ones have none', () => {
    for (const m of BUNDLED_MODELS) expect(BUNDLED_CONVENTIONS[m.id]).toBe(m.convention);
    for (const id of UNTRAINED_MODEL_IDS) expect(BUNDLED_CONVENTIONS[id]).toBeNull();
    expect(Object.keys(BUNDLED_CONVENTIONS).sort()).toEqual(MODEL_IDS.filter((id) => id !== 'custom').sort());
  });

  it('the settings start in the default model and its convention', () => {
    expect(DEFAULT_SETTINGS.model).toBe(DEFAULT_MODEL);
    expect(DEFAULT_SETTINGS.convention).toBe(BUNDLED_CONVENTIONS[DEFAULT_MODEL]);
  });
});
