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
}

export interface Workbook {
  name?: string;
  sheets: Sheet[];
}

/** Column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address for 0-based sheet row and column. */
export function a1(row: number, col: number): string {
  return columnLetter(col) + String(row + 1);
}

/** A1 range address, e.g. `A3:J14`. */
export function a1Range(top: number, left: number, bottom: number, right: number): string {
  return `${a1(top, left)}:${a1(bottom, right)}`;
}

/** Parses `B12` into 0-based row and column; returns null for anything else. */
export function parseA1(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})$/.exec(address.trim().toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}
