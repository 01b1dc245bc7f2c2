/** The detections of the current frame as a list. */
import type { FrameDetections } from '../../runtime/protocol';
import { useAppStore } from '../../state/store';
import type { SelectHow } from './detection-trace';
import { classColor } from './draw';

/** Why the list is empty: the class filter (when one is set) or the confidence threshold. */
function emptyReason(classes: readonly number[] | null): string {
  if (!classes) return 'No detections above the confidence threshold.';
  if (!classes.length) return 'The class filter hides every class (none is ticked).';
  const n = classes.length;
  return `No detections of the ${n} class${n === 1 ? '' : 'es'} the class filter shows; it hides the others.`;
}

interface Props {
  result: FrameDetections | null;
  label?: string;
  /** Index of the traced detection (-1: none). */
  selected?: number;
  /** Given, each row is a button that traces its detection (click, Enter or Space, or hover). */
  onSelect?: (index: number, how: SelectHow) => void;
}

export function DetectionList({ result, label, selected = -1, onSelect }: Props) {
  const classes = useAppStore((s) => s.settings.classes);
  if (!result) return <p className="muted">No frame yet.</p>;
  if (!result.detections.length) return <p className="muted" data-testid="detections">{emptyReason(classes)}</p>;
  return (
    <ol className="detections" data-testid="detections" aria-label={label ?? 'Detections'}>
      {result.detections.map((d, i) => {
        const row = (
          <>
            <span className="swatch" style={{ background: classColor(d.classId) }} aria-hidden="true" />
            <span className="name">{d.label}</span> <span className="score">{d.score.toFixed(2)}</span>{' '}
            <span className="muted">[{d.box.map((v) => Math.round(v)).join(', ')}]</span>
          </>
        );
        return (
          <li key={i}>
            {onSelect && d.provenance ? (
              // A click from the keyboard (Enter, Space) has no pointer position: detail 0.
              <button type="button" className="detection-row" aria-pressed={i === selected} onClick={(e) => onSelect(i, e.detail === 0 ? 'key' : 'click')} onMouseEnter={() => onSelect(i, 'hover')}>
                {row}
              </button>
            ) : (
              row
            )}
          </li>
        );
      })}
    </ol>
  );
}
