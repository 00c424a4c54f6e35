/**
 * The .xlsx host's writer on real .xlsx files: inputs built with exceljs into a temporary directory, outputs read
 * back with exceljs and with the host's own reader, and inspected as raw parts of the package.
 */
import { promises as fsp } from 'fs';
import { link, readdir, readFile, symlink, writeFile } from 'fs/promises';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { PlanSheet, WritePlan } from '../../../src/engine/plan-types';
import { FORMAT_RATE, FORMAT_WAN } from '../../../src/engine/plan-types';
import { planSheetFingerprint } from '../../../src/engine/run-record';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import {
  escapeCellText,
  filterCalcChain,
  readOwnershipFile,
  ReportWriteError,
  writeReportFile as writeReport,
} from '../../../src/hosts/xlsx/write';
import { tempDir } from '../../fixtures/xlsx-host/build';
import {
  attrs,
  buildInput,
  cellElement,
  editPackage,
  editPart,
  EDITED_PARTS,
  entries,
  exists,
  expectAppendedOnly,
  findingsSheet,
  formula,
  FULL_PLAN,
  HIDDEN,
  inlineText,
  INJECTIONS,
  load,
  narrativeSheet,
  num,
  planOf,
  PROJECTS,
  rawBook,
  sha256,
  sheet,
  sheetRels,
  sheetXml,
  SOURCE,
  storedEntries,
  summarySheet,
  text,
  ESCAPED_PERCENT,
  type RawBook,
} from './support';

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

let counter = 0;
function file(name: string): string {
  counter += 1;
  return path.join(dir, `${counter}-${name}`);
}

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

// ---------------------------------------------------------------------------------------------------------------

describe('writeReport: the user’s package comes through byte for byte', () => {
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

  it('copies every part but the workbook, its relationships, the content types and the styles unchanged, as stored', async () => {
    const [a, b] = await Promise.all([storedEntries(input), storedEntries(out)]);
    let copied = 0;
    for (const [name, x] of a) {
      const y = b.get(name);
      expect([name, y !== undefined]).toEqual([name, true]);
      if (EDITED_PARTS.includes(name)) continue;
      // The same compressed bytes and CRC: the part was never inflated and deflated again.
      expect([name, y!.method, y!.crc32, y!.data.equals(x.data)]).toEqual([name, x.method, x.crc32, true]);
      copied++;
    }
    expect(copied).toBeGreaterThanOrEqual(6); // three worksheets, shared strings, theme, document properties
  });

  it('only appends to the styles part', async () => {
    const [a, b] = await Promise.all([entries(input), entries(out)]);
    expectAppendedOnly(a.get('xl/styles.xml')!.toString('utf8'), b.get('xl/styles.xml')!.toString('utf8'));
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
    expect(sheet(b, SOURCE).getCell('D6').numFmt).toBe(ESCAPED_PERCENT);
  });
});

