/**
 * SpreadsheetML parts that carry cell content, parsed straight into grid cells: the worksheets and the shared
 * strings. These are the large parts of a workbook, so they are parsed as they are inflated, with one SAX parser
 * (saxes, the one exceljs uses) and a small state machine per part: no exceljs Row or Cell objects, no per-cell
 * objects or closures besides the grid's own `Cell`, and no `Cell` at all for an empty cell.
 *
 * The semantics are those of exceljs's non-streaming reader (lib/xlsx/xform/sheet/cell-xform.js), which this
 * module replaces on the read path; where they differ, the comment says so and why.
 */
import { createRequire } from 'module';
import type { Readable } from 'stream';
import type { Cell, Merge, Sheet } from '../../engine/grid';
import { columnLetter } from '../../engine/grid';
import { slideFormula } from 'exceljs/lib/utils/shared-formula';

/** The part of saxes's API we use (parser without namespaces). */
interface SaxTag {
  name: string;
  attributes: Record<string, string | undefined>;
}
interface SaxParser {
  on(event: 'opentag' | 'closetag', handler: (tag: SaxTag) => void): void;
  on(event: 'text' | 'cdata', handler: (text: string) => void): void;
  write(chunk: string): unknown;
  close(): unknown;
}
type SaxParserClass = new (options?: { position?: boolean }) => SaxParser;

/**
 * saxes is exceljs's XML parser. It is loaded from where exceljs resolves it, so that it is found however npm
 * lays out exceljs's dependencies.
 */
const { SaxesParser } = createRequire(require.resolve('exceljs'))('saxes') as { SaxesParser: SaxParserClass };

function newParser(): SaxParser {
  // Positions (line and column) are only for error messages and cost time on every character.
  return new SaxesParser({ position: false });
}

/** Feeds a part's text to the parser; a parse error or a failing stream rejects. */
async function run(parser: SaxParser, text: Readable): Promise<void> {
  for await (const chunk of text) parser.write(chunk as string);
  parser.close();
}

