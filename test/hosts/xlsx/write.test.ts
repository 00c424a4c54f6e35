/**
 * The .xlsx host's writer on real .xlsx files: inputs built with exceljs into a temporary directory, outputs read
 * back with exceljs and inspected as raw SpreadsheetML in the zip.
 */
import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import { link, readdir, readFile, symlink, writeFile } from 'fs/promises';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { PlanCell, PlanSheet, WritePlan } from '../../../src/engine/plan-types';
import { FORMAT_RATE, FORMAT_WAN, REGISTRY_MARK, REGISTRY_SHEET } from '../../../src/engine/plan-types';
import { escapeCellText, readOwnership, ReportWriteError, writeReport } from '../../../src/hosts/xlsx/write';
import { tempDir, writeWorkbook } from '../../fixtures/xlsx-host/build';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-write-'));
});

afterAll(async () => {
  await cleanup();
});

afterEach(() => {
  jest.restoreAllMocks();
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const SOURCE = '收入支出决算表';
const PROJECTS = "O'Brien 项目";
const HIDDEN = '参数';
const ESCAPED_PERCENT = '0.00\\%'; // shows 98.88 as "98.88%"

let counter = 0;
function file(name: string): string {
  counter += 1;
  return path.join(dir, `${counter}-${name}`);
}

async function sha256(p: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(p))
    .digest('hex');
}

async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}

async function load(p: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(p);
  return book;
}

function sheet(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = book.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The user's workbook: Chinese names, an apostrophe, merges, formulas with cached results, number formats. */
async function buildInput(p: string, build?: (book: ExcelJS.Workbook) => void): Promise<string> {
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

function text(t: string, style?: PlanCell['style']): PlanCell {
  return style ? { kind: 'text', text: t, style } : { kind: 'text', text: t };
}
function num(value: string, format?: string, style?: PlanCell['style']): PlanCell {
  return { kind: 'number', value, ...(format ? { format } : {}), ...(style ? { style } : {}) };
}
function formula(f: string, cached: string | null, cachedType: 'number' | 'text', format?: string): PlanCell {
  return { kind: 'formula', formula: f, cached, cachedType, ...(format ? { format } : {}) };
}

const INJECTIONS = [
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
];

function summarySheet(name = '执行汇总'): PlanSheet {
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

function findingsSheet(name = '问题清单'): PlanSheet {
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

function narrativeSheet(name = '分析说明'): PlanSheet {
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

function planOf(sheets: PlanSheet[], replaces: string[] = []): WritePlan {
  return {
    lang: 'zh-CN',
    sheets,
    replaces,
    registry: { name: REGISTRY_SHEET, rows: [REGISTRY_MARK, ...sheets.map((s) => s.name)] },
  };
}

const FULL_PLAN = (): WritePlan => planOf([summarySheet(), findingsSheet(), narrativeSheet()]);

/** Every cell of a sheet as exceljs sees it: type, value, formula, result, number format and style. */
function snapshot(ws: ExcelJS.Worksheet): Record<string, unknown> {
  const cells: Record<string, unknown> = {};
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      cells[cell.address] = {
        type: cell.type,
        value: cell.value,
        formula: cell.formula,
        result: cell.result,
        numFmt: cell.numFmt,
        style: cell.style,
      };
    });
  });
  return cells;
}

/** What exceljs read for one cell. */
function asRead(cell: ExcelJS.Cell): {
  type: ExcelJS.ValueType;
  value: unknown;
  formula: unknown;
  numFmt: unknown;
} {
  return { type: cell.type, value: cell.value, formula: cell.formula, numFmt: cell.numFmt };
}

function mergesOf(ws: ExcelJS.Worksheet): string[] {
  return [...(ws.model.merges ?? [])].sort();
}

function widthsOf(ws: ExcelJS.Worksheet): (number | undefined)[] {
  return (ws.columns ?? []).map((c) => c.width);
}

// Raw SpreadsheetML -------------------------------------------------------------------------------------------

function xmlDecode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]] = xmlDecode(m[2]);
  return out;
}

interface RawBook {
  zip: JSZip;
  workbookXml: string;
  /** Sheet name → its part's path and its `<sheet>` attributes, in tab order. */
  sheets: { name: string; part: string; state?: string }[];
}

