/**
 * The generated sheets as a deliverable, on the sample workbook: 问题清单 lists errors first, names rules in the
 * user's language, stores figures as numbers and has a filter; every sheet prints landscape, one page wide, its
 * header repeated; no helper column and no range the engine read is shown; units match what a table holds.
 */
import {
  analyze,
  buildNarrative,
  buildPlan,
  type Analysis,
  type PlanCell,
  type WritePlan,
} from '../../src/engine';
import { bySeverity, findingUnit, RULE_NAMES, tableUnit } from '../../src/engine/units';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { book, sheet } from '../support/grid';

const SAMPLE = 'samples/kaifu-2020.xlsx';

async function sample(lang: 'zh-CN' | 'en-US'): Promise<{ a: Analysis; p: WritePlan }> {
  const wb = await readWorkbookFile(SAMPLE);
  const a = analyze(wb, { lang });
  const p = buildPlan(a, buildNarrative(a, '执行汇总'), {
    existingSheets: wb.sheets.map((s) => s.name),
    owned: [],
  });
  return { a, p };
}

const textOf = (c: PlanCell | null | undefined): string =>
  c ? (c.kind === 'text' || c.kind === 'link' ? c.text : '') : '';

const SEVERITY_RANK: Record<string, number> = { 错误: 0, 警告: 1, 提示: 2, Error: 0, Warning: 1, Info: 2 };

describe('问题清单', () => {
  test('errors first, then warnings, then notes, every finding once', async () => {
    const { a, p } = await sample('zh-CN');
    const sheet = p.sheets.find((s) => s.role === 'findings');
    if (!sheet) throw new Error('no findings sheet');
    const ranks = sheet.rows.slice(2).map((r) => SEVERITY_RANK[textOf(r[0])]);
    expect(ranks.length).toBe(a.findings.length);
    expect(ranks.every((r) => r !== undefined)).toBe(true);
    expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
    // The sample's findings do not come sorted: the sort is the sheet's doing.
    expect(a.findings.map((f) => f.severity)).not.toEqual(bySeverity(a.findings).map((f) => f.severity));
  });

  test('rule names in the user language, never the ids', async () => {
    for (const lang of ['zh-CN', 'en-US'] as const) {
      const { p } = await sample(lang);
      const sheet = p.sheets.find((s) => s.role === 'findings');
      const names = new Set(Object.values(RULE_NAMES[lang]));
      for (const r of sheet?.rows.slice(2) ?? []) expect(names.has(textOf(r[1]))).toBe(true);
    }
    const { p } = await sample('zh-CN');
    const rules = p.sheets[1].rows.slice(2).map((r) => textOf(r[1]));
    expect(rules.some((r) => /[A-Za-z]/.test(r))).toBe(false);
  });

  test('figures are numbers with the format they are shown in; units match the table', async () => {
    const { p } = await sample('zh-CN');
    const rows = p.sheets[1].rows.slice(2);
    const at = (cell: string) => rows.find((r) => textOf(r[3]) === cell && textOf(r[2]) !== '');
    // 专项经费!H12: 107.10 against 147.10, in 万元.
    const h12 = at('H12');
    expect(h12?.[4]).toEqual({ kind: 'number', value: '107.1', format: '#,##0.00' });
    expect(h12?.[5]).toEqual({ kind: 'number', value: '147.1', format: '#,##0.00' });
    expect(textOf(h12?.[6])).toBe('万元');
    // A rate: a fraction with a percentage format, and no unit (the format shows it).
    const f4 = at('F4');
    expect(f4?.[5]).toEqual({ kind: 'number', value: '0.9888', format: '0.00%' });
    expect(f4?.[6]).toBeNull();
    // Counts of projects: 个; head counts: 人.
    expect(textOf(at('B7')?.[6])).toBe('个');
    expect(textOf(at('B3')?.[6])).toBe('人');
  });

  test('a filter from the header row to the last finding', async () => {
    const { p } = await sample('zh-CN');
    const sheet = p.sheets[1];
    expect(sheet.autoFilter).toEqual({ top: 1, left: 0, bottom: sheet.rows.length - 1, right: 8 });
  });
});

