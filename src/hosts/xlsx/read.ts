/**
 * The .xlsx host's read side: an .xlsx file (through exceljs) → the engine's plain grids.
 *
 * Cells are read as Excel shows them to Office.js, so that both hosts hand the engine the same grid: the value
 * (a formula's cached result, a date's serial number, rich text and hyperlinks as their text), the formula
 * without `=`, an error value as `error`, the number format when it is not General, and merged ranges, whose
 * cells other than the top-left one are empty.
 */
import { readFile } from 'fs/promises';
import * as path from 'path';
import ExcelJS from 'exceljs';
import NumFmtXform from 'exceljs/lib/xlsx/xform/style/numfmt-xform';
import type { Cell, Merge, Sheet, Workbook } from '../../engine/grid';

/**
 * exceljs 4.4 removes every backslash escape from a number format it reads (`0.00\%` becomes `0.00%`). That
 * changes what the format means: `0.00\%` shows 98.88 as "98.88%", `0.00%` shows it as "9888.00%". Excel (and
 * so the Office.js host) gives the code as stored, so we make exceljs keep it too. The patch is process-wide,
 * idempotent, and also keeps a workbook that exceljs reads and writes back showing its figures as before.
 */
const PATCHED = Symbol.for('budget-review.exceljs.keepNumberFormatEscapes');

function keepNumberFormatEscapes(): void {
  const proto = NumFmtXform.prototype as NumFmtXform & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const parseOpen = proto.parseOpen;
  proto.parseOpen = function (this: NumFmtXform, node) {
    const handled = parseOpen.call(this, node);
    const raw = node.attributes.formatCode;
    if (node.name === 'numFmt' && this.model && typeof raw === 'string') this.model.formatCode = raw;
    return handled;
  };
  proto[PATCHED] = true;
}
keepNumberFormatEscapes();

/** Why a workbook could not be read; the CLI turns each into a message in the user's language. */
export type WorkbookReadErrorCode =
  /** No file at that path. */
  | 'not-found'
  /** The path is a directory or another non-file. */
  | 'not-a-file'
  /** The file exists but the system refused to read it (permissions, I/O). */
  | 'unreadable'
  /** A 0-byte file. */
  | 'empty'
  /** An Excel 97–2003 .xls file or a password-protected workbook (both are OLE2 compound files). */
  | 'xls'
  /** Not a zip file at all: a text file, a CSV, anything renamed to .xlsx. */
  | 'not-zip'
  /** A zip file that holds no worksheets (a .docx, a plain archive). */
  | 'not-xlsx'
  /** A zip file that exceljs could not read (truncated, damaged). */
  | 'corrupt';

const REASONS: Record<WorkbookReadErrorCode, string> = {
  'not-found': 'file not found',
  'not-a-file': 'not a file',
  unreadable: 'the file cannot be read',
  empty: 'the file is empty',
  xls: 'not an .xlsx workbook (an Excel 97-2003 .xls file or a password-protected workbook)',
  'not-zip': 'not an .xlsx workbook (zip signature missing)',
  'not-xlsx': 'not an .xlsx workbook (the zip file holds no worksheets)',
  corrupt: 'corrupt workbook',
};

/** Thrown (as a rejection) when a file cannot be read as an .xlsx workbook. */
export class WorkbookReadError extends Error {
  /** The condition, stable for programs and for the CLI's per-language messages. */
  readonly code: WorkbookReadErrorCode;
  /** The file as the caller named it (the path given, or the name given with a buffer). */
  readonly file: string;
  /** A short English reason, e.g. `file not found`. */
  readonly reason: string;
  /** The underlying library or system message, on one line, when there is one worth showing. */
  readonly detail?: string;

  constructor(code: WorkbookReadErrorCode, file: string, detail?: string) {
    const reason = REASONS[code];
    const oneLine = detail === undefined ? undefined : shortDetail(detail);
    super(`${file}: ${reason}${oneLine ? `: ${oneLine}` : ''}`);
    this.name = 'WorkbookReadError';
    this.code = code;
    this.file = file;
    this.reason = reason;
    if (oneLine) this.detail = oneLine;
  }
}

