/**
 * One figure per quantity (docs/figures.md): the pane's totals, 执行汇总, 问题清单, the report's text and the Word
 * document show the same value for the same quantity, on the sample and on a workbook with a planted error.
 */
import Decimal from 'decimal.js';
import { join } from 'path';
import {
  analyze,
  buildNarrative,
  buildPlan,
  figuresOf,
  type Analysis,
  type Narrative,
  type PlanCell,
  type PlanSheet,
  type Workbook,
} from '../../src/engine';
import { showWan, showPercent, D } from '../../src/engine/money';
import { narrativeToDocx } from '../../src/hosts/docx';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { checkView } from '../../src/taskpane/engine/run';
import { paragraphs, part, unzipDocx } from '../hosts/docx/ooxml';

const SAMPLE = 'samples/kaifu-2020.xlsx';
/** Built by test/fixtures/figures/build.js: the 合计 of 实际支出 typed 152 for 125. */
const PLANTED = join(__dirname, '../fixtures/figures/planted-total.xlsx');

interface Outputs {
  analysis: Analysis;
  pane: ReturnType<typeof checkView>['totals'];
  summary: PlanSheet;
  findings: PlanSheet;
  text: string;
  docx: string;
}

async function outputs(wb: Workbook): Promise<Outputs> {
  const analysis = analyze(wb);
  const narrative: Narrative = buildNarrative(analysis, '执行汇总');
  const plan = buildPlan(analysis, narrative, { existingSheets: wb.sheets.map((s) => s.name), owned: [] });
  const docx = paragraphs(part(await unzipDocx(await narrativeToDocx(narrative)), 'word/document.xml'))
    .map((p) => p.text)
    .join('\n');
  return {
    analysis,
    pane: checkView(analysis).totals,
    summary: plan.sheets[0],
    findings: plan.sheets[1],
    text: [narrative.title, ...narrative.sections.flatMap((s) => [s.heading, ...s.paragraphs])].join('\n'),
    docx,
  };
}

/** A summary cell as Excel shows it: the cached or written value, in 万元 with two decimals (rates with %). */
function shown(c: PlanCell | null | undefined): string | undefined {
  if (!c) return undefined;
  const v = c.kind === 'number' ? c.value : c.kind === 'formula' ? c.cached : undefined;
  if (v === undefined || v === null || v === '') return undefined;
  const format = c.kind === 'number' || c.kind === 'formula' ? c.format : undefined;
  return format === '0.00%' ? showPercent(new D(v)) : showWan(new D(v));
}

/** The summary's total row of the table on `sheet` (the row after the table's group row and items). */
function summaryTotal(s: PlanSheet, sheet: string): (PlanCell | null)[] {
  const start = s.rows.findIndex((r) => r[0]?.kind === 'text' && r[0].text.startsWith(`${sheet} `));
  expect(start).toBeGreaterThan(0);
  const end = s.rows.findIndex((r, i) => i > start && r[1]?.kind === 'text' && r[1].text === '合计');
  return s.rows[end];
}

describe('the sample: 专项经费 合计 in every output', () => {
  let o: Outputs;
  beforeAll(async () => {
    o = await outputs(await readWorkbookFile(SAMPLE));
  });

  test('the pane, 执行汇总 and the figure book agree', () => {
    const l = o.analysis.ledgers.find((x) => x.table.sheet === '专项经费');
    if (!l) throw new Error('no 专项经费 table');
    const book = figuresOf(o.analysis);
    const want = {
      available: showWan(book.table(l, 'available')?.value ?? new D(0)),
      spent: showWan(book.table(l, 'spent')?.value ?? new D(0)),
      surplus: showWan(book.table(l, 'surplus')?.value ?? new D(0)),
      rate: showPercent(book.table(l, 'rate')?.value ?? new D(0)),
    };
    expect(want).toEqual({ available: '23765.94', spent: '13699.50', surplus: '10066.44', rate: '57.64%' });
    expect(o.pane).toEqual(want);
    const total = summaryTotal(o.summary, '专项经费');
    expect([shown(total[6]), shown(total[7]), shown(total[8]), shown(total[9])]).toEqual([
      want.available,
      want.spent,
      want.surplus,
      want.rate,
    ]);
    // 年初预算: the 合计 states 2135.74, found wrong; every output says 1326.62.
    expect(shown(total[2])).toBe('1326.62');
  });

  test('the text and the Word document quote the same figures, with the same notes', () => {
    for (const doc of [o.text, o.docx]) {
      expect(doc).toContain(
        '全年可用资金23765.94万元（与明细之和23749.73不符，待核实），实际使用13699.50万元，结余10066.44万元，执行率57.64%',
      );
      expect(doc).toContain('年初预算1326.62万元（表中为2135.74，经核应为1326.62）');
      expect(doc).toContain('本年度基本支出3740.11万元');
      expect(doc).toContain('实际使用147.10万元（与明细之和107.10不符，待核实）');
      expect(doc).not.toMatch(/13699\.49|13659|10050\.2|57\.68%|3740\.10/);
    }
    // 基本支出: 3740.11 stated (its parts give 3740.10, a 尾差) in 执行汇总 as in the text.
    expect(shown(summaryTotal(o.summary, '基本支出')[7])).toBe('3740.11');
  });

  test('问题清单 gives the corrected figure the other outputs show', () => {
    const row = o.findings.rows.find((r) => r[3]?.kind === 'link' && r[3].cell === 'C26');
    expect(row?.[4]?.kind === 'number' && new Decimal(row[4].value).toFixed(2)).toBe('1326.62');
  });
});

describe('a planted error: a 合计 of 实际支出 typed 152 for 125 (test/fixtures/figures)', () => {
  let o: Outputs;
  beforeAll(async () => {
    o = await outputs(await readWorkbookFile(PLANTED));
  });

  test('every output says 125.00, and the text says what the table states', () => {
    expect(o.pane).toEqual({ available: '150.00', spent: '125.00', surplus: '25.00', rate: '83.33%' });
    const total = summaryTotal(o.summary, '项目支出');
    expect([shown(total[6]), shown(total[7]), shown(total[8]), shown(total[9])]).toEqual([
      '150.00',
      '125.00',
      '25.00',
      '83.33%',
    ]);
    const row = o.findings.rows.find((r) => r[3]?.kind === 'link' && r[3].cell === 'C6');
    expect(row?.[4]?.kind === 'number' && new Decimal(row[4].value).toFixed(2)).toBe('125.00');
    for (const doc of [o.text, o.docx]) {
      expect(doc).toContain(
        '实际使用125.00万元（表中为152.00，经核应为125.00），结余25.00万元，执行率83.33%',
      );
      expect(doc).not.toMatch(/实际使用152/);
    }
  });
});
