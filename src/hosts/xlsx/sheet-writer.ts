/**
 * A generated sheet of the write plan as a SpreadsheetML worksheet part, written directly (no exceljs workbook in
 * between): a 100,000-row summary is produced row by row as text and deflated as it goes, never held as a model.
 *
 * What a cell becomes:
 * - text: an inline string (`t="inlineStr"`), so the user's shared strings part stays as it was; escaped by
 *   {@link escapeCellText} so that it reads back exactly as written, never as a formula, with the text format `@`;
 * - number: `<v>` with the plan's exact decimal as a double;
 * - formula: `<f>` and its cached value (`<v>`, `t="str"` for a text result; none when the plan has none);
 * - link: its text as an inline string, and `<hyperlink ref location>` to the cell, with no relationship (as
 *   Excel writes a link to a place in the same workbook); the target's sheet named as the plan names it (Excel finds
 *   a sheet whatever the case, and the Office.js host writes the same text).
 * Every cell is written as the plan has it, nothing renamed or rewritten, so that the run record's fingerprint of
 * the sheet (`planSheetFingerprint` of the plan sheet) is the fingerprint of what Excel reads back.
 * Merges, column widths, frozen panes and wrapping as the plan says; the other cells of a merge take the look of
 * its top-left cell, so that a merged header keeps its fill and borders across the whole range.
 */
import { a1, columnLetter, quoteSheet } from '../../engine/address';
import type { PlanCell, PlanSheet } from '../../engine/plan-types';
import { planNumber } from '../../engine/plan-validate';
import { linkText } from '../../engine/run-record';
import { escapeAttr, escapeText } from './xml-edit';

/**
 * A string as SpreadsheetML must hold it to be read back unchanged. Excel (and every reader that follows it) decodes
 * `_xHHHH_` in cell text as the character HHHH, so a literal one is escaped as `_x005F_xHHHH_`, as Excel does;
 * characters that XML cannot hold (control characters, U+FFFE, U+FFFF, a lone surrogate) and the carriage return
 * (which XML turns into a line feed) are written in that form.
 */
export function escapeCellText(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(
      /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

/** What the writer of one sheet needs from the rest of the package. */
export interface SheetContext {
  /** The cell format index of a plan cell (its look, its number format, wrapping). */
  styleOf(cell: PlanCell, wrap: boolean): number;
  /** The SpreadsheetML main and relationships namespaces of the package. */
  namespaces: { main: string; rel: string };
  /** Whether this sheet is the workbook's active (selected) tab. */
  selected: boolean;
  /**
   * A link to another file (a relative path), for a text cell: the id of the sheet's relationship that targets it,
   * or undefined. Only a new workbook uses these (the batch review links each finding to its workbook file).
   */
  fileLink?(cell: PlanCell): string | undefined;
}

/** Characters that need {@link escapeCellText} or XML escaping; most generated text has none. */
const NEEDS_ESCAPE = /[&<>_\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Cell text as the content of `<t>` or `<v>`: read back exactly as written. */
function cellText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? escapeText(escapeCellText(text)) : text;
}

function textXml(text: string): string {
  const preserve = /^[\s]|[\s]$|[\t\n]/.test(text) ? ' xml:space="preserve"' : '';
  return `<is><t${preserve}>${cellText(text)}</t></is>`;
}

/**
 * A plain decimal of at most 15 digits (`3740.11`, `-0.5764`): the double nearest to it is read back as this very
 * decimal, so it is written as it is, without the cost of a conversion to a double and back (a summary has close to
 * a million numbers).
 */
const PLAIN_DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,14})?$/;
const SIGNED_ZERO = /^-0(?:\.0*)?$/;

/**
 * A plan number as written in `<v>`: the same double as {@link planNumber} gives (what the run record's fingerprint
 * and the Office.js host use). The plan was validated before anything is written (write.ts), so the place is named
 * only if a number is bad after all.
 */
function numberText(value: string, sheet: string, ref: string): string {
  if (
    PLAIN_DECIMAL.test(value) &&
    value.length - (value.startsWith('-') ? 1 : 0) - (value.includes('.') ? 1 : 0) <= 15 &&
    !SIGNED_ZERO.test(value)
  )
    return value;
  let n: number;
  try {
    n = planNumber(value, '');
  } catch {
    n = planNumber(value, `${sheet}!${ref}`);
  }
  return String(n);
}

