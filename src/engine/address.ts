/**
 * Cell addresses and sheet names, one set of helpers for the engine and both hosts: column letters, A1 addresses
 * and ranges, quoting a sheet name in a reference, Excel's rules for a sheet name, and Excel's size limits.
 */

/** Excel's grid (rows × columns of a worksheet). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/** Excel's limit on the characters in a cell. */
export const MAX_CELL_TEXT = 32_767;
/** Excel's limit on the characters in a formula. */
export const MAX_FORMULA = 8_192;
/** Excel's largest alignment indent. */
export const MAX_INDENT = 250;
/** Excel's limit on a sheet name's length. */
export const MAX_SHEET_NAME = 31;

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

/** The 0-based column index of column letters (`A` → 0, `AA` → 26), or -1 for anything that is not letters. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

/** A1 address for 0-based sheet row and column. */
export function a1(row: number, col: number): string {
  return columnLetter(col) + String(row + 1);
}

/** A1 range address, e.g. `A3:J14`. */
export function a1Range(top: number, left: number, bottom: number, right: number): string {
  return `${a1(top, left)}:${a1(bottom, right)}`;
}

/** Parses `B12` (or `$B$12`) into 0-based row and column; null for anything else or outside Excel's grid. */
export function parseA1(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})$/.exec(address.trim().toUpperCase());
  if (!m) return null;
  const col = columnIndex(m[1]);
  const row = Number(m[2]) - 1;
  if (row < 0 || row >= MAX_ROWS || col < 0 || col >= MAX_COLUMNS) return null;
  return { row, col };
}

/** Parses `A3:K26` (or a single cell) into 0-based bounds; null for anything else. */
export function parseRangeA1(
  range: string,
): { top: number; left: number; bottom: number; right: number } | null {
  const [from, to = from, ...rest] = range.split(':');
  if (rest.length) return null;
  const a = parseA1(from);
  const b = parseA1(to);
  if (!a || !b) return null;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/** A cell or range reference without a sheet: `B12`, `$B$12`, `A3:K26`, inside Excel's grid. */
export function isCellRef(ref: string): boolean {
  return typeof ref === 'string' && /^[$A-Za-z0-9:]+$/.test(ref) && parseRangeA1(ref) !== null;
}

/** A sheet name quoted for a formula or a link: `'专项经费'`, with `'` doubled. Always quoted: always valid. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** A sheet-qualified reference, `'专项经费'!H12`. */
export function sheetRef(sheet: string, ref: string): string {
  return `${quoteSheet(sheet)}!${ref}`;
}

/** Characters Excel refuses in a sheet name. */
export const SHEET_NAME_ILLEGAL = /[\\/?*[\]:]/;

/** Why a name cannot be a worksheet's in Excel, or null when it can. */
export function sheetNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'a sheet name is empty';
  if (name.length > MAX_SHEET_NAME) return `sheet name "${name}" is longer than ${MAX_SHEET_NAME} characters`;
  if (SHEET_NAME_ILLEGAL.test(name)) return `sheet name "${name}" holds one of \\ / ? * [ ] :`;
  if (name.startsWith("'") || name.endsWith("'")) return `sheet name "${name}" starts or ends with '`;
  if (name.toLowerCase() === 'history') return 'sheet name "History" is reserved by Excel';
  return null;
}

/** Excel compares sheet names without regard to case. */
export function sameSheetName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
