/**
 * The 部门整体支出绩效自评报告, built from an analysis in the source report's five chapters: 一、部门基本情况,
 * 二、一般公共预算支出情况 (基本支出 and “三公”经费, 项目支出, 业务工作经费), 三、部门整体支出绩效情况,
 * 四、存在的主要问题及下一步改进措施, 五、绩效自评结果拟应用和公开情况. Every figure is the one figures.ts gives
 * (the same in every output), with a note where it is not the sheet's as it stands; the prose names tables, rows and
 * columns, never a cell address or a formula (those are in 问题清单). Each project is described once: a detail
 * table whose title names a project is that project's breakdown, and a project met again in another table is not
 * repeated.
 */
import type Decimal from 'decimal.js';
import { figureNote, figuresOf, showFigure, type FigureBook, type FigureField } from '../figures';
import { D, showPercent, showWan, sum } from '../money';
import { gradeOf, resolveScoring } from '../scoring';
import { EngineUsageError, type Analysis, type Field, type Ledger } from '../types';
import {
  NARRATIVE_STRINGS,
  REPORT_SECTIONS,
  type CauseKind,
  type Figures,
  type Inconsistency,
  type NarrativeStrings,
  type ReportSection,
} from './strings';
import type { Narrative, NarrativeSection } from './types';

export type { Narrative, NarrativeSection } from './types';
export { REPORT_SECTIONS, type ReportSection } from './strings';

/** The report's settings: 单位名称, 年度 and the chapters to include (all five by default). */
export interface ReportOptions {
  unitName?: string;
  year?: string;
  sections?: readonly ReportSection[];
}

/** How many items a table lists one by one before pointing at the summary sheet. */
const MAX_ITEMS = 40;

const BASIC = /基本支出/;
const THREE_PUBLIC = /三公/;
const BUSINESS = /业务(工作)?经费/;
/** A table about problems (2020年项目支出预算执行存在的主要问题): its rows feed chapter 四, not 项目支出. */
const PROBLEM_TABLE = /问题/;
const IDENTITY_RULES = new Set(['sum', 'available', 'surplus', 'rate', 'reduction', 'change', 'cross']);
/** A 决算 table (支出决算表, 基本支出决算表 …): it restates figures the department's own tables give. */
const FINAL_ACCOUNTS = /决算/;
/** A row that sums a kind of spending (项目支出 in a problems table): a total, never a project. */
const SUMMARY_ROW = /^(基本支出|项目支出|人员经费|公用经费)(合计|小计)?$/;
/** The two halves of a 基本支出 table by 经济分类: 人员经费合计 | 公用经费合计. */
const HALF_TOTAL = /^(人员经费|公用经费)合计$/;

/** Tables of the department's own keeping first, then 决算 tables that restate them. */
function ownFirst(ledgers: Ledger[]): Ledger[] {
  const restates = (l: Ledger) => FINAL_ACCOUNTS.test(tableText(l));
  return [...ledgers.filter((l) => !restates(l)), ...ledgers.filter(restates)];
}

interface Context {
  analysis: Analysis;
  s: NarrativeStrings;
  base: string;
  book: FigureBook;
  summarySheet: string;
  /** Projects already described, by normalised name, with the row that describes them. */
  described: Map<string, { ledger: Ledger; index: number }>;
}

type At = Map<string, { ledger: Ledger; index: number }>;

function tableText(l: Ledger): string {
  return `${l.table.title ?? ''} ${l.table.sheet}`;
}

function hasMoney(l: Ledger): boolean {
  const fields = new Set(Object.values(l.table.fields));
  return fields.has('available') || fields.has('spent') || fields.has('initial');
}

/** A name to match projects across tables: no outline number, no bracketed note, no spaces. */
export function projectKey(name: string): string {
  return name
    .replace(/^\s*(\d+|[一二三四五六七八九十]+|[(（]\d+[)）])[、.．]?\s*/, '')
    .replace(/[（(][^）)]*[）)]\s*$/, '')
    .replace(/\s+/g, '');
}

const kids = new WeakMap<Ledger, Map<number, number[]>>();

/** The rows directly beneath a row, in order: listed for the whole ledger once. */
function children(l: Ledger, index: number): number[] {
  let byParent = kids.get(l);
  if (!byParent) {
    byParent = new Map();
    for (let i = 0; i < l.rows.length; i++) {
      const p = l.rows[i].parent;
      if (p === undefined) continue;
      const list = byParent.get(p);
      if (list) list.push(i);
      else byParent.set(p, [i]);
    }
    kids.set(l, byParent);
  }
  return byParent.get(index) ?? [];
}

