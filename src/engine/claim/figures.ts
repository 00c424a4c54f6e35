/**
 * The figures a draft can state, from the analysis: every row of every ledger and every table as a whole, by the
 * names a sentence calls them, with their true values (the correction model's value where it found a stated cell
 * wrong, else the stated figure, else what the row's parts give) and the cells they come from.
 */
import type Decimal from 'decimal.js';
import { dec, sub, sum } from '../money';
import type { Analysis, Field, Ledger, LedgerRow } from '../types';
import { normalise } from './extract';

/** What a number can state about a row: its fields, and a few figures the narrative derives. */
export type Term =
  Field | 'over' | 'authorized' | 'actualStaff' | 'contract' | 'retired' | 'staffOver' | 'controlRate';

export interface Figure {
  value: Decimal;
  /** The cells it comes from: the stated cell, or the cells of the figures it is computed from. */
  cells: { sheet: string; cell: string }[];
  /** For counts: the header of the column the count is stated in (个数, 套数 …). */
  header?: string;
}

export interface Subject {
  /** The name as the draft writes it (the row's name, a table's title or sheet name). */
  names: string[];
  /** Names the subject needs near it (its parent row, its table) when the name the draft uses is not {@link unique}. */
  context: string[];
  /** Its names that are long and name this subject only: enough on their own. */
  unique: Set<string>;
  label: string;
  figure(term: Term): Figure | undefined;
  /** Money fields the subject states (for a number whose words name no term). */
  moneyTerms: Term[];
  key: string;
}

const MONEY: readonly Field[] = ['initial', 'carryOver', 'added', 'reduced', 'available', 'spent', 'surplus'];
const GENERIC = /^(合计|总计|小计|其中|其他|项目|名称|金额)$/;

/** A table's names for sentences: its title without the year and the trailing 表 / 情况表, and its sheet's name. */
function tableNames(l: Ledger): string[] {
  const out = new Set<string>();
  const title = l.table.title?.replace(/\s+/g, '');
  if (title) {
    const t = title.replace(/^\d{4}年度?/, '').replace(/表$/, '');
    out.add(t);
    out.add(t.replace(/(执行|使用)?情况$/, ''));
    out.add(t.replace(/(分配安排和使用|资金使用明细|执行)情况$/, ''));
  }
  out.add(l.table.sheet.replace(/\s+/g, ''));
  return [...out].map((n) => normalise(n).norm).filter((n) => n.length >= 2 && !GENERIC.test(n));
}

function rowNames(r: LedgerRow): string[] {
  const name = r.name.replace(/\s+/g, '');
  const out = new Set<string>([name]);
  // 施工图审查服务费（成本目标）is also called 施工图审查服务费.
  const bare = name.replace(/[（(][^）)]*[）)]$/, '');
  out.add(bare);
  return [...out].map((n) => normalise(n).norm).filter((n) => n.length >= 2 && !GENERIC.test(n));
}

class RowFigures {
  private readonly wrong: Map<string, Decimal | undefined>;
  private readonly kids = new Map<Ledger, Map<number, number[]>>();

  constructor(analysis: Analysis) {
    this.wrong = new Map(
      analysis.corrections
        .filter((c) => c.kind === 'corrected')
        .map((c) => [`${c.sheet}!${c.cell}`, c.value]),
    );
  }

  private children(l: Ledger, index: number): number[] {
    let map = this.kids.get(l);
    if (!map) {
      const m = new Map<number, number[]>();
      l.rows.forEach((r, i) => {
        if (r.parent !== undefined) m.set(r.parent, [...(m.get(r.parent) ?? []), i]);
      });
      this.kids.set(l, m);
      map = m;
    }
    if (l.rows[index].kind === 'total') return topRows(l);
    return map.get(index) ?? [];
  }

  /** A stated term as it truly stands: stated, or corrected, or what its parts give. */
  term(l: Ledger, index: number, field: Field): Figure | undefined {
    const row = l.rows[index];
    const s = row.stated[field];
    if (s) {
      const key = `${row.sheet}!${s.cell}`;
      const cells = [{ sheet: row.sheet, cell: s.cell }];
      if (!this.wrong.has(key)) return { value: s.value, cells };
      const corrected = this.wrong.get(key);
      if (corrected) return { value: corrected, cells };
    }
    const parts = this.children(l, index)
      .map((i) => this.term(l, i, field))
      .filter((f): f is Figure => !!f);
    if (parts.length === 0) return undefined;
    return { value: sum(parts.map((p) => p.value)), cells: parts.flatMap((p) => p.cells) };
  }

