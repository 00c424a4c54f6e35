/**
 * A real spreadsheet client reads what the writer wrote: LibreOffice opens the report headless, recalculates every
 * formula, and its values must equal the values the writer cached (the ones a viewer that does not recalculate
 * shows). One formula's cached value is deliberately wrong, to prove that LibreOffice recalculated rather than
 * echoed the cache.
 *
 * A real-client test (run by `npm run test:e2e`): needs LibreOffice 7.2+ (`soffice`), and fails with the package
 * to install when it is missing.
 */
import * as path from 'path';
import type { PlanCell, PlanSheet, WritePlan } from '../../../src/engine/plan-types';
import { FORMAT_RATE, FORMAT_WAN, REGISTRY_MARK, REGISTRY_SHEET } from '../../../src/engine/plan-types';
import { writeReportFile } from '../../../src/hosts/xlsx/write';
import { tempDir, writeWorkbook } from '../../fixtures/xlsx-host/build';
import { csvCell, csvNumber, recalculatedValues, requireSoffice } from '../../support/libreoffice';

const SOURCE = '收入支出决算表';
const PROJECTS = "O'Brien 项目";

/** Source rows: name, budget, spent (万元). The zero budget exercises the `IF(x=0,"",…)` branch. */
const ROWS: [string, number, number][] = [
  ['办公经费', 3740.11, 3521.2],
  ['专项业务费', 1200, 691.68],
  ['信息化建设', 0, 0],
  ['会议费', 86.4, 80.35],
];

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** A cached value as the engine would give it: the decimal string of the exact value. */
const cache = (n: number): string => String(Math.round(n * 1e10) / 1e10);

function f(
  formula: string,
  cached: string | null,
  cachedType: 'number' | 'text' = 'number',
  format?: string,
): PlanCell {
  return { kind: 'formula', formula, cached, cachedType, ...(format ? { format } : {}) };
}

const ESCAPED = ['_x0041_ as typed', 'bell\u0007', '\t=1+1'];
const INJECTIONS = ['=1+1', '+1', '-2', '@SUM(A1)', '＝1+1', '=HYPERLINK("http://example.com","x")'];

/** The wrong cache, and the address of the formula that carries it. */
const WRONG = { address: 'B12', cached: '1', formula: `'${SOURCE}'!B2*100`, expected: 374011 };

function summary(): PlanSheet {
  const rows: (PlanCell | null)[][] = [
    [
      { kind: 'text', text: '项目', style: 'header' },
      { kind: 'text', text: '年初预算', style: 'header' },
      { kind: 'text', text: '实际支出', style: 'header' },
      { kind: 'text', text: '执行率', style: 'header' },
      { kind: 'text', text: '结余', style: 'header' },
    ],
  ];
  // Rows 2-5: cross-sheet references to the source sheet, a guarded division, a difference.
  ROWS.forEach(([name, budget, spent], i) => {
    const r = i + 2;
    rows.push([
      { kind: 'text', text: name },
      f(`'${SOURCE}'!B${r}`, cache(budget), 'number', FORMAT_WAN),
      f(`'${SOURCE}'!C${r}`, cache(spent), 'number', FORMAT_WAN),
      budget === 0
        ? f(`IF(B${r}=0,"",C${r}/B${r})`, '', 'text', FORMAT_RATE)
        : f(`IF(B${r}=0,"",C${r}/B${r})`, cache(spent / budget), 'number', FORMAT_RATE),
      f(`B${r}-C${r}`, cache(budget - spent), 'number', FORMAT_WAN),
    ]);
  });
  const budgets = ROWS.map((r) => r[1]);
  const spents = ROWS.map((r) => r[2]);
  // Row 6: sums across the cells above; row 7: the same total straight from the source sheet.
  rows.push([
    { kind: 'text', text: '合计', style: 'total' },
    f('SUM(B2:B5)', cache(sum(budgets)), 'number', FORMAT_WAN),
    f('SUM(C2:C5)', cache(sum(spents)), 'number', FORMAT_WAN),
    f('IF(B6=0,"",C6/B6)', cache(sum(spents) / sum(budgets)), 'number', FORMAT_RATE),
    f('SUM(E2:E5)', cache(sum(budgets) - sum(spents)), 'number', FORMAT_WAN),
  ]);
  rows.push([
    { kind: 'text', text: '核对' },
    f(`SUM('${SOURCE}'!B2:B5)`, cache(sum(budgets)), 'number', FORMAT_WAN),
    f(`SUM('${SOURCE}'!C2:C5)-C6`, '0', 'number', FORMAT_WAN),
    f(`IF(SUM('${SOURCE}'!B4)=0,"",1/SUM('${SOURCE}'!B4))`, '', 'text'),
    f('ROUND(D6*100,2)', cache(Math.round((sum(spents) / sum(budgets)) * 10000) / 100)),
  ]);
  // Row 8: a sheet name with an apostrophe; row 9: text cells that look like formulas; row 10: plain numbers.
  rows.push([
    { kind: 'text', text: PROJECTS },
    f("'O''Brien 项目'!B2*2", cache(250.5 * 2)),
    f("SUM('O''Brien 项目'!B2:B3)", cache(250.5 + 49.5)),
    null,
    null,
  ]);
  rows.push(INJECTIONS.slice(0, 5).map((text) => ({ kind: 'text', text })));
  rows.push([
    { kind: 'number', value: '3740.11', format: FORMAT_WAN },
    { kind: 'number', value: '0.5764', format: FORMAT_RATE },
    { kind: 'text', text: INJECTIONS[5] },
    null,
    null,
  ]);
  // Row 11: text that SpreadsheetML would change unless the writer escapes it.
  rows.push(ESCAPED.map((text) => ({ kind: 'text', text })));
  // Row 12: the deliberately wrong cache.
  rows.push([{ kind: 'text', text: '缓存值故意写错' }, f(WRONG.formula, WRONG.cached)]);
  return {
    role: 'summary',
    name: '执行汇总',
    rows,
    widths: [20, 14, 14, 10, 14],
    merges: [],
    wrapColumns: [],
  };
}

