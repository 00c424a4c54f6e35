/**
 * Reading 年度指标值 and 实际完成值 as people type them: `≥200台`, `不低于95%`, `≤5天`, `=100%`, `200`, `好`.
 */
import type Decimal from 'decimal.js';
import { toHalfWidth } from '../cells';
import { D } from '../money';

export interface Measure {
  direction?: '≥' | '≤' | '=';
  value?: Decimal;
  percent: boolean;
}

const AT_LEAST = /^(≥|>=|＞=|>|＞|不低于|不少于|大于等于|大于|高于|至少|达到|超过)/;
const AT_MOST = /^(≤|<=|＜=|<|＜|不高于|不超过|不多于|小于等于|小于|低于|控制在|少于)/;
const EQUAL = /^(=|＝|等于)/;
const NUMBER = /[-+]?\d+(?:\.\d+)?/;

/** A target or an actual value: its direction, its number and whether it is a percentage. */
export function readMeasure(text: string | undefined): Measure | undefined {
  if (text === undefined) return undefined;
  const s = toHalfWidth(text).replace(/[\s,，]/g, '');
  if (!s) return undefined;
  let direction: Measure['direction'];
  if (AT_LEAST.test(s)) direction = '≥';
  else if (AT_MOST.test(s)) direction = '≤';
  else if (EQUAL.test(s)) direction = '=';
  const m = NUMBER.exec(s);
  if (!m) return { direction, percent: false };
  const after = s.slice(m.index + m[0].length);
  return { direction, value: new D(m[0]), percent: after.startsWith('%') };
}

/**
 * The score an indicator's figures give, capped at its points: ≥ target (正向) points × min(actual ÷ target, 1),
 * ≤ target (反向) points × min(target ÷ actual, 1), = target points × min(actual ÷ target, target ÷ actual).
 * Undefined when the indicator is qualitative or a figure is missing: the user's tier stands.
 */
export function indicatorScore(
  points: Decimal,
  target: Measure | undefined,
  actual: Measure | undefined,
): { direction: '≥' | '≤' | '=' | 'qualitative'; score?: Decimal } {
  if (!target?.value) return { direction: 'qualitative' };
  const direction = target.direction ?? '≥';
  if (!actual?.value) return { direction };
  const t = target.value;
  const a = actual.value;
  const one = new D(1);
  const capped = (ratio: Decimal) => points.times(D.min(ratio, one));
  switch (direction) {
    case '≥':
      if (t.lte(0)) return { direction, score: a.gte(t) ? points : new D(0) };
      return { direction, score: capped(D.max(a, 0).div(t)) };
    case '≤':
      if (a.lte(t)) return { direction, score: points };
      if (t.lte(0)) return { direction, score: new D(0) };
      return { direction, score: capped(t.div(a)) };
    case '=':
      if (a.eq(t)) return { direction, score: points };
      if (a.lte(0) || t.lte(0)) return { direction, score: new D(0) };
      return { direction, score: capped(D.min(a.div(t), t.div(a))) };
  }
}
