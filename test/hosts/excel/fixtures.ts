/**
 * Workbooks for the Office.js host's tests, written as real .xlsx files into a temporary directory, so that the
 * .xlsx host's reader and the simulated Excel host start from the same file.
 */
import { mkdtemp, rm } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { Cell, Sheet, Workbook } from '../../../src/engine/grid';
import { a1 } from '../../../src/engine/grid';

export const SAMPLE = path.join(__dirname, '..', '..', '..', 'samples', 'kaifu-2020.xlsx');

export const LEDGER_SHEET = '专项经费';
export const LEDGER_HEADER = ['项目名称', '全年预算数', '实际支出', '结余'];

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'budget-review-excel-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A ledger of `rows` items (header `项目名称 | 全年预算数 | 实际支出 | 结余`, then a `合计` row), every figure
 * consistent: 结余 = 全年预算数 − 实际支出, and the 合计 row the column sums, all in whole cents (`#,##0.00`).
 * `names(i)` gives item i's name (default `项目1` …). Written with exceljs's streaming writer.
 */
export async function writeLedger(
  file: string,
  rows: number,
  names: (i: number) => string = (i) => `项目${i + 1}`,
): Promise<string> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: true,
  });
  const ws = wb.addWorksheet(LEDGER_SHEET);
  ws.addRow(LEDGER_HEADER).commit();
  let sumAvailable = 0;
  let sumSpent = 0;
  for (let i = 0; i < rows; i++) {
    const available = 100_000 + ((i * 7919) % 900_000); // cents: 1,000.00 to 9,999.99
    const spent = Math.floor((available * (70 + (i % 30))) / 100);
    sumAvailable += available;
    sumSpent += spent;
    const row = ws.addRow([names(i), available / 100, spent / 100, (available - spent) / 100]);
    for (const c of [2, 3, 4]) row.getCell(c).numFmt = '#,##0.00';
    row.commit();
  }
  const total = ws.addRow(['合计', sumAvailable / 100, sumSpent / 100, (sumAvailable - sumSpent) / 100]);
  for (const c of [2, 3, 4]) total.getCell(c).numFmt = '#,##0.00';
  total.commit();
  ws.commit();
  await wb.commit();
  return file;
}

/** Strings that Excel would turn into something else if written as typed input. */
export const HOSTILE = [
  '=HYPERLINK("http://x","y")',
  '+1',
  '-2',
  '@SUM(A1)',
  '＝1+1',
  '\t=1+1',
  '12.5',
  "'quoted",
  '#N/A',
  'TRUE',
  '1/2',
  '2020-01-01',
  '(12)',
  '1,234',
  '50%',
  '-',
  '=1+',
];

/** A sheet's non-empty cells by absolute A1 address (whatever its `top`/`left`), for comparing hosts. */
export function cellsByAddress(sheet: Sheet): Map<string, Cell> {
  const out = new Map<string, Cell>();
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  sheet.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell) out.set(a1(top + r, left + c), cell);
    }),
  );
  return out;
}

/** A workbook as `{ sheet: { A1: cell } }` plus merges, independent of how each host offsets its rows. */
export function normalized(wb: Workbook): Record<string, { cells: Record<string, Cell>; merges: unknown[] }> {
  const out: Record<string, { cells: Record<string, Cell>; merges: unknown[] }> = {};
  for (const sheet of wb.sheets) {
    out[sheet.name] = { cells: Object.fromEntries(cellsByAddress(sheet)), merges: sheet.merges ?? [] };
  }
  return out;
}
