/**
 * Explanations (domain.md §3): where one simple cause fits a correction exactly — two digits swapped, one digit
 * wrong, 元 typed as 万元, a rate over the wrong denominator, a row left out of a total or counted twice, a sign —
 * the finding names it. No cause is given when none fits exactly.
 */
import type Decimal from 'decimal.js';
import type { Stated, WorkRow } from '../ledger';
import { D, roundHalfUp, sum } from '../money';
import type { Cause } from '../types';
import { references } from './formula';
import type { Identity, Valuation } from './identity';

const TEN_THOUSAND = new D(10000);
const HUNDRED = new D(100);

export interface Explanation {
  cause: Cause;
  /** Rows named by the cause (the row left out, the row counted twice). */
  rows?: WorkRow[];
  /** The wrong denominator's field, for `denominator`. */
  denominator?: string;
}

/** The digits a figure is shown with, in the unit its cell states (元 cells in 元). */
function digits(value: Decimal, cell: Stated, percent: boolean): string {
  let v = value.abs();
  let dp = cell.dp;
  if (percent) {
    v = v.times(HUNDRED);
  } else if (cell.yuan) {
    v = v.times(TEN_THOUSAND);
    dp = Math.max(0, dp - 4);
  }
  return roundHalfUp(v, Math.min(dp, 10)).toFixed(Math.min(dp, 10)).replace('.', '');
}

function digitCause(stated: Decimal, corrected: Decimal, cell: Stated, percent: boolean): Cause | undefined {
  if (stated.isNegative() !== corrected.isNegative()) return undefined;
  const a = digits(stated, cell, percent);
  const b = digits(corrected, cell, percent);
  if (a.length !== b.length || a === b) return undefined;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return 'digit';
  if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]])
    return 'transposition';
  return undefined;
}

function sameAt(a: Decimal, b: Decimal, dp: number): boolean {
  return roundHalfUp(a, dp).eq(roundHalfUp(b, dp));
}

/** The cause of one corrected cell, if one fits exactly. */
export function explain(
  cell: Stated,
  corrected: Decimal | undefined,
  own: Identity | undefined,
  value: Valuation,
): Explanation | undefined {
  if (!corrected) return undefined;
  const stated = cell.value;
  const percent = own?.relation === 'ratio';
  if (!corrected.isZero() && !stated.isZero()) {
    const q = stated.div(corrected).abs();
    if (!percent && (q.eq(TEN_THOUSAND) || q.eq(new D(1).div(TEN_THOUSAND)))) return { cause: 'unit' };
    if (percent && (q.eq(HUNDRED) || q.eq(new D('0.01')))) return { cause: 'unit' };
  }
  if (!stated.isZero() && stated.eq(corrected.negated())) return { cause: 'sign' };
  if (own?.relation === 'ratio') {
    const denominator = wrongDenominator(own, value);
    if (denominator) return { cause: 'denominator', denominator };
  }
  if (own && (own.kind === 'sum' || own.kind === 'rowTotal' || own.kind === 'breakdown') && own.parts) {
    const rows = omitted(own, value);
    if (rows) return { cause: 'omitted-row', rows };
    const twice = doubled(own, value);
    if (twice) return { cause: 'double-count', rows: [twice] };
  }
  // A count off by a little is a miscount, not a typing slip.
  const d = cell.dp >= 10 ? undefined : digitCause(stated, corrected, cell, percent);
  if (d) return { cause: d };
  return undefined;
}

/** A rate that equals its numerator over another figure of its row (年初预算 for 全年预算数, this year for last). */
function wrongDenominator(id: Identity, value: Valuation): string | undefined {
  const row = id.row;
  const num = sum(id.terms.map((t) => (t.cell ? value(t.cell) : t.value).times(t.neg ? -1 : 1)));
  const dp = id.target.dp + 2;
  const alternatives: [string, Stated | undefined][] =
    id.kind === 'change'
      ? [
          ['spent', row.vals.spent],
          ['available', row.vals.available],
          ['initial', row.vals.initial],
        ]
      : [
          ['initial', row.vals.initial],
          ['available', row.vals.available],
          ['carryOver', undefined],
        ];
  const used = new Set(id.den?.map((t) => t.cell).filter((c): c is Stated => !!c));
  for (const [field, cell] of alternatives) {
    if (!cell || used.has(cell)) continue;
    const den = value(cell);
    if (den.isZero()) continue;
    if (sameAt(num.div(den), id.target.value, dp)) return field;
  }
  return undefined;
}

/** Parts left out of a total: by its SUM formula's range, or one or two parts whose omission gives the total. */
function omitted(id: Identity, value: Valuation): WorkRow[] | undefined {
  const parts = id.parts ?? [];
  const stated = id.target.value;
  const dp = id.target.dp;
  const f = id.target.formula;
  if (f && /^\s*SUM\s*\(/i.test(f)) {
    const refs = references(f).filter((r) => r.sheet === undefined);
    const left = parts.filter((p) => {
      const c = id.terms.find((t) => t.cell?.owner === p)?.cell;
      return (
        c && !refs.some((r) => c.row >= r.top && c.row <= r.bottom && c.col >= r.left && c.col <= r.right)
      );
    });
    if (left.length > 0) return left;
  }
  const terms = id.terms.filter((t) => t.cell);
  if (terms.length < 2 || terms.length > 200) return undefined;
  const total = sum(terms.map((t) => value(t.cell as Stated)));
  const missing = total.minus(stated);
  if (!missing.isPositive()) return undefined;
  const hits = terms.filter((t) => sameAt(value(t.cell as Stated), missing, dp));
  if (hits.length === 1) return [hits[0].cell?.owner].filter((r): r is WorkRow => !!r);
  return undefined;
}

/** A part counted twice: the total exceeds its parts by exactly one of them (or a subtotal with its items). */
function doubled(id: Identity, value: Valuation): WorkRow | undefined {
  const terms = id.terms.filter((t) => t.cell);
  if (terms.length < 2 || terms.length > 200) return undefined;
  const total = sum(terms.map((t) => value(t.cell as Stated)));
  const extra = id.target.value.minus(total);
  if (!extra.isPositive()) return undefined;
  const hits = terms.filter((t) => sameAt(value(t.cell as Stated), extra, id.target.dp));
  if (hits.length === 1) return hits[0].cell?.owner;
  return undefined;
}