function plan(): WritePlan {
  const sheets = [summary()];
  return {
    lang: 'zh-CN',
    sheets,
    replaces: [],
    registry: { name: REGISTRY_SHEET, rows: [REGISTRY_MARK, ...sheets.map((s) => s.name)] },
  };
}

function address(r: number, c: number): string {
  return `${String.fromCharCode(65 + c)}${r + 1}`;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('LibreOffice recalculates the written report to the cached values', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let out: string;
  let values: Record<string, string[][]>;
  let seconds: number;

  let soffice: string;

  beforeAll(async () => {
    soffice = requireSoffice();
    ({ dir, cleanup } = await tempDir('budget-review-lo-test-'));
    const input = await writeWorkbook(path.join(dir, '部门决算.xlsx'), (book) => {
      const ws = book.addWorksheet(SOURCE);
      ws.addRow(['项目', '年初预算', '实际支出']);
      for (const row of ROWS) ws.addRow(row);
      const projects = book.addWorksheet(PROJECTS);
      projects.addRow(['项目', '金额']);
      projects.addRow(['甲', 250.5]);
      projects.addRow(['乙', 49.5]);
    });
    out = path.join(dir, 'report.xlsx');
    await writeReportFile(input, plan(), out);
    const started = Date.now();
    values = await recalculatedValues(out, { soffice });
    seconds = (Date.now() - started) / 1000;
  }, 90_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('exports every sheet, hidden ones included, within the time budget', () => {
    expect(Object.keys(values).sort()).toEqual([PROJECTS, SOURCE, '执行汇总'].sort());
    expect(seconds).toBeLessThan(30);
  });

  it('recalculated on load: the deliberately wrong cache shows the true value', () => {
    const shown = csvNumber(csvCell(values['执行汇总'], WRONG.address));
    expect(shown).toBe(WRONG.expected);
    expect(shown).not.toBe(Number(WRONG.cached));
  });

  it('gives every other formula the value the writer cached', () => {
    const sheet = summary();
    let checked = 0;
    sheet.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (!cell || cell.kind !== 'formula' || cell.cached === null) return;
        const at = address(r, c);
        if (at === WRONG.address) return;
        const shown = csvCell(values['执行汇总'], at);
        if (cell.cachedType === 'text') {
          expect({ at, shown }).toEqual({ at, shown: cell.cached });
        } else {
          const n = csvNumber(shown);
          expect({ at, shown, close: n !== null && close(n, Number(cell.cached)) }).toEqual({
            at,
            shown,
            close: true,
          });
        }
        checked += 1;
      });
    });
    expect(checked).toBe(26);
  });

  it('keeps text that looks like a formula as text, escaped text as typed, and numbers as numbers', () => {
    const rows = values['执行汇总'];
    expect(rows[8].slice(0, 5)).toEqual(INJECTIONS.slice(0, 5));
    expect(csvCell(rows, 'C10')).toBe(INJECTIONS[5]);
    expect(csvNumber(csvCell(rows, 'A10'))).toBe(3740.11);
    expect(csvNumber(csvCell(rows, 'B10'))).toBe(0.5764);
    expect(rows[10].slice(0, 3)).toEqual(ESCAPED);
  });

  it('without the recalculation setting LibreOffice shows the cache (so the setting is what the proof rests on)', async () => {
    const cached = await recalculatedValues(out, { soffice, recalculate: false });
    expect(csvNumber(csvCell(cached['执行汇总'], WRONG.address))).toBe(Number(WRONG.cached));
  }, 60_000);
});
