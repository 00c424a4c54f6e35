/**
 * The one correction model (domain.md §3, "Which cell is wrong, and why"): given every identity the rules state,
 * find the smallest set of stated cells whose correction makes every identity hold, in the Fellegi–Holt sense.
 *
 * - Only failing identities matter. Those that share cells form components; each is solved on its own.
 * - In a component, single cells are tried first, then a missing row, then pairs. A cell's candidate values are
 *   what each failing identity it takes part in requires of it; a candidate holds when every failing identity of the
 *   component holds with it and no identity that held before fails (a figure other identities confirm is never the
 *   one changed). A formula cell over a corrected cell follows it, as Excel would recompute it.
 * - Ties go to the derived cell (the target of a failing identity: a total, a 全年预算数, a 结余, a rate). Where several
 *   inputs explain a failure equally and no derived cell does, the disagreement is reported once, at the target of
 *   the failing identity, naming the candidates.
 *
 * Components are a handful of cells, so the cost is linear in the size of the tables; identities over many terms
 * (a 合计 of a long ledger) are evaluated incrementally from a cached total.
 */
import type Decimal from 'decimal.js';
import type { Stated, WorkRow } from '../ledger';
import { D } from '../money';
import { refersTo } from './formula';
import type { Field } from '../types';
import { NON_NEGATIVE_FIELDS } from '../vocabulary';
import { own } from '../rules/table';
import {
  cellsOf,
  evaluate,
  involves,
  solveFor,
  termCount,
  forEachTermOf,
  MANY_TERMS,
  compareAt,
  type Identity,
  type Outcome,
  type Valuation,
} from './identity';

/** Where the identities come from: every one of them, and those a cell takes part in. */
export interface IdentitySystem {
  forEach(visit: (id: Identity) => void): void;
  around(cell: Stated): readonly Identity[];
}

export interface Correction {
  cell: Stated;
  /** The corrected value (undefined: the cell should be empty, e.g. a rate over a zero base). */
  value: Decimal | undefined;
  /** The failing identities the correction explains. */
  explains: Identity[];
  /** The identity the cell is the target of, when it is a derived cell. */
  own?: Identity;
  /** The same figure stated again elsewhere (another table, the other half of one), which follows the correction. */
  also?: Stated[];
}

/** Several inputs explain a failure equally: reported once, at the identity's target. */
export interface Dispute {
  at: Identity;
  computed?: Decimal;
  candidates: Stated[];
}

/** A total row that exceeds its parts by one consistent row, as if an item were left out. */
export interface MissingRow {
  row: WorkRow;
  /** The failing sums of that row, column by column, with what the parts give. */
  sums: { id: Identity; computed: Decimal }[];
}

export interface Localisation {
  corrections: Correction[];
  disputes: Dispute[];
  missingRows: MissingRow[];
  /** Failing identities no small explanation fits: reported at their targets. */
  unexplained: { id: Identity; computed?: Decimal }[];
  /** Identities that hold only within rounding, once the corrections are made (尾差). */
  rounding: { id: Identity; computed: Decimal }[];
  /** Every cell's true value: corrected, following a correction, or stated. */
  value: Valuation;
  /** Cells whose value follows a correction through their formula. */
  follows: Map<Stated, Decimal>;
}

/** The most cells of a component tried in pairs. */
const MAX_PAIR_CELLS = 24;

function key(id: Identity): string {
  return `${id.sheet}\u0000${id.kind}\u0000${id.target.row}\u0000${id.target.col}`;
}

function sheetOf(cell: Stated): string {
  return cell.owner?.ledger?.raw.sheet.name ?? '';
}

/** Whether the target of an identity is a formula over the cell (it then follows the cell). */
function follows(id: Identity, cell: Stated): boolean {
  const f = id.target.formula;
  if (!f || id.target === cell) return false;
  return refersTo(f, sheetOf(id.target), sheetOf(cell), cell.row, cell.col);
}

