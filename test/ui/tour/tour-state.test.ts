/** The first visit's tour opens after the first boxes (or after TOUR_WAIT_MS), never during the first render. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTourAfterFirstFrame, TOUR_WAIT_MS, useTour } from '../../../src/ui/tour/tour-state';

beforeEach(() => {
  vi.useFakeTimers();
  const map = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) });
  useTour.setState({ open: false });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('openTourAfterFirstFrame', () => {
  it('opens once the first frame is detected, not before', () => {
    let done: () => void = () => undefined;
    openTourAfterFirstFrame((d) => {
      done = d;
      return () => undefined;
    });
    expect(useTour.getState().open).toBe(false);
    done();
    expect(useTour.getState().open).toBe(true);
  });

  it('opens after TOUR_WAIT_MS when no frame comes, once', () => {
    let unsubscribed = 0;
    openTourAfterFirstFrame(() => () => void unsubscribed++);
    vi.advanceTimersByTime(TOUR_WAIT_MS - 1);
    expect(useTour.getState().open).toBe(false);
    vi.advanceTimersByTime(1);
    expect(useTour.getState().open).toBe(true);
    expect(unsubscribed).toBe(1);
  });

  it('stays closed for a visitor who has seen it', () => {
    useTour.getState().close();
    let done: () => void = () => undefined;
    openTourAfterFirstFrame((d) => {
      done = d;
      return () => undefined;
    });
    done();
    expect(useTour.getState().open).toBe(false);
  });
});
