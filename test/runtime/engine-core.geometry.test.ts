import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/runtime/engine-core';
import type { EngineSettings } from '../../src/runtime/protocol';
import { ENGINE_SETTINGS, FakeDevice } from './fake-device';

const SETTINGS: EngineSettings = { ...ENGINE_SETTINGS, model: 'akconv-xy' };

describe('the live convention in the engine snapshot', () => {
  it('is the one the engine applied to the model, not the one its file recorded, and follows changes', async () => {
    const core = new EngineCore(new FakeDevice(), { snapshot: () => {}, notice: () => {} }, { kind: 'main', reason: null });
    core.configure(SETTINGS);
    await core.idle();
    // The fake model's file says xy; the settings asked for ij, and the engine applied ij.
    expect(core.snapshot().main?.convention).toBe('ij');
    core.configure({ ...SETTINGS, convention: 'xy' });
    await core.idle();
    expect(core.snapshot().main?.convention).toBe('xy');
  });
});
