/**
 * Money and percentages: every amount is a `decimal.js` value behind these small functions.
 * Values are exact while computed; rounding (ROUND_HALF_UP) happens only when a value is shown.
 */
import Decimal from 'decimal.js';

/** A Decimal constructor of our own, so that no other user of decimal.js can change our settings. */
export const D = Decimal.clone({
  precision: 30,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Dec = Decimal;

export const ZERO = new D(0);
const TEN_THOUSAND = new D(10000);
const HUNDRED = new D(100);

/**
 * A decimal from its text (a cell's number), holding no more memory than its digits need: decimal.js builds a parsed
 * value's digits by pushing onto an empty array, which reserves room for 17 of them, and its copy keeps an array of
 * the digits' own length. A large ledger keeps hundreds of thousands of figures: on 100,000 rows the copy saves some
 * 70 MB.
 */
export function fromText(text: string): Decimal {
  return new D(new D(text));
}

/** An exact decimal from a number or a plain decimal string (numbers go through their shortest decimal text). */
export function dec(value: number | string | Decimal): Decimal {
  return new D(value);
}

export function add(a: Decimal, b: Decimal): Decimal {
  return a.plus(b);
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return a.minus(b);
}

/** Sum of any number of decimals (0 for none). */
export function sum(values: readonly Decimal[]): Decimal {
  let total: Decimal = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** a ÷ b, or undefined when b is 0: a rate with no base does not exist. */
export function ratio(a: Decimal, b: Decimal): Decimal | undefined {
  if (b.isZero()) return undefined;
  return a.div(b);
}

/** 元 → 万元, exactly. */
export function yuanToWan(yuan: Decimal): Decimal {
  return yuan.div(TEN_THOUSAND);
}

/** Rounds half-up to `dp` decimals (for display and for comparing at a stated precision). */
export function roundHalfUp(value: Decimal, dp: number): Decimal {
  return value.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

/** An amount in 万元 as shown: two decimals, half-up, e.g. `3740.11`. */
export function showWan(value: Decimal, dp = 2): string {
  return roundHalfUp(value, dp).toFixed(dp);
}

/** A fraction as a percentage with two decimals and a `%` sign: 0.57643 → `57.64%`. */
export function showPercent(fraction: Decimal, dp = 2): string {
  return roundHalfUp(fraction.times(HUNDRED), dp).toFixed(dp) + '%';
}

/** A fraction as percentage points (a Decimal, unrounded). */
export function toPercentPoints(fraction: Decimal): Decimal {
  return fraction.times(HUNDRED);
}

/** Percentage points → fraction. */
export function fromPercentPoints(points: Decimal): Decimal {
  return points.div(HUNDRED);
}

const HALF_UNITS: Decimal[] = [];

/** Half a unit of the `dp`-th decimal: 0.005 for two decimals. */
export function halfUnit(dp: number): Decimal {
  let h = HALF_UNITS[dp];
  if (!h) {
    h = new D(5).times(new D(10).pow(-(dp + 1)));
    if (dp >= 0 && dp < 40) HALF_UNITS[dp] = h;
  }
  return h;
}

/** One unit of the `dp`-th decimal: 0.01 for two decimals. */
export function unit(dp: number): Decimal {
  return new D(10).pow(-dp);
}

/** Decimals a number needs to be written exactly (up to 10): 3740.1 → 1, 98 → 0. */
export function decimalsOf(value: Decimal): number {
  return Math.min(value.decimalPlaces(), 10);
}