/** Library messages can span lines and carry paths of their own; keep the first line, briefly. */
function shortDetail(detail: string): string {
  const first = detail.split(/\r?\n/, 1)[0].trim();
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Reads an .xlsx file into plain grids. `Workbook.name` is the file's base name.
 * Rejects with {@link WorkbookReadError} when the file is missing, empty, not an .xlsx workbook or corrupt.
 */
export async function readWorkbookFile(filePath: string): Promise<Workbook> {
  let buf: Buffer;
  try {
    buf = await readFile(filePath);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new WorkbookReadError('not-found', filePath);
    if (code === 'EISDIR') throw new WorkbookReadError('not-a-file', filePath);
    throw new WorkbookReadError('unreadable', filePath, code ?? errorMessage(err));
  }
  const workbook = await loadBuffer(buf, filePath);
  workbook.name = path.basename(filePath);
  return workbook;
}

/**
 * Reads an .xlsx workbook held in memory. `name` becomes `Workbook.name` and names the file in errors.
 * Rejects with {@link WorkbookReadError} when the bytes are empty, not an .xlsx workbook or corrupt.
 */
export async function readWorkbookBuffer(buf: Buffer, name: string): Promise<Workbook> {
  const workbook = await loadBuffer(buf, name);
  workbook.name = name;
  return workbook;
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04: a zip file's first local header
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls and encrypted .xlsx

function startsWith(buf: Buffer, signature: readonly number[]): boolean {
  if (buf.length < signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (buf[i] !== signature[i]) return false;
  return true;
}

/** Checks the bytes ourselves first: exceljs's own messages for a non-zip file do not say what is wrong. */
async function loadBuffer(buf: Buffer, file: string): Promise<Workbook> {
  if (buf.length === 0) throw new WorkbookReadError('empty', file);
  if (startsWith(buf, OLE2_SIGNATURE)) throw new WorkbookReadError('xls', file);
  if (!startsWith(buf, ZIP_SIGNATURE)) throw new WorkbookReadError('not-zip', file);

  const book = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer type; a Node Buffer is what it reads.
    await book.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new WorkbookReadError('corrupt', file, errorMessage(err));
  }
  const worksheets = book.worksheets;
  if (worksheets.length === 0) throw new WorkbookReadError('not-xlsx', file);

  const date1904 = book.properties?.date1904 === true;
  const sheets: Sheet[] = [];
  for (const ws of worksheets) {
    try {
      sheets.push(readSheet(ws, date1904));
    } catch (err) {
      // exceljs builds some parts lazily; a damaged part may only show here.
      throw new WorkbookReadError('corrupt', file, `${ws.name}: ${errorMessage(err)}`);
    }
  }
  return { sheets };
}

function readSheet(ws: ExcelJS.Worksheet, date1904: boolean): Sheet {
  const rows: (Cell | null)[][] = [];
  const last = ws.rowCount;
  let lastFilled = 0; // number of rows up to the last one holding a value
  for (let r = 1; r <= last; r++) {
    const row = ws.findRow(r);
    const cells = row ? readRow(row, date1904) : [];
    rows.push(cells);
    if (cells.length > 0) lastFilled = r;
  }
  rows.length = lastFilled; // styled empty rows at the end are not part of the sheet's content
  const sheet: Sheet = { name: ws.name, rows, top: 0, left: 0 };
  const merges = readMerges(ws);
  if (merges.length > 0) sheet.merges = merges;
  return sheet;
}

/** One row's cells, up to its last non-empty cell (rows are ragged); gaps are null. */
function readRow(row: ExcelJS.Row, date1904: boolean): (Cell | null)[] {
  const n = row.cellCount;
  const out: (Cell | null)[] = [];
  let length = 0;
  for (let c = 1; c <= n; c++) {
    const xc = row.findCell(c);
    const cell = xc === undefined ? null : readCell(xc, date1904);
    out.push(cell);
    if (cell !== null) length = c;
  }
  out.length = length;
  return out;
}

// exceljs's ValueType enum is declared in its typings and exported at run time.
const T_NULL = ExcelJS.ValueType.Null;
const T_MERGE = ExcelJS.ValueType.Merge;
const T_FORMULA = ExcelJS.ValueType.Formula;

/** One cell, or null when it holds nothing (empty, styled only, or a non-top-left cell of a merge). */
function readCell(xc: ExcelJS.Cell, date1904: boolean): Cell | null {
  const type = xc.type;
  if (type === T_NULL || type === T_MERGE) return null;
  let cell: Cell;
  if (type === T_FORMULA) {
    // `cell.result`, not `cell.value.result`: exceljs's copy of a formula value drops falsy results (0, '', false).
    cell = fromValue(xc.result as unknown as ExcelJS.CellValue, date1904);
    // The other cells of a shared formula get the master's formula translated to their own address.
    const formula: unknown = xc.formula;
    if (typeof formula === 'string' && formula !== '') cell.f = formula;
  } else {
    cell = fromValue(xc.value, date1904);
  }
  const fmt: unknown = xc.numFmt;
  if (typeof fmt === 'string' && fmt !== '' && fmt.toLowerCase() !== 'general') cell.fmt = fmt;
  return cell;
}

/** A value as exceljs holds it → a grid cell without formula or format. */
function fromValue(value: ExcelJS.CellValue, date1904: boolean): Cell {
  if (value === null || value === undefined) return { v: null };
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? { v: value } : { v: null };
    case 'string':
    case 'boolean':
      return { v: value };
    default:
      break;
  }
  if (value instanceof Date) return { v: dateToSerial(value, date1904) };
  if ('error' in value) return { v: null, error: String(value.error) };
  if ('richText' in value) return { v: richTextOf(value) };
  if ('hyperlink' in value) {
    // exceljs keeps the linked cell's own content as `text`: a string, a number or rich text.
    const text: unknown = value.text;
    if (typeof text === 'number' || typeof text === 'string' || typeof text === 'boolean') return { v: text };
    if (typeof text === 'object' && text !== null && 'richText' in text) {
      return { v: richTextOf(text as ExcelJS.CellRichTextValue) };
    }
    return { v: null };
  }
  return { v: null };
}

function richTextOf(value: ExcelJS.CellRichTextValue): string {
  const runs = value.richText;
  if (!Array.isArray(runs)) return '';
  let s = '';
  for (const run of runs) s += run.text ?? '';
  return s;
}

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = 25_569; // 1970-01-01 as an Excel serial number (1900 date system)
const OFFSET_1904 = 1_462;

/** exceljs turns date-formatted numbers into Dates (UTC, from the serial); this is its inverse. */
function dateToSerial(d: Date, date1904: boolean): number | null {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return null;
  const serial = EPOCH_1900 + ms / MS_PER_DAY - (date1904 ? OFFSET_1904 : 0);
  // exceljs rounded the serial to whole milliseconds; undo the binary noise of the division.
  return Math.round(serial * 1e10) / 1e10;
}

/** The shape of exceljs's private merge index: master address → 1-based Range. */
interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function isMergeRange(x: unknown): x is MergeRange {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return (
    typeof m.top === 'number' &&
    typeof m.left === 'number' &&
    typeof m.bottom === 'number' &&
    typeof m.right === 'number'
  );
}

/**
 * Merged ranges, 0-based inclusive. The public `worksheet.model.merges` first rebuilds the model of every row
 * (on a 100,000-row sheet that costs as much as converting all its cells), so we read exceljs's merge index
 * directly and fall back to the public model only if this exceljs version keeps the index elsewhere.
 */
function readMerges(ws: ExcelJS.Worksheet): Merge[] {
  const index: unknown = (ws as unknown as { _merges?: unknown })._merges;
  const out: Merge[] = [];
  if (typeof index === 'object' && index !== null) {
    const ranges = Object.values(index as Record<string, unknown>);
    if (ranges.every(isMergeRange)) {
      for (const m of ranges)
        out.push({ top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 });
      return sortMerges(out);
    }
  }
  for (const ref of ws.model.merges ?? []) {
    const m = parseRange(ref);
    if (m) out.push(m);
  }
  return sortMerges(out);
}

function sortMerges(merges: Merge[]): Merge[] {
  return merges.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** `A1:C2` (optionally with a sheet prefix and `$`) → 0-based merge; null when it is not a range. */
export function parseRange(ref: string): Merge | null {
  const bare = ref.includes('!') ? ref.slice(ref.lastIndexOf('!') + 1) : ref;
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(bare.trim());
  if (!m) return null;
  const c1 = colIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] === undefined ? c1 : colIndex(m[3]);
  const r2 = m[4] === undefined ? r1 : Number(m[4]) - 1;
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}

function colIndex(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}
