/**
 * Rule `cross` (domain.md §6, crosscheck.md): the same quantity in two tables must agree, and so must a summary and
 * its detail elsewhere. Like every rule it only states identities; the one correction model decides which side is
 * wrong (the side whose other identities hold is right; where neither can be shown wrong, the summary side).
 *
 * A quantity is matched only where its meaning is not in doubt:
 * - the same 科目编码 (功能 or 经济分类) in two tables, in the same field;
 * - the items every department's tables name alike — 基本支出, 项目支出, 人员经费, 公用经费 and the “三公” items — as
 *   rows, or as the part columns of a total row (合计 | 基本支出 | 项目支出);
 * - a table's total where the table says what it totals (a “三公” table, a 基本支出 table by 经济分类, a department's
 *   支出决算表 or 自评表: their 合计 / 年度资金总额 / 本年支出合计);
 * - the two 总计 of a two-sided 收入支出 table.
 * Tables of 财政拨款 are their own 口径: their figures are matched with each other, and a 自评表's total with whichever
 * 口径 it agrees with (said in an info finding).
 */
import { compareAt, type Identity } from '../correct/identity';
import { statedBy, type Stated, type WorkRow } from '../ledger';
import type { Field } from '../types';
import { toHalfWidth } from '../cells';
import type { RuleTable } from './table';

/** What a table's figures cover: all funds, or 财政拨款 only. */
type Scope = 'all' | 'fiscal';

interface Quantity {
  key: string;
  field: Field;
  scope: Scope;
  cell: Stated;
  table: RuleTable;
  row: WorkRow;
  /** The cell is backed by parts in its own table (a total, a group): the detail side. */
  detailed: boolean;
}

/** Canonical names of the items every department names alike. */
const CANON: [RegExp, string][] = [
  [/^基本支出(合计|小计)?$/, '基本支出'],
  [/^项目支出(合计|小计)?$/, '项目支出'],
  [/^人员经费(合计|小计|支出)?$/, '人员经费'],
  [/^公用经费(合计|小计|支出)?$/, '公用经费'],
  [/^因公出国[(（]?境[)）]?(费|费用|经费)$/, '因公出国（境）费'],
  [/^公务接待(费|费用)$/, '公务接待费'],
  [/^公务用车(购置及运行(维护)?|费)(费|费用)?$|^公务用车费$/, '公务用车购置及运行维护费'],
  [/^公务用车购置(费)?$/, '公务用车购置费'],
  [/^公务用车运行(维护|运转)?(费|费用)$/, '公务用车运行维护费'],
  [/^[“"]?三公[”"]?经费(合计|支出|小计)?$/, '三公经费'],
];

const OUTLINE = /^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|其中[:：])+/;

function canonical(name: string): string | undefined {
  const n = toHalfWidth(name)
    .replace(/\s+/g, '')
    .replace(OUTLINE, '')
    .replace(/[:：]$/, '');
  for (const [re, c] of CANON) if (re.test(n)) return c;
  return undefined;
}

/** A 部门整体支出绩效自评表's figure: a summary that may be of either 口径. */
function isSummary(q: Quantity): boolean {
  return /自评|绩效/.test(titleOf(q.table));
}

function titleOf(t: RuleTable): string {
  return `${t.ledger.raw.title ?? ''} ${t.ledger.raw.department ?? ''} ${t.sheet}`;
}

function scopeOf(t: RuleTable): Scope {
  return /财政拨款/.test(titleOf(t)) ? 'fiscal' : 'all';
}

/** What a table's total row totals, where the table says it. */
function topic(t: RuleTable): string | undefined {
  const s = titleOf(t);
  if (/三公/.test(s)) return '三公经费';
  if (/基本支出/.test(s) && !/项目/.test(s)) return '基本支出';
  if (/项目支出/.test(s) && !/基本/.test(s)) return '项目支出';
  if (/支出决算|收入支出|整体支出|自评|支出预算|部门支出/.test(s)) return '支出合计';
  return undefined;
}

/** Fields a quantity is matched in (amounts that mean the same thing in any table). */
const MATCHED: ReadonlySet<Field> = new Set<Field>([
  'initial',
  'available',
  'spent',
  'prevYear',
  'prevBudget',
]);

