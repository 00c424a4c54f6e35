/**
 * Workbooks for the Office.js host's tests, written as real .xlsx files into a temporary directory, so that the
 * .xlsx host's reader and the simulated Excel host start from the same file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { run } from '../../../src/cli/main';
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

/** Runs the command line's `report` on `input`, writing `out` (what a finance officer would hand over). */
export async function reportWithCli(input: string, out: string): Promise<void> {
  const sink = { write: () => true };
  const code = await run(['report', input, '--out', out], { stdout: sink, stderr: sink });
  if (code > 1) throw new Error(`budget-review report exited ${code}`);
}

const CUSTOM_XML_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml';
const CUSTOM_XML_PROPS_REL =
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps';

/** The sheet names of a package and their `sheetId`s, in order. */
export async function packageSheets(file: string): Promise<{ name: string; sheetId: string }[]> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  return [...workbook.matchAll(/<sheet\s[^>]*?name="([^"]*)"[^>]*?sheetId="(\d+)"[^>]*?\/>/g)].map((m) => ({
    name: m[1],
    sheetId: m[2],
  }));
}

/**
 * A copy of the package `input` as a command line that keeps its run record in a custom XML part writes it: the
 * sheets named in `drop` (an older version's registry) taken out, and `xml` added as `customXml/item1.xml`, related
 * from the workbook part with its properties part, as Office does.
 */
export async function withCustomXmlPart(
  input: string,
  out: string,
  xml: string,
  drop: string[],
): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(input));
  const read = async (name: string): Promise<string> => (await zip.file(name)?.async('string')) ?? '';
  let workbook = await read('xl/workbook.xml');
  let rels = await read('xl/_rels/workbook.xml.rels');
  let types = await read('[Content_Types].xml');
  for (const name of drop) {
    const sheet = new RegExp(`<sheet\\s[^>]*?name="${name}"[^>]*?r:id="(rId\\d+)"[^>]*?/>`).exec(workbook);
    if (!sheet) throw new Error(`no sheet ${name} in ${input}`);
    workbook = workbook.replace(sheet[0], '');
    const rel = new RegExp(`<Relationship\\s[^>]*?Id="${sheet[1]}"[^>]*?/>`).exec(rels);
    if (!rel) throw new Error(`no relationship ${sheet[1]}`);
    rels = rels.replace(rel[0], '');
    const target = /Target="([^"]*)"/.exec(rel[0])?.[1] ?? '';
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    zip.remove(part);
    zip.remove(part.replace(/([^/]*)$/, '_rels/$1.rels'));
    types = types.replace(new RegExp(`<Override\\s[^>]*?PartName="/${part}"[^>]*?/>`), '');
  }
  zip.file('customXml/item1.xml', xml);
  zip.file(
    'customXml/itemProps1.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>' +
      '<ds:datastoreItem ds:itemID="{6C1E0B7A-2F4D-4C1B-9E2A-5B7D3C9A1F00}" ' +
      'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>',
  );
  zip.file(
    'customXml/_rels/item1.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${CUSTOM_XML_PROPS_REL}" Target="itemProps1.xml"/></Relationships>`,
  );
  rels = rels.replace(
    '</Relationships>',
    `<Relationship Id="rIdCustomXml1" Type="${CUSTOM_XML_REL}" Target="../customXml/item1.xml"/></Relationships>`,
  );
  if (!/Extension="xml"/.test(types)) {
    types = types.replace('</Types>', '<Default Extension="xml" ContentType="application/xml"/></Types>');
  }
  types = types.replace(
    '</Types>',
    '<Override PartName="/customXml/itemProps1.xml" ' +
      'ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>',
  );
  zip.file('xl/workbook.xml', workbook);
  zip.file('xl/_rels/workbook.xml.rels', rels);
  zip.file('[Content_Types].xml', types);
  await writeFile(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}
