import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, LIMITS } from '../../../src/state/settings';
import { KEY_ORBIT_DEGREES, cameraAfterKey } from '../../../src/ui/offsets/camera';

const start = { azimuth: 175, elevation: 85, distance: 2 };

describe('cameraAfterKey (the focused 3D view)', () => {
  it('arrows orbit by a step, winding the azimuth and stopping the elevation at the pole', () => {
    expect(cameraAfterKey(start, 'ArrowRight')).toEqual({ ...start, azimuth: 175 + KEY_ORBIT_DEGREES - 360 });
    expect(cameraAfterKey(start, 'ArrowLeft')).toEqual({ ...start, azimuth: 175 - KEY_ORBIT_DEGREES });
    expect(cameraAfterKey(start, 'ArrowUp')).toEqual({ ...start, elevation: 90 });
    expect(cameraAfterKey(start, 'ArrowDown')).toEqual({ ...start, elevation: 85 - KEY_ORBIT_DEGREES });
  });

  it('+ zooms in and - zooms out, within the URL\'s distance range', () => {
    expect(cameraAfterKey(start, '+')!.distance).toBeLessThan(start.distance);
    expect(cameraAfterKey(start, '-')!.distance).toBeGreaterThan(start.distance);
    const far = { ...start, distance: LIMITS.cameraDistance.max };
    expect(cameraAfterKey(far, '-')!.distance).toBe(LIMITS.cameraDistance.max);
  });

  it('ignores other keys', () => {
    expect(cameraAfterKey(DEFAULT_SETTINGS.camera, 'a')).toBeNull();
    expect(cameraAfterKey(DEFAULT_SETTINGS.camera, 'Tab')).toBeNull();
  });
});