function topRows(l: Ledger): number[] {
  const out: number[] = [];
  l.rows.forEach((r, i) => {
    if (r.parent === undefined && r.kind !== 'total') out.push(i);
  });
  return out;
}

/** A table's name for sentences: its title without the year and the trailing 情况表 / 明细表. */
function tableName(l: Ledger): string {
  if (BASIC.test(tableText(l))) return '基本支出';
  const t = (l.table.title ?? l.table.sheet).replace(/^\d{4}年度?/, '').replace(/表$/, '');
  return t || l.table.sheet;
}

/** What the reason column is called: its own header (备注, 说明) unless it names 原因. */
function reasonLabel(l: Ledger): string | undefined {
  for (const [col, field] of Object.entries(l.table.fields))
    if (field === 'reason') return l.table.headers[col];
  return undefined;
}

const AMOUNT_KEYS = ['initial', 'carryOver', 'added', 'reduced', 'available', 'spent'] as const;

function figures(ctx: Context, l: Ledger, index: number): Figures {
  const row = l.rows[index];
  const f: Figures = {};
  const notes: NonNullable<Figures['notes']> = {};
  const lang = ctx.analysis.options.lang;
  for (const field of AMOUNT_KEYS) {
    const fig = ctx.book.row(l, index, field);
    if (!fig) continue;
    f[field] = showFigure(fig);
    const note = figureNote(fig, lang);
    if (note) notes[field] = note;
  }
  const surplus = ctx.book.row(l, index, 'surplus');
  if (surplus) f.surplus = showFigure(surplus);
  const rate = ctx.book.row(l, index, 'rate');
  if (rate) {
    f.rate = showFigure(rate);
    const note = figureNote(rate, lang);
    if (note) notes.rate = note;
  } else if (f.spent !== undefined && f.available !== undefined && new D(f.available).isZero())
    f.noRate = true;
  if (Object.keys(notes).length) f.notes = notes;
  if (row.reason) {
    const label = reasonLabel(l);
    // “结余原因” only where there is a surplus to explain; else the text is a note about the row.
    const hasSurplus = surplus !== undefined && showWan(surplus.value) !== '0.00';
    f.reason = row.reason.trim();
    if (label && !/原因/.test(label)) f.reasonLabel = label;
    else if (!hasSurplus) f.reasonLabel = ctx.s.reasonOther;
    else f.reasonLabel = ctx.s.reasonSurplus;
  }
  return f;
}

function tableFigures(ctx: Context, l: Ledger): Figures {
  const t = ctx.book.totalRow(l);
  if (t >= 0) return figures(ctx, l, t);
  if (l.rows.length === 1) return figures(ctx, l, 0);
  const f: Figures = {};
  for (const field of ['initial', 'available', 'spent', 'surplus', 'rate'] as const) {
    const fig = ctx.book.table(l, field);
    if (fig) f[field] = showFigure(fig);
  }
  return f;
}

/**
 * The row that states each cell a finding names (the sentences about findings name their rows). Only those cells are
 * kept, and only the sheets with findings are read: a large ledger has hundreds of thousands of stated cells.
 */
function locate(analysis: Analysis): At {
  const wanted = new Set(analysis.findings.map((f) => `${f.sheet}!${f.cell}`));
  const sheets = new Set(analysis.findings.map((f) => f.sheet));
  const at: At = new Map();
  for (const ledger of analysis.ledgers) {
    ledger.rows.forEach((r, index) => {
      if (!sheets.has(r.sheet)) return;
      for (const s of Object.values(r.stated)) {
        if (!s) continue;
        const key = `${r.sheet}!${s.cell}`;
        if (wanted.has(key)) at.set(key, { ledger, index });
      }
    });
  }
  return at;
}

function amountOf(ctx: Context, l: Ledger, index: number, field: FigureField): string | undefined {
  const fig = ctx.book.row(l, index, field);
  return fig ? showFigure(fig) + figureNote(fig, ctx.analysis.options.lang) : undefined;
}

/** The name of a table's total row, without spaces ('' where it has none). */
function totalName(ctx: Context, l: Ledger): string {
  const t = ctx.book.totalRow(l);
  return t >= 0 ? l.rows[t].name.replace(/\s+/g, '') : '';
}

/**
 * 基本支出, once: from the first table that states it (the department's own before a 决算 table); a 基本支出 table by
 * 经济分类 in two halves gives 人员经费 and 公用经费, and 基本支出 as their sum.
 */
