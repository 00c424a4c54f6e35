/**
 * The read limits as the Office.js host would apply them to grids Excel hands it (`measureWorkbook`): the same
 * counts as the .xlsx reader's, on a workbook already in memory.
 */
import { measureWorkbook, mergeSpanOf, READ_LIMITS } from '../../src/engine/limits';
import type { Row, Sheet } from '../../src/engine/grid';

function sheet(name: string, rows: Row[], extra: Partial<Sheet> = {}): Sheet {
  return { name, rows, ...extra };
}

describe('measureWorkbook', () => {
  test('a workbook within every limit measures nothing', () => {
    expect(measureWorkbook({ sheets: [sheet('明细', [[{ v: '项目' }, { v: 1 }]])] })).toBeUndefined();
  });

  test('a sparse row counts the cells it holds, not its length', () => {
    const rows: Row[] = [];
    for (let r = 0; r < 1000; r++) {
      const row: Row = [{ v: r }];
      row[16_383] = { v: '备注' };
      rows.push(row);
    }
    expect(measureWorkbook({ sheets: [sheet('明细', rows)] })).toBeUndefined();
  });

  test('a cell past 32,767 characters, a formula too, is named with its sheet', () => {
    const long = 'x'.repeat(READ_LIMITS.cellText + 1);
    expect(measureWorkbook({ sheets: [sheet('明细', [[{ v: long }]])] })).toEqual({
      limit: 'cellText',
      value: 32_767,
      where: '明细',
    });
    expect(measureWorkbook({ sheets: [sheet('明细', [[{ v: 1, f: long }]])] })?.limit).toBe('cellText');
  });

  test('rows spanned count from row 1, whatever the used range’s offset', () => {
    const tall = (name: string): Sheet => sheet(name, [[{ v: 1 }]], { top: 1_048_575 });
    expect(measureWorkbook({ sheets: ['a', 'b', 'c', 'd'].map(tall) })).toBeUndefined();
    expect(measureWorkbook({ sheets: ['a', 'b', 'c', 'd', 'e'].map(tall) })).toEqual({
      limit: 'rowSpan',
      value: 4 * 1_048_576,
      where: 'e',
    });
  });

  test('a merge spans only the rows its sheet holds: a merge over the whole sheet costs them', () => {
    const s = sheet('明细', [[{ v: 1 }], [], [{ v: 2 }]], {
      top: 10,
      merges: [
        { top: 0, left: 0, bottom: 1_048_575, right: 16_383 },
        { top: 11, left: 0, bottom: 11, right: 3 },
        { top: 100, left: 0, bottom: 200, right: 0 },
      ],
    });
    expect(mergeSpanOf(s)).toBe(3 + 1 + 0);
  });

  test('too many sheets', () => {
    const sheets = Array.from({ length: READ_LIMITS.sheets + 1 }, (_, i) => sheet(`s${i}`, []));
    expect(measureWorkbook({ sheets })).toEqual({ limit: 'sheets', value: READ_LIMITS.sheets });
  });
});
