import type { ArgValue } from './config';

/**
 * A value as Python's repr() prints it (`None`, `True`, `'nearest'`, `[1, 2]`),
 * so that our per-layer table reads exactly like the YOLOv5 summary.
 */
export function pythonRepr(v: ArgValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : pythonFloat(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `[${v.map(pythonRepr).join(', ')}]`;
}

function pythonFloat(v: number): string {
  // JS and Python both print the shortest round-tripping digits; they differ in exponent style.
  const s = String(v);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
}
