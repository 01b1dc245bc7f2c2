/** The detections of the current frame as a list. */
import type { FrameDetections } from '../../runtime/protocol';
import { classColor } from './draw';

export function DetectionList({ result }: { result: FrameDetections | null }) {
  if (!result) return <p className="muted">No frame yet.</p>;
  if (!result.detections.length) return <p className="muted" data-testid="detections">No detections above the confidence threshold.</p>;
  return (
    <ol className="detections" data-testid="detections" aria-label="Detections">
      {result.detections.map((d, i) => (
        <li key={i}>
          <span className="swatch" style={{ background: classColor(d.classId) }} aria-hidden="true" />
          <span className="name">{d.label}</span> <span className="score">{d.score.toFixed(2)}</span>{' '}
          <span className="muted">[{d.box.map((v) => Math.round(v)).join(', ')}]</span>
        </li>
      ))}
    </ol>
  );
}
