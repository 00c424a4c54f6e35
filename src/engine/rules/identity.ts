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

function amountFinding(
  ctx: RuleContext,
  sheet: string,
  rule: 'available' | 'surplus',
  stated: Stated,
  computed: Decimal,
  terms: number,
  row: WorkRow,
  extra: Record<string, string> = {},
): void {
  reportDifference(ctx, {
    rule,
    sheet,
    stated,
    computed,
    outcome: compareAmount(stated, computed, terms),
    key: rule,
    roundingKey: `${rule}Rounding`,
    params: { name: rowLabel(ctx, row.name), field: fieldLabel(ctx, rule), ...extra },
  });
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

export function checkIdentities(ctx: RuleContext, ledger: WorkLedger, rows: readonly WorkRow[]): void {
  const sheet = ledger.raw.sheet.name;
  for (const row of rows) {
    const v = row.vals;
    if (v.available && v.initial && (ADJUSTMENTS.some((f) => v[f]) || row.extra)) {
      const c = computedAvailable(row);
      if (c) amountFinding(ctx, sheet, 'available', v.available, c.value, c.terms, row);
    }
    const avail = statedAvailable(row);
    if (v.surplus && v.spent && avail) {
      amountFinding(
        ctx,
        sheet,
        'surplus',
        v.surplus,
        avail.value.minus(v.spent.value),
        avail.terms + 1,
        row,
        {
          base: fieldLabel(ctx, 'available'),
        },
      );
    }
    if (v.rate && v.spent) {
      const base = ctx.rateBase === 'initial' ? v.initial?.value : avail?.value;
      if (base !== undefined) {
        if (base.isZero()) {
          if (!v.rate.value.isZero()) {
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
