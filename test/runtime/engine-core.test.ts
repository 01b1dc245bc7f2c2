import { describe, expect, it } from 'vitest';
import type { FramePixels } from '../../src/runtime/engine-core';
import { EngineCore } from '../../src/runtime/engine-core';
import type { EngineNotice, EngineSettings, EngineSnapshot } from '../../src/runtime/protocol';
import { ENGINE_SETTINGS, FakeDevice } from './fake-device';

const SETTINGS: EngineSettings = ENGINE_SETTINGS;

function setup(settings: Partial<EngineSettings> = {}) {
  const device = new FakeDevice();
  const notices: EngineNotice[] = [];
  const snapshots: EngineSnapshot[] = [];
  const core = new EngineCore(device, { snapshot: (s) => snapshots.push(s), notice: (n) => notices.push(n) }, { kind: 'main', reason: null });
  core.configure({ ...SETTINGS, ...settings });
  return { device, core, notices, snapshots };
}

/** A frame of `width` x 1 pixels that records whether it was closed. */
function frame(width: number) {
  const f = { closed: 0, read: () => ({ width, height: 1, data: new Uint8Array(width * 3) }), close: () => void f.closed++ };
  return f satisfies FramePixels & { closed: number };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await tick();
  expect(check()).toBe(true);
}