/** The year a table's title states, if any. */
function yearOf(t: RuleTable): string | undefined {
  return /((?:19|20)\d{2})\s*年/.exec(toHalfWidth(titleOf(t)))?.[1];
}

/** The department a table's title names, if any (…局, …委员会, …中心 …). */
function entityOf(t: RuleTable): string | undefined {
  const s = toHalfWidth(t.ledger.raw.department ?? t.ledger.raw.title ?? '').replace(/\s+/g, '');
  const m = /([\u4e00-\u9fa5]{2,}?(?:委员会|办公室|管理局|局|委|办|院|所|中心|站|队|馆|厅|署|会))/.exec(
    s.replace(/^(部门|单位|编制部门|填报单位)[:：]/, '').replace(/(19|20)\d{2}年(度)?/g, ''),
  );
  return m?.[1];
}

/** A total row that totals income (本年收入合计, 收入总计) is no expense total. */
const INCOME = /收入/;

function quantities(t: RuleTable): Quantity[] {
  const out: Quantity[] = [];
  const scope = scopeOf(t);
  const total = topic(t);
  const push = (key: string, field: Field, cell: Stated, row: WorkRow) =>
    out.push({
      key,
      field,
      scope,
      cell,
      table: t,
      row,
      detailed: row.children.length > 0 || row.parts.length > 0,
    });
  for (const row of t.ledger.rows) {
    if (row.countRow) continue;
    const label = row.name.replace(/\s+/g, '');
    // An item every department names alike first (人员经费合计 is 人员经费, not the table's total), then a code, then
    // the table's own total where the table says what it totals.
    const name =
      canonical(row.name) ??
      (row.code !== undefined
        ? `code:${row.code}`
        : (row.kind === 'total' || /^(年度资金总额|资金总额|本年支出合计|支出合计)[:：]?$/.test(label)) &&
            !(total === '支出合计' && INCOME.test(label))
          ? total
          : undefined);
    if (name) {
      for (const f of MATCHED) {
        const s = row.vals[f];
        if (s) push(name, f, s, row);
      }
    }
    // The part columns of a total row (合计 | 基本支出 | 项目支出): each a quantity of its own.
    if (row.kind === 'total' && total === '支出合计' && !INCOME.test(label)) {
      for (const g of t.ledger.raw.rowTotals ?? []) {
        for (const key of g.parts) {
          const spec = t.ledger.raw.columns.find((c) => (c.second ? `${c.field}@${c.col}` : c.field) === key);
          const part = spec ? canonical(spec.label) : undefined;
          const s = statedBy(row, key);
          if (part && s) push(part, g.field === 'funds' ? 'spent' : g.field, s, row);
        }
      }
    }
  }
  return out;
}

const agrees = (a: Quantity, b: Quantity): boolean =>
  compareAt(a.cell.value, a.cell.dp, b.cell.value, 2) !== 'error';

/**
 * Whether two tables are statements of one department's year, so that their figures must agree. Not when their
 * titles name different years or departments, nor for the two halves of one two-sided table; and the figures they
 * share must bear it out: where they share several, most agree (one wrong figure among agreeing ones is a finding;
 * tables that disagree on most of what they share are of different 口径, scope or kind, and say nothing about each
 * other); a single shared figure links them only when it is one every department names alike, never a bare code.
 */
function compatible(a: RuleTable, b: RuleTable): boolean {
  const ya = yearOf(a);
  const yb = yearOf(b);
  if (ya && yb && ya !== yb) return false;
  const ea = entityOf(a);
  const eb = entityOf(b);
  if (ea && eb && ea !== eb) return false;
  return !(a.sheet === b.sheet && a.ledger.raw.headerTop === b.ledger.raw.headerTop);
}

function linked(a: RuleTable, b: RuleTable, shared: [Quantity, Quantity][]): boolean {
  if (!compatible(a, b) || shared.length === 0) return false;
  if (shared.length === 1) return !shared[0][0].key.startsWith('code:');
  const agree = shared.filter(([x, y]) => agrees(x, y)).length;
  return agree * 2 >= shared.length;
}

