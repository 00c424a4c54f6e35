/**
 * The `cause` cases of domain.md §3, planted in generated tables: a transposition, one wrong digit, 元 typed in a
 * 万元 column, a rate over the wrong denominator (年初预算 instead of 全年预算数; this year instead of last year), a
 * total with a row left out, a total that exceeds its parts by one consistent missing row, a total that counts a
 * group and its items, an increase written as a decrease.
 */
import Decimal from 'decimal.js';
import { execution, ledger, sangong, type R } from './layouts';
import { locate, round, shown, valuesOf, type Figure, type Table } from './model';

export type Cause =
  | 'transposition'
  | 'digit'
  | 'unit'
  | 'denominator'
  | 'omitted-row'
  | 'missing-row'
  | 'double-count'
  | 'sign';

export interface CauseCase {
  cause: Cause;
  table: Table;
  /** The planted cells and their wrong values. */
  plants: [string, Decimal][];
  /** Where the one finding must be: these cells, or (missingRow) any cell of this 1-based row. */
  cells: string[];
  row?: number;
  expected?: string;
  about: string;
}

const cents = (v: Decimal): string => v.times(100).toFixed(0);
const fromCents = (s: string): Decimal => new Decimal(s).div(100);

/** One of `xs`, or undefined when there is none. */
function anyOf<T>(r: R, xs: T[]): T | undefined {
  return xs.length === 0 ? undefined : r.pick(xs);
}

function figures(t: Table, pred: (f: Figure) => boolean): Figure[] {
  return [...t.figures.values()].filter((f) => f.plantable && pred(f));
}

/** A single planted cell, kept only where the reference reading puts the finding at that cell alone. */
function single(cause: Cause, t: Table, f: Figure, wrong: Decimal, about: string): CauseCase | null {
  if (
    wrong
      .minus(f.value)
      .abs()
      .lt(f.yuan ? 10000 : 1)
  )
    return null; // well outside rounding only
  const loc = locate(t, f.id, wrong);
  if (loc.how !== 'unique' || loc.cells[0] !== f.id) return null;
  return {
    cause,
    table: t,
    plants: [[f.id, wrong]],
    cells: [f.id],
    expected: shown(f, f.value),
    about: `${about}: ${f.id} ${f.value.toFixed()} → ${wrong.toFixed()}`,
  };
}

function rowOf(id: string): number {
  return Number(/\d+$/.exec(id)?.[0]);
}

function colOf(id: string): string {
  return /^[A-Z]+/.exec(id)?.[0] ?? '';
}

export function transposition(r: R): CauseCase | null {
  const t = execution(r);
  const f = anyOf(
    r,
    figures(t, (x) => x.kind === 'spent' && x.value.gte(10)),
  );
  if (!f) return null;
  const d = cents(f.value).split('');
  const at = d
    .map((_, i) => i)
    .filter((i) => i + 1 < d.length && d[i] !== d[i + 1] && !(i === 0 && d[1] === '0'));
  if (at.length === 0) return null;
  const i = r.pick(at);
  [d[i], d[i + 1]] = [d[i + 1], d[i]];
  return single('transposition', t, f, fromCents(d.join('')), 'spent, two adjacent digits swapped');
}

export function digit(r: R): CauseCase | null {
  const t = execution(r);
  const f = anyOf(
    r,
    figures(t, (x) => x.kind === 'available' && x.value.gte(10)),
  );
  if (!f) return null;
  const d = cents(f.value).split('');
  const i = r.int(0, d.length - 3); // a digit of the whole 万元 (or 元), well outside rounding
  const choices = '0123456789'.split('').filter((c) => c !== d[i] && !(i === 0 && c === '0'));
  d[i] = r.pick(choices);
  return single('digit', t, f, fromCents(d.join('')), '全年预算数, one digit wrong');
}

export function unit(r: R): CauseCase | null {
  const t = execution(r);
  const f = anyOf(
    r,
    figures(t, (x) => x.kind === 'spent' && !x.yuan),
  );
  if (!f) return null;
  return single('unit', t, f, f.value.times(10000), '元 typed in a 万元 column');
}

