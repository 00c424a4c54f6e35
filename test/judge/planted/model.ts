/**
 * Generated tables for the planted-cell judging suite, and the reference reading of domain.md §3 "Which cell is
 * wrong" that decides where one planted wrong cell must be reported.
 *
 * A generated table is a grid (what a host hands the engine) plus what the generator knows: every stated figure
 * (its cell, its exact value, the precision it is shown with, whether it is derived) and every identity among them.
 *
 * The reference (`locate`) is written from the spec alone:
 * - identities are the spec's equalities plus "spent does not exceed available" (rule overspend), which a
 *   correction may not break either;
 * - the candidates are the single cells whose correction makes EVERY identity hold (a cell that sits in an identity
 *   that holds can only change if that identity still holds afterwards: "a figure that other identities confirm is
 *   never the one changed"); an amount that cannot be negative is never corrected to a negative value;
 * - one candidate: the finding is there, with the corrected value as `expected`;
 * - several, some derived (a total, a subtotal, a row total, 全年预算数 computed from its terms, a 结余, a rate, an
 *   增减额, a score): "ties go to the derived cell" — the derived one (if several are derived, any of them);
 * - several, none derived: "report the disagreement once, at the total" — the target of the one failing identity,
 *   `expected` left open (the spec fixes no corrected value for a total it does not blame).
 */
import Decimal from 'decimal.js';
import { columnLetter } from '../../../src/engine';
import type { Cell, Sheet } from '../../../src/engine';

/** What a stated figure is, for the scoreboard. */
export type Kind =
  | 'part'
  | 'subtotal'
  | 'total'
  | 'row-total'
  | 'code-parent'
  | 'initial'
  | 'carryOver'
  | 'added'
  | 'reduced'
  | 'available'
  | 'spent'
  | 'surplus'
  | 'rate'
  | 'prev'
  | 'changeAmount'
  | 'change'
  | 'score';

export interface Figure {
  id: string;
  value: Decimal;
  /** Decimals shown (of the table's unit, or of percentage points for a rate). */
  dp: number;
  kind: Kind;
  derived: boolean;
  /** A rate or percentage stored as a fraction. */
  rate?: boolean;
  /** The table states 元 (the engine reports 万元). */
  yuan?: boolean;
  /** May be negative (an 增减额 or 增减率). */
  signed?: boolean;
  /** Can be planted (a shown figure; blank cells are not planted). */
  plantable: boolean;
}

export type Identity =
  | { type: 'sum'; target: string; plus: string[]; minus?: string[] }
  | { type: 'ratio'; target: string; num: string[]; numMinus?: string[]; den: string[] }
  | { type: 'score'; target: string; num: string; den: string; points: string }
  /** `target` ≤ `bound`: spent within available (rule overspend); checked, never solved. */
  | { type: 'le'; target: string; bound: string };

export interface Table {
  layout: string;
  sheet: Sheet;
  figures: Map<string, Figure>;
  identities: Identity[];
  /** Description for test names. */
  about: string;
}

/** Builds a grid and its figures. Rows and columns are 0-based; ids are A1 addresses. */
export class Grid {
  readonly rows: (Cell | null)[][] = [];
  /** Merged ranges, 0-based inclusive. */
  readonly merges: { top: number; left: number; bottom: number; right: number }[] = [];
  readonly figures = new Map<string, Figure>();
  readonly identities: Identity[] = [];

  id(r: number, c: number): string {
    return `${columnLetter(c)}${r + 1}`;
  }

  put(r: number, c: number, cell: Cell | null): void {
    while (this.rows.length <= r) this.rows.push([]);
    const row = this.rows[r];
    while (row.length <= c) row.push(null);
    row[c] = cell;
  }

  text(r: number, c: number, s: string | null, fmt?: string): void {
    if (s === null) return;
    this.put(r, c, fmt ? { v: s, fmt } : { v: s });
  }

