/**
 * A sheet whose figure headers stand over words in every row (a list of findings kept by hand: 应为 | 实为 typed as
 * text, a 工作表 column holding 基本支出 and 人员编制) has no column of figures left once the words are seen. Such a
 * header is no table to check, and reading it ends: the name column is looked for among the header's own columns.
 */
import { analyze } from '../../src/engine';
import type { Cell, Row } from '../../src/engine/grid';

const text = (v: string): Cell => ({ v, fmt: '@' });
const row = (...values: (string | null)[]): Row =>
  values.map((v) => (v === null ? undefined : text(v))) as Row;

describe('a header whose figure columns all hold words', () => {
  const rows: Row[] = [
    row('问题清单'),
    row('严重程度', '规则', '工作表', '单元格', '应为', '实为', '尾差', '说明'),
    row('警告', 'overspend', '基本支出', 'C6', '3392.25', '3740.11', null, '实际支出超过年初预算'),
    row('提示', 'sum', '基本支出', 'C6', '3740.10', '3740.11', '是', '属四舍五入尾差'),
    row('警告', 'staffing', '人员编制', 'B3', '≤ 52', '66', null, '实有人数超过编制数'),
  ];

  it('is read to its end, and gives no finding', () => {
    const analysis = analyze({ sheets: [{ name: '手工记录', rows }] });
    expect(analysis.findings).toEqual([]);
  });

  it('beside a table of figures, leaves that table read as before', () => {
    const figures: Row[] = [
      row('项目名称', '全年预算数', '全年执行数'),
      [text('甲'), { v: 100 }, { v: 120 }],
    ];
    const alone = analyze({ sheets: [{ name: '项目', rows: figures }] });
    const both = analyze({
      sheets: [
        { name: '手工记录', rows },
        { name: '项目', rows: figures },
      ],
    });
    expect(alone.findings.length).toBeGreaterThan(0);
    expect(both.findings).toEqual(alone.findings);
  });
});