/** The `<c>` of one plan cell. */
function cellXml(cell: PlanCell, ref: string, s: number, sheet: string): string {
  const style = s > 0 ? ` s="${s}"` : '';
  switch (cell.kind) {
    case 'text':
      if (cell.text === '') return `<c r="${ref}"${style}/>`;
      return `<c r="${ref}"${style} t="inlineStr">${textXml(cell.text)}</c>`;
    case 'number':
      return `<c r="${ref}"${style}><v>${numberText(cell.value, sheet, ref)}</v></c>`;
    case 'formula': {
      const f = `<f>${escapeText(cell.formula)}</f>`;
      if (cell.cached === null || cell.cached === undefined) return `<c r="${ref}"${style}>${f}</c>`;
      if (cell.cachedType === 'number')
        return `<c r="${ref}"${style}>${f}<v>${numberText(cell.cached, sheet, ref)}</v></c>`;
      return `<c r="${ref}"${style} t="str">${f}<v>${cellText(cell.cached)}</v></c>`;
    }
    case 'link': {
      const text = linkText(cell);
      if (text === '') return `<c r="${ref}"${style}/>`;
      return `<c r="${ref}"${style} t="inlineStr">${textXml(text)}</c>`;
    }
    default:
      throw new Error(
        `${sheet}!${ref}: unknown cell kind ${JSON.stringify((cell as { kind: unknown }).kind)}`,
      );
  }
}

/** For each merge (except single cells), the look of its top-left cell for its other cells. */
function mergeFill(
  sheet: PlanSheet,
  styleOf: (r: number, c: number) => number,
): Map<number, Map<number, number>> {
  const fill = new Map<number, Map<number, number>>();
  for (const m of sheet.merges) {
    if (m.bottom === m.top && m.right === m.left) continue;
    const s = styleOf(m.top, m.left);
    if (s <= 0) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      let row = fill.get(r);
      if (!row) fill.set(r, (row = new Map()));
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) row.set(c, s);
    }
  }
  return fill;
}

/**
 * The rows' XML is given out in pieces of about this many characters: small enough that a piece (UTF-16 on the heap)
 * stays an ordinary young object, which the cheap collections free, rather than a large object that only a full
 * collection frees.
 */
const PIECE = 16 * 1024;

/**
 * The plan's page setup: A4 (paperSize 9, the paper Chinese offices print on), the orientation, and with fit to
 * width one page wide and as many tall as the rows need (fitToHeight 0).
 */
function pageSetupXml(sheet: PlanSheet): string {
  const print = sheet.print;
  if (!print) return '';
  const fit = print.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : '';
  return `<pageSetup paperSize="9" orientation="${print.orientation}"${fit}/>`;
}

/** Points per line of the body font (11 pt): the sheet's default row height. */
const LINE_POINTS = 15;
/**
 * A Chinese character, or any full-width one, is about 1.7 digit-widths wide (the unit of a column's width) in the
 * fonts Chinese offices print with; a character of Latin text about one.
 */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 1.7 : 1;
  return w;
}

/**
 * The height a row needs for its wrapped text (a reason, a finding's message, a header), in points; undefined for
 * one line. Spreadsheet programs keep a row's stored height when they open a file (LibreOffice does not fit rows
 * to wrapped text it did not lay out itself), so a row of wrapped text states its height: the lines each wrapped
 * cell needs at its column's width (a merge's columns together), at the body font's line height.
 */
function rowHeight(sheet: PlanSheet, r: number, wrap: ReadonlySet<number>): number | undefined {
  const row = sheet.rows[r];
  if (!row) return undefined;
  let lines = 1;
  row.forEach((cell, c) => {
    if (!cell || cell.kind !== 'text' || cell.text === '') return;
    if (!wrap.has(c) && cell.style !== 'header' && cell.style !== 'paragraph') return;
    const merge = sheet.merges.find((m) => m.top === r && m.left === c);
    let width = 0;
    for (let k = c; k <= (merge?.right ?? c); k++) width += sheet.widths[k] ?? 8.43;
    // A cell's margins take about one digit-width.
    const per = Math.max(1, Math.floor(width - 1));
    const needed = cell.text
      .split('\n')
      .reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / per)), 0);
    lines = Math.max(lines, needed);
  });
  return lines > 1 ? lines * LINE_POINTS : undefined;
}

