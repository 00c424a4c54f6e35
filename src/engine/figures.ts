/**
 * One figure per quantity: the value every output (the pane, 执行汇总, 问题清单, the report's text and the Word
 * document) shows for a row's or a table's amount, surplus and rate, and what it says about it. The policy
 * (docs/figures.md):
 *
 * - an amount the sheet states is shown as stated where it holds (a rounding difference, 尾差, holds);
 * - where the correction model found the cell wrong (`corrected`, or a formula cell that `follows` one), its
 *   corrected value is shown, and said so: （表中为 147.10，经核应为 107.10）;
 * - where the model cannot tell which cell is wrong (`disputed`), the stated value is shown, and the disagreement
 *   said: （与明细之和 107.10 不符，待核实）; no figure is silently replaced;
 * - an amount the sheet does not state is computed from the row's own figures (its parts, or its budget terms);
 * - 结余 and 执行率 are always computed from the row's shown 全年预算数 and 实际支出, so that every sentence adds
 *   up; where the sheet states them they agree up to a 尾差, which 问题清单 lists;
 * - a table's figure is its 合计 row's figure; a table without one is the sum of its top-level rows.
 */
import type Decimal from 'decimal.js';
import { showPercent, showWan, sum } from './money';
import type { Analysis, Lang, Ledger, LedgerRow, Totals } from './types';

/** The quantities of a ledger row that outputs show. */
export type FigureField =
  'initial' | 'carryOver' | 'added' | 'reduced' | 'available' | 'spent' | 'surplus' | 'rate' | 'prevYear';

export const AMOUNT_FIELDS = ['initial', 'carryOver', 'added', 'reduced', 'available', 'spent'] as const;

/**
 * `stated`: the sheet's figure, which holds. `corrected`: the sheet's figure is wrong; `value` is the true one.
 * `disputed`: the sheet's figure, which disagrees with its parts where no one cell can be shown wrong.
 * `computed`: the sheet states no figure (or it is a surplus or a rate, always computed).
 */
export type FigureStatus = 'stated' | 'corrected' | 'disputed' | 'computed';

export interface Figure {
  value: Decimal;
  status: FigureStatus;
  /** A rate, as a fraction (shown with `%`); else an amount in 万元. */
  percent: boolean;
  /** The cell that states the quantity, where one does. */
  sheet?: string;
  cell?: string;
  /** What the sheet states, where it is not `value` (a corrected figure). */
  stated?: Decimal;
  /** What the parts give, for a disputed figure. */
  parts?: Decimal;
  /** The cell states 元 (`value` is in 万元). */
  yuan?: boolean;
}

type Correction = Analysis['corrections'][number];

/** The figures of one analysis: look-ups of its corrections, built once per analysis. */
export interface FigureBook {
  /** A row's figure; undefined where the row has none. */
  row(ledger: Ledger, index: number, field: FigureField): Figure | undefined;
  /** A table's figure: its 合计 row's, else the sum of its top-level rows. */
  table(ledger: Ledger, field: FigureField): Figure | undefined;
  /** The row that stands for the table (its first 合计), or -1. */
  totalRow(ledger: Ledger): number;
}

const books = new WeakMap<Analysis, FigureBook>();

/** The one place every output asks for a quantity's figure. */
export function figuresOf(analysis: Analysis): FigureBook {
  let book = books.get(analysis);
  if (!book) {
    book = makeBook(analysis.corrections, analysis.options.rateBase);
    books.set(analysis, book);
  }
  return book;
}

/**
 * The figures of ledgers before their analysis exists (the engine's own totals use it); `corrections` and `rateBase`
 * are the analysis's.
 */
