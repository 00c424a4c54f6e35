/**
 * Rules `available`, `surplus`, `rate`, `reduction` and `change`: each stated figure against the row's
 * own stated inputs, so that one wrong cell gives one finding.
 */
import type Decimal from 'decimal.js';
import { rowRate, type Stated, type WorkLedger, type WorkRow } from '../ledger';
import { sum } from '../money';
import type { Field } from '../types';
import {
  addFinding,
  baseLabel,
  compareAmount,
  comparePercent,
  quotientHolds,
  fieldLabel,
  reportDifference,
  rowLabel,
  showPercentPair,
  type Outcome,
  type RuleContext,
} from './context';

const ADJUSTMENTS: Field[] = ['carryOver', 'added', 'reduced'];

/** initial + carryOver + added − reduced over the stated terms, or undefined when none is stated. */
export function computedAvailable(row: WorkRow): { value: Decimal; terms: number } | undefined {
  const v = row.vals;
  const parts: Decimal[] = [];
  if (v.initial) parts.push(v.initial.value);
  if (v.carryOver) parts.push(v.carryOver.value);
  if (v.added) parts.push(v.added.value);
  if (v.reduced) parts.push(v.reduced.value.negated());
  // Second columns of the terms (本年下达 beside 本年争取) count as well.
  if (row.extra) {
    for (const [key, s] of Object.entries(row.extra)) {
      if (key.startsWith('reduced@')) parts.push(s.value.abs().negated());
      else if (key.startsWith('carryOver@') || key.startsWith('added@')) parts.push(s.value);
    }
  }
  if (parts.length === 0) return undefined;
  return { value: sum(parts), terms: parts.length };
}

/** The available figure the row's other identities use: stated if stated, else computed. */
export function statedAvailable(row: WorkRow): { value: Decimal; terms: number } | undefined {
  if (row.vals.available) return { value: row.vals.available.value, terms: 1 };
  return computedAvailable(row);
}

function percentFinding(
  ctx: RuleContext,
  sheet: string,
  rule: 'rate' | 'reduction' | 'change',
  stated: Stated,
  computed: Decimal,
  row: WorkRow,
): void {
  reportDifference(ctx, {
    rule,
    sheet,
    stated,
    computed,
    outcome: comparePercent(stated, computed),
    key: rule,
    roundingKey: `${rule}Rounding`,
    params: { name: rowLabel(ctx, row.name), base: baseLabel(ctx, ctx.rateBase) },
    show: 'percent',
  });
}

/**
 * A corrected input: the true figure of a row's stated cell that an earlier rule found wrong (a 全年预算数 that is
 * not its terms, a 合计 that is not its parts), or undefined when the stated figure stands.
 */
export type Corrected = (row: WorkRow, field: Field) => Decimal | undefined;

const RANK: Record<Outcome, number> = { holds: 0, rounding: 1, error: 2 };

/** The better of two outcomes: a figure that agrees with either its stated or its corrected inputs holds. */
function best(a: Outcome, b: Outcome | undefined): Outcome {
  return b !== undefined && RANK[b] < RANK[a] ? b : a;
}

/**
 * Checks each row's identities against its own stated inputs. A figure that disagrees with them but agrees with
 * the corrected inputs (`corrected`, and the row's own 全年预算数 once its identity fails) is not reported again:
 * the one wrong cell is the input, already reported. On a total or group, a figure that agrees with the sum of
 * its parts' stated figures is not reported either: a part is wrong, and reported.
 */
