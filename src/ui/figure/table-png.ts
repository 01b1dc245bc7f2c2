/** An HTML table as a PNG picture: its cells' text on a grid, highlighted rows kept (the model panel). */
import { canvasPng } from './download';
import { tableLayout } from './table-layout';

const FONT_PX = 13;
const FONT = `${FONT_PX}px system-ui, -apple-system, Segoe UI, Roboto, sans-serif`;

/** The text of every row's cells, header first, and which rows carry `highlightClass`. */
export function tableText(table: HTMLTableElement, highlightClass: string): { rows: string[][]; highlighted: boolean[] } {
  const trs = [...table.rows];
  return {
    rows: trs.map((tr) => [...tr.cells].map((c) => (c.textContent ?? '').trim())),
    highlighted: trs.map((tr) => tr.classList.contains(highlightClass)),
  };
}

/** Draws the table at `scale` device pixels per CSS pixel and encodes it as PNG. */
export function tablePng(table: HTMLTableElement, { highlightClass = 'differs', scale = 2 } = {}): Promise<Blob> {
  const { rows, highlighted } = tableText(table, highlightClass);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('the browser gave no 2D canvas');
  ctx.font = FONT;
  const layout = tableLayout(rows, (t) => ctx.measureText(t).width, { rowHeight: FONT_PX + 10, padding: 6 });
  canvas.width = layout.width * scale;
  canvas.height = layout.height * scale;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  rows.forEach((row, r) => {
    const y = r * layout.rowHeight;
    if (highlighted[r]) {
      ctx.fillStyle = '#fff8c5';
      ctx.fillRect(0, y, layout.width, layout.rowHeight);
    }
    ctx.fillStyle = '#d0d7de';
    ctx.fillRect(0, y + layout.rowHeight - 1, layout.width, 1);
    ctx.fillStyle = '#1b1f24';
    ctx.font = r === 0 ? `600 ${FONT}` : FONT;
    row.forEach((cell, c) => ctx.fillText(cell, (layout.columnX[c] ?? 0) + 6, y + layout.rowHeight / 2));
  });
  return canvasPng(canvas);
}