describe('writeReport: the generated sheets', () => {
  let book: ExcelJS.Workbook;
  let raw: RawBook;
  let out: string;

  beforeAll(async () => {
    const input = await buildInput(file('in.xlsx'));
    out = file('out.xlsx');
    await writeReport(input, FULL_PLAN(), out);
    book = await load(out);
    raw = await rawBook(out);
  });

  it('adds the plan sheets in order after the originals, visible, with new sheet ids, and no registry sheet', () => {
    expect(book.worksheets.map((ws) => ws.name)).toEqual([
      SOURCE,
      PROJECTS,
      HIDDEN,
      '执行汇总',
      '问题清单',
      '分析说明',
    ]);
    expect(raw.sheets.map((s) => s.sheetId)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const s of raw.sheets.slice(3)) expect(s.state).toBeUndefined();
    for (const s of raw.sheets.slice(3)) {
      expect(raw.contentTypes).toContain(
        `<Override PartName="/${s.part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      );
    }
  });

  it('reads every injection string back as the same string, with the text format and no formula', () => {
    const ws = sheet(book, '问题清单');
    INJECTIONS.forEach((t, i) => {
      // exceljs does not undo `_xHHHH_` escapes in inline strings (Excel, LibreOffice and our reader do): those are
      // checked through the reader below and in LibreOffice.
      if (escapeCellText(t) !== t) return;
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

  it('stores text as inline strings (the shared strings part is the user’s), never with an <f>', async () => {
    const xml = await sheetXml(raw, '问题清单');
    INJECTIONS.forEach((t, i) => {
      for (const col of ['B', 'C']) {
        const c = cellElement(xml, `${col}${i + 4}`);
        expect(c).not.toBeNull();
        expect(c).not.toMatch(/<f[ >]/);
        expect(c).toMatch(/ t="inlineStr"/);
        expect(inlineText(c!)).toBe(escapeCellText(t));
      }
    });
    const summary = cellElement(await sheetXml(raw, '执行汇总'), 'A3');
    expect(summary).toMatch(/ t="inlineStr"/);
    expect(summary).not.toContain('<f');
  });

  it('reads back, through the host’s reader, exactly what the plan says (escapes undone)', async () => {
    const grid = (await readWorkbookFile(out)).sheets.find((s) => s.name === '问题清单')!;
    INJECTIONS.forEach((t, i) => {
      expect(grid.rows[i + 3][1]).toEqual({ v: t, fmt: '@' });
      expect(grid.rows[i + 3][2]).toEqual({ v: t, fmt: '@' });
    });
  });

  it('escapes what SpreadsheetML would otherwise change', () => {
    expect(escapeCellText('_x0041_')).toBe('_x005F_x0041_');
    expect(escapeCellText('a\u0007b')).toBe('a_x0007_b');
    expect(escapeCellText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
    expect(escapeCellText('cr\r')).toBe('cr_x000D_');
    expect(escapeCellText('lone \uD800 surrogate')).toBe('lone _xD800_ surrogate');
    expect(escapeCellText('=1+1')).toBe('=1+1');
  });

  it('keeps formulas with their cached results', async () => {
    const ws = sheet(book, '执行汇总');
    expect([ws.getCell('D3').formula, ws.getCell('D3').result]).toEqual(['IF(B3=0,"",C3/B3)', 0.9414963]);
    expect([ws.getCell('B4').formula, ws.getCell('B4').result]).toEqual([`'${SOURCE}'!B5`, 580.5]);
    expect([ws.getCell('D4').formula, ws.getCell('D4').result]).toEqual(['IF(B4=0,"",C4/B4)', 0]);
    expect([ws.getCell('B5').formula, ws.getCell('B5').result]).toEqual(['SUM(B3:B4)', 4320.61]);
    const xml = await sheetXml(raw, '执行汇总');
    expect(cellElement(xml, 'D4')).toMatch(/<f>IF\(B4=0,"",C4\/B4\)<\/f><v>0<\/v>/);
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
    expect(sheet(book, '问题清单').views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet(book, '分析说明').views[0]).not.toMatchObject({ state: 'frozen' });
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

  it('styles cells by their plan style; the other cells of a merge take its look', () => {
    const ws = sheet(book, '执行汇总');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14, name: '宋体' });
    expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center', vertical: 'middle' });
    expect(ws.getCell('E1').font).toMatchObject({ bold: true, size: 14 });
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
    expect(findings.getCell('B2').font).toMatchObject({ underline: true, color: { argb: 'FF0563C1' } });
  });

  it('links to cells inside the workbook as Excel does: a location, no relationship', async () => {
    const ws = sheet(book, '问题清单');
    expect(ws.getCell('B2').value).toEqual({ text: `${SOURCE}!B6`, hyperlink: `#'${SOURCE}'!B6` });
    expect(ws.getCell('B3').value).toEqual({ text: `${PROJECTS}!B2`, hyperlink: "#'O''Brien 项目'!B2" });
    const xml = await sheetXml(raw, '问题清单');
    expect(xml).toContain(`<hyperlink ref="B2" location="&apos;${SOURCE}&apos;!B6"/>`);
    expect(xml).toContain('<hyperlink ref="B3" location="&apos;O&apos;&apos;Brien 项目&apos;!B2"/>');
    expect(xml).not.toMatch(/<hyperlink [^>]*r:id=/);
    expect(await sheetRels(raw, '问题清单')).toBe('');
  });

  it('writes a link as the plan names its target, whatever its case, and records that very sheet', async () => {
    const input = await buildInput(file('case.xlsx'));
    const out2 = file('case-out.xlsx');
    const findings = findingsSheet();
    findings.rows[2][1] = { kind: 'link', text: '', sheet: "o'brien 项目", cell: 'B2' };
    const written = await writeReport(input, planOf([findings]), out2);
    const xml = await sheetXml(await rawBook(out2), '问题清单');
    // Excel finds a sheet whatever the case of its name; the Office.js host writes the plan's text too.
    expect(xml).toContain('<hyperlink ref="B3" location="&apos;o&apos;&apos;brien 项目&apos;!B2"/>');
    expect(inlineText(cellElement(xml, 'B3')!)).toBe("o'brien 项目!B2");
    expect(written.record.sheets.map((s) => s.fingerprint)).toEqual([planSheetFingerprint(findings)]);
    expect((await readOwnershipFile(out2)).owned).toEqual(['问题清单']);
  });
});

describe('writeReport: numbers', () => {
  it('reads every plan number back as the double the plan means (and the run record counts)', async () => {
    const values = [
      '3740.11',
      '-0.5764',
      '3740.10',
      '0',
      '-0',
      '-0.00',
      '123456789012345',
      '1234567890123456789',
      '0.1234567890123456',
      '1e-7',
      '12345678901234.56',
    ];
    const summary = summarySheet();
    summary.rows.push(...values.map((v) => [num(v), formula('1+0', v, 'number')]));
    const out = file('numbers.xlsx');
    const written = await writeReport(await buildInput(file('numbers-in.xlsx')), planOf([summary]), out);
    const grid = (await readWorkbookFile(out)).sheets.find((s) => s.name === '执行汇总')!;
    const last = grid.rows.slice(-values.length);
    values.forEach((v, i) => {
      const expected = Number(v) === 0 ? 0 : Number(v);
      expect([v, last[i][0]?.v, last[i][1]?.v]).toEqual([v, expected, expected]);
    });
    expect((await readOwnershipFile(out)).owned).toEqual(['执行汇总']);
    expect(written.record.sheets[0].fingerprint).toBe(planSheetFingerprint(summary));
  });
});

describe('writeReport: plans that would make a broken workbook are an internal error, never the output’s', () => {
  let input: string;

  beforeAll(async () => {
    input = await buildInput(file('input.xlsx'));
  });

  it('rejects them with code "plan", naming the sheet and cell, and writes nothing', async () => {
    const bad: [string, (p: WritePlan) => void, RegExp][] = [
      ['a number that is not one', (p) => (p.sheets[0].rows[2][1] = num('3,740.11')), /执行汇总!B3/],
      ['a formula with "="', (p) => (p.sheets[0].rows[2][3] = formula('=1+1', '2', 'number')), /执行汇总!D3/],
      [
        'a bad cached number',
        (p) => (p.sheets[0].rows[2][3] = formula('1+1', 'two', 'number')),
        /执行汇总!D3/,
      ],
      ['a sheet name with ":"', (p) => (p.sheets[0].name = '汇总:1'), /汇总:1/],
      ['a sheet name over 31 characters', (p) => (p.sheets[0].name = 'x'.repeat(32)), /longer than 31/],
      ['two sheets of one name', (p) => (p.sheets[1].name = '执行汇总'), /two plan sheets/],
      [
        'a link to a missing sheet',
        (p) => (p.sheets[1].rows[1][1] = { kind: 'link', text: 'x', sheet: '无', cell: 'A1' }),
        /问题清单!B2/,
      ],
      [
        'a link to a bad cell',
        (p) => (p.sheets[1].rows[1][1] = { kind: 'link', text: 'x', sheet: SOURCE, cell: 'A0' }),
        /问题清单!B2/,
      ],
      [
        'a merge that hides content',
        (p) => (p.sheets[0].merges = [{ top: 2, left: 0, bottom: 2, right: 1 }]),
        /执行汇总!B3/,
      ],
      ['a negative width', (p) => (p.sheets[0].widths = [-1]), /width/],
      [
        'a fractional indent',
        (p) => (p.sheets[0].rows[2][4] = { kind: 'text', text: 'x', indent: 1.5 }),
        /执行汇总!E3/,
      ],
      [
        'text over 32,767 characters',
        (p) => (p.sheets[0].rows[2][4] = text('长'.repeat(32_768))),
        /执行汇总!E3/,
      ],
    ];
    for (const [what, spoil, where] of bad) {
      const plan = FULL_PLAN();
      spoil(plan);
      const out = file('bad.xlsx');
      const err = await writeReport(input, plan, out).catch((e: unknown) => e);
      expect([what, err instanceof ReportWriteError && err.code]).toEqual([what, 'plan']);
      expect([what, (err as ReportWriteError).file]).toEqual([what, input]);
      expect((err as ReportWriteError).detail).toMatch(where);
      expect(await exists(out)).toBe(false);
    }
  });

  it('refuses a plan sheet whose name a user sheet holds (in any case) as a conflict', async () => {
    const out = file('taken.xlsx');
    await expect(writeReport(input, planOf([summarySheet("o'brien 项目")]), out)).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await exists(out)).toBe(false);
  });

  it('refuses to replace a sheet that is not provably Budget Review’s', async () => {
    const out = file('refused.xlsx');
    const err = await writeReport(input, planOf([summarySheet('汇总2')], [SOURCE]), out).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ReportWriteError);
    expect(err).toMatchObject({ code: 'conflict' });
    expect((err as Error).message).toContain(SOURCE);
    expect(await exists(out)).toBe(false);
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

  it('leaves no output when the disk fills up in the middle of the package', async () => {
    const sub = path.join(dir, 'full-disk');
    await fsp.mkdir(sub);
    const out = path.join(sub, 'out.xlsx');
    await writeFile(out, 'an earlier report');
    const open = fsp.open.bind(fsp);
    jest.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await open(...args);
      if (String(args[0]).endsWith('.tmp')) {
        let written = 0;
        const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<{ bytesWritten: number }>;
        (handle as unknown as { write: (...a: unknown[]) => Promise<unknown> }).write = async (
          ...a: unknown[]
        ) => {
          written += 1;
          if (written > 3) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          return write(...a);
        };
      }
      return handle;
    });
    const err = await writeReport(input, FULL_PLAN(), out).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'output', detail: 'ENOSPC', file: out });
    expect(await readdir(sub)).toEqual(['out.xlsx']);
    expect(await readFile(out, 'utf8')).toBe('an earlier report');
  });

  it('fails clearly on an output folder that does not exist and on an unreadable input', async () => {
    await expect(
      writeReport(input, FULL_PLAN(), path.join(dir, 'no such dir', 'out.xlsx')),
    ).rejects.toMatchObject({ code: 'output', detail: 'ENOENT' });
    const notXlsx = file('not.xlsx');
    await writeFile(notXlsx, 'plain text');
    await expect(writeReport(notXlsx, FULL_PLAN(), file('o.xlsx'))).rejects.toMatchObject({ code: 'input' });
  });

  it('overwrites an earlier output atomically', async () => {
    const out = file('again.xlsx');
    await writeReport(input, FULL_PLAN(), out);
    await writeReport(input, planOf([narrativeSheet()]), out);
    expect((await load(out)).worksheets.map((ws) => ws.name)).toEqual([SOURCE, PROJECTS, HIDDEN, '分析说明']);
  });

  it('refuses an output whose extension does not match the workbook’s kind', async () => {
    const out = file('report.xlsm');
    await expect(writeReport(input, FULL_PLAN(), out)).rejects.toMatchObject({
      code: 'extension',
      detail: '.xlsx',
    });
    expect(await exists(out)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Replacing an earlier run's sheets: what goes with them, and what follows their positions.

/** The `<sheet>` of PROJECTS in a workbook part, however its apostrophe is written. */
const PROJECTS_TAG = /<sheet [^>]*name="O(?:'|&apos;)Brien 项目"[^>]*\/>/;

/** A workbook part with these views (any it had replaced). */
function withView(xml: string, view: string): string {
  return xml
    .replace(/<bookViews>[\s\S]*?<\/bookViews>/, '')
    .replace('<sheets>', `<bookViews>${view}</bookViews><sheets>`);
}

/** The part of a sheet in a package being edited. */
async function partOf(zip: JSZip, name: string): Promise<string> {
  const book = await zip.file('xl/workbook.xml')!.async('string');
  const tag = [...book.matchAll(/<sheet\b[^>]*>/g)]
    .map((m) => m[0])
    .find((t) => t.includes(`name="${name}"`))!;
  const rId = /r:id="([^"]+)"/.exec(tag)![1];
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)]
    .map((m) => m[0])
    .find((t) => t.includes(`Id="${rId}"`))!;
  return path.posix.normalize(`xl/${/Target="([^"]+)"/.exec(rel)![1]}`);
}

