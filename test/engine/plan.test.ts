/**
 * The write plan: typed cells, formulas that trace each figure to its source cell with the engine's exact
 * results cached, sheet names that never take a user's sheet, and user text that always stays text.
 */
import Decimal from 'decimal.js';
import {
  analyze,
  buildNarrative,
  buildPlan,
  REGISTRY_SHEET,
  type PlanCell,
  type PlanSheet,
  type Workbook,
} from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { book, pct, sheet } from '../support/grid';

function plan(wb: Workbook, owned: string[] = [], lang: 'zh-CN' | 'en-US' = 'zh-CN') {
  const a = analyze(wb, { lang });
  return {
    a,
    p: buildPlan(a, buildNarrative(a, '执行汇总'), { existingSheets: wb.sheets.map((s) => s.name), owned }),
  };
}

function rowOf(s: PlanSheet, name: string): (PlanCell | null)[] {
  const r = s.rows.find((cells) => cells[1]?.kind === 'text' && cells[1].text.trim() === name);
  if (!r) throw new Error(`no summary row for ${name}`);
  return r;
}

function cached(c: PlanCell | null): string | null | undefined {
  if (!c) return undefined;
  if (c.kind === 'formula') return c.cached;
  if (c.kind === 'number') return c.value;
  return undefined;
}

const LEDGER = book(
  sheet('专项', [
    ['单位：万元'],
    ['项目名称', '年初预算', '上年结转', '全年预算数', '实际支出', '结余', '执行率', '结余原因'],
    ['档案整理', 98, null, 98, 93.1, 4.9, pct(0.95), '质保金'],
    ['电梯', 1000, null, 1000, 80, 925, pct(0.08), '未到期'],
    ['处遗', null, 274.09, 331.57, 87.51, 244.05, null, null],
    ['合计', 1098, 274.09, 1429.57, 260.61, 1173.95, null, null],
  ]),
);

describe('summary sheet', () => {
  test('source figures are formulas referencing their cells, with the stated values cached', () => {
    const s = plan(LEDGER).p.sheets[0];
    const r = rowOf(s, '档案整理');
    expect(r[0]).toEqual({ kind: 'link', text: '专项!B3', sheet: '专项', cell: 'B3' });
    expect(r[2]).toMatchObject({ kind: 'formula', formula: "'专项'!B3", cached: '98', format: '#,##0.00' });
    expect(r[6]).toMatchObject({ kind: 'formula', formula: "'专项'!D3", cached: '98' });
    expect(r[7]).toMatchObject({ kind: 'formula', formula: "'专项'!E3", cached: '93.1' });
    expect(r[10]).toEqual({ kind: 'text', text: '质保金' });
  });

  test('surpluses and rates are formulas over the summary row, caching the exact results', () => {
    const s = plan(LEDGER).p.sheets[0];
    const i = s.rows.indexOf(rowOf(s, '电梯')) + 1;
    const r = rowOf(s, '电梯');
    expect(r[8]).toMatchObject({ kind: 'formula', formula: `G${i}-H${i}`, cached: '920' });
    expect(r[9]).toMatchObject({
      kind: 'formula',
      formula: `IF(G${i}=0,"",H${i}/G${i})`,
      cached: '0.08',
      format: '0.00%',
      style: 'lowRate',
    });
    // 档案整理 at 95% is not highlighted.
    expect(rowOf(s, '档案整理')[9]).not.toHaveProperty('style');
  });

  test('the total row shows the table’s 合计 where it holds (figures.ts), linked to it; surplus and rate computed', () => {
    const { a, p } = plan(LEDGER);
    const s = p.sheets[0];
    const total = s.rows[s.rows.length - 1];
    expect(total[1]).toMatchObject({ kind: 'text', text: '合计' });
    // The stated 合计 1429.57 holds: the summary links to it, as the text and the pane quote it.
    expect(total[6]).toMatchObject({ kind: 'formula', formula: "'专项'!D6", cached: '1429.57' });
    expect(a.totals.available?.toString()).toBe('1429.57');
    // The stated surplus total 1173.95 is wrong; the cached surplus is available − spent.
    expect(cached(total[8])).toBe('1168.96');
    expect(new Decimal(cached(total[9]) as string).eq(a.ledgers[0].totals.rate as Decimal)).toBe(true);
  });

  test('a figure a rule found wrong is replaced by the computed one, as a number', () => {
    const wb = book(
      sheet('明细', [
        ['项目名称', '年初预算', '上年结转', '全年预算数', '实际支出'],
        ['供排水', 340.74, 40, 390.74, 147.1],
      ]),
    );
    const s = plan(wb).p.sheets[0];
    // 340.74 + 40 = 380.74, not 390.74.
    expect(rowOf(s, '供排水')[6]).toEqual({ kind: 'number', value: '380.74', format: '#,##0.00' });
  });

  test('an available figure the sheet does not state is a formula over the row’s terms', () => {
    const wb = book(
      sheet('明细', [
        ['项目名称', '年初预算', '上年结转', '本年追加', '调减', '实际支出'],
        ['甲', 100, 20, 5, 10, 90],
      ]),
    );
    const s = plan(wb).p.sheets[0];
    const i = s.rows.indexOf(rowOf(s, '甲')) + 1;
    expect(rowOf(s, '甲')[6]).toMatchObject({
      kind: 'formula',
      formula: `C${i}+D${i}+E${i}-F${i}`,
      cached: '115',
    });
  });

  test('元 sources are divided by 10,000 in the formula', () => {
    const wb = book(
      sheet('凯乐', [['单位：元'], ['项目', '可用资金', '实际使用'], ['市级', 4667130, 4667127]]),
    );
    const r = rowOf(plan(wb).p.sheets[0], '市级');
    expect(r[6]).toMatchObject({ kind: 'formula', formula: "'凯乐'!B3/10000", cached: '466.713' });
  });

  test('the rate header names its denominator', () => {
    const header = plan(LEDGER).p.sheets[0].rows[1];
    expect(header[9]).toMatchObject({ kind: 'text', text: '执行率（实际支出÷全年预算数）' });
    const en = plan(LEDGER, [], 'en-US').p.sheets[0].rows[1];
    expect(en[9]).toMatchObject({ text: 'Rate (spent ÷ full-year budget)' });
  });
});

