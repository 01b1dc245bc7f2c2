/** The detections of the current frame as a list. */
import type { DetectResult } from '../../detect/detector';
import { classColor } from './draw';

export function DetectionList({ result, names }: { result: DetectResult | null; names: readonly string[] }) {
  if (!result) return <p className="muted">No frame yet.</p>;
  if (!result.detections.length) return <p className="muted" data-testid="detections">No detections above the confidence threshold.</p>;
  return (
    <ol className="detections" data-testid="detections" aria-label="Detections">
      {result.detections.map((d, i) => (
        <li key={i}>
          <span className="swatch" style={{ background: classColor(d.classId) }} aria-hidden="true" />
          <span className="name">{names[d.classId] ?? d.classId}</span> <span className="score">{d.score.toFixed(2)}</span>{' '}
          <span className="muted">[{d.box.map((v) => Math.round(v)).join(', ')}]</span>
        </li>
      ))}
    </ol>
  );
}