async function rawBook(p: string): Promise<RawBook> {
  const zip = await JSZip.loadAsync(await readFile(p));
  const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
  const relsXml = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    targets.set(a.Id, `xl/${a.Target.replace(/^\/?xl\//, '')}`);
  }
  const sheets = [...workbookXml.matchAll(/<sheet\b[^>]*>/g)].map((m) => {
    const a = attrs(m[0]);
    return { name: a.name, part: targets.get(a['r:id']) ?? '', state: a.state };
  });
  return { zip, workbookXml, sheets };
}

async function sheetXml(raw: RawBook, name: string): Promise<string> {
  const entry = raw.sheets.find((s) => s.name === name);
  if (!entry) throw new Error(`no sheet part for ${name}`);
  return raw.zip.file(entry.part)!.async('string');
}

async function sheetRels(raw: RawBook, name: string): Promise<string> {
  const entry = raw.sheets.find((s) => s.name === name)!;
  const rels = `${path.posix.dirname(entry.part)}/_rels/${path.posix.basename(entry.part)}.rels`;
  return (await raw.zip.file(rels)?.async('string')) ?? '';
}

/** The `<c>` element of one cell in a sheet part, or null. */
function cellElement(xml: string, address: string): string | null {
  const m = new RegExp(`<c r="${address}"(?:[^>]*/>|[^>]*>.*?</c>)`).exec(xml);
  return m ? m[0] : null;
}

// ---------------------------------------------------------------------------------------------------------------

