/**
 * A table whose items are its columns (the national form of the 财政拨款“三公”经费支出决算表: one row of figures,
 * each item over 预算数 | 决算数) is read as the table it transposes to, every figure at its cell on the sheet. The
 * published table is p08 (test/fixtures/published, 上海市普陀区规划和自然资源局 2024); the planted judge draws the
 * layout at random (test/judge/planted/layouts.ts, `sangongWide`).
 */
import ExcelJS from 'exceljs';
import { analyze, type Analysis } from '../../src/engine';
import { readWorkbookBuffer, readWorkbookFile } from '../../src/hosts/xlsx';
import { p08 } from '../fixtures/published/p08-guihua-2024-sangong';

const FILE = 'test/fixtures/published/p08-guihua-2024-sangong.xlsx';

/** p08 with some cells given other values. */
async function p08With(values: [string, number][]): Promise<Analysis> {
  const wb = p08.build();
  for (const [cell, v] of values) wb.worksheets[0].getCell(cell).value = v;
  const buffer = Buffer.from(await (wb as ExcelJS.Workbook).xlsx.writeBuffer());
  return analyze(await readWorkbookBuffer(buffer, 'p08.xlsx'));
}

const errors = (a: Analysis) => a.findings.filter((f) => f.severity === 'error');

describe('the national “三公” form, items as columns', () => {
  it('is one table over the form, titled by the sheet’s title, its figures at their cells', async () => {
    const a = analyze(await readWorkbookFile(FILE));
    expect(a.tables.map((t) => [t.range, t.title])).toEqual([['A4:L7', '财政拨款“三公”经费支出决算表']]);
    const rows = a.ledgers[0].rows.map((r) => [r.name, r.stated.initial?.cell, r.stated.spent?.cell]);
    expect(rows).toEqual([
      ['合计', 'A7', 'B7'],
      ['1.因公出国（境）费', 'C7', 'D7'],
      ['2.公务用车购置及运行维护费', 'E7', 'F7'],
      ['（1）公务用车购置费', 'G7', 'H7'],
      ['（2）公务用车运行维护费', 'I7', 'J7'],
      ['3.公务接待费', 'K7', 'L7'],
    ]);
    // The car costs' parts are the group's, not the table's.
    const parents = a.ledgers[0].rows.map((r) => r.parent);
    expect(parents).toEqual([undefined, undefined, undefined, 2, 2, undefined]);
    expect(errors(a)).toEqual([]);
  });

  it.each([
    // 合计 决算数 0.39 (= 0 + 0 + 0.39) typed 0.49: the total is wrong.
    [[['B7', 0.49]], 'B7', '0.39'],
    // 合计 预算数 2.85 typed 3.85.
    [[['A7', 3.85]], 'A7', '2.85'],
    // The car costs' 小计 预算数 typed 1 over parts of 0: the 小计 is wrong.
    [[['E7', 1]], 'E7', '0.00'],
  ] as [[string, number][], string, string][])(
    'a wrong figure (%j) is one error at %s',
    async (values, cell, expected) => {
      const found = errors(await p08With(values));
      expect(found.map((f) => [f.cell, f.expected])).toEqual([[cell, expected]]);
    },
  );

  it('with the car costs stated, a part typed wrong is found at its cell', async () => {
    // 购置 1 / 0.5 and 运行 2 / 1.5 make 小计 3 / 2 and 合计 5.85 / 2.39; then 运行 决算数 typed 15 (for 1.5).
    const consistent: [string, number][] = [
      ['G7', 1],
      ['H7', 0.5],
      ['I7', 2],
      ['J7', 1.5],
      ['E7', 3],
      ['F7', 2],
      ['A7', 5.85],
      ['B7', 2.39],
    ];
    expect(errors(await p08With(consistent))).toEqual([]);
    const found = errors(await p08With([...consistent, ['J7', 15]]));
    expect(found.map((f) => [f.cell, f.expected])).toEqual([['J7', '1.50']]);
  });
});
