/**
 * How much of a workbook Budget Review reads: one set of limits for both hosts, so that `check`, `report` and the
 * task pane refuse the same workbooks. The .xlsx host counts as it inflates and parses (never trusting sizes and
 * counts the file declares); the Office.js host can count what Excel hands it with {@link measureWorkbook}.
 *
 * Each limit is chosen so that every workbook Excel can save and a finance office keeps passes: a 100,000-row
 * ledger, a workbook of a few hundred sheets, text up to Excel's own 32,767 characters a cell. A workbook past a
 * limit is refused on one line naming the limit; a cell or merge outside Excel's grid is a corrupt file, not a
 * large one. docs/limits.md gives the reasons for each number and what the benchmark measures at each.
 *
 * Pure: constants, a counter and a measure. Nothing here reads a file.
 */
import { MAX_CELL_TEXT, MAX_ROWS } from './address';
import { forEachCell, type Sheet, type Workbook } from './grid';

/** The limits, by name. The names are stable: they appear in error details and in the CLI's messages. */
export const READ_LIMITS = {
  /** Worksheets read. A few hundred (one per project) is the most a finance office keeps in one workbook. */
  sheets: 10_000,
  /** Cells that hold something, over the workbook: a 100,000-row ledger of 30 columns. */
  cells: 3_000_000,
  /**
   * Rows spanned, over the sheets (from row 1 to each sheet's last row that holds a cell): four sheets of Excel's
   * full height. An empty row costs a pointer, so a cell at row 1,048,576 costs what it holds plus that.
   */
  rowSpan: 4 * MAX_ROWS,
  /** Merged ranges over the workbook: one per row of a full-height sheet. A merge is kept as its rectangle. */
  merges: MAX_ROWS,
  /**
   * Rows covered by merged ranges, each merge counted over the rows of its sheet that it spans (a merge over the
   * whole sheet counts that sheet's rows, not a million): what finding the merge of a cell costs.
   */
  mergeSpan: 4 * MAX_ROWS,
  /** Characters of one cell's text or formula: Excel's own limit on a cell. */
  cellText: MAX_CELL_TEXT,
  /** Items of the shared string table: Excel writes only the strings cells use, and no more cells are read. */
  sharedStrings: 3_000_000,
  /** Characters of text kept, over the workbook (values and formulas): 64 MB of Chinese text. */
  textChars: 32 * 1024 * 1024,
  /** Bytes of one part once inflated: the sheet of a 100,000-row ledger is about 40 MB. */
  partBytes: 256 * 1024 * 1024,
  /** Bytes inflated over the whole package. */
  totalBytes: 512 * 1024 * 1024,
  /** Entries of the zip archive: the most a zip holds without its zip64 extension. */
  zipEntries: 0xffff,
  /** Elements open at once in an XML part: SpreadsheetML nests about ten deep. */
  xmlDepth: 256,
  /**
   * Characters an XML parser holds at once (a text node, an attribute, a comment): a cell of 32,767 characters
   * written with Excel's seven-character `_xHHHH_` escapes fits four times over.
   */
  xmlRun: 1024 * 1024,
} as const;

export type LimitName = keyof typeof READ_LIMITS;

/** Which limit a workbook passed, the limit's value, and where (a sheet, a cell, a part) when one place did. */
export interface LimitBreach {
  limit: LimitName;
  value: number;
  where?: string;
}

/** Thrown by a host's reader when a workbook passes one of {@link READ_LIMITS}. */
export class LimitExceededError extends Error {
  readonly breach: LimitBreach;

  constructor(limit: LimitName, where?: string) {
    const value = READ_LIMITS[limit];
    super(`${where ? `${where}: ` : ''}more than ${value} (${limit})`);
    this.name = 'LimitExceededError';
    this.breach = where === undefined ? { limit, value } : { limit, value, where };
  }
}

/** The workbook-wide counts a reader keeps while it reads; each `add` throws once a count passes its limit. */
export class ReadBudget {
  private readonly counts: Partial<Record<LimitName, number>> = {};

  /** Adds `n` to a workbook-wide count; throws {@link LimitExceededError} when it passes the limit. */
  add(limit: LimitName, n = 1, where?: string): void {
    const total = (this.counts[limit] ?? 0) + n;
    this.counts[limit] = total;
    if (total > READ_LIMITS[limit]) throw new LimitExceededError(limit, where);
  }

  /** Checks one measure that is not a running count (a cell's length, a nesting depth). */
  static check(limit: LimitName, value: number, where?: string): void {
    if (value > READ_LIMITS[limit]) throw new LimitExceededError(limit, where);
  }

  count(limit: LimitName): number {
    return this.counts[limit] ?? 0;
  }
}

/** The rows of each merged range that lie within its sheet's rows (what {@link READ_LIMITS.mergeSpan} counts). */
export function mergeSpanOf(sheet: Sheet): number {
  const top = sheet.top ?? 0;
  const last = top + sheet.rows.length - 1;
  let span = 0;
  for (const m of sheet.merges ?? []) {
    const from = Math.max(m.top, top);
    const to = Math.min(m.bottom, last);
    if (to >= from) span += to - from + 1;
  }
  return span;
}

/**
 * The first limit a workbook already in memory passes, or undefined: for a host that is handed whole grids (the
 * Office.js host gets each sheet's used range from Excel), to refuse what the .xlsx host would refuse. Cells are
 * visited as the rows hold them, so a sparse row costs what it holds.
 */
export function measureWorkbook(workbook: Workbook): LimitBreach | undefined {
  const budget = new ReadBudget();
  try {
    budget.add('sheets', workbook.sheets.length);
    for (const sheet of workbook.sheets) {
      budget.add('rowSpan', (sheet.top ?? 0) + sheet.rows.length, sheet.name);
      for (const row of sheet.rows) {
        forEachCell(row, (cell) => {
          budget.add('cells', 1, sheet.name);
          const value = typeof cell.v === 'string' ? cell.v.length : 0;
          const formula = cell.f?.length ?? 0;
          ReadBudget.check('cellText', Math.max(value, formula), sheet.name);
          if (value + formula > 0) budget.add('textChars', value + formula, sheet.name);
        });
      }
      budget.add('merges', sheet.merges?.length ?? 0, sheet.name);
      budget.add('mergeSpan', mergeSpanOf(sheet), sheet.name);
    }
  } catch (err) {
    if (err instanceof LimitExceededError) return err.breach;
    throw err;
  }
  return undefined;
}