/** A first report on the input, then `edit` on its output (what the user did in between). */
async function reportThenEdit(name: string, edit?: (zip: JSZip) => Promise<void>): Promise<string> {
  const input = await buildInput(file(`${name}-in.xlsx`));
  const first = file(`${name}-1.xlsx`);
  await writeReport(input, FULL_PLAN(), first);
  if (edit) await editPackage(first, edit);
  return first;
}

describe('writeReport: a re-run replaces the earlier run’s sheets', () => {
  it('moves the active tab to the new sheet of the same name when the active one is replaced', async () => {
    const first = await reportThenEdit('active', (zip) =>
      editPart(zip, 'xl/workbook.xml', (xml) =>
        withView(xml, '<workbookView activeTab="4" firstSheet="3"/>'),
      ),
    );
    const second = file('active-2.xlsx');
    const { owned } = await readOwnershipFile(first);
    expect(owned).toEqual(['执行汇总', '问题清单', '分析说明']);
    await writeReport(first, planOf([summarySheet(), findingsSheet()], owned), second);
    const raw = await rawBook(second);
    expect(raw.sheets.map((s) => s.name)).toEqual([SOURCE, PROJECTS, HIDDEN, '执行汇总', '问题清单']);
    expect(/<workbookView\b[^>]*>/.exec(raw.workbookXml)![0]).toBe(
      '<workbookView activeTab="4" firstSheet="3"/>',
    );
    expect(await sheetXml(raw, '问题清单')).toContain('<sheetView tabSelected="1"');
    expect(await sheetXml(raw, '执行汇总')).not.toContain('tabSelected');
  });

  it('keeps the user’s active sheet where it moved to, and the first tab shown before it', async () => {
    // The user moved PROJECTS after the generated sheets and was looking at it.
    const first = await reportThenEdit('moved', (zip) =>
      editPart(zip, 'xl/workbook.xml', (xml) => {
        const projects = PROJECTS_TAG.exec(xml)![0];
        const moved = xml.replace(projects, '').replace('</sheets>', `${projects}</sheets>`);
        return withView(moved, '<workbookView activeTab="5" firstSheet="4"/>');
      }),
    );
    const names = (await rawBook(first)).sheets.map((s) => s.name);
    expect(names).toEqual([SOURCE, HIDDEN, '执行汇总', '问题清单', '分析说明', PROJECTS]);
    const second = file('moved-2.xlsx');
    const { owned } = await readOwnershipFile(first);
    await writeReport(first, planOf([summarySheet()], owned), second);
    const raw = await rawBook(second);
    expect(raw.sheets.map((s) => s.name)).toEqual([SOURCE, HIDDEN, PROJECTS, '执行汇总']);
    expect(/<workbookView\b[^>]*>/.exec(raw.workbookXml)![0]).toBe(
      '<workbookView activeTab="2" firstSheet="2"/>',
    );
  });

  it('drops defined names local to a removed sheet and renumbers the others', async () => {
    const first = await reportThenEdit('names', (zip) =>
      editPart(zip, 'xl/workbook.xml', (xml) => {
        // Move PROJECTS to the end, then give it and a generated sheet a local name each, plus a global one.
        const projects = PROJECTS_TAG.exec(xml)![0];
        const names =
          '<definedNames><definedName name="本地" localSheetId="5">\'O\'\'Brien 项目\'!$A$1</definedName>' +
          '<definedName name="汇总区" localSheetId="2">执行汇总!$A$1:$E$5</definedName>' +
          '<definedName name="阈值">0.6</definedName></definedNames>';
        return xml.replace(projects, '').replace('</sheets>', `${projects}</sheets>${names}`);
      }),
    );
    const second = file('names-2.xlsx');
    const { owned } = await readOwnershipFile(first);
    await writeReport(first, planOf([summarySheet()], owned), second);
    const raw = await rawBook(second);
    expect(raw.sheets.map((s) => s.name)).toEqual([SOURCE, HIDDEN, PROJECTS, '执行汇总']);
    const names = /<definedNames>.*<\/definedNames>/.exec(raw.workbookXml)![0];
    expect(names).toBe(
      '<definedNames><definedName name="本地" localSheetId="2">\'O\'\'Brien 项目\'!$A$1</definedName>' +
        '<definedName name="阈值">0.6</definedName></definedNames>',
    );
  });

  it('removes a replaced sheet’s part, relationships, content type and what only it referred to', async () => {
    // Excel gave the summary printer settings and the user added a comment to it (cells unchanged).
    const first = await reportThenEdit('related', async (zip) => {
      const part = await partOf(zip, '执行汇总');
      const rels = `${path.posix.dirname(part)}/_rels/${path.posix.basename(part)}.rels`;
      zip.file(
        rels,
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/printerSettings" Target="../printerSettings/printerSettings9.bin"/>' +
          '</Relationships>',
      );
      zip.file('xl/printerSettings/printerSettings9.bin', Buffer.from([1, 2, 3, 4]));
    });
    const before = await rawBook(first);
    const summaryPart = before.sheets.find((s) => s.name === '执行汇总')!.part;
    expect(before.zip.file('xl/printerSettings/printerSettings9.bin')).not.toBeNull();
    const second = file('related-2.xlsx');
    const { owned } = await readOwnershipFile(first);
    await writeReport(first, planOf([findingsSheet()], owned), second);
    const raw = await rawBook(second);
    expect(raw.sheets.map((s) => s.name)).toEqual([SOURCE, PROJECTS, HIDDEN, '问题清单']);
    expect(raw.zip.file('xl/printerSettings/printerSettings9.bin')).toBeNull();
    expect(raw.zip.file(`xl/worksheets/_rels/${path.posix.basename(summaryPart)}.rels`)).toBeNull();
    const parts = raw.sheets.map((s) => s.part);
    for (const name of Object.keys(raw.zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'))) {
      expect(parts).toContain(name);
    }
    const overrides = [...raw.contentTypes.matchAll(/PartName="\/([^"]+)"/g)].map((m) => m[1]);
    for (const o of overrides) expect([o, raw.zip.file(o) !== null]).toEqual([o, true]);
    const targets = [...raw.relsXml.matchAll(/Target="([^"]+)"/g)].map((m) =>
      path.posix.normalize(`xl/${m[1]}`),
    );
    for (const t of targets) expect([t, raw.zip.file(t) !== null]).toEqual([t, true]);
  });

  it('takes the removed sheets’ cells out of the calculation chain', async () => {
    const first = await reportThenEdit('chain', async (zip) => {
      zip.file(
        'xl/calcChain.xml',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
          '<c r="D3" i="1"/><c r="D4"/><c r="B3" i="4" l="1"/><c r="B4"/><c r="B6" i="1"/><c r="B2" i="2"/></calcChain>',
      );
      await editPart(zip, 'xl/_rels/workbook.xml.rels', (xml) =>
        xml.replace(
          '</Relationships>',
          '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
        ),
      );
      await editPart(zip, '[Content_Types].xml', (xml) =>
        xml.replace(
          '</Types>',
          '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
        ),
      );
    });
    const { owned } = await readOwnershipFile(first);
    const second = file('chain-2.xlsx');
    await writeReport(first, planOf([summarySheet()], owned), second);
    const raw = await rawBook(second);
    expect(await raw.zip.file('xl/calcChain.xml')!.async('string')).toContain(
      '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<c r="D3" i="1"/><c r="D4"/><c r="B6" i="1" l="1"/><c r="B2" i="2"/></calcChain>',
    );
  });

  it('removes a calculation chain left empty, with its relationship and content type', () => {
    const chain =
      '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B3" i="4"/><c r="B4"/></calcChain>';
    expect(filterCalcChain(chain, new Set([4]))).toBeNull();
    expect(filterCalcChain(chain, new Set([5]))).toBe(chain);
    expect(
      filterCalcChain(
        '<calcChain xmlns="x"><c r="A1" i="4"/><c r="A2" i="1"/><c r="A3"/></calcChain>',
        new Set([4]),
      ),
    ).toBe('<calcChain xmlns="x"><c r="A2" i="1"/><c r="A3"/></calcChain>');
  });
});