class Solver {
  /** True values of corrected and following cells (null: the cell should be empty). */
  readonly committed = new Map<Stated, Decimal | null>();
  readonly followed = new Map<Stated, Decimal>();
  /** Keys of the identities that fail under the committed values. */
  readonly failing = new Set<string>();
  private readonly bases = new Map<Identity, Decimal>();

  constructor(readonly system: IdentitySystem) {}

  readonly value: Valuation = (cell) => {
    const v = this.committed.get(cell);
    return v === undefined || v === null ? cell.value : v;
  };

  /** Evaluates under the committed values changed by `trial`, incrementally for identities over many terms. */
  evaluateWith(id: Identity, trial: ReadonlyMap<Stated, Decimal>): { outcome: Outcome; computed?: Decimal } {
    const val: Valuation = (c) => trial.get(c) ?? this.value(c);
    if (id.relation === 'ratio' || id.terms.length <= MANY_TERMS) return evaluate(id, val);
    let base = this.bases.get(id);
    if (!base) {
      base = evaluate(id, this.value).computed ?? new D(0);
      this.bases.set(id, base);
    }
    let computed = base;
    for (const [c, v] of trial) {
      // A ratio is evaluated whole above: every term indexed here is the sum's.
      const d = v.minus(this.value(c));
      forEachTermOf(id, c, (t) => {
        computed = t.neg ? computed.minus(d) : computed.plus(d);
      });
    }
    const target = val(id.target);
    if (id.relation === 'le' && computed.lte(target)) return { outcome: 'holds', computed };
    return { outcome: compareAt(target, id.target.dp, computed, termCount(id)), computed };
  }

  /**
   * Applies `changes` in trial: formula cells over a changed cell follow it; no identity that holds may fail.
   * Returns every changed cell and the keys of the component's identities it fixes, or null.
   */
  trial(
    changes: ReadonlyMap<Stated, Decimal>,
    component: readonly Identity[],
  ): { changed: Map<Stated, Decimal>; fixed: Set<string>; followed: number } | null {
    // An amount that cannot be negative is never corrected to a negative value.
    for (const [c, v] of changes) if (v.isNegative() && !v.isZero() && cannotBeNegative(c)) return null;
    const working = new Map(changes);
    const queue = [...changes.keys()];
    const checked = new Set<string>();
    const fixed = new Set<string>();
    /** Stated figures (not formulas) that had to follow the change: each a figure the change contradicts. */
    let followed = 0;
    for (let i = 0; i < queue.length; i++) {
      const cell = queue[i];
      const original = changes.has(cell);
      for (const id of this.system.around(cell)) {
        const k = key(id);
        if (checked.has(k)) continue;
        checked.add(k);
        // A derived figure that held with the old value follows the new one: a formula over the cell (at any depth),
        // or a total, 结余 or rate evidently computed by hand from the changed cell itself (it agreed with it; one
        // level only). Its own other identities are then checked.
        const byHand = original && id.target !== cell && id.relation !== 'le';
        if ((follows(id, cell) || byHand) && !changes.has(id.target) && !this.failing.has(k)) {
          const now = this.evaluateWith(id, working);
          if (now.outcome !== 'error') continue;
          const { computed } = now;
          // A row's own derived figures (结余, rates) follow its cells; a total over other rows is taken as computed
          // from the changed part only when following it mends something that failed (the total's own 结余), else
          // it confirms the part as it stands.
          const evidence =
            !byHand ||
            follows(id, cell) ||
            (id.kind !== 'sum' && id.kind !== 'breakdown') ||
            (computed !== undefined && this.mends(id, id.target, computed, working));
          if (evidence) {
            if (computed && !working.has(id.target)) {
              working.set(id.target, computed);
              queue.push(id.target);
              if (!follows(id, cell)) followed++;
            }
            continue;
          }
        }
        const bad = this.evaluateWith(id, working).outcome === 'error';
        if (this.failing.has(k)) {
          if (!bad) fixed.add(k);
        } else if (bad) return null;
      }
      if (queue.length > 64) return null;
    }
    for (const id of component) {
      const k = key(id);
      if (checked.has(k) || !this.failing.has(k)) continue;
      if (this.evaluateWith(id, working).outcome !== 'error') fixed.add(k);
    }
    return { changed: working, fixed, followed };
  }