describe('findings and narrative sheets', () => {
  test('every finding with a link to its cell', () => {
    const { a, p } = plan(LEDGER);
    const f = p.sheets[1];
    expect(f.rows.length).toBe(2 + a.findings.length);
    const surplus = f.rows.find(
      (r) => r[1]?.kind === 'text' && r[1].text === '结余核对' && r[3]?.kind === 'link' && r[3].cell === 'F4',
    );
    expect(surplus?.[0]).toEqual({ kind: 'text', text: '错误', style: 'error' });
    expect(surplus?.[3]).toEqual({ kind: 'link', text: 'F4', sheet: '专项', cell: 'F4' });
  });

  test('the narrative, one paragraph per cell', () => {
    const { a, p } = plan(LEDGER);
    const n = buildNarrative(a, '执行汇总');
    const cells = p.sheets[2].rows.map((r) => (r[0]?.kind === 'text' ? r[0].text : ''));
    expect(cells).toEqual([n.title, ...n.sections.flatMap((s) => [s.heading, ...s.paragraphs])]);
    expect(p.sheets[2].wrapColumns).toEqual([0]);
  });
});

describe('sheet names', () => {
  test('a name a user’s sheet has is never taken: a suffix is added', () => {
    const wb = book(LEDGER.sheets[0], sheet('执行汇总', [['我的汇总']]));
    const p = plan(wb).p;
    expect(p.sheets.map((s) => s.name)).toEqual(['执行汇总 (2)', '问题清单', '分析说明']);
    expect(p.replaces).toEqual([]);
  });

  test('sheets an earlier run created are replaced, by name', () => {
    const wb = book(LEDGER.sheets[0], sheet('执行汇总', [['旧的']]), sheet('问题清单', [['旧的']]));
    const p = plan(wb, ['执行汇总', '问题清单', '分析说明']).p;
    expect(p.sheets.map((s) => s.name)).toEqual(['执行汇总', '问题清单', '分析说明']);
    expect(p.replaces.sort()).toEqual(['执行汇总', '问题清单']);
    expect(p.registry).toEqual({
      name: REGISTRY_SHEET,
      rows: ['Budget Review generated sheets', '执行汇总', '问题清单', '分析说明'],
    });
  });

  test('the generated sheets are not read as data on the next run', async () => {
    const wb = await readWorkbookFile('samples/kaifu-2020.xlsx');
    const first = analyze(wb);
    const withOwn = book(
      ...wb.sheets,
      sheet('执行汇总', [
        ['来源', '项目', '年初预算', '全年预算数', '实际支出'],
        ['x', '甲', 1, 999, 5],
      ]),
    );
    const again = analyze(withOwn, { skipSheets: ['执行汇总'] });
    expect(again.findings).toEqual(first.findings);
  });
});

describe('user text stays text', () => {
  const hostile = ['=HYPERLINK("http://example.com","x")', '+1', '-2', '@SUM(A1)', '＝1+1', '\t=1+1'];
  test.each(hostile)('%j as a project name and a reason', (name) => {
    const wb = book(
      sheet('明细', [
        ['项目名称', '全年预算数', '实际支出', '结余原因'],
        [name, 100, 90, name],
      ]),
    );
    const s = plan(wb).p.sheets[0];
    const r = s.rows.find((cells) => cells[1]?.kind === 'text' && cells[1].text === name);
    expect(r?.[1]).toEqual({ kind: 'text', text: name });
    expect(r?.[10]).toEqual({ kind: 'text', text: name });
    for (const cells of s.rows)
      for (const c of cells) if (c?.kind === 'formula') expect(c.formula).not.toContain(name);
  });
});
