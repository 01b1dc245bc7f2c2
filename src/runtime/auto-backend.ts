/**
 * The `auto` backend: leave out backends that run in software here (a
 * SwiftShader WebGPU adapter, a SwiftShader or llvmpipe WebGL renderer:
 * about 20x slower than WASM for this model), and where more than one is
 * left, time the real model at the current input size for a few frames on
 * each and keep the fastest. The result says why, for the status line.
 */
import type { Device } from './device';
import type { BackendInfo, BackendName } from './protocol';

/** Frames timed per backend in a race (after a warm-up run). */
export const RACE_FRAMES = 3;

/** What WebGPU's adapter says about itself (GPUAdapterInfo, plus the fallback flag). */
export interface AdapterFacts {
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/** Why this WebGPU adapter counts as software, or null when it is a real GPU. */
export function softwareAdapterReason(adapter: AdapterFacts): string | null {
  if (adapter.isFallbackAdapter) return "this machine's WebGPU is a software fallback adapter";
  const text = [adapter.vendor, adapter.architecture, adapter.device, adapter.description].filter(Boolean).join(' ');
  const match = SOFTWARE.exec(text);
  return match ? `this machine's WebGPU is a software adapter (${match[0]})` : null;
}

/** Why this WebGL renderer (UNMASKED_RENDERER_WEBGL) counts as software, or null. */
export function softwareRendererReason(renderer: string): string | null {
  const match = SOFTWARE.exec(renderer);
  return match ? `this machine's WebGL renders in software (${match[0]})` : null;
}

export interface AutoChoice {
  info: BackendInfo;
  /** Several candidates but no model to time them with yet: race once one is loaded. */
  undecided: boolean;
}

const NAMES: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM' };

/**
 * Starts the best backend for `auto`: the only candidate, the fastest in a
 * race of `model` at `size`, or (no model yet) the first candidate that starts.
 */
export async function chooseAuto<M>(device: Device<M>, model: M | null, size: number): Promise<AutoChoice> {
  const { candidates, skipped } = await device.autoCandidates();
  const reasons = skipped.map((s) => s.reason);
  const failures: string[] = [];
  const started: BackendName[] = [];
  for (const backend of candidates) {
    try {
      await device.startBackend(backend);
      started.push(backend);
      if (!model || candidates.length === 1) break;
    } catch (e) {
      failures.push(`${NAMES[backend]} did not start (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const first = started[0];
  if (!first) throw new Error(`no backend could start (${[...reasons, ...failures].join('; ')})`);
  if (started.length === 1 || !model) {
    const info = await device.startBackend(first);
    const why = [...reasons, ...failures];
    return { info: { ...info, reason: why.length ? why.join('; ') : null }, undecided: !model && candidates.length > 1 };
  }
  const times: { backend: BackendName; ms: number }[] = [];
  for (const backend of started) times.push({ backend, ms: await raceOne(device, model, backend, size) });
  times.sort((a, b) => a.ms - b.ms);
  const best = times[0]!;
  const info = await device.startBackend(best.backend);
  const race = `fastest at ${size} px over ${RACE_FRAMES} frames (${times.map((t) => `${NAMES[t.backend]} ${t.ms.toFixed(0)} ms`).join(', ')})`;
  return { info: { ...info, reason: [race, ...reasons, ...failures].join('; ') }, undecided: false };
}

/** The median time of one detection of `model` on `backend`, after a warm-up. */
async function raceOne<M>(device: Device<M>, model: M, backend: BackendName, size: number): Promise<number> {
  await device.startBackend(backend);
  await device.warmUp(model, size, () => undefined);
  const gray = { width: size, height: size, data: new Uint8Array(size * size * 3).fill(114) };
  const ms: number[] = [];
  for (let i = 0; i < RACE_FRAMES; i++) {
    const t0 = performance.now();
    await device.detect(model, gray, { imageSize: size });
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] ?? Number.POSITIVE_INFINITY;
}
