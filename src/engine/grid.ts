/**
 * Plain grids: what both hosts hand to the engine. A grid knows nothing of Office.js or exceljs.
 */

/** One cell as a host read it. `v` is the value (for a formula, its cached result). */
export interface Cell {
  /** The value: a number, text, a boolean, or null for an empty cell. Dates arrive as their serial number. */
  v: number | string | boolean | null;
  /** An Excel error value such as `#DIV/0!` or `#REF!` (then `v` is null). */
  error?: string;
  /** The formula without its leading `=`, when the cell holds one. */
  f?: string;
  /** The number format, e.g. `0.00%` or `#,##0.00`; absent or `General` for the default. */
  fmt?: string;
}

/** A merged range, 0-based inclusive, in sheet coordinates. */
export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One worksheet. `rows[r][c]` is the cell at sheet row `top + r`, column `left + c` (0-based); missing = empty. */
export interface Sheet {
  name: string;
  rows: (Cell | null | undefined)[][];
  /** 0-based sheet row of `rows[0]` (Excel's used range may not start at A1). Default 0. */
  top?: number;
  /** 0-based sheet column of `rows[r][0]`. Default 0. */
  left?: number;
  merges?: Merge[];
  /** Hidden rows and columns, 0-based sheet coordinates. */
  hiddenRows?: number[];
  hiddenColumns?: number[];
  /**
   * A view of a sheet laid out otherwise (a table whose items are its columns, read as the table it transposes to):
   * the 0-based sheet row and column of `rows[r][c]`, where `top` and `left` do not say it.
   */
  origin?: { row(r: number, c: number): number; col(r: number, c: number): number };
}

/** The 0-based sheet row of `rows[r][c]`. */
export function sheetRowOf(sheet: Sheet, r: number, c: number): number {
  return sheet.origin ? sheet.origin.row(r, c) : (sheet.top ?? 0) + r;
}

/** The 0-based sheet column of `rows[r][c]`. */
export function sheetColOf(sheet: Sheet, r: number, c: number): number {
  return sheet.origin ? sheet.origin.col(r, c) : (sheet.left ?? 0) + c;
}

export interface Workbook {
  name?: string;
  sheets: Sheet[];
}

export { columnLetter, a1, a1Range, parseA1 } from './address';

/** One row of a sheet, as `Sheet.rows` holds it. */
export type Row = (Cell | null | undefined)[];

/**
 * Rows up to this length are walked index by index; longer ones by their own keys, since a long row read from a
 * file may be sparse (an array with holes: a cell in column XFD and nothing between), and walking a sparse array
 * index by index costs its length.
 */
const WALK_BY_INDEX = 256;

/**
 * Calls `visit` with each cell a row holds (null and missing cells skipped), left to right, with its index in the
 * row, until `visit` returns true; returns whether it stopped there. A sparse row costs what it holds.
 */
export function someCell(row: Row | undefined, visit: (cell: Cell, col: number) => boolean | void): boolean {
  if (!row) return false;
  if (row.length <= WALK_BY_INDEX) {
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell && visit(cell, c) === true) return true;
    }
    return false;
  }
  for (const key of Object.keys(row)) {
    const c = Number(key);
    const cell = row[c];
    if (cell && visit(cell, c) === true) return true;
  }
  return false;
}

/** Calls `visit` with each cell a row holds, left to right (see {@link someCell}). */
export function forEachCell(row: Row | undefined, visit: (cell: Cell, col: number) => void): void {
  someCell(row, (cell, col) => {
    visit(cell, col);
  });
}

/** A copy of a row without the cells in columns `from`..`to` (inclusive), as sparse as the row was. */
export function withoutColumns(row: Row, from: number, to: number): Row {
  if (row.length <= WALK_BY_INDEX) return row.map((cell, c) => (c >= from && c <= to ? null : cell));
  const out: Row = [];
  forEachCell(row, (cell, c) => {
    if (c < from || c > to) out[c] = cell;
  });
  return out;
}

/**
 * The merged ranges of a sheet by row, so that finding the merge over a cell costs a binary search instead of a
 * pass over every merge. Merged ranges in a workbook never overlap (Excel refuses a sheet whose merges do, and the
 * .xlsx host refuses it too), so each row's merges are disjoint and ordered by their left column. Only the rows
 * the sheet holds are indexed: a merge over the whole sheet costs the sheet's rows, never a million.
 */
export interface MergeIndex {
  /** The merged range over the cell at `rows[r][c]`, if any. */
  at(r: number, c: number): Merge | undefined;
  /** Whether a merged range crossing the row of `rows[r]` satisfies `test`. */
  someOnRow(r: number, test: (m: Merge) => boolean): boolean;
}

const NO_MERGES: MergeIndex = { at: () => undefined, someOnRow: () => false };

const indexes = new WeakMap<readonly Merge[], { top: number; length: number; index: MergeIndex }>();

/** The {@link MergeIndex} of a sheet, built once per merges list and sheet shape. */
export function mergeIndex(sheet: Sheet): MergeIndex {
  const merges = sheet.merges;
  if (!merges || merges.length === 0) return NO_MERGES;
  const top = sheet.top ?? 0;
  const length = sheet.rows.length;
  const cached = indexes.get(merges);
  if (cached && cached.top === top && cached.length === length) return cached.index;
  const index = buildMergeIndex(merges, top, sheet.left ?? 0, length);
  indexes.set(merges, { top, length, index });
  return index;
}

function buildMergeIndex(merges: readonly Merge[], top: number, left: number, length: number): MergeIndex {
  const byLeft = merges.slice().sort((a, b) => a.left - b.left || a.top - b.top);
  const span = (m: Merge): [number, number] => [
    Math.max(m.top - top, 0),
    Math.min(m.bottom - top, length - 1),
  ];
  // Compressed rows: the merges of row r are list[start[r]] .. list[start[r + 1] - 1], ordered by left column.
  const start = new Int32Array(length + 1);
  for (const m of byLeft) {
    const [from, to] = span(m);
    for (let r = from; r <= to; r++) start[r + 1]++;
  }
  for (let r = 0; r < length; r++) start[r + 1] += start[r];
  const list: Merge[] = new Array<Merge>(start[length]);
  const fill = start.slice(0, length);
  for (const m of byLeft) {
    const [from, to] = span(m);
    for (let r = from; r <= to; r++) list[fill[r]++] = m;
  }
  return {
    at(r, c) {
      if (r < 0 || r >= length) return undefined;
      const col = left + c;
      let lo = start[r];
      let hi = start[r + 1] - 1;
      let found: Merge | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].left <= col) {
          found = list[mid];
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found && found.right >= col ? found : undefined;
    },
    someOnRow(r, test) {
      if (r < 0 || r >= length) return false;
      for (let i = start[r]; i < start[r + 1]; i++) if (test(list[i])) return true;
      return false;
    },
  };
}