  number(r: number, c: number, n: number, fmt?: string): void {
    this.put(r, c, fmt ? { v: n, fmt } : { v: n });
  }

  /** A stated amount (two decimals) or, with `rate`, a fraction shown as `0.00%`. Null: a blank cell (0). */
  figure(
    r: number,
    c: number,
    value: Decimal | null,
    meta: Omit<Figure, 'id' | 'value' | 'dp' | 'plantable'> & { dp?: number; fmt?: string },
  ): string {
    const id = this.id(r, c);
    const dp = meta.dp ?? 2;
    const { fmt, ...rest } = meta;
    this.figures.set(id, { ...rest, id, value: value ?? new Decimal(0), dp, plantable: value !== null });
    if (value !== null) this.number(r, c, value.toNumber(), fmt ?? (meta.rate ? '0.00%' : '#,##0.00'));
    return id;
  }

  /** A header's text merged over a range (the rest of the range stays empty, as a merge leaves it). */
  merged(top: number, left: number, bottom: number, right: number, s: string): void {
    this.text(top, left, s);
    if (bottom > top || right > left) this.merges.push({ top, left, bottom, right });
  }

  sum(target: string, plus: string[], minus: string[] = []): void {
    this.identities.push({ type: 'sum', target, plus, minus });
  }

  ratio(target: string, num: string[], den: string[], numMinus: string[] = []): void {
    this.identities.push({ type: 'ratio', target, num, den, numMinus });
  }

  notAbove(target: string, bound: string): void {
    this.identities.push({ type: 'le', target, bound });
  }

  score(target: string, num: string, den: string, points: string): void {
    this.identities.push({ type: 'score', target, num, den, points });
  }

  table(layout: string, name: string, about: string): Table {
    return {
      layout,
      about,
      sheet: { name, rows: this.rows, ...(this.merges.length ? { merges: this.merges } : {}) },
      figures: this.figures,
      identities: this.identities,
    };
  }
}

