/**
 * Rule `cross` (domain.md §6, crosscheck.md) on one department's year kept in several tables: the published 决算
 * tables of 上海市普陀区规划和自然资源局 2024 (p05 支出决算表, 全口径; p06 一般公共预算财政拨款支出决算表; p07 its
 * 基本支出 by 经济分类; p08 三公) and of 上海市普陀区财政局 2024 (p01–p04), each department's tables as the sheets of
 * one workbook, with and without a 部门整体支出绩效自评表 that quotes them.
 *
 * The published tables agree with each other where they state the same quantity at the same 口径 (checked by hand:
 * p05's 合计 row 9759.38 | 5377.64 | 4381.74 is 全口径, p06's 9746.50 | 5364.75 | 4381.74 is 财政拨款, and p07's
 * 基本支出 total is p06's 基本支出 5364.75). A 自评表's 全年执行数 must equal the 决算 figures of the 口径 it is of; the
 * engine says which one it matches, and a figure that matches neither is one error at the 自评表's cell (the summary
 * side), naming the 决算 cell it disagrees with.
 */
import Decimal from 'decimal.js';
import type ExcelJS from 'exceljs';
import { analyze, type Analysis, type Finding, type Workbook } from '../../src/engine';
import { readWorkbookBuffer } from '../../src/hosts/xlsx';
import { newBook, put, title } from '../fixtures/sheet-builder';
import { p01 } from '../fixtures/published/p01-putuo-czj-2024-gongyu';
import { p02 } from '../fixtures/published/p02-putuo-czj-2024-shouru';
import { p03 } from '../fixtures/published/p03-putuo-czj-2024-zongbiao';
import { p04 } from '../fixtures/published/p04-putuo-czj-2024-jiben';
import { p05 } from '../fixtures/published/p05-guihua-2024-zhichu';
import { p06 } from '../fixtures/published/p06-guihua-2024-gongyu';
import { p07 } from '../fixtures/published/p07-guihua-2024-jiben';
import { p08 } from '../fixtures/published/p08-guihua-2024-sangong';
import type { PublishedFixture } from '../fixtures/published/fixture';

async function read(wb: ExcelJS.Workbook, name: string): Promise<Workbook> {
  return readWorkbookBuffer(Buffer.from(await wb.xlsx.writeBuffer()), name);
}

/** One workbook of several published tables (each fixture's sheets) and any further sheets. */
async function department(fixtures: PublishedFixture[], extra: ExcelJS.Workbook[] = []): Promise<Workbook> {
  const sheets = [];
  for (const f of fixtures) sheets.push(...(await read(f.build(), f.file)).sheets);
  for (const [i, wb] of extra.entries()) sheets.push(...(await read(wb, `extra-${i}.xlsx`)).sheets);
  return { name: 'department.xlsx', sheets };
}

const SE = '部门整体支出绩效自评表';

/** A 自评表 of 上海市普陀区规划和自然资源局 2024: 合计 / 基本支出 / 项目支出 with their 全年执行数 given. */
function selfEvaluation(
  spent: [string, string, string],
  dept = '上海市普陀区规划和自然资源局',
): ExcelJS.Workbook {
  const wb = newBook();
  const ws = wb.addWorksheet(SE);
  title(ws, 'A1:E1', '2024年度部门整体支出绩效自评表');
  put(ws, 'A2', `部门：${dept}`);
  put(ws, 'E2', '单位：万元');
  ['项目', '年初预算数', '全年预算数', '全年执行数', '执行率'].forEach((h, i) =>
    put(ws, `${'ABCDE'[i]}3`, h),
  );
  const available = ['10000.00', '5500.00', '4500.00'];
  const initial = ['9000.00', '5000.00', '4000.00'];
  ['合计', '基本支出', '项目支出'].forEach((name, i) => {
    const r = 4 + i;
    put(ws, `A${r}`, name);
    put(ws, `B${r}`, Number(initial[i]), '0.00');
    put(ws, `C${r}`, Number(available[i]), '0.00');
    put(ws, `D${r}`, Number(spent[i]), '0.00');
    const rate = new Decimal(spent[i]).div(available[i]).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    put(ws, `E${r}`, `${rate.toFixed(2)}%`);
  });
  return wb;
}

const GUIHUA = [p05, p06, p07, p08];
const PUTUO = [p01, p02, p03, p04];

function crossOf(a: Analysis): Finding[] {
  return a.findings.filter((f) => f.rule === 'cross');
}

function above(fs: Finding[]): Finding[] {
  return fs.filter((f) => f.severity !== 'info');
}

