/**
 * Excel's own undo stack, as Microsoft documents it for changes made through Office.js.
 *
 * - "When false, each `context.sync()` call creates an undo record. When true, all `context.sync()` calls in a
 *   single `Excel.run` are merged into one undo group." (`Excel.RunOptions.mergeUndoGroup`, ExcelApi 1.20,
 *   https://learn.microsoft.com/javascript/api/excel/excel.runoptions). So one request that changed something is
 *   one record; with `mergeUndoGroup` a whole run is one.
 * - "If you call an unsupported API in your add-in, the user's undo stack is cleared starting from that API call,
 *   and a user cannot undo actions past that point." The table of unsupported APIs ("Undo support with the Excel
 *   JavaScript API", https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities) lists,
 *   of what the simulator offers: `Worksheet.delete` (web, Windows and Mac), `Worksheet.name` and
 *   `Worksheet.visibility` (Windows and Mac; supported on the web), `WorkbookProtection.protect` and `unprotect`.
 *   Inside a merged group such an API fails with `UndoNotSupported` instead ("If an API within the group doesn't
 *   offer undo support, the `UndoNotSupported` error is thrown").
 *
 * Not in that documentation, and so modelled as stated here and written down as unverified:
 * - `workbook.settings.add` (and a setting's change or deletion) clearing the stack: reported, not documented
 *   (office-js#3141 for `Office.context.document.settings.saveAsync`, https://github.com/OfficeDev/office-js/issues/3141;
 *   a Microsoft 365 Developer Platform idea, "Ability to save settings in Excel workbook without clearing Undo
 *   stack", says the same of `context.workbook.settings.add`). Modelled as clearing.
 * - Custom XML parts are not in the table, so they are modelled as undoable (the case that is harder for an add-in:
 *   Ctrl+Z can take a part's change back).
 * - Where inside a request the clearing takes effect: the simulator clears everything before the unsupported call
 *   (that request's earlier operations included) and keeps what comes after it in the same request undoable.
 * - Whether a request that changed nothing (loads only) makes a record: the simulator makes none.
 * - Whether a request that failed part-way makes a record of what it applied: the simulator makes one.
 * - Selection and the active sheet are not part of a record; redo (Ctrl+Y) is not modelled.
 * - How many records Excel keeps: 100 by default here (Excel's own undo list holds the last 100 actions by
 *   default; unverified for changes made through the API).
 */
import type { Rect } from './address';
import type {
  BookState,
  CellJournal,
  CustomXmlPartState,
  Hyperlink,
  SheetState,
  SimCell,
  Visibility,
} from './state';

interface SheetMeta {
  sheet: SheetState;
  name: string;
  visibility: Visibility;
  freeze: { rows: number; columns: number } | null;
  merges: Rect[];
  columnWidths: Map<number, number>;
}

/** The workbook's structure and workbook-level data (everything but cells), as it was before a record. */
interface Structure {
  sheets: SheetState[];
  meta: SheetMeta[];
  settings: Map<string, string>;
  customXml: CustomXmlPartState[];
  protection: { protected: boolean; password?: string };
  freedIds: string[];
}

interface UndoRecord {
  /** The run whose requests merge into this record (`mergeUndoGroup`), if any. */
  group: number | undefined;
  before: Structure;
  /** Cells as they were before the record's first change of them: per sheet, row × 16384 + column → cell. */
  cells: Map<SheetState, Map<number, SimCell | undefined>>;
}

const COLUMNS = 16_384;

function copyCell(cell: SimCell | undefined): SimCell | undefined {
  if (cell === undefined) return undefined;
  const out: SimCell = { ...cell };
  if (cell.link) out.link = { ...cell.link } as Hyperlink;
  return out;
}

function capture(book: BookState): Structure {
  return {
    sheets: [...book.sheets],
    meta: book.sheets.map((sheet) => ({
      sheet,
      name: sheet.name,
      visibility: sheet.visibility,
      freeze: sheet.freeze ? { ...sheet.freeze } : null,
      merges: sheet.merges.map((m) => ({ ...m })),
      columnWidths: new Map(sheet.columnWidths),
    })),
    settings: new Map(book.settings),
    customXml: book.customXml.map((p) => ({ ...p })),
    protection: { ...book.protection },
    freedIds: [...book.freedIds],
  };
}

