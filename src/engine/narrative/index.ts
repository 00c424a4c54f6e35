/**
 * The report's narrative, built from an analysis: every figure computed from the workbook's true figures
 * (a stated cell that a rule found wrong is never quoted as a fact), in the source report's order:
 * 部门基本情况 → 一般公共预算支出情况 (基本支出, “三公”经费, 项目支出, 业务工作经费) → 绩效目标完成情况 → 存在的主要问题.
 */
import type Decimal from 'decimal.js';
import { D, showPercent, showWan } from '../money';
import { gradeOf, resolveScoring } from '../scoring';
import type { Analysis, Field, Finding, Ledger, LedgerRow } from '../types';
import { NARRATIVE_STRINGS, type Figures, type NarrativeStrings } from './strings';
import type { Narrative, NarrativeSection } from './types';

export type { Narrative, NarrativeSection } from './types';

/** How many items a table lists one by one before pointing at the summary sheet. */
const MAX_ITEMS = 40;

const BASIC = /基本支出/;
const THREE_PUBLIC = /三公/;
const BUSINESS = /业务(工作)?经费/;
const IDENTITY_RULES = new Set(['sum', 'available', 'surplus', 'rate', 'reduction', 'change']);

interface Context {
  analysis: Analysis;
  s: NarrativeStrings;
  base: string;
  wrong: Set<string>;
  children: Map<Ledger, Map<number, number[]>>;
  summarySheet: string;
}

function tableText(l: Ledger): string {
  return `${l.table.title ?? ''} ${l.table.sheet}`;
}

function hasMoney(l: Ledger): boolean {
  const fields = new Set(Object.values(l.table.fields));
  return fields.has('available') || fields.has('spent') || fields.has('initial');
}

function childrenOf(ctx: Context, l: Ledger, index: number): LedgerRow[] {
  let map = ctx.children.get(l);
  if (!map) {
    map = new Map();
    l.rows.forEach((r, i) => {
      if (r.parent !== undefined) map?.set(r.parent, [...(map.get(r.parent) ?? []), i]);
    });
    ctx.children.set(l, map);
  }
  // A 合计 stands over the table's top level.
  if (l.rows[index].kind === 'total') return topRows(l).map((i) => l.rows[i]);
  return (map.get(index) ?? []).map((i) => l.rows[i]);
}

/** A table's name for sentences: its title without the year and the trailing 情况表 / 明细表. */
function tableName(l: Ledger): string {
  if (BASIC.test(tableText(l))) return '基本支出';
  const t = (l.table.title ?? l.table.sheet).replace(/^\d{4}年度?/, '').replace(/表$/, '');
  return t || l.table.sheet;
}

/** What the reason column is called: 结余原因 when it says so, else its own header (备注, 说明). */
function reasonLabel(l: Ledger): string | undefined {
  for (const [col, field] of Object.entries(l.table.fields))
    if (field === 'reason') return l.table.headers[col];
  return undefined;
}

/** A budget term of a row as it truly stands: stated unless found wrong, else what its parts give. */
function term(ctx: Context, l: Ledger, index: number, field: Field): Decimal | undefined {
  const row = l.rows[index];
  const s = row.stated[field];
  if (s && !ctx.wrong.has(`${row.sheet}!${s.cell}`)) return s.value;
  const kids = childrenOf(ctx, l, index);
  const vals = kids.map((k) => term(ctx, l, l.rows.indexOf(k), field)).filter((v): v is Decimal => !!v);
  if (vals.length) return vals.reduce((a, b) => a.plus(b));
  return undefined;
}

function figures(ctx: Context, l: Ledger, index: number): Figures {
  const row = l.rows[index];
  const f: Figures = {};
  for (const field of ['initial', 'carryOver', 'added', 'reduced'] as const) {
    const v = term(ctx, l, index, field);
    if (v) f[field] = showWan(v);
  }
  if (row.available) f.available = showWan(row.available);
  if (row.spent) f.spent = showWan(row.spent);
  if (row.surplus) f.surplus = showWan(row.surplus);
  if (row.rate) f.rate = showPercent(row.rate);
  else if (row.spent && row.available && row.available.isZero()) f.noRate = true;
  if (row.reason) {
    f.reason = row.reason.trim();
    const label = reasonLabel(l);
    if (label && !/原因/.test(label)) f.reasonLabel = label;
  }
  return f;
}

