/**
 * Shared pieces of the .xlsx writer's tests: the user's workbook they start from, plan sheets, and readers of the
 * written package as raw parts.
 */
import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import { readFile, writeFile } from 'fs/promises';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { PlanCell, PlanSheet, WritePlan } from '../../../src/engine/plan-types';
import { FORMAT_RATE, FORMAT_WAN, REGISTRY_MARK, REGISTRY_SHEET } from '../../../src/engine/plan-types';
import { parseRunRecord, RUN_RECORD_NAMESPACE } from '../../../src/engine/run-record';
import { bufferSource, ZipArchive } from '../../../src/hosts/xlsx/zip';
import { writeWorkbook } from '../../fixtures/xlsx-host/build';

export const SOURCE = '收入支出决算表';
export const PROJECTS = "O'Brien 项目";
export const HIDDEN = '参数';
export const ESCAPED_PERCENT = '0.00\\%'; // shows 98.88 as "98.88%"

export async function sha256(p: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(p))
    .digest('hex');
}

export async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}

export async function load(p: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(p);
  return book;
}

export function sheet(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = book.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The user's workbook: Chinese names, an apostrophe, merges, formulas with cached results, number formats. */
export async function buildInput(p: string, build?: (book: ExcelJS.Workbook) => void): Promise<string> {
  return writeWorkbook(p, (book) => {
    const ws = book.addWorksheet(SOURCE);
    ws.getCell('A1').value = '2020年部门预算执行情况';
    ws.mergeCells('A1:E1');
    ws.getCell('A1').font = { bold: true, size: 16, name: '黑体' };
    ws.getCell('A1').alignment = { horizontal: 'center' };
    ['项目名称', '年初预算', '实际支出', '执行率', '说明'].forEach((h, i) => {
      const cell = ws.getCell(2, i + 1);
      cell.value = h;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    const rows: [string, number, number][] = [
      ['办公经费', 3740.11, 3521.2],
      ['专项业务费', 1200, 691.68],
      ['信息化建设', 580.5, 0],
    ];
    rows.forEach(([name, budget, spent], i) => {
      const r = i + 3;
      ws.getCell(r, 1).value = name;
      ws.getCell(r, 2).value = budget;
      ws.getCell(r, 2).numFmt = '#,##0.00';
      ws.getCell(r, 3).value = spent;
      ws.getCell(r, 3).numFmt = '#,##0.00';
      ws.getCell(r, 4).value = { formula: `IF(B${r}=0,"",C${r}/B${r})`, result: spent / budget };
      ws.getCell(r, 4).numFmt = '0.00%';
    });
    ws.getCell('A6').value = '合计';
    ws.getCell('B6').value = { formula: 'SUM(B3:B5)', result: 5520.61 };
    ws.getCell('B6').numFmt = '#,##0.00';
    ws.getCell('C6').value = { formula: 'SUM(C3:C5)', result: 4212.88 };
    ws.getCell('D6').value = 98.88;
    ws.getCell('D6').numFmt = ESCAPED_PERCENT;
    ws.getCell('E3').value = '=不是公式';
    ws.getCell('E4').value = { formula: 'A3&"说明"', result: '办公经费说明' };
    ws.getCell('E5').value = true;
    ws.getCell('E6').value = { error: '#N/A' };
    ws.mergeCells('A7:B8');
    ws.getCell('A7').value = '注：单位万元';
    ws.getColumn(1).width = 24;
    ws.getColumn(5).width = 40;

    const projects = book.addWorksheet(PROJECTS);
    projects.getCell('A1').value = '项目';
    projects.getCell('B1').value = '金额';
    projects.getCell('A2').value = '甲';
    projects.getCell('B2').value = { formula: `'${SOURCE}'!B3*2`, result: 7480.22 };
    projects.getCell('B2').numFmt = '#,##0.00';
    projects.getCell('A3').value = new Date(Date.UTC(2020, 11, 31));
    projects.getCell('A3').numFmt = 'yyyy-mm-dd';
    projects.getCell('B3').value = { richText: [{ text: '粗', font: { bold: true } }, { text: '体' }] };

    const hidden = book.addWorksheet(HIDDEN, { state: 'hidden' });
    hidden.getCell('A1').value = 0.6;
    build?.(book);
  });
}

export function text(t: string, style?: PlanCell['style']): PlanCell {
  return style ? { kind: 'text', text: t, style } : { kind: 'text', text: t };
}
export function num(value: string, format?: string, style?: PlanCell['style']): PlanCell {
  return { kind: 'number', value, ...(format ? { format } : {}), ...(style ? { style } : {}) };
}
export function formula(
  f: string,
  cached: string | null,
  cachedType: 'number' | 'text',
  format?: string,
): PlanCell {
  return { kind: 'formula', formula: f, cached, cachedType, ...(format ? { format } : {}) };
}

export const INJECTIONS = [
  '=HYPERLINK("http://example.com","x")',
  '+1',
  '-2',
  '@SUM(A1)',
  '＝1+1',
  '\t=1+1',
  '=1+1',
  "=cmd|' /C calc'!A0",
  '＋１',
  '_x0041_ stays as typed',
  'bell\u0007 and tab\tinside',
  'carriage\r\nreturn',
  '  leading and trailing  ',
];

export function summarySheet(name = '执行汇总'): PlanSheet {
  return {
    role: 'summary',
    name,
    rows: [
      [text('2020年预算执行汇总', 'title'), null, null, null, null],
      [
        text('项目', 'header'),
        text('年初预算', 'header'),
        text('实际支出', 'header'),
        text('执行率', 'header'),
        text('结余原因', 'header'),
      ],
      [
        text('=HYPERLINK("http://example.com","x")'),
        num('3740.11', FORMAT_WAN),
        num('3521.2', FORMAT_WAN),
        formula('IF(B3=0,"",C3/B3)', '0.9414963', 'number', FORMAT_RATE),
        text('正常'),
      ],
      [
        { kind: 'text', text: '信息化建设', style: 'lowRate', indent: 2 },
        formula(`'${SOURCE}'!B5`, '580.5', 'number', FORMAT_WAN),
        num('0', FORMAT_WAN),
        formula('IF(B4=0,"",C4/B4)', '0', 'number', FORMAT_RATE),
        text('项目尚未招标，资金未支付。', 'lowRate'),
      ],
      [
        text('合计', 'total'),
        formula('SUM(B3:B4)', '4320.61', 'number', FORMAT_WAN),
        formula('SUM(C3:C4)', '3521.2', 'number', FORMAT_WAN),
        formula('IF(B5=0,"",C5/B5)', null, 'number', FORMAT_RATE),
        formula('IF(B5=0,"","")', '', 'text'),
      ],
    ],
    widths: [28, 14, 14, 10, 40],
    freeze: { rows: 2, columns: 1 },
    merges: [{ top: 0, left: 0, bottom: 0, right: 4 }],
    wrapColumns: [4],
  };
}

export function findingsSheet(name = '问题清单'): PlanSheet {
  return {
    role: 'findings',
    name,
    rows: [
      [text('规则', 'header'), text('位置', 'header'), text('说明', 'header')],
      [
        text('合计不符', 'error'),
        { kind: 'link', text: `${SOURCE}!B6`, sheet: SOURCE, cell: 'B6' },
        text('合计应为 5,520.61', 'error'),
      ],
      [
        text('执行率低', 'warning'),
        { kind: 'link', text: `${PROJECTS}!B2`, sheet: PROJECTS, cell: 'B2' },
        text('低于 60%', 'info'),
      ],
      ...INJECTIONS.map((t) => [text('用户文本', 'note'), text(t), text(t)]),
    ],
    widths: [16, 30, 50],
    freeze: { rows: 1, columns: 0 },
    merges: [],
    wrapColumns: [2],
  };
}

export function narrativeSheet(name = '分析说明'): PlanSheet {
  return {
    role: 'narrative',
    name,
    rows: [
      [text('二、一般公共预算支出情况', 'heading')],
      [text('（一）基本支出：年初预算 3,740.11 万元，实际支出 3,521.20 万元，执行率 94.15%。', 'paragraph')],
    ],
    widths: [100],
    merges: [],
    wrapColumns: [0],
  };
}

export function planOf(sheets: PlanSheet[], replaces: string[] = []): WritePlan {
  return {
    lang: 'zh-CN',
    sheets,
    replaces,
    // The registry field stays in the plan type for the Office.js host; the .xlsx writer ignores it.
    registry: { name: REGISTRY_SHEET, rows: [REGISTRY_MARK, ...sheets.map((s) => s.name)] },
  };
}

export const FULL_PLAN = (): WritePlan => planOf([summarySheet(), findingsSheet(), narrativeSheet()]);

// Raw SpreadsheetML -------------------------------------------------------------------------------------------

export function xmlDecode(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]] = xmlDecode(m[2]);
  return out;
}

export interface RawBook {
  zip: JSZip;
  workbookXml: string;
  relsXml: string;
  contentTypes: string;
  /** Sheet name → its part, `<sheet>` attributes, in tab order. */
  sheets: { name: string; part: string; state?: string; sheetId: number; rId: string }[];
}

export async function rawBook(p: string): Promise<RawBook> {
  const zip = await JSZip.loadAsync(await readFile(p));
  const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
  const relsXml = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const contentTypes = await zip.file('[Content_Types].xml')!.async('string');
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    targets.set(a.Id, path.posix.normalize(a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`));
  }
  const sheets = [...workbookXml.matchAll(/<sheet\b[^>]*>/g)].map((m) => {
    const a = attrs(m[0]);
    return {
      name: a.name,
      part: targets.get(a['r:id']) ?? '',
      state: a.state,
      sheetId: Number(a.sheetId),
      rId: a['r:id'],
    };
  });
  return { zip, workbookXml, relsXml, contentTypes, sheets };
}

export async function sheetXml(raw: RawBook, name: string): Promise<string> {
  const entry = raw.sheets.find((s) => s.name === name);
  if (!entry) throw new Error(`no sheet part for ${name}`);
  return raw.zip.file(entry.part)!.async('string');
}

export async function sheetRels(raw: RawBook, name: string): Promise<string> {
  const entry = raw.sheets.find((s) => s.name === name)!;
  const rels = `${path.posix.dirname(entry.part)}/_rels/${path.posix.basename(entry.part)}.rels`;
  return (await raw.zip.file(rels)?.async('string')) ?? '';
}

/** The `<c>` element of one cell in a sheet part, or null. */
export function cellElement(xml: string, address: string): string | null {
  const m = new RegExp(`<c r="${address}"(?:[^>]*/>|[^>]*>.*?</c>)`, 's').exec(xml);
  return m ? m[0] : null;
}

/** The text of an inline-string cell, decoded from XML (but not from `_xHHHH_`). */
export function inlineText(cell: string): string {
  return xmlDecode([...cell.matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join(''));
}

/** Every entry of a package: its uncompressed bytes. */
export async function entries(p: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(await readFile(p));
  const out = new Map<string, Buffer>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) out.set(name, await f.async('nodebuffer'));
  return out;
}

/** Every entry of a package as stored: its compressed bytes, method and CRC. */
export async function storedEntries(
  p: string,
): Promise<Map<string, { method: number; crc32: number; data: Buffer }>> {
  const zip = await ZipArchive.open(bufferSource(await readFile(p)));
  const out = new Map<string, { method: number; crc32: number; data: Buffer }>();
  for (const e of zip.entries()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.raw(e)) chunks.push(c as Buffer);
    out.set(e.name, { method: e.method, crc32: e.crc32, data: Buffer.concat(chunks) });
  }
  return out;
}

/** Edits parts of a package in place (the user's own edits, as a test sets them up). */
export async function editPackage(p: string, edit: (zip: JSZip) => Promise<void>): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(p));
  await edit(zip);
  await writeFile(p, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

export async function editPart(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
  zip.file(part, change(await zip.file(part)!.async('string')));
}

/** The parts a report may change; every other part of the input must come out byte for byte. */
export const EDITED_PARTS = [
  '[Content_Types].xml',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/styles.xml',
];

/**
 * That `after` is `before` with entries only appended to its lists (number formats, fonts, fills, borders, cell
 * formats) and their counts updated: every other byte the same, every existing entry at its index.
 */
export function expectAppendedOnly(before: string, after: string): void {
  const lists = ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs'];
  const items: Record<string, string> = {
    numFmts: 'numFmt',
    fonts: 'font',
    fills: 'fill',
    borders: 'border',
    cellXfs: 'xf',
  };
  let a = before;
  let b = after;
  for (const list of lists) {
    const re = new RegExp(`<${list}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${list}>)`);
    const x = re.exec(a);
    const y = re.exec(b);
    if (!x) {
      // A list the user's part lacked is added whole.
      if (y) b = b.replace(y[0], '');
      continue;
    }
    expect(y).not.toBeNull();
    const split = (inner: string | undefined) =>
      [
        ...(inner ?? '').matchAll(
          new RegExp(`<${items[list]}\\b[^>]*?(?:/>|>[\\s\\S]*?</${items[list]}>)`, 'g'),
        ),
      ].map((m) => m[0]);
    const old = split(x[1]);
    const now = split(y![1]);
    expect(now.slice(0, old.length)).toEqual(old);
    expect(Number(attrs(/^<[^>]*>/.exec(y![0])![0]).count)).toBe(now.length);
    a = a.replace(x[0], `<${list}/>`);
    b = b.replace(y![0], `<${list}/>`);
  }
  expect(b).toBe(a);
}

/**
 * A report as the version before the run record wrote it, made from a report of this version (`input`): the run
 * record's parts taken out, and instead a sheet `_BudgetReview` (very hidden unless `state` says otherwise) listing
 * the generated sheets under its mark in column A, as that version kept them. The generated sheets themselves are
 * the engine's output, as that version wrote them.
 */
export async function asEarlierVersion(
  input: string,
  out: string,
  state: 'veryHidden' | 'hidden' | 'visible' = 'veryHidden',
): Promise<string[]> {
  const zip = await JSZip.loadAsync(await readFile(input));
  const read = async (name: string): Promise<string> => (await zip.file(name)?.async('string')) ?? '';
  let workbook = await read('xl/workbook.xml');
  let rels = await read('xl/_rels/workbook.xml.rels');
  let types = await read('[Content_Types].xml');
  const generated: string[] = [];
  for (const name of Object.keys(zip.files).filter((n) => /^customXml\/item\d+\.xml$/.test(n))) {
    const xml = await read(name);
    if (!xml.includes(`xmlns="${RUN_RECORD_NAMESPACE}"`)) continue;
    generated.push(...(parseRunRecord(xml)?.sheets.map((s) => s.name) ?? []));
    const n = /(\d+)\.xml$/.exec(name)?.[1] ?? '';
    for (const part of [name, `customXml/itemProps${n}.xml`, `customXml/_rels/item${n}.xml.rels`]) {
      zip.remove(part);
      types = types.replace(new RegExp(`<Override\\s[^>]*?PartName="/${part}"[^>]*?/>`), '');
    }
    rels = rels.replace(new RegExp(`<Relationship\\s[^>]*?Target="\\.\\./${name}"[^>]*?/>`), '');
  }
  if (generated.length === 0) throw new Error(`${input} has no run record`);
  const sheetIds = [...workbook.matchAll(/<sheet\s[^>]*?sheetId="(\d+)"/g)].map((m) => Number(m[1]));
  const sheetId = Math.max(...sheetIds) + 1;
  const part = `worksheets/sheet${sheetId}.xml`;
  const cells = [REGISTRY_MARK, ...generated]
    .map((v, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${v}</t></is></c></row>`)
    .join('');
  zip.file(
    `xl/${part}`,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<sheetData>${cells}</sheetData></worksheet>`,
  );
  const stateAttr = state === 'visible' ? '' : ` state="${state}"`;
  workbook = workbook.replace(
    '</sheets>',
    `<sheet name="${REGISTRY_SHEET}" sheetId="${sheetId}"${stateAttr} r:id="rIdRegistry"/></sheets>`,
  );
  rels = rels.replace(
    '</Relationships>',
    '<Relationship Id="rIdRegistry" ' +
      'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ' +
      `Target="${part}"/></Relationships>`,
  );
  types = types.replace(
    '</Types>',
    `<Override PartName="/xl/${part}" ` +
      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file('xl/workbook.xml', workbook);
  zip.file('xl/_rels/workbook.xml.rels', rels);
  zip.file('[Content_Types].xml', types);
  await writeFile(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return generated;
}
