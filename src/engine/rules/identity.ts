/**
 * Rules `available`, `surplus`, `rate`, `reduction` and `change` (with 增减额, 完成年初预算 and 占比): the identities
 * each row states about itself (domain.md §2). They only state identities; the correction model decides which cell
 * of a failing one is wrong.
 */
import type { Identity, Term } from '../correct/identity';
import { D } from '../money';
import { statedBy, type Stated, type WorkRow } from '../ledger';
import type { Field } from '../types';
import { own, type RuleTable } from './table';

const ZERO = new D(0);

function term(x: Stated | 0, neg = false): Term {
  if (x === 0) return { value: ZERO };
  return neg ? { cell: x, value: x.value, neg: true } : { cell: x, value: x.value };
}

/** The budget terms of 全年预算数 on a row, or undefined when the row does not state all of them. */
function availableTerms(t: RuleTable, row: WorkRow): Term[] | undefined {
  const out: Term[] = [];
  const fields: Field[] = ['initial', 'carryOver', 'added', 'reduced'];
  for (const f of fields) {
    if (!t.ledger.fieldsPresent.has(f)) continue;
    const x = own(row, f);
    if (x === undefined) return undefined;
    out.push(term(x, f === 'reduced'));
  }
  // Second columns of the terms (本年下达 beside 本年争取).
  for (const c of t.ledger.raw.columns) {
    if (!c.second || (c.field !== 'carryOver' && c.field !== 'added' && c.field !== 'reduced')) continue;
    const x = own(row, `${c.field}@${c.col}`);
    if (x === undefined) return undefined;
    out.push(term(x, c.field === 'reduced'));
  }
  return out;
}

/** The row's 全年预算数 as terms: the stated cell, else its budget terms when they are stated. */
export function availableAsTerms(t: RuleTable, row: WorkRow): Term[] | undefined {
  const a = row.vals.available;
  if (a) return [term(a)];
  if (!t.termsTable && row.vals.initial) return [term(row.vals.initial)];
  const terms = availableTerms(t, row);
  if (!terms || !terms.some((x) => x.cell)) return undefined;
  return terms;
}

const RULE_OF: Record<Identity['kind'], Identity['rule']> = {
  sum: 'sum',
  breakdown: 'sum',
  rowTotal: 'sum',
  formula: 'sum',
  overspend: 'overspend',
  cross: 'cross',
  available: 'available',
  surplus: 'surplus',
  rate: 'rate',
  initialRate: 'rate',
  share: 'rate',
  reduction: 'reduction',
  change: 'change',
  changeAmount: 'change',
};

function identity(
  t: RuleTable,
  row: WorkRow,
  kind: Identity['kind'],
  target: Stated,
  field: Field,
  terms: Term[],
  den?: Term[],
): Identity {
  return {
    kind,
    rule: RULE_OF[kind],
    relation: den ? 'ratio' : 'eq',
    target,
    terms,
    ...(den ? { den } : {}),
    sheet: t.sheet,
    row,
    field,
  };
}

