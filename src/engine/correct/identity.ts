/**
 * Identities: what the rule families state and the correction model solves. An identity ties one derived cell (its
 * target: a total, a 全年预算数, a 结余, a rate) to the cells it must equal, and is evaluated at the precision the
 * target is shown with (domain.md §2). Rules never decide which cell is wrong; they only say which identities hold.
 */
import type Decimal from 'decimal.js';
import type { Stated, WorkRow } from '../ledger';
import { D, halfUnit, roundHalfUp, sum, unit } from '../money';
import type { Field, RuleId } from '../types';

/** One term of an identity: a stated cell, or a constant (a blank read as 0, a figure with no cell). */
export interface Term {
  readonly cell?: Stated;
  readonly value: Decimal;
  /** Subtracted (调减, 实际支出 in 结余 = 全年预算数 − 实际支出). */
  readonly neg?: boolean;
}

/**
 * - `eq`: target = Σ terms.
 * - `le`: target ≥ Σ terms (a partial 其中 breakdown: its parts never exceed their row).
 * - `ratio`: target = Σ terms ÷ Σ den (a rate, a share, a change), as a fraction.
 */
export type Relation = 'eq' | 'le' | 'ratio';

/** What an identity says, for messages and causes. */
export type IdentityKind =
  | 'sum'
  | 'breakdown'
  | 'rowTotal'
  | 'available'
  | 'surplus'
  | 'rate'
  | 'initialRate'
  | 'reduction'
  | 'change'
  | 'changeAmount'
  | 'share'
  | 'formula'
  | 'overspend'
  | 'cross';

export interface Identity {
  readonly kind: IdentityKind;
  readonly rule: RuleId;
  readonly relation: Relation;
  readonly target: Stated;
  readonly terms: readonly Term[];
  readonly den?: readonly Term[];
  readonly sheet: string;
  /** The row the target stands on. */
  readonly row: WorkRow;
  /** The target's field (or second column's key), for messages. */
  readonly field: Field | string;
  /** The rows whose figures are the terms (a sum's parts), for causes. */
  readonly parts?: readonly WorkRow[];
}

export type Outcome = 'holds' | 'rounding' | 'error';

/** A cell's value: corrected where the model corrected it, else stated. */
export type Valuation = (cell: Stated) => Decimal;

export const statedValue: Valuation = (cell) => cell.value;

function termValue(t: Term, val: Valuation): Decimal {
  const v = t.cell ? val(t.cell) : t.value;
  return t.neg ? v.negated() : v;
}

function termsTotal(terms: readonly Term[], val: Valuation): Decimal {
  if (terms.length === 1) return termValue(terms[0], val);
  return sum(terms.map((t) => termValue(t, val)));
}

/** The number of stated figures an identity adds up (its rounding tolerance grows with them, up to a cap). */
export function termCount(id: Identity): number {
  // Two tables' statements of one quantity may each be rounded from it: a difference of one unit in the last
  // place is rounding (domain.md §6).
  if (id.kind === 'cross') return 2;
  if (id.terms.length > MAX_TERMS) return MAX_TERMS; // the tolerance stops growing there anyway
  let n = 0;
  for (const t of id.terms) if (t.cell) n++;
  return Math.max(1, n);
}

/** The most terms whose half-units add up to a rounding tolerance (past it, rounding errors largely cancel). */
export const MAX_TERMS = 100;

/** Compares an amount shown at `dp` decimals with what its terms give (domain.md §2, precision and tolerance). */
export function compareAt(value: Decimal, dp: number, computed: Decimal, terms: number): Outcome {
  if (computed.eq(value)) return 'holds';
  if (roundHalfUp(computed, dp).eq(roundHalfUp(value, dp))) return 'holds';
  const diff = value.minus(computed).abs();
  if (diff.lte(halfUnit(dp).times(Math.min(Math.max(1, terms), MAX_TERMS)))) return 'rounding';
  return 'error';
}

/** Compares a percentage shown at `dp` decimals of percentage points with a computed fraction. */
export function comparePercentAt(value: Decimal, dp: number, computed: Decimal): Outcome {
  const d = dp + 2;
  const s = value.decimalPlaces() <= d ? value : roundHalfUp(value, d);
  const c = roundHalfUp(computed, d);
  if (s.eq(c)) return 'holds';
  if (s.minus(c).abs().lte(unit(d))) return 'rounding';
  return 'error';
}

/**
 * Whether a positive percentage shown at `dp` holds for num ÷ den (den > 0) without dividing:
 * (s − h) × den ≤ num < (s + h) × den, h being half a unit of its last decimal (half-up).
 */