export function makeBook(corrections: readonly Correction[], rateBase: 'available' | 'initial'): FigureBook {
  const byCell = new Map<string, Correction>();
  for (const c of corrections) {
    const key = `${c.sheet}!${c.cell}`;
    // A cell found wrong outranks a dispute about it.
    const had = byCell.get(key);
    if (!had || had.kind === 'disputed') byCell.set(key, c);
  }
  // Most sheets have no correction: their cells are not looked up.
  const corrected = new Set(corrections.map((c) => c.sheet));
  const children = new WeakMap<Ledger, Map<number, number[]>>();
  // The figures summed from other rows, by ledger and field: only these are kept (a row's own figures are made when
  // asked, which costs less than keeping a million of them for a large ledger).
  const memo = new WeakMap<Ledger, Partial<Record<FigureField, Map<number, Figure | null>>>>();

  const stating = new WeakMap<Ledger, Set<string>>();
  /** The fields some row of a ledger states. */
  const statedIn = (l: Ledger): Set<string> => {
    let fields = stating.get(l);
    if (!fields) {
      fields = new Set();
      for (const r of l.rows) for (const key in r.stated) if (r.stated[key as FigureField]) fields.add(key);
      stating.set(l, fields);
    }
    return fields;
  };

  const kidsOf = (l: Ledger, index: number): number[] => {
    let map = children.get(l);
    if (!map) {
      const m = new Map<number, number[]>();
      l.rows.forEach((r, i) => {
        if (r.parent === undefined) return;
        const kids = m.get(r.parent);
        if (kids) kids.push(i);
        else m.set(r.parent, [i]);
      });
      children.set(l, m);
      map = m;
    }
    return map.get(index) ?? [];
  };

  const topOf = (l: Ledger): number[] => {
    const out: number[] = [];
    l.rows.forEach((r, i) => {
      if (r.parent === undefined && r.kind !== 'total') out.push(i);
    });
    return out;
  };

  const totalRow = (l: Ledger): number => l.rows.findIndex((r) => r.kind === 'total');

  // Figures are built as literals of one shape (no spread): a large ledger has a million of them.
  const statedFigure = (row: LedgerRow, field: FigureField): Figure | undefined => {
    const s = row.stated[field];
    if (!s) return undefined;
    const percent = field === 'rate';
    const cell = s.cell;
    const c = corrected.has(row.sheet) ? byCell.get(`${row.sheet}!${cell}`) : undefined;
    const fig: Figure = { percent, sheet: row.sheet, cell, value: s.value, status: 'stated' };
    if (s.yuan) fig.yuan = true;
    if (c && c.kind !== 'disputed' && c.value !== undefined) {
      fig.value = c.value;
      fig.status = 'corrected';
      fig.stated = s.value;
    } else if (c && c.kind === 'disputed') {
      fig.status = 'disputed';
      if (c.value !== undefined) fig.parts = c.value;
    }
    return fig;
  };

  const sumOf = (figs: (Figure | undefined)[]): Decimal | undefined => {
    const vs = figs.filter((f): f is Figure => !!f).map((f) => f.value);
    return vs.length ? sum(vs) : undefined;
  };

  function rowFigure(l: Ledger, index: number, field: FigureField): Figure | undefined {
    const row = l.rows[index];
    if (field === 'surplus' || field === 'rate') {
      const spent = rowFigure(l, index, 'spent');
      const base = rowFigure(l, index, field === 'rate' && rateBase === 'initial' ? 'initial' : 'available');
      const stated = statedFigure(row, field);
      if (!spent || !base) return undefined;
      let value: Decimal;
      if (field === 'surplus') value = base.value.minus(spent.value);
      else if (base.value.isZero()) return undefined;
      else value = spent.value.div(base.value);
      const percent = field === 'rate';
      if (!stated) return { value, status: 'computed', percent };
      const fig: Figure = { sheet: stated.sheet, cell: stated.cell, value, status: 'stated', percent };
      if (stated.status === 'corrected') {
        fig.status = 'corrected';
        fig.stated = stated.stated;
      }
      return fig;
    }
    const stated = statedFigure(row, field);
    if (stated) return stated;
    // Not stated: what the row's figures give (its true 全年预算数 / 实际支出), else what its parts add up to.
    if (field === 'available' || field === 'spent') {
      const own = field === 'available' ? row.available : row.spent;
      if (own) return { value: own, status: 'computed', percent: false };
    } else if (!statedIn(l).has(field)) {
      // No row of the ledger states it: no parts add up to one.
      return undefined;
    }
    return partsFigure(l, index, field);
  }

  function partsFigure(l: Ledger, index: number, field: FigureField): Figure | undefined {
    const kids = l.rows[index].kind === 'total' ? undefined : kidsOf(l, index);
    // Nothing beneath the row: nothing to add up (most rows of a large ledger; not kept).
    if (kids?.length === 0) return undefined;
    let m = memo.get(l);
    if (!m) {
      m = {};
      memo.set(l, m);
    }
    const byRow = (m[field] ??= new Map());
    const had = byRow.get(index);
    if (had !== undefined) return had ?? undefined;
    const parts = kids ?? topOf(l);
    const total = parts.length ? sumOf(parts.map((i) => rowFigure(l, i, field))) : undefined;
    const fig: Figure | undefined = total ? { value: total, status: 'computed', percent: false } : undefined;
    byRow.set(index, fig ?? null);
    return fig;
  }

  function tableFigure(l: Ledger, field: FigureField): Figure | undefined {
    const t = totalRow(l);
    if (t >= 0) {
      const f = rowFigure(l, t, field);
      if (f) return f;
    }
    if (l.rows.length === 1) return rowFigure(l, 0, field);
    if (field === 'surplus' || field === 'rate') {
      const spent = tableFigure(l, 'spent');
      const base = tableFigure(l, field === 'rate' && rateBase === 'initial' ? 'initial' : 'available');
      if (!spent || !base) return undefined;
      if (field === 'surplus')
        return { value: base.value.minus(spent.value), status: 'computed', percent: false };
      if (base.value.isZero()) return undefined;
      return { value: spent.value.div(base.value), status: 'computed', percent: true };
    }
    const total = sumOf(topOf(l).map((i) => rowFigure(l, i, field)));
    return total ? { value: total, status: 'computed', percent: false } : undefined;
  }

  return { row: rowFigure, table: tableFigure, totalRow };
}

