/**
 * The narrative's sentences, one table per language. Amounts arrive formatted (two decimals, no unit);
 * each sentence adds the unit and the words. Sentences follow the report's patterns in our own words.
 */
import type { Lang } from '../types';

export interface Figures {
  initial?: string;
  carryOver?: string;
  added?: string;
  reduced?: string;
  available?: string;
  spent?: string;
  surplus?: string;
  rate?: string;
  /** The available figure is 0: there is no rate. */
  noRate?: boolean;
  reason?: string;
  /** What the reason column is called when it is not a 结余原因 column (备注, 说明). */
  reasonLabel?: string;
}

export interface NarrativeStrings {
  title(workbook: string): string;
  chapter(n: number, heading: string): string;
  section(n: number, heading: string): string;
  item(n: number, text: string): string;
  subItem(n: number, text: string): string;
  headings: {
    basics: string;
    staffing: string;
    spending: string;
    basic: string;
    threePublic: string;
    projects: string;
    business: string;
    targets: string;
    problems: string;
    lowRates: string;
    overspends: string;
    overStaffed: string;
    inconsistent: string;
    inputs: string;
    scores: string;
  };
  aspectsResult(f: { aspects: string[]; total: string; grade: string; points?: string }): string;
  formResult(f: {
    project: string;
    total: string;
    points?: string;
    grade: string;
    execution?: string;
    executionPoints?: string;
    rate?: string;
  }): string;
  lostPoints(items: { name: string; points: string; score: string; deviation?: string }[]): string;
  scoreCorrected(stated: string, total: string): string;
  executionName: string;
  staffing(s: {
    authorized?: number;
    actual?: number;
    contract?: number;
    retired?: number;
    controlRate?: string;
  }): string;
  basicTotal(total: string, parts: { name: string; amount: string }[]): string;
  threePublic(f: {
    budget?: string;
    actual?: string;
    parts: { name: string; amount: string }[];
    reduction?: string;
    prevYear?: string;
    change?: string;
    lessThanLastYear?: string;
    moreThanLastYear?: string;
  }): string;
  tableSummary(title: string, f: Figures, base: string): string;
  project(name: string, f: Figures, base: string): string;
  moreItems(count: number, sheet: string): string;
  businessItems(count: number, items: { name: string; amount: string }[]): string;
  overTarget(name: string, target: string, actual: string, over: string, reason?: string): string;
  overBudget(name: string, budget: string, actual: string, over: string, reason?: string): string;
  noOverspend: string;
  lowRate(name: string, f: Figures, base: string, threshold: string): string;
  noLowRate(threshold: string): string;
  overStaffed(authorized: number, actual: number, over: number, rate: string): string;
  inconsistent(where: string, message: string): string;
  inconsistentIntro(count: number): string;
  noInconsistency: string;
  inputs(count: number): string;
  roundings(count: number): string;
  baseAvailable: string;
  baseInitial: string;
}

const wan = (x: string) => `${x}万元`;

function zhFigures(f: Figures, base: string): string {
  const parts: string[] = [];
  if (f.initial !== undefined) parts.push(`年初预算${wan(f.initial)}`);
  if (f.carryOver !== undefined) parts.push(`上年结转${wan(f.carryOver)}`);
  if (f.added !== undefined) parts.push(`本年争取（追加）${wan(f.added)}`);
  if (f.reduced !== undefined) parts.push(`调减${wan(f.reduced)}`);
  if (f.available !== undefined && f.available !== f.initial) parts.push(`全年可用资金${wan(f.available)}`);
  if (f.spent !== undefined) parts.push(`实际使用${wan(f.spent)}`);
  if (f.surplus !== undefined) parts.push(`结余${wan(f.surplus)}`);
  let text = parts.join('，');
  if (f.noRate) text += `；${base}为0，无执行率`;
  else if (f.rate !== undefined) text += `，执行率${f.rate}（实际使用÷${base}）`;
  text += '。';
  if (f.reason) text += `${f.reasonLabel ?? '结余原因'}：${f.reason.replace(/[。.]$/, '')}。`;
  return text;
}