/** Half-up rounding to `dp` decimals. */
export function round(x: Decimal, dp: number): Decimal {
  return x.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

type Values = Map<string, Decimal>;

function val(values: Values, id: string): Decimal {
  return values.get(id) ?? new Decimal(0);
}

function total(values: Values, ids: string[]): Decimal {
  return ids.reduce((a, id) => a.plus(val(values, id)), new Decimal(0));
}

function unit(dp: number): Decimal {
  return new Decimal(10).pow(-dp);
}

/** The value an identity gives its target (null: none, e.g. a rate over 0). */
function computed(i: Identity, values: Values): Decimal | null {
  switch (i.type) {
    case 'sum':
      return total(values, i.plus).minus(total(values, i.minus ?? []));
    case 'ratio': {
      const den = total(values, i.den);
      if (den.isZero()) return null;
      return total(values, i.num)
        .minus(total(values, i.numMinus ?? []))
        .div(den);
    }
    case 'score': {
      const den = val(values, i.den);
      if (den.isZero()) return null;
      return Decimal.min(val(values, i.num).div(den), 1).times(val(values, i.points));
    }
    case 'le':
      return null;
  }
}

/** domain.md §2: equal at the stated precision, or within the rounding tolerance. */
export function holds(i: Identity, values: Values, figures: Map<string, Figure>): boolean {
  if (i.type === 'le') return val(values, i.target).lte(val(values, i.bound));
  const t = figures.get(i.target) as Figure;
  const c = computed(i, values);
  if (c === null) return true;
  const stated = val(values, i.target);
  if (t.rate) {
    const shownPoints = round(c.times(100), t.dp);
    return shownPoints.minus(stated.times(100)).abs().lte(unit(t.dp));
  }
  if (round(c, t.dp).eq(stated)) return true;
  const terms = i.type === 'sum' ? i.plus.length + (i.minus?.length ?? 0) : 1;
  return c
    .minus(stated)
    .abs()
    .lte(unit(t.dp).div(2).times(Math.max(terms, 1)));
}

/** Values of every figure ("truth"), with `id` set to `v`. */
export function valuesOf(t: Table, id?: string, v?: Decimal): Values {
  const out: Values = new Map();
  for (const [k, f] of t.figures) out.set(k, f.value);
  if (id !== undefined && v !== undefined) out.set(id, v);
  return out;
}

function idsOf(i: Identity): string[] {
  switch (i.type) {
    case 'sum':
      return [i.target, ...i.plus, ...(i.minus ?? [])];
    case 'ratio':
      return [i.target, ...i.num, ...(i.numMinus ?? []), ...i.den];
    case 'score':
      return [i.target, i.num, i.den, i.points];
    case 'le':
      return [i.target, i.bound];
  }
}

/** Solves `i` for `id` (null where it cannot be solved exactly: a term of a ratio or a score). */
function solve(i: Identity, id: string, values: Values): Decimal | null {
  if (i.type === 'sum') {
    const others = (ids: string[]): Decimal =>
      total(
        values,
        ids.filter((x) => x !== id),
      );
    const plus = others(i.plus);
    const minus = others(i.minus ?? []);
    if (id === i.target) return plus.minus(minus);
    if (i.plus.includes(id)) return val(values, i.target).minus(plus).plus(minus);
    if ((i.minus ?? []).includes(id)) return plus.minus(minus).minus(val(values, i.target));
    return null;
  }
  if (id === i.target) return computed(i, values);
  return null;
}

export interface Located {
  /** Cells where the finding may be (one, or the derived candidates of a tie). */
  cells: string[];
  /** The corrected value of the cell, exactly; undefined where the spec leaves it open. */
  value?: Decimal;
  /** How it was decided, for messages. */
  how: 'unique' | 'derived-tie' | 'at-total';
  candidates: string[];
}

/** domain.md §3 applied to one planted cell. */
export function locate(t: Table, plantedId: string, planted: Decimal): Located {
  const values = valuesOf(t, plantedId, planted);
  const failing = t.identities.filter((i) => !holds(i, values, t.figures));
  if (failing.length === 0) throw new Error(`planting ${plantedId} broke nothing`);
  const inFailing = new Set(failing.flatMap(idsOf));
  const found: { id: string; value: Decimal }[] = [];
  for (const id of inFailing) {
    const f = t.figures.get(id);
    if (!f) continue;
    const tried = new Set<string>();
    for (const i of failing) {
      if (!idsOf(i).includes(id)) continue;
      let s = solve(i, id, values);
      if (s === null) continue;
      if (f.rate) s = round(s, f.dp + 2);
      else s = round(s, f.dp);
      if (tried.has(s.toString())) continue;
      tried.add(s.toString());
      if (!f.signed && s.isNegative()) continue;
      const next = new Map(values);
      next.set(id, s);
      if (t.identities.every((j) => holds(j, next, t.figures))) {
        found.push({ id, value: s });
        break;
      }
    }
  }
  const candidates = found.map((c) => c.id);
  if (found.length === 1) return { cells: candidates, value: found[0].value, how: 'unique', candidates };
  const derived = found.filter((c) => t.figures.get(c.id)?.derived);
  if (derived.length === 1)
    return { cells: [derived[0].id], value: derived[0].value, how: 'derived-tie', candidates };
  if (derived.length > 1) return { cells: derived.map((c) => c.id), how: 'derived-tie', candidates };
  const targets = [...new Set(failing.filter((i) => i.type === 'sum').map((i) => i.target))];
  return { cells: targets, how: 'at-total', candidates };
}

/** How the engine shows a corrected value: 万元 with two decimals, rates with `%` and two decimals. */
export function shown(f: Figure, v: Decimal): string {
  if (f.rate) return `${round(v.times(100), 2).toFixed(2)}%`;
  return round(f.yuan ? v.div(10000) : v, 2).toFixed(2);
}
