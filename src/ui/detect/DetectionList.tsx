/** The detections of the current frame as a list. */
import type { FrameDetections } from '../../runtime/protocol';
import { useAppStore } from '../../state/store';
import { classColor } from './draw';

/** Why the list is empty: the class filter (when one is set) or the confidence threshold. */
function emptyReason(classes: readonly number[] | null): string {
  if (!classes) return 'No detections above the confidence threshold.';
  if (!classes.length) return 'The class filter hides every class (none is ticked).';
  const n = classes.length;
  return `No detections of the ${n} class${n === 1 ? '' : 'es'} the class filter shows; it hides the others.`;
}

export function DetectionList({ result, label }: { result: FrameDetections | null; label?: string }) {
  const classes = useAppStore((s) => s.settings.classes);
  if (!result) return <p className="muted">No frame yet.</p>;
  if (!result.detections.length) return <p className="muted" data-testid="detections">{emptyReason(classes)}</p>;
  return (
    <ol className="detections" data-testid="detections" aria-label={label ?? 'Detections'}>
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