describe('EngineCore', () => {
  it('starts the backend, then loads and warms the main model, in that order', async () => {
    const { device, core } = setup();
    await core.idle();
    expect(device.log).toEqual(['backend wasm', 'load akconv-ij', 'warm akconv-ij on wasm']);
    expect(core.snapshot().main?.id).toBe('akconv-ij');
    expect(core.snapshot().backend?.backend).toBe('wasm');
  });

  it('detects only the latest waiting live frame, and closes every dropped one', async () => {
    const { device, core } = setup();
    await core.idle();
    device.hold = true;
    const frames = [1, 2, 3, 4].map(frame);
    const results = frames.map((f, i) => core.detectFrame(i, 'live', f));
    await until(() => device.held === 1);
    device.hold = false;
    device.release();
    const done = await Promise.all(results);
    expect(done.map((r) => r?.frameId ?? null)).toEqual([0, null, null, 3]);
    expect(frames.map((f) => f.closed)).toEqual([1, 1, 1, 1]);
    expect(device.log.filter((l) => l.startsWith('detect'))).toEqual(['detect akconv-ij on wasm 1', 'detect akconv-ij on wasm 4']);
  });

  it('never drops a still photo or a seek between live frames', async () => {
    const { device, core } = setup();
    await core.idle();
    device.hold = true;
    const live = core.detectFrame(0, 'live', frame(1));
    await until(() => device.held === 1);
    const still = core.detectFrame(1, 'still', frame(2));
    const seek = core.detectFrame(2, 'still', frame(3));
    const live2 = core.detectFrame(3, 'live', frame(4));
    device.hold = false;
    device.release();
    expect((await Promise.all([live, still, seek, live2])).map((r) => r?.frameId)).toEqual([0, 1, 2, 3]);
  });

  it('frees a replaced model only after the frames queued on it, which ran on it', async () => {
    const { device, core } = setup();
    await core.idle();
    device.hold = true;
    const running = core.detectFrame(0, 'still', frame(1));
    const queued = core.detectFrame(1, 'still', frame(2));
    await until(() => device.held === 1);
    core.configure({ ...SETTINGS, model: 'akconv-xy' });
    await tick();
    expect(device.log).not.toContain('dispose akconv-ij');
    device.hold = false;
    device.release();
    const results = await Promise.all([running, queued]);
    await core.idle();
    expect(results.map((r) => r?.main?.modelLabel)).toEqual(['label of akconv-ij', 'label of akconv-ij']);
    const log = device.log;
    expect(log.indexOf('dispose akconv-ij')).toBeGreaterThan(log.indexOf('detect akconv-ij on wasm 2'));
    expect(core.snapshot().main?.id).toBe('akconv-xy');
  });

  it('keeps the current model when a load fails, and says so', async () => {
    const { device, core, notices } = setup();
    await core.idle();
    device.failing.add('akconv-xy');
    core.configure({ ...SETTINGS, model: 'akconv-xy' });
    await core.idle();
    expect(core.snapshot().main?.id).toBe('akconv-ij');
    expect(device.log).not.toContain('dispose akconv-ij');
    expect(notices.at(-1)?.text).toMatch(/Could not load akconv-xy: akconv-xy is truncated; the current model stays\./);
    expect((await core.detectFrame(0, 'still', frame(1)))?.main?.modelLabel).toBe('label of akconv-ij');
  });

  it('switches backend only after the running frame, resets FPS and latency, and runs the next frame on the new backend', async () => {
    const { device, core } = setup();
    await core.idle();
    await core.detectFrame(0, 'live', frame(1));
    await core.detectFrame(1, 'live', frame(1));
    expect(core.snapshot().fps).not.toBeNull();
    device.hold = true;
    const during = core.detectFrame(2, 'live', frame(1));
    await until(() => device.held === 1);
    core.configure({ ...SETTINGS, backend: 'webgpu' });
    await tick();
    expect(device.backend).toBe('wasm');
    device.hold = false;
    device.release();
    expect((await during)?.frameId).toBe(2);
    await core.idle();
    expect(core.snapshot().backend?.backend).toBe('webgpu');
    expect(core.snapshot().fps).toBeNull();
    expect(core.snapshot().latest).toBeNull();
    await core.detectFrame(3, 'live', frame(1));
    expect(device.log.at(-1)).toBe('detect akconv-ij on webgpu 1');
    expect(core.snapshot().fps).toBeNull();
  });

  it('shows no FPS before two live frames were detected, and none for stills', async () => {
    const { core } = setup();
    await core.idle();
    expect(core.snapshot().fps).toBeNull();
    await core.detectFrame(0, 'still', frame(1));
    expect(core.snapshot().fps).toBeNull();
    await core.detectFrame(1, 'live', frame(1));
    expect(core.snapshot().fps).toBeNull();
    await core.detectFrame(2, 'live', frame(1));
    expect(core.snapshot().fps).toBeGreaterThan(0);
  });

  it('runs one forward pass per frame with the offsets panel open, capturing the chosen AKConv', async () => {
    const { device, core } = setup({ offsets: { open: true, layer: null } });
    await core.idle();
    const before = core.snapshot().forwardCount;
    for (let i = 0; i < 3; i++) await core.detectFrame(i, 'live', frame(5));
    expect(core.snapshot().forwardCount - before).toBe(3);
    expect(device.log.filter((l) => l.startsWith('detect'))).toEqual(Array(3).fill('detect akconv-ij on wasm 5 capture model.8.m.0.cv2'));
  });

  it('labels each detection with the name of the model that made it', async () => {
    const { core } = setup();
    await core.idle();
    const r = await core.detectFrame(0, 'still', frame(1));
    expect(r?.main?.detections[0]?.label).toBe('person');
  });

  it('detects the kept still again when a threshold changes', async () => {
    const { device, core } = setup();
    await core.idle();
    await core.detectFrame(0, 'still', frame(7));
    core.configure({ ...SETTINGS, conf: 0.5 });
    await core.idle();
    expect(device.log.filter((l) => l.startsWith('detect'))).toEqual(['detect akconv-ij on wasm 7', 'detect akconv-ij on wasm 7']);
  });

  it('opens the default model for a link that names the sender’s own file (the store says why, not the engine)', async () => {
    const { core, notices } = setup({ model: 'custom' });
    await core.idle();
    expect(core.snapshot().main?.id).toBe('akconv-ij');
    expect(notices.map((n) => n.text).filter((t) => /own model file/.test(t))).toEqual([]);
  });

  it('keeps the current model when the user’s file fails to load', async () => {
    const { device, core, notices } = setup();
    await core.idle();
    device.failing.add('broken.pt');
    expect(await core.loadFile(new Uint8Array(1), 'broken.pt')).toBeNull();
    expect(core.snapshot().main?.id).toBe('akconv-ij');
    expect(notices.at(-1)?.text).toMatch(/^broken\.pt: .*[^.]; the current model stays\.$/);
    const info = await core.loadFile(new Uint8Array(1), 'mine.pt');
    expect(info?.label).toBe('label of mine.pt');
    expect(core.snapshot().main).toBe(info);
    expect(device.log).toContain('dispose akconv-ij');
  });
});
