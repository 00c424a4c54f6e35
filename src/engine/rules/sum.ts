/**
 * Rule `sum`: a 合计, 小计 or outline group equals the sum of the level directly beneath it; a `其中`
 * breakdown never exceeds its row and, when complete, adds up to it.
 */
import type Decimal from 'decimal.js';
import { effective, type WorkLedger, type WorkRow } from '../ledger';
import { sum } from '../money';
import type { Field } from '../types';
import { AMOUNT_FIELDS } from '../vocabulary';
import { compareAmount, fieldLabel, reportDifference, rowLabel, type RuleContext } from './context';

const SUMMED: Field[] = [...AMOUNT_FIELDS, 'count'];

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
      const params = { name: rowLabel(ctx, row.name), field: fieldLabel(ctx, field) };
      const show = field === 'count' ? 'count' : 'amount';
      const s = row.children.length > 0 ? partsSum(row.children, field) : undefined;
      if (s) {
        const outcome = compareAmount(stated, s.total, s.terms);
        reportDifference(ctx, {
          rule: 'sum',
          sheet,
          stated,
          computed: s.total,
          outcome,
          key: 'sum',
          roundingKey: 'sumRounding',
          params,
          show,
        });
      }
      const parts = row.parts.length > 0 ? partsSum(row.parts, field) : undefined;
      if (parts) {
        // 其中 parts never exceed their row; when they are its complete breakdown (two or more), they add up to it.
        const outcome = compareAmount(stated, parts.total, parts.terms);
        const exceeds = outcome === 'error' && parts.total.gt(stated.value);
        const complete = row.parts.length >= 2;
        reportDifference(ctx, {
          rule: 'sum',
          sheet,
          stated,
          computed: parts.total,
          outcome: exceeds || complete ? outcome : 'holds',
          key: exceeds ? 'breakdownExceeds' : 'breakdown',
          roundingKey: 'sumRounding',
          params,
          show,
        });
      }
    }
  }
}
