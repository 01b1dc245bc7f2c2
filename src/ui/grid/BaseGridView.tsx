import { useId } from 'react';
import type { GridConvention } from '../../common/geometry';
import { LIMITS } from '../../state/settings';
import { useAppStore } from '../../state/store';
import { FigureDownloads } from '../figure/FigureDownloads';
import { svgPng } from '../figure/download';
import { baseGridSvg } from '../figure/figure-svg';
import { useLiveModel } from './live-model';
import { NumberField } from './NumberField';
import { baseGridCaption, baseGridDrawing } from './base-grid-layout';
import { CONVENTION_INFO, CONVENTION_ORDER } from './shape-layout';
import { arrowSegment, svgId } from './svg';
import './grid.css';

const CELL = 40;
const PAD = 22;

export interface BaseGridFigureProps {
  rows: number;
  cols: number;
  convention: GridConvention;
  /** Marks the convention the live model uses. */
  active?: boolean;
  /** Arrows from each moved pixel's own cell to where it starts. */
  arrows?: boolean;
}

/**
 * p_0 of a rows x cols map (stride 1) under one convention: each cell shows
 * the label "r,c" of the output pixel that starts sampling there.
 */
export function BaseGridFigure({ rows, cols, convention, active = false, arrows = true }: BaseGridFigureProps) {
  const id = useId();
  const titleId = svgId(id, 'title');
  const descId = svgId(id, 'desc');
  const markerId = svgId(id, 'arrow');
  const d = baseGridDrawing(rows, cols, convention, CELL, PAD);
  const caption = baseGridCaption(rows, cols, convention);
  const info = CONVENTION_INFO[convention];
  const title = `Base grid p_0 of a ${rows} × ${cols} map, ${info.name} convention`;
  const svg = () => baseGridSvg(d, { title, caption, arrows });
  const font = d.cells.some((c) => c.label.length > 3) ? CELL * 0.27 : CELL * 0.32;
  return (
    <figure className={active ? 'sg-figure sg-active' : 'sg-figure'}>
      <figcaption>
        <strong>{info.name}</strong> <span className="sg-muted">({info.source})</span>
        {active && <span className="sg-badge">live model</span>}
        <FigureDownloads
          name={`p0-${rows}x${cols}-${convention}`}
          label={`the ${info.name} p_0 figure`}
          svg={svg}
          png={() => svgPng(svg(), d.width, d.height)}
        />
      </figcaption>
      <svg
        className="sg-svg"
        viewBox={`0 0 ${d.width} ${d.height}`}
        width={d.width}
        height={d.height}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{caption}</desc>
        <defs>
          <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0 0 L10 5 L0 10 z" className="sg-arrowhead" />
          </marker>
        </defs>
        <g className="sg-axis-numbers" fontSize={PAD * 0.55} aria-hidden="true">
          {Array.from({ length: cols }, (_, c) => (
            <text key={`c${c}`} x={PAD + (c + 0.5) * CELL} y={PAD / 2} dominantBaseline="central" textAnchor="middle">
              {c}
            </text>
          ))}
          {Array.from({ length: rows }, (_, r) => (
            <text key={`r${r}`} x={PAD / 2} y={PAD + (r + 0.5) * CELL} dominantBaseline="central" textAnchor="middle">
              {r}
            </text>
          ))}
        </g>
        {d.cells.map((c) => (
          <g key={c.label} className={c.moved ? 'sg-base sg-moved' : 'sg-base'}>
            <title>{`Output pixel (${c.r}, ${c.c}) starts at (${c.at.row}, ${c.at.col})`}</title>
            <rect className="sg-cell" x={c.x - CELL / 2} y={c.y - CELL / 2} width={CELL} height={CELL} />
            <text x={c.x} y={c.y} fontSize={font} dominantBaseline="central" textAnchor="middle">
              {c.label}
            </text>
          </g>
        ))}
        {arrows && (
          <g className="sg-arrows" aria-hidden="true">
            {d.cells.map((c) => {
              if (!c.moved) return null;
              const s = arrowSegment(c.fromX, c.fromY, c.x, c.y, CELL * 0.22, CELL * 0.3);
              return s && <line key={c.label} {...s} markerEnd={`url(#${markerId})`} />;
            })}
          </g>
        )}
      </svg>
      <p className="sg-caption">{caption}</p>
    </figure>
  );
}

/**
 * "Base grid p_0": map rows and columns (1..16, bound to the store) and where
 * every output pixel starts sampling, under both conventions side by side.
 */
export function BaseGridView() {
  const headingId = useId();
  const arrowsId = useId();
  const rows = useAppStore((s) => s.settings.mapRows);
  const cols = useAppStore((s) => s.settings.mapCols);
  // The badge marks what the live model runs, which the engine reports (not the view's setting).
  const liveConvention = useLiveModel().convention;
  const update = useAppStore((s) => s.update);
  const arrows = useAppStore((s) => s.settings.baseArrows);
  return (
    <section className="sg-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Base grid p_0</h3>
      <p>
        Where each output pixel (r, c) of a feature map starts sampling (stride 1), before p_n and the offsets are added. Each cell
        shows the label r,c of the output pixel that starts there; shaded cells hold a pixel that is not its own, and arrows run from
        a pixel&apos;s own cell to where it starts.
      </p>
      <div className="sg-controls">
        <NumberField
          label="Map rows"
          value={rows}
          min={LIMITS.mapRows.min}
          max={LIMITS.mapRows.max}
          onChange={(v) => update({ mapRows: v })}
        />
        <NumberField
          label="Map columns"
          value={cols}
          min={LIMITS.mapCols.min}
          max={LIMITS.mapCols.max}
          onChange={(v) => update({ mapCols: v })}
        />
        <div className="sg-check">
          <input id={arrowsId} type="checkbox" checked={arrows} onChange={(e) => update({ baseArrows: e.target.checked })} />
          <label htmlFor={arrowsId}>Show arrows</label>
        </div>
      </div>
      <div className="sg-figures">
        {CONVENTION_ORDER.map((conv) => (
          <BaseGridFigure key={conv} rows={rows} cols={cols} convention={conv} active={conv === liveConvention} arrows={arrows} />
        ))}
      </div>
    </section>
  );
}