function basicSection(ctx: Context, ledgers: Ledger[]): string[] {
  const lang = ctx.analysis.options.lang;
  for (const l of ownFirst(ledgers)) {
    if (HALF_TOTAL.test(totalName(ctx, l))) {
      const halves = ledgers.filter(
        (x) => x.table.sheet === l.table.sheet && HALF_TOTAL.test(totalName(ctx, x)),
      );
      const parts = halves
        .map((x) => ({ name: totalName(ctx, x).replace(/合计$/, ''), fig: ctx.book.table(x, 'spent') }))
        .filter((p): p is { name: string; fig: NonNullable<typeof p.fig> } => !!p.fig);
      if (parts.length < 2) continue;
      return [
        ctx.s.basicTotal(
          showWan(sum(parts.map((p) => p.fig.value))),
          parts.map((p) => ({ name: p.name, amount: showFigure(p.fig) + figureNote(p.fig, lang) })),
        ),
      ];
    }
    const spent = ctx.book.table(l, 'spent') ?? ctx.book.table(l, 'available');
    if (!spent) continue;
    const total = showFigure(spent) + figureNote(spent, lang);
    const parts = topRows(l)
      .filter((i) => l.rows[i].name && !BASIC.test(l.rows[i].name))
      .map((i) => ({ name: l.rows[i].name, amount: amountOf(ctx, l, i, 'spent') ?? '' }))
      .filter((p) => p.amount);
    return [ctx.s.basicTotal(total, parts)];
  }
  return [];
}

/** The “三公” expenses, once: from the first table that states them (the department's own before a 决算 table). */
function threePublicSection(ctx: Context, ledgers: Ledger[]): string[] {
  const out: string[] = [];
  for (const l of ownFirst(ledgers).slice(0, 1)) {
    const t = ctx.book.totalRow(l);
    const head =
      t >= 0
        ? t
        : (topRows(l).find((i) => THREE_PUBLIC.test(l.rows[i].name)) ?? (l.rows.length === 1 ? 0 : -1));
    const budgetFig =
      head >= 0
        ? (ctx.book.row(l, head, 'initial') ?? ctx.book.row(l, head, 'available'))
        : (ctx.book.table(l, 'initial') ?? ctx.book.table(l, 'available'));
    const actualFig = head >= 0 ? ctx.book.row(l, head, 'spent') : ctx.book.table(l, 'spent');
    const prevFig = head >= 0 ? ctx.book.row(l, head, 'prevYear') : undefined;
    const budget = budgetFig?.value;
    const actual = actualFig?.value;
    const prev = prevFig?.value;
    const parts = topRows(l)
      .filter((i) => i !== head && l.rows[i].name)
      .map((i) => ({ name: l.rows[i].name, amount: amountOf(ctx, l, i, 'spent') ?? '' }))
      .filter((p) => p.amount);
    const f: Parameters<NarrativeStrings['threePublic']>[0] = { parts };
    if (budget) f.budget = showWan(budget);
    if (actual) f.actual = showWan(actual);
    if (budget && actual && !budget.isZero()) f.reduction = showPercent(budget.minus(actual).div(budget));
    if (prev && actual) {
      f.prevYear = showWan(prev);
      const d = actual.minus(prev);
      if (!prev.isZero()) f.change = showPercent(d.div(prev));
      if (d.isNegative()) f.lessThanLastYear = showWan(d.abs());
      else if (!d.isZero()) f.moreThanLastYear = showWan(d);
    }
    out.push(ctx.s.threePublic(f));
  }
  return out;
}

/** A detail table whose title names a project of another table: that project's breakdown. */
function detailOf(projectName: string, details: Ledger[]): Ledger | undefined {
  const key = projectKey(projectName);
  if (key.length < 2) return undefined;
  return details.find((d) => d.table.title && projectKey(d.table.title).includes(key));
}

function projectParagraphs(ctx: Context, l: Ledger, details: Ledger[], used: Set<Ledger>): string[] {
  const out: string[] = [];
  if (l.rows.length > 1 || ctx.book.totalRow(l) >= 0)
    out.push(ctx.s.tableSummary(tableName(l), tableFigures(ctx, l), ctx.base));
  let listed = 0;
  let n = 0;
  // A 小计 stands for its items: the items are listed, not the 小计.
  const beneath = (index: number): number[] =>
    children(l, index).flatMap((c) => (l.rows[c].kind === 'subtotal' ? beneath(c) : [c]));
  const top = topRows(l).flatMap((i) => (l.rows[i].kind === 'subtotal' ? beneath(i) : [i]));
  for (const i of top) {
    const row = l.rows[i];
    if (!row.name) continue;
    if (listed >= MAX_ITEMS) break;
    const key = projectKey(row.name);
    if (ctx.described.has(key)) continue;
    ctx.described.set(key, { ledger: l, index: i });
    n++;
    let text = ctx.s.project(row.name, figures(ctx, l, i), ctx.base);
    const detail = detailOf(row.name, details);
    if (detail) {
      used.add(detail);
      const items = topRows(detail)
        .filter((k) => detail.rows[k].name)
        .map((k) => ({
          name: detail.rows[k].name,
          amount: amountOf(ctx, detail, k, 'spent') ?? amountOf(ctx, detail, k, 'available') ?? '',
          note: detail.rows[k].reason?.trim(),
        }))
        .filter((p) => p.amount);
      if (items.length) text += ctx.s.detailItems(items);
    }
    out.push(ctx.s.item(n, text));
    listed++;
    beneath(i).forEach((c, k) => {
      const child = l.rows[c];
      if (listed >= MAX_ITEMS || !child.name) return;
      ctx.described.set(`${key}/${projectKey(child.name)}`, { ledger: l, index: c });
      out.push(ctx.s.subItem(k + 1, ctx.s.project(child.name, figures(ctx, l, c), ctx.base)));
      listed++;
    });
  }
  const remaining = top.length - n - top.filter((i) => !l.rows[i].name).length;
  if (listed >= MAX_ITEMS && remaining > 0) out.push(ctx.s.moreItems(remaining, ctx.summarySheet));
  return out;
}

