/**
 * The diagnostics a user pastes into a bug report: what the engine's thread
 * sees (`diagnostics.ts`), what the page sees, and the engine's choices
 * (backend and why, the model file and its sha256), as labelled rows for
 * the dialog and as plain text for the clipboard. Pure, so Node tests it.
 */
import type { EngineEnvironment, WebGpuFacts } from './diagnostics';
import type { BackendInfo, EngineSnapshot, ModelInfo } from './protocol';

export interface DiagnosticsInput {
  /** The page's own view (the engine's may differ when it runs in a worker). */
  page: { userAgent: string; crossOriginIsolated: boolean; serviceWorker: string };
  /** The engine thread's view, or why it could not be had. */
  engine: EngineEnvironment | { missing: string };
  thread: EngineSnapshot['thread'];
  backend: BackendInfo | null;
  model: Pick<ModelInfo, 'label' | 'file'> | null;
}

export type DiagnosticsRow = [label: string, value: string];

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function adapterText(gpu: WebGpuFacts): string {
  const name = [gpu.vendor, gpu.architecture, gpu.device, gpu.description].filter(Boolean).join(' / ') || 'unnamed adapter';
  const software = gpu.software ? `software (${gpu.software})` : 'hardware';
  return `${name}; fallback adapter: ${yesNo(gpu.isFallbackAdapter)}; ${software}; shader-f16: ${yesNo(gpu.shaderF16)}`;
}

function backendText(backend: BackendInfo | null): string {
  if (!backend) return 'not started';
  const threads = backend.threads ? `, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}` : '';
  return `${backend.backend}${threads} — ${backend.reason ?? 'the one asked for'}`;
}

function modelRows(model: DiagnosticsInput['model']): DiagnosticsRow[] {
  if (!model) return [['Model', 'none loaded']];
  return [
    ['Model', model.label],
    ['Model file', model.file?.name ?? 'unknown'],
    ['Model sha256', model.file ? (model.file.sha256 ?? 'unknown (hashing needs a secure context: https or localhost)') : 'unknown'],
  ];
}

function engineRows(engine: DiagnosticsInput['engine']): DiagnosticsRow[] {
  if ('missing' in engine) return [['Engine environment', `unknown (${engine.missing})`]];
  return [
    ['WebGPU adapter', 'missing' in engine.webgpu ? `none (${engine.webgpu.missing})` : adapterText(engine.webgpu)],
    ['WebGL renderer', engine.webglRenderer ?? 'none (no WebGL2)'],
    ['Cross-origin isolated (engine)', yesNo(engine.crossOriginIsolated)],
    ['WASM SIMD', yesNo(engine.wasmSimd)],
    ['WASM threads', `${engine.wasmThreads ? 'available to tfjs' : 'not available to tfjs'} here; ${engine.hardwareConcurrency ?? 'unknown'} logical cores`],
    ['tfjs', engine.tfjsVersion],
  ];
}

/** The rows, in the order the dialog shows them and the text lists them. */
export function diagnosticsRows(input: DiagnosticsInput): DiagnosticsRow[] {
  const engineUa = 'missing' in input.engine ? null : input.engine.userAgent;
  return [
    ['Browser', input.page.userAgent],
    ...(engineUa !== null && engineUa !== input.page.userAgent ? [['Browser (engine thread)', engineUa] as DiagnosticsRow] : []),
    ['Cross-origin isolated (page)', yesNo(input.page.crossOriginIsolated)],
    ['Service worker', input.page.serviceWorker],
    ['Engine', input.thread.kind === 'worker' ? 'worker' : `main thread${input.thread.reason ? ` (${input.thread.reason})` : ''}`],
    ...engineRows(input.engine),
    ['Backend', backendText(input.backend)],
    ...modelRows(input.model),
  ];
}

/** Plain text for a bug report: one "Label: value" line per row. */
export function diagnosticsText(input: DiagnosticsInput): string {
  return ['AKConv Playground diagnostics', ...diagnosticsRows(input).map(([label, value]) => `${label}: ${value}`)].join('\n') + '\n';
}
