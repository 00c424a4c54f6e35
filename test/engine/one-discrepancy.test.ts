/**
 * One discrepancy, one finding (domain.md §3): a figure stated in two places that is wrong in both is one finding,
 * at one of them, the other named in `related` and in its message; a cell 0.01 off both its parts and another
 * table's statement of it is one 尾差.
 *
 * The tables are generated, consistent, then given one wrong figure: one total broken down two ways side by side
 * under one title (as the source report's 租赁住房 table gives its projects by batch and by type), in counts and in
 * 万元, the wrong total typed in both halves or in one.
 */
import Decimal from 'decimal.js';
import type ExcelJS from 'exceljs';
import { analyze, type Finding, type Workbook } from '../../src/engine';
import { readWorkbookBuffer } from '../../src/hosts/xlsx';
import { colLetter, header, newBook, put, title } from '../fixtures/sheet-builder';
import { Rng } from '../fixtures/bigledger/random';

async function read(wb: ExcelJS.Workbook): Promise<Workbook> {
  return readWorkbookBuffer(Buffer.from(await wb.xlsx.writeBuffer()), 'two-ways.xlsx');
}

interface Half {
  label: string;
  names: string[];
  /** Each row's figures, one list per column. */
  values: Decimal[][];
}

interface TwoWays {
  columns: string[];
  money: boolean;
  left: Half;
  right: Half;
}

/** Splits `total` into `n` positive parts (in cents for money, units for counts). */
function split(rng: Rng, total: Decimal, n: number, money: boolean): Decimal[] {
  const unit = money ? new Decimal('0.01') : new Decimal(1);
  const steps = total.div(unit).toNumber();
  const cuts = new Set<number>();
  while (cuts.size < n - 1) cuts.add(rng.int(1, steps - 1));
  const points = [0, ...[...cuts].sort((a, b) => a - b), steps];
  return points.slice(1).map((p, i) => unit.times(p - points[i]));
}

/** Spending of each row at one rate of the total's, in cents, the rounding remainder on the largest row. */
function spend(budgets: Decimal[], spent: Decimal): Decimal[] {
  const total = budgets.reduce((s, b) => s.plus(b), new Decimal(0));
  const out = budgets.map((b) => b.times(spent).div(total).toDecimalPlaces(2, Decimal.ROUND_DOWN));
  const rest = spent.minus(out.reduce((s, v) => s.plus(v), new Decimal(0)));
  const largest = budgets.reduce((m, b, i) => (b.gt(budgets[m]) ? i : m), 0);
  out[largest] = out[largest].plus(rest);
  return out;
}

function generate(seed: number, money: boolean): TwoWays {
  const rng = new Rng(seed);
  const columns = money ? ['全年预算数', '实际支出'] : ['项目个数', '套数'];
  const first = money ? new Decimal(rng.int(200000, 900000)).div(100) : new Decimal(rng.int(30, 60));
  const second = money
    ? first.times(rng.int(70, 95)).div(100).toDecimalPlaces(2, Decimal.ROUND_DOWN)
    : new Decimal(rng.int(2000, 9000));
  const half = (label: string, names: string[]): Half => {
    const a = split(rng, first, names.length, money);
    const b = money ? spend(a, second) : split(rng, second, names.length, money);
    return { label, names, values: names.map((_, r) => [a[r], b[r]]) };
  };
  return {
    columns,
    money,
    left: half('批次', ['第一批', '第二批', '第三批', '第四批'].slice(0, rng.int(3, 4))),
    right: half('类型', ['新建项目', '改造项目', '盘活项目']),
  };
}

/** The table's totals as the sum of each half's rows, column by column. */
function totalsOf(h: Half): Decimal[] {
  return h.values[0].map((_, c) => h.values.reduce((s, r) => s.plus(r[c]), new Decimal(0)));
}

/**
 * Writes the table: one title over both halves, one header row, a blank column between; each half's 合计 under its
 * own rows. `typed` overrides a half's total in a column (the planted figure).
 */