function quotientHolds(value: Decimal, dp: number, num: Decimal, den: Decimal): boolean {
  const d = dp + 2;
  const s = value.decimalPlaces() <= d ? value : roundHalfUp(value, d);
  if (!s.isPositive() || s.isZero() || num.isNegative() || !den.isPositive() || den.isZero()) return false;
  const h = halfUnit(d);
  return s.minus(h).times(den).lte(num) && s.plus(h).times(den).gt(num);
}

export interface Evaluation {
  outcome: Outcome;
  /** What the target should be (absent for a rate over a zero base). */
  computed?: Decimal;
}

const ZERO = new D(0);

/** Evaluates an identity under a valuation. */
export function evaluate(id: Identity, val: Valuation = statedValue): Evaluation {
  const target = val(id.target);
  const dp = id.target.dp;
  if (id.relation === 'ratio') {
    const num = termsTotal(id.terms, val);
    const den = termsTotal(id.den ?? [], val);
    if (den.isZero()) return target.isZero() ? { outcome: 'holds' } : { outcome: 'error' };
    if (quotientHolds(target, dp, num, den)) return { outcome: 'holds' };
    const computed = num.div(den);
    return { outcome: comparePercentAt(target, dp, computed), computed };
  }
  const computed = termsTotal(id.terms, val);
  if (id.relation === 'le') {
    if (computed.lte(target)) return { outcome: 'holds', computed };
    const outcome = compareAt(target, dp, computed, termCount(id));
    return { outcome, computed };
  }
  return { outcome: compareAt(target, dp, computed, termCount(id)), computed };
}

/** An identity over many terms, indexed by cell: the term of each cell (a list only where a cell is in several). */
const TERM_INDEXES = new WeakMap<Identity, Map<Stated, Term | Term[]>>();

/** Identities with more terms than this are looked up by an index rather than walked. */
export const MANY_TERMS = 16;

/** The index of an identity's cells, made on first use and shared by every question asked of it. */
function termIndex(id: Identity): Map<Stated, Term | Term[]> {
  let index = TERM_INDEXES.get(id);
  if (!index) {
    index = new Map();
    for (const list of [id.terms, id.den ?? []])
      for (const t of list) {
        if (!t.cell) continue;
        const had = index.get(t.cell);
        index.set(t.cell, had === undefined ? t : Array.isArray(had) ? [...had, t] : [had, t]);
      }
    TERM_INDEXES.set(id, index);
  }
  return index;
}

/** Visits the terms an identity holds of a cell (its numerator's and, for a ratio, its denominator's). */
export function forEachTermOf(id: Identity, cell: Stated, visit: (t: Term) => void): void {
  const found = termIndex(id).get(cell);
  if (found === undefined) return;
  if (Array.isArray(found)) for (const t of found) visit(t);
  else visit(found);
}

/** Whether an identity's terms or target include a cell (by its index, for identities over many terms). */
export function involves(id: Identity, cell: Stated): boolean {
  if (id.target === cell) return true;
  if (id.terms.length > MANY_TERMS) return termIndex(id).has(cell);
  for (const t of id.terms) if (t.cell === cell) return true;
  if (id.den) for (const t of id.den) if (t.cell === cell) return true;
  return false;
}

/** Every cell of an identity, target first. */
export function cellsOf(id: Identity): Stated[] {
  const out: Stated[] = [id.target];
  for (const t of id.terms) if (t.cell) out.push(t.cell);
  if (id.den) for (const t of id.den) if (t.cell) out.push(t.cell);
  return out;
}

/**
 * The value a cell must take for an identity to hold exactly, the other cells as valued; undefined when the
 * identity does not fix it (a term of a ratio, a part of an inequality, a cell it does not hold).
 */
export function solveFor(id: Identity, cell: Stated, val: Valuation): Decimal | undefined {
  if (id.relation === 'le') return undefined;
  if (id.target === cell) return evaluate(id, val).computed;
  if (id.relation === 'ratio') return undefined;
  let rest = ZERO;
  let own: Term | undefined;
  for (const t of id.terms) {
    if (t.cell === cell) {
      if (own) return undefined; // the same cell twice: not a simple term
      own = t;
    } else rest = rest.plus(termValue(t, val));
  }
  if (!own) return undefined;
  // target = rest ± cell  →  cell = ±(target − rest)
  const v = val(id.target).minus(rest);
  return own.neg ? v.negated() : v;
}