describe('every generated sheet', () => {
  test('prints landscape, one page wide, its title and header repeated', async () => {
    const { p } = await sample('zh-CN');
    expect(p.sheets.map((s) => s.role)).toEqual(['summary', 'findings', 'narrative', 'scores']);
    for (const s of p.sheets) {
      expect(s.print?.orientation).toBe('landscape');
      expect(s.print?.fitToWidth).toBe(true);
      if (s.role !== 'narrative') expect(s.print?.titleRows).toEqual({ first: 0, last: 1 });
    }
  });

  test('no helper column, no range the engine read', async () => {
    const { p } = await sample('zh-CN');
    for (const s of p.sheets) {
      for (const row of s.rows) {
        for (const cell of row) {
          if (!cell || cell.kind !== 'text') continue;
          expect(cell.text).not.toMatch(/\b[A-Z]{1,3}\d+:[A-Z]{1,3}\d+\b/);
          expect(cell.text).not.toBe('层级');
        }
      }
    }
    const summary = p.sheets[0];
    expect(summary.rows[1].length).toBe(11);
    expect(summary.widths.length).toBe(11);
  });

  test('a total is the table’s own 合计 where it states one that holds, else a SUM over the top-level rows only', async () => {
    const { a, p } = await sample('zh-CN');
    const summary = p.sheets[0];
    // 专项经费: 供排水项目经费 is a group whose parts are listed beneath it; the total must not count both.
    const start = summary.rows.findIndex((r) => textOf(r[0]).startsWith('专项经费'));
    const end = summary.rows.findIndex((r, i) => i > start && textOf(r[1]) === '合计');
    // 实际支出: the stated 合计 holds, so the summary links to it (one figure per quantity, docs/figures.md).
    const spent = summary.rows[end][7];
    expect(spent?.kind === 'formula' && spent.formula).toBe("'专项经费'!H26");
    // 上年结转 (column D) does not take the table's 合计 (figures.ts computes it): added up from the top-level rows.
    const total = summary.rows[end][3];
    expect(total?.kind).toBe('formula');
    if (total?.kind !== 'formula') return;
    const ledger = a.ledgers.find((l) => l.table.sheet === '专项经费');
    const top = ledger?.rows.filter((r) => r.kind !== 'total' && r.level === 0 && r.parent === undefined);
    const referenced = total.formula
      .replace(/^SUM\(|\)$/g, '')
      .split(',')
      .flatMap((part) => {
        const [from, to = from] = part.split(':').map((x) => Number(x.slice(1)));
        return Array.from({ length: to - from + 1 }, (_, i) => from + i);
      });
    expect(referenced.length).toBe(top?.length);
    expect(referenced.length).toBeLessThan(end - start - 1);
    // Each referenced row is a top-level row (no indent).
    for (const r of referenced) {
      const name = summary.rows[r - 1][1];
      expect(name?.kind === 'text' ? (name.indent ?? 0) : -1).toBe(0);
    }
  });
});

describe('units as people read them', () => {
  test('head counts in 人, scores in 分, project counts in 个, amounts in their unit', async () => {
    const { a } = await sample('zh-CN');
    const unitOf = (sheetName: string) =>
      a.tables.filter((t) => t.sheet === sheetName).map((t) => tableUnit(t, a));
    expect(unitOf('人员编制')).toEqual(['人']);
    expect(unitOf('自评得分')).toEqual(['分']);
    expect(unitOf('租赁住房')).toEqual(['个', '个']);
    expect(unitOf('专项经费')).toEqual(['万元']);
    expect(unitOf('凯乐微谷补贴')).toEqual(['元']);
  });

  test('a count column names what it counts', () => {
    const wb = book(
      sheet('改造户数', [
        ['老旧小区改造户数'],
        ['项目名称', '户数'],
        ['东区', 12],
        ['西区', 8],
        ['合计', 21],
      ]),
    );
    const a = analyze(wb);
    expect(a.tables.map((t) => tableUnit(t, a))).toEqual(['户']);
    const f = a.findings.find((x) => x.rule === 'sum');
    expect(f && findingUnit(f, a)).toBe('户');
  });
});
