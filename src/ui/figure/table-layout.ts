/**
 * A table of text laid out for a picture (the model panel's PNG): column
 * widths from the widest cell, row heights fixed. Pure: the caller measures
 * text (a canvas in the browser, a stand-in in tests).
 */

export interface TableLayout {
  /** Left edge of each column, in pixels. */
  columnX: number[];
  columnWidth: number[];
  rowHeight: number;
  width: number;
  height: number;
}

export interface TableLayoutOptions {
  rowHeight: number;
  /** Room left and right of each cell's text. */
  padding: number;
}

/** Lays out `rows` (the first is the header); ragged rows are fine. */
export function tableLayout(rows: readonly (readonly string[])[], measure: (text: string) => number, options: TableLayoutOptions): TableLayout {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const columnWidth = Array.from({ length: columns }, (_, i) => Math.ceil(Math.max(0, ...rows.map((r) => measure(r[i] ?? ''))) + 2 * options.padding));
  const columnX: number[] = [];
  let x = 0;
  for (const w of columnWidth) {
    columnX.push(x);
    x += w;
  }
  return { columnX, columnWidth, rowHeight: options.rowHeight, width: Math.max(1, x), height: Math.max(1, rows.length * options.rowHeight) };
}
