/**
 * Python's number formatting, for files and tables that must read as
 * YOLOv5's: `'%g' % x` (labels .txt), `'%11.3g'` (val.py's table) and
 * `round(x, n)` (COCO JSON). Python rounds the exact binary value half to
 * even; JavaScript's toFixed / toPrecision round exact ties up, which
 * differs for values such as 13/128 = 0.1015625 ('%g' gives 0.101562).
 */

/** The exact decimal digits of |x| (no leading zeros) and the power of ten of the first one. */
function exactDigits(x: number): { digits: string; exponent: number } {
  // 100 significant digits hold every double from 1e-20 to 1e300 exactly.
  const [mantissa = '0', exp = '0'] = Math.abs(x).toExponential(99).split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', exponent: Number(exp) };
}

/** `digits` cut to `keep` digits, rounded half to even; carry may add a digit. */
function roundDigits(digits: string, keep: number): { digits: string; carried: boolean } {
  if (keep <= 0) {
    // Everything is cut: the result is 0 or one unit at the first kept position.
    const rest = digits.padEnd(1, '0');
    const up = keep === 0 && (rest[0] as string) > '5' ? true : keep === 0 && rest[0] === '5' ? /[1-9]/.test(rest.slice(1)) : false;
    return { digits: up ? '1' : '', carried: up };
  }
  const head = digits.slice(0, keep).padEnd(keep, '0');
  const rest = digits.slice(keep);
  const first = rest[0] ?? '0';
  const last = Number(head[head.length - 1]);
  const up = first > '5' || (first === '5' && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
  if (!up) return { digits: head, carried: false };
  const incremented = (BigInt(head) + 1n).toString().padStart(keep, '0');
  return incremented.length > keep ? { digits: incremented.slice(0, keep), carried: true } : { digits: incremented, carried: false };
}

/** Python's `'%.{precision}g' % x` (precision 6 is plain '%g'). */
export function formatG(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const p = Math.max(precision, 1);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const exact = exactDigits(x);
  const r = roundDigits(exact.digits, p);
  const exponent = exact.exponent + (r.carried ? 1 : 0);
  const digits = r.carried ? `1${r.digits.slice(1)}` : r.digits;
  if (exponent >= -4 && exponent < p) {
    const point = exponent + 1;
    const text = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : `${digits.slice(0, point).padEnd(point, '0')}.${digits.slice(point)}`;
    return sign + text.replace(/\.?0*$/, '');
  }
  const mantissa = `${digits[0]}.${digits.slice(1)}`.replace(/\.?0*$/, '');
  const e = Math.abs(exponent).toString().padStart(2, '0');
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${e}`;
}

/** Python's `round(x, ndigits)`: the exact value rounded half to even at that decimal. */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const exact = exactDigits(x);
  const keep = exact.exponent + 1 + ndigits;
  const r = roundDigits(exact.digits, keep);
  if (!r.digits || /^0*$/.test(r.digits)) return x < 0 ? -0 : 0;
  const exponent = exact.exponent + (r.carried ? 1 : 0);
  const digits = r.carried ? `1${r.digits.slice(1)}` : r.digits;
  const value = Number(`${digits[0]}.${digits.slice(1) || '0'}e${exponent}`);
  return x < 0 ? -value : value;
}

/** Python's f'{x:.{digits}f}': the exact value rounded half to even. */
export function formatFixed(x: number, digits: number): string {
  return pyRound(x, digits).toFixed(digits);
}

/** printf's right-aligned field: `'%22s'`, `'%11i'`. */
export function padStart(text: string | number, width: number): string {
  return String(text).padStart(width, ' ');
}
