import { describe, expect, it } from 'vitest';
import { formatG, padStart, pyRound } from '../../src/detect/py-format';
import { readFixtureText } from '../helpers/fixtures';

interface Row {
  x: number;
  g: string;
  g3: string;
  r3: number;
  r5: number;
  w11: string;
}

// Python's own output for each value (scripts/detect/make_cli.py).
const rows = JSON.parse(readFixtureText('cli/py-format.json')) as Row[];

describe("Python's number formatting", () => {
  it('has cases with exact ties, where rounding half up would differ', () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.find((r) => r.x === 13 / 128)?.g).toBe('0.101562');
    expect((13 / 128).toPrecision(6)).toBe('0.101563');
  });

  it.each(rows.map((r) => [r.x, r] as const))("'%%g', '%%.3g' and '%%11.3g' of %s", (_, r) => {
    expect(formatG(r.x)).toBe(r.g);
    expect(formatG(r.x, 3)).toBe(r.g3);
    expect(padStart(formatG(r.x, 3), 11)).toBe(r.w11);
  });

  it.each(rows.map((r) => [r.x, r] as const))('round(x, 3) and round(x, 5) of %s', (_, r) => {
    expect(pyRound(r.x, 3)).toBe(r.r3);
    expect(pyRound(r.x, 5)).toBe(r.r5);
  });
});
