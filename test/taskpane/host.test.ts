/**
 * The pane's host actions over the simulated Excel host loaded with the sample workbook: the same calls the pane
 * makes, in the order it makes them.
 */
import * as path from 'path';
import { analyze, buildNarrative, buildPlan, summarySheetName } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { excelHostActions } from '../../src/taskpane/host';
import { analyzeOptions } from '../../src/taskpane/model';
import type { ExcelSimulator } from '../support/excel-sim';
import { loadXlsx } from '../support/excel-sim/node';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'kaifu-2020.xlsx');

let sim: ExcelSimulator;

beforeEach(async () => {
  sim = await loadXlsx(SAMPLE);
});

it('reads the workbook into the same findings as the .xlsx file gives', async () => {
  const actions = excelHostActions(sim.run, { mergedAreas: true });
  const snapshot = await actions.readWorkbook();
  expect(snapshot.owned).toEqual([]);
  const fromExcel = analyze(snapshot.workbook, analyzeOptions({}, 'zh-CN', snapshot.owned));
  const fromFile = analyze(await readWorkbookFile(SAMPLE), { lang: 'zh-CN' });
  expect(fromExcel.findings).toEqual(fromFile.findings);
});

it('generates with progress from 0 to 1, then undoes the run', async () => {
  const actions = excelHostActions(sim.run, { mergedAreas: true });
  const before = sim.sheetNames();
  const snapshot = await actions.readWorkbook();
  const analysis = analyze(snapshot.workbook, analyzeOptions({}, 'zh-CN', snapshot.owned));
  const sheets = { existingSheets: snapshot.sheetNames, owned: snapshot.owned };
  const plan = buildPlan(analysis, buildNarrative(analysis, summarySheetName('zh-CN', sheets)), sheets);
  const progress: number[] = [];
  const result = await actions.applyPlan(plan, { onProgress: (f) => progress.push(f) });
  expect(result.created).toEqual(plan.sheets.map((s) => s.name));
  expect(progress[0]).toBe(0);
  expect(progress[progress.length - 1]).toBe(1);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  for (const name of result.created) expect(sim.sheetNames()).toContain(name);

  // The next read leaves the generated sheets out and names them as owned.
  const again = await actions.readWorkbook();
  expect(again.owned).toEqual(expect.arrayContaining(result.created));
  expect(again.workbook.sheets.map((s) => s.name)).toEqual(before);

  const undone = await actions.undoLastRun();
  expect(undone.deleted).toEqual(result.created);
  expect(sim.sheetNames()).toEqual(before);
});

it('selects a finding’s cell and keeps the settings with the workbook', async () => {
  const actions = excelHostActions(sim.run);
  await actions.selectCell('专项经费', 'H12');
  expect(sim.selection()).toBe('专项经费!H12');
  expect(sim.activeSheet()).toBe('专项经费');
  expect(await actions.loadSettings()).toEqual({});
  const settings = {
    threshold: 70,
    rateBase: 'initial' as const,
    lang: 'en-US' as const,
    overrides: [{ sheet: '基本支出', column: 'D', field: null }],
  };
  await actions.saveSettings(settings);
  expect(await actions.loadSettings()).toEqual(settings);
});