const zh: NarrativeStrings = {
  title: (workbook) => `${workbook ? workbook.replace(/\.xlsx$/i, '') + ' ' : ''}预算执行情况分析`,
  chapter: (n, h) => `${'一二三四五六七八九十'[n - 1] ?? n}、${h}`,
  section: (n, h) => `（${'一二三四五六七八九十'[n - 1] ?? n}）${h}`,
  item: (n, t) => `${n}、${t}`,
  subItem: (n, t) => `（${n}）${t}`,
  headings: {
    basics: '部门基本情况',
    staffing: '人员情况',
    spending: '一般公共预算支出情况',
    basic: '基本支出情况',
    threePublic: '“三公”经费支出情况',
    projects: '项目支出情况',
    business: '业务工作经费支出情况',
    targets: '绩效目标完成情况',
    problems: '存在的主要问题',
    lowRates: '项目预算执行率偏低',
    overspends: '支出超出预算',
    overStaffed: '实有人数超出编制',
    inconsistent: '报表数据填列不一致',
    inputs: '单元格填列不规范',
    scores: '绩效自评结果',
  },
  aspectsResult: (f) =>
    `${f.aspects.length ? `按照${f.aspects.join('、')}${f.aspects.length}个方面进行综合评价，` : ''}整体支出综合评分${f.total}分${f.points ? `（满分${f.points}分）` : ''}，评价等次为“${f.grade}”。`,
  formResult: (f) =>
    `${f.project}自评得分${f.total}分${f.points ? `（满分${f.points}分）` : ''}，评价等次为“${f.grade}”` +
    (f.execution !== undefined
      ? `；其中预算执行得分${f.execution}分${f.executionPoints ? `（分值${f.executionPoints}分` : '（'}${f.rate ? `，执行率${f.rate}` : ''}）`
      : '') +
    '。',
  lostPoints: (items) =>
    `失分较多的是：${items.map((i) => `${i.name}（分值${i.points}分，得分${i.score}分${i.deviation ? `；偏差原因：${i.deviation.replace(/[。.]$/, '')}` : ''}）`).join('；')}。`,
  scoreCorrected: (stated, total) => `表中填报总分${stated}分，按各项得分计算应为${total}分。`,
  executionName: '预算执行',
  staffing: (s) => {
    const parts: string[] = [];
    if (s.authorized !== undefined) parts.push(`正式编制数${s.authorized}人`);
    if (s.actual !== undefined) parts.push(`实际在编在职${s.actual}人`);
    if (s.contract !== undefined) parts.push(`编外聘用人员${s.contract}人`);
    if (s.retired !== undefined) parts.push(`退休人员${s.retired}人`);
    let text = `本部门${parts.join('；')}。`;
    if (s.controlRate) text += `在职人员控制率为${s.controlRate}（实有人数÷编制数）。`;
    return text;
  },
  basicTotal: (total, parts) =>
    `本年度基本支出${wan(total)}` +
    (parts.length ? `，其中：${parts.map((p) => `${p.name}${wan(p.amount)}`).join('，')}。` : '。'),
  threePublic: (f) => {
    let t = '“三公”经费';
    const s: string[] = [];
    if (f.budget !== undefined) s.push(`预算数${wan(f.budget)}`);
    if (f.actual !== undefined) s.push(`决算数${wan(f.actual)}`);
    t += s.join('，');
    if (f.parts.length) t += `，其中${f.parts.map((p) => `${p.name}${wan(p.amount)}`).join('，')}`;
    t += '。';
    if (f.reduction !== undefined) t += `决算数比预算数降低${f.reduction}。`;
    if (f.lessThanLastYear !== undefined)
      t += `比上年决算${wan(f.prevYear ?? '')}减少${wan(f.lessThanLastYear)}${f.change ? `（${f.change}）` : ''}。`;
    if (f.moreThanLastYear !== undefined)
      t += `比上年决算${wan(f.prevYear ?? '')}增加${wan(f.moreThanLastYear)}${f.change ? `（${f.change}）` : ''}。`;
    return t;
  },
  tableSummary: (title, f, base) => `${title}：${zhFigures(f, base)}`,
  project: (name, f, base) => `${name}：${zhFigures(f, base)}`,
  moreItems: (count, sheet) => `其余${count}个项目的执行情况见“${sheet}”表。`,
  businessItems: (count, items) =>
    `业务工作经费包含${count}个项目：${items.map((p, i) => `${i + 1}、${p.name}${wan(p.amount)}`).join('；')}。`,
  overTarget: (name, target, actual, over, reason) =>
    `${name}年初预算${wan(target)}，实际支出${wan(actual)}，超出年初预算${wan(over)}${reason ? `，主要原因是${reason.replace(/[。.]$/, '')}` : ''}。`,
  overBudget: (name, budget, actual, over, reason) =>
    `${name}全年可用资金${wan(budget)}，实际支出${wan(actual)}，超支${wan(over)}${reason ? `，原因是${reason.replace(/[。.]$/, '')}` : ''}，应说明资金来源并及时调整预算。`,
  noOverspend: '各项支出均未超出预算。',
  lowRate: (name, f, base, threshold) =>
    `${name}${f.available !== undefined ? `全年可用资金${wan(f.available)}，` : ''}实际使用${wan(f.spent ?? '0.00')}，执行率${f.rate}（实际使用÷${base}），低于${threshold}${f.reason ? `。结余原因：${f.reason.replace(/[。.]$/, '')}` : ''}。`,
  noLowRate: (threshold) => `各项目执行率均不低于${threshold}。`,
  overStaffed: (authorized, actual, over, rate) =>
    `正式编制数${authorized}人，实际在编在职${actual}人，超编${over}人，在职人员控制率${rate}。`,
  inconsistent: (where, message) => `${where}：${message}。`,
  inconsistentIntro: (count) =>
    `经逐项复核，报表中有${count}处数据与其组成部分不一致，以下数字均按明细重新计算：`,
  noInconsistency: '经逐项复核，报表中各项合计、结余和执行率与明细数据一致。',
  inputs: (count) => `另有${count}个数值单元格填写了文本、错误值或负数，见“问题清单”表。`,
  roundings: (count) => `另有${count}处四舍五入尾差，不影响结论，见“问题清单”表。`,
  baseAvailable: '全年预算数',
  baseInitial: '年初预算',
};

