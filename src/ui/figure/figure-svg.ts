/**
 * The grid panel's figures as standalone SVG files: vector shapes, text as
 * <text>, colours written into the file (no page CSS), from the same layouts
 * the panels draw (`CellGrid`, `BaseGridDrawing`). Pure strings: no DOM.
 */
import type { BaseGridDrawing } from '../grid/base-grid-layout';
import { fmt } from '../grid/format';
import type { CellGrid } from '../grid/shape-layout';
import { cellOrigin, describePoints } from '../grid/shape-layout';
import { arrowSegment } from '../grid/svg';

/** The light theme's colours (the page's CSS variables are not in a file). */
const INK = '#1b1f24';
const PAPER = '#ffffff';
const MUTED = '#57606a';
const LINE = '#d0d7de';
const ACCENT = '#0969da';
const MOVED = '#fff1e6';
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

/** Text for XML character data and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function text(x: number, y: number, size: number, fill: string, content: string | number, extra = ''): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-size="${fmt(size)}" fill="${fill}" text-anchor="middle" dominant-baseline="central"${extra}>${xmlEscape(String(content))}</text>`;
}

function svgDocument(width: number, height: number, title: string, desc: string, body: string[]): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" font-family="${FONT}">`,
    `<title>${xmlEscape(title)}</title>`,
    `<desc>${xmlEscape(desc)}</desc>`,
    `<rect width="100%" height="100%" fill="${PAPER}"/>`,
    ...body,
    `</svg>`,
    '',
  ].join('\n');
}

export interface ShapeSvgOptions {
  title: string;
  /** Row and column numbers around the grid. */
  axes?: boolean;
  /** The line through the points in sample order. */
  showOrder?: boolean;
}

/** A shape on its cells (as ShapeDrawing draws it), each point a circle with its sample number n as text. */
export function shapeSvg(grid: CellGrid, { title, axes = true, showOrder = true }: ShapeSvgOptions): string {
  const { cell, rows, cols, firstRow, firstCol, pad } = grid;
  const body: string[] = ['<g class="cells">'];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const o = cellOrigin(grid, firstRow + r, firstCol + c);
      const anchor = firstRow + r === 0 && firstCol + c === 0;
      body.push(`<rect x="${fmt(o.x)}" y="${fmt(o.y)}" width="${fmt(cell)}" height="${fmt(cell)}" fill="${PAPER}" stroke="${anchor ? INK : LINE}" stroke-width="${anchor ? 2 : 1}"/>`);
    }
  }
  body.push('</g>');
  if (axes) {
    const size = Math.min(pad * 0.6, cell * 0.32);
    body.push('<g class="axes">');
    for (let c = 0; c < cols; c++) body.push(text(cellOrigin(grid, firstRow, firstCol + c).x + cell / 2, pad / 2, size, MUTED, firstCol + c));
    for (let r = 0; r < rows; r++) body.push(text(pad / 2, cellOrigin(grid, firstRow + r, firstCol).y + cell / 2, size, MUTED, firstRow + r));
    body.push('</g>');
  }
  if (showOrder && grid.orderPath) {
    body.push(`<path class="order" d="${grid.orderPath}" fill="none" stroke="${ACCENT}" stroke-opacity="0.7" stroke-linejoin="round" stroke-width="${fmt(Math.max(1.5, cell * 0.08))}"/>`);
  }
  const radius = cell * 0.34;
  const size = cell * (grid.points.length > 9 ? 0.3 : 0.36);
  body.push('<g class="points">');
  for (const p of grid.points) {
    body.push(`<g class="point" data-row="${p.row}" data-col="${p.col}">`);
    body.push(`<circle cx="${fmt(p.x)}" cy="${fmt(p.y)}" r="${fmt(radius)}" fill="${ACCENT}"/>`);
    body.push(text(p.x, p.y, size, PAPER, p.index, ' font-weight="600"'));
    body.push('</g>');
  }
  body.push('</g>');
  const n = grid.points.length;
  const desc = `${n === 1 ? 'One point' : `${n} points`}, sample 0 first: ${describePoints(grid.points)}. Cell (0, 0) is the output pixel's own position.`;
  return svgDocument(grid.width, grid.height, title, desc, body);
}

export interface BaseGridSvgOptions {
  title: string;
  caption: string;
  arrows?: boolean;
}

/** p_0 of a map (as BaseGridFigure draws it): each cell labelled "r,c" with the output pixel that starts there. */
export function baseGridSvg(d: BaseGridDrawing, { title, caption, arrows = true }: BaseGridSvgOptions): string {
  const { cell, pad } = d;
  const font = d.cells.some((c) => c.label.length > 3) ? cell * 0.27 : cell * 0.32;
  const body: string[] = [
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">' +
      `<path d="M0 0 L10 5 L0 10 z" fill="${INK}"/></marker></defs>`,
    '<g class="axes">',
  ];
  for (let c = 0; c < d.w; c++) body.push(text(pad + (c + 0.5) * cell, pad / 2, pad * 0.55, MUTED, c));
  for (let r = 0; r < d.h; r++) body.push(text(pad / 2, pad + (r + 0.5) * cell, pad * 0.55, MUTED, r));
  body.push('</g>', '<g class="cells">');
  for (const c of d.cells) {
    body.push(`<rect x="${fmt(c.x - cell / 2)}" y="${fmt(c.y - cell / 2)}" width="${fmt(cell)}" height="${fmt(cell)}" fill="${c.moved ? MOVED : PAPER}" stroke="${LINE}"/>`);
    body.push(text(c.x, c.y, font, INK, c.label));
  }
  body.push('</g>');
  if (arrows) {
    body.push(`<g class="arrows" stroke="${INK}" stroke-width="1.2">`);
    for (const c of d.cells) {
      if (!c.moved) continue;
      const s = arrowSegment(c.fromX, c.fromY, c.x, c.y, cell * 0.22, cell * 0.3);
      if (s) body.push(`<line x1="${fmt(s.x1)}" y1="${fmt(s.y1)}" x2="${fmt(s.x2)}" y2="${fmt(s.y2)}" marker-end="url(#arrow)"/>`);
    }
    body.push('</g>');
  }
  return svgDocument(d.width, d.height, title, caption, body);
}

