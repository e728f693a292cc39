import type { Pen, TextStyle } from './pen';

/**
 * Ruled tables that run over several pages, as on printed archive forms:
 * the header row repeats on every page and rows grow with wrapped text.
 */

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableLayout {
  x: number;
  columns: Column[];
  style: TextStyle;
  headerStyle: TextStyle;
  headerHeight: number;
  minRowHeight: number;
}

/** Row height needed by the tallest wrapped cell. */
export function rowHeight(pen: Pen, layout: TableLayout, cells: string[]): number {
  const needed = cells.map((text, i) => pen.cellHeight(text, layout.columns[i]?.width ?? 10, layout.style));
  return Math.max(layout.minRowHeight, ...needed);
}

export function drawHeader(pen: Pen, layout: TableLayout, y: number): number {
  drawRow(
    pen,
    layout,
    y,
    layout.headerHeight,
    layout.columns.map((c) => c.header),
    layout.headerStyle,
    true,
  );
  return y + layout.headerHeight;
}

export function drawRow(
  pen: Pen,
  layout: TableLayout,
  y: number,
  h: number,
  cells: string[],
  style = layout.style,
  header = false,
): void {
  let x = layout.x;
  layout.columns.forEach((col, i) => {
    pen.rect(x, y, col.width, h, { width: 0.7 });
    const align = header ? 'center' : (col.align ?? 'center');
    pen.cell(cells[i] ?? '', x, y, col.width, h, { ...style, align });
    x += col.width;
  });
}

/**
 * Splits rows over pages: `startPage` draws a page's title and returns the
 * y where its table begins; rows never straddle the `bottom` limit.
 * Returns the y below the last row on the last page.
 */
export function drawTable(
  rows: string[][],
  layout: TableLayout,
  bottom: number,
  startPage: (continued: boolean) => { pen: Pen; top: number },
): { pen: Pen; y: number } {
  let { pen, top } = startPage(false);
  let y = drawHeader(pen, layout, top);
  for (const cells of rows) {
    const h = rowHeight(pen, layout, cells);
    if (y + h > bottom) {
      ({ pen, top } = startPage(true));
      y = drawHeader(pen, layout, top);
    }
    drawRow(pen, layout, y, h, cells);
    y += h;
  }
  return { pen, y };
}

/** Empty ruled rows down to the bottom, like the pre-printed rows of a paper form. */
export function fillBlankRows(pen: Pen, layout: TableLayout, y: number, bottom: number): void {
  const blank = layout.columns.map(() => '');
  while (y + layout.minRowHeight <= bottom + 0.01) {
    drawRow(pen, layout, y, layout.minRowHeight, blank);
    y += layout.minRowHeight;
  }
}
