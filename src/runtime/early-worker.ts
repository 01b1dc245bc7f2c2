/**
 * The engine worker started by index.html itself, before the page's own
 * scripts: the worker's bundle (tfjs and the model code, about 2.5 MB) is then
 * fetched and parsed on its own thread while the page's entry chunk is, not
 * after it. `scripts/build/early-engine-worker.ts` writes the starting script
 * into the production build's index.html; `engine-client.ts` adopts the worker.
 * The dev server has none (engine-client starts its worker as before).
 *
 * Until adopted, the starter keeps what the worker sent (its 'ready', or an
 * error), since a worker's messages with no listener are lost.
 */

/** The global the starter fills in. */
export const EARLY_WORKER_GLOBAL = '__akconvEarlyWorker';

/** The worker's name in devtools (the same whoever starts it). */
export const ENGINE_WORKER_NAME = 'akconv-engine';

export interface EarlyWorker {
  worker: Worker;
  /** Messages and errors that arrived before adoption, in order. */
  events: Event[];
}

/** Takes the worker index.html started (once: a second engine starts its own), or null. */
export function adoptEarlyWorker(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): EarlyWorker | null {
  const early = scope[EARLY_WORKER_GLOBAL] as EarlyWorker | undefined;
  delete scope[EARLY_WORKER_GLOBAL];
  return early && typeof early === 'object' && 'worker' in early ? early : null;
}

/**
 * The inline classic script for index.html: starts the module worker at
 * `url` and keeps its early events. Plain ES5, no imports: it runs before any
 * module, and any failure leaves the page to start the worker itself.
 */
export function earlyWorkerScript(url: string): string {
  return [
    '(function () {',
    '  try {',
    `    var worker = new Worker(${JSON.stringify(url)}, { type: 'module', name: ${JSON.stringify(ENGINE_WORKER_NAME)} });`,
    '    var early = { worker: worker, events: [] };',
    '    var keep = function (e) { early.events.push(e); if (e.type === "error") e.preventDefault(); };',
    '    worker.onmessage = keep;',
    '    worker.onerror = keep;',
    `    window[${JSON.stringify(EARLY_WORKER_GLOBAL)}] = early;`,
    '  } catch (e) {}',
    '})();',
  ].join('\n');
}