function businessParagraphs(ctx: Context, ledgers: Ledger[], details: Ledger[], used: Set<Ledger>): string[] {
  const out: string[] = [];
  for (const l of ledgers) {
    const top = topRows(l);
    if (l.rows.length === 1) {
      out.push(ctx.s.tableSummary(tableName(l), figures(ctx, l, 0), ctx.base));
      continue;
    }
    const hasBudget = Object.values(l.table.fields).some((f) => f === 'available' || f === 'initial');
    if (hasBudget) {
      out.push(...projectParagraphs(ctx, l, details, used));
      continue;
    }
    const items = top
      .filter((i) => l.rows[i].name)
      .map((i) => ({
        name: l.rows[i].name.replace(/^\d+[、.．]\s*/, ''),
        amount: amountOf(ctx, l, i, 'spent') ?? amountOf(ctx, l, i, 'available') ?? '',
      }))
      .filter((p) => p.amount);
    if (items.length) out.push(ctx.s.businessItems(items.length, items.slice(0, MAX_ITEMS)));
  }
  return out;
}

/** A reason with a leading clause that repeats what the sentence already says taken off (超出年初预算347.86万元：…). */
function withoutRepeat(sentence: string, reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  const r = reason.trim();
  const m = /^([^：:]{2,40})[：:]\s*(.+)$/.exec(r);
  // The clause is in the sentence already, or restates the overrun it explains.
  if (m && (sentence.replace(/\s/g, '').includes(m[1].replace(/\s/g, '')) || /^(超出|超支)/.test(m[1])))
    return m[2];
  return r;
}

function rowName(hit: { ledger: Ledger; index: number } | undefined, fallback: string): string {
  if (!hit) return fallback;
  const row = hit.ledger.rows[hit.index];
  return row.kind === 'total' || !row.name ? tableName(hit.ledger) : row.name;
}

function dec(s: string): Decimal {
  return new D(s);
}

function targetParagraphs(ctx: Context, at: At): { text: string[]; over: string[] } {
  const out: string[] = [];
  const over: string[] = [];
  for (const f of ctx.analysis.findings) {
    if (f.rule !== 'overspend' || f.severity !== 'warning') continue;
    const hit = at.get(`${f.sheet}!${f.cell}`);
    const name = rowName(hit, f.sheet);
    const amount = showWan(dec(f.actual).minus(dec(f.expected)));
    const plain = ctx.s.overTarget(name, f.expected, f.actual, amount);
    const reason = withoutRepeat(plain, hit?.ledger.rows[hit.index].reason);
    out.push(ctx.s.overTarget(name, f.expected, f.actual, amount, reason));
    over.push(name);
  }
  return { text: out, over };
}

/** The kind of cause a 结余原因 gives, where a known pattern says it. */
export function causeKind(reason: string): CauseKind | undefined {
  if (/关账|年底|年末|来不及|才收到|到位/.test(reason)) return 'late';
  if (/备案|审批|程序|流程|手续|招标|采购|合同/.test(reason)) return 'procedure';
  if (/期限|验收|进度|未完成|实施|周期|竣工|工期/.test(reason)) return 'progress';
  if (/政策|调整|取消|放弃|暂缓|无法联系|对象/.test(reason)) return 'policy';
  return undefined;
}

interface Problems {
  paragraphs: NarrativeSection[];
  lowNames: string[];
  causeKinds: CauseKind[];
  overspent: string[];
  overStaffed?: number;
  inconsistent: number;
  inputs: number;
}

function columnOf(l: Ledger, cell: string): string {
  const letter = /^[A-Z]+/.exec(cell)?.[0] ?? '';
  return l.table.headers[letter] ?? letter;
}

