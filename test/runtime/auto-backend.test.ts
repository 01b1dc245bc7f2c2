import { describe, expect, it } from 'vitest';
import { chooseAuto, softwareAdapterReason, softwareRendererReason } from '../../src/runtime/auto-backend';
import type { FakeModel } from './fake-device';
import { FakeDevice } from './fake-device';

describe('software adapters and renderers', () => {
  it('names SwiftShader, llvmpipe and the fallback flag, and passes real GPUs', () => {
    expect(softwareAdapterReason({ vendor: 'google', architecture: 'swiftshader' })).toBe("this machine's WebGPU is a software adapter (swiftshader)");
    expect(softwareAdapterReason({ isFallbackAdapter: true, vendor: 'nvidia' })).toMatch(/software fallback adapter/);
    expect(softwareAdapterReason({ vendor: 'nvidia', architecture: 'ampere' })).toBeNull();
    expect(softwareRendererReason('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toMatch(/WebGL renders in software \(SwiftShader\)/);
    expect(softwareRendererReason('llvmpipe (LLVM 15.0.6, 256 bits)')).toMatch(/llvmpipe/);
    expect(softwareRendererReason('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)')).toBeNull();
  });
});

describe('chooseAuto', () => {
  it('takes the only candidate left and says why the others were skipped', async () => {
    const device = new FakeDevice();
    device.candidates = { candidates: ['wasm'], skipped: [{ backend: 'webgpu', reason: "this machine's WebGPU is a software adapter (swiftshader)" }] };
    const choice = await chooseAuto(device, null, 320);
    expect(choice.info).toEqual({ backend: 'wasm', reason: "this machine's WebGPU is a software adapter (swiftshader)", adapter: null, threads: 1 });
    expect(choice.undecided).toBe(false);
  });

  it('without a model, starts the first candidate and asks for a race later', async () => {
    const device = new FakeDevice();
    device.candidates = { candidates: ['webgpu', 'wasm'], skipped: [] };
    const choice = await chooseAuto(device, null, 320);
    expect(choice.info.backend).toBe('webgpu');
    expect(choice.undecided).toBe(true);
  });

  it('races the model on each candidate and keeps the fastest', async () => {
    const device = new FakeDevice();
    device.candidates = { candidates: ['webgpu', 'webgl', 'wasm'], skipped: [] };
    // WebGL is the fast one on this fake machine.
    const cost = { webgpu: 40, webgl: 2, wasm: 20 } as const;
    const detect = device.detect.bind(device);
    device.detect = async (m, image, o) => {
      const end = performance.now() + cost[device.backend ?? 'wasm'];
      while (performance.now() < end);
      return detect(m, image, o);
    };
    const model: FakeModel = { id: 'm', disposed: false, convention: null };
    const choice = await chooseAuto(device, model, 64);
    expect(choice.info.backend).toBe('webgl');
    expect(device.backend).toBe('webgl');
    expect(choice.info.reason).toMatch(/^fastest at 64 px over 3 frames \(WebGL \d+ ms, WASM \d+ ms, WebGPU \d+ ms\)$/);
  });

  it('skips a candidate that fails to start, and fails with every reason when none starts', async () => {
    const device = new FakeDevice();
    device.candidates = { candidates: ['webgl', 'wasm'], skipped: [] };
    const start = device.startBackend.bind(device);
    device.startBackend = async (b) => {
      if (b === 'webgl') throw new Error('the WebGL context was lost');
      return start(b);
    };
    const choice = await chooseAuto(device, null, 64);
    expect(choice.info.backend).toBe('wasm');
    expect(choice.info.reason).toBe('WebGL did not start (the WebGL context was lost)');
    device.candidates = { candidates: ['webgl'], skipped: [{ backend: 'webgpu', reason: 'no WebGPU' }] };
    await expect(chooseAuto(device, null, 64)).rejects.toThrow('no backend could start (no WebGPU; WebGL did not start (the WebGL context was lost))');
  });
});