/** The identities a row states about itself. */
export function rowIdentities(t: RuleTable, row: WorkRow, out: Identity[]): void {
  const v = row.vals;
  if (v.available && t.termsTable) {
    // A row that states none of the terms gives no breakdown of its 全年预算数; among stated terms a blank is 0.
    const terms = availableTerms(t, row);
    if (terms && terms.some((x) => x.cell))
      out.push(identity(t, row, 'available', v.available, 'available', terms));
  }
  const avail = availableAsTerms(t, row);
  if (v.surplus && v.spent && avail) {
    out.push(identity(t, row, 'surplus', v.surplus, 'surplus', [...avail, term(v.spent, true)]));
  }
  if (v.rate && v.spent) {
    const base = t.rateBase === 'initial' ? (v.initial ? [term(v.initial)] : undefined) : avail;
    if (base) out.push(identity(t, row, 'rate', v.rate, 'rate', [term(v.spent)], base));
  }
  if (v.initialRate && v.spent && v.initial) {
    out.push(
      identity(t, row, 'initialRate', v.initialRate, 'initialRate', [term(v.spent)], [term(v.initial)]),
    );
  }
  if (v.reduction && v.spent) {
    const budget = v.initial ? [term(v.initial)] : avail;
    if (budget)
      out.push(
        identity(t, row, 'reduction', v.reduction, 'reduction', [...budget, term(v.spent, true)], budget),
      );
  }
  // 比上年增减: this year against last year, of spending (上年决算) or of budgets (上年预算).
  const pairs: [Stated | undefined, Stated | undefined][] = [
    [v.spent ?? v.available, v.prevYear],
    [v.initial ?? v.available, v.prevBudget],
  ];
  for (const [current, previous] of pairs) {
    if (!current || !previous) continue;
    if (v.changeAmount) {
      out.push(
        identity(t, row, 'changeAmount', v.changeAmount, 'changeAmount', [
          term(current),
          term(previous, true),
        ]),
      );
    }
    if (v.change) {
      out.push(
        identity(
          t,
          row,
          'change',
          v.change,
          'change',
          [term(current), term(previous, true)],
          [term(previous)],
        ),
      );
    }
    break;
  }
  rowTotalIdentities(t, row, out);
  formulaIdentities(t, row, out);
  // Spending within budget (an item's): a bound the correction model weighs, reported by the bounds rule.
  const budget = v.available ?? (!t.termsTable ? v.initial : undefined);
  if (
    v.spent &&
    budget &&
    row.children.length === 0 &&
    row.parts.length === 0 &&
    row.kind === 'item' &&
    !row.countRow
  ) {
    out.push({ ...identity(t, row, 'overspend', budget, 'available', [term(v.spent)]), relation: 'le' });
  }
}

/**
 * Identities printed in the header (`合计 3=1+2`): checked across the row, unless an identity the rules state
 * already covers that column (全年预算数 from its terms, 结余, a row-wise total).
 */
function formulaIdentities(t: RuleTable, row: WorkRow, out: Identity[]): void {
  const covered = new Set((t.ledger.raw.rowTotals ?? []).map((g) => g.total));
  if (t.termsTable) covered.add('available');
  covered.add('surplus');
  for (const f of t.ledger.raw.formulas ?? []) {
    if (covered.has(f.target)) continue;
    const target = statedBy(row, f.target);
    if (!target) continue;
    const terms: Term[] = [];
    let stated = 0;
    for (const x of f.terms) {
      const v = own(row, x.key);
      if (v === undefined) {
        stated = -1;
        break;
      }
      if (v !== 0) stated++;
      terms.push(term(v, x.neg));
    }
    if (stated > 0)
      out.push(identity(t, row, 'formula', target, target.owner ? fieldOfKey(f.target) : 'spent', terms));
  }
}

function fieldOfKey(key: string): Field {
  return key.split('@')[0] as Field;
}

/** Row-wise totals: a total column equal to the sum of its part columns (合计 | 基本支出 | 项目支出). */
function rowTotalIdentities(t: RuleTable, row: WorkRow, out: Identity[]): void {
  for (const group of t.ledger.raw.rowTotals ?? []) {
    const total = statedBy(row, group.total);
    if (!total) continue;
    const terms: Term[] = [];
    let stated = 0;
    for (const key of group.parts) {
      const x = own(row, key);
      if (x === undefined) {
        terms.length = 0;
        break;
      }
      if (x !== 0) stated++;
      terms.push(term(x));
    }
    if (terms.length === 0 || stated === 0) continue;
    const id = identity(t, row, 'rowTotal', total, group.field, terms);
    out.push(group.complete ? id : { ...id, relation: 'le' });
  }
}

/** The shares of a column against its table's total (占比 = part ÷ total). */
export function shareIdentities(
  t: RuleTable,
  row: WorkRow,
  total: WorkRow | undefined,
  out: Identity[],
): void {
  const s = row.vals.share;
  // A share is of the row's own total: a 其中 part's of its row, a group's item's of its group, the rest the table's.
  const over = row.partOf ?? row.parent ?? total;
  if (!s || !over || over === row) return;
  const base = t.ledger.raw.shareOf ?? 'spent';
  const part = row.vals[base];
  const whole = over.vals[base];
  if (!part || !whole) return;
  out.push(identity(t, row, 'share', s, 'share', [term(part)], [term(whole)]));
}
