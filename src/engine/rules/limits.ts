/**
 * Rules `overspend`, `low-rate` and `unit`: figures that add up but are out of bounds.
 */
import type Decimal from 'decimal.js';
import { rowRate, type WorkLedger, type WorkRow } from '../ledger';
import { D, showPercent } from '../money';
import { AMOUNT_FIELDS } from '../vocabulary';
import type { Field } from '../types';
import { addFinding, baseLabel, fieldLabel, rowLabel, showPair, type RuleContext } from './context';
import { computedAvailable, statedAvailable } from './identity';

const BASIC = /基本支出/;
const SAVINGS = /三公/;

/** The available figure to measure a row by: stated if it holds, else computed from its parts. */
export function trueAvailable(row: WorkRow, availableWrong: boolean): Decimal | undefined {
  if (row.vals.available && !availableWrong) return row.vals.available.value;
  return computedAvailable(row)?.value ?? row.vals.available?.value;
}

export function checkLimits(
  ctx: RuleContext,
  ledger: WorkLedger,
  rows: readonly WorkRow[],
  wrongAvailable: ReadonlySet<string>,
): void {
  const sheet = ledger.raw.sheet.name;
  const title = ledger.raw.title ?? '';
  const savings = ledger.fieldsPresent.has('reduction') || SAVINGS.test(title) || SAVINGS.test(sheet);
  for (const row of rows) {
    const spent = row.vals.spent;
    if (!spent) continue;
    const avail = statedAvailable(row);
    // A total overspends because some item does: report the items, unless none of them has a budget.
    const beneath = row.kind === 'total' ? ledger.top : row.children;
    const itemsJudged = beneath.some((c) => c !== row && c.vals.spent && statedAvailable(c));
    if (avail && !itemsJudged && spent.value.gt(avail.value)) {
      const initialOnly = !row.vals.available && avail.terms === 1 && !!row.vals.initial;
      const target = initialOnly && (BASIC.test(row.name) || BASIC.test(title) || BASIC.test(sheet));
      const [expected, actual] = showPair(avail.value, spent.value, spent.dp);
      const [diff] = showPair(spent.value.minus(avail.value), spent.value, spent.dp);
      addFinding(ctx, {
        rule: 'overspend',
        severity: target ? 'warning' : 'error',
        sheet,
        cell: spent.cell,
        expected,
        actual,
        key: target ? 'overspendTarget' : 'overspend',
        params: {
          name: rowLabel(ctx, row.name),
          diff,
          base: fieldLabel(ctx, row.vals.available ? 'available' : 'initial'),
        },
      });
    }
    // A table that states savings against budget (比预算降低, “三公”经费) wants spending low: no low-rate there.
    if (savings) continue;
    const base =
      ctx.rateBase === 'initial'
        ? row.vals.initial?.value
        : trueAvailable(row, row.vals.available ? wrongAvailable.has(row.vals.available.cell) : false);
    if (base && base.gt(0)) {
      const rate = rowRate(row, spent.value, base) as Decimal;
      if (rate.lt(ctx.threshold)) {
        addFinding(ctx, {
          rule: 'low-rate',
          severity: 'warning',
          sheet,
          cell: row.vals.rate?.cell ?? spent.cell,
          expected: showPercent(ctx.threshold),
          actual: showPercent(rate),
          key: 'lowRate',
          params: { name: rowLabel(ctx, row.name), base: baseLabel(ctx, ctx.rateBase) },
        });
      }
    }
  }
  checkUnits(ctx, ledger, rows);
}

const SCALE = new D(1000);
const HUGE_WAN = new D(100000);

/** An amount a thousand times the column's typical item and over 10 亿: likely 元 typed into a 万元 column. */
function checkUnits(ctx: RuleContext, ledger: WorkLedger, rows: readonly WorkRow[]): void {
  const sheet = ledger.raw.sheet.name;
  for (const spec of ledger.raw.columns) {
    if (!AMOUNT_FIELDS.has(spec.field) || spec.unit !== '万元') continue;
    const field: Field = spec.field;
    const items = rows.filter((r) => r.children.length === 0 && r.kind === 'item' && r.vals[field]);
    if (items.length < 3) continue;
    // The median only sets the scale to compare against, so a binary number is enough here.
    const scale = Float64Array.from(items, (r) =>
      Math.abs((r.vals[field] as { value: Decimal }).value.toNumber()),
    )
      .filter((x) => x > 0)
      .sort();
    if (scale.length < 3) continue;
    const median = new D(scale[Math.floor(scale.length / 2)]);
    const limit = D.max(HUGE_WAN, median.times(SCALE));
    for (const r of items) {
      const s = r.vals[field];
      if (!s) continue;
      if (s.value.abs().gte(limit)) {
        addFinding(ctx, {
          rule: 'unit',
          severity: 'warning',
          sheet,
          cell: s.cell,
          expected: showPair(s.value.div(10000), s.value, s.dp)[0],
          actual: showPair(s.value, s.value, s.dp)[1],
          key: 'unit',
          params: { field: fieldLabel(ctx, field), unit: '万元' },
        });
      }
    }
  }
}
