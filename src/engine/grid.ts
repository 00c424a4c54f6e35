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
}

export interface Workbook {
  name?: string;
  sheets: Sheet[];
}

export { columnLetter, a1, a1Range, parseA1 } from './address';
