import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/runtime/engine-core';
import type { EngineSettings } from '../../src/runtime/protocol';
import { FakeDevice } from './fake-device';

const SETTINGS: EngineSettings = {
  backend: 'wasm',
  model: 'akconv-xy',
  compare: null,
  convention: 'ij',
  customShape: null,
  imageSize: 64,
  conf: 0.25,
  iou: 0.45,
  maxDet: 300,
  classes: null,
  offsets: { open: false, layer: null },
};

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
