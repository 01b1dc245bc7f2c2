/**
 * The offsets panel's colour scale (offset length, 0 to the field's largest
 * |offset|), shared by the 3D points, the 2D overlay and the legend so they
 * agree. Viridis, sampled at nine stops: perceptually ordered and readable
 * with the common colour-vision deficiencies.
 */

/** sRGB, each channel in [0, 1]. */
export type Rgb = [number, number, number];

const STOPS: readonly Rgb[] = [
  [0.267, 0.005, 0.329],
  [0.278, 0.175, 0.483],
  [0.231, 0.322, 0.546],
  [0.173, 0.449, 0.558],
  [0.128, 0.567, 0.551],
  [0.153, 0.68, 0.504],
  [0.361, 0.785, 0.388],
  [0.667, 0.862, 0.196],
  [0.993, 0.906, 0.144],
];

/** The colour of t in [0, 1] (clamped; NaN reads as 0). */
export function offsetColor(t: number): Rgb {
  const u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const f = u * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(f));
  const a = STOPS[i] as Rgb;
  const b = STOPS[i + 1] as Rgb;
  const s = f - i;
  return [a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s];
}

/** A CSS colour for t in [0, 1]. */
export function offsetCss(t: number): string {
  const [r, g, b] = offsetColor(t);
  return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
}

/** The legend's CSS gradient, left (0) to right (the largest offset). */
export function legendGradient(): string {
  return `linear-gradient(to right, ${STOPS.map((_, i) => offsetCss(i / (STOPS.length - 1))).join(', ')})`;
}

/** Offset length -> [0, 1] for the colour scale of a field whose largest |offset| is max. */
export function normalizedOffset(length: number, max: number): number {
  return max > 0 ? length / max : 0;
}