describe('writeReport: a plan sheet with cells far apart', () => {
  it('writes sparse rows and columns without padding them', async () => {
    const input = await buildInput(file('sparse.xlsx'));
    const out = file('sparse-out.xlsx');
    const rows: PlanSheet['rows'] = [];
    rows[0] = [text('A1')];
    rows[999] = [];
    rows[999][700] = text('far');
    for (let r = 1; r < 999; r++) rows[r] = [];
    const sheetPlan: PlanSheet = {
      role: 'narrative',
      name: '稀疏',
      rows,
      widths: [],
      merges: [],
      wrapColumns: [],
    };
    await writeReport(input, planOf([sheetPlan]), out);
    const xml = await sheetXml(await rawBook(out), '稀疏');
    expect(xml).toContain('<dimension ref="A1:ZY1000"/>');
    expect((xml.match(/<c /g) ?? []).length).toBe(2);
    expect((xml.match(/<row /g) ?? []).length).toBe(2);
  });
});

/**
 * What exceljs's round trip of a workbook used to lose when it wrote the report (these were pinned as known losses):
 * now every part holding them comes through unchanged.
 */
describe('writeReport: what an exceljs round trip lost is kept', () => {
  it('notes on empty cells, constant, local and dynamic names, calculation settings, images, tables, x14 data bars', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const input = await buildInput(file('pins.xlsx'), (b) => {
      const ws = b.getWorksheet(SOURCE)!;
      ws.getCell('H10').note = '空单元格上的备注';
      ws.getCell('G1').dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
      ws.addConditionalFormatting({
        ref: 'B3:B5',
        rules: [
          {
            type: 'dataBar',
            priority: 1,
            cfvo: [{ type: 'min' }, { type: 'max' }],
          } as ExcelJS.DataBarRuleType,
        ],
      });
      ws.addImage(b.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' }), 'J1:K2');
      ws.addTable({ name: 'T1', ref: 'M1', columns: [{ name: 'a' }, { name: 'b' }], rows: [[1, 2]] });
      ws.autoFilter = 'A2:E2';
    });
    await editPackage(input, (zip) =>
      editPart(zip, 'xl/workbook.xml', (xml) =>
        xml
          .replace(/<calcPr[^>]*\/>/, '<calcPr calcId="191029" calcMode="manual" fullCalcOnLoad="1"/>')
          .replace(
            '</sheets>',
            '</sheets><definedNames><definedName name="rate">0.05</definedName>' +
              '<definedName name="local" localSheetId="1">\'O\'\'Brien 项目\'!$A$1</definedName>' +
              '<definedName name="dynamic">OFFSET(收入支出决算表!$A$1,0,0,2,1)</definedName></definedNames>',
          ),
      ),
    );
    const out = file('pins-out.xlsx');
    await writeReport(input, FULL_PLAN(), out);
    const [a, b] = await Promise.all([entries(input), entries(out)]);
    const kept = [...a.keys()].filter((n) => !EDITED_PARTS.includes(n));
    for (const name of kept) expect([name, b.get(name)?.equals(a.get(name)!)]).toEqual([name, true]);
    const parts = kept.join(' ');
    for (const re of [
      /xl\/comments\d*\.xml/,
      /xl\/media\/image\d+\.png/,
      /xl\/tables\/table\d+\.xml/,
      /vmlDrawing/,
    ]) {
      expect(parts).toMatch(re);
    }
    const comments = [...a.keys()].find((n) => /xl\/comments\d*\.xml/.test(n))!;
    expect(b.get(comments)!.toString('utf8')).toContain('空单元格上的备注');
    expect(b.get('xl/worksheets/sheet1.xml')!.toString('utf8')).toContain('<x14:dataBar');
    const book = b.get('xl/workbook.xml')!.toString('utf8');
    expect(book).toContain('<calcPr calcId="191029" calcMode="manual" fullCalcOnLoad="1"/>');
    expect(book).toContain(
      '<definedNames><definedName name="rate">0.05</definedName>' +
        '<definedName name="local" localSheetId="1">\'O\'\'Brien 项目\'!$A$1</definedName>' +
        '<definedName name="dynamic">OFFSET(收入支出决算表!$A$1,0,0,2,1)</definedName></definedNames>',
    );
  });
});