/** The worksheet part of a plan sheet, in pieces of text (UTF-8 when written). */
export function* worksheetXml(sheet: PlanSheet, ctx: SheetContext): Generator<string> {
  const wrap = new Set(sheet.wrapColumns);
  const styleAt = (r: number, c: number): number => {
    const cell = sheet.rows[r]?.[c];
    return cell ? ctx.styleOf(cell, wrap.has(c)) : 0;
  };
  const fill = mergeFill(sheet, styleAt);

  let maxRow = 0;
  let maxCol = 0;
  sheet.rows.forEach((row, r) => {
    if (row.some((c) => c !== null && c !== undefined)) maxRow = Math.max(maxRow, r);
    for (let c = row.length - 1; c >= 0; c--) {
      if (row[c] !== null && row[c] !== undefined) {
        maxCol = Math.max(maxCol, c);
        break;
      }
    }
  });
  for (const m of sheet.merges) {
    maxRow = Math.max(maxRow, m.bottom);
    maxCol = Math.max(maxCol, m.right);
  }

  let head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="${ctx.namespaces.main}" xmlns:r="${ctx.namespaces.rel}">` +
    // Fit to page is a sheet property; the page setup below says how many pages wide and tall.
    (sheet.print?.fitToWidth ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
    `<dimension ref="A1${maxRow > 0 || maxCol > 0 ? `:${a1(maxRow, maxCol)}` : ''}"/>`;
  const freeze = sheet.freeze;
  const frozen = freeze && (freeze.rows > 0 || freeze.columns > 0);
  const selected = ctx.selected ? ' tabSelected="1"' : '';
  if (frozen) {
    const { rows, columns } = freeze;
    const topLeft = a1(rows, columns);
    const pane = rows > 0 && columns > 0 ? 'bottomRight' : rows > 0 ? 'bottomLeft' : 'topRight';
    head +=
      `<sheetViews><sheetView${selected} workbookViewId="0">` +
      `<pane${columns > 0 ? ` xSplit="${columns}"` : ''}${rows > 0 ? ` ySplit="${rows}"` : ''} ` +
      `topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
      `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>` +
      '</sheetView></sheetViews>';
  } else {
    head += `<sheetViews><sheetView${selected} workbookViewId="0"/></sheetViews>`;
  }
  head += '<sheetFormatPr defaultRowHeight="15"/>';
  const cols: string[] = [];
  sheet.widths.forEach((width, c) => {
    if (width === null || width === undefined) return;
    cols.push(`<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`);
  });
  if (cols.length) head += `<cols>${cols.join('')}</cols>`;
  head += '<sheetData>';
  yield head;

  let piece = '';
  let links = 0;
  const letters: string[] = [];
  const letter = (c: number): string => (letters[c] ??= columnLetter(c));
  const rowCount = Math.max(sheet.rows.length, maxRow + 1);
  for (let r = 0; r < rowCount; r++) {
    const row = sheet.rows[r] ?? [];
    const filled = fill.get(r);
    const width = Math.max(row.length, filled ? Math.max(...filled.keys()) + 1 : 0);
    const rowNumber = String(r + 1);
    let cells = '';
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      const ref = letter(c) + rowNumber;
      if (cell === null || cell === undefined) {
        const s = filled?.get(c);
        if (s !== undefined) cells += `<c r="${ref}" s="${s}"/>`;
        continue;
      }
      const own = cell.kind === 'text' && cell.text === '' ? filled?.get(c) : undefined;
      cells += cellXml(cell, ref, own ?? ctx.styleOf(cell, wrap.has(c)), sheet.name);
      if (cell.kind === 'link' || ctx.fileLink?.(cell) !== undefined) links++;
    }
    if (cells === '') continue;
    const height = rowHeight(sheet, r, wrap);
    piece += `<row r="${rowNumber}"${height ? ` ht="${height}" customHeight="1"` : ''}>${cells}</row>`;
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  piece += '</sheetData>';
  // CT_Worksheet's order: sheetData, …, autoFilter, …, mergeCells, …, hyperlinks, printOptions, pageMargins, pageSetup.
  if (sheet.autoFilter) {
    const f = sheet.autoFilter;
    piece += `<autoFilter ref="${a1(f.top, f.left)}:${a1(f.bottom, f.right)}"/>`;
  }
  const merges = sheet.merges.filter((m) => m.bottom > m.top || m.right > m.left);
  if (merges.length) {
    piece +=
      `<mergeCells count="${merges.length}">` +
      merges.map((m) => `<mergeCell ref="${a1(m.top, m.left)}:${a1(m.bottom, m.right)}"/>`).join('') +
      '</mergeCells>';
  }
  // The links, made again from the rows rather than kept: a summary has one per row.
  if (links > 0) {
    piece += '<hyperlinks>';
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r] ?? [];
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell) continue;
        const rId = cell.kind === 'text' ? ctx.fileLink?.(cell) : undefined;
        if (rId !== undefined) piece += `<hyperlink ref="${letter(c)}${r + 1}" r:id="${escapeAttr(rId)}"/>`;
        if (cell.kind !== 'link') continue;
        const location = escapeAttr(`${quoteSheet(cell.sheet)}!${cell.cell}`);
        piece += `<hyperlink ref="${letter(c)}${r + 1}" location="${location}"/>`;
        if (piece.length >= PIECE) {
          yield piece;
          piece = '';
        }
      }
    }
    piece += '</hyperlinks>';
  }
  piece += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
  piece += pageSetupXml(sheet);
  piece += '</worksheet>';
  yield piece;
}
