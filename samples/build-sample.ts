/**
 * Builds `samples/kaifu-2020.xlsx` from `kaifu-2020-data.ts`: the seed report's figures laid out as a finance officer
 * keeps them in Excel. Deterministic: a rebuild gives the same sheets, cells, formats and merges.
 *
 *   npx tsc -p tsconfig.build.json && node build/samples/build-sample.js [out.xlsx]
 */
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import {
  SAMPLE_PROPERTIES,
  SAMPLE_SHEETS,
  type CellData,
  type RowStyle,
  type SheetData,
} from './kaifu-2020-data';
import { FormulaEvaluator, letters, splitAddress, type EvalCell } from './formula';

const FONT = '宋体';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF808080' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** `{r}`, `{r+1}`, `{r-2}` in a formula → row numbers, for a formula on 1-based row `row`. */
export function expandRowTemplate(formula: string, row: number): string {
  return formula.replace(/\{r(?:([+-])(\d+))?\}/g, (_m, sign: string | undefined, n: string | undefined) => {
    if (sign === undefined || n === undefined) return String(row);
    return String(sign === '+' ? row + Number(n) : row - Number(n));
  });
}

/** A cell of the data with its formula's row template expanded. */
function resolved(cell: CellData, row: number): CellData {
  if (cell !== null && typeof cell !== 'string' && cell.kind === 'formula') {
    return { ...cell, formula: expandRowTemplate(cell.formula, row) };
  }
  return cell;
}

/** Every sheet's cells by A1 address, formulas expanded, for the evaluator and the writer. */
function indexCells(sheets: readonly SheetData[]): Map<string, Map<string, CellData>> {
  const out = new Map<string, Map<string, CellData>>();
  for (const sheet of sheets) {
    const cells = new Map<string, CellData>();
    sheet.rows.forEach((row, i) => {
      row.cells.forEach((cell, j) => {
        if (cell !== null) cells.set(letters(j + 1) + String(i + 1), resolved(cell, i + 1));
      });
    });
    out.set(sheet.name, cells);
  }
  return out;
}

function toEvalCell(cell: CellData | undefined): EvalCell {
  if (cell === undefined || cell === null) return null;
  if (typeof cell === 'string') return { text: cell };
  return cell.kind === 'number' ? { number: cell.value } : { formula: cell.formula };
}

/** Columns that belong to a table below a block of header rows: non-empty or merged in that block. */
function headerColumns(sheet: SheetData, first: number, last: number): Set<number> {
  const cols = new Set<number>();
  for (let r = first; r <= last; r++) {
    sheet.rows[r].cells.forEach((cell, c) => {
      if (cell !== null) cols.add(c + 1);
    });
    for (const range of sheet.merges) {
      const [a, b] = range.split(':').map(splitAddress);
      if (a.row <= r + 1 && r + 1 <= b.row) for (let c = a.col; c <= b.col; c++) cols.add(c);
    }
  }
  return cols;
}

/** For each row (0-based), the columns that get a border: those of the header block above it. */
function borderedColumns(sheet: SheetData): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  const all = new Set(sheet.widths.map((_w, i) => i + 1));
  let current: Set<number> | null = null;
  for (let r = 0; r < sheet.rows.length; r++) {
    const style: RowStyle = sheet.rows[r].style;
    if (style === 'header') {
      let last = r;
      while (last + 1 < sheet.rows.length && sheet.rows[last + 1].style === 'header') last++;
      current = headerColumns(sheet, r, last);
      for (let h = r; h <= last; h++) out.set(h, current);
      r = last;
    } else if (style === 'data' || style === 'total') {
      out.set(r, current ?? all);
    } else if (style === 'blank' || style === 'subtitle' || style === 'title') {
      current = null;
    }
  }
  return out;
}