/** `_x000D_`-style escapes of characters XML cannot hold (and `_x005F_` for a literal `_`), as Excel writes them. */
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function unescapeText(s: string): string {
  return s.indexOf('_x') < 0
    ? s
    : s.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The shared string table: each item's plain text (rich text runs joined, phonetic runs left out), as exceljs's
 * SharedStringsXform reads it, but as plain strings rather than rich text models.
 */
export async function readSharedStrings(text: Readable): Promise<string[]> {
  const strings: string[] = [];
  const parser = newParser();
  let inItem = false;
  let inPhonetic = false;
  let capture = false;
  let current = '';
  parser.on('opentag', (tag) => {
    switch (tag.name) {
      case 'si':
        inItem = true;
        current = '';
        break;
      case 't':
        capture = inItem && !inPhonetic;
        break;
      case 'rPh':
        inPhonetic = true;
        break;
      default:
        break;
    }
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'si':
        strings.push(unescapeText(current));
        inItem = false;
        break;
      case 't':
        capture = false;
        break;
      case 'rPh':
        inPhonetic = false;
        break;
      default:
        break;
    }
  });
  const onText = (s: string): void => {
    if (capture) current += s;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  await run(parser, text);
  return strings;
}

/** What a worksheet's cells refer to elsewhere in the package. */
export interface SheetContext {
  sharedStrings: readonly string[];
  /** The number format of a cell format (`s`) index, or undefined for General / none. */
  numFmt(styleIndex: number): string | undefined;
  date1904: boolean;
}

type Value = Cell['v'];

const enum Capture {
  None,
  Value,
  Formula,
}

/** A shared formula's master cell: its address and formula, by shared index `si`. */
interface SharedMaster {
  address: string;
  formula: string;
}

/** Parses one worksheet part into a grid sheet named `name`. */
export async function readWorksheet(name: string, text: Readable, context: SheetContext): Promise<Sheet> {
  const reader = new WorksheetReader(context);
  const parser = newParser();
  parser.on('opentag', reader.onOpen);
  parser.on('closetag', reader.onClose);
  parser.on('text', reader.onText);
  parser.on('cdata', reader.onText);
  await run(parser, text);
  return reader.finish(name);
}

/**
 * The state machine of one worksheet. The handlers are created once per sheet; the per-cell state lives in fields,
 * so a cell costs the grid `Cell` (if it holds anything) and whatever strings saxes hands over.
 */
class WorksheetReader {
  private readonly rows: (Cell | null)[][] = [];
  private readonly merges: Merge[] = [];
  private readonly shared = new Map<string, SharedMaster>();

  /** The row being read, built in one reused array and copied out at its end at its exact length. */
  private readonly scratch: (Cell | null)[] = [];
  private inRow = false;
  private rowIndex = -1;
  private col = -1;

  // The cell being read.
  private inCell = false;
  private ref: string | undefined = undefined;
  private type: string | undefined = undefined;
  private style = 0;
  private value = '';
  private formula = '';
  private formulaType: string | undefined = undefined;
  private formulaRef: string | undefined = undefined;
  private formulaSi: string | undefined = undefined;
  private capture = Capture.None;
  private inInline = false;
  private inPhonetic = false;
  // The cell's value, read when the cell ends.
  private v: Value = null;
  private error: string | undefined = undefined;

  constructor(private readonly context: SheetContext) {}

  readonly onOpen = (tag: SaxTag): void => {
    switch (tag.name) {
      case 'c':
        if (this.inRow) this.openCell(tag.attributes);
        break;
      case 'v':
        if (this.inCell) this.capture = Capture.Value;
        break;
      case 'f':
        if (this.inCell) {
          this.capture = Capture.Formula;
          const a = tag.attributes;
          this.formulaType = a.t;
          this.formulaRef = a.ref;
          this.formulaSi = a.si;
        }
        break;
      case 'is':
        if (this.inCell) this.inInline = true;
        break;
      case 't':
        if (this.inInline && !this.inPhonetic) this.capture = Capture.Value;
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
      case 'row': {
        const r = tag.attributes.r;
        const n = r === undefined ? NaN : parseInt(r, 10);
        // A row without a number (allowed, rarely written) follows the previous one.
        this.rowIndex = n >= 1 ? n - 1 : this.rowIndex + 1;
        this.inRow = true;
        this.scratch.length = 0;
        this.col = -1;
        break;
      }
      case 'mergeCell': {
        const ref = tag.attributes.ref;
        const merge = ref === undefined ? null : parseRange(ref);
        if (merge) this.merges.push(merge);
        break;
      }
      default:
        break;
    }
  };

  readonly onText = (text: string): void => {
    if (this.capture === Capture.Value) this.value += text;
    else if (this.capture === Capture.Formula) this.formula += text;
  };

  readonly onClose = (tag: SaxTag): void => {
    switch (tag.name) {
      case 'v':
      case 'f':
      case 't':
        this.capture = Capture.None;
        break;
      case 'c':
        if (this.inCell) this.closeCell();
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'row':
        if (this.inRow) this.closeRow();
        this.inRow = false;
        break;
      default:
        break;
    }
  };

  private openCell(a: Record<string, string | undefined>): void {
    const ref = a.r;
    // A cell without an address (allowed, rarely written) follows the previous one.
    const col = ref === undefined ? -1 : columnOf(ref);
    this.col = col >= 0 ? col : this.col + 1;
    this.ref = ref;
    this.type = a.t;
    const s = a.s;
    this.style = s === undefined ? 0 : parseInt(s, 10) || 0;
    this.value = '';
    this.formula = '';
    this.formulaType = undefined;
    this.formulaRef = undefined;
    this.formulaSi = undefined;
    this.inCell = true;
  }

  private closeCell(): void {
    this.inCell = false;
    this.capture = Capture.None;
    this.inInline = false;
    this.inPhonetic = false;
    const text = this.value;
    let f: string | undefined;
    if (this.formula !== '' || (this.formulaType !== undefined && this.formulaType !== '')) {
      // A formula: its cached result is the value (a formula without one is still a cell).
      if (text === '') {
        this.v = null;
        this.error = undefined;
      } else {
        this.readResult(text);
      }
      const formula = this.formulaText();
      if (formula !== '') f = formula;
    } else if (text === '' || !this.readValue(text)) {
      this.place(null);
      return;
    }
    const fmt = this.style > 0 ? this.context.numFmt(this.style) : undefined;
    this.place(makeCell(this.v, this.error, f, fmt));
  }

  private place(cell: Cell | null): void {
    const row = this.scratch;
    const col = this.col;
    if (col < row.length) {
      row[col] = cell; // a repeated address: the later cell wins, as in exceljs
    } else if (cell !== null) {
      while (row.length < col) row.push(null);
      row.push(cell);
    }
  }

  /** A value that is not a formula's result, into `v` / `error`; false when the cell is empty after all. */
  private readValue(text: string): boolean {
    switch (this.type) {
      case 's': {
        const s = this.context.sharedStrings[parseInt(text, 10)];
        // exceljs fails on the whole workbook for a missing shared string; we leave the one cell empty.
        if (s === undefined) return false;
        this.v = s;
        this.error = undefined;
        return true;
      }
      case 'inlineStr':
        this.v = unescapeText(text);
        this.error = undefined;
        return true;
      case 'd':
        this.v = isoDateToSerial(text, this.context.date1904);
        this.error = undefined;
        return true;
      default:
        this.readResult(text);
        return true;
    }
  }

  /** A value by the cell's type `t` (also a formula's cached result): number, text, boolean or error. */
  private readResult(text: string): void {
    this.error = undefined;
    switch (this.type) {
      case 'str':
        this.v = text;
        break;
      case 'b':
        this.v = parseInt(text, 10) !== 0;
        break;
      case 'e':
        this.v = null;
        this.error = text;
        break;
      default: {
        const n = parseFloat(text);
        this.v = Number.isFinite(n) ? n : null;
        break;
      }
    }
  }

  /**
   * The cell's own formula, or for a cell of a shared formula the master's formula moved to this cell (by
   * exceljs's own translator, as its non-streaming reader does).
   */
  private formulaText(): string {
    const own = this.formula;
    const si = this.formulaSi;
    if (this.formulaType !== 'shared' || si === undefined) return own;
    const address = this.ref ?? columnLetter(this.col) + String(this.rowIndex + 1);
    if (this.formulaRef) {
      this.shared.set(si, { address, formula: own });
      return own;
    }
    if (own !== '') return own;
    const master = this.shared.get(si);
    return master === undefined || master.formula === ''
      ? ''
      : slideFormula(master.formula, master.address, address);
  }

  private closeRow(): void {
    const scratch = this.scratch;
    trimRow(scratch);
    const r = this.rowIndex;
    const rows = this.rows;
    if (r < rows.length) {
      rows[r] = scratch.slice(); // a repeated row number: the later row wins, as in exceljs
    } else if (scratch.length > 0) {
      while (rows.length < r) rows.push([]);
      rows.push(scratch.slice());
    }
    scratch.length = 0;
  }

  /** The sheet: the cells of a merge other than its top-left one emptied, trailing empty rows dropped. */
  finish(name: string): Sheet {
    const rows = this.rows;
    const merges = sortMerges(this.merges);
    for (const m of merges) {
      const bottom = Math.min(m.bottom, rows.length - 1);
      for (let r = m.top; r <= bottom; r++) {
        const row = rows[r];
        const right = Math.min(m.right, row.length - 1);
        const from = r === m.top ? m.left + 1 : m.left;
        if (from > right) continue;
        for (let c = from; c <= right; c++) row[c] = null;
        trimRow(row);
      }
    }
    let length = rows.length;
    while (length > 0 && rows[length - 1].length === 0) length--;
    rows.length = length;
    const sheet: Sheet = { name, rows, top: 0, left: 0 };
    if (merges.length > 0) sheet.merges = merges;
    return sheet;
  }
}

/**
 * A grid cell with exactly the properties it has, built in one literal: adding a property to an object afterwards
 * gives it an out-of-object property store, about 30 bytes more per cell.
 */
function makeCell(v: Value, error: string | undefined, f: string | undefined, fmt: string | undefined): Cell {
  if (error === undefined) {
    if (f === undefined) return fmt === undefined ? { v } : { v, fmt };
    return fmt === undefined ? { v, f } : { v, f, fmt };
  }
  if (f === undefined) return fmt === undefined ? { v, error } : { v, error, fmt };
  return fmt === undefined ? { v, error, f } : { v, error, f, fmt };
}

/** Drops trailing empty cells: rows are ragged. */
function trimRow(row: (Cell | null)[]): void {
  let n = row.length;
  while (n > 0 && row[n - 1] === null) n--;
  row.length = n;
}

/** 0-based column of an A1 address (`AB12` → 27), or -1 when it does not start with letters. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) col = col * 26 + (ch - 96);
    else if (ch === 36 /* $ */ && i === 0) continue;
    else break;
  }
  return col - 1;
}

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = 25_569; // 1970-01-01 as an Excel serial number (1900 date system)
const OFFSET_1904 = 1_462;

/**
 * A `t="d"` cell (an ISO 8601 date, which Excel writes only in Strict files) → its serial number. exceljs reads
 * these as `parseFloat` of the text (2020-12-31 becomes 2020); a time without a zone is taken as written.
 */
function isoDateToSerial(text: string, date1904: boolean): number | null {
  let iso = text.trim();
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const serial = EPOCH_1900 + ms / MS_PER_DAY - (date1904 ? OFFSET_1904 : 0);
  return Math.round(serial * 1e10) / 1e10;
}

/** Merges by top, then left; an exact repeat of a range is dropped. */
function sortMerges(merges: Merge[]): Merge[] {
  merges.sort((a, b) => a.top - b.top || a.left - b.left || a.bottom - b.bottom || a.right - b.right);
  let n = 0;
  for (const m of merges) {
    const prev = n > 0 ? merges[n - 1] : undefined;
    if (
      prev &&
      prev.top === m.top &&
      prev.left === m.left &&
      prev.bottom === m.bottom &&
      prev.right === m.right
    ) {
      continue;
    }
    merges[n++] = m;
  }
  merges.length = n;
  return merges;
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
