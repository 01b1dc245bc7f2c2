/**
 * The moment the page first holds a detection, as a User Timing mark: the
 * engine client makes it (whichever thread the engine runs in), and what
 * should wait for the first load to end waits for it (the service worker's
 * precache, `ui/offline.ts`); the first-load benchmark reads it too.
 */
export const FIRST_RESULT_MARK = 'akconv:first-result';

/** Marks the first result, once per page. */
export function markFirstResult(): void {
  if (!performance.getEntriesByName(FIRST_RESULT_MARK).length) performance.mark(FIRST_RESULT_MARK);
}

/** Runs `then` once, when the first result is marked (at once if it was), or after `deadlineMs` if none comes. */
export function afterFirstResult(then: () => void, deadlineMs: number): void {
  let done = false;
  let observer: PerformanceObserver | null = null;
  const go = () => {
    if (done) return;
    done = true;
    observer?.disconnect();
    clearTimeout(timer);
    then();
  };
  const timer = setTimeout(go, deadlineMs);
  if (performance.getEntriesByName(FIRST_RESULT_MARK).length) return go();
  observer = new PerformanceObserver((list) => void (list.getEntriesByName(FIRST_RESULT_MARK).length && go()));
  observer.observe({ type: 'mark', buffered: true });
}
