/**
 * Findings from the correction model: one per corrected cell (with its true value as `expected` and its cause),
 * one per undecided disagreement (at the total, naming the candidates), one per missing row, one per failing
 * identity nothing explains, and an info (尾差) per identity that holds only within rounding.
 */
import type Decimal from 'decimal.js';
import type { Stated, WorkRow } from '../ledger';
import { UNIT_SLOT, type MessageKey } from '../messages';
import {
  addFinding,
  baseLabel,
  fieldLabel,
  rowLabel,
  showPair,
  showPercentPair,
  type RuleContext,
} from '../rules/context';
import type { Cause, Field, RuleId } from '../types';
import { explain } from './cause';
import { cellsOf, type Identity, type IdentityKind } from './identity';
import type { Localisation } from './localise';

function fieldOf(key: string): Field {
  return key.split('@')[0] as Field;
}

function sheetOf(cell: Stated): string {
  return cell.owner?.ledger?.raw.sheet.name ?? '';
}

/** The message of an identity's target, error and rounding. */
const KEYS: Record<IdentityKind, [MessageKey, MessageKey]> = {
  sum: ['sum', 'sumRounding'],
  breakdown: ['breakdown', 'sumRounding'],
  rowTotal: ['rowTotal', 'rowTotalRounding'],
  formula: ['rowTotal', 'rowTotalRounding'],
  overspend: ['overspend', 'overspend'],
  cross: ['cross', 'crossRounding'],
  available: ['available', 'availableRounding'],
  surplus: ['surplus', 'surplusRounding'],
  rate: ['rate', 'rateRounding'],
  initialRate: ['initialRate', 'rateRounding'],
  share: ['share', 'shareRounding'],
  reduction: ['reduction', 'reductionRounding'],
  change: ['change', 'changeRounding'],
  changeAmount: ['changeAmount', 'changeAmountRounding'],
};

function show(
  id: Identity | undefined,
  cell: Stated,
  expected: Decimal,
  actual: Decimal,
): [string, string, string] {
  if (id?.relation === 'ratio') {
    const [e, a] = showPercentPair(expected, actual, cell.dp);
    const [d] = showPair(expected.minus(actual).abs().times(100), actual.times(100), cell.dp);
    return [e, a, d];
  }
  if (fieldOf(String(id?.field ?? '')) === 'count' || cell.dp >= 10) {
    return [expected.toString(), actual.toString(), expected.minus(actual).abs().toString()];
  }
  const [e, a] = showPair(expected, actual, cell.dp);
  const [d] = showPair(expected.minus(actual).abs(), actual, cell.dp);
  return [e, a, d];
}

/**
 * What a column is called in a message: the engine's word for the field, except where the field is only a kind (a
 * fund source, a part of a row-wise total, a generic 金额): there the column's own header says what it is.
 */
export function columnLabel(ctx: RuleContext, cell: Stated, key: string): string {
  const field = fieldOf(key);
  const spec = cell.owner?.ledger?.raw.columns.find(
    (c) => c.col === cell.col - (cell.owner?.ledger?.raw.sheet.left ?? 0),
  );
  const generic =
    field === 'funds' || (spec !== undefined && /^(合计|总计|小计|金额|合计数|总额)/.test(spec.label));
  return generic && spec?.label ? spec.label.replace(/\d+=[\d+\-]+$/, '') : fieldLabel(ctx, field);
}

function params(ctx: RuleContext, id: Identity): Record<string, string> {
  const other = id.kind === 'cross' ? id.terms[0]?.cell : undefined;
  return {
    name: rowLabel(ctx, id.row.name),
    field: columnLabel(ctx, id.target, String(id.field)),
    base: baseLabel(ctx, ctx.rateBase),
    ...(other ? { other: tableName(other) } : {}),
  };
}

/** A table as a message names it: its title, else its sheet. */
function tableName(cell: Stated): string {
  const raw = cell.owner?.ledger?.raw;
  return raw?.title ?? raw?.sheet.name ?? '';
}

/** The other side of the cross-table identities among `ids`: the cells a finding relates to. */
function crossRelated(ids: readonly Identity[], cell: Stated): { sheet: string; cell: string }[] {
  const out: { sheet: string; cell: string }[] = [];
  for (const id of ids) {
    if (id.kind !== 'cross') continue;
    for (const c of cellsOf(id)) {
      if (c === cell || out.some((o) => o.cell === c.cell && o.sheet === sheetOf(c))) continue;
      out.push({ sheet: sheetOf(c), cell: c.cell });
    }
  }
  return out;
}