const m = (x: string) => `${x} (10k yuan)`;

function enFigures(f: Figures, base: string): string {
  const parts: string[] = [];
  if (f.initial !== undefined) parts.push(`an initial budget of ${m(f.initial)}`);
  if (f.carryOver !== undefined) parts.push(`${m(f.carryOver)} carried over`);
  if (f.added !== undefined) parts.push(`${m(f.added)} added during the year`);
  if (f.reduced !== undefined) parts.push(`${m(f.reduced)} reduced`);
  if (f.available !== undefined && f.available !== f.initial)
    parts.push(`${m(f.available)} available for the year`);
  let text = parts.length ? `had ${parts.join(', ')}` : '';
  if (f.spent !== undefined) text += `${text ? '; it ' : ''}spent ${m(f.spent)}`;
  if (f.surplus !== undefined) text += `, leaving ${m(f.surplus)}`;
  if (f.noRate) text += `; its ${base} is 0, so there is no execution rate`;
  else if (f.rate !== undefined) text += `, an execution rate of ${f.rate} (spent ÷ ${base})`;
  text += '.';
  if (f.reason)
    text += ` ${f.reasonLabel ? `${f.reasonLabel}:` : 'Reason for the surplus:'} ${f.reason.replace(/[。.]$/, '')}.`;
  return text;
}

