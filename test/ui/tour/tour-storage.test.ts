import { describe, expect, it } from 'vitest';
import { hasSeenTour, markTourSeen, TOUR_STORAGE_KEY, type TourStorage } from '../../../src/ui/tour/tour-storage';
import { presentSteps, TOUR_STEPS } from '../../../src/ui/tour/tour-steps';

function memoryStorage(): TourStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe('the tour in localStorage', () => {
  it('is unseen in a fresh browser and seen once marked', () => {
    const storage = memoryStorage();
    expect(hasSeenTour(storage)).toBe(false);
    markTourSeen(storage);
    expect(hasSeenTour(storage)).toBe(true);
    expect([...storage.map.keys()]).toEqual([TOUR_STORAGE_KEY]);
  });

  it('never forces itself on a browser that refuses storage', () => {
    const refusing: TourStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(hasSeenTour(null)).toBe(true);
    expect(hasSeenTour(refusing)).toBe(true);
    expect(() => markTourSeen(refusing)).not.toThrow();
  });
});

describe('presentSteps', () => {
  it('leaves out the steps whose element is not on the page, in order', () => {
    const onPage = new Set([TOUR_STEPS[0]?.anchor, TOUR_STEPS[3]?.anchor]);
    expect(presentSteps(TOUR_STEPS, (s) => onPage.has(s)).map((s) => s.title)).toEqual([TOUR_STEPS[0]?.title, TOUR_STEPS[3]?.title]);
  });
});
