/**
 * The identities of a workbook's tables, as the correction model asks for them: all of them once, and those around a
 * cell (its row's own, the sums it is a part or the total of, at any depth) as often as needed. Identities are
 * made when asked for; only those around cells the model tries are kept.
 */
import type { Stated, WorkLedger, WorkRow } from '../ledger';
import { rowIdentities, shareIdentities } from '../rules/identity';
import { nodeIdentities } from '../rules/sum';
import type { RuleTable } from '../rules/table';
import { cellsOf, involves, type Identity } from './identity';
import type { IdentitySystem } from './localise';

/** Rows with more children than this keep their identities. */
const BIG_ROW = 64;

export class TableSystem implements IdentitySystem {
  private readonly byLedger = new Map<WorkLedger, RuleTable>();
  private readonly kept = new Map<WorkRow, Identity[]>();
  private readonly totals = new Map<RuleTable, WorkRow[]>();

  /** Identities across tables (rule `cross`), by the cells they hold. */
  private readonly across = new Map<Stated, Identity[]>();

  constructor(
    private readonly tables: readonly RuleTable[],
    private readonly cross: readonly Identity[] = [],
  ) {
    for (const id of cross) {
      for (const c of cellsOf(id)) this.across.set(c, [...(this.across.get(c) ?? []), id]);
    }
    for (const t of tables) {
      this.byLedger.set(t.ledger, t);
      this.totals.set(
        t,
        t.ledger.rows.filter((r) => r.kind === 'total'),
      );
    }
  }

  private make(t: RuleTable, row: WorkRow, out: Identity[]): void {
    rowIdentities(t, row, out);
    nodeIdentities(t, row, out);
    shareIdentities(t, row, this.totals.get(t)?.[0], out);
  }

  forEach(visit: (id: Identity) => void): void {
    const buf: Identity[] = [];
    for (const t of this.tables) {
      for (const row of t.ledger.rows) {
        buf.length = 0;
        this.make(t, row, buf);
        // A row over many others (a 合计 of a long ledger) is kept: its identities are asked for again and again.
        if (row.children.length > BIG_ROW && !this.kept.has(row)) this.kept.set(row, buf.slice());
        for (const id of buf) visit(id);
      }
    }
    for (const id of this.cross) visit(id);
  }

  private of(t: RuleTable, row: WorkRow): Identity[] {
    let ids = this.kept.get(row);
    if (!ids) {
      ids = [];
      this.make(t, row, ids);
      this.kept.set(row, ids);
    }
    return ids;
  }

  around(cell: Stated): readonly Identity[] {
    const row = cell.owner;
    const t = row?.ledger ? this.byLedger.get(row.ledger) : undefined;
    if (!row || !t) return [];
    const out: Identity[] = [...(this.across.get(cell) ?? [])];
    const add = (r: WorkRow) => {
      for (const id of this.of(t, r)) if (involves(id, cell)) out.push(id);
    };
    add(row);
    // Every row above it: a part's figure counts in its parent's sum, and in the grandparent's where the parent
    // leaves its own figure blank.
    const seen = new Set<WorkRow>([row]);
    let up: WorkRow | undefined = row;
    while (up) {
      const next: WorkRow | undefined = up.partOf ?? up.parent;
      if (!next) {
        for (const total of this.totals.get(t) ?? []) if (!seen.has(total)) add(total);
        break;
      }
      if (seen.has(next)) break;
      seen.add(next);
      add(next);
      up = next;
    }
    // A row is the denominator of its parts' shares (a total, of the rows it stands over).
    if (t.ledger.fieldsPresent.has('share')) {
      const over = row.kind === 'total' ? t.ledger.rows : [...row.children, ...row.parts];
      for (const r of over) {
        if (r === row || !r.vals.share) continue;
        for (const id of this.of(t, r)) if (id.kind === 'share' && involves(id, cell)) out.push(id);
      }
    }
    return out;
  }
}