describe('writeReport: the user sheets come through as exceljs round-trips them', () => {
  let input: string;
  let out: string;
  let before: string;

  beforeAll(async () => {
    input = await buildInput(file('2020年 部门决算.xlsx'));
    before = await sha256(input);
    out = file('report.xlsx');
    await writeReport(input, FULL_PLAN(), out);
  });

  it('leaves the input file byte for byte as it was', async () => {
    expect(await sha256(input)).toBe(before);
  });

  it('keeps every cell (value, formula, cached result, number format, style) of every original sheet', async () => {
    const [a, b] = await Promise.all([load(input), load(out)]);
    const originals = a.worksheets.map((ws) => ws.name);
    expect(originals).toEqual([SOURCE, PROJECTS, HIDDEN]);
    for (const name of originals) {
      const wa = sheet(a, name);
      const wb = sheet(b, name);
      const cells = snapshot(wa);
      expect(Object.keys(cells).length).toBeGreaterThan(0);
      expect(snapshot(wb)).toEqual(cells);
      expect(mergesOf(wb)).toEqual(mergesOf(wa));
      expect(widthsOf(wb)).toEqual(widthsOf(wa));
      expect(wb.state).toBe(wa.state);
    }
    // What the comparison covers, spelled out for the formats that matter.
    const src = sheet(b, SOURCE);
    expect(mergesOf(src)).toEqual(['A1:E1', 'A7:B8']);
    expect(src.getCell('B3').numFmt).toBe('#,##0.00');
    expect(src.getCell('D3').numFmt).toBe('0.00%');
    expect(src.getCell('D6').numFmt).toBe(ESCAPED_PERCENT);
    expect(src.getCell('B6').formula).toBe('SUM(B3:B5)');
    expect(src.getCell('B6').result).toBe(5520.61);
    expect(src.getCell('E3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet(b, PROJECTS).getCell('B2').formula).toBe(`'${SOURCE}'!B3*2`);
  });

  it('keeps the escaped number format `0.00\\%` in the file itself (exceljs would drop the backslash)', async () => {
    const raw = await rawBook(out);
    const styles = await raw.zip.file('xl/styles.xml')!.async('string');
    expect(styles).toContain('formatCode="0.00\\%"');
  });
});

describe('writeReport: plan sheets and the registry', () => {
  let input: string;
  let first: string;

  beforeAll(async () => {
    input = await buildInput(file('input.xlsx'));
    first = file('first.xlsx');
    await writeReport(input, FULL_PLAN(), first);
  });

  it('adds the plan sheets in order after the originals, then the very hidden registry', async () => {
    const book = await load(first);
    expect(book.worksheets.map((ws) => ws.name)).toEqual([
      SOURCE,
      PROJECTS,
      HIDDEN,
      '执行汇总',
      '问题清单',
      '分析说明',
      REGISTRY_SHEET,
    ]);
    const registry = sheet(book, REGISTRY_SHEET);
    expect(registry.state).toBe('veryHidden');
    const listed: unknown[] = [];
    registry.eachRow((row) => listed.push(row.getCell(1).value));
    expect(listed).toEqual([REGISTRY_MARK, '执行汇总', '问题清单', '分析说明']);

    const raw = await rawBook(first);
    expect(raw.sheets.find((s) => s.name === REGISTRY_SHEET)?.state).toBe('veryHidden');
    expect(raw.sheets.find((s) => s.name === '执行汇总')?.state ?? 'visible').toBe('visible');
  });

  it('reports which sheets it owns', async () => {
    expect(await readOwnership(input)).toEqual({ sheetNames: [SOURCE, PROJECTS, HIDDEN], owned: [] });
    expect(await readOwnership(first)).toEqual({
      sheetNames: [SOURCE, PROJECTS, HIDDEN, '执行汇总', '问题清单', '分析说明', REGISTRY_SHEET],
      owned: ['执行汇总', '问题清单', '分析说明'],
    });
  });

  it('replaces an earlier run’s sheets on a second run, once each, and leaves the user’s sheets alone', async () => {
    const { owned } = await readOwnership(first);
    const second = file('second.xlsx');
    const plan = planOf([summarySheet(), findingsSheet()], owned);
    plan.sheets[0].rows[2][4] = text('第二次');
    await writeReport(first, plan, second);

    const [a, b] = await Promise.all([load(first), load(second)]);
    expect(b.worksheets.map((ws) => ws.name)).toEqual([
      SOURCE,
      PROJECTS,
      HIDDEN,
      '执行汇总',
      '问题清单',
      REGISTRY_SHEET,
    ]);
    expect(sheet(b, '执行汇总').getCell('E3').value).toBe('第二次');
    for (const name of [SOURCE, PROJECTS, HIDDEN]) {
      expect(snapshot(sheet(b, name))).toEqual(snapshot(sheet(a, name)));
    }
    expect(await readOwnership(second)).toMatchObject({ owned: ['执行汇总', '问题清单'] });
    const raw = await rawBook(second);
    expect(raw.sheets.filter((s) => s.name === REGISTRY_SHEET)).toHaveLength(1);
  });

  it('refuses to replace a sheet the registry does not list, and writes nothing', async () => {
    const out = file('refused.xlsx');
    const err = await writeReport(first, planOf([summarySheet('汇总2')], [SOURCE]), out).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ReportWriteError);
    expect(err).toMatchObject({ code: 'conflict' });
    expect((err as Error).message).toContain(SOURCE);
    expect(await exists(out)).toBe(false);
  });

  it('refuses a plan sheet whose name a user sheet holds (in any case) when it is not replaced', async () => {
    const out = file('taken.xlsx');
    await expect(writeReport(first, planOf([summarySheet()]), out)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(writeReport(input, planOf([summarySheet("o'brien 项目")]), out)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await exists(out)).toBe(false);
  });

  it('does not trust a visible sheet that has the registry’s name', async () => {
    const visible = await buildInput(file('visible-registry.xlsx'), (book) => {
      const ws = book.addWorksheet(REGISTRY_SHEET);
      ws.getCell('A1').value = SOURCE;
    });
    expect(await readOwnership(visible)).toMatchObject({ owned: [] });
    await expect(writeReport(visible, FULL_PLAN(), file('x.xlsx'))).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('rejects plans that would make a broken workbook', async () => {
    const bad: [string, (p: WritePlan) => void][] = [
      ['a number that is not one', (p) => (p.sheets[0].rows[2][1] = num('3,740.11'))],
      ['a formula with "="', (p) => (p.sheets[0].rows[2][3] = formula('=1+1', '2', 'number'))],
      ['a bad cached number', (p) => (p.sheets[0].rows[2][3] = formula('1+1', 'two', 'number'))],
      ['a sheet name with ":"', (p) => (p.sheets[0].name = '汇总:1')],
      ['a sheet name over 31 characters', (p) => (p.sheets[0].name = 'x'.repeat(32))],
      ['two sheets of one name', (p) => (p.sheets[1].name = '执行汇总')],
      ['a sheet the registry does not list', (p) => (p.registry.rows = [REGISTRY_MARK])],
      [
        'a link to a missing sheet',
        (p) => (p.sheets[1].rows[1][1] = { kind: 'link', text: 'x', sheet: '无', cell: 'A1' }),
      ],
      [
        'a link to a bad cell',
        (p) => (p.sheets[1].rows[1][1] = { kind: 'link', text: 'x', sheet: SOURCE, cell: 'A0' }),
      ],
      [
        'a merge that hides content',
        (p) => (p.sheets[0].merges = [{ top: 2, left: 0, bottom: 2, right: 1 }]),
      ],
      ['overlapping merges', (p) => p.sheets[0].merges.push({ top: 0, left: 3, bottom: 1, right: 3 })],
      ['a negative width', (p) => (p.sheets[0].widths = [-1])],
      ['a fractional indent', (p) => (p.sheets[0].rows[2][4] = { kind: 'text', text: 'x', indent: 1.5 })],
      ['text over 32,767 characters', (p) => (p.sheets[0].rows[2][4] = text('长'.repeat(32_768)))],
    ];
    for (const [what, spoil] of bad) {
      const plan = FULL_PLAN();
      spoil(plan);
      const out = file('bad.xlsx');
      const err = await writeReport(input, plan, out).catch((e: unknown) => e);
      expect([what, err instanceof ReportWriteError && err.code]).toEqual([what, 'plan']);
      expect(await exists(out)).toBe(false);
    }
  });
});

describe('writeReport: text from the user stays text', () => {
  let out: string;
  let raw: RawBook;
  let book: ExcelJS.Workbook;

  beforeAll(async () => {
    const input = await buildInput(file('in.xlsx'));
    out = file('out.xlsx');
    await writeReport(input, FULL_PLAN(), out);
    book = await load(out);
    raw = await rawBook(out);
  });

  it('reads every injection string back as the same string, with the text format and no formula', async () => {
    const ws = sheet(book, '问题清单');
    INJECTIONS.forEach((t, i) => {
      for (const col of ['B', 'C']) {
        expect({ t, ...asRead(ws.getCell(`${col}${i + 4}`)) }).toEqual({
          t,
          type: ExcelJS.ValueType.String,
          value: t,
          formula: undefined,
          numFmt: '@',
        });
      }
    });
    expect(sheet(book, '执行汇总').getCell('A3').value).toBe('=HYPERLINK("http://example.com","x")');
  });

  it('stores them as shared strings: no <f> element, no inline value, in the sheet XML', async () => {
    const xml = await sheetXml(raw, '问题清单');
    const sst = await raw.zip.file('xl/sharedStrings.xml')!.async('string');
    const strings = [...sst.matchAll(/<si>(.*?)<\/si>/gs)].map((m) =>
      xmlDecode([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')),
    );
    INJECTIONS.forEach((t, i) => {
      for (const col of ['B', 'C']) {
        const c = cellElement(xml, `${col}${i + 4}`);
        expect(c).not.toBeNull();
        expect(c).not.toContain('<f>');
        expect(c).not.toContain('<f ');
        expect(c).toMatch(/ t="s"/);
        const index = Number(/<v>(\d+)<\/v>/.exec(c!)![1]);
        expect(strings[index]).toBe(escapeCellText(t));
      }
    });
    const summary = cellElement(await sheetXml(raw, '执行汇总'), 'A3');
    expect(summary).toMatch(/ t="s"/);
    expect(summary).not.toContain('<f');
  });

  it('escapes what SpreadsheetML would otherwise change', () => {
    expect(escapeCellText('_x0041_')).toBe('_x005F_x0041_');
    expect(escapeCellText('a\u0007b')).toBe('a_x0007_b');
    expect(escapeCellText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
    expect(escapeCellText('=1+1')).toBe('=1+1');
  });
});

describe('writeReport: formulas, formats, layout and links are in the file', () => {
  let book: ExcelJS.Workbook;
  let raw: RawBook;

  beforeAll(async () => {
    const input = await buildInput(file('in.xlsx'));
    const out = file('out.xlsx');
    await writeReport(input, FULL_PLAN(), out);
    book = await load(out);
    raw = await rawBook(out);
  });

  it('keeps formulas with their cached results', async () => {
    const ws = sheet(book, '执行汇总');
    expect([ws.getCell('D3').formula, ws.getCell('D3').result]).toEqual(['IF(B3=0,"",C3/B3)', 0.9414963]);
    expect([ws.getCell('B4').formula, ws.getCell('B4').result]).toEqual([`'${SOURCE}'!B5`, 580.5]);
    expect([ws.getCell('D4').formula, ws.getCell('D4').result]).toEqual(['IF(B4=0,"",C4/B4)', 0]);
    expect([ws.getCell('B5').formula, ws.getCell('B5').result]).toEqual(['SUM(B3:B4)', 4320.61]);
    const xml = await sheetXml(raw, '执行汇总');
    expect(cellElement(xml, 'D4')).toMatch(/<f>IF\(B4=0,&quot;&quot;,C4\/B4\)<\/f><v>0<\/v>/);
    // A null cache: a formula and no value; a text cache: t="str".
    expect(cellElement(xml, 'D5')).toMatch(/<f>[^<]*<\/f><\/c>$/);
    expect(cellElement(xml, 'E5')).toMatch(/ t="str".*<f>[^<]*<\/f><v><\/v>/);
  });

  it('writes numbers as numbers with their formats', () => {
    const ws = sheet(book, '执行汇总');
    expect(ws.getCell('B3').value).toBe(3740.11);
    expect(ws.getCell('B3').numFmt).toBe(FORMAT_WAN);
    expect(ws.getCell('D3').numFmt).toBe(FORMAT_RATE);
    expect(ws.getCell('C4').value).toBe(0);
  });

  it('freezes panes, sets widths, merges and wraps', async () => {
    const summary = sheet(book, '执行汇总');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    expect(sheet(book, '问题清单').views[0]).toMatchObject({ state: 'frozen', xSplit: 0, ySplit: 1 });
    expect(sheet(book, '分析说明').views ?? []).toEqual([]);
    expect(widthsOf(summary)).toEqual([28, 14, 14, 10, 40]);
    expect(mergesOf(summary)).toEqual(['A1:E1']);
    expect(summary.getCell('E3').alignment).toMatchObject({ wrapText: true });
    expect(sheet(book, '分析说明').getCell('A2').alignment).toMatchObject({
      wrapText: true,
      vertical: 'top',
    });
    const xml = await sheetXml(raw, '执行汇总');
    expect(xml).toMatch(
      /<pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"\/>/,
    );
    expect(xml).toContain('<col min="1" max="1" width="28" customWidth="1"/>');
    expect(xml).toContain('<mergeCell ref="A1:E1"/>');
  });

  it('styles cells by their plan style', () => {
    const ws = sheet(book, '执行汇总');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14, name: '宋体' });
    expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center' });
    expect(ws.getCell('B2').fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } });
    expect(ws.getCell('B2').border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
    expect(ws.getCell('A4').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(ws.getCell('A4').alignment).toEqual({ indent: 2, horizontal: 'left' });
    expect(ws.getCell('A4').value).toBe('信息化建设'); // an indent, not spaces
    expect(ws.getCell('A4').font).toMatchObject({ color: { argb: 'FF9C0006' } });
    expect(ws.getCell('A5').border).toMatchObject({ top: { style: 'thin' } });
    const findings = sheet(book, '问题清单');
    expect(findings.getCell('A2').font.color).toEqual({ argb: 'FFC00000' });
    expect(findings.getCell('A3').font.color).toEqual({ argb: 'FF9C5700' });
    expect(findings.getCell('C3').font.color).toEqual({ argb: 'FF1F4E79' });
    expect(findings.getCell('A4').font).toMatchObject({ italic: true });
  });

  it('links to cells inside the workbook as Excel does: a location, no relationship', async () => {
    const ws = sheet(book, '问题清单');
    expect(ws.getCell('B2').value).toEqual({ text: `${SOURCE}!B6`, hyperlink: `#'${SOURCE}'!B6` });
    expect(ws.getCell('B3').value).toEqual({ text: `${PROJECTS}!B2`, hyperlink: "#'O''Brien 项目'!B2" });
    const xml = await sheetXml(raw, '问题清单');
    expect(xml).toContain(`<hyperlink ref="B2" location="&apos;${SOURCE}&apos;!B6"/>`);
    expect(xml).toContain('<hyperlink ref="B3" location="&apos;O&apos;&apos;Brien 项目&apos;!B2"/>');
    expect(xml).not.toMatch(/<hyperlink [^>]*r:id=/);
    expect(await sheetRels(raw, '问题清单')).not.toContain('relationships/hyperlink');
  });
});

describe('writeReport: the input is never written, and a failure leaves no output', () => {
  let input: string;
  let before: string;

  beforeAll(async () => {
    input = await buildInput(file('keep me.xlsx'));
    before = await sha256(input);
  });

  afterEach(async () => {
    expect(await sha256(input)).toBe(before);
  });

  it('refuses the input path as output, however it is spelled or linked', async () => {
    const relative = path.relative(process.cwd(), input);
    const dotted = path.join(path.dirname(input), '.', path.basename(input));
    const soft = file('soft-link.xlsx');
    await symlink(input, soft);
    const hard = file('hard-link.xlsx');
    await link(input, hard);
    for (const out of [input, relative, dotted, soft, hard]) {
      const err = await writeReport(input, FULL_PLAN(), out).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReportWriteError);
      expect(err).toMatchObject({ code: 'same-file' });
      expect((err as Error).message).toMatch(/overwrite the input/);
    }
  });

  it('leaves no output and no temporary file when the plan is invalid', async () => {
    const sub = path.join(dir, 'invalid-plan');
    await fsp.mkdir(sub);
    const plan = FULL_PLAN();
    plan.sheets[0].rows[2][1] = num('not a number');
    await expect(writeReport(input, plan, path.join(sub, 'out.xlsx'))).rejects.toMatchObject({
      code: 'plan',
    });
    expect(await readdir(sub)).toEqual([]);
  });

  it('leaves no output and no temporary file when writing fails, and keeps an earlier output', async () => {
    const sub = path.join(dir, 'failing-write');
    await fsp.mkdir(sub);
    const out = path.join(sub, 'out.xlsx');
    jest
      .spyOn(fsp, 'rename')
      .mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    const err = await writeReport(input, FULL_PLAN(), out).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'output', detail: 'ENOSPC' });
    expect(await readdir(sub)).toEqual([]);

    await writeFile(out, 'an earlier report');
    jest.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error('busy'), { code: 'EBUSY' }));
    await expect(writeReport(input, FULL_PLAN(), out)).rejects.toMatchObject({ code: 'output' });
    expect(await readdir(sub)).toEqual(['out.xlsx']);
    expect(await readFile(out, 'utf8')).toBe('an earlier report');
  });

  it('fails clearly on an output folder that does not exist and on an unreadable input', async () => {
    await expect(
      writeReport(input, FULL_PLAN(), path.join(dir, 'no such dir', 'out.xlsx')),
    ).rejects.toMatchObject({
      code: 'output',
      detail: 'ENOENT',
    });
    const notXlsx = file('not.xlsx');
    await writeFile(notXlsx, 'plain text');
    await expect(writeReport(notXlsx, FULL_PLAN(), file('o.xlsx'))).rejects.toMatchObject({ code: 'input' });
  });

  it('overwrites an earlier output atomically', async () => {
    const out = file('again.xlsx');
    await writeReport(input, FULL_PLAN(), out);
    await writeReport(input, planOf([narrativeSheet()]), out);
    expect((await load(out)).worksheets.map((ws) => ws.name)).toEqual([
      SOURCE,
      PROJECTS,
      HIDDEN,
      '分析说明',
      REGISTRY_SHEET,
    ]);
  });
});

