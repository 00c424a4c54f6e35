/**
 * Breakdowns a form defines (domain.md §1, partial 其中): their parts are the ones the form lists, whatever their
 * figures. Cases the planted judge met at other seeds: a funds block whose other sources are blank, and a 三公
 * table whose 小计 is typed so large that the next item would fit beneath it.
 */
import { analyze } from '../../src/engine';
import { book, pct, sheet } from '../support/grid';

const amt = (v: number) => ({ v, fmt: '#,##0.00' });
const errors = (rows: Parameters<typeof sheet>[1]) =>
  analyze(book(sheet('表', rows))).findings.filter((f) => f.severity === 'error');

describe('a Sichuan 自评表 funds block: 总额 = 财政资金 + 财政专户管理资金 + 单位资金 + 其他资金', () => {
  // As test/fixtures/published/p14 prints it; only 财政资金 is filled, the other sources blank.
  const form = (available: number) => [
    ['部门预算项目支出绩效自评表(2023年度)'],
    ['项目名称', '城市管理执法专项'],
    ['年度预算数(万元)', '年初预算', '调整后预算数', '预算执行数', '预算执行率', '权重', '得分'],
    ['总额', amt(399.89), amt(499.82), amt(394.86), pct(0.79), 10, { v: 7.9, fmt: '0.00' }],
    ['其中：财政资金', amt(399.89), amt(available), amt(394.86), pct(0.79), '/', '/'],
    ['财政专户管理资金', null, null, null, null, '/', '/'],
    ['单位资金', null, null, null, null, '/', '/'],
    ['其他资金', null, null, null, null, '/', '/'],
  ];

  it('holds as published', () => expect(errors(form(499.82))).toEqual([]));

  it('a source’s 调整后预算数 typed wrong is one error at it, with the figure its total and rate give', () => {
    const found = errors(form(784.72));
    expect(found.map((f) => [f.cell, f.expected])).toEqual([['C5', '499.82']]);
  });
});

describe('a 三公 table: the car costs’ parts are 购置费 and 运行维护费, never 公务接待费', () => {
  const table = (subtotal: number) => [
    ['“三公”经费预算表'],
    [null, null, '单位：万元'],
    ['项目', '本年预算数', '上年预算数'],
    ['合计', amt(134.86), amt(120)],
    ['因公出国（境）费', amt(20), amt(20)],
    ['公务用车购置及运行维护费', amt(subtotal), amt(80)],
    ['其中：公务用车购置费', amt(60), amt(50)],
    ['公务用车运行维护费', amt(40.75), amt(30)],
    ['公务接待费', amt(14.11), amt(20)],
  ];

  it('holds as typed', () => expect(errors(table(100.75))).toEqual([]));

  it('a 小计 typed large enough for 公务接待费 to fit beneath it is one error at the 小计', () => {
    // 114.86 = 60 + 40.75 + 14.11: read by its figures, 公务接待费 would join the car costs.
    const found = errors(table(114.86));
    expect(found.map((f) => [f.cell, f.expected])).toEqual([['B6', '100.75']]);
  });
});
