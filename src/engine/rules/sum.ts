/**
 * Rule `sum`: a 合计, 小计, outline group or code parent equals the sum of the level directly beneath it; a `其中`
 * breakdown never exceeds its row and, when complete, adds up to it (domain.md §1). Identities only: the correction
 * model decides which cell of a failing one is wrong.
 */
import type { Identity, Term } from '../correct/identity';
import { statedBy, type WorkRow } from '../ledger';
import type { RuleTable } from './table';
import { NON_NEGATIVE_FIELDS } from '../vocabulary';

/**
 * The terms a column of rows contributes to their total: each row's stated figure, or, for a row that states none,
 * the figures beneath it (a group that leaves its own total blank is its parts). A blank among filled ones is 0.
 */
function partTerms(rows: readonly WorkRow[], key: string, out: Term[], parts: WorkRow[]): void {
  const amounts = !key.startsWith('count');
  for (const r of rows) {
    // Counts (辆, 人次, a 相关统计数 section) are never parts of an amount total.
    if (amounts && r.countRow) continue;
    const s = statedBy(r, key);
    if (s) {
      out.push({ cell: s, value: s.value });
      parts.push(r);
    } else if (r.children.length > 0) partTerms(r.children, key, out, parts);
  }
}

/** The sums a row states over the rows beneath it, and over its `其中` parts. */
export function nodeIdentities(t: RuleTable, row: WorkRow, out: Identity[]): void {
  if (row.children.length === 0 && row.parts.length === 0) return;
  for (const { key, field } of t.summed) {
    const target = statedBy(row, key);
    if (!target) continue;
    if (row.children.length > 0) {
      const terms: Term[] = [];
      const parts: WorkRow[] = [];
      partTerms(row.children, key, terms, parts);
      // In a column where every part beneath a total is blank, the total has no breakdown.
      if (terms.length > 0) {
        out.push({
          kind: 'sum',
          rule: 'sum',
          relation: 'eq',
          target,
          terms,
          sheet: t.sheet,
          row,
          field: key === field ? field : key,
          parts,
        });
      }
    }
    // A partial breakdown only bounds its row where no part can be negative (a 结余 of an overspent rest can be).
    if (row.parts.length > 0 && (row.breakdownComplete || NON_NEGATIVE_FIELDS.has(field))) {
      const terms: Term[] = [];
      const parts: WorkRow[] = [];
      partTerms(row.parts, key, terms, parts);
      if (terms.length > 0) {
        out.push({
          kind: 'breakdown',
          rule: 'sum',
          relation: row.breakdownComplete ? 'eq' : 'le',
          target,
          terms,
          sheet: t.sheet,
          row,
          field: key === field ? field : key,
          parts,
        });
      }
    }
  }
}
