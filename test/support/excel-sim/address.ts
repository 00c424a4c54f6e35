/**
 * A1 addresses as the simulated Excel reads and writes them: `A1`, `B2:D9`, `$A$1`, whole columns `A:C` and whole
 * rows `2:5`; sheet-qualified addresses as Office.js's `Range.address` gives them (`Sheet1!A1:C3`, `'My Sheet'!A1`).
 */
import { columnLetter } from '../../../src/engine/grid';

/** Excel's grid: 1,048,576 rows by 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function columnIndex(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?([0-9]{1,7})$/;

/** One end of a range: a cell, a column (whole) or a row (whole). */
type End = { row: number; col: number } | { col: number; row?: undefined } | { row: number; col?: undefined };

function parseEnd(text: string): End | null {
  const cell = CELL.exec(text);
  if (cell) return { row: Number(cell[2]) - 1, col: columnIndex(cell[1]) };
  const col = COLUMN.exec(text);
  if (col) return { col: columnIndex(col[1]) };
  const row = ROW.exec(text);
  if (row) return { row: Number(row[1]) - 1 };
  return null;
}

/** Parses an address without a sheet name; null when it is not one Excel accepts. */
export function parseAddress(address: string): Rect | null {
  const parts = address.trim().split(':');
  if (parts.length < 1 || parts.length > 2) return null;
  const a = parseEnd(parts[0]);
  const b = parts.length === 2 ? parseEnd(parts[1]) : a;
  if (!a || !b) return null;
  let rect: Rect;
  if (a.row !== undefined && a.col !== undefined && b.row !== undefined && b.col !== undefined) {
    rect = { top: a.row, left: a.col, bottom: b.row, right: b.col };
  } else if (a.row === undefined && b.row === undefined && parts.length === 2) {
    rect = { top: 0, left: a.col as number, bottom: MAX_ROWS - 1, right: b.col as number };
  } else if (a.col === undefined && b.col === undefined && parts.length === 2) {
    rect = { top: a.row as number, left: 0, bottom: b.row as number, right: MAX_COLUMNS - 1 };
  } else {
    return null;
  }
  const norm: Rect = {
    top: Math.min(rect.top, rect.bottom),
    bottom: Math.max(rect.top, rect.bottom),
    left: Math.min(rect.left, rect.right),
    right: Math.max(rect.left, rect.right),
  };
  if (norm.top < 0 || norm.left < 0 || norm.bottom >= MAX_ROWS || norm.right >= MAX_COLUMNS) return null;
  return norm;
}

/** `A1` for one cell, `A1:C3` otherwise, as Office.js writes addresses. */
export function formatRect(rect: Rect): string {
  const first = `${columnLetter(rect.left)}${rect.top + 1}`;
  if (rect.top === rect.bottom && rect.left === rect.right) return first;
  return `${first}:${columnLetter(rect.right)}${rect.bottom + 1}`;
}

/** A sheet name as Excel writes it before `!`: bare when it is a plain name, else quoted with `'` doubled. */
export function quoteSheetName(name: string): string {
  const plain =
    /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) &&
    !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && // looks like a cell (A1, XFD9)
    !/^[Rr]([0-9]*)([Cc][0-9]*)?$/.test(name) && // looks like an R1C1 reference (R, C, R1C1)
    !/^[Cc][0-9]*$/.test(name) &&
    !/^(TRUE|FALSE)$/i.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

/** `Sheet1!A1:C3`, as `Range.address`. */
export function qualified(sheet: string, rect: Rect): string {
  return `${quoteSheetName(sheet)}!${formatRect(rect)}`;
}

export function cellCount(rect: Rect): number {
  return (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    outer.top <= inner.top &&
    outer.left <= inner.left &&
    outer.bottom >= inner.bottom &&
    outer.right >= inner.right
  );
}
