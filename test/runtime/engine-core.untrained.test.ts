import { describe, expect, it } from 'vitest';
import { isUntrainedModelId } from '../../src/common/choices';
import type { Loaded } from '../../src/runtime/device';
import { EngineCore } from '../../src/runtime/engine-core';
import type { EngineSettings } from '../../src/runtime/protocol';
import type { FakeModel } from './fake-device';
import { ENGINE_SETTINGS, FakeDevice } from './fake-device';

const SETTINGS: EngineSettings = { ...ENGINE_SETTINGS, model: 'seed-det-n', offsetNoise: 0.01 };

/** The fake device with untrained ids marked so, and "perturb offsets" logged. */
class UntrainedDevice extends FakeDevice {
  override async loadBundled(id: Parameters<FakeDevice['loadBundled']>[0]): Promise<Loaded<FakeModel>> {
    const loaded = await super.loadBundled(id);
    return isUntrainedModelId(id) ? { ...loaded, info: { ...loaded.info, untrained: true } } : loaded;
  }

  setOffsetNoise(model: FakeModel, std: number): void {
    this.log.push(`noise ${model.id} ${std}`);
  }
}

function setup() {
  const device = new UntrainedDevice();
  const core = new EngineCore(device, { snapshot: () => {}, notice: () => {} }, { kind: 'main', reason: null });
  core.configure(SETTINGS);
  return { device, core };
}

describe('EngineCore with untrained models', () => {
  it('applies the offset noise to an untrained model before its warm-up, and reports it untrained', async () => {
    const { device, core } = setup();
    await core.idle();
    expect(device.log).toEqual(['backend wasm', 'load seed-det-n', 'noise seed-det-n 0.01', 'warm seed-det-n on wasm']);
    expect(core.snapshot().main?.untrained).toBe(true);
  });

  it('re-applies a changed noise in place (no reload), and never touches a trained model', async () => {
    const { device, core } = setup();
    await core.idle();
    device.log.length = 0;
    core.configure({ ...SETTINGS, offsetNoise: 0 });
    await core.idle();
    expect(device.log).toEqual(['noise seed-det-n 0']);
    core.configure({ ...SETTINGS, offsetNoise: 0, model: 'akconv-ij' });
    await core.idle();
    device.log.length = 0;
    core.configure({ ...SETTINGS, offsetNoise: 0.05, model: 'akconv-ij' });
    await core.idle();
    expect(device.log.filter((l) => l.startsWith('noise'))).toEqual([]);
  });
});