  /** Whether giving `cell` the value `v` makes some failing identity around it (other than `via`) hold. */
  private mends(via: Identity, cell: Stated, v: Decimal, working: ReadonlyMap<Stated, Decimal>): boolean {
    const trial = new Map(working);
    trial.set(cell, v);
    for (const id of this.system.around(cell)) {
      if (id === via || key(id) === key(via) || !this.failing.has(key(id))) continue;
      if (this.evaluateWith(id, trial).outcome !== 'error') return true;
    }
    return false;
  }

  commit(changes: ReadonlyMap<Stated, Decimal | null>, corrected: ReadonlySet<Stated>): void {
    // The status of every identity around the changed cells under the new values, each evaluated once (large ones
    // from their cached total, moved by what changed), before the values are committed.
    const trial = new Map<Stated, Decimal>();
    for (const [c, v] of changes) if (v !== null) trial.set(c, v);
    const seen = new Set<string>();
    const totals = new Map<Identity, Decimal>();
    for (const c of changes.keys()) {
      for (const id of this.system.around(c)) {
        const k = key(id);
        if (seen.has(k)) continue;
        seen.add(k);
        if (changes.get(id.target) === null) {
          this.failing.delete(k);
          continue;
        }
        const r = this.evaluateWith(id, trial);
        if (r.outcome === 'error') this.failing.add(k);
        else this.failing.delete(k);
        if (id.relation !== 'ratio' && id.terms.length > MANY_TERMS && r.computed) totals.set(id, r.computed);
      }
    }
    for (const [c, v] of changes) {
      if (corrected.has(c)) this.committed.set(c, v);
      else if (v !== null) {
        this.followed.set(c, v);
        this.committed.set(c, v);
      }
    }
    for (const c of changes.keys()) for (const id of this.system.around(c)) this.bases.delete(id);
    for (const [id, total] of totals) this.bases.set(id, total);
  }

  isFailing(id: Identity): boolean {
    return this.failing.has(key(id));
  }
}

/** Whether a cell's field can never be negative (an amount of budget or spending, a count, a rate). */
function cannotBeNegative(cell: Stated): boolean {
  const row = cell.owner;
  if (!row) return false;
  for (const [f, s] of Object.entries(row.vals)) if (s === cell) return NON_NEGATIVE_FIELDS.has(f as Field);
  for (const [k, s] of Object.entries(row.extra ?? {}))
    if (s === cell) return NON_NEGATIVE_FIELDS.has(k.split('@')[0] as Field);
  return false;
}

/**
 * Failing identities joined by the cells they share, and by `links`: identities that hold between cells of two
 * failing ones (one figure stated in two tables), so that one discrepancy stated twice is explained once.
 */
function components(failing: Identity[], links: readonly Identity[] = []): Identity[][] {
  const parent = new Map<Stated, Stated>();
  const find = (c: Stated): Stated => {
    let p = parent.get(c) ?? c;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    parent.set(c, p);
    return p;
  };
  const union = (cells: Stated[]) => {
    for (const c of cells) if (!parent.has(c)) parent.set(c, c);
    const root = find(cells[0]);
    for (const c of cells.slice(1)) {
      const r = find(c);
      if (r !== root) parent.set(r, root);
    }
  };
  for (const id of failing) union(cellsOf(id));
  for (const id of links) {
    const cells = cellsOf(id);
    if (cells.every((c) => parent.has(c))) union(cells);
  }
  const groups = new Map<Stated, Identity[]>();
  for (const id of failing) {
    const r = find(id.target);
    const g = groups.get(r);
    if (g) g.push(id);
    else groups.set(r, [id]);
  }
  return [...groups.values()];
}

const involvesCell = involves;

/** The cells that state the same figure as `cell` in another table (its cross-table identities), typed, not formulas. */
function sameFigure(solver: Solver, cell: Stated): Stated[] {
  const out: Stated[] = [];
  for (const id of solver.system.around(cell)) {
    if (id.kind !== 'cross') continue;
    for (const c of cellsOf(id)) if (c !== cell && !c.formula && !out.includes(c)) out.push(c);
  }
  return out;
}

