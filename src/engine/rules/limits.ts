/**
 * Rules `overspend`, `low-rate` and `unit`: figures that add up but are out of bounds. They are checked on the
 * true figures, after the correction model: a wrong cell is measured by its corrected value, never twice.
 */
import type Decimal from 'decimal.js';
import type { Valuation } from '../correct/identity';
import { rowRate, type Stated, type WorkLedger, type WorkRow } from '../ledger';
import { D, showPercent, sum } from '../money';
import { AMOUNT_FIELDS } from '../vocabulary';
import type { Field } from '../types';
import { addFinding, baseLabel, fieldLabel, rowLabel, showPair, type RuleContext } from './context';
import { availableAsTerms } from './identity';
import type { RuleTable } from './table';

const BASIC = /基本支出/;
const SAVINGS = /三公/;

function termsValue(
  t: RuleTable | undefined,
  row: WorkRow,
  value: Valuation,
): { v: Decimal; terms: number } | undefined {
  if (!t) {
    const a = row.vals.available ?? row.vals.initial;
    return a ? { v: value(a), terms: 1 } : undefined;
  }
  const terms = availableAsTerms(t, row);
  if (!terms) return undefined;
  return {
    v: sum(terms.map((x) => (x.cell ? value(x.cell) : x.value).times(x.neg ? -1 : 1))),
    terms: terms.filter((x) => x.cell).length,
  };
}

export function checkLimits(
  ctx: RuleContext,
  ledger: WorkLedger,
  rows: readonly WorkRow[],
  value: Valuation,
  t: RuleTable | undefined,
  wrong: ReadonlySet<string>,
): void {
  const sheet = ledger.raw.sheet.name;
  const title = ledger.raw.title ?? '';
  const savings = ledger.fieldsPresent.has('reduction') || SAVINGS.test(title) || SAVINGS.test(sheet);
  for (const row of rows) {
    const spentCell = row.vals.spent;
    if (!spentCell || row.countRow) continue;
    const spent = value(spentCell);
    const avail = termsValue(t, row, value);
    // A total overspends because some item does: report the items, unless none of them has a budget.
    const beneath = row.kind === 'total' ? ledger.top : row.children;
    const itemsJudged = beneath.some(
      (c) => c !== row && c.vals.spent && (t ? availableAsTerms(t, c) : c.vals.available),
    );
    if (avail && !itemsJudged && spent.gt(avail.v)) {
      const initialOnly = !row.vals.available && avail.terms === 1 && !!row.vals.initial;
      // 基本支出 against its 年初预算 target: the 基本支出 row itself, or the total of a table of 基本支出 alone.
      const basicTable = (BASIC.test(title) || BASIC.test(sheet)) && !/项目/.test(title);
      const target = initialOnly && (BASIC.test(row.name) || (basicTable && row.kind === 'total'));
      const [expected, actual] = showPair(avail.v, spent, spentCell.dp);
      const [diff] = showPair(spent.minus(avail.v), spent, spentCell.dp);
      addFinding(ctx, {
        rule: 'overspend',
        severity: target ? 'warning' : 'error',
        sheet,
        cell: spentCell.cell,
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
      !!row.partOf.vals.spent?.value.eq(spentCell.value) &&
      !!(row.vals.available ?? row.vals.initial)?.value.eq(
        (row.partOf.vals.available ?? row.partOf.vals.initial)?.value ?? -1,
      );
    if (savings || restates) continue;
    const base =
      ctx.rateBase === 'initial' ? (row.vals.initial ? value(row.vals.initial) : undefined) : avail?.v;
    if (base && base.gt(0) && spent.lt(ctx.threshold.times(base))) {
      const rate = spent === spentCell.value ? (rowRate(row, spent, base) as Decimal) : spent.div(base);
      addFinding(ctx, {
        rule: 'low-rate',
        severity: 'warning',
        sheet,
        cell: row.vals.rate?.cell ?? spentCell.cell,
        expected: showPercent(ctx.threshold),
        actual: showPercent(rate),
        key: 'lowRate',
        params: { name: rowLabel(ctx, row.name), base: baseLabel(ctx, ctx.rateBase) },
      });
    }
  }
  checkUnits(ctx, ledger, rows, wrong);
}

const HUGE_WAN = new D(100000);

/**
 * An amount three orders of magnitude above the column's typical item and over 10 亿: likely 元 typed into
 * a 万元 column. Orders of magnitude are read off each decimal's exponent, which costs nothing per cell. A cell the
 * correction model already found wrong is reported there, not again.
 */
function checkUnits(
  ctx: RuleContext,
  ledger: WorkLedger,
  rows: readonly WorkRow[],
  wrong: ReadonlySet<string>,
): void {
  const sheet = ledger.raw.sheet.name;
  for (const spec of ledger.raw.columns) {
    if (!AMOUNT_FIELDS.has(spec.field) || spec.unit !== '万元' || spec.second) continue;
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
      const s: Stated | undefined = r.vals[field];
      if (!s || r.kind !== 'item' || r.children.length > 0) continue;
      if (s.value.e >= median + 3 && s.value.abs().gte(HUGE_WAN) && !wrong.has(`${sheet}!${s.cell}`)) {
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