const CAUSE_TEXT: Record<'zh-CN' | 'en-US', Record<Cause, string>> = {
  'zh-CN': {
    transposition: '疑似数字颠倒',
    digit: '疑似有一位数字录错',
    unit: '疑似单位错误（元与万元、百分数与小数混用）',
    denominator: '疑似用错了分母（{denominator}）',
    'omitted-row': '疑似漏加了{rows}',
    'missing-row': '疑似表中漏列了一个项目',
    'double-count': '疑似重复计算了{rows}',
    sign: '疑似正负号写反',
  },
  'en-US': {
    transposition: 'two digits look swapped',
    digit: 'one digit looks mistyped',
    unit: 'the unit looks wrong (元 for 万元, or a percentage for a fraction)',
    denominator: 'it looks divided by the wrong figure ({denominator})',
    'omitted-row': '{rows} looks left out',
    'missing-row': 'an item looks left out of the table',
    'double-count': '{rows} looks counted twice',
    sign: 'the sign looks reversed',
  },
};

function causeText(ctx: RuleContext, cause: Cause, rows: WorkRow[] = [], denominator?: string): string {
  const names = rows.map((r) => rowLabel(ctx, r.name)).join(ctx.lang === 'zh-CN' ? '、' : ', ');
  return CAUSE_TEXT[ctx.lang][cause]
    .replace('{rows}', names)
    .replace('{denominator}', denominator ? fieldLabel(ctx, denominator) : '');
}

/** The rule a corrected input cell is reported under: the most telling identity it fails. */
const RULE_ORDER: RuleId[] = ['sum', 'available', 'surplus', 'rate', 'reduction', 'change', 'score'];

function checksText(ctx: RuleContext, ids: Identity[], cell: Stated): string {
  const parts: string[] = [];
  for (const id of ids) {
    if (id.target === cell) continue;
    const column = columnLabel(ctx, id.target, String(id.field));
    const label =
      id.row === cell.owner
        ? column
        : `${rowLabel(ctx, id.row.name)}${ctx.lang === 'zh-CN' ? '的' : ' '}${column}`;
    if (!parts.includes(label)) parts.push(label);
  }
  return parts.join(ctx.lang === 'zh-CN' ? '、' : ', ');
}