describe('writeReport: the workbook opens on a visible sheet', () => {
  it('keeps the active sheet, or its replacement when a run replaces the sheet that was active', async () => {
    const input = await buildInput(file('views.xlsx'), (book) => {
      book.views = [
        { x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 1, visibility: 'visible' },
      ];
    });
    const first = file('views-1.xlsx');
    await writeReport(input, FULL_PLAN(), first);
    const a = await load(first);
    expect(a.views[0].activeTab).toBe(1); // still PROJECTS

    // The user was looking at the findings sheet when the next run replaces it.
    const looking = file('views-looking.xlsx');
    a.views[0].activeTab = a.worksheets.findIndex((ws) => ws.name === '问题清单');
    await a.xlsx.writeFile(looking);
    const second = file('views-2.xlsx');
    const { owned } = await readOwnership(looking);
    await writeReport(looking, planOf([summarySheet(), findingsSheet()], owned), second);
    const b = await load(second);
    const active = b.worksheets[b.views[0].activeTab];
    expect(active.name).toBe('问题清单');
    expect(active.state).toBe('visible');
  });
});

/**
 * What exceljs 4.4 keeps and loses when it reads and writes a workbook (the writer's round trip). These pin the
 * behaviour down; a failure after an exceljs upgrade means a loss was fixed (or a new one appeared).
 */