/** A figure as shown: 万元 with two decimals, rates with two decimals and `%`; half-up. */
export function showFigure(f: Figure): string {
  return f.percent ? showPercent(f.value) : showWan(f.value);
}

const show = (v: Decimal, percent: boolean) => (percent ? showPercent(v) : showWan(v));

/**
 * What a sentence says beside a figure the sheet does not state as shown: （表中为 147.10，经核应为 107.10） for a
 * corrected one, （与明细之和 107.10 不符，待核实） for a disputed one; '' for a figure that holds.
 */
export function figureNote(f: Figure | undefined, lang: Lang): string {
  if (!f) return '';
  if (f.status === 'corrected' && f.stated !== undefined) {
    const stated = show(f.stated, f.percent);
    const value = show(f.value, f.percent);
    if (stated === value) return '';
    return lang === 'zh-CN'
      ? `（表中为${stated}，经核应为${value}）`
      : ` (the table states ${stated}; checked, it should be ${value})`;
  }
  if (f.status === 'disputed' && f.parts !== undefined) {
    const parts = show(f.parts, f.percent);
    return lang === 'zh-CN'
      ? `（与明细之和${parts}不符，待核实）`
      : ` (its parts add up to ${parts}; to be verified)`;
  }
  return '';
}

/** A table's totals as every output shows them: its figures of 年初预算, 全年预算数, 实际支出, 结余 and 执行率. */
export function tableTotals(book: FigureBook, ledger: Ledger): Totals {
  const out: Totals = {};
  for (const field of ['initial', 'available', 'spent', 'surplus', 'rate'] as const) {
    const f = book.table(ledger, field);
    if (f) out[field] = f.value;
  }
  return out;
}