  figure(l: Ledger, index: number, term: Term): Figure | undefined {
    const row = l.rows[index];
    const cellsOf = (...fields: Field[]): { sheet: string; cell: string }[] =>
      fields.flatMap((f) => (row.stated[f] ? [{ sheet: row.sheet, cell: row.stated[f].cell }] : []));
    switch (term) {
      case 'available':
        return row.available ? { value: row.available, cells: cellsOf('available', 'initial') } : undefined;
      case 'spent':
        return row.spent ? { value: row.spent, cells: cellsOf('spent') } : this.term(l, index, 'spent');
      case 'surplus':
        return row.surplus
          ? { value: row.surplus, cells: cellsOf('surplus', 'available', 'spent') }
          : undefined;
      case 'rate':
        return row.rate ? { value: row.rate, cells: cellsOf('rate', 'spent', 'available') } : undefined;
      case 'over':
        return row.spent && row.available
          ? { value: sub(row.spent, row.available), cells: cellsOf('spent', 'available', 'initial') }
          : undefined;
      case 'count': {
        const f = this.term(l, index, 'count');
        const col = row.stated.count?.cell.replace(/\d+$/, '');
        return f ? { ...f, header: col ? l.table.headers[col] : undefined } : undefined;
      }
      case 'initial':
      case 'carryOver':
      case 'added':
      case 'reduced':
      case 'reduction':
      case 'change':
      case 'prevYear':
        return this.term(l, index, term);
      default:
        return undefined;
    }
  }

  /** A table without a 合计 row, as a whole: its top-level rows added up (rates from the ledger's totals). */
  tableFigure(l: Ledger, term: Term): Figure | undefined {
    const t = l.totals;
    const cells = (): { sheet: string; cell: string }[] =>
      topRows(l).flatMap((i) =>
        Object.values(l.rows[i].stated).map((s) => ({ sheet: l.table.sheet, cell: s.cell })),
      );
    const direct: Partial<Record<Term, Decimal | undefined>> = {
      initial: t.initial,
      available: t.available,
      spent: t.spent,
      surplus: t.surplus,
      rate: t.rate,
    };
    const v = direct[term];
    if (v) return { value: v, cells: cells() };
    if (term !== 'carryOver' && term !== 'added' && term !== 'reduced' && term !== 'count') return undefined;
    const parts = topRows(l)
      .map((i) => this.term(l, i, term))
      .filter((f): f is Figure => !!f);
    return parts.length
      ? { value: sum(parts.map((p) => p.value)), cells: parts.flatMap((p) => p.cells) }
      : undefined;
  }
}

function topRows(l: Ledger): number[] {
  const out: number[] = [];
  l.rows.forEach((r, i) => {
    if (r.parent === undefined && r.kind !== 'total') out.push(i);
  });
  return out;
}

function moneyTerms(f: (t: Term) => Figure | undefined, stated: Partial<Record<Field, unknown>>): Term[] {
  return MONEY.filter((m) => stated[m] !== undefined && f(m) !== undefined);
}

/** Every subject a draft can name, from the analysis. */
export function subjectsOf(analysis: Analysis): Subject[] {
  const figures = new RowFigures(analysis);
  const out: Subject[] = [];
  analysis.ledgers.forEach((l, li) => {
    const tNames = tableNames(l);
    const total = l.rows.findIndex((r) => r.kind === 'total');
    const whole = total >= 0 ? total : l.rows.length === 1 ? 0 : -1;
    if (tNames.length) {
      const f =
        whole >= 0 ? (t: Term) => figures.figure(l, whole, t) : (t: Term) => figures.tableFigure(l, t);
      out.push({
        names: tNames,
        context: [],
        unique: new Set(tNames),
        label: tNames[0],
        figure: f,
        moneyTerms:
          whole >= 0
            ? moneyTerms(f, l.rows[whole].stated)
            : moneyTerms(f, Object.fromEntries(Object.values(l.table.fields).map((x) => [x, true]))),
        key: `table:${li}`,
      });
    }
    l.rows.forEach((r, ri) => {
      if (r.kind === 'total') return;
      const names = rowNames(r);
      if (!names.length) return;
      const parent = r.parent !== undefined ? rowNames(l.rows[r.parent]) : [];
      const f = (t: Term): Figure | undefined => figures.figure(l, ri, t);
      out.push({
        names,
        context: [...parent, ...tNames],
        unique: new Set(),
        label: names[0],
        figure: f,
        moneyTerms: moneyTerms(f, r.stated),
        key: `row:${li}:${ri}`,
      });
    });
  });
  // A name is enough on its own when it is long and names one thing only.
  const uses = new Map<string, number>();
  for (const s of out) for (const n of new Set(s.names)) uses.set(n, (uses.get(n) ?? 0) + 1);
  for (const s of out) for (const n of s.names) if (n.length >= 6 && uses.get(n) === 1) s.unique.add(n);
  const st = analysis.staffing;
  if (st) {
    const facts: Partial<Record<Term, number | Decimal | undefined>> = {
      authorized: st.authorized,
      actualStaff: st.actual,
      contract: st.contract,
      retired: st.retired,
      controlRate: st.controlRate,
      staffOver:
        st.actual !== undefined && st.authorized !== undefined ? st.actual - st.authorized : undefined,
    };
    out.push({
      names: [],
      context: [],
      unique: new Set(),
      label: '人员',
      figure: (t) => {
        const v = facts[t];
        return v === undefined ? undefined : { value: typeof v === 'number' ? dec(v) : v, cells: [] };
      },
      moneyTerms: [],
      key: 'staffing',
    });
  }
  return out;
}
