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
