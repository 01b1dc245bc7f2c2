/**
 * The 3D camera as the URL keeps it (settings.camera): azimuth and elevation
 * in degrees to 0.1, distance in scene units to 0.01, within the URL's ranges.
 * Pure, so the scene and the tests share it.
 */
import type { Camera } from '../../state/settings';
import { LIMITS } from '../../state/settings';

/** The camera as the URL keeps it: degrees to 0.1, distance to 0.01, in range. */
export function roundCamera(c: Camera): Camera {
  const round = (v: number, step: number) => Math.round(v / step) * step;
  const fix = (v: number, digits: number) => Number(v.toFixed(digits));
  let azimuth = fix(round(c.azimuth, 0.1), 1);
  if (azimuth <= -180) azimuth += 360;
  if (azimuth > 180) azimuth -= 360;
  const elevation = fix(Math.min(90, Math.max(-90, round(c.elevation, 0.1))), 1);
  const distance = fix(Math.min(LIMITS.cameraDistance.max, Math.max(LIMITS.cameraDistance.min, round(c.distance, 0.01))), 2);
  return { azimuth: azimuth === 0 ? 0 : azimuth, elevation: elevation === 0 ? 0 : elevation, distance };
}

/** True when two cameras are the same view up to the URL's rounding. */
export function sameCamera(a: Camera, b: Camera): boolean {
  const da = Math.abs((((a.azimuth - b.azimuth) % 360) + 540) % 360 - 180);
  return da < 0.051 && Math.abs(a.elevation - b.elevation) < 0.051 && Math.abs(a.distance - b.distance) < 0.0051;
}


/** Degrees one arrow key turns the 3D camera, and the factor one +/- key zooms it by. */
export const KEY_ORBIT_DEGREES = 10;
export const KEY_ZOOM_FACTOR = 1.2;

/**
 * The camera after one key on the focused 3D view (arrows orbit, + / - zoom
 * in / out), or null for any other key.
 */
export function cameraAfterKey(c: Camera, key: string): Camera | null {
  switch (key) {
    case 'ArrowLeft':
      return roundCamera({ ...c, azimuth: c.azimuth - KEY_ORBIT_DEGREES });
    case 'ArrowRight':
      return roundCamera({ ...c, azimuth: c.azimuth + KEY_ORBIT_DEGREES });
    case 'ArrowUp':
      return roundCamera({ ...c, elevation: c.elevation + KEY_ORBIT_DEGREES });
    case 'ArrowDown':
      return roundCamera({ ...c, elevation: c.elevation - KEY_ORBIT_DEGREES });
    case '+':
    case '=':
      return roundCamera({ ...c, distance: c.distance / KEY_ZOOM_FACTOR });
    case '-':
    case '_':
      return roundCamera({ ...c, distance: c.distance * KEY_ZOOM_FACTOR });
    default:
      return null;
  }
}

/** What the 3D view's keys do, for its accessible description. */
export const VIEW_KEYS_HELP = 'Keys: arrows orbit the camera, + and - zoom, Enter selects the centre output pixel, Home resets the view.';
