/**
 * The Office.js host's reader on the simulated Excel host, loaded from real .xlsx files: it must give the engine the
 * same grids as the .xlsx host's reader, in two round trips whatever the size.
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { analyze, buildNarrative, buildPlan, summarySheetName } from '../../../src/engine';
import type { Workbook } from '../../../src/engine/grid';
import { applyPlan, readWorkbook, readWorkbookSnapshot } from '../../../src/hosts/excel';
import { gridCell, parseAreas } from '../../../src/hosts/excel/read';
import { fingerprintCells } from '../../../src/engine/run-record';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { DESKTOP_LIMITS, ExcelSimulator, MB } from '../../support/excel-sim';
import { loadXlsx } from '../../support/excel-sim/node';
import { HOSTILE, normalized, SAMPLE, tempDir, writeLedger } from './fixtures';

const MERGES = { capabilities: { mergedAreas: true } };

let dir: string;
let cleanup: () => Promise<void>;
let varied: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  varied = path.join(dir, 'varied.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('混合 内容');
  ws.getCell('B3').value = '标题';
  ws.mergeCells('B3:E3');
  ws.getCell('B4').value = 12.5;
  ws.getCell('C4').value = { formula: 'B4*2', result: 25 };
  ws.getCell('C4').numFmt = '#,##0.00';
  ws.getCell('D4').value = { formula: 'B4/0', result: { error: '#DIV/0!' } };
  ws.getCell('E4').value = { error: '#N/A' };
  ws.getCell('B5').value = true;
  ws.getCell('C5').value = '1,500.00';
  ws.getCell('D5').value = 0.9888;
  ws.getCell('D5').numFmt = '0.00%';
  ws.getCell('E5').value = { formula: 'B4&"项"', result: '12.5项' };
  HOSTILE.forEach((text, i) => {
    const cell = ws.getCell(7 + i, 2);
    cell.value = text;
    cell.numFmt = '@';
  });
  const other = wb.addWorksheet('Second');
  other.getCell('A1').value = 1;
  wb.addWorksheet('Empty');
  await wb.xlsx.writeFile(varied);
}, 60_000);

afterAll(async () => {
  await cleanup();
});

describe('gridCell', () => {
  it.each([
    ['a number', 12.5, 12.5, 'General', { v: 12.5 }],
    ['an empty cell', '', '', 'General', null],
    ['a formula and its result', 25, '=B4*2', '#,##0.00', { v: 25, f: 'B4*2', fmt: '#,##0.00' }],
    ['a formula with an empty result', '', '=""', 'General', { v: null, f: '""' }],
    ['an error value', '#DIV/0!', '=1/0', 'General', { v: null, error: '#DIV/0!', f: '1/0' }],
    ['an error constant', '#N/A', '#N/A', 'General', { v: null, error: '#N/A' }],
    ['the text #N/A in a text cell', '#N/A', '#N/A', '@', { v: '#N/A', fmt: '@' }],
    ['text that looks like a formula', '=x', '=x', '@', { v: '=x', fmt: '@' }],
    ['a boolean', true, true, 'General', { v: true }],
  ])('reads %s', (_what, value, formula, format, expected) => {
    expect(gridCell(value, formula, format)).toEqual(expected);
  });

  it('parses merged areas, quoted sheet names with commas included', () => {
    expect(parseAreas("Sheet1!A1:K1, 'a, b!'!C3:D4, 'O''x'!E5")).toEqual([
      { top: 0, left: 0, bottom: 0, right: 10 },
      { top: 2, left: 2, bottom: 3, right: 3 },
      { top: 4, left: 4, bottom: 4, right: 4 },
    ]);
  });
});

describe('readWorkbook against readWorkbookFile', () => {
  it.each([
    ['the sample workbook', () => SAMPLE],
    ['a workbook of mixed content', () => varied],
  ])('gives the same grids for %s', async (_what, file) => {
    const fromFile = await readWorkbookFile(file());
    const sim = await loadXlsx(file());
    const fromExcel = await readWorkbook(sim.run, MERGES);
    expect(normalized(fromExcel)).toEqual(normalized(fromFile));
    expect(fromExcel.sheets.map((s) => s.name)).toEqual(fromFile.sheets.map((s) => s.name));
    expect(sim.stats().syncs).toBe(2);
  });

  it('keeps the used range’s offset as top/left', async () => {
    const wb = await readWorkbook((await loadXlsx(varied)).run, MERGES);
    const sheet = wb.sheets[0];
    expect({ top: sheet.top, left: sheet.left }).toEqual({ top: 2, left: 1 });
    expect(sheet.rows[0][0]).toEqual({ v: '标题' });
    expect(sheet.merges).toEqual([{ top: 2, left: 1, bottom: 2, right: 4 }]);
    expect(wb.sheets.find((s) => s.name === 'Empty')?.rows).toEqual([]);
  });

  it('reads no merges without ExcelApi 1.13', async () => {
    const wb = await readWorkbook((await loadXlsx(varied)).run);
    expect(wb.sheets[0].merges).toBeUndefined();
  });
});

describe('readWorkbook: round trips', () => {
  let small: string;
  let large: string;
  beforeAll(async () => {
    small = await writeLedger(path.join(dir, 'ledger-10.xlsx'), 10);
    large = await writeLedger(path.join(dir, 'ledger-100000.xlsx'), 100_000);
  }, 120_000);

  async function measure(file: string, limits: typeof DESKTOP_LIMITS | undefined) {
    const grids = await readWorkbookFile(file);
    const sim = ExcelSimulator.fromWorkbook(grids, limits ? { limits } : {});
    const snapshot = await readWorkbookSnapshot(sim.run);
    const stats = sim.stats();
    return { grids, snapshot, stats };
  }

  it('takes two syncs for 10 rows and for 100,000 rows (desktop Excel: no response cap)', async () => {
    const ten = await measure(small, DESKTOP_LIMITS);
    const lakh = await measure(large, DESKTOP_LIMITS);
    expect(ten.stats.syncs).toBe(2);
    expect(lakh.stats.syncs).toBe(ten.stats.syncs);
    expect(normalized(lakh.snapshot.workbook)).toEqual(normalized(lakh.grids));
    console.log(
      `read, desktop: 10 rows ${ten.stats.syncs} syncs, largest request ${ten.stats.largestRequest} B, ` +
        `largest response ${ten.stats.largestResponse} B; ` +
        `100,000 rows ${lakh.stats.syncs} syncs, largest request ${lakh.stats.largestRequest} B, ` +
        `largest response ${lakh.stats.largestResponse} B`,
    );
  }, 120_000);

  it('on Excel on the web, reads 100,000 rows in blocks under the 5 MB response cap, with the same grids', async () => {
    const ten = await measure(small, undefined);
    const lakh = await measure(large, undefined);
    expect(ten.stats.syncs).toBe(2);
    expect(ten.snapshot.blocked).toBe(false);
    expect(lakh.snapshot.blocked).toBe(true);
    const ok = lakh.stats.requests.filter((r) => r.outcome === 'ok');
    expect(Math.max(...ok.map((r) => r.responseBytes))).toBeLessThan(5 * MB);
    expect(normalized(lakh.snapshot.workbook)).toEqual(normalized(lakh.grids));
    // Round trips grow with the bytes read (≈ total / 4 MB), not with a per-row or per-sheet count.
    const total = ok.reduce((s, r) => s + r.responseBytes, 0);
    expect(lakh.stats.syncs).toBeLessThanOrEqual(Math.ceil(total / (3 * MB)) + 4);
    console.log(
      `read, web: 100,000 rows ${lakh.stats.syncs} syncs (one failed at the cap), ` +
        `largest response ${Math.max(...ok.map((r) => r.responseBytes))} B, total ${total} B`,
    );
  }, 120_000);
});

describe('readWorkbookSnapshot and Budget Review’s own sheets', () => {
  it('leaves out the registry and the generated sheets, and reports them as owned', async () => {
    const sim = await loadXlsx(SAMPLE);
    const first = await readWorkbookSnapshot(sim.run);
    const analysis = analyze(first.workbook);
    const options = { existingSheets: first.sheetNames, owned: first.owned };
    const plan = buildPlan(analysis, buildNarrative(analysis, summarySheetName('zh-CN', options)), options);
    await applyPlan(sim.run, plan);

    sim.resetStats();
    const second = await readWorkbookSnapshot(sim.run);
    expect(second.sheetNames).toEqual(sim.sheetNames());
    expect(second.owned).toEqual(plan.sheets.map((s) => s.name));
    expect(second.workbook.sheets.map((s) => s.name)).toEqual(first.workbook.sheets.map((s) => s.name));
    // The sheet list and the record's part; the record's XML; the user's sheets and the generated sheets' formulas.
    expect(second.syncs).toBe(3);
    expect(sim.stats().syncs).toBe(3);
  });

  it('takes an older version’s registry as a claim without proof: listed apart, with the content’s fingerprint', async () => {
    const sim = await loadXlsx(SAMPLE);
    const snapshot = await readWorkbookSnapshot(sim.run);
    const grids: Workbook = sim.toWorkbook();
    grids.sheets.push({ name: '执行汇总', rows: [[{ v: 'old report' }]] });
    grids.sheets.push({
      name: '_BudgetReview',
      rows: [[{ v: 'Budget Review generated sheets' }], [{ v: '执行汇总' }]],
    });
    const cli = ExcelSimulator.fromWorkbook(grids, { visibility: { _BudgetReview: 'VeryHidden' } });
    const read = await readWorkbookSnapshot(cli.run);
    expect(read.owned).toEqual([]);
    expect(read.legacy).toEqual([
      {
        name: '执行汇总',
        fingerprint: fingerprintCells([{ row: 0, col: 0, value: 'old report' }]),
        title: 'old report',
      },
    ]);
    expect(read.workbook.sheets.map((s) => s.name)).toEqual(snapshot.workbook.sheets.map((s) => s.name));
  });
});
