/**
 * The selected detection's path in words and numbers: head level and
 * stride, anchor, grid cell, the AKConv output pixel under that cell, and
 * whether its samples are drawn.
 */
import type { DetectionTrace } from './detection-trace';
import { TRACE_COLORS } from './draw-trace';
import './trace.css';

const px = (v: number) => v.toFixed(0);

/** A legend mark as drawn on the frame: a dashed square, a hollow (initial) or a filled (learned) dot. */
function Swatch({ color, shape }: { color: string; shape: 'square' | 'ring' | 'dot' }) {
  const style =
    shape === 'square'
      ? { border: `2px dashed ${color}` }
      : shape === 'ring'
        ? { border: '2px solid #888', background: color, borderRadius: '50%' }
        : { border: '1px solid #000', background: color, borderRadius: '50%' };
  return <span className="swatch" style={style} aria-hidden="true" />;
}

function Steps({ trace }: { trace: DetectionTrace }) {
  const { provenance: p, inputSize: [height, width], akconv } = trace;
  const [aw, ah] = p.anchorSize;
  const centre = { x: (p.gx + 0.5) * p.stride, y: (p.gy + 0.5) * p.stride };
  const block = akconv && (akconv.path.rows[0] !== akconv.path.rows[1] || akconv.path.cols[0] !== akconv.path.cols[1]) ? akconv.path : null;
  return (
    <ol className="trace-steps" aria-label="From the detection down to the AKConv samples">
      <li data-testid="trace-cell">
        Head level {p.level} (stride {p.stride} px), anchor {p.anchor} ({px(aw)} × {px(ah)} px), <Swatch color={TRACE_COLORS.cell} shape="square" /> grid cell (row {p.gy}, col {p.gx}) of{' '}
        {height / p.stride} × {width / p.stride}, centre ({px(centre.x)}, {px(centre.y)}) px on the {width} × {height} input
      </li>
      {akconv ? (
        <li data-testid="trace-akconv">
          <Swatch color={TRACE_COLORS.akconv} shape="square" /> AKConv {akconv.site.name} (layer {akconv.site.layerIndex}, stride {akconv.map.stride} px): output pixel (row {akconv.path.pixel[0]}, col{' '}
          {akconv.path.pixel[1]}) of {akconv.map.h} × {akconv.map.w}
          {block && `, the centre one of rows ${block.rows[0]}–${block.rows[1]}, cols ${block.cols[0]}–${block.cols[1]} under the cell`}
        </li>
      ) : (
        <li className="muted">This model has no AKConv layer, so the path ends at the head.</li>
      )}
      {akconv && (
        <li data-testid="trace-samples">
          {akconv.samples ? (
            <>
              Its {akconv.samples.length} samples on this frame: <Swatch color={TRACE_COLORS.initial} shape="ring" /> initial p₀ + pₙ, <Swatch color={TRACE_COLORS.learned} shape="dot" /> learned
              (+ offsets); the Learned offsets panel shows the same pixel.
            </>
          ) : (
            <span className="muted">Its samples appear once this frame&apos;s sampling field of this layer is computed (the Learned offsets panel computes it).</span>
          )}
        </li>
      )}
    </ol>
  );
}

export function DetectionProvenance({ trace, hasSelection }: { trace: DetectionTrace | null; hasSelection: boolean }) {
  return (
    <div className="detection-trace" data-testid="detection-trace" aria-live="polite">
      {trace ? (
        <>
          <p>
            <strong>Traced:</strong> {trace.detection.label} {trace.detection.score.toFixed(2)}
          </p>
          <Steps trace={trace} />
        </>
      ) : (
        <p className="muted">
          {hasSelection
            ? 'The traced detection is not in this frame.'
            : 'Trace a detection to its AKConv samples: click its box, or hover or press Enter on its row below; with the frame focused, arrow keys step through the boxes and Esc clears.'}
        </p>
      )}
    </div>
  );
}
