/** Gathers the diagnostics dialog's input: the page's view, the engine thread's (asked of the engine), and the engine's choices. */
import type { EngineEnvironment } from '../runtime/diagnostics';
import type { DiagnosticsInput } from '../runtime/diagnostics-report';
import type { Engine } from '../runtime/engine-client';
import { getOfflineState } from './offline';

/** The engine answers at once unless a long job (a warm-up on SwiftShader) holds its thread. */
const ENGINE_WAIT_MS = 60_000;

function serviceWorkerState(): string {
  if (!('serviceWorker' in navigator)) return 'none (this browser has no service workers)';
  const { ready, updateWaiting } = getOfflineState();
  if (updateWaiting) return 'a new version is waiting for Reload';
  if (ready) return 'active; the app works offline';
  return navigator.serviceWorker.controller ? 'active, still caching' : 'none yet (the dev server registers none)';
}

async function engineEnvironment(engine: Engine): Promise<EngineEnvironment | { missing: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ missing: string }>((resolve) => {
    timer = setTimeout(() => resolve({ missing: `the engine did not answer within ${ENGINE_WAIT_MS / 1000} s` }), ENGINE_WAIT_MS);
  });
  try {
    return await Promise.race([engine.diagnose().catch((e: unknown) => ({ missing: e instanceof Error ? e.message : String(e) })), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function collectDiagnostics(engine: Engine): Promise<DiagnosticsInput> {
  const environment = await engineEnvironment(engine);
  const snapshot = engine.getSnapshot();
  return {
    page: { userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated === true, serviceWorker: serviceWorkerState() },
    engine: environment,
    thread: snapshot.thread,
    backend: snapshot.backend,
    model: snapshot.main,
  };
}