function identity(target: Quantity, term: Quantity): Identity {
  return {
    kind: 'cross',
    rule: 'cross',
    relation: 'eq',
    target: target.cell,
    terms: [{ cell: term.cell, value: term.cell.value }],
    sheet: target.table.sheet,
    row: target.row,
    field: target.field,
  };
}

const bare = (name: string) => name.replace(/\s+/g, '');

/** A half's total row: its 总计, else its one total row that totals neither an income nor an expense side. */
function halfTotal(table: RuleTable): { row: WorkRow; grand: boolean } | undefined {
  const grand = table.ledger.rows.find((r) => /^总计$/.test(bare(r.name)));
  if (grand) return { row: grand, grand: true };
  const totals = table.ledger.rows.filter((r) => r.kind === 'total' && !/收入|支出/.test(bare(r.name)));
  return totals.length === 1 ? { row: totals[0], grand: false } : undefined;
}

/** The totals of two halves of one table that state one quantity, field by field. */
function halvesTotals(a: RuleTable, b: RuleTable): [Quantity, Quantity][] {
  const ta = halfTotal(a);
  const tb = halfTotal(b);
  if (!ta || !tb || ta.grand !== tb.grand) return [];
  // Halves of one table under one title (two tables side by side each have their own), and totals of one thing
  // (人员经费合计 | 公用经费合计 in a two-column 经济分类 table are two).
  const title = a.ledger.raw.title;
  if (!ta.grand && (!title || title !== b.ledger.raw.title || bare(ta.row.name) !== bare(tb.row.name)))
    return [];
  const quantity = (
    table: RuleTable,
    row: WorkRow,
    field: Field,
    cell = row.vals[field] as Stated,
  ): Quantity => ({
    key: '总计',
    field,
    scope: 'all',
    cell,
    table,
    row,
    detailed: true,
  });
  if (ta.grand) {
    // Each side's 总计 in the first amount field it states (收入 and 支出 columns need not share a name).
    const first = (row: WorkRow) =>
      (Object.keys(row.vals) as Field[]).find((f) => MATCHED.has(f) && row.vals[f]);
    const fa = first(ta.row);
    const fb = first(tb.row);
    return fa && fb ? [[quantity(a, ta.row, fa), quantity(b, tb.row, fb)]] : [];
  }
  // One total broken down two ways: each column both halves name alike, in one field.
  const out: [Quantity, Quantity][] = [];
  const keyOf = (c: { field: Field; col: number; second?: boolean }) =>
    c.second ? `${c.field}@${c.col}` : c.field;
  for (const ca of a.ledger.raw.columns) {
    const cb = b.ledger.raw.columns.find((c) => c.field === ca.field && c.label === ca.label);
    const sa = cb && statedBy(ta.row, keyOf(ca));
    const sb = cb && statedBy(tb.row, keyOf(cb));
    if (sa && sb)
      out.push([
        { ...quantity(a, ta.row, ca.field), cell: sa },
        { ...quantity(b, tb.row, ca.field), cell: sb },
      ]);
  }
  return out;
}

export type { Quantity, Scope };

export interface CrossResult {
  identities: Identity[];
  /** Which 口径 a summary's total agrees with, where tables of both are present. */
  bases: { quantity: Quantity; matches: Scope | undefined; all?: Quantity; fiscal?: Quantity }[];
}

