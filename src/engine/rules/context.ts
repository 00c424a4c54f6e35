/**
 * What every rule family shares: the options, the finding list, and comparison at shown precision.
 */
import type Decimal from 'decimal.js';
import type { Stated } from '../ledger';
import { action, FIELD_LABELS, message, type ActionKey, type MessageKey } from '../messages';
import { D, halfUnit, roundHalfUp, unit } from '../money';
import type { Cause, Field, Finding, Lang, RateBase, RuleId, Severity } from '../types';

export interface RuleContext {
  lang: Lang;
  /** Low-rate threshold as a fraction (0.6 for 60%). */
  threshold: Decimal;
  rateBase: RateBase;
  findings: Finding[];
}

export type Outcome = 'holds' | 'rounding' | 'error';

/**
 * Compares a stated amount with what its parts give, at the precision it is shown with. A difference
 * within (terms × half a unit of the last shown decimal) is a rounding difference.
 */
export function compareAmount(stated: Stated, computed: Decimal, terms: number): Outcome {
  if (computed.eq(stated.value)) return 'holds';
  const dp = stated.dp;
  if (roundHalfUp(computed, dp).eq(roundHalfUp(stated.value, dp))) return 'holds';
  const diff = stated.value.minus(computed).abs();
  // Rounding errors of many terms largely cancel: past MAX_TERMS the tolerance stops growing, so a 合计 of
  // 100,000 rows is not excused 500 万元.
  if (diff.lte(halfUnit(dp).times(Math.min(Math.max(1, terms), MAX_TERMS)))) return 'rounding';
  return 'error';
}

/** The most terms whose half-units add up to a rounding tolerance. */
export const MAX_TERMS = 100;

/**
 * Whether a stated positive percentage holds for num ÷ den (den > 0) without dividing: it does exactly
 * when (s − h) × den ≤ num < (s + h) × den, h being half a unit of its last shown decimal (half-up).
 * Two multiplications cost a tenth of a division; the division is made only when this says no.
 */
export function quotientHolds(stated: Stated, num: Decimal, den: Decimal): boolean {
  const dp = stated.dp + 2;
  const s = stated.value.decimalPlaces() <= dp ? stated.value : roundHalfUp(stated.value, dp);
  if (!s.isPositive() || s.isZero() || num.isNegative() || !den.isPositive() || den.isZero()) return false;
  const h = halfUnit(dp);
  return s.minus(h).times(den).lte(num) && s.plus(h).times(den).gt(num);
}

/** Compares a stated percentage (a fraction) with a computed fraction; one unit of the last decimal is rounding. */
export function comparePercent(stated: Stated, computed: Decimal): Outcome {
  // Rounding a fraction at dp + 2 decimals is rounding its percentage points at dp.
  const dp = stated.dp + 2;
  const s = stated.value.decimalPlaces() <= dp ? stated.value : roundHalfUp(stated.value, dp);
  const c = roundHalfUp(computed, dp);
  if (s.eq(c)) return 'holds';
  if (s.minus(c).abs().lte(unit(dp))) return 'rounding';
  return 'error';
}

function showAt(v: Decimal, d: number): string {
  return roundHalfUp(v, d).toFixed(d);
}

/** Shows expected and actual amounts with two decimals, or more where two would make them look equal. */
export function showPair(expected: Decimal, actual: Decimal, dp: number): [string, string] {
  let d = 2;
  while (d < Math.max(dp, 2) && showAt(expected, d) === showAt(actual, d)) d++;
  return [showAt(expected, d), showAt(actual, d)];
}

/** The same for percentages (fractions in, `57.64%` out). */
export function showPercentPair(expected: Decimal, actual: Decimal, dp: number): [string, string] {
  const [e, a] = showPair(expected.times(100), actual.times(100), dp);
  return [e + '%', a + '%'];
}

export function fieldLabel(ctx: RuleContext, field: Field | string): string {
  return FIELD_LABELS[ctx.lang][field] ?? field;
}

