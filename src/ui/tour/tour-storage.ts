/**
 * Whether this browser has seen (or skipped) the guided tour. It lives in
 * localStorage, not in the URL: it describes the visitor, not the view, so a
 * shared link must not carry it (nor show the tour to someone who has seen
 * it, or hide it from someone who has not).
 */

/** The localStorage key; the app tests set it so that the tour stays out of their way. */
export const TOUR_STORAGE_KEY = 'akconv-playground.tour';
const SEEN = 'seen';

/** The part of `Storage` used here (tests pass a Map-backed one). */
export type TourStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The page's localStorage, or null where the browser refuses it (a sandboxed iframe, blocked storage). */
export function pageStorage(): TourStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** True when the tour was finished or skipped here before; without storage the tour is never forced on anyone. */
export function hasSeenTour(storage: TourStorage | null): boolean {
  if (!storage) return true;
  try {
    return storage.getItem(TOUR_STORAGE_KEY) === SEEN;
  } catch {
    return true;
  }
}

export function markTourSeen(storage: TourStorage | null): void {
  try {
    storage?.setItem(TOUR_STORAGE_KEY, SEEN);
  } catch {
    // Storage full or refused: the tour may show again next time, which is harmless.
  }
}
