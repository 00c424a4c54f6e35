/** Per-workbook settings and showing a cell, on the simulated Excel host. */
import {
  ExcelHostError,
  loadSettings,
  saveSettings,
  selectCell,
  SETTINGS_KEY,
} from '../../../src/hosts/excel';
import { ExcelSimulator } from '../../support/excel-sim';
import { loadXlsx } from '../../support/excel-sim/node';
import { SAMPLE } from './fixtures';

async function rejection(p: Promise<unknown>): Promise<ExcelHostError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ExcelHostError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

const book = (settings?: Record<string, unknown>): ExcelSimulator =>
  ExcelSimulator.fromWorkbook({ sheets: [{ name: 'Sheet1', rows: [] }] }, settings ? { settings } : {});

describe('loadSettings / saveSettings', () => {
  it('gives {} for a workbook without settings', async () => {
    expect(await loadSettings(book().run)).toEqual({});
  });

  it('keeps the settings in the workbook under one key', async () => {
    const sim = book();
    const settings = {
      threshold: 80,
      rateBase: 'initial' as const,
      lang: 'en-US' as const,
      overrides: [{ sheet: '专项经费', column: 'c', field: 'spent' as const }],
    };
    await saveSettings(sim.run, settings);
    expect(Object.keys(sim.settings())).toEqual([SETTINGS_KEY]);
    expect(await loadSettings(sim.run)).toEqual({
      ...settings,
      overrides: [{ sheet: '专项经费', column: 'C', field: 'spent' }],
    });
  });

  it('refuses stored settings that are not valid, naming the problem', async () => {
    const error = await rejection(loadSettings(book({ [SETTINGS_KEY]: { threshold: 150 } }).run));
    expect(error.code).toBe('settings');
    expect(error.detail).toContain('threshold');
    expect((await rejection(loadSettings(book({ [SETTINGS_KEY]: { colour: 'red' } }).run))).detail).toContain(
      'colour',
    );
  });

  it('refuses to save settings that are not valid, and changes nothing', async () => {
    const sim = book();
    const bad = { rateBase: 'spent' } as unknown as Parameters<typeof saveSettings>[1];
    expect((await rejection(saveSettings(sim.run, bad))).code).toBe('settings');
    expect(sim.settings()).toEqual({});
    expect(sim.stats().syncs).toBe(0);
  });
});

describe('scoring settings', () => {
  it('keeps the weights and grade bands of a workbook', async () => {
    const sim = book();
    const scoring = { weights: { execution: 20 }, bands: { excellent: 85, good: 75, pass: 60 } };
    await saveSettings(sim.run, { scoring });
    expect(await loadSettings(sim.run)).toEqual({ scoring });
  });

  it('refuses bands that do not descend', async () => {
    const err = await rejection(
      saveSettings(book().run, { scoring: { bands: { excellent: 70, good: 80 } } }),
    );
    expect(err.code).toBe('settings');
    expect(err.message).toMatch(/bands must descend/);
  });
});

describe('selectCell', () => {
  it('activates the sheet and selects the cell', async () => {
    const sim = await loadXlsx(SAMPLE);
    await selectCell(sim.run, '专项经费', 'C5');
    expect(sim.activeSheet()).toBe('专项经费');
    expect(sim.selection()).toBe('专项经费!C5');
    expect(sim.stats().syncs).toBe(1);
  });

  it('rejects with Excel’s code for a sheet that is gone or hidden', async () => {
    const sim = await loadXlsx(SAMPLE, { visibility: { 三公经费: 'Hidden' } });
    expect(await rejection(selectCell(sim.run, 'Nope', 'A1'))).toMatchObject({
      code: 'excel',
      excelCode: 'ItemNotFound',
    });
    expect((await rejection(selectCell(sim.run, '三公经费', 'A1'))).excelCode).toBe('InvalidOperation');
  });
});
