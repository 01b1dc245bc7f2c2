import { describe, expect, it } from 'vitest';
import { roundCamera, sameCamera } from '../../../src/ui/offsets/camera';
import { offsetColor } from '../../../src/ui/offsets/colormap';

describe('scene helpers (no WebGL)', () => {
  it('rounds the camera as the URL keeps it and compares views up to that rounding', () => {
    expect(roundCamera({ azimuth: 30.04, elevation: 49.96, distance: 2.2049 })).toEqual({ azimuth: 30, elevation: 50, distance: 2.2 });
    expect(roundCamera({ azimuth: 190, elevation: 95, distance: 20 })).toEqual({ azimuth: -170, elevation: 90, distance: 10 });
    expect(sameCamera({ azimuth: 179.98, elevation: 0, distance: 1 }, { azimuth: -180, elevation: 0, distance: 1 })).toBe(true);
    expect(sameCamera({ azimuth: 10, elevation: 0, distance: 1 }, { azimuth: 10.2, elevation: 0, distance: 1 })).toBe(false);
  });

  it('colours offsets from the low to the high end of the scale', () => {
    expect(offsetColor(0)).toEqual([0.267, 0.005, 0.329]);
    expect(offsetColor(1)).toEqual([0.993, 0.906, 0.144]);
    expect(offsetColor(Number.NaN)).toEqual(offsetColor(0));
  });
});
