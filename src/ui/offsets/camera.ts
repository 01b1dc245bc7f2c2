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

