import { useId } from 'react';
import type { CellGrid } from './shape-layout';
import { cellOrigin, describePoints } from './shape-layout';
import { svgId } from './svg';
import './grid.css';

export interface ShapeDrawingProps {
  /** The laid-out shape (from cellGrid / initialShapeGrid). */
  grid: CellGrid;
  /** Short name of the drawing (the SVG's <title>). */
  title: string;
  /** Row and column numbers around the grid (needs grid.pad ≥ about half a cell). */
  axes?: boolean;
  /** A line through the points in sample order. */
  showOrder?: boolean;
  /** Hide from assistive technology (when a labelled control around it already names it). */
  decorative?: boolean;
}

/** Sample points on a grid of cells, numbered in the order the model uses them; cell (0, 0) is the anchor. */
export function ShapeDrawing({ grid, title, axes = false, showOrder = false, decorative = false }: ShapeDrawingProps) {
  const id = useId();
  const titleId = svgId(id, 'title');
  const descId = svgId(id, 'desc');
  const { cell, rows, cols, firstRow, firstCol, pad } = grid;
  const cells = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const row = firstRow + r;
      const col = firstCol + c;
      const o = cellOrigin(grid, row, col);
      const anchor = row === 0 && col === 0;
      cells.push(
        <rect key={`${row},${col}`} className={anchor ? 'sg-cell sg-anchor' : 'sg-cell'} x={o.x} y={o.y} width={cell} height={cell} />,
      );
    }
  }
  const axisFont = Math.min(pad * 0.6, cell * 0.32);
  const pointRadius = cell * 0.34;
  const pointFont = cell * (grid.points.length > 9 ? 0.3 : 0.36);
  return (
    <svg
      className="sg-svg"
      viewBox={`0 0 ${grid.width} ${grid.height}`}
      width={grid.width}
      height={grid.height}
      role={decorative ? undefined : 'img'}
      aria-hidden={decorative || undefined}
      aria-labelledby={decorative ? undefined : `${titleId} ${descId}`}
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>
        {grid.points.length === 1 ? 'One point' : `${grid.points.length} points`}, sample 0 first: {describePoints(grid.points)}. Cell
        (0, 0) is the output pixel's own position.
      </desc>
      <g>{cells}</g>
      {axes && (
        <g className="sg-axis-numbers" fontSize={axisFont} aria-hidden="true">
          {Array.from({ length: cols }, (_, c) => (
            <text key={`c${c}`} x={cellOrigin(grid, firstRow, firstCol + c).x + cell / 2} y={pad / 2} dominantBaseline="central" textAnchor="middle">
              {firstCol + c}
            </text>
          ))}
          {Array.from({ length: rows }, (_, r) => (
            <text key={`r${r}`} x={pad / 2} y={cellOrigin(grid, firstRow + r, firstCol).y + cell / 2} dominantBaseline="central" textAnchor="middle">
              {firstRow + r}
            </text>
          ))}
        </g>
      )}
      {showOrder && grid.orderPath && <path className="sg-order" d={grid.orderPath} strokeWidth={Math.max(1.5, cell * 0.08)} />}
      <g className="sg-points">
        {grid.points.map((p) => (
          <g key={p.index} className="sg-point">
            <circle cx={p.x} cy={p.y} r={pointRadius} />
            <text x={p.x} y={p.y} fontSize={pointFont} dominantBaseline="central" textAnchor="middle">
              {p.index}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