describe('rule cross: one department’s published tables', () => {
  it.each([
    ['上海市普陀区规划和自然资源局 2024 (p05–p08)', GUIHUA],
    ['上海市普陀区财政局 2024 (p01–p04)', PUTUO],
  ])('%s: tables that agree raise nothing across them', async (_name, fixtures) => {
    const a = analyze(await department(fixtures));
    expect(above(crossOf(a))).toEqual([]);
    // Each table's own findings are unchanged by reading it beside the others.
    for (const f of fixtures) {
      const alone = analyze(await read(f.build(), f.file));
      const key = (x: Finding) => `${x.rule}|${x.severity}|${x.sheet}!${x.cell}`;
      const mine = a.findings.filter((x) => x.rule !== 'cross' && f.expect.sheets.includes(x.sheet ?? ''));
      expect(mine.map(key).sort()).toEqual(
        alone.findings
          .filter((x) => x.rule !== 'cross')
          .map(key)
          .sort(),
      );
    }
  });

  it('a 自评表 that quotes the 全口径 决算 figures raises nothing, and says it matches 全口径', async () => {
    const a = analyze(await department(GUIHUA, [selfEvaluation(['9759.38', '5377.64', '4381.74'])]));
    expect(above(a.findings)).toEqual(above(analyze(await department(GUIHUA)).findings));
    const basis = crossOf(a).filter((f) => f.sheet === SE);
    expect(basis.length).toBeGreaterThan(0);
    expect(basis.every((f) => f.severity === 'info')).toBe(true);
    expect(basis.map((f) => f.message).join('\n')).toMatch(/全口径/);
  });

  it('a 自评表 that quotes the 财政拨款 figures raises nothing, and says it matches 财政拨款口径', async () => {
    const a = analyze(await department(GUIHUA, [selfEvaluation(['9746.50', '5364.75', '4381.74'])]));
    expect(above(crossOf(a))).toEqual([]);
    expect(
      crossOf(a)
        .filter((f) => f.sheet === SE)
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/财政拨款/);
  });

  it('a 自评表 figure that matches neither 口径 is one error at that cell, naming the 决算 cell', async () => {
    // 基本支出 5477.64 for 5377.64 (one digit), and 合计 carried with it so that the 自评表 itself adds up.
    const a = analyze(await department(GUIHUA, [selfEvaluation(['9859.38', '5477.64', '4381.74'])]));
    const errors = above(a.findings).filter((f) => f.sheet === SE);
    expect(errors.map((f) => `${f.rule} ${f.cell}`).sort()).toEqual(['cross D4', 'cross D5']);
    const d5 = errors.find((f) => f.cell === 'D5') as Finding;
    expect(d5.expected).toBe('5377.64');
    expect(d5.related?.some((r) => r.sheet !== SE)).toBe(true);
    // Nothing is reported on the published tables.
    expect(above(a.findings).filter((f) => f.sheet !== SE)).toEqual(
      above(analyze(await department(GUIHUA)).findings),
    );
  });

  it('a difference of 0.01 between tables is a rounding info, not an error', async () => {
    const a = analyze(await department(GUIHUA, [selfEvaluation(['9759.38', '5377.65', '4381.73'])]));
    const onSe = crossOf(a).filter((f) => f.sheet === SE && f.cell !== 'D4');
    expect(onSe.length).toBeGreaterThan(0);
    expect(above(onSe)).toEqual([]);
    expect(onSe.some((f) => f.rounding)).toBe(true);
  });

  it('a figure 0.01 off both its parts and another table is one 尾差, naming the other table', async () => {
    // 合计 9759.39: its parts 5377.64 + 4381.74 give 9759.38, and so does p05's 合计.
    const a = analyze(await department(GUIHUA, [selfEvaluation(['9759.39', '5377.64', '4381.74'])]));
    const atD4 = a.findings.filter((f) => f.sheet === SE && f.cell === 'D4' && f.rounding);
    expect(atD4).toHaveLength(1);
    expect(atD4[0]).toMatchObject({ severity: 'info', rule: 'sum', expected: '9759.38', actual: '9759.39' });
    expect(atD4[0].related?.some((r) => r.sheet !== SE)).toBe(true);
    expect(above(a.findings).filter((f) => f.sheet === SE)).toEqual([]);
  });

  it('each half of a two-column 经济分类 table names its own total row', async () => {
    // p04's last row: 人员经费合计 (A, merged over A:C) | 2152.26 | 公用经费合计 (E, merged over E:G) | 184.65.
    const wrong: PublishedFixture = {
      ...p04,
      build: () => {
        const wb = p04.build();
        wb.worksheets[0].getCell('H43').value = 184.75;
        return wb;
      },
    };
    const errors = above(analyze(await department([wrong])).findings);
    expect(errors.map((f) => f.cell)).toEqual(['H43']);
    expect(errors[0].message).toContain('公用经费合计');
    expect(errors[0].message).not.toContain('人员经费');
  });

  it('tables that name another department or another year are never matched', async () => {
    // p05 as published, its title naming its department and year (as many departments title it).
    const titled: PublishedFixture = {
      ...p05,
      build: () => {
        const wb = p05.build();
        wb.worksheets[0].getCell('A1').value = '上海市普陀区规划和自然资源局2024年度支出决算表';
        return wb;
      },
    };
    const quoting = selfEvaluation(['1.00', '0.50', '0.50'], '上海市普陀区财政局');
    expect(above(crossOf(analyze(await department([titled], [quoting]))))).toEqual([]);
    const lastYear = selfEvaluation(['1.00', '0.50', '0.50']);
    lastYear.worksheets[0].getCell('A1').value = '2023年度部门整体支出绩效自评表';
    expect(above(crossOf(analyze(await department([titled], [lastYear]))))).toEqual([]);
    // The same 自评表 of this department and year is matched, and its wrong figures found.
    const same = selfEvaluation(['1.00', '0.50', '0.50']);
    expect(above(crossOf(analyze(await department([titled], [same])))).length).toBeGreaterThan(0);
  });
});
