/** Number formatting for the explainer: the model's numbers, short but not rounded away. */

/** A number with `digits` decimals, never "-0". */
export function num(v: number, digits = 3): string {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** "(row, col)". */
export function cell(p: { row: number; col: number }, digits = 2): string {
  return `(${num(p.row, digits)}, ${num(p.col, digits)})`;
}

/** The first `count` values, or all of them when there are only a few more. */
export function firstValues(values: readonly number[], count = 8): number[] {
  return values.length <= count + 2 ? [...values] : values.slice(0, count);
}
