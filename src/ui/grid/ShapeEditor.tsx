import { useId, useRef, useState } from 'react';
import type { SamplePoint } from '../../common/geometry';
import { initialShape } from '../../model/geometry';
import { useAppStore } from '../../state/store';
import { checkDrawnShape, editableCells, EDITOR_SIZE, indexByCell, MAX_DRAWN_POINTS, moveFocus, pointKey, toggleCell } from './editor-layout';
import { FigureDownloads } from '../figure/FigureDownloads';
import { svgPng } from '../figure/download';
import { shapeSvg } from '../figure/figure-svg';
import { pytorchSnippet } from './pytorch-snippet';
import { cellGrid } from './shape-layout';
import { useLiveModel } from './live-model';
import { shapeUseText } from './shape-use';
import './grid.css';

export interface ShapeEditorProps {
  /** Side of the square drawing grid (default 6). */
  size?: number;
}

type Message = { kind: 'info' | 'error'; text: string } | null;

/**
 * "Draw your own shape": a size x size grid of toggle cells (click, or arrow
 * keys to move and Space/Enter to toggle), numbered in the order they were
 * added. "Apply to model" sets customShape and numParam = its point count;
 * "Reset" clears customShape.
 */
export function ShapeEditor({ size = EDITOR_SIZE }: ShapeEditorProps) {
  const headingId = useId();
  const helpId = useId();
  const customShape = useAppStore((s) => s.settings.customShape);
  const numParam = useAppStore((s) => s.settings.numParam);
  const convention = useAppStore((s) => s.settings.convention);
  const update = useAppStore((s) => s.update);
  const liveSites = useLiveModel().sites;

  // The drawing follows the store's shape whenever that changes (a preset, Apply, Reset).
  const [shown, setShown] = useState(customShape);
  const [points, setPoints] = useState<SamplePoint[]>(() => editableCells(customShape, size).points);
  const [message, setMessage] = useState<Message>(null);
  if (shown !== customShape) {
    setShown(customShape);
    setPoints(editableCells(customShape, size).points);
  }
  const dropped = editableCells(customShape, size).dropped;

  const [focus, setFocus] = useState<SamplePoint>({ row: 0, col: 0 });
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const index = indexByCell(points);
  const maxPoints = Math.min(MAX_DRAWN_POINTS, size * size);

  const pn = initialShape(numParam, convention);
  const pnFits = pn.length <= maxPoints && editableCells(pn, size).dropped === 0;

  const apply = () => {
    const check = checkDrawnShape(points, maxPoints);
    if (!check.ok) {
      setMessage({ kind: 'error', text: check.message });
      return;
    }
    update({ customShape: check.shape, numParam: check.shape.length });
    setMessage({ kind: 'info', text: `Applied: ${check.shape.length} points, num_param = ${check.shape.length}.` });
  };
  const reset = () => {
    update({ customShape: null });
    setPoints([]);
    setMessage({ kind: 'info', text: 'Reset: the model uses its own p_n again.' });
  };

  const rows = [];
  for (let r = 0; r < size; r++) {
    const cells = [];
    for (let c = 0; c < size; c++) {
      const n = index.get(pointKey({ row: r, col: c }));
      const on = n !== undefined;
      cells.push(
        <div role="gridcell" key={c} className="sg-editor-gridcell">
          <button
            type="button"
            ref={(el) => {
              buttons.current[r * size + c] = el;
            }}
            className={on ? 'sg-editor-cell sg-on' : 'sg-editor-cell'}
            aria-pressed={on}
            aria-label={`Row ${r}, column ${c}${on ? `, sample ${n}` : ''}`}
            tabIndex={focus.row === r && focus.col === c ? 0 : -1}
            onFocus={() => setFocus({ row: r, col: c })}
            onClick={() => {
              if (!on && points.length >= maxPoints) {
                setMessage({ kind: 'error', text: `A drawn shape can have at most ${maxPoints} points: remove one first.` });
                return;
              }
              setPoints(toggleCell(points, { row: r, col: c }));
              setMessage(null);
            }}
            onKeyDown={(e) => {
              const next = moveFocus({ row: r, col: c }, e.key, size, e.ctrlKey);
              if (!next) return;
              e.preventDefault();
              setFocus(next);
              buttons.current[next.row * size + next.col]?.focus();
            }}
          >
            {on ? n : ''}
          </button>
        </div>,
      );
    }
    rows.push(
      <div role="row" key={r} className="sg-editor-row">
        {cells}
      </div>,
    );
  }

  return (
    <section className="sg-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Draw your own shape</h3>
      <p id={helpId}>
        Click cells to add or remove sample points (up to {maxPoints}); with the keyboard, arrow keys move between cells and Space or
        Enter toggles one. Row 0, column 0 is the output pixel&apos;s own cell. Points are numbered in the order you add them: that is
        the sample order.
      </p>
      <div
        role="grid"
        className="sg-editor"
        aria-label={`Drawing grid, ${size} by ${size} cells`}
        aria-describedby={helpId}
        style={{ gridTemplateRows: `repeat(${size}, auto)` }}
      >
        {rows}
      </div>
      <p className="sg-count" aria-live="polite">
        {points.length === 0 ? 'No points drawn.' : `${points.length} point${points.length === 1 ? '' : 's'} drawn (num_param = ${points.length}).`}
        {` ${shapeUseText(customShape?.length ?? null, liveSites)}`}
      </p>
      {points.length > 0 && <DrawnShapeDownloads points={points} />}
      <div className="sg-buttons">
        <button type="button" className="sg-button sg-primary" onClick={apply}>
          Apply to model
        </button>
        <button
          type="button"
          className="sg-button"
          disabled={!pnFits}
          onClick={() => {
            setPoints(editableCells(pn, size).points);
            setMessage(null);
          }}
        >
          Start from p_n (N = {numParam}, {convention})
        </button>
        <button type="button" className="sg-button" onClick={reset}>
          Reset
        </button>
      </div>
      {!pnFits && (
        <p className="sg-note">
          p_n for N = {numParam} has more points than a drawing may have ({maxPoints}) or does not fit this {size} × {size} grid.
        </p>
      )}
      <p className={message?.kind === 'error' ? 'sg-message sg-error' : 'sg-message'} role="status">
        {message?.text ?? ''}
      </p>
      {dropped > 0 && (
        <p className="sg-note">
          {dropped} point{dropped === 1 ? '' : 's'} of the shape in use lie outside this {size} × {size} grid (or between cells) and
          are not shown here.
        </p>
      )}
      <p className="sg-note">
        Trained weights expect the shape they were trained with: the offset conv and the column conv learned around it, so another
        shape or order changes what a trained model sees. The live model uses a drawn shape only in AKConv layers whose num_param
        equals its point count (the seed&apos;s C3_AKConv bottlenecks have num_param = 3); other layers keep their own p_n.
      </p>
    </section>
  );
}

/** The drawing as it stands (applied or not): SVG, PNG and the PyTorch code that sets it as p_n. */
function DrawnShapeDownloads({ points }: { points: readonly SamplePoint[] }) {
  const grid = () => cellGrid(points, { cell: 36, pad: 20 });
  const svg = () => shapeSvg(grid(), { title: `Drawn shape, N = ${points.length}` });
  return (
    <FigureDownloads
      name={`drawn-${points.length}`}
      label="the drawn shape"
      svg={svg}
      png={() => svgPng(svg(), grid().width, grid().height)}
      code={() => pytorchSnippet(points, { origin: 'drawn' })}
    />
  );
}
