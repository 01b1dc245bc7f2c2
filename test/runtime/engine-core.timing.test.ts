/**
 * "Time each layer" in the engine: it is busy (the model panel's button
 * follows that state) while it runs, and the busy state ends whether the
 * timing succeeds or fails, with one notice on failure.
 */
import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/runtime/engine-core';
import type { EngineNotice, EngineSettings, EngineSnapshot, LayerTimes } from '../../src/runtime/protocol';
import { LAYER_TIMING_LABEL } from '../../src/runtime/protocol';
import { ENGINE_SETTINGS, FakeDevice } from './fake-device';

const SETTINGS: EngineSettings = ENGINE_SETTINGS;

/** A device whose layer timing reports one run of progress, then succeeds or throws. */
class TimingDevice extends FakeDevice {
  fail = false;
  override async timeLayers(_model?: unknown, _size?: number, onProgress?: (fraction: number, stage: string) => void): Promise<LayerTimes> {
    onProgress?.(0.5, 'run 1 of 2');
    if (this.fail) throw new Error('the backend lost its device');
    return { ms: [1, 2], backend: 'wasm', size: 64 };
  }
}

async function timed(fail: boolean) {
  const device = new TimingDevice();
  device.fail = fail;
  const notices: EngineNotice[] = [];
  const snapshots: EngineSnapshot[] = [];
  const core = new EngineCore(device, { snapshot: (s) => snapshots.push(structuredClone(s)), notice: (n) => notices.push(n) }, { kind: 'main', reason: null });
  core.configure(SETTINGS);
  await core.idle();
  const from = snapshots.length;
  await core.timeLayers();
  return { core, notices, during: snapshots.slice(from).map((s) => s.busy) };
}

describe('EngineCore.timeLayers', () => {
  it('is busy with progress while timing, then idle with the times', async () => {
    const { core, notices, during } = await timed(false);
    expect(during).toContainEqual({ label: LAYER_TIMING_LABEL, stage: 'run 1 of 2', fraction: 0.5 });
    expect(core.snapshot().busy).toBeNull();
    expect(core.snapshot().layerTimes?.ms).toEqual([1, 2]);
    expect(notices).toEqual([]);
  });

  it('leaves the busy state when timing fails, and says why in one notice', async () => {
    const { core, notices, during } = await timed(true);
    expect(during.some((b) => b?.label === LAYER_TIMING_LABEL)).toBe(true);
    expect(core.snapshot().busy).toBeNull();
    expect(notices).toEqual([{ level: 'error', text: 'Could not time the layers: the backend lost its device' }]);
  });
});