/** Adds the findings of a localisation to the context. */
export function reportLocalisation(ctx: RuleContext, loc: Localisation): void {
  for (const c of loc.corrections) {
    const own = c.own;
    const sheet = sheetOf(c.cell);
    if (c.value === undefined) {
      // A rate over a zero base.
      const [, actual] = showPercentPair(c.cell.value, c.cell.value, c.cell.dp);
      addFinding(ctx, {
        rule: own?.rule ?? 'rate',
        severity: 'error',
        sheet,
        cell: c.cell.cell,
        expected: '—',
        actual,
        key: 'rateNoBase',
        params: own ? params(ctx, own) : { name: '', base: baseLabel(ctx, ctx.rateBase) },
      });
      continue;
    }
    const why = explain(c.cell, c.value, own, loc.value);
    const id =
      own ?? [...c.explains].sort((a, b) => RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule))[0];
    const [expected, actual, diff] = show(own, c.cell, c.value, c.cell.value);
    const row = c.cell.owner;
    const also = c.also ?? [];
    const related = crossRelated(c.explains, c.cell);
    for (const o of also)
      if (!related.some((r) => r.cell === o.cell && r.sheet === sheetOf(o)))
        related.push({ sheet: sheetOf(o), cell: o.cell });
    const text = [
      why ? causeText(ctx, why.cause, why.rows, why.denominator) : undefined,
      alsoText(ctx, also, actual),
    ]
      .filter((t): t is string => !!t)
      .join(ctx.lang === 'zh-CN' ? '；' : '; ');
    const base = {
      rule: id.rule,
      severity: 'error' as const,
      sheet,
      cell: c.cell.cell,
      expected,
      actual,
      ...(why ? { cause: why.cause } : {}),
      ...(related.length ? { related } : {}),
    };
    if (own) {
      addFinding(ctx, {
        ...base,
        key: KEYS[own.kind][0],
        params: { ...params(ctx, own), diff },
        ...(text ? { suffix: text } : {}),
        ...(also.length ? { action: 'fixAll' as const } : {}),
      });
    } else {
      const field =
        Object.entries(row?.vals ?? {}).find(([, s]) => s === c.cell)?.[0] ??
        Object.entries(row?.extra ?? {}).find(([, s]) => s === c.cell)?.[0] ??
        'spent';
      addFinding(ctx, {
        ...base,
        key: 'corrected',
        params: {
          name: rowLabel(ctx, row?.name ?? ''),
          field: columnLabel(ctx, c.cell, field),
          diff,
          checks: checksText(ctx, c.explains, c.cell),
        },
        ...(text ? { suffix: text } : {}),
        ...(also.length ? { action: 'fixAll' as const } : {}),
      });
    }
  }
  for (const d of loc.disputes) {
    const [expected, actual, diff] = d.computed
      ? show(d.at, d.at.target, d.computed, d.at.target.value)
      : ['—', d.at.target.value.toString(), ''];
    const sheet = sheetOf(d.at.target);
    addFinding(ctx, {
      rule: d.at.rule,
      severity: 'error',
      sheet,
      cell: d.at.target.cell,
      expected,
      actual,
      key: KEYS[d.at.kind][0],
      params: { ...params(ctx, d.at), diff },
      suffix: candidatesText(ctx, d.candidates),
      action: 'review',
      related: d.candidates.map((c) => ({ sheet: sheetOf(c), cell: c.cell })),
    });
  }
  for (const m of loc.missingRows) {
    const first = m.sums[0];
    const [expected, actual, diff] = show(first.id, first.id.target, first.computed, first.id.target.value);
    const parts = m.sums.map((s) => {
      const [, , d] = show(s.id, s.id.target, s.computed, s.id.target.value);
      return `${fieldLabel(ctx, fieldOf(String(s.id.field)))} ${d}${UNIT_SLOT}`;
    });
    addFinding(ctx, {
      rule: 'sum',
      severity: 'error',
      sheet: sheetOf(first.id.target),
      cell: first.id.target.cell,
      expected,
      actual,
      cause: 'missing-row',
      key: 'missingRow',
      params: {
        name: rowLabel(ctx, m.row.name),
        diff,
        parts: parts.join(ctx.lang === 'zh-CN' ? '、' : ', '),
      },
      related: m.sums.slice(1).map((s) => ({ sheet: sheetOf(s.id.target), cell: s.id.target.cell })),
    });
  }
  for (const u of loc.unexplained) {
    if (!u.computed) continue;
    const [expected, actual, diff] = show(u.id, u.id.target, u.computed, u.id.target.value);
    addFinding(ctx, {
      rule: u.id.rule,
      severity: 'error',
      sheet: sheetOf(u.id.target),
      cell: u.id.target.cell,
      expected,
      actual,
      key: KEYS[u.id.kind][0],
      params: { ...params(ctx, u.id), diff },
      action: 'review',
      related: crossRelated([u.id], u.id.target),
    });
  }
  // One rounding difference per cell: a figure 0.01 off both its parts and another table's statement of it is one
  // 尾差, said against its own table, the other table named in `related`.
  const roundings = new Map<Stated, Localisation['rounding']>();
  for (const r of loc.rounding) roundings.set(r.id.target, [...(roundings.get(r.id.target) ?? []), r]);
  for (const list of roundings.values()) {
    const r = list.find((x) => x.id.kind !== 'cross') ?? list[0];
    const [expected, actual, diff] = show(r.id, r.id.target, r.computed, loc.value(r.id.target));
    addFinding(ctx, {
      rule: r.id.rule,
      severity: 'info',
      rounding: true,
      sheet: sheetOf(r.id.target),
      cell: r.id.target.cell,
      expected,
      actual,
      key: KEYS[r.id.kind][1],
      params: { ...params(ctx, r.id), diff },
      related: crossRelated(
        list.map((x) => x.id),
        r.id.target,
      ),
    });
  }
}

function alsoText(ctx: RuleContext, also: readonly Stated[], actual: string): string | undefined {
  if (also.length === 0) return undefined;
  const where = also.map((c) => `${sheetOf(c)}!${c.cell}`).join(ctx.lang === 'zh-CN' ? '、' : ', ');
  return ctx.lang === 'zh-CN'
    ? `同一数字在 ${where} 也写作 ${actual}${UNIT_SLOT}`
    : `the same figure is also stated as ${actual}${UNIT_SLOT} at ${where}`;
}

function candidatesText(ctx: RuleContext, candidates: Stated[]): string {
  const names = candidates
    .slice(0, 6)
    .map((c) => rowLabel(ctx, c.owner?.name ?? ''))
    .join(ctx.lang === 'zh-CN' ? '、' : ', ');
  const more = candidates.length > 6 ? (ctx.lang === 'zh-CN' ? '等' : ' and others') : '';
  return ctx.lang === 'zh-CN'
    ? `无法判断是该数还是下一级的${names}${more}有误`
    : `it cannot be told whether this figure or ${names}${more} is wrong`;
}
