/**
 * What a number box does with typed text: whether it is a whole number in
 * range, and if not, why (said to the user instead of a silent revert).
 */

/** A whole number typed into a field, or null when it is not one or lies outside [min, max]. */
export function parseBoundedInt(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const v = Number(t);
  return v >= min && v <= max ? v : null;
}
