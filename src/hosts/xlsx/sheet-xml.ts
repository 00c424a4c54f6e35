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
import { MAX_COLUMNS, MAX_ROWS } from '../../engine/address';
import type { Cell, Merge, Row, Sheet } from '../../engine/grid';
import { columnLetter, forEachCell, mergeIndex } from '../../engine/grid';
import { LimitExceededError, READ_LIMITS, ReadBudget, mergeSpanOf } from '../../engine/limits';
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
/**
 * What saxes 5 holds while it parses, read after each chunk to bound it (see {@link guard}): the text, name or
 * attribute value being read, the open elements, and the attributes of the tag being read.
 */
interface SaxBuffers {
  text?: unknown;
  name?: unknown;
  tags?: unknown;
  attribList?: unknown;
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

function lengthOf(value: unknown): number {
  return typeof value === 'string' || Array.isArray(value) ? value.length : 0;
}

/** Attributes of one tag that a parser may hold at once (SpreadsheetML elements have a few dozen at most). */
const MAX_ATTRIBUTES = 4096;

/**
 * Bounds what the parser holds between two chunks of at most 64 KB: the characters of a text node, name, attribute
 * value, comment or doctype that has not ended yet, and the attributes of a tag. saxes accumulates each of these
 * whole before it reports it, so without this a few megabytes of zip can make it hold gigabytes.
 */
function guard(parser: SaxParser, where: string): void {
  const held = parser as unknown as SaxBuffers;
  ReadBudget.check('xmlRun', Math.max(lengthOf(held.text), lengthOf(held.name)), where);
  if (lengthOf(held.attribList) > MAX_ATTRIBUTES) throw new LimitExceededError('xmlRun', where);
}

/**
 * Sets the parser's open-tag handler, refusing an element nested deeper than the limit as it opens: saxes keeps
 * every open element on its stack, and a zip of a few megabytes can open hundreds of millions.
 */
function onOpenTag(parser: SaxParser, where: string, handler: (tag: SaxTag) => void): void {
  const held = parser as unknown as SaxBuffers;
  parser.on('opentag', (tag) => {
    if (lengthOf(held.tags) > READ_LIMITS.xmlDepth) throw new LimitExceededError('xmlDepth', where);
    handler(tag);
  });
}

/** Feeds a part's text to the parser, bounded by {@link guard}; a parse error or a failing stream rejects. */
async function run(parser: SaxParser, text: Readable, where: string): Promise<void> {
  for await (const chunk of text) {
    parser.write(chunk as string);
    guard(parser, where);
  }
  parser.close();
}

/** One SAX event as exceljs's xforms take them (lib/utils/parse-sax.js). */
export interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

/**
 * A part's SAX events in the form exceljs's xforms parse (`xform.parse(events)`), from the same bounded parser as
 * the worksheets: exceljs's own `parseStream` bounds nothing.
 */
export async function* xmlEvents(text: Readable, where: string): AsyncGenerator<SaxEvent[]> {
  const parser = newParser();
  let events: SaxEvent[] = [];
  onOpenTag(parser, where, (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of text) {
    parser.write(chunk as string);
    guard(parser, where);
    yield events;
    events = [];
  }
  parser.close();
  if (events.length > 0) yield events;
}

/** `_x000D_`-style escapes of characters XML cannot hold (and `_x005F_` for a literal `_`), as Excel writes them. */
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function unescapeText(s: string): string {
  return s.indexOf('_x') < 0
    ? s
    : s.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Characters of raw text that can still unescape to a cell's limit: seven per `_xHHHH_`. */
const RAW_TEXT = 7 * READ_LIMITS.cellText;

/**
 * The shared string table: each item's plain text (rich text runs joined, phonetic runs left out), as exceljs's
 * SharedStringsXform reads it, but as plain strings rather than rich text models. The items, their length and
 * their characters count against the workbook's budget, whatever the table declares.
 */
export async function readSharedStrings(text: Readable, budget: ReadBudget): Promise<string[]> {
  const where = 'sharedStrings';
  const strings: string[] = [];
  const parser = newParser();
  let inItem = false;
  let inPhonetic = false;
  let capture = false;
  let current = '';
  onOpenTag(parser, where, (tag) => {
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
      case 'si': {
        const item = unescapeText(current);
        current = '';
        ReadBudget.check('cellText', item.length, `${where} #${strings.length}`);
        budget.add('sharedStrings', 1, where);
        budget.add('textChars', item.length, where);
        strings.push(item);
        inItem = false;
        break;
      }
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
    if (!capture) return;
    current += s;
    // Many runs of one item: bounded before they are joined, not after.
    if (current.length > RAW_TEXT) throw new LimitExceededError('cellText', `${where} #${strings.length}`);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  await run(parser, text, where);
  return strings;
}

/** What a worksheet's cells refer to elsewhere in the package. */
export interface SheetContext {
  sharedStrings: readonly string[];
  /** The number format of a cell format (`s`) index, or undefined for General / none. */
  numFmt(styleIndex: number): string | undefined;
  /** The workbook's counts: cells, rows, text, merges (engine/limits.ts). */
  budget: ReadBudget;
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
  const reader = new WorksheetReader(name, context);
  const parser = newParser();
  onOpenTag(parser, name, reader.onOpen);
  parser.on('closetag', reader.onClose);
  parser.on('text', reader.onText);
  parser.on('cdata', reader.onText);
  await run(parser, text, name);
  return reader.finish();
}

/**
 * A row left empty between two rows that hold cells. One array stands for all of them, so that a cell in row
 * 1,048,576 costs a pointer per row above it, not an array; nothing writes to a grid's rows.
 */
const EMPTY_ROW: (Cell | null)[] = [];

/** A gap of more columns than this before a cell makes its row sparse (an array with holes) instead of padded. */
const PAD_GAP = 64;

/**
 * The state machine of one worksheet. The handlers are created once per sheet; the per-cell state lives in fields,
 * so a cell costs the grid `Cell` (if it holds anything) and whatever strings saxes hands over.
 */
class WorksheetReader {
  private readonly rows: (Cell | null)[][] = [];
  private readonly merges: Merge[] = [];
  /** Hidden rows and columns (`<row hidden="1">`, `<col hidden="1">`), 0-based. */
  private readonly hiddenRows: number[] = [];
  private readonly hiddenColumns: number[] = [];
  private readonly shared = new Map<string, SharedMaster>();
  private readonly budget: ReadBudget;

  /**
   * The row being read: built in one reused array and copied out at its end at its exact length, unless a cell far
   * to the right made it sparse; then it is built in its own array, with holes, and kept as it is.
   */
  private readonly scratch: (Cell | null)[] = [];
  private sparse: (Cell | null)[] | undefined = undefined;
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

  constructor(
    private readonly name: string,
    private readonly context: SheetContext,
  ) {
    this.budget = context.budget;
  }

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
        if (this.rowIndex >= MAX_ROWS) {
          throw new Error(`row ${r ?? this.rowIndex + 1} lies beyond Excel's last row (${MAX_ROWS})`);
        }
        if (isTrue(tag.attributes.hidden)) this.hiddenRows.push(this.rowIndex);
        this.inRow = true;
        this.scratch.length = 0;
        this.sparse = undefined;
        this.col = -1;
        break;
      }
      case 'col': {
        const a = tag.attributes;
        const min = parseInt(a.min ?? '', 10);
        const max = Math.min(parseInt(a.max ?? '', 10), MAX_COLUMNS);
        // A hidden span is kept only up to the columns a sheet can hold; a span over every column is bounded by it.
        if (isTrue(a.hidden) && min >= 1 && max >= min && this.hiddenColumns.length < MAX_COLUMNS)
          for (let c = min - 1; c < max && this.hiddenColumns.length < MAX_COLUMNS; c++)
            this.hiddenColumns.push(c);
        break;
      }
      case 'mergeCell': {
        const ref = tag.attributes.ref;
        const merge = ref === undefined ? null : parseRange(ref);
        if (merge) {
          if (merge.bottom >= MAX_ROWS || merge.right >= MAX_COLUMNS) {
            throw new Error(`merged range ${ref ?? ''} lies beyond Excel's grid`);
          }
          this.budget.add('merges', 1, this.name);
          this.merges.push(merge);
        }
        break;
      }
      default:
        break;
    }
  };

  readonly onText = (text: string): void => {
    if (this.capture === Capture.Value) {
      this.value += text;
      if (this.value.length > RAW_TEXT) this.tooLong();
    } else if (this.capture === Capture.Formula) {
      this.formula += text;
      if (this.formula.length > RAW_TEXT) this.tooLong();
    }
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

  /** The address of the cell being read, for messages. */
  private address(): string {
    return `${this.name}!${columnLetter(this.col)}${this.rowIndex + 1}`;
  }

  private tooLong(): never {
    throw new LimitExceededError('cellText', this.address());
  }

  private openCell(a: Record<string, string | undefined>): void {
    const ref = a.r;
    // A cell without an address (allowed, rarely written) follows the previous one.
    const col = ref === undefined ? -1 : columnOf(ref);
    this.col = col >= 0 ? col : this.col + 1;
    if (this.col >= MAX_COLUMNS || col < -1) {
      throw new Error(`cell ${ref ?? this.address()} lies beyond Excel's last column (XFD)`);
    }
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
    } else if (text === '') {
      this.place(null);
      return;
    } else {
      this.readValue(text);
    }
    const kept = (typeof this.v === 'string' && this.type !== 's' ? this.v.length : 0) + (f?.length ?? 0);
    if (kept > 0) {
      if (typeof this.v === 'string') ReadBudget.check('cellText', this.v.length, this.address());
      if (f !== undefined) ReadBudget.check('cellText', f.length, this.address());
      this.budget.add('textChars', kept, this.name);
    }
    const fmt = this.style > 0 ? this.context.numFmt(this.style) : undefined;
    this.place(makeCell(this.v, this.error, f, fmt));
  }

  private place(cell: Cell | null): void {
    const col = this.col;
    if (cell !== null) this.budget.add('cells', 1, this.name);
    const sparse = this.sparse;
    if (sparse !== undefined) {
      if (cell !== null || col < sparse.length) sparse[col] = cell;
      return;
    }
    const row = this.scratch;
    if (col < row.length) {
      row[col] = cell; // a repeated address: the later cell wins, as in exceljs
    } else if (cell !== null) {
      if (col - row.length > PAD_GAP) {
        // Far to the right of what the row holds (column XFD, say): the row keeps its cells, not the gap.
        const own = row.slice();
        own[col] = cell;
        this.sparse = own;
        return;
      }
      while (row.length < col) row.push(null);
      row.push(cell);
    }
  }

  /** A value that is not a formula's result, into `v` / `error`, by the cell's type `t`. */
  private readValue(text: string): void {
    this.error = undefined;
    switch (this.type) {
      case 's': {
        const index = /^\s*\d+\s*$/.test(text) ? Number(text) : -1;
        const s = index >= 0 ? this.context.sharedStrings[index] : undefined;
        // Excel refuses a workbook whose cell names a shared string that is not there (as exceljs does).
        if (s === undefined) {
          throw new Error(
            `${this.address()} refers to shared string "${text.slice(0, 20)}", the table has ${this.context.sharedStrings.length}`,
          );
        }
        this.v = s;
        return;
      }
      case 'inlineStr':
        this.v = unescapeText(text);
        return;
      case 'd':
        // An ISO 8601 date (Strict files): kept as its text, so that the engine reports it where a figure should be.
        this.v = text;
        return;
      default:
        this.readResult(text);
    }
  }

  /**
   * A value by the cell's type `t` (also a formula's cached result): number, text, boolean or error. What does not
   * read as its type is kept as the text the file holds, never dropped: the engine reports text where a figure
   * should be.
   */
  private readResult(text: string): void {
    this.error = undefined;
    switch (this.type) {
      case 'str':
      case 'inlineStr':
      case 'd':
        this.v = text;
        break;
      case 'b': {
        const t = text.trim();
        this.v = t === '1' || t === 'true' ? true : t === '0' || t === 'false' ? false : text;
        break;
      }
      case 'e':
        this.v = null;
        this.error = text;
        break;
      case undefined:
      case 'n':
      case '': {
        this.v = readNumber(text) ?? text;
        break;
      }
      default:
        // A type SpreadsheetML does not have: the text, whatever it looks like.
        this.v = text;
        break;
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
    const sparse = this.sparse;
    const row = sparse ?? this.scratch;
    trimRow(row);
    const r = this.rowIndex;
    const rows = this.rows;
    if (row.length === 0) {
      if (r < rows.length) rows[r] = EMPTY_ROW; // a repeated row number: the later row wins, as in exceljs
    } else {
      const kept = sparse ?? row.slice();
      if (r < rows.length) {
        rows[r] = kept;
      } else {
        this.budget.add('rowSpan', r + 1 - rows.length, this.name);
        while (rows.length < r) rows.push(EMPTY_ROW);
        rows.push(kept);
      }
    }
    this.scratch.length = 0;
    this.sparse = undefined;
  }

  /** The sheet: the cells of a merge other than its top-left one emptied, trailing empty rows dropped. */
  finish(): Sheet {
    const rows = this.rows;
    const sheet: Sheet = { name: this.name, rows, top: 0, left: 0 };
    if (this.hiddenRows.length) sheet.hiddenRows = this.hiddenRows;
    if (this.hiddenColumns.length) sheet.hiddenColumns = this.hiddenColumns;
    const merges = sortMerges(this.merges);
    if (merges.length > 0) {
      sheet.merges = merges;
      this.budget.add('mergeSpan', mergeSpanOf(sheet), this.name);
      clearMerged(sheet);
    }
    let length = rows.length;
    while (length > 0 && rows[length - 1].length === 0) length--;
    rows.length = length;
    return sheet;
  }
}

function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/**
 * Empties the cells that lie inside a merge but are not its top-left cell, visiting only the cells the rows hold:
 * a merge over the whole sheet costs the sheet's cells. Merges that overlap on a row that holds cells make the
 * sheet corrupt, as Excel has it ("Removed Records: Merge cells" on opening).
 */
function clearMerged(sheet: Sheet): void {
  const index = mergeIndex(sheet);
  const rows = sheet.rows as (Cell | null)[][];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 0) continue;
    let prev: Merge | undefined;
    index.someOnRow(r, (m) => {
      if (prev && m.left <= prev.right) {
        throw new Error(`merged ranges ${rangeText(prev)} and ${rangeText(m)} overlap`);
      }
      prev = m;
      return false;
    });
    if (!prev) continue;
    let changed = false;
    forEachCell(row, (_, c) => {
      const m = index.at(r, c);
      if (m && (m.top !== r || m.left !== c)) {
        row[c] = null;
        changed = true;
      }
    });
    if (changed) {
      trimRow(row);
      if (row.length === 0) rows[r] = EMPTY_ROW;
    }
  }
}

function rangeText(m: Merge): string {
  return `${columnLetter(m.left)}${m.top + 1}:${columnLetter(m.right)}${m.bottom + 1}`;
}

/** A number as SpreadsheetML writes one (`12`, `-0.5`, `1.5E-3`), or undefined for any other text. */
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function readNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
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

/** Drops trailing empty cells: rows are ragged. A sparse row is trimmed by the cells it holds. */
function trimRow(row: Row): void {
  let n = row.length;
  if (n > 256) {
    let last = -1;
    forEachCell(row, (_, c) => {
      last = c;
    });
    n = last + 1;
  } else {
    while (n > 0 && !row[n - 1]) n--;
  }
  row.length = n;
}

/**
 * 0-based column of an A1 address (`AB12` → 27); -1 when it does not start with letters, -2 when its letters name a
 * column beyond XFD.
 */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) col = col * 26 + (ch - 96);
    else if (ch === 36 /* $ */ && i === 0) continue;
    else break;
    if (col > MAX_COLUMNS) return -2;
  }
  return col - 1;
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
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(bare.trim());
  if (!m) return null;
  const c1 = colIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] === undefined ? c1 : colIndex(m[3]);
  const r2 = m[4] === undefined ? r1 : Number(m[4]) - 1;
  if (r1 < 0 || r2 < 0) return null;
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}

function colIndex(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}
