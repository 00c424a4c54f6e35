/**
 * How generated sheets look: a look's properties on a range (one operation per property), and a new sheet's layout
 * (column widths, base font, wrapped columns, frozen panes). Writes only: nothing is read.
 */
import { a1Range, columnLetter } from '../../engine/address';
import type { PlanSheet, WritePlan } from '../../engine/plan-types';
import type { BorderIndex, ExcelRange, ExcelRangeFormat, ExcelWorksheet } from './api';
import type { SheetCode } from './encode';
import { BASE_FONT, charsToPoints, type Look } from './styles';

/** Queues the writes of a look's properties on a range (writes only: nothing is read). */
export function applyLook(range: ExcelRange, look: Look, rows: number, columns: number): void {
  const format: ExcelRangeFormat = range.format;
  if (look.bold !== undefined) format.font.bold = look.bold;
  if (look.italic !== undefined) format.font.italic = look.italic;
  if (look.size !== undefined) format.font.size = look.size;
  if (look.color !== undefined) format.font.color = look.color;
  if (look.underline !== undefined) format.font.underline = look.underline;
  if (look.fill !== undefined) format.fill.color = look.fill;
  if (look.horizontal !== undefined) format.horizontalAlignment = look.horizontal;
  if (look.vertical !== undefined) format.verticalAlignment = look.vertical;
  if (look.wrap !== undefined) format.wrapText = look.wrap;
  const border = look.border;
  if (border) {
    const edges: BorderIndex[] =
      border.edges === 'all' ? ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] : ['EdgeTop'];
    // Inside lines only where the range has them (a one-row range has no inside horizontal line).
    if (rows > 1) edges.push('InsideHorizontal');
    if (border.edges === 'all' && columns > 1) edges.push('InsideVertical');
    for (const index of edges) {
      const line = format.borders.getItem(index);
      line.style = border.style;
      line.weight = border.weight;
      line.color = border.color;
    }
  }
}

/** Queues a new sheet's layout: widths, base font, wrapped columns, frozen panes. */
export function queueLayout(ws: ExcelWorksheet, code: SheetCode, lang: WritePlan['lang']): void {
  const sheet = code.plan;
  sheet.widths.forEach((w, c) => {
    if (w === null || w === undefined) return;
    const letter = columnLetter(c);
    ws.getRange(`${letter}:${letter}`).format.columnWidth = charsToPoints(w);
  });
  if (code.rows.length > 0) {
    const all = ws.getRange(a1Range(0, 0, code.rows.length - 1, code.width - 1));
    const font = BASE_FONT[lang] ?? BASE_FONT['zh-CN'];
    all.format.font.name = font.name;
    all.format.font.size = font.size;
    for (const c of sheet.wrapColumns) {
      ws.getRange(a1Range(0, c, code.rows.length - 1, c)).format.wrapText = true;
    }
  }
  const freeze = sheet.freeze;
  if (freeze && freeze.rows > 0 && freeze.columns > 0) {
    ws.freezePanes.freezeAt(a1Range(0, 0, freeze.rows - 1, freeze.columns - 1));
  } else if (freeze && freeze.rows > 0) {
    ws.freezePanes.freezeRows(freeze.rows);
  } else if (freeze && freeze.columns > 0) {
    ws.freezePanes.freezeColumns(freeze.columns);
  }
}

/**
 * Queues a new sheet's page setup and filter (ExcelApi 1.9: call only where `isSetSupported('ExcelApi', '1.9')`):
 * the orientation, one page wide and as many tall as needed (0 pages tall, as the file format's fitToHeight="0":
 * unverified in Excel), the rows repeated on every printed page, and the filter on its header row.
 */
export function queuePrint(ws: ExcelWorksheet, sheet: PlanSheet): void {
  const print = sheet.print;
  if (print) {
    ws.pageLayout.orientation = print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    if (print.fitToWidth) ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    if (print.titleRows)
      ws.pageLayout.setPrintTitleRows(`$${print.titleRows.first + 1}:$${print.titleRows.last + 1}`);
  }
  const f = sheet.autoFilter;
  if (f) ws.autoFilter.apply(a1Range(f.top, f.left, f.bottom, f.right));
}