/** The failing identities a cell is the target of (large ones too, which the first round leaves aside). */
function ownFailing(solver: Solver, cell: Stated): Identity[] | undefined {
  const list = solver.system.around(cell).filter((id) => id.target === cell && solver.isFailing(id));
  return list.length ? list : undefined;
}

/** The identity a corrected cell is reported under: the sum it is the total of, else its first own identity. */
function ownIdentity(list: Identity[] | undefined): Identity | undefined {
  if (!list) return undefined;
  return list.find((i) => i.kind === 'sum') ?? list[0];
}

interface Candidate {
  cell: Stated;
  changed: Map<Stated, Decimal> | 'empty';
  /** Failing identities it fixes (of the component and beyond). */
  fixed: number;
  /** It fixes every identity of the component. */
  complete: boolean;
  /** Stated figures that had to follow it (fewer is a better explanation). */
  followed: number;
}

/**
 * Solves one component: a complete explanation if one exists (a derived cell, a lone input, a missing row, a pair);
 * else, when `greedy`, the single cell that fixes most of it, again and again. Returns whether anything was done.
 */
function solveComponent(solver: Solver, ids: Identity[], out: Localisation, last: boolean): boolean {
  const live = ids.filter((id) => solver.isFailing(id));
  // Spending above budget is evidence of which cell is wrong (an inflated part), but alone it is no disagreement
  // between figures: the bounds rule reports it on the true figures.
  const required = live.filter((id) => id.kind !== 'overspend');
  if (required.length === 0) return true;
  const targets = new Map<Stated, Identity[]>();
  for (const id of live) {
    const list = targets.get(id.target);
    if (list) list.push(id);
    else targets.set(id.target, [id]);
  }
  const counts = new Map<Stated, number>();
  for (const id of live) for (const c of cellsOf(id)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const byWeight = (a: Stated, b: Stated) =>
    (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.row - b.row || a.col - b.col;

  /** The best trial of one cell: the value that fixes most of the component. */
  const single = (cell: Stated): Candidate | null => {
    const seen: Decimal[] = [];
    let best: Candidate | null = null;
    for (const id of live) {
      if (!involvesCell(id, cell)) continue;
      const v = solveFor(id, cell, solver.value);
      if (v === undefined) {
        // A rate over a zero base: the cell should hold no rate at all.
        if (
          id.target === cell &&
          id.relation === 'ratio' &&
          evaluate(id, solver.value).computed === undefined
        )
          return { cell, changed: 'empty', fixed: 1, complete: required.length === 1, followed: 0 };
        continue;
      }
      if (seen.some((x) => x.eq(v))) continue;
      seen.push(v);
      const t = solver.trial(new Map([[cell, v]]), live);
      if (!t || t.fixed.size === 0) continue;
      const complete = required.every((id) => t.fixed.has(key(id)));
      const better =
        !best ||
        (complete && !best.complete) ||
        (complete === best.complete &&
          (t.followed < best.followed || (t.followed === best.followed && t.fixed.size > best.fixed)));
      if (better) best = { cell, changed: t.changed, fixed: t.fixed.size, complete, followed: t.followed };
      if (best?.complete && best.followed === 0) break;
    }
    return best;
  };

  const commitSingle = (c: Candidate) => {
    const own = ownIdentity(ownFailing(solver, c.cell));
    const explains = live.filter((id) => involvesCell(id, c.cell));
    if (c.changed === 'empty') {
      solver.commit(new Map([[c.cell, null]]), new Set([c.cell]));
      out.corrections.push({ cell: c.cell, value: undefined, explains, ...(own ? { own } : {}) });
      return;
    }
    const changed = c.changed;
    const also = sameFigure(solver, c.cell).filter((o) => changed.has(o));
    solver.commit(changed, new Set([c.cell]));
    out.corrections.push({
      cell: c.cell,
      value: changed.get(c.cell),
      explains,
      ...(own ? { own } : {}),
      ...(also.length ? { also } : {}),
    });
  };

  const derived = [...targets.keys()].sort(
    (a, b) => (targets.get(b)?.length ?? 0) - (targets.get(a)?.length ?? 0) || byWeight(a, b),
  );
  const inputs = [...counts.keys()].filter((c) => !targets.has(c)).sort(byWeight);
  const tried: Candidate[] = [];
  // A complete explanation by one cell: derived cells first (a total, a 全年预算数, a 结余 or a rate).
  const derivedComplete: Candidate[] = [];
  for (const cell of derived) {
    const c = single(cell);
    if (c?.complete) derivedComplete.push(c);
    else if (c) tried.push(c);
    if (c?.complete && c.followed === 0) break;
  }
  // A derived cell wins a tie; an explanation that contradicts no other stated figure (nothing had to follow it)
  // beats one that does, and one that also brings spending back within its budget explains more.
  const bounded = live.length > required.length;
  const pureDerived = derivedComplete.find((c) => c.followed === 0);
  if (pureDerived && !bounded) {
    commitSingle(pureDerived);
    return true;
  }
  const complete: Candidate[] = [];
  for (const cell of inputs) {
    const c = single(cell);
    if (c?.complete) complete.push(c);
    else if (c) tried.push(c);
  }
  const rank = (list: Candidate[]): Candidate[] => {
    if (list.length === 0) return list;
    const fewest = Math.min(...list.map((c) => c.followed));
    const least = list.filter((c) => c.followed === fewest);
    const most = Math.max(...least.map((c) => c.fixed));
    return least.filter((c) => c.fixed === most);
  };
  const all = rank([...derivedComplete, ...complete]);
  if (all.length > 0) {
    const fewest = all[0].followed;
    const bestDerived = all.find((c) => targets.has(c.cell));
    if (bestDerived) {
      commitSingle(bestDerived);
      return true;
    }
    if (all.length === 1) {
      commitSingle(all[0]);
      return true;
    }
    // Several inputs explain it equally and no derived cell does: the disagreement, once, at the total.
    complete.splice(0, complete.length, ...all.filter((c) => c.followed === fewest));
  }
  if (complete.length === 1) {
    commitSingle(complete[0]);
    return true;
  }
  if (complete.length > 1) {
    // Neither derived nor alone: the disagreement, once, at the total that all candidates sum into.
    const at =
      live.find((id) => complete.every((f) => involvesCell(id, f.cell))) ??
      live.find((id) => id.kind === 'sum' || id.kind === 'rowTotal') ??
      live[0];
    const computed = evaluate(at, solver.value).computed;
    out.disputes.push({ at, ...(computed ? { computed } : {}), candidates: complete.map((f) => f.cell) });
    for (const id of live) solver.failing.delete(key(id));
    return true;
  }
  if (pairs(solver, live, targets, counts, out)) return true;
  // Several errors in one component: the cell that fixes most of it, then what remains.
  if (tried.length > 0) {
    tried.sort(
      (a, b) =>
        b.fixed - a.fixed ||
        Number(targets.has(b.cell)) - Number(targets.has(a.cell)) ||
        byWeight(a.cell, b.cell),
    );
    const best = tried[0];
    const ties = tried.filter((t) => t.fixed === best.fixed && !targets.has(t.cell));
    if (targets.has(best.cell) || ties.length === 1) {
      commitSingle(best);
      return true;
    }
  }
  if (!last) return false;
  for (const id of required) {
    const computed = evaluate(id, solver.value).computed;
    out.unexplained.push({ id, ...(computed ? { computed } : {}) });
    solver.failing.delete(key(id));
  }
  return true;
}

const TERM_FIELDS = ['initial', 'carryOver', 'added', 'reduced'];

/**
 * A missing row: failing sums of one total row whose excesses over the parts, column by column, form one consistent
 * row (its 结余 is its 全年预算数 less its 实际支出; its 全年预算数 its terms, where every term is known), while the
 * total row's own figures agree with each other. Columns whose consistency cannot be shown (budget terms the total
 * row does not state) are left to be explained on their own. Returns the sums it explains.
 */
function missingRow(solver: Solver, ids: Identity[], out: Localisation): Identity[] {
  if (!ids.every((id) => id.kind === 'sum' && id.row === ids[0].row)) return [];
  const row = ids[0].row;
  const deltas = new Map<string, { id: Identity; computed: Decimal; delta: Decimal }>();
  for (const id of ids) {
    const computed = evaluate(id, solver.value).computed;
    if (!computed) return [];
    const delta = solver.value(id.target).minus(computed);
    if (!delta.isPositive()) return [];
    deltas.set(String(id.field), { id, computed, delta });
  }
  /** A column's excess: failing (its delta), stated and holding (0), or unknown. */
  const d = (f: string): Decimal | undefined =>
    deltas.get(f)?.delta ?? (own(row, f) !== undefined ? new D(0) : undefined);
  const fields = new Set(deltas.keys());
  const termsKnown = TERM_FIELDS.every(
    (f) => !row.ledger?.fieldsPresent.has(f as 'initial') || d(f) !== undefined,
  );
  if (!termsKnown) for (const f of TERM_FIELDS) fields.delete(f);
  else if (TERM_FIELDS.some((f) => fields.has(f))) {
    const avail = d('available');
    if (!avail) return [];
    let terms = new D(0);
    for (const f of TERM_FIELDS) {
      const x = d(f) ?? new D(0);
      terms = f === 'reduced' ? terms.minus(x) : terms.plus(x);
    }
    if (!terms.minus(avail).abs().lte(new D('0.01').times(ids.length))) return [];
  }
  const avail = fields.has('available') ? d('available') : undefined;
  const surplus = fields.has('surplus') ? d('surplus') : undefined;
  const spent = d('spent') ?? new D(0);
  if (avail && surplus && !avail.minus(spent).minus(surplus).abs().lte(new D('0.01').times(ids.length)))
    return [];
  const kept = [...fields].map((f) => deltas.get(f)).filter((x): x is NonNullable<typeof x> => !!x);
  if (kept.length < 2 || (!avail && !surplus)) return [];
  out.missingRows.push({ row, sums: kept.map((k) => ({ id: k.id, computed: k.computed })) });
  return kept.map((k) => k.id);
}

/** Two cells together: each pair's values from the identities that fix them, one after the other. */
function pairs(
  solver: Solver,
  ids: Identity[],
  targets: Map<Stated, Identity[]>,
  counts: Map<Stated, number>,
  out: Localisation,
): boolean {
  const cells = [...counts.keys()]
    .sort(
      (a, b) =>
        Number(targets.has(b)) - Number(targets.has(a)) || (counts.get(b) ?? 0) - (counts.get(a) ?? 0),
    )
    .slice(0, MAX_PAIR_CELLS);
  if (cells.length < 2) return false;
  let best: { cells: [Stated, Stated]; changed: Map<Stated, Decimal>; derived: number } | undefined;
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const derived = Number(targets.has(cells[i])) + Number(targets.has(cells[j]));
      if (best && derived <= best.derived) continue;
      for (const [a, b] of [
        [cells[i], cells[j]],
        [cells[j], cells[i]],
      ] as [Stated, Stated][]) {
        const changed = pairTrial(solver, ids, a, b);
        if (changed) {
          best = { cells: [a, b], changed, derived };
          break;
        }
      }
    }
  }
  if (!best) return false;
  const corrected = new Set(best.cells);
  const owns = best.cells.map((cell) => ownIdentity(ownFailing(solver, cell) ?? targets.get(cell)));
  solver.commit(best.changed, corrected);
  for (const [n, cell] of best.cells.entries()) {
    const own = owns[n];
    out.corrections.push({
      cell,
      value: best.changed.get(cell),
      explains: ids.filter((id) => involvesCell(id, cell)),
      ...(own ? { own } : {}),
    });
  }
  return true;
}

