/** Small text and number formatting shared by the grid panels' drawings and captions. */

/** "1 point", "2 points". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** An SVG coordinate with at most two decimals. */
export function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}
