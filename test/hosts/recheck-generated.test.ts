/**
 * A workbook that already holds the generated sheets checks as its source does, in both hosts: the command line's
 * `check` on the workbook `report` wrote, and the add-in reading the workbook it generated into. And the Office.js
 * host's page setup and filters (ExcelApi 1.9), as the simulated Excel keeps them.
 */
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze, buildNarrative, buildPlan, summarySheetName, type WritePlan } from '../../src/engine';
import { excelHostActions } from '../../src/taskpane/host';
import { analyzeOptions } from '../../src/taskpane/model';
import { loadXlsx } from '../support/excel-sim/node';
import { cli } from '../support/cli';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'kaifu-2020.xlsx');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recheck-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the command line', () => {
  test('check on the workbook report wrote gives the findings of its source', async () => {
    const out = path.join(dir, 'report.xlsx');
    expect((await cli(['report', SAMPLE, '--out', out])).code).toBe(1);
    const source = await cli(['check', SAMPLE, '--json']);
    const again = await cli(['check', out, '--json']);
    expect(again.code).toBe(source.code);
    const a = JSON.parse(source.stdout) as { findings: unknown[]; tables: unknown[]; totals: unknown };
    const b = JSON.parse(again.stdout) as typeof a;
    expect(b.findings).toEqual(a.findings);
    expect(b.tables).toEqual(a.tables);
    expect(b.totals).toEqual(a.totals);
    expect(a.findings.length).toBeGreaterThan(0);
  });

  test('the written .xlsx read back: landscape, fit to width, print titles, the filter', async () => {
    const out = path.join(dir, 'report.xlsx');
    if (!fs.existsSync(out)) await cli(['report', SAMPLE, '--out', out]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    for (const name of ['执行汇总', '问题清单', '分析说明', '得分核对']) {
      const ws = book.getWorksheet(name);
      expect(ws?.pageSetup.orientation).toBe('landscape');
      expect(ws?.pageSetup.fitToPage).toBe(true);
      expect(ws?.pageSetup.fitToWidth).toBe(1);
      expect(ws?.pageSetup.fitToHeight).toBe(0);
      if (name !== '分析说明') expect(ws?.pageSetup.printTitlesRow).toBe('1:2');
    }
    const findings = book.getWorksheet('问题清单');
    expect(findings?.autoFilter).toBe(`A2:I${findings?.rowCount}`);
    // Errors first, figures as numbers.
    const severities = (findings?.getColumn(1).values ?? []).slice(3);
    expect(severities.indexOf('警告')).toBeGreaterThan(severities.lastIndexOf('错误'));
    expect(severities.indexOf('提示')).toBeGreaterThan(severities.lastIndexOf('警告'));
    expect(typeof findings?.getCell('E3').value).toBe('number');
  });
});

async function generate(caps: { pageLayout: boolean }, api19 = true) {
  const sim = await loadXlsx(SAMPLE, { api19 });
  const actions = excelHostActions(sim.run, { mergedAreas: true, ...caps });
  const snapshot = await actions.readWorkbook();
  const analysis = analyze(snapshot.workbook, analyzeOptions({}, 'zh-CN', snapshot.owned));
  const sheets = { existingSheets: snapshot.sheetNames, owned: snapshot.owned };
  const plan: WritePlan = buildPlan(
    analysis,
    buildNarrative(analysis, summarySheetName('zh-CN', sheets)),
    sheets,
  );
  const result = await actions.applyPlan(plan, { onProgress: () => undefined });
  return { sim, actions, analysis, plan, result };
}

describe('the add-in', () => {
  test('a check after generating gives the findings of the first check', async () => {
    const { actions, analysis, result } = await generate({ pageLayout: true });
    const again = await actions.readWorkbook();
    expect(again.owned).toEqual(expect.arrayContaining(result.created));
    const second = analyze(again.workbook, analyzeOptions({}, 'zh-CN', again.owned));
    expect(second.findings).toEqual(analysis.findings);
    expect(second.tables).toEqual(analysis.tables);
  });

  test('every generated sheet prints landscape, one page wide, its header repeated; 问题清单 has its filter', async () => {
    const { sim, plan, result } = await generate({ pageLayout: true });
    expect(result.printSetup).toBe(true);
    for (const sheet of plan.sheets) {
      const page = sim.pageLayout(sheet.name);
      expect(page.orientation).toBe('Landscape');
      expect(page.zoom).toEqual({ wide: 1, tall: 0 });
      if (sheet.role !== 'narrative') expect(page.titleRows).toEqual({ first: 0, last: 1 });
    }
    const findings = plan.sheets.find((s) => s.role === 'findings');
    expect(sim.autoFilter('问题清单')).toBe(`A2:I${findings?.rows.length}`);
    expect(sim.autoFilter('分析说明')).toBeNull();
  });

  test('without ExcelApi 1.9 the report is written with Excel’s print defaults', async () => {
    const { sim, result, plan } = await generate({ pageLayout: false });
    expect(result.printSetup).toBe(false);
    expect(result.created).toEqual(plan.sheets.map((s) => s.name));
    expect(sim.pageLayout('问题清单').orientation).toBe('Portrait');
    expect(sim.autoFilter('问题清单')).toBeNull();
  });

  test('an Excel that refuses the page setup keeps the report whole', async () => {
    // The capability claimed, the API missing (ApiNotFound): the report's cells and record stay.
    const { sim, result, plan, actions } = await generate({ pageLayout: true }, false);
    expect(result.printSetup).toBe(false);
    for (const name of plan.sheets.map((s) => s.name)) expect(sim.sheetNames()).toContain(name);
    const again = await actions.readWorkbook();
    expect(again.owned).toEqual(expect.arrayContaining(result.created));
  });
});