/** The row that stands for the whole table: its 合计, else undefined (the caller sums the top level). */
function totalIndex(l: Ledger): number {
  return l.rows.findIndex((r) => r.kind === 'total');
}

function tableFigures(ctx: Context, l: Ledger): Figures {
  const t = totalIndex(l);
  if (t >= 0) return figures(ctx, l, t);
  if (l.rows.length === 1) return figures(ctx, l, 0);
  const f: Figures = {};
  if (l.totals.initial) f.initial = showWan(l.totals.initial);
  if (l.totals.available) f.available = showWan(l.totals.available);
  if (l.totals.spent) f.spent = showWan(l.totals.spent);
  if (l.totals.surplus) f.surplus = showWan(l.totals.surplus);
  if (l.totals.rate) f.rate = showPercent(l.totals.rate);
  return f;
}

function topRows(l: Ledger): number[] {
  const out: number[] = [];
  l.rows.forEach((r, i) => {
    if (r.parent === undefined && r.kind !== 'total') out.push(i);
  });
  return out;
}

function locate(analysis: Analysis): Map<string, { ledger: Ledger; index: number }> {
  const at = new Map<string, { ledger: Ledger; index: number }>();
  for (const ledger of analysis.ledgers) {
    ledger.rows.forEach((r, index) => {
      for (const s of Object.values(r.stated)) if (s) at.set(`${r.sheet}!${s.cell}`, { ledger, index });
    });
  }
  return at;
}

function basicSection(ctx: Context, ledgers: Ledger[]): string[] {
  const out: string[] = [];
  for (const l of ledgers) {
    const f = tableFigures(ctx, l);
    const total = f.spent ?? f.available;
    if (!total) continue;
    const parts = topRows(l)
      .map((i) => ({ name: l.rows[i].name, v: l.rows[i].spent ?? l.rows[i].available }))
      .filter((p) => p.v && p.name && !BASIC.test(p.name))
      .map((p) => ({ name: p.name, amount: showWan(p.v as Decimal) }));
    out.push(ctx.s.basicTotal(total, parts));
  }
  return out;
}