function sameStructure(a: Structure, book: BookState): boolean {
  if (a.sheets.length !== book.sheets.length || a.sheets.some((s, i) => s !== book.sheets[i])) return false;
  for (const m of a.meta) {
    const s = m.sheet;
    if (s.name !== m.name || s.visibility !== m.visibility) return false;
    if (JSON.stringify(s.freeze) !== JSON.stringify(m.freeze)) return false;
    if (JSON.stringify(s.merges) !== JSON.stringify(m.merges)) return false;
    if (JSON.stringify([...s.columnWidths]) !== JSON.stringify([...m.columnWidths])) return false;
  }
  if (JSON.stringify([...a.settings]) !== JSON.stringify([...book.settings])) return false;
  if (JSON.stringify(a.customXml) !== JSON.stringify(book.customXml)) return false;
  return JSON.stringify(a.protection) === JSON.stringify(book.protection);
}

export class UndoStack implements CellJournal {
  private records: UndoRecord[] = [];
  private open: UndoRecord | undefined;

  /** `limit` 0: the stack is not modelled at all (nothing journaled; every undo finds nothing). */
  constructor(
    private readonly book: BookState,
    readonly limit = 100,
  ) {}

  /** Records on the stack. */
  get depth(): number {
    return this.records.length;
  }

  /** Starts the record of one request (or of a user's action). */
  begin(group?: number): void {
    if (this.limit === 0) return;
    this.open = { group, before: capture(this.book), cells: new Map() };
  }

  touch(sheet: SheetState, row: number, col: number): void {
    const open = this.open;
    if (!open) return;
    let cells = open.cells.get(sheet);
    if (!cells) {
      cells = new Map();
      open.cells.set(sheet, cells);
    }
    const key = row * COLUMNS + col;
    if (!cells.has(key)) cells.set(key, copyCell(sheet.rows[row]?.[col]));
  }

  /** An unsupported API ran: nothing before it can be undone any more. */
  clear(): void {
    this.records = [];
    if (this.open) this.open = { group: this.open.group, before: capture(this.book), cells: new Map() };
  }

  /** Ends the open record; keeps it when it changed something (merged into the previous one of the same group). */
  end(merge: boolean): void {
    const record = this.open;
    this.open = undefined;
    if (!record) return;
    const touched = [...record.cells.values()].some((m) => m.size > 0);
    if (!touched && sameStructure(record.before, this.book)) return;
    const top = this.records[this.records.length - 1];
    if (merge && top && top.group !== undefined && top.group === record.group) {
      for (const [sheet, cells] of record.cells) {
        let into = top.cells.get(sheet);
        if (!into) {
          into = new Map();
          top.cells.set(sheet, into);
        }
        for (const [key, cell] of cells) if (!into.has(key)) into.set(key, cell);
      }
      return;
    }
    this.records.push(record);
    if (this.records.length > this.limit) this.records.shift();
  }

  /** Ctrl+Z: takes the last record back; false when there is none. */
  undo(): boolean {
    const record = this.records.pop();
    if (!record) return false;
    const book = this.book;
    const before = record.before;
    book.sheets = [...before.sheets];
    for (const m of before.meta) {
      m.sheet.name = m.name;
      m.sheet.visibility = m.visibility;
      m.sheet.freeze = m.freeze ? { ...m.freeze } : null;
      m.sheet.merges = m.merges.map((r) => ({ ...r }));
      m.sheet.columnWidths = new Map(m.columnWidths);
    }
    book.settings = new Map(before.settings);
    book.customXml = before.customXml.map((p) => ({ ...p }));
    book.protection = { ...before.protection };
    book.freedIds = [...before.freedIds];
    for (const [sheet, cells] of record.cells) {
      for (const [key, cell] of cells) {
        const row = Math.floor(key / COLUMNS);
        const col = key % COLUMNS;
        while (sheet.rows.length <= row) sheet.rows.push([]);
        let r = sheet.rows[row];
        if (r === undefined) {
          r = [];
          sheet.rows[row] = r;
        }
        r[col] = copyCell(cell);
      }
    }
    if (book.activeId !== undefined && !book.sheetById(book.activeId)) {
      book.activeId = book.sheets.find((s) => s.visibility === 'Visible')?.id;
    }
    if (book.selection && !book.sheetById(book.selection.sheetId)) book.selection = undefined;
    book.calcEpoch++;
    return true;
  }
}