/** The cross-table identities of a workbook's tables. */
export function crossIdentities(tables: readonly RuleTable[]): CrossResult {
  const groups = new Map<string, Quantity[]>();
  for (const t of tables) {
    if (t.score) continue;
    const seen = new Set<string>();
    for (const q of quantities(t)) {
      const k = `${q.key}|${q.field}`;
      // One quantity per table: the first statement of it.
      if (seen.has(k)) continue;
      seen.add(k);
      const list = groups.get(k);
      if (list) list.push(q);
      else groups.set(k, [q]);
    }
  }
  // What each pair of tables shares, and whether they are statements of one year.
  const pairs = new Map<RuleTable, Map<RuleTable, [Quantity, Quantity][]>>();
  const sharedOf = (a: RuleTable, b: RuleTable) => {
    let m = pairs.get(a);
    if (!m) pairs.set(a, (m = new Map()));
    let l = m.get(b);
    if (!l) m.set(b, (l = []));
    return l;
  };
  for (const list of groups.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        if (list[i].scope !== list[j].scope) continue;
        sharedOf(list[i].table, list[j].table).push([list[i], list[j]]);
        sharedOf(list[j].table, list[i].table).push([list[j], list[i]]);
      }
  }
  const verdict = new Map<string, boolean>();
  const ids = new Map<RuleTable, number>(tables.map((t, i) => [t, i]));
  const isLinked = (a: RuleTable, b: RuleTable): boolean => {
    const k = `${ids.get(a)}|${ids.get(b)}`;
    let v = verdict.get(k);
    if (v === undefined) {
      v = linked(a, b, pairs.get(a)?.get(b) ?? []);
      verdict.set(k, v);
    }
    return v;
  };
  const identities: Identity[] = [];
  const bases: CrossResult['bases'] = [];
  // A 自评表 may be of either 口径: its figures are matched with the 决算 tables of the 口径 most of them agree with
  // (全口径 on a tie), and it says which, once.
  const summaries = new Map<RuleTable, { q: Quantity; all?: Quantity; fiscal?: Quantity }[]>();
  for (const list of groups.values()) {
    for (const q of list.filter(isSummary)) {
      const pick = (scope: Scope) =>
        list.find((x) => x.scope === scope && x.detailed && compatible(q.table, x.table)) ??
        list.find((x) => x.scope === scope && x.table !== q.table && compatible(q.table, x.table));
      const entry = { q, all: pick('all'), fiscal: pick('fiscal') };
      if (entry.all || entry.fiscal) summaries.set(q.table, [...(summaries.get(q.table) ?? []), entry]);
    }
  }
  const matchedBySummary = new Set<Quantity>();
  for (const entries of summaries.values()) {
    const count = (scope: Scope) =>
      entries.filter((e) => e[scope] && agrees(e.q, e[scope] as Quantity)).length;
    const nAll = count('all');
    const nFiscal = count('fiscal');
    const hasAll = entries.some((e) => e.all);
    const hasFiscal = entries.some((e) => e.fiscal);
    const scope: Scope = !hasAll || (hasFiscal && nFiscal > nAll) ? 'fiscal' : 'all';
    for (const e of entries) {
      const other = e[scope];
      if (!other) continue;
      identities.push(identity(e.q, other));
      matchedBySummary.add(e.q);
    }
    if (hasAll && hasFiscal) {
      const first = entries[0];
      bases.push({
        quantity: first.q,
        matches: Math.max(nAll, nFiscal) > 0 ? scope : undefined,
        all: entries.find((e) => e.all)?.all,
        fiscal: entries.find((e) => e.fiscal)?.fiscal,
      });
    }
  }
  for (const all0 of groups.values()) {
    if (all0.length < 2) continue;
    const all = all0.filter((q) => q.scope === 'all' && !matchedBySummary.has(q) && !isSummary(q));
    const fiscal = all0.filter((q) => q.scope === 'fiscal');
    for (const side of [all, fiscal]) {
      if (side.length < 2) continue;
      // The summary side (a figure its own table does not break down) is the one the finding sits on when neither
      // side can be shown wrong.
      const ordered = [...side.filter((q) => !q.detailed), ...side.filter((q) => q.detailed)];
      const done = new Set<Quantity>();
      for (const summary of ordered) {
        if (done.has(summary)) continue;
        done.add(summary);
        for (const q of ordered)
          if (!done.has(q) && isLinked(summary.table, q.table)) {
            identities.push(identity(summary, q));
            done.add(q);
          }
      }
    }
  }
  // The two halves of one table side by side (one header row): a two-sided 收入支出 table's 总计 (收入总计 = 支出总计),
  // or one total broken down two ways (批次 | 类型), whose 合计 in a column both halves name alike is one quantity.
  const bySheet = new Map<string, RuleTable[]>();
  for (const t of tables) bySheet.set(t.sheet, [...(bySheet.get(t.sheet) ?? []), t]);
  for (const list of bySheet.values()) {
    if (list.length !== 2 || list[0].ledger.raw.headerTop !== list[1].ledger.raw.headerTop) continue;
    for (const [qa, qb] of halvesTotals(list[0], list[1])) identities.push(identity(qb, qa));
  }
  return { identities, bases };
}