function threePublicSection(ctx: Context, ledgers: Ledger[]): string[] {
  const out: string[] = [];
  for (const l of ledgers) {
    const t = totalIndex(l);
    const head =
      t >= 0
        ? t
        : (topRows(l).find((i) => THREE_PUBLIC.test(l.rows[i].name)) ?? (l.rows.length === 1 ? 0 : -1));
    let budget: Decimal | undefined;
    let actual: Decimal | undefined;
    let prev: Decimal | undefined;
    if (head >= 0) {
      budget = term(ctx, l, head, 'initial') ?? l.rows[head].available;
      actual = l.rows[head].spent;
      prev = term(ctx, l, head, 'prevYear');
    } else {
      budget = l.totals.initial ?? l.totals.available;
      actual = l.totals.spent;
    }
    const parts = topRows(l)
      .filter((i) => i !== head)
      .map((i) => ({ name: l.rows[i].name, v: l.rows[i].spent }))
      .filter((p) => p.v && p.name)
      .map((p) => ({ name: p.name, amount: showWan(p.v as Decimal) }));
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

function projectParagraphs(ctx: Context, l: Ledger): string[] {
  const out: string[] = [];
  if (l.rows.length > 1 || totalIndex(l) >= 0)
    out.push(ctx.s.tableSummary(tableName(l), tableFigures(ctx, l), ctx.base));
  let listed = 0;
  let n = 0;
  // A 小计 stands for its items: the items are listed, not the 小计.
  const beneath = (index: number): LedgerRow[] =>
    childrenOf(ctx, l, index).flatMap((c) => (c.kind === 'subtotal' ? beneath(l.rows.indexOf(c)) : [c]));
  const top = topRows(l).flatMap((i) =>
    l.rows[i].kind === 'subtotal' ? beneath(i).map((r) => l.rows.indexOf(r)) : [i],
  );
  for (const i of top) {
    const row = l.rows[i];
    if (!row.name) continue;
    if (listed >= MAX_ITEMS) break;
    n++;
    out.push(ctx.s.item(n, ctx.s.project(row.name, figures(ctx, l, i), ctx.base)));
    listed++;
    beneath(i).forEach((c, k) => {
      if (listed >= MAX_ITEMS || !c.name) return;
      out.push(ctx.s.subItem(k + 1, ctx.s.project(c.name, figures(ctx, l, l.rows.indexOf(c)), ctx.base)));
      listed++;
    });
  }
  const remaining = top.length - n;
  if (remaining > 0) out.push(ctx.s.moreItems(remaining, ctx.summarySheet));
  return out;
}

function businessParagraphs(ctx: Context, ledgers: Ledger[]): string[] {
  const out: string[] = [];
  for (const l of ledgers) {
    const top = topRows(l);
    if (l.rows.length === 1) {
      out.push(ctx.s.tableSummary(tableName(l), figures(ctx, l, 0), ctx.base));
      continue;
    }
    const hasBudget = Object.values(l.table.fields).some((f) => f === 'available' || f === 'initial');
    if (hasBudget) {
      out.push(...projectParagraphs(ctx, l));
      continue;
    }
    const items = top
      .map((i) => ({ name: l.rows[i].name, v: l.rows[i].spent ?? l.rows[i].available }))
      .filter((p) => p.name && p.v)
      .map((p) => ({ name: p.name.replace(/^\d+[、.．]\s*/, ''), amount: showWan(p.v as Decimal) }));
    if (items.length) out.push(ctx.s.businessItems(items.length, items.slice(0, MAX_ITEMS)));
  }
  return out;
}

function targetParagraphs(ctx: Context, at: Map<string, { ledger: Ledger; index: number }>): string[] {
  const out: string[] = [];
  for (const f of ctx.analysis.findings) {
    if (f.rule !== 'overspend') continue;
    const hit = at.get(`${f.sheet}!${f.cell}`);
    const row = hit?.ledger.rows[hit.index];
    const name = row && row.kind !== 'total' ? row.name : hit ? tableName(hit.ledger) : f.sheet;
    const over = showWan(dec(f.actual).minus(dec(f.expected)));
    out.push(
      f.severity === 'warning'
        ? ctx.s.overTarget(name, f.expected, f.actual, over, row?.reason?.trim())
        : ctx.s.overBudget(name, f.expected, f.actual, over, row?.reason?.trim()),
    );
  }
  if (!out.length) out.push(ctx.s.noOverspend);
  return out;
}

function dec(s: string): Decimal {
  return new D(s);
}

function problemSections(
  ctx: Context,
  at: Map<string, { ledger: Ledger; index: number }>,
): NarrativeSection[] {
  const s = ctx.s;
  const findings = ctx.analysis.findings;
  const sections: NarrativeSection[] = [];
  let n = 0;
  const add = (heading: string, paragraphs: string[]) => {
    if (paragraphs.length) sections.push({ level: 2, heading: s.item(++n, heading), paragraphs });
  };
  const threshold = showPercent(new D(ctx.analysis.options.threshold).div(100));
  const low = findings
    .filter((f) => f.rule === 'low-rate')
    .map((f) => at.get(`${f.sheet}!${f.cell}`))
    .filter((h): h is { ledger: Ledger; index: number } => !!h)
    .map(({ ledger, index }) => {
      const row = ledger.rows[index];
      const name = row.kind === 'total' ? tableName(ledger) : row.name;
      return s.lowRate(name, figures(ctx, ledger, index), ctx.base, threshold);
    });
  add(s.headings.lowRates, low);
  const over = findings
    .filter((f) => f.rule === 'overspend' && f.severity === 'error')
    .map((f) => {
      const hit = at.get(`${f.sheet}!${f.cell}`);
      const row = hit?.ledger.rows[hit.index];
      return s.overBudget(
        row?.name ?? f.cell,
        f.expected,
        f.actual,
        showWan(dec(f.actual).minus(dec(f.expected))),
        row?.reason?.trim(),
      );
    });
  add(s.headings.overspends, over);
  const st = ctx.analysis.staffing;
  if (
    st &&
    st.authorized !== undefined &&
    st.actual !== undefined &&
    st.actual > st.authorized &&
    st.controlRate
  ) {
    add(s.headings.overStaffed, [
      s.overStaffed(st.authorized, st.actual, st.actual - st.authorized, showPercent(st.controlRate)),
    ]);
  }
  const wrong = findings.filter((f) => f.severity === 'error' && IDENTITY_RULES.has(f.rule));
  const rounding = findings.filter((f) => f.rounding).length;
  const inputs = findings.filter((f) => f.rule === 'input' && f.severity !== 'info').length;
  const consistency: string[] = wrong.length
    ? [
        s.inconsistentIntro(wrong.length),
        ...wrong.map((f: Finding) => s.inconsistent(`${f.sheet}!${f.cell}`, f.message.replace(/[。.]$/, ''))),
      ]
    : [s.noInconsistency];
  if (rounding) consistency.push(s.roundings(rounding));
  add(s.headings.inconsistent, consistency);
  if (inputs) add(s.headings.inputs, [s.inputs(inputs)]);
  return sections;
}

/** Scores as shown: up to two decimals, no trailing zeros (90.5, 84.8, 10). */
function points(v: Decimal): string {
  return v.toDecimalPlaces(2, 4).toString();
}

/** 五、绩效自评结果: each score table's total and grade (computed), and the indicators that lost most points. */
function scoreParagraphs(ctx: Context): string[] {
  const out: string[] = [];
  const wrong = ctx.wrong;
  for (const t of ctx.analysis.scores) {
    const total = t.total;
    if (!total) continue;
    const statedHolds = total.stated !== undefined && !(total.cell && wrong.has(`${t.sheet}!${total.cell}`));
    // What the scores truly add up to; with no scores to add, the stated total when it holds.
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
    if (lost.length) out.push(ctx.s.lostPoints(lost));
  }
  return out;
}

/** Builds the narrative of an analysis in its language. `summarySheet` names the generated summary sheet. */
export function buildNarrative(analysis: Analysis, summarySheet: string): Narrative {
  const lang = analysis.options.lang;
  const s = NARRATIVE_STRINGS[lang];
  const ctx: Context = {
    analysis,
    s,
    base: analysis.options.rateBase === 'initial' ? s.baseInitial : s.baseAvailable,
    // Only the cells the correction model found wrong are set aside; a figure its items disagree with, where no
    // one cell can be shown wrong, is quoted as stated (its finding says what disagrees).
    wrong: new Set(
      analysis.corrections.filter((c) => c.kind === 'corrected').map((c) => `${c.sheet}!${c.cell}`),
    ),
    children: new Map(),
    summarySheet,
  };
  const at = locate(analysis);
  const sections: NarrativeSection[] = [];
  let chapter = 0;
  const money = analysis.ledgers.filter(hasMoney);
  const basic = money.filter((l) => BASIC.test(tableText(l)));
  const three = money.filter((l) => !basic.includes(l) && THREE_PUBLIC.test(tableText(l)));
  const business = money.filter(
    (l) => !basic.includes(l) && !three.includes(l) && BUSINESS.test(tableText(l)),
  );
  const projects = money.filter((l) => !basic.includes(l) && !three.includes(l) && !business.includes(l));

  const st = analysis.staffing;
  if (st) {
    sections.push({ level: 1, heading: s.chapter(++chapter, s.headings.basics), paragraphs: [] });
    sections.push({
      level: 2,
      heading: s.section(1, s.headings.staffing),
      paragraphs: [
        s.staffing({ ...st, controlRate: st.controlRate ? showPercent(st.controlRate) : undefined }),
      ],
    });
  }

  sections.push({ level: 1, heading: s.chapter(++chapter, s.headings.spending), paragraphs: [] });
  let sec = 0;
  const basicText = [...basicSection(ctx, basic)];
  const threeText = threePublicSection(ctx, three);
  if (basicText.length || threeText.length) {
    sections.push({ level: 2, heading: s.section(++sec, s.headings.basic), paragraphs: basicText });
    if (threeText.length)
      sections.push({ level: 3, heading: s.item(1, s.headings.threePublic), paragraphs: threeText });
  }
  if (projects.length) {
    sections.push({ level: 2, heading: s.section(++sec, s.headings.projects), paragraphs: [] });
    projects.forEach((l, i) => {
      sections.push({
        level: 3,
        heading: s.item(i + 1, l.table.title ?? l.table.sheet),
        paragraphs: projectParagraphs(ctx, l),
      });
    });
  }
  const businessText = businessParagraphs(ctx, business);
  if (businessText.length)
    sections.push({ level: 2, heading: s.section(++sec, s.headings.business), paragraphs: businessText });

  sections.push({
    level: 1,
    heading: s.chapter(++chapter, s.headings.targets),
    paragraphs: targetParagraphs(ctx, at),
  });
  sections.push({ level: 1, heading: s.chapter(++chapter, s.headings.problems), paragraphs: [] });
  sections.push(...problemSections(ctx, at));
  const scoreText = scoreParagraphs(ctx);
  if (scoreText.length)
    sections.push({ level: 1, heading: s.chapter(++chapter, s.headings.scores), paragraphs: scoreText });

  return { lang, title: s.title(analysis.workbook), sections };
}