export function checkIdentities(
  ctx: RuleContext,
  ledger: WorkLedger,
  rows: readonly WorkRow[],
  corrected: Corrected = () => undefined,
): void {
  const sheet = ledger.raw.sheet.name;
  for (const row of rows) {
    const v = row.vals;
    let availableWrong = false;
    if (v.available && v.initial && (ADJUSTMENTS.some((f) => v[f]) || row.extra)) {
      const c = computedAvailable(row);
      if (c) {
        let outcome = compareAmount(v.available, c.value, c.terms);
        const alt = correctedAvailable(row, corrected);
        if (outcome !== 'holds' && alt)
          outcome = best(outcome, compareAmount(v.available, alt.value, alt.terms));
        if (outcome !== 'holds' && byParts(row, 'available')) outcome = 'holds';
        availableWrong = outcome === 'error';
        amountOutcome(ctx, sheet, 'available', v.available, c.value, outcome, row);
      }
    }
    const avail = statedAvailable(row);
    const availAlt = availableWrong ? computedAvailable(row)?.value : corrected(row, 'available');
    const spentAlt = corrected(row, 'spent');
    if (v.surplus && v.spent && avail) {
      const computed = avail.value.minus(v.spent.value);
      let outcome = compareAmount(v.surplus, computed, avail.terms + 1);
      if (outcome !== 'holds' && (availAlt || spentAlt)) {
        const alt = (availAlt ?? avail.value).minus(spentAlt ?? v.spent.value);
        outcome = best(outcome, compareAmount(v.surplus, alt, avail.terms + 1));
      }
      if (outcome !== 'holds' && byParts(row, 'surplus')) outcome = 'holds';
      amountOutcome(ctx, sheet, 'surplus', v.surplus, computed, outcome, row, {
        base: fieldLabel(ctx, 'available'),
      });
    }
    if (v.rate && v.spent) {
      const base = ctx.rateBase === 'initial' ? v.initial?.value : avail?.value;
      const baseAlt = ctx.rateBase === 'initial' ? corrected(row, 'initial') : availAlt;
      if (base !== undefined) {
        if (base.isZero()) {
          if (!v.rate.value.isZero() && !(baseAlt && !baseAlt.isZero())) {
            addFinding(ctx, {
              rule: 'rate',
              severity: 'error',
              sheet,
              cell: v.rate.cell,
              expected: '—',
              actual: showPercentPair(v.rate.value, v.rate.value, v.rate.dp)[1],
              key: 'rateNoBase',
              params: { name: rowLabel(ctx, row.name), base: baseLabel(ctx, ctx.rateBase) },
            });
          }
        } else if (!quotientHolds(v.rate, v.spent.value, base)) {
          const altSpent = spentAlt ?? v.spent.value;
          const altBase = baseAlt ?? base;
          const explained =
            (baseAlt || spentAlt) &&
            !altBase.isZero() &&
            comparePercent(v.rate, altSpent.div(altBase)) !== 'error';
          if (!explained)
            percentFinding(ctx, sheet, 'rate', v.rate, rowRate(row, v.spent.value, base) as Decimal, row);
        }
      }
    }
    if (v.reduction && v.spent) {
      const budget = v.initial?.value ?? avail?.value;
      if (budget && !budget.isZero()) {
        percentFinding(ctx, sheet, 'reduction', v.reduction, budget.minus(v.spent.value).div(budget), row);
      }
    }
    if (v.change && v.prevYear && !v.prevYear.value.isZero()) {
      const current = v.spent?.value ?? avail?.value;
      if (current) {
        const prev = v.prevYear.value;
        percentFinding(ctx, sheet, 'change', v.change, current.minus(prev).div(prev), row);
      }
    }
  }
}

/** initial + carryOver + added − reduced over the corrected terms, when any term was corrected. */
function correctedAvailable(
  row: WorkRow,
  corrected: Corrected,
): { value: Decimal; terms: number } | undefined {
  const fields: Field[] = ['initial', 'carryOver', 'added', 'reduced'];
  if (!fields.some((f) => corrected(row, f))) return undefined;
  const parts: Decimal[] = [];
  for (const f of fields) {
    const value = corrected(row, f) ?? row.vals[f]?.value;
    if (value) parts.push(f === 'reduced' ? value.abs().negated() : value);
  }
  return parts.length ? { value: sum(parts), terms: parts.length } : undefined;
}

/** A total's or group's figure equal to the sum of its parts' stated figures (a part is what is wrong). */
function byParts(row: WorkRow, field: Field): boolean {
  const s = row.vals[field];
  if (!s || row.children.length === 0) return false;
  const parts = row.children.map((c) => c.vals[field]?.value).filter((x): x is Decimal => !!x);
  return parts.length > 0 && compareAmount(s, sum(parts), parts.length) === 'holds';
}

function amountOutcome(
  ctx: RuleContext,
  sheet: string,
  rule: 'available' | 'surplus',
  stated: Stated,
  computed: Decimal,
  outcome: Outcome,
  row: WorkRow,
  extra: Record<string, string> = {},
): void {
  reportDifference(ctx, {
    rule,
    sheet,
    stated,
    computed,
    outcome,
    key: rule,
    roundingKey: `${rule}Rounding`,
    params: { name: rowLabel(ctx, row.name), field: fieldLabel(ctx, rule), ...extra },
  });
}
