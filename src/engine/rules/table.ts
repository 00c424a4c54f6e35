/**
 * A ledger as the rule families see it: its column keys, which of them totals add up, and what a blank cell of a
 * row means (0, or "this row does not state it").
 */
import { extraKey, statedBy, type Stated, type WorkLedger, type WorkRow } from '../ledger';
import type { Field, RateBase } from '../types';
import { AMOUNT_FIELDS } from '../vocabulary';

/** Fields whose totals add up the rows beneath them. */
const SUMMED_FIELDS: ReadonlySet<Field> = new Set<Field>([
  ...AMOUNT_FIELDS,
  'count',
  'changeAmount',
  'funds',
]);

export interface ColumnKey {
  /** `vals` field, or a second column's key (`count@5`). */
  key: string;
  field: Field;
}

export interface RuleTable {
  ledger: WorkLedger;
  sheet: string;
  rateBase: RateBase;
  /** Columns that totals add up. */
  summed: ColumnKey[];
  /** The table has 年初预算 and at least one of 上年结转 / 本年追加 / 调减: 全年预算数 is made of them. */
  termsTable: boolean;
  /** A score form: its sums are scoring errors. */
  score: boolean;
}

/** Whether any row states a figure in a field's column. */
function filled(ledger: WorkLedger, field: Field): boolean {
  return ledger.rows.some((r) => !!r.vals[field]);
}

export function ruleTable(ledger: WorkLedger, rateBase: RateBase, score: boolean): RuleTable {
  const summed: ColumnKey[] = [];
  const firstOf = new Set<Field>();
  for (const c of ledger.raw.columns) {
    if (!SUMMED_FIELDS.has(c.field)) continue;
    if (c.second) summed.push({ key: extraKey(c), field: c.field });
    else if (!firstOf.has(c.field)) {
      firstOf.add(c.field);
      summed.push({ key: c.field, field: c.field });
    }
  }
  return {
    ledger,
    sheet: ledger.raw.sheet.name,
    rateBase,
    summed,
    // Columns the table has but never fills are no columns: a table whose adjustments are all blank states an initial
    // budget alone, and then there is nothing to check (the allocation may have changed during the year).
    termsTable:
      filled(ledger, 'initial') &&
      (filled(ledger, 'carryOver') || filled(ledger, 'added') || filled(ledger, 'reduced')),
    score,
  };
}

/** Whether any row beneath states a figure in the column (then the row's own blank is not a 0). */
function statedBeneath(row: WorkRow, key: string): boolean {
  for (const c of row.children) {
    if (statedBy(c, key) || statedBeneath(c, key)) return true;
  }
  return false;
}

/**
 * A row's figure in a column, for its own identities: the stated cell; `0` for a blank that means nothing (a leaf's
 * blank, or an aggregate whose parts are blank too); undefined for an aggregate's blank over stated parts (the row
 * does not state it: its own identities cannot use it).
 */
export function own(row: WorkRow, key: string): Stated | 0 | undefined {
  const s = statedBy(row, key);
  if (s) return s;
  if (row.children.length > 0 && statedBeneath(row, key)) return undefined;
  return 0;
}
