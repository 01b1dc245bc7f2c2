/** Every value of a vector as one small line (its extremes labelled), for vectors too long for a table. */
import { num } from './format';

export function Sparkline({ values, label, width = 240, height = 36 }: { values: readonly number[]; label: string; width?: number; height?: number }) {
  if (values.length === 0) return null;
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const x = (i: number) => (values.length === 1 ? width / 2 : (i / (values.length - 1)) * width);
  const y = (v: number) => height - ((v - lo) / span) * height;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg className="explain-sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`${label}: ${values.length} values from ${num(Math.min(...values))} to ${num(Math.max(...values))}`}>
      <line x1={0} x2={width} y1={y(0)} y2={y(0)} className="explain-sparkline-zero" />
      <polyline points={points} />
    </svg>
  );
}
