/** The engine's start-up path: downloads started with the first settings, and the warm-up left to a waiting frame. */
import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/runtime/engine-core';
import type { EngineSettings } from '../../src/runtime/protocol';
import { ENGINE_SETTINGS, FakeDevice } from './fake-device';

function setup() {
  const device = new FakeDevice();
  const core = new EngineCore(device, { snapshot: () => {}, notice: () => {} }, { kind: 'main', reason: null });
  return { device, core };
}

const frame = (width: number) => ({ read: () => ({ width, height: 1, data: new Uint8Array(width * 3) }), close: () => {} });

describe('EngineCore start-up', () => {
  it('starts the downloads of the models the first settings name before the backend has started', () => {
    const { device, core } = setup();
    core.configure({ ...ENGINE_SETTINGS, model: 'akconv-xy', compare: 'yolov5n' });
    // Synchronously, with configure: the backend start is still queued, not run.
    expect(device.prefetched).toEqual(['akconv-xy', 'yolov5n']);
    expect(device.log).toEqual([]);
  });

  it('downloads ahead only what changed, and never the user’s own file', async () => {
    const { device, core } = setup();
    core.configure(ENGINE_SETTINGS);
    await core.idle();
    core.configure({ ...ENGINE_SETTINGS, conf: 0.5 });
    core.configure({ ...ENGINE_SETTINGS, conf: 0.5, model: 'custom' });
    core.configure({ ...ENGINE_SETTINGS, conf: 0.5, model: 'yolov5n', compare: null });
    await core.idle();
    expect(device.prefetched).toEqual(['akconv-ij', 'yolov5n']);
  });

  it('tells the warm-up that a frame waits behind the load, and that frame then runs', async () => {
    const { device, core } = setup();
    core.configure(ENGINE_SETTINGS);
    // The page's first photo arrives while the backend starts and the model loads.
    const first = core.detectFrame(1, 'still', frame(3));
    expect((await first)?.frameId).toBe(1);
    expect(device.warmUpContexts).toEqual([{ id: 'akconv-ij', frameWaiting: true }]);
    expect(device.log).toEqual(['backend wasm', 'load akconv-ij', 'warm akconv-ij on wasm', 'detect akconv-ij on wasm 3']);
  });

  it('says no frame waits when none was sent, or once the waiting ones have run or been dropped', async () => {
    const { device, core } = setup();
    core.configure(ENGINE_SETTINGS);
    await core.idle();
    // Two live frames: one runs, the other is replaced by it before starting.
    await Promise.all([core.detectFrame(1, 'live', frame(1)), core.detectFrame(2, 'live', frame(2))]);
    const next: EngineSettings = { ...ENGINE_SETTINGS, model: 'akconv-xy' };
    core.configure(next);
    await core.idle();
    expect(device.warmUpContexts).toEqual([
      { id: 'akconv-ij', frameWaiting: false },
      { id: 'akconv-xy', frameWaiting: false },
    ]);
  });
});
