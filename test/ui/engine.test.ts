/** The engine bound to the store (src/ui/engine.ts): settings in, notices out, and model notices that end with their model. */
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../src/runtime/engine-client';
import { EngineCore } from '../../src/runtime/engine-core';
import { DEFAULT_SETTINGS } from '../../src/state/settings';
import { useAppStore } from '../../src/state/store';
import { bindEngineToStore } from '../../src/ui/engine';
import { FakeDevice } from '../runtime/fake-device';

afterEach(() => useAppStore.setState({ settings: DEFAULT_SETTINGS, notices: [], hasOwnModel: false, ownModelName: null }));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(check()).toBe(true);
}

function setup() {
  const device = new FakeDevice();
  const engine = createLocalEngine((events) => new EngineCore(device, events, { kind: 'main', reason: 'a Node test' }), {
    pixels: async () => ({ read: () => ({ width: 1, height: 1, data: new Uint8Array(3) }), close: () => undefined }),
    diagnose: () => Promise.reject(new Error('none')),
    isCancelled: () => false,
  });
  useAppStore.getState().replaceSettings({ ...DEFAULT_SETTINGS, backend: 'wasm' });
  const unbind = bindEngineToStore(engine, useAppStore);
  return { device, engine, unbind };
}

const texts = () => useAppStore.getState().notices.map((n) => n.text);

describe('bindEngineToStore', () => {
  it('a failed load and a "Loaded" notice stand until another model runs', async () => {
    const { device, engine, unbind } = setup();
    await until(() => engine.getSnapshot().main?.id === 'akconv-ij');
    device.failing.add('broken.pt');
    expect(await engine.loadFile(new File(['x'], 'broken.pt'))).toBeNull();
    expect(texts()).toEqual([expect.stringMatching(/^broken\.pt: .*[^.]; the current model stays\.$/)]);
    expect((await engine.loadFile(new File(['x'], 'mine.pt')))?.label).toBe('label of mine.pt');
    // The failure was about the model before; the load is about the one that runs.
    expect(texts()).toEqual(['Loaded mine.pt (25 layers).']);
    useAppStore.getState().pickModel('yolov5n');
    await until(() => engine.getSnapshot().main?.id === 'yolov5n');
    expect(texts()).toEqual([]);
    unbind();
  });

  it('sends the engine only the settings that change what it runs', async () => {
    const { device, engine, unbind } = setup();
    await until(() => engine.getSnapshot().main !== null);
    const before = device.log.length;
    useAppStore.getState().update({ theme: 'dark', mirror: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(device.log.length).toBe(before);
    unbind();
  });
});
