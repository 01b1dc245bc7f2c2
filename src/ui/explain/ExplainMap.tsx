/**
 * The AKConv's input map around the explained pixel, drawing what the
 * current step adds: p₀ (and the other convention's), the initial shape, the
 * offset conv's window and offsets, the learned positions and their clamping,
 * the bilinear corners. Cell (row, col) is the unit square whose centre is
 * (col + 0.5, row + 0.5), as the offsets panel maps cells.
 */
import type { ExplainTrace } from '../../detect/akconv-explain';

/** How far outside the map a position may be drawn, in cells (beyond, it sits on this margin). */
const MARGIN = 1.5;
const MAX_PX = 300;

export function ExplainMap({ trace, step }: { trace: ExplainTrace; step: number }) {
  const { map } = trace;
  const size = Math.max(4, Math.min(28, MAX_PX / (map.w + 2 * MARGIN)));
  const clampX = (col: number) => Math.min(map.w + MARGIN - 0.5, Math.max(-MARGIN + 0.5, col + 0.5));
  const clampY = (row: number) => Math.min(map.h + MARGIN - 0.5, Math.max(-MARGIN + 0.5, row + 0.5));
  const at = (p: { row: number; col: number }) => ({ cx: clampX(p.col) * size, cy: clampY(p.row) * size });
  const r = size * 0.22;
  const grid = map.w <= 48 && map.h <= 48;
  const means = trace.windowMeans.filter((v): v is number => v !== null);
  const spread = Math.max(1e-6, ...means.map(Math.abs));
  const label =
    `Input map of ${trace.site}, ${map.h} × ${map.w} cells: p₀ at ${describe(trace.base)}` +
    (step >= 1 ? `, ${trace.samples.length} initial positions` : '') +
    (step >= 2 ? `, the 3×3 window from row ${trace.window.top}, column ${trace.window.left}` : '') +
    (step >= 3 ? `, ${trace.samples.length} learned positions${trace.samples.some((s) => s.border.row || s.border.col) ? ', some clamped to the border' : ''}` : '') +
    '.';
  return (
    <svg
      className="explain-map"
      viewBox={`${-MARGIN * size} ${-MARGIN * size} ${(map.w + 2 * MARGIN) * size} ${(map.h + 2 * MARGIN) * size}`}
      width={(map.w + 2 * MARGIN) * size}
      height={(map.h + 2 * MARGIN) * size}
      role="img"
      aria-label={label}
    >
      <rect x={0} y={0} width={map.w * size} height={map.h * size} className="explain-map-area" />
      {grid &&
        Array.from({ length: map.w + 1 }, (_, c) => <line key={`c${c}`} x1={c * size} x2={c * size} y1={0} y2={map.h * size} className="explain-map-grid" />)}
      {grid &&
        Array.from({ length: map.h + 1 }, (_, i) => <line key={`r${i}`} y1={i * size} y2={i * size} x1={0} x2={map.w * size} className="explain-map-grid" />)}
      {step === 2 &&
        trace.windowMeans.map((v, k) => {
          const row = trace.window.top + Math.floor(k / trace.window.size[1]);
          const col = trace.window.left + (k % trace.window.size[1]);
          return (
            <rect key={`w${k}`} x={col * size} y={row * size} width={size} height={size} className={v === null ? 'explain-map-pad' : 'explain-map-window'} style={v === null ? undefined : { fillOpacity: 0.15 + 0.6 * (Math.abs(v) / spread) }} />
          );
        })}
      {step === 2 && (
        <rect x={trace.window.left * size} y={trace.window.top * size} width={trace.window.size[1] * size} height={trace.window.size[0] * size} className="explain-map-window-edge" />
      )}
      {step === 4 &&
        trace.samples.flatMap((s) =>
          s.corners.map((q, k) => (
            <rect key={`q${s.index}-${k}`} x={q.col * size + 1} y={q.row * size + 1} width={size - 2} height={size - 2} className="explain-map-corner" style={{ fillOpacity: Math.min(0.9, 0.1 + q.weight / 2) }} />
          )),
        )}
      {step >= 1 &&
        trace.samples.map((s) => {
          const from = at(s.initial);
          const to = at(s.position);
          return (
            <g key={`s${s.index}`}>
              <circle {...from} r={r} className="explain-map-initial" />
              {step <= 2 && (
                <text x={from.cx + r * 1.2} y={from.cy - r * 1.2} className="explain-map-index">
                  {s.index}
                </text>
              )}
              {step >= 2 && <line x1={from.cx} y1={from.cy} x2={to.cx} y2={to.cy} className="explain-map-offset" />}
              {step >= 3 && <circle {...to} r={r} className="explain-map-learned" />}
              {step >= 3 && (s.border.row || s.border.col) && <circle {...at(s.clamped)} r={r * 1.8} className="explain-map-clamped" />}
              {step >= 3 && (
                <text x={to.cx + r * 1.2} y={to.cy - r * 1.2} className="explain-map-index">
                  {s.index}
                </text>
              )}
            </g>
          );
        })}
      <circle {...at(trace.otherBase)} r={r * 1.5} className="explain-map-other-base" />
      <circle {...at(trace.base)} r={r * 1.2} className="explain-map-base" />
    </svg>
  );
}

function describe(p: { row: number; col: number }): string {
  return `row ${p.row}, column ${p.col}`;
}
