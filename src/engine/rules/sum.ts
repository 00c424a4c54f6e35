/**
 * Rule `sum`: a 合计, 小计 or outline group equals the sum of the level directly beneath it; a `其中`
 * breakdown never exceeds its row and, when complete, adds up to it.
 */
import type Decimal from 'decimal.js';
import { effective, extraKey, statedBy, type WorkLedger, type WorkRow } from '../ledger';
import { sum } from '../money';
import type { Field } from '../types';
import { AMOUNT_FIELDS } from '../vocabulary';
import { compareAmount, fieldLabel, reportDifference, rowLabel, type RuleContext } from './context';
import { computedAvailable, statedAvailable } from './identity';

const SUMMED: Field[] = [...AMOUNT_FIELDS, 'count'];

function partsSum(
  parts: readonly WorkRow[],
  field: Field | string,
  value: (row: WorkRow, field: Field) => Decimal | undefined = effective,
): { total: Decimal; terms: number } | undefined {
  const vs: Decimal[] = [];
  for (const p of parts) {
    const v = value(p, field as Field);
    if (v) vs.push(v);
  }
  return vs.length ? { total: sum(vs), terms: vs.length } : undefined;
}

/**
 * A part's figure with its own errors corrected: a 结余 or 全年预算数 that its row's identity found wrong counts
 * as what the row gives. A total that agrees with these true parts holds too: the one wrong cell is the part.
 */
export function trueFigure(wrong: ReadonlySet<string>): (row: WorkRow, field: Field) => Decimal | undefined {
  const value = (row: WorkRow, field: Field): Decimal | undefined => {
    const s = row.vals[field];
    if (s && wrong.has(s.cell)) {
      // A 小计 or group found not to be its parts counts as its parts.
      if (row.children.length > 0) {
        const vs = row.children.map((c) => value(c, field)).filter((x): x is Decimal => !!x);
        if (vs.length) return sum(vs);
      }
      if (field === 'available') return computedAvailable(row)?.value ?? s.value;
      if (field === 'surplus') {
        const avail = statedAvailable(row)?.value;
        const spent = row.vals.spent?.value;
        return avail && spent ? avail.minus(spent) : s.value;
      }
    }
    if (s) return s.value;
    if (row.children.length === 0) return undefined;
    const vs = row.children.map((c) => value(c, field)).filter((x): x is Decimal => !!x);
    return vs.length ? sum(vs) : undefined;
  };
  return value;
}

export function checkSums(ctx: RuleContext, ledger: WorkLedger, rows: readonly WorkRow[]): void {
  const sheet = ledger.raw.sheet.name;
  const wrong = new Set(
    ctx.findings
      .filter(
        (f) =>
          f.sheet === sheet && f.severity === 'error' && (f.rule === 'available' || f.rule === 'surplus'),
      )
      .map((f) => f.cell),
  );
  const corrected = trueFigure(wrong);
  // Each summed field, and each second column of one (套数 beside 户数), by its key.
  const keys: { key: Field | string; field: Field }[] = [
    ...SUMMED.map((f) => ({ key: f, field: f })),
    ...ledger.raw.columns
      .filter((c) => c.second && SUMMED.includes(c.field))
      .map((c) => ({ key: extraKey(c), field: c.field })),
  ];
  // Deepest rows first, so that a group is checked after the 小计 beneath it (whose error then explains it).
  const ordered = [...rows].sort((a, b) => b.depth - a.depth);
  for (const row of ordered) {
    for (const { key, field } of keys) {
      const stated = statedBy(row, key);
      if (!stated) continue;
      const params = { name: rowLabel(ctx, row.name), field: fieldLabel(ctx, field) };
      const show = field === 'count' ? 'count' : 'amount';
      const s = row.children.length > 0 ? partsSum(row.children, key) : undefined;
      if (s) {
        let outcome = compareAmount(stated, s.total, s.terms);
        let computed = s.total;
        if (outcome !== 'holds' && wrong.size) {
          const t = key === field ? partsSum(row.children, field, corrected) : undefined;
          // The corrected parts count only where they explain the total better.
          const better = t && !t.total.eq(s.total) ? compareAmount(stated, t.total, t.terms) : undefined;
          if (t && better && (better === 'holds' || (better === 'rounding' && outcome === 'error'))) {
            computed = t.total;
            outcome = better;
          }
        }
        reportDifference(ctx, {
          rule: 'sum',
          sheet,
          stated,
          computed,
          outcome,
          key: 'sum',
          roundingKey: 'sumRounding',
          params,
          show,
        });
        if (outcome === 'error') wrong.add(stated.cell);
      }
      const parts = row.parts.length > 0 ? partsSum(row.parts, key) : undefined;
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
