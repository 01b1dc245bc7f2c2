import { useId } from 'react';
import type { GridConvention } from '../../common/geometry';
import { LIMITS } from '../../state/settings';
import { useAppStore } from '../../state/store';
import { FigureDownloads } from '../figure/FigureDownloads';
import { svgPng } from '../figure/download';
import { shapeSvg } from '../figure/figure-svg';
import { useLiveModel } from './live-model';
import { NumberField } from './NumberField';
import { pytorchSnippet } from './pytorch-snippet';
import { ShapeDrawing } from './ShapeDrawing';
import { numParamPatch } from './editor-layout';
import { CONVENTION_INFO, CONVENTION_ORDER, initialShapeGrid, initialShapeRule } from './shape-layout';
import './grid.css';

const CELL = 36;
const PAD = 20;

export interface InitialShapeFigureProps {
  numParam: number;
  convention: GridConvention;
  /** Marks the convention the live model uses. */
  active?: boolean;
}

/** p_n for N samples under one convention: the points numbered 0..N-1 in the model's order. */
export function InitialShapeFigure({ numParam, convention, active = false }: InitialShapeFigureProps) {
  const grid = initialShapeGrid(numParam, convention, { cell: CELL, pad: PAD });
  const info = CONVENTION_INFO[convention];
  const title = `Initial shape p_n for N = ${numParam}, ${info.name} convention`;
  const svg = () => shapeSvg(grid, { title });
  return (
    <figure className={active ? 'sg-figure sg-active' : 'sg-figure'}>
      <figcaption>
        <strong>{info.name}</strong> <span className="sg-muted">({info.source})</span>
        {active && <span className="sg-badge">live model</span>}
        <FigureDownloads
          name={`pn-${numParam}-${convention}`}
          label={`the ${info.name} p_n figure`}
          svg={svg}
          png={() => svgPng(svg(), grid.width, grid.height)}
          code={() => pytorchSnippet(grid.points, { origin: `p_n of N = ${numParam}, ${info.name}` })}
        />
      </figcaption>
      <ShapeDrawing grid={grid} title={title} axes showOrder />
    </figure>
  );
}

/** The rule behind p_n, with the numbers of the current N. */
export function InitialShapeRuleText({ numParam }: { numParam: number }) {
  const rule = initialShapeRule(numParam);
  return (
    <ul className="sg-rule" aria-label={`How p_n is built for N = ${numParam}`}>
      {rule.lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/**
 * "Initial shape p_n": num_param (1..64, bound to the store) and the N points
 * of p_n under both conventions side by side, with the rule in words.
 */
export function InitialShapeView() {
  const headingId = useId();
  const numParam = useAppStore((s) => s.settings.numParam);
  // The badge marks what the live model runs, which the engine reports (not the view's setting).
  const liveConvention = useLiveModel().convention;
  const customShape = useAppStore((s) => s.settings.customShape);
  const update = useAppStore((s) => s.update);
  return (
    <section className="sg-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Initial shape p_n</h3>
      <p>
        Where the N samples of an output pixel sit before any offset is learned, relative to the pixel itself at (0, 0). Numbers are the
        sample index n: sample n takes its offsets from channels n (rows) and N + n (columns) of the offset conv; the line follows
        that order.
      </p>
      <div className="sg-controls">
        <NumberField
          label="Samples N (num_param)"
          value={numParam}
          min={LIMITS.numParam.min}
          max={LIMITS.numParam.max}
          onChange={(v) => update(numParamPatch(v, customShape))}
        />
      </div>
      <div className="sg-figures">
        {CONVENTION_ORDER.map((conv) => (
          <InitialShapeFigure key={conv} numParam={numParam} convention={conv} active={conv === liveConvention} />
        ))}
      </div>
      <InitialShapeRuleText numParam={numParam} />
      {customShape && (
        <p className="sg-note">
          A drawn shape with {customShape.length} point{customShape.length === 1 ? '' : 's'} is active: the live model uses it instead
          of p_n in AKConv layers with num_param = {customShape.length}. Choosing another N removes it.
        </p>
      )}
    </section>
  );
}