describe('writeReport: rows of wrapped text are as tall as their lines', () => {
  // Spreadsheet programs keep a row's stored height when they open a file (LibreOffice lays the rows of a file out
  // at the heights it states): a row whose wrapped text needs several lines states that height, else its text
  // overlaps the rows below when printed.
  it('states the height of the longest wrapped cell of a row, and none for a row of one line', async () => {
    const long =
      '住房租赁市场发展项目市领导小组对后续批次房源筹集未及时备案，备案后才能拨付资金，结余8239.15万元';
    const sheet: PlanSheet = {
      role: 'findings',
      name: '问题清单',
      rows: [
        [text('规则', 'header'), text('说明', 'header')],
        [text('合计核对'), text('无需更正')],
        [text('执行率核对'), text(long)],
        [text('Totals'), text('the sheet states 2135.74 (off by 809.12); correct this figure')],
        [text('多行'), text('第一行\n第二行\n第三行')],
        [text('不换行的列里的一段很长很长很长很长很长很长的文字'), text('短')],
      ],
      widths: [10, 20],
      merges: [],
      wrapColumns: [1],
    };
    const out = file('heights.xlsx');
    await writeReport(await buildInput(file('heights-in.xlsx')), planOf([sheet]), out);
    const parts = await entries(out);
    const xml = [...parts.entries()]
      .filter(([name]) => /worksheets\/sheet\d+\.xml$/.test(name))
      .map(([, b]) => b.toString('utf8'))
      .find((x) => x.includes('执行率核对')) as string;
    const rowTag = (r: number) => attrs(new RegExp(`<row r="${r}"[^>]*>`).exec(xml)?.[0] ?? '');
    // Header and a short cell: one line, no height stated.
    expect(rowTag(1).ht).toBeUndefined();
    expect(rowTag(2).ht).toBeUndefined();
    // 51 characters, 45 of them Chinese, in a column 20 wide: about 5 lines of 15 points.
    expect(Number(rowTag(3).ht)).toBeGreaterThanOrEqual(60);
    expect(Number(rowTag(3).ht)).toBeLessThanOrEqual(90);
    expect(rowTag(3).customHeight).toBe('1');
    // 62 Latin characters in 19: 4 lines.
    expect(Number(rowTag(4).ht)).toBe(60);
    // Three lines typed with line breaks.
    expect(Number(rowTag(5).ht)).toBe(45);
    // Text in a column that does not wrap runs on into the next cell: its row stays one line.
    expect(rowTag(6).ht).toBeUndefined();
  });
});
