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
    // A 全年预算数 found wrong is measured by what its terms give (it is reported already).
    const availWrong = !!row.vals.available && wrongAvailable.has(row.vals.available.cell);
    const avail = (availWrong ? computedAvailable(row) : undefined) ?? statedAvailable(row);
    // A total overspends because some item does: report the items, unless none of them has a budget.
    const beneath = row.kind === 'total' ? ledger.top : row.children;
    const itemsJudged = beneath.some((c) => c !== row && c.vals.spent && statedAvailable(c));
    if (avail && !itemsJudged && spent.value.gt(avail.value)) {
      const initialOnly = !row.vals.available && avail.terms === 1 && !!row.vals.initial;
      // 基本支出 against its 年初预算 target: the 基本支出 row itself, or the total of a table of 基本支出 alone.
      const basicTable = (BASIC.test(title) || BASIC.test(sheet)) && !/项目/.test(title);
      const target = initialOnly && (BASIC.test(row.name) || (basicTable && row.kind === 'total'));
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
    // A 其中 part that restates its row's figures (当年财政拨款 = 年度资金总额) is reported once, with its row.
    const restates =
      !!row.partOf &&
      !!row.partOf.vals.spent?.value.eq(spent.value) &&
      !!(row.vals.available ?? row.vals.initial)?.value.eq(
        (row.partOf.vals.available ?? row.partOf.vals.initial)?.value ?? -1,
      );
    if (savings || restates) continue;
    const base =
      ctx.rateBase === 'initial'
        ? row.vals.initial?.value
        : trueAvailable(row, row.vals.available ? wrongAvailable.has(row.vals.available.cell) : false);
    if (base && base.gt(0) && spent.value.lt(ctx.threshold.times(base))) {
      const rate = rowRate(row, spent.value, base) as Decimal;
      {
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

const HUGE_WAN = new D(100000);

/**
 * An amount three orders of magnitude above the column's typical item and over 10 亿: likely 元 typed into
 * a 万元 column. Orders of magnitude are read off each decimal's exponent, which costs nothing per cell.
 */
function checkUnits(ctx: RuleContext, ledger: WorkLedger, rows: readonly WorkRow[]): void {
  const sheet = ledger.raw.sheet.name;
  for (const spec of ledger.raw.columns) {
    if (!AMOUNT_FIELDS.has(spec.field) || spec.unit !== '万元') continue;
    const field: Field = spec.field;
    const list: number[] = [];
    for (const r of rows) {
      const s = r.vals[field];
      if (s && r.kind === 'item' && r.children.length === 0 && !s.value.isZero()) list.push(s.value.e);
    }
    if (list.length < 3) continue;
    const exps = Int32Array.from(list);
    exps.sort();
    const median = exps[Math.floor(exps.length / 2)];
    if (exps[exps.length - 1] < Math.max(median + 3, 5)) continue;
    for (const r of rows) {
      const s = r.vals[field];
      if (!s || r.kind !== 'item' || r.children.length > 0) continue;
      if (s.value.e >= median + 3 && s.value.abs().gte(HUGE_WAN)) {
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