describe('exceljs round trip: what survives and what does not', () => {
  async function roundTrip(
    build: (book: ExcelJS.Workbook) => void,
    patchXml?: (raw: JSZip) => Promise<void>,
  ) {
    const input = file('rt-in.xlsx');
    await writeWorkbook(input, (book) => {
      const ws = book.addWorksheet('S');
      ws.getCell('A1').value = 1;
      ws.getCell('A2').value = 2;
      ws.getCell('B1').value = 'x';
      book.addWorksheet('T').getCell('A1').value = 3;
      build(book);
    });
    if (patchXml) {
      const zip = await JSZip.loadAsync(await readFile(input));
      await patchXml(zip);
      await writeFile(input, await zip.generateAsync({ type: 'nodebuffer' }));
    }
    const out = file('rt-out.xlsx');
    await writeReport(input, planOf([]), out);
    return { input, out, raw: await rawBook(out), book: await load(out) };
  }

  async function edit(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
    zip.file(part, change(await zip.file(part)!.async('string')));
  }

  it('keeps data validation, conditional formats, notes on filled cells, images, tables, autofilters', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const { book, raw } = await roundTrip((b) => {
      const ws = b.getWorksheet('S')!;
      ws.getCell('C1').dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
      ws.addConditionalFormatting({
        ref: 'A1:A2',
        rules: [
          {
            type: 'cellIs',
            operator: 'greaterThan',
            formulae: [1],
            priority: 1,
            style: { font: { bold: true } },
          },
        ],
      });
      ws.getCell('A1').note = '备注';
      ws.addImage(b.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' }), 'E1:F2');
      ws.addTable({ name: 'T1', ref: 'H1', columns: [{ name: 'a' }, { name: 'b' }], rows: [[1, 2]] });
      ws.autoFilter = 'A1:B1';
    });
    const ws = sheet(book, 'S');
    expect(ws.getCell('C1').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    expect((ws as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings).toHaveLength(1);
    expect(ws.getCell('A1').note).toBe('备注');
    expect(ws.getImages()).toHaveLength(1);
    expect(raw.zip.file(/xl\/tables\/table\d+\.xml/)).toHaveLength(1);
    expect(ws.autoFilter).toBe('A1:B1');
  });

  it('keeps internal links of the user’s sheets (only because of the writer’s fix)', async () => {
    const { book } = await roundTrip(
      () => undefined,
      (zip) =>
        edit(zip, 'xl/worksheets/sheet1.xml', (xml) =>
          xml.replace(
            '<pageMargins',
            '<hyperlinks><hyperlink ref="B1" location="T!A1" display="x"/></hyperlinks><pageMargins',
          ),
        ),
    );
    expect(sheet(book, 'S').getCell('B1').value).toEqual({ text: 'x', hyperlink: '#T!A1' });
  });

  it('LOSES a note on an empty cell', async () => {
    const { input, book } = await roundTrip((b) => {
      b.getWorksheet('S')!.getCell('D4').note = '空单元格上的备注';
    });
    const comments = (await rawBook(input)).zip.file(/xl\/comments\d+\.xml/);
    expect(await comments[0].async('string')).toContain('空单元格上的备注');
    expect(sheet(book, 'S').getCell('D4').note).toBeUndefined();
  });

  it('LOSES constant and sheet-scoped defined names, and MANGLES formula names', async () => {
    const { raw } = await roundTrip(
      () => undefined,
      (zip) =>
        edit(zip, 'xl/workbook.xml', (xml) =>
          xml.replace(
            '<calcPr',
            '<definedNames><definedName name="rate">0.05</definedName>' +
              '<definedName name="local" localSheetId="1">T!$A$1</definedName>' +
              '<definedName name="plain">S!$A$1:$A$2</definedName>' +
              '<definedName name="dynamic">OFFSET(S!$A$1,0,0,2,1)</definedName></definedNames><calcPr',
          ),
        ),
    );
    const names = [...raw.workbookXml.matchAll(/<definedName\b([^>]*)>(.*?)<\/definedName>/g)].map(
      (m) =>
        `${attrs(m[1]).name}${attrs(m[1]).localSheetId !== undefined ? '@local' : ''}=${xmlDecode(m[2])}`,
    );
    expect(names).toEqual(['local=T!$A$1', 'plain=S!$A$1:$A$2', "dynamic='OFFSET(S'!$A$1"]);
  });

  it('LOSES the workbook’s calculation settings (fullCalcOnLoad, calcMode)', async () => {
    const { input, raw } = await roundTrip(
      () => undefined,
      (zip) =>
        edit(zip, 'xl/workbook.xml', (xml) =>
          xml.replace(/<calcPr[^>]*\/>/, '<calcPr calcId="191029" calcMode="manual" fullCalcOnLoad="1"/>'),
        ),
    );
    expect((await rawBook(input)).workbookXml).toContain('fullCalcOnLoad="1"');
    expect(/<calcPr[^>]*\/>/.exec(raw.workbookXml)![0]).toBe('<calcPr calcId="171027"/>');
  });

  it('LOSES the default font (the Normal style) and named cell styles; keeps the theme', async () => {
    // A Chinese workbook's default font is typically 宋体: every cell without a font of its own is shown in it.
    const { input, raw } = await roundTrip(
      () => undefined,
      async (zip) => {
        await edit(zip, 'xl/styles.xml', (xml) =>
          xml
            .replace(/<font>.*?<\/font>/, '<font><sz val="12"/><name val="宋体"/><charset val="134"/></font>')
            .replace(
              /<cellStyles[^>]*>.*?<\/cellStyles>/,
              '<cellStyles count="2"><cellStyle name="Normal" xfId="0" builtinId="0"/>' +
                '<cellStyle name="金额" xfId="0"/></cellStyles>',
            ),
        );
        await edit(zip, 'xl/theme/theme1.xml', (xml) =>
          xml.replace('name="Office Theme"', 'name="部门主题"'),
        );
      },
    );
    const before = await (await rawBook(input)).zip.file('xl/styles.xml')!.async('string');
    expect(/<font>(.*?)<\/font>/.exec(before)![1]).toContain('<name val="宋体"/>');
    expect(before).toContain('金额');
    const styles = await raw.zip.file('xl/styles.xml')!.async('string');
    const defaultFont = /<font>(.*?)<\/font>/.exec(styles)![1];
    expect(defaultFont).toContain('<name val="Calibri"/>');
    expect(defaultFont).toContain('<sz val="11"/>');
    expect(styles).not.toContain('金额');
    expect(await raw.zip.file('xl/theme/theme1.xml')!.async('string')).toContain('name="部门主题"');
  });

  it('LOSES the extended (x14) part of a gradient data bar (negative-value colours, axis, bar lengths)', async () => {
    // exceljs writes the x14 part only for solid bars; Excel writes it for every bar, gradient ones included.
    const { input, raw } = await roundTrip((b) => {
      b.getWorksheet('S')!.addConditionalFormatting({
        ref: 'A1:A2',
        rules: [
          {
            type: 'dataBar',
            priority: 1,
            cfvo: [{ type: 'min' }, { type: 'max' }],
          } as ExcelJS.DataBarRuleType,
        ],
      });
    });
    const before = await sheetXml(await rawBook(input), 'S');
    expect(before).toContain('<x14:dataBar');
    const after = await sheetXml(raw, 'S');
    expect(after).toContain('<x14:id>'); // the rule still points at its extension...
    expect(after).not.toContain('<x14:dataBar'); // ...which is gone
  });
});
