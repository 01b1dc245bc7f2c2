/** The engine serves the explainer from the frame's own forward pass, and traces a newly selected pixel without another. */
import { describe, expect, it } from 'vitest';
import type { ExplainSource } from '../../src/detect/akconv-explain';
import type { DetectOptions, DetectResult } from '../../src/detect/detector';
import type { RgbImage } from '../../src/io/image';
import { EngineCore } from '../../src/runtime/engine-core';
import type { EngineSettings } from '../../src/runtime/protocol';
import type { FakeModel } from './fake-device';
import { ENGINE_SETTINGS, FakeDevice } from './fake-device';

const SETTINGS: EngineSettings = { ...ENGINE_SETTINGS, explain: { open: true, pixel: null } };

/** A 3 x 4 map whose cell (r, c) holds 10 r + c; one sample at p_0 with no offset, mixed with weight 1. */
function source(): ExplainSource {
  const data = new Float32Array(12).map((_, k) => 10 * Math.floor(k / 4) + (k % 4));
  return {
    geometry: { site: 'model.8.m.0.cv2', layerIndex: 8, inputStride: 32, convention: 'ij', akconvStride: 1, shape: [{ row: 0, col: 0 }], n: 1 },
    map: { data, h: 3, w: 4, c: 1 },
    weights: { kernelSize: [3, 3], channelsIn: 1, channelsOut: 1, numParam: 1, offsetKernel: new Float32Array(18), offsetBias: new Float32Array(2), mixKernel: new Float32Array([1]), mixBias: new Float32Array(1) },
  };
}

/** The fake device, returning the explainer's source when asked for it. */
class ExplainDevice extends FakeDevice {
  override async detect(model: FakeModel, image: RgbImage, options: DetectOptions): Promise<DetectResult> {
    const r = await super.detect(model, image, options);
    if (options.explain) this.log.push('explain');
    return options.explain && options.capture ? { ...r, explain: source() } : r;
  }
}

const still = { read: () => ({ width: 4, height: 1, data: new Uint8Array(12) }), close: () => undefined };

describe('EngineCore and the explainer', () => {
  it('captures the explained AKConv in the frame pass and retraces a new pixel with no forward pass', async () => {
    const device = new ExplainDevice();
    const core = new EngineCore(device, { snapshot: () => undefined, notice: () => undefined }, { kind: 'main', reason: null });
    core.configure(SETTINGS);
    await core.idle();
    await core.detectFrame(0, 'still', still);
    await core.idle();
    const detections = () => device.log.filter((l) => l.startsWith('detect'));
    expect(detections()).toEqual(['detect akconv-ij on wasm 4 capture model.8.m.0.cv2']);
    expect(device.log).toContain('explain');
    // No pixel selected: the middle one, (1, 2), whose sample reads cell (1, 2) = 12.
    expect(core.snapshot().explain?.trace?.pixel).toEqual([1, 2]);
    expect(core.snapshot().explain?.trace?.samples[0]?.values).toEqual([12]);
    const forwards = core.snapshot().forwardCount;

    core.configure({ ...SETTINGS, explain: { open: true, pixel: [0, 1] } });
    await core.idle();
    expect(core.snapshot().explain?.trace?.samples[0]?.values).toEqual([1]);
    expect(core.snapshot().forwardCount).toBe(forwards);
    expect(detections()).toHaveLength(1);

    core.configure({ ...SETTINGS, explain: { open: false, pixel: null } });
    await core.idle();
    expect(core.snapshot().explain).toBeNull();
  });

  it('does not capture when neither the offsets panel nor the explainer is open', async () => {
    const device = new ExplainDevice();
    const core = new EngineCore(device, { snapshot: () => undefined, notice: () => undefined }, { kind: 'main', reason: null });
    core.configure({ ...SETTINGS, explain: { open: false, pixel: null } });
    await core.idle();
    await core.detectFrame(0, 'still', still);
    expect(device.log).not.toContain('explain');
    expect(core.snapshot().explain ?? null).toBeNull();
  });
});