function styleCell(cell: ExcelJS.Cell, style: RowStyle, col: number, wrap: boolean): void {
  switch (style) {
    case 'title':
      cell.font = { name: FONT, size: 14, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
      break;
    case 'subtitle':
      cell.font = { name: FONT, size: 12, bold: true };
      cell.alignment = { horizontal: 'left', vertical: 'middle' };
      break;
    case 'unit':
      cell.font = { name: FONT, size: 10 };
      cell.alignment = { horizontal: col === 1 ? 'left' : 'right', vertical: 'middle' };
      break;
    case 'header':
      cell.font = { name: FONT, size: 11, bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      break;
    case 'total':
      cell.font = { name: FONT, size: 11, bold: true };
      cell.fill = TOTAL_FILL;
      cell.alignment = { vertical: 'middle', wrapText: wrap };
      break;
    default:
      cell.font = { name: FONT, size: 11 };
      cell.alignment = { vertical: 'middle', wrapText: wrap };
  }
}

function writeSheet(
  wb: ExcelJS.Workbook,
  sheet: SheetData,
  cells: Map<string, CellData>,
  evaluator: FormulaEvaluator,
): void {
  const ws = wb.addWorksheet(sheet.name, {
    views: sheet.frozenRows ? [{ state: 'frozen', xSplit: 0, ySplit: sheet.frozenRows }] : [{}],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = sheet.widths.map((width) => ({ width }));
  const wrap = new Set(sheet.wrapColumns ?? []);
  const borders = borderedColumns(sheet);

  sheet.rows.forEach((rowData, r) => {
    const row = ws.getRow(r + 1);
    if (rowData.style === 'title') row.height = 28;
    const cols = new Set<number>(borders.get(r) ?? []);
    rowData.cells.forEach((c, j) => {
      if (c !== null) cols.add(j + 1);
    });
    for (const col of [...cols].sort((a, b) => a - b)) {
      const address = letters(col) + String(r + 1);
      const cell = row.getCell(col);
      const data = cells.get(address) ?? null;
      if (typeof data === 'string') {
        cell.value = data;
      } else if (data !== null && data.kind === 'number') {
        cell.value = Number(data.value);
        cell.numFmt = data.fmt;
      } else if (data !== null) {
        const result = evaluator.valueOf(sheet.name, address).toNumber();
        cell.value = { formula: data.formula, result };
        cell.numFmt = data.fmt;
      }
      styleCell(cell, rowData.style, col, wrap.has(letters(col)));
      if (borders.get(r)?.has(col)) cell.border = BOX;
    }
  });
  for (const range of sheet.merges) ws.mergeCells(range);
}

/** Writes the sample workbook to `outPath`. */
export async function buildSample(outPath: string): Promise<void> {
  const cells = indexCells(SAMPLE_SHEETS);
  const evaluator = new FormulaEvaluator((sheet, address) => toEvalCell(cells.get(sheet)?.get(address)));

  const wb = new ExcelJS.Workbook();
  wb.creator = SAMPLE_PROPERTIES.creator;
  wb.lastModifiedBy = SAMPLE_PROPERTIES.creator;
  wb.title = SAMPLE_PROPERTIES.title;
  wb.created = SAMPLE_PROPERTIES.created;
  wb.modified = SAMPLE_PROPERTIES.modified;
  for (const sheet of SAMPLE_SHEETS) writeSheet(wb, sheet, cells.get(sheet.name) ?? new Map(), evaluator);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  stampZipEntries(buf, SAMPLE_PROPERTIES.modified);
  await fs.promises.writeFile(outPath, buf);
}

/**
 * exceljs stamps every zip entry with the time of writing; set them all to `date` so that a rebuild of unchanged
 * data gives the same bytes (and git sees no change). Walks the central directory and patches each entry's DOS
 * time and date there and in its local header; the compressed data and CRCs are untouched.
 */
export function stampZipEntries(buf: Buffer, date: Date): void {
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('zip end of central directory not found');
  const entries = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('zip central directory entry expected');
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('zip local header expected');
    buf.writeUInt16LE(dosTime, local + 10);
    buf.writeUInt16LE(dosDate, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
}

/** The project root: the nearest folder above this file that holds package.json (works from build/ too). */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

export const SAMPLE_PATH = path.join(projectRoot(), 'samples', 'kaifu-2020.xlsx');

if (require.main === module) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : SAMPLE_PATH;
  buildSample(out).then(
    () => process.stdout.write(`wrote ${out}\n`),
    (err: unknown) => {
      process.stderr.write(`build-sample: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