/** The longest name a message quotes whole; a longer one is shortened with an ellipsis. */
const NAME_IN_MESSAGE = 60;

export function rowLabel(ctx: RuleContext, name: string): string {
  const t = name.trim();
  const n = [...t].length > NAME_IN_MESSAGE ? `${[...t].slice(0, NAME_IN_MESSAGE - 1).join('')}…` : t;
  if (!n) return FIELD_LABELS[ctx.lang].unnamed;
  if (ctx.lang === 'en-US' && /^(合计|总计)$/.test(n)) return 'the total';
  if (ctx.lang === 'en-US' && n === '小计') return 'the subtotal';
  return ctx.lang === 'zh-CN' ? `“${n}”` : `"${n}"`;
}

export function baseLabel(ctx: RuleContext, base: RateBase): string {
  return FIELD_LABELS[ctx.lang][base === 'initial' ? 'baseInitial' : 'baseAvailable'];
}

export interface FindingInput {
  rule: RuleId;
  severity: Severity;
  sheet: string;
  cell: string;
  expected: string;
  actual: string;
  rounding?: boolean;
  key: MessageKey;
  params: Record<string, string>;
  /** A clause added to the message (a cause, the candidates of an undecided disagreement). */
  suffix?: string;
  /** What to do, where the message's own default does not fit (an undecided disagreement: `review`). */
  action?: ActionKey;
  cause?: Cause;
  related?: { sheet: string; cell: string }[];
  hidden?: boolean;
}

export function addFinding(ctx: RuleContext, f: FindingInput): void {
  let text = message(ctx.lang, f.key, { expected: f.expected, actual: f.actual, ...f.params });
  if (f.suffix) text += ctx.lang === 'zh-CN' ? `，${f.suffix}` : `; ${f.suffix}`;
  const todo = action(ctx.lang, f.key, f.action, f.params);
  if (todo) text += ctx.lang === 'zh-CN' ? `；${todo}` : `; ${todo}`;
  ctx.findings.push({
    rule: f.rule,
    severity: f.severity,
    sheet: f.sheet,
    cell: f.cell,
    expected: f.expected,
    actual: f.actual,
    rounding: f.rounding ?? false,
    message: text,
    ...(f.cause ? { cause: f.cause } : {}),
    ...(f.related && f.related.length ? { related: f.related } : {}),
    ...(f.hidden ? { hidden: true } : {}),
  });
}

export const ZERO = new D(0);

/**
 * Reports a stated figure that differs from what its inputs give: an error, or info with `rounding` when the
 * difference is a rounding one. `show` says how the figures are written (amounts, percentages or counts); the
 * message gets `expected`, `actual` and `diff`, plus `params`.
 */
export function reportDifference(
  ctx: RuleContext,
  f: {
    rule: RuleId;
    sheet: string;
    stated: Stated;
    computed: Decimal;
    outcome: Outcome;
    key: MessageKey;
    roundingKey: MessageKey;
    params: Record<string, string>;
    show?: 'amount' | 'percent' | 'count';
  },
): void {
  if (f.outcome === 'holds') return;
  const { stated, computed } = f;
  const diffValue = stated.value.minus(computed).abs();
  let expected: string;
  let actual: string;
  let diff: string;
  if (f.show === 'percent') [expected, actual] = showPercentPair(computed, stated.value, stated.dp);
  else if (f.show === 'count') [expected, actual] = [computed.toString(), stated.value.toString()];
  else [expected, actual] = showPair(computed, stated.value, stated.dp);
  if (f.show === 'count') diff = diffValue.toString();
  else [diff] = showPair(diffValue, stated.value, stated.dp);
  const rounding = f.outcome === 'rounding';
  addFinding(ctx, {
    rule: f.rule,
    severity: rounding ? 'info' : 'error',
    sheet: f.sheet,
    cell: stated.cell,
    expected,
    actual,
    rounding,
    key: rounding ? f.roundingKey : f.key,
    params: { diff, ...f.params },
  });
}
