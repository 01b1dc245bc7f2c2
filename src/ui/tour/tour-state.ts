/**
 * Whether the tour is open: a small store of its own (the tour is not a
 * setting, so it stays out of the settings store and the URL). It opens by
 * itself on a first visit, never in embed mode, and again from "Take the tour".
 */
import { create } from 'zustand';
import { hasSeenTour, markTourSeen, pageStorage } from './tour-storage';

interface TourState {
  open: boolean;
  start(): void;
  /** Closes the tour (finished or skipped) and remembers that it was seen. */
  close(): void;
}

export const useTour = create<TourState>()((set) => ({
  open: false,
  start: () => set({ open: true }),
  close: () => {
    markTourSeen(pageStorage());
    set({ open: false });
  },
}));

/** Opens the tour for a first-time visitor (call once, on start, outside embed mode). */
export function openTourOnFirstVisit(): void {
  if (!hasSeenTour(pageStorage())) useTour.getState().start();
}

/** The first visit's tour waits at most this long for the first detected frame. */
export const TOUR_WAIT_MS = 4000;

/**
 * Opens the first visit's tour once the first frame has its boxes (or after
 * TOUR_WAIT_MS): it measures and scrolls to the parts it points at, a forced
 * layout of the whole page that, done with the first render, held up the
 * first box by a long task. `firstFrame` calls back once (the viewer's
 * first detected frame); returns a function that cancels.
 */
export function openTourAfterFirstFrame(firstFrame: (done: () => void) => () => void): () => void {
  let opened = false;
  let cancel: (() => void) | null = null;
  const stop = () => {
    opened = true;
    cancel?.();
    clearTimeout(timer);
  };
  const open = () => {
    if (opened) return;
    stop();
    openTourOnFirstVisit();
  };
  const timer = setTimeout(open, TOUR_WAIT_MS);
  cancel = firstFrame(open);
  if (opened) cancel();
  return stop;
}