function problems(ctx: Context, at: At, problemTables: Ledger[]): Problems {
  const s = ctx.s;
  const findings = ctx.analysis.findings;
  const out: Problems = {
    paragraphs: [],
    lowNames: [],
    causeKinds: [],
    overspent: [],
    inconsistent: 0,
    inputs: 0,
  };
  let n = 0;
  const add = (heading: string, paragraphs: string[]) => {
    if (paragraphs.length) out.paragraphs.push({ level: 3, heading: s.item(++n, heading), paragraphs });
  };
  const threshold = showPercent(new D(ctx.analysis.options.threshold).div(100));

  // Low rates: the main table's own rate first, then each project once (its low sub-items beside it), causes grouped.
  const lowHits = findings
    .filter((f) => f.rule === 'low-rate')
    .map((f) => at.get(`${f.sheet}!${f.cell}`))
    .filter((h): h is { ledger: Ledger; index: number } => !!h);
  const lowSet = new Set(lowHits.map((h) => `${h.ledger.table.sheet}!${h.ledger.table.range}#${h.index}`));
  const isLow = (l: Ledger, i: number) => lowSet.has(`${l.table.sheet}!${l.table.range}#${i}`);
  const low: string[] = [];
  const items: string[] = [];
  const seen = new Set<string>();
  const surpluses: Decimal[] = [];
  const groups: { kind: CauseKind | undefined; text: string; names: string[] }[] = [];
  const unexplained: string[] = [];
  for (const h of lowHits) {
    const row = h.ledger.rows[h.index];
    const summary = row.kind === 'total' || SUMMARY_ROW.test(row.name.replace(/\s+/g, ''));
    if (summary || (row.parent !== undefined && isLow(h.ledger, row.parent))) {
      if (summary && !problemTables.includes(h.ledger))
        low.push(s.lowRateOpening(tableName(h.ledger), figures(ctx, h.ledger, h.index), ctx.base, threshold));
      continue;
    }
    const key = projectKey(row.name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    // A project met before is quoted with the figures it was described with.
    const first = ctx.described.get(key) ?? h;
    const rate = ctx.book.row(first.ledger, first.index, 'rate') ?? ctx.book.row(h.ledger, h.index, 'rate');
    if (!rate) continue;
    const kids = children(first.ledger, first.index)
      .filter((c) => isLow(first.ledger, c))
      .map((c) => ({
        name: first.ledger.rows[c].name,
        rate: showFigure(ctx.book.row(first.ledger, c, 'rate') ?? rate),
      }));
    items.push(s.lowRateItem(row.name, showFigure(rate), kids));
    out.lowNames.push(row.name);
    const surplus = ctx.book.row(first.ledger, first.index, 'surplus');
    if (surplus) surpluses.push(surplus.value);
    const reason = first.ledger.rows[first.index].reason?.trim() ?? row.reason?.trim();
    if (!reason) {
      unexplained.push(row.name);
      continue;
    }
    const kind = causeKind(reason);
    const text = kind ? s.causeText[kind] : reason.replace(/[。.]$/, '');
    const g = groups.find((x) => (kind ? x.kind === kind : x.text === text));
    if (g) g.names.push(row.name);
    else groups.push({ kind, text, names: [row.name] });
  }
  if (items.length) {
    low.push(s.lowRateList(threshold, items, surpluses.length ? showWan(sum(surpluses)) : undefined));
    const causes = s.causes(groups, unexplained);
    if (causes) low.push(causes);
  }
  out.causeKinds = groups.map((g) => g.kind).filter((k): k is CauseKind => !!k);
  add(s.headings.lowRates, low);

  const over = findings
    .filter((f) => f.rule === 'overspend' && f.severity === 'error')
    .map((f) => {
      const name = rowName(at.get(`${f.sheet}!${f.cell}`), f.sheet);
      out.overspent.push(name);
      return {
        name,
        budget: f.expected,
        actual: f.actual,
        over: showWan(dec(f.actual).minus(dec(f.expected))),
      };
    });
  if (over.length) add(s.headings.overspends, [s.overBudgetGroup(over)]);

  const st = ctx.analysis.staffing;
  if (
    st &&
    st.authorized !== undefined &&
    st.actual !== undefined &&
    st.actual > st.authorized &&
    st.controlRate
  ) {
    out.overStaffed = st.actual - st.authorized;
    add(s.headings.overStaffed, [
      s.overStaffed(st.authorized, st.actual, st.actual - st.authorized, showPercent(st.controlRate)),
    ]);
  }

  const wrong = findings.filter((f) => f.severity === 'error' && IDENTITY_RULES.has(f.rule));
  const disputed = new Set(
    ctx.analysis.corrections.filter((c) => c.kind === 'disputed').map((c) => `${c.sheet}!${c.cell}`),
  );
  const list: Inconsistency[] = wrong.map((f) => {
    const hit = at.get(`${f.sheet}!${f.cell}`);
    const row = hit ? hit.ledger.rows[hit.index].name : '';
    const column = hit ? columnOf(hit.ledger, f.cell) : f.cell;
    const field = hit?.ledger.table.fields[/^[A-Z]+/.exec(f.cell)?.[0] ?? ''];
    const unit =
      (field && (AMOUNT_KEYS as readonly Field[]).includes(field)) || field === 'surplus' ? s.wan : '';
    const elsewhere = f.rule === 'cross' && f.related?.[0];
    const otherTable = elsewhere
      ? (at.get(`${elsewhere.sheet}!${elsewhere.cell}`)?.ledger ??
        ctx.analysis.ledgers.find((l) => l.table.sheet === elsewhere.sheet))
      : undefined;
    const other = otherTable ? (otherTable.table.title ?? otherTable.table.sheet) : undefined;
    return {
      table: hit ? tableName(hit.ledger) : f.sheet,
      row: row || tableName(hit?.ledger ?? ctx.analysis.ledgers[0]),
      column,
      stated: `${f.actual}${/%$/.test(f.actual) ? '' : unit}`,
      expected: `${f.expected}${/%$/.test(f.expected) ? '' : unit}`,
      disputed: disputed.has(`${f.sheet}!${f.cell}`),
      ...(other ? { other } : {}),
    };
  });
  // Two cells that say the same thing in the same words (the same total stated in two tables of one title) are
  // one sentence.
  const seenText = new Set<string>();
  const unique = list.filter((i) => {
    const k = JSON.stringify(i);
    if (seenText.has(k)) return false;
    seenText.add(k);
    return true;
  });
  out.inconsistent = unique.length;
  const rounding = findings.filter((f) => f.rounding).length;
  const consistency: string[] = unique.length ? [s.inconsistencies(unique.length, unique)] : [];
  if (unique.length && rounding) consistency.push(s.roundings(rounding));
  add(s.headings.inconsistent, consistency);
  out.inputs = findings.filter((f) => f.rule === 'input' && f.severity !== 'info').length;
  if (out.inputs) add(s.headings.inputs, [s.inputs(out.inputs)]);
  return out;
}

/** Scores as shown: up to two decimals, no trailing zeros (90.5, 84.8, 10). */
function points(v: Decimal): string {
  return v.toDecimalPlaces(2, 4).toString();
}

/** Each score table's total and grade (computed), and the indicators that lost most points. */
function scoreParagraphs(ctx: Context, kind: 'form' | 'aspects'): { text: string[]; lost: string[] } {
  const out: string[] = [];
  const lostNames: string[] = [];
  for (const t of ctx.analysis.scores) {
    if (t.kind !== kind) continue;
    const total = t.total;
    if (!total) continue;
    const wrongTotal = ctx.analysis.corrections.some(
      (c) => c.kind === 'corrected' && c.sheet === t.sheet && c.cell === total.cell,
    );
    const statedHolds = total.stated !== undefined && !wrongTotal;
    const value = total.computed ?? (statedHolds ? total.stated : undefined);
    if (!value) continue;
    const grade = t.grade?.computed ?? gradeOf(value, resolveScoring(ctx.analysis.options.scoring).bands);
    const pts = total.points ? points(total.points) : undefined;
    if (t.kind === 'aspects') {
      out.push(
        ctx.s.aspectsResult({
          aspects: t.items.map((i) => i.name).filter(Boolean),
          total: points(value),
          grade,
          ...(pts ? { points: pts } : {}),
        }),
      );
    } else {
      const e = t.execution;
      const exec = e?.computed ?? e?.stated;
      out.push(
        ctx.s.formResult({
          project: t.title ?? t.sheet,
          total: points(value),
          grade,
          ...(pts ? { points: pts } : {}),
          ...(exec ? { execution: points(exec) } : {}),
          ...(e?.points ? { executionPoints: points(e.points) } : {}),
          ...(e?.rate ? { rate: showPercent(e.rate) } : {}),
        }),
      );
    }
    if (total.stated !== undefined && total.computed && points(total.stated) !== points(total.computed))
      out.push(ctx.s.scoreCorrected(points(total.stated), points(total.computed)));
    const execution =
      t.execution?.points && (t.execution.computed ?? t.execution.stated)
        ? [
            {
              name: ctx.s.executionName,
              points: t.execution.points,
              computed: t.execution.computed,
              stated: t.execution.stated,
            },
          ]
        : [];
    const lost = [...execution, ...t.items]
      .filter((i) => i.points && (i.computed ?? i.stated))
      .map((i) => ({ i, lost: (i.points as Decimal).minus((i.computed ?? i.stated) as Decimal) }))
      .filter((x) => x.lost.gt(0))
      .sort((a, b) => b.lost.comparedTo(a.lost))
      .slice(0, 3)
      .map(({ i }) => ({
        name: i.name,
        points: points(i.points as Decimal),
        score: points((i.computed ?? i.stated) as Decimal),
        ...('deviation' in i && i.deviation ? { deviation: i.deviation } : {}),
      }));
    if (lost.length) {
      out.push(ctx.s.lostPoints(lost));
      lostNames.push(...lost.map((l) => l.name).filter((x) => x !== ctx.s.executionName));
    }
  }
  return { text: out, lost: lostNames };
}

/** The year the workbook's table titles name most often (2020年…), if any. */
export function yearOf(analysis: Analysis): string | undefined {
  const counts = new Map<string, number>();
  for (const t of analysis.tables) {
    const m = /((?:19|20)\d{2})年/.exec(t.title ?? '');
    if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [y, c] of counts) if (!best || c > (counts.get(best) ?? 0)) best = y;
  return best;
}

/**
 * Builds the report of an analysis in its language. `summarySheet` names the generated summary sheet; `report`
 * carries the 单位名称, 年度 and chapters chosen (the year defaults to the one the tables' titles state).
 */
export function buildNarrative(
  analysis: Analysis,
  summarySheet: string,
  report: ReportOptions = {},
): Narrative {
  const lang = analysis.options.lang;
  const s = NARRATIVE_STRINGS[lang];
  const ctx: Context = {
    analysis,
    s,
    base: analysis.options.rateBase === 'initial' ? s.baseInitial : s.baseAvailable,
    book: figuresOf(analysis),
    summarySheet,
    described: new Map(),
  };
  const include = new Set(report.sections?.length ? report.sections : REPORT_SECTIONS);
  const at = locate(analysis);
  const money = analysis.ledgers.filter(hasMoney);
  const basic = money.filter((l) => BASIC.test(tableText(l)));
  const three = money.filter((l) => !basic.includes(l) && THREE_PUBLIC.test(tableText(l)));
  const business = money.filter(
    (l) => !basic.includes(l) && !three.includes(l) && BUSINESS.test(tableText(l)),
  );
  const problemTables = money.filter(
    (l) =>
      !basic.includes(l) &&
      !three.includes(l) &&
      !business.includes(l) &&
      PROBLEM_TABLE.test(l.table.title ?? ''),
  );
  const candidates = money.filter(
    (l) => !basic.includes(l) && !three.includes(l) && !business.includes(l) && !problemTables.includes(l),
  );
  // A 决算 table by 科目 restates the year's spending: described only where no table of the department's own lists
  // its projects.
  const own = candidates.filter((l) => !FINAL_ACCOUNTS.test(tableText(l)));
  const projects = own.length ? own : candidates;
  // The main project tables describe projects; a table whose title names one of their projects is its breakdown.
  // Listed only when a table could be a breakdown (a titled table with no 全年预算数): a large ledger has many names.
  let names: string[] | undefined;
  const projectNames = () =>
    (names ??= projects.flatMap((l) => l.rows.map((r) => projectKey(r.name)).filter((k) => k.length >= 2)));
  const isDetail = (l: Ledger) =>
    !!l.table.title &&
    !l.rows.some((r) => r.stated.available) &&
    projectNames().some((k) => projectKey(l.table.title ?? '').includes(k));
  const details = projects.filter(isDetail);
  const mains = projects.filter((l) => !details.includes(l));
  const used = new Set<Ledger>();

  const sections: NarrativeSection[] = [];
  let chapter = 0;
  const open = (key: ReportSection, paragraphs: string[] = []) =>
    sections.push({ level: 1, heading: s.chapter(++chapter, s.chapters[key]), paragraphs });

  if (include.has('basics')) {
    const st = analysis.staffing;
    open('basics', st ? [] : [s.basicsToFill]);
    if (st) {
      sections.push({
        level: 2,
        heading: s.section(1, s.headings.staffing),
        paragraphs: [
          s.staffing({ ...st, controlRate: st.controlRate ? showPercent(st.controlRate) : undefined }),
        ],
      });
      sections.push({ level: 2, heading: s.section(2, s.headings.other), paragraphs: [s.basicsToFill] });
    }
  }

  // Chapter 二 is built whether shown or not: it decides which project each row describes.
  const spending: NarrativeSection[] = [];
  let sec = 0;
  const basicText = basicSection(ctx, basic);
  const threeText = threePublicSection(ctx, three);
  if (basicText.length || threeText.length) {
    spending.push({ level: 2, heading: s.section(++sec, s.headings.basic), paragraphs: basicText });
    if (threeText.length)
      spending.push({ level: 3, heading: s.item(1, s.headings.threePublic), paragraphs: threeText });
  }
  if (mains.length) {
    const paragraphs = mains.length === 1 ? projectParagraphs(ctx, mains[0], details, used) : [];
    spending.push({ level: 2, heading: s.section(++sec, s.headings.projects), paragraphs });
    if (mains.length > 1)
      mains.forEach((l, i) => {
        spending.push({
          level: 3,
          heading: s.item(i + 1, tableName(l)),
          paragraphs: projectParagraphs(ctx, l, details, used),
        });
      });
    const left = details.filter((d) => !used.has(d));
    for (const d of left)
      spending[spending.length - 1].paragraphs.push(...projectParagraphs(ctx, d, [], used));
  }
  const businessText = businessParagraphs(ctx, business, details, used);
  if (businessText.length)
    spending.push({ level: 2, heading: s.section(++sec, s.headings.business), paragraphs: businessText });
  if (include.has('spending')) {
    open('spending');
    sections.push(...spending);
  }

  const targets = targetParagraphs(ctx, at);
  const forms = scoreParagraphs(ctx, 'form');
  if (include.has('performance')) {
    open('performance');
    const text = [...targets.text, ...forms.text];
    sections.push({
      level: 2,
      heading: s.section(1, s.headings.targets),
      paragraphs: text.length ? text : [s.performanceNone],
    });
  }

  const p = problems(ctx, at, problemTables);
  if (include.has('problems')) {
    open('problems');
    sections.push({
      level: 2,
      heading: s.section(1, s.problemsHeading),
      paragraphs: p.paragraphs.length ? [] : [s.noProblems],
    });
    sections.push(...p.paragraphs);
    const measures: { heading: string; text: string }[] = [];
    if (p.lowNames.length) measures.push(s.measures.lowRate(p.causeKinds, p.lowNames));
    if (p.overspent.length) measures.push(s.measures.overspend(p.overspent));
    if (targets.over.length) measures.push(s.measures.overTarget(targets.over));
    if (p.overStaffed) measures.push(s.measures.staffing(p.overStaffed));
    if (p.inconsistent) measures.push(s.measures.inconsistent(p.inconsistent));
    if (p.inputs) measures.push(s.measures.inputs(p.inputs));
    if (forms.lost.length) measures.push(s.measures.scores(forms.lost));
    if (!measures.length) measures.push(s.measures.general);
    sections.push({ level: 2, heading: s.section(2, s.measuresHeading), paragraphs: [] });
    measures.forEach((m, i) =>
      sections.push({ level: 3, heading: s.item(i + 1, m.heading), paragraphs: [m.text] }),
    );
  }

  if (include.has('results')) {
    const aspects = scoreParagraphs(ctx, 'aspects');
    open('results', [...aspects.text, s.resultsUse]);
  }

  const year = report.year?.trim() || yearOf(analysis);
  const unit = report.unitName?.trim() || undefined;
  return { lang, title: s.title(unit, year), sections };
}

/**
 * Checks report settings as stored (the add-in's workbook settings): `unitName` text of up to 100 characters, `year`
 * four digits, `sections` a non-empty list of the chapters. Throws {@link EngineUsageError} naming the problem.
 */
export function checkReportOptions(value: unknown): ReportOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new EngineUsageError('report must be an object');
  const v = value as Record<string, unknown>;
  const out: ReportOptions = {};
  for (const key of Object.keys(v))
    if (!['unitName', 'year', 'sections'].includes(key))
      throw new EngineUsageError(`report: unknown key "${key}"`);
  if (v.unitName !== undefined) {
    if (typeof v.unitName !== 'string' || v.unitName.length > 100)
      throw new EngineUsageError('report.unitName must be text of up to 100 characters');
    if (v.unitName.trim()) out.unitName = v.unitName.trim();
  }
  if (v.year !== undefined) {
    if (typeof v.year !== 'string' || !/^\d{4}$/.test(v.year))
      throw new EngineUsageError('report.year must be a four-digit year');
    out.year = v.year;
  }
  if (v.sections !== undefined) {
    const list = v.sections;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((x) => (REPORT_SECTIONS as readonly unknown[]).includes(x))
    )
      throw new EngineUsageError(`report.sections must list some of ${REPORT_SECTIONS.join(', ')}`);
    out.sections = REPORT_SECTIONS.filter((x) => (list as unknown[]).includes(x));
  }
  return out;
}