function build(t: TwoWays, typed: { left?: Decimal[]; right?: Decimal[] } = {}): ExcelJS.Workbook {
  const wb = newBook();
  const ws = wb.addWorksheet('申报情况');
  const width = t.columns.length + 1;
  const lastCol = colLetter(2 * width);
  title(ws, `A1:${lastCol}1`, '2020年住房租赁试点项目申报情况');
  put(ws, `${lastCol}2`, t.money ? '单位：万元' : '单位：个');
  const fmt = t.money ? '#,##0.00' : '0';
  const halves: [Half, number, Decimal[] | undefined][] = [
    [t.left, 0, typed.left],
    [t.right, width + 1, typed.right],
  ];
  for (const [h, start, override] of halves) {
    header(ws, 3, [h.label, ...t.columns], start);
    h.values.forEach((vals, r) => {
      put(ws, `${colLetter(start)}${4 + r}`, h.names[r]);
      vals.forEach((v, c) => put(ws, `${colLetter(start + 1 + c)}${4 + r}`, v.toNumber(), fmt));
    });
    const totalRow = 4 + h.values.length;
    put(ws, `${colLetter(start)}${totalRow}`, '合计');
    (override ?? totalsOf(h)).forEach((v, c) =>
      put(ws, `${colLetter(start + 1 + c)}${totalRow}`, v.toNumber(), fmt),
    );
  }
  return wb;
}

const cellOf = (t: TwoWays, side: 'left' | 'right', col: number): string => {
  const h = t[side];
  const start = side === 'left' ? 0 : t.columns.length + 2;
  return `${colLetter(start + 1 + col)}${4 + h.values.length}`;
};

/** Errors: low execution rates of the generated rows are warnings, no discrepancy. */
const above = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

describe.each([
  ['counts', false],
  ['万元', true],
])('one total broken down two ways, in %s', (_label, money) => {
  it.each(SEEDS)('seed %i: no error when both halves hold', async (seed) => {
    const t = generate(seed, money);
    expect(above(analyze(await read(build(t))).findings)).toEqual([]);
  });

  it.each(SEEDS)(
    'seed %i: the total typed wrong in both halves is one finding, naming the other',
    async (seed) => {
      const t = generate(seed, money);
      const col = seed % t.columns.length;
      const truth = totalsOf(t.left);
      const wrong = truth.map((v, c) => (c === col ? v.plus(money ? '40.00' : 1) : v));
      const a = analyze(await read(build(t, { left: wrong, right: wrong })));
      const errors = above(a.findings);
      expect(errors).toHaveLength(1);
      const [f] = errors;
      const cells = [cellOf(t, 'left', col), cellOf(t, 'right', col)];
      expect(cells).toContain(f.cell);
      const other = cells.find((c) => c !== f.cell) as string;
      expect(f.related).toEqual([{ sheet: '申报情况', cell: other }]);
      expect(f.message).toContain(`申报情况!${other}`);
      expect(new Decimal(f.expected).eq(truth[col])).toBe(true);
      // Both cells are wrong: the corrected figures hold the true value at each.
      const corrected = a.corrections.filter((c) => c.kind === 'corrected').map((c) => c.cell);
      expect(corrected.sort()).toEqual([...cells].sort());
    },
  );

  it.each(SEEDS)('seed %i: the total typed wrong in one half is one finding at it', async (seed) => {
    const t = generate(seed, money);
    const col = seed % t.columns.length;
    const side = seed % 2 === 0 ? 'left' : 'right';
    const truth = totalsOf(t[side]);
    const wrong = truth.map((v, c) => (c === col ? v.minus(money ? '0.90' : 1) : v));
    const a = analyze(await read(build(t, { [side]: wrong })));
    const errors = above(a.findings);
    expect(errors.map((f) => f.cell)).toEqual([cellOf(t, side, col)]);
    expect(new Decimal(errors[0].expected).eq(truth[col])).toBe(true);
  });
});

describe('two tables side by side, each of its own', () => {
  it('totals of two different tables on one sheet are never matched', async () => {
    const t = generate(3, true);
    const wb = build(t);
    const ws = wb.worksheets[0];
    // The right half gets a title of its own and totals of another scope entirely.
    ws.unMergeCells('A1:G1');
    title(ws, 'A1:C1', '2020年住房租赁试点项目申报情况');
    title(ws, 'E1:G1', '2020年老旧小区改造项目情况');
    const rows = t.right.values.length;
    const other = t.right.values.map((r) => r.map((v) => v.times(3)));
    other.forEach((vals, r) => vals.forEach((v, c) => put(ws, `${colLetter(5 + c)}${4 + r}`, v.toNumber())));
    totalsOf({ ...t.right, values: other }).forEach((v, c) =>
      put(ws, `${colLetter(5 + c)}${4 + rows}`, v.toNumber()),
    );
    expect(above(analyze(await read(wb)).findings)).toEqual([]);
  });
});