function pairTrial(solver: Solver, ids: Identity[], a: Stated, b: Stated): Map<Stated, Decimal> | null {
  for (const ia of ids) {
    if (!involvesCell(ia, a) || involvesCell(ia, b)) continue;
    const va = solveFor(ia, a, solver.value);
    if (va === undefined) continue;
    const withA: Valuation = (c) => (c === a ? va : solver.value(c));
    for (const ib of ids) {
      if (!involvesCell(ib, b)) continue;
      const vb = solveFor(ib, b, withA);
      if (vb === undefined) continue;
      const t = solver.trial(
        new Map([
          [a, va],
          [b, vb],
        ]),
        ids,
      );
      if (t && ids.every((id) => t.fixed.has(key(id)))) return t.changed;
    }
  }
  return null;
}

/** The most rounds: local identities first, then what still fails with them corrected, however large. */
const ROUNDS = 4;

/** Localises every failing identity of a system and returns the corrections and what remains. */
export function localise(system: IdentitySystem): Localisation {
  const failing: Identity[] = [];
  const rounding: Identity[] = [];
  const links: Identity[] = [];
  const solver = new Solver(system);
  system.forEach((id) => {
    const { outcome } = evaluate(id);
    if (id.kind === 'cross' && outcome !== 'error') links.push(id);
    if (outcome === 'error') {
      failing.push(id);
      solver.failing.add(key(id));
    } else if (outcome === 'rounding') rounding.push(id);
  });
  const out: Localisation = {
    corrections: [],
    disputes: [],
    missingRows: [],
    unexplained: [],
    rounding: [],
    value: solver.value,
    follows: solver.followed,
  };
  // A total row that exceeds its parts by one consistent row in two columns or more, its own figures agreeing with
  // each other: a row left out of the table, before any figure of the total row is taken for wrong.
  const sumsByRow = new Map<WorkRow, Identity[]>();
  for (const id of failing) {
    if (id.kind !== 'sum') continue;
    const list = sumsByRow.get(id.row);
    if (list) list.push(id);
    else sumsByRow.set(id.row, [id]);
  }
  for (const ids of sumsByRow.values()) {
    if (ids.length >= 2) for (const id of missingRow(solver, ids, out)) solver.failing.delete(key(id));
  }
  // Round 1: identities over a few cells (a row, a small group); the large sums fail only because of them.
  // Later rounds: everything that still fails, with the corrections made, however large; the last reports the rest.
  const pool = new Map<string, Identity>(failing.map((id) => [key(id), id]));
  for (let round = 0; round < ROUNDS; round++) {
    const last = round === ROUNDS - 1;
    const current = [...pool.values()].filter(
      (id) => solver.isFailing(id) && (round > 0 || id.terms.length <= MANY_TERMS),
    );
    if (current.length === 0) {
      if (round > 0) break;
      continue;
    }
    let progress = false;
    for (const ids of components(current, links)) if (solveComponent(solver, ids, out, last)) progress = true;
    // Identities that a correction made fail (rare: a correction is only made when all that held still holds).
    for (const c of solver.committed.keys()) for (const id of system.around(c)) pool.set(key(id), id);
    if (!progress && round > 0) {
      const rest = [...pool.values()].filter((id) => solver.isFailing(id));
      if (rest.length === 0) break;
      for (const ids of components(rest, links)) solveComponent(solver, ids, out, true);
      break;
    }
  }

  // 尾差: identities within rounding once corrected, reported at targets that are not themselves corrected.
  const reported = new Set<Stated>(out.corrections.map((c) => c.cell));
  for (const d of out.disputes) reported.add(d.at.target);
  for (const m of out.missingRows) for (const s of m.sums) reported.add(s.id.target);
  for (const u of out.unexplained) reported.add(u.id.target);
  const seen = new Set<string>();
  const again: Identity[] = [...rounding, ...failing];
  for (const c of solver.committed.keys()) again.push(...system.around(c));
  for (const id of again) {
    const k = key(id);
    if (seen.has(k) || reported.has(id.target)) continue;
    seen.add(k);
    const { outcome, computed } = evaluate(id, solver.value);
    if (outcome === 'rounding' && computed && id.kind !== 'overspend') out.rounding.push({ id, computed });
  }
  return out;
}