export function denominatorInitial(r: R): CauseCase | null {
  const t = execution(r);
  const rates = figures(t, (x) => x.kind === 'rate');
  const f = anyOf(r, rates);
  if (!f) return null;
  const row = rowOf(f.id);
  const v = valuesOf(t);
  const initial = v.get(`B${row}`) as Decimal;
  const spent = v.get(`G${row}`) as Decimal;
  if (initial.isZero()) return null;
  const wrong = round(spent.div(initial), 4);
  if (wrong.minus(f.value).abs().lt(0.005)) return null;
  return single('denominator', t, f, wrong, '执行率 over 年初预算 instead of 全年预算数');
}

export function denominatorYoy(r: R): CauseCase | null {
  const t = sangong(r);
  const f = anyOf(
    r,
    figures(t, (x) => x.kind === 'change'),
  );
  if (!f) return null;
  const row = rowOf(f.id);
  const v = valuesOf(t);
  const curCol = t.about.includes('budget yoy') ? 'B' : 'C';
  const prevCol = t.about.includes('budget yoy') ? 'C' : 'D';
  const cur = v.get(`${curCol}${row}`) as Decimal;
  const prev = v.get(`${prevCol}${row}`) as Decimal;
  if (cur.isZero() || cur.eq(prev)) return null;
  const wrong = round(cur.minus(prev).div(cur), 4);
  if (wrong.minus(f.value).abs().lt(0.005)) return null;
  return single('denominator', t, f, wrong, '增减率 over this year instead of last year');
}

/** The 合计 row's cell in the same column as `id`. */
function totalCellOf(t: Table, col: string): Figure | undefined {
  return [...t.figures.values()].find((f) => f.kind === 'total' && colOf(f.id) === col);
}

export function omittedRow(r: R): CauseCase | null {
  const t = execution(r);
  const total = totalCellOf(t, 'G');
  const items = figures(t, (x) => x.kind === 'spent');
  if (!total || items.length < 3) return null;
  const left = r.pick(items);
  return single(
    'omitted-row',
    t,
    total,
    total.value.minus(left.value),
    `合计 实际支出 leaves out ${left.id}`,
  );
}

export function missingRow(r: R): CauseCase | null {
  const t = execution(r);
  const cells = ['B', 'F', 'H', 'I'].map((c) => totalCellOf(t, c));
  if (cells.some((c) => !c)) return null;
  const [ini, ava, sur, rate] = cells as Figure[];
  const spent = totalCellOf(t, 'G') as Figure;
  const x = r.amount(1, 200).times(ini.yuan ? 10000 : 1);
  const available = ava.value.plus(x);
  const plants: [string, Decimal][] = [
    [ini.id, ini.value.plus(x)],
    [ava.id, available],
    [sur.id, sur.value.plus(x)],
    [rate.id, round(spent.value.div(available), 4)],
  ];
  return {
    cause: 'missing-row',
    table: t,
    plants,
    cells: [],
    row: rowOf(ini.id),
    about: `合计 exceeds its items by one row of ${x.toFixed(2)} in 年初预算, 全年预算数 and 结余`,
  };
}

export function doubleCount(r: R): CauseCase | null {
  const t = ledger(r);
  const total = totalCellOf(t, 'C');
  if (!total) return null;
  // The first group row after the 合计 (a group total, kind subtotal, spent column C) is counted twice.
  const groups = [...t.figures.values()].filter((f) => f.kind === 'subtotal' && colOf(f.id) === 'C');
  const g = groups[0];
  if (!g) return null;
  return single(
    'double-count',
    t,
    total,
    total.value.plus(g.value),
    `合计 实际支出 counts ${g.id} and its items`,
  );
}

export function sign(r: R): CauseCase | null {
  const t = sangong(r);
  const f = anyOf(
    r,
    figures(t, (x) => x.kind === 'changeAmount' && x.value.gt(0)),
  );
  if (!f) return null;
  return single('sign', t, f, f.value.negated(), '增加 written as a decrease');
}

export const CAUSES: [Cause, (r: R) => CauseCase | null][] = [
  ['transposition', transposition],
  ['digit', digit],
  ['unit', unit],
  ['denominator', denominatorInitial],
  ['denominator', denominatorYoy],
  ['omitted-row', omittedRow],
  ['missing-row', missingRow],
  ['double-count', doubleCount],
  ['sign', sign],
];
