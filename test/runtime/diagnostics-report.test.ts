import { describe, expect, it } from 'vitest';
import type { EngineEnvironment } from '../../src/runtime/diagnostics';
import { diagnosticsRows, diagnosticsText, type DiagnosticsInput } from '../../src/runtime/diagnostics-report';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0';

const swiftShader: EngineEnvironment = {
  userAgent: UA,
  webgpu: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device (Subzero)', isFallbackAdapter: true, software: "this machine's WebGPU is a software fallback adapter", shaderF16: true },
  webglRenderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
  crossOriginIsolated: true,
  wasmSimd: true,
  wasmThreads: false,
  hardwareConcurrency: 2,
  tfjsVersion: '4.22.0',
};

const input: DiagnosticsInput = {
  page: { userAgent: UA, crossOriginIsolated: true, serviceWorker: 'works offline' },
  engine: swiftShader,
  thread: { kind: 'worker', reason: null },
  backend: { backend: 'wasm', reason: "this machine's WebGPU is a software fallback adapter", adapter: null, threads: 1 },
  model: { label: 'YOLOv5n-C3_AKConv (ij)', file: { name: 'yolov5n-c3akconv-ij.safetensors', sha256: 'ab'.repeat(32) } },
};

const row = (i: DiagnosticsInput, label: string) => diagnosticsRows(i).find(([l]) => l === label)?.[1];

describe('diagnostics', () => {
  it('names a SwiftShader adapter as a software fallback, with its features', () => {
    expect(row(input, 'WebGPU adapter')).toBe(
      "google / swiftshader / SwiftShader Device (Subzero); fallback adapter: yes; software (this machine's WebGPU is a software fallback adapter); shader-f16: yes",
    );
  });

  it('gives the backend with its thread count and the reason it was chosen', () => {
    expect(row(input, 'Backend')).toBe("wasm, 1 thread — this machine's WebGPU is a software fallback adapter");
    expect(row({ ...input, backend: { backend: 'webgpu', reason: null, adapter: 'google', threads: null } }, 'Backend')).toBe('webgpu — the one asked for');
    expect(row({ ...input, backend: null }, 'Backend')).toBe('not started');
  });

  it('names the model file and its sha256, or says why the hash is missing', () => {
    expect(row(input, 'Model file')).toBe('yolov5n-c3akconv-ij.safetensors');
    expect(row(input, 'Model sha256')).toBe('ab'.repeat(32));
    const insecure = { ...input, model: { label: 'mine.pt', file: { name: 'mine.pt', sha256: null } } };
    expect(row(insecure, 'Model sha256')).toMatch(/secure context/);
    expect(row({ ...input, model: null }, 'Model')).toBe('none loaded');
  });

  it('says what is missing instead of leaving a field out', () => {
    const bare: DiagnosticsInput = { ...input, engine: { ...swiftShader, webgpu: { missing: 'this browser has no WebGPU (navigator.gpu is missing)' }, webglRenderer: null } };
    expect(row(bare, 'WebGPU adapter')).toBe('none (this browser has no WebGPU (navigator.gpu is missing))');
    expect(row(bare, 'WebGL renderer')).toBe('none (no WebGL2)');
    expect(row({ ...input, engine: { missing: 'the engine did not answer' } }, 'Engine environment')).toBe('unknown (the engine did not answer)');
  });

  it('lists the engine thread\'s browser only where it differs from the page\'s', () => {
    expect(row(input, 'Browser (engine thread)')).toBeUndefined();
    expect(row({ ...input, engine: { ...swiftShader, userAgent: 'other' } }, 'Browser (engine thread)')).toBe('other');
  });

  it('writes one "Label: value" line per row under a title, for a bug report', () => {
    const text = diagnosticsText(input);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('AKConv Playground diagnostics');
    expect(lines.slice(1)).toEqual(diagnosticsRows(input).map(([l, v]) => `${l}: ${v}`));
    for (const label of ['Browser', 'WebGPU adapter', 'WebGL renderer', 'Cross-origin isolated (page)', 'Cross-origin isolated (engine)', 'WASM SIMD', 'WASM threads', 'Backend', 'tfjs', 'Model file', 'Model sha256']) {
      expect(text).toContain(`\n${label}: `);
    }
  });
});