const en: NarrativeStrings = {
  title: (workbook) =>
    `Budget execution analysis${workbook ? ` of ${workbook.replace(/\.xlsx$/i, '')}` : ''}`,
  chapter: (n, h) => `${n}. ${h}`,
  section: (n, h) => `(${n}) ${h}`,
  item: (n, t) => `${n}. ${t}`,
  subItem: (n, t) => `(${n}) ${t}`,
  headings: {
    basics: 'The department',
    staffing: 'Staff',
    spending: 'General public budget spending',
    basic: 'Basic expenditure',
    threePublic: 'The "three public" expenses',
    projects: 'Project expenditure',
    business: 'Operating funds',
    targets: 'Performance targets',
    problems: 'Main problems',
    lowRates: 'Low budget execution',
    overspends: 'Spending over budget',
    overStaffed: 'Staff over the authorised posts',
    inconsistent: 'Figures that do not add up',
    inputs: 'Cells filled in irregularly',
    scores: 'Self-evaluation result',
  },
  aspectsResult: (f) =>
    `${f.aspects.length ? `Evaluated over ${f.aspects.length} aspects (${f.aspects.join(', ')}), the` : 'The'} overall score is ${f.total}${f.points ? ` out of ${f.points}` : ''}, graded "${f.grade}".`,
  formResult: (f) =>
    `${f.project} scores ${f.total}${f.points ? ` out of ${f.points}` : ''}, graded "${f.grade}"` +
    (f.execution !== undefined
      ? `; budget execution scores ${f.execution}${f.executionPoints ? ` of ${f.executionPoints}` : ''}${f.rate ? ` (an execution rate of ${f.rate})` : ''}`
      : '') +
    '.',
  lostPoints: (items) =>
    `Most points were lost on: ${items.map((i) => `${i.name} (${i.score} of ${i.points}${i.deviation ? `; reason: ${i.deviation.replace(/[。.]$/, '')}` : ''})`).join('; ')}.`,
  scoreCorrected: (stated, total) => `The sheet states a total of ${stated}; its scores add up to ${total}.`,
  executionName: 'budget execution',
  staffing: (s) => {
    const parts: string[] = [];
    if (s.authorized !== undefined) parts.push(`${s.authorized} authorised posts`);
    if (s.actual !== undefined) parts.push(`${s.actual} staff in post`);
    if (s.contract !== undefined) parts.push(`${s.contract} contract staff`);
    if (s.retired !== undefined) parts.push(`${s.retired} retired staff`);
    let text = `The department has ${parts.join(', ')}.`;
    if (s.controlRate)
      text += ` Its staffing control rate is ${s.controlRate} (staff in post ÷ authorised posts).`;
    return text;
  },
  basicTotal: (total, parts) =>
    `Basic expenditure for the year was ${m(total)}` +
    (parts.length ? `, of which ${parts.map((p) => `${p.name} ${m(p.amount)}`).join(', ')}.` : '.'),
  threePublic: (f) => {
    let t = 'The "three public" expenses';
    const s: string[] = [];
    if (f.budget !== undefined) s.push(`were budgeted at ${m(f.budget)}`);
    if (f.actual !== undefined) s.push(`came to ${m(f.actual)}`);
    t += ` ${s.join(' and ')}`;
    if (f.parts.length) t += `, of which ${f.parts.map((p) => `${p.name} ${m(p.amount)}`).join(', ')}`;
    t += '.';
    if (f.reduction !== undefined) t += ` Actual spending was ${f.reduction} below budget.`;
    if (f.lessThanLastYear !== undefined)
      t += ` That is ${m(f.lessThanLastYear)} less than last year's ${m(f.prevYear ?? '')}${f.change ? ` (${f.change})` : ''}.`;
    if (f.moreThanLastYear !== undefined)
      t += ` That is ${m(f.moreThanLastYear)} more than last year's ${m(f.prevYear ?? '')}${f.change ? ` (${f.change})` : ''}.`;
    return t;
  },
  tableSummary: (title, f, base) => `${title} ${enFigures(f, base)}`,
  project: (name, f, base) => `${name} ${enFigures(f, base)}`,
  moreItems: (count, sheet) => `The other ${count} projects are listed in the "${sheet}" sheet.`,
  businessItems: (count, items) =>
    `Operating funds cover ${count} items: ${items.map((p, i) => `${i + 1}. ${p.name} ${m(p.amount)}`).join('; ')}.`,
  overTarget: (name, target, actual, over, reason) =>
    `${name} had an initial budget of ${m(target)} and spent ${m(actual)}, ${m(over)} over the initial budget${reason ? `, mainly because ${reason.replace(/[。.]$/, '')}` : ''}.`,
  overBudget: (name, budget, actual, over, reason) =>
    `${name} had ${m(budget)} available and spent ${m(actual)}, ${m(over)} over budget${reason ? ` (${reason.replace(/[。.]$/, '')})` : ''}; the source of the funds should be explained and the budget adjusted.`,
  noOverspend: 'No spending exceeded its budget.',
  lowRate: (name, f, base, threshold) =>
    `${name}${f.available !== undefined ? ` had ${m(f.available)} available and` : ''} spent ${m(f.spent ?? '0.00')}, an execution rate of ${f.rate} (spent ÷ ${base}), below ${threshold}${f.reason ? `. Reason: ${f.reason.replace(/[。.]$/, '')}` : ''}.`,
  noLowRate: (threshold) => `No project's execution rate is below ${threshold}.`,
  overStaffed: (authorized, actual, over, rate) =>
    `There are ${actual} staff in post against ${authorized} authorised posts, ${over} over, a staffing control rate of ${rate}.`,
  inconsistent: (where, message) => `${where}: ${message}.`,
  inconsistentIntro: (count) =>
    `Checked figure by figure, ${count} stated figures disagree with their parts; the figures below are recomputed from the detail:`,
  noInconsistency: 'Checked figure by figure, every total, surplus and rate agrees with the detail.',
  inputs: (count) =>
    `A further ${count} value cells hold text, error values or negative numbers; see the Findings sheet.`,
  roundings: (count) =>
    `A further ${count} differences are rounding only and change no conclusion; see the Findings sheet.`,
  baseAvailable: 'the full-year budget',
  baseInitial: 'the initial budget',
};

export const NARRATIVE_STRINGS: Record<Lang, NarrativeStrings> = { 'zh-CN': zh, 'en-US': en };
