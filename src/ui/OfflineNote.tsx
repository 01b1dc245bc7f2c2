/** The status line's note on the service worker: "Works offline", or a new version's "Reload" prompt. */
import { reloadOnUpdate, useOffline } from './offline';

export function OfflineNote() {
  const { ready, updateWaiting } = useOffline();
  if (updateWaiting) {
    return (
      <span className="offline-note" data-testid="update-prompt">
        A new version is available — <button type="button" onClick={reloadOnUpdate}>Reload</button>
      </span>
    );
  }
  // The note's room is kept from the start, invisible until the cache is complete: it arrives
  // seconds after the first frame, and its own row would move everything under the user's pointer.
  return ready ? (
    <span className="offline-note" data-testid="offline-ready" title="Everything the app needs is cached: it loads and detects without network.">
      Works offline
    </span>
  ) : (
    <span className="offline-note pending" data-testid="offline-pending" aria-hidden="true">
      Works offline
    </span>
  );
}
