/**
 * Rule `sum`: a 合计, 小计 or outline group equals the sum of the level directly beneath it; a `其中`
 * breakdown never exceeds its row and, when complete, adds up to it.
 */
import type Decimal from 'decimal.js';
import { effective, type WorkLedger, type WorkRow } from '../ledger';
import { sum } from '../money';
import type { Field } from '../types';
import { AMOUNT_FIELDS } from '../vocabulary';
import { addFinding, compareAmount, fieldLabel, rowLabel, showPair, type RuleContext } from './context';

const SUMMED: Field[] = [...AMOUNT_FIELDS, 'count'];

/** Amounts with two decimals; counts as whole numbers. */
function show(field: Field, expected: Decimal, actual: Decimal, dp: number): [string, string] {
  if (field === 'count') return [expected.toString(), actual.toString()];
  return showPair(expected, actual, dp);
}

function partsSum(parts: readonly WorkRow[], field: Field): { total: Decimal; terms: number } | undefined {
  const vs: Decimal[] = [];
  for (const p of parts) {
    const v = effective(p, field);
    if (v) vs.push(v);
  }
  return vs.length ? { total: sum(vs), terms: vs.length } : undefined;
}

export function checkSums(ctx: RuleContext, ledger: WorkLedger, rows: readonly WorkRow[]): void {
  const sheet = ledger.raw.sheet.name;
  for (const row of rows) {
    for (const field of SUMMED) {
      const stated = row.vals[field];
      if (!stated) continue;
      if (row.children.length > 0) {
        const s = partsSum(row.children, field);
        if (s) {
          const outcome = compareAmount(stated, s.total, s.terms);
          if (outcome !== 'holds') {
            const [expected, actual] = show(field, s.total, stated.value, stated.dp);
            const [diff] = show(field, stated.value.minus(s.total).abs(), stated.value, stated.dp);
            addFinding(ctx, {
              rule: 'sum',
              severity: outcome === 'rounding' ? 'info' : 'error',
              sheet,
              cell: stated.cell,
              expected,
              actual,
              rounding: outcome === 'rounding',
              key: outcome === 'rounding' ? 'sumRounding' : 'sum',
              params: { name: rowLabel(ctx, row.name), field: fieldLabel(ctx, field), diff },
            });
          }
        }
      }
      if (row.parts.length > 0) {
        const s = partsSum(row.parts, field);
        if (!s) continue;
        const exceeds = compareAmount(stated, s.total, s.terms) === 'error' && s.total.gt(stated.value);
        const complete = row.parts.length >= 2;
        const outcome = exceeds ? 'error' : complete ? compareAmount(stated, s.total, s.terms) : 'holds';
        if (outcome === 'holds') continue;
        const [expected, actual] = show(field, s.total, stated.value, stated.dp);
        const [diff] = show(field, stated.value.minus(s.total).abs(), stated.value, stated.dp);
        addFinding(ctx, {
          rule: 'sum',
          severity: outcome === 'rounding' ? 'info' : 'error',
          sheet,
          cell: stated.cell,
          expected,
          actual,
          rounding: outcome === 'rounding',
          key: outcome === 'rounding' ? 'sumRounding' : exceeds ? 'breakdownExceeds' : 'breakdown',
          params: { name: rowLabel(ctx, row.name), field: fieldLabel(ctx, field), diff },
        });
      }
    }
  }
}
