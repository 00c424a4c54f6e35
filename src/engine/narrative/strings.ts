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
  /** What is said beside a figure that is not the sheet's as it stands (figures.ts: figureNote). */
  notes?: Partial<
    Record<'initial' | 'carryOver' | 'added' | 'reduced' | 'available' | 'spent' | 'rate', string>
  >;
}

/** A cause of low execution, as grouped in 存在的主要问题. */
export type CauseKind = 'late' | 'procedure' | 'progress' | 'policy';

/** The report's chapters, which the settings may leave out. */
export type ReportSection = 'basics' | 'spending' | 'performance' | 'problems' | 'results';
export const REPORT_SECTIONS: readonly ReportSection[] = [
  'basics',
  'spending',
  'performance',
  'problems',
  'results',
];

/** One inconsistency, said without a cell address: the table, the row, the column, the two figures. */
export interface Inconsistency {
  table: string;
  row: string;
  column: string;
  stated: string;
  expected: string;
  /** The model could not tell which cell is wrong. */
  disputed: boolean;
  /** The other table that states the same figure (a disagreement across tables). */
  other?: string;
}

export interface NarrativeStrings {
  title(unitName: string | undefined, year: string | undefined): string;
  wan: string;
  chapters: Record<ReportSection, string>;
  basicsToFill: string;
  performanceNone: string;
  problemsHeading: string;
  measuresHeading: string;
  lowRateOpening(table: string, f: Figures, base: string, threshold: string): string;
  lowRateList(threshold: string, items: string[], surplus?: string): string;
  lowRateItem(name: string, rate: string, children: { name: string; rate: string }[]): string;
  causes(
    groups: { kind: CauseKind | undefined; text: string; names: string[] }[],
    unexplained: string[],
  ): string;
  causeText: Record<CauseKind, string>;
  overBudgetGroup(items: { name: string; budget: string; actual: string; over: string }[]): string;
  inconsistencies(count: number, items: Inconsistency[]): string;
  measures: {
    lowRate(kinds: CauseKind[], names: string[]): { heading: string; text: string };
    overspend(names: string[]): { heading: string; text: string };
    overTarget(names: string[]): { heading: string; text: string };
    staffing(over: number): { heading: string; text: string };
    inconsistent(count: number): { heading: string; text: string };
    inputs(count: number): { heading: string; text: string };
    scores(names: string[]): { heading: string; text: string };
    general: { heading: string; text: string };
  };
  resultsUse: string;
  noProblems: string;
  detailItems(items: { name: string; amount: string; note?: string }[]): string;
  reasonSurplus: string;
  reasonOther: string;
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
    other: string;
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
  const n = (k: keyof NonNullable<Figures['notes']>) => f.notes?.[k] ?? '';
  if (f.initial !== undefined) parts.push(`年初预算${wan(f.initial)}${n('initial')}`);
  if (f.carryOver !== undefined) parts.push(`上年结转${wan(f.carryOver)}${n('carryOver')}`);
  if (f.added !== undefined) parts.push(`本年争取（追加）${wan(f.added)}${n('added')}`);
  if (f.reduced !== undefined) parts.push(`调减${wan(f.reduced)}${n('reduced')}`);
  if (f.available !== undefined && (f.available !== f.initial || n('available')))
    parts.push(`全年可用资金${wan(f.available)}${n('available')}`);
  if (f.spent !== undefined) parts.push(`实际使用${wan(f.spent)}${n('spent')}`);
  if (f.surplus !== undefined) parts.push(`结余${wan(f.surplus)}`);
  let text = parts.join('，');
  if (f.noRate) text += `；${base}为0，无执行率`;
  else if (f.rate !== undefined)
    text += `，执行率${f.rate}（实际使用÷${base}${n('rate') ? `；${n('rate').slice(1, -1)}` : ''}）`;
  text += '。';
  if (f.reason) text += `${f.reasonLabel ?? '结余原因'}：${f.reason.replace(/[。.]$/, '')}。`;
  return text;
}

const CN_ORDINAL = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const quoted = (names: string[]) => names.map((x) => `“${x}”`).join('');

const ZH_MEASURE: Record<CauseKind, string> = {
  late: '对年底才到位的资金，提前与财政部门沟通拨付时间、做好支付准备，避免因关账形成结余。',
  procedure: '提前办理备案、审批等前期手续，缩短资金拨付周期。',
  progress: '跨年度实施的项目按实施计划合理安排分年度资金，未达到支付条件的资金及时调整。',
  policy: '政策或发放对象发生变化时及时调整预算，收回闲置资金统筹使用。',
};

const zh: NarrativeStrings = {
  title: (unitName, year) => `${unitName ?? ''}${year ? `${year}年度` : ''}部门整体支出绩效自评报告`,
  wan: '万元',
  chapters: {
    basics: '部门基本情况',
    spending: '一般公共预算支出情况',
    performance: '部门整体支出绩效情况',
    problems: '存在的主要问题及下一步改进措施',
    results: '绩效自评结果拟应用和公开情况',
  },
  basicsToFill: '【请补充：本部门机构设置、主要职能和年度重点工作计划。】',
  performanceNone: '【请补充：绩效目标设置和完成情况。】',
  problemsHeading: '存在的主要问题',
  measuresHeading: '下一步改进措施',
  lowRateOpening: (table, f, base, threshold) =>
    `${table}全年可用资金${wan(f.available ?? '0.00')}${f.notes?.available ?? ''}，实际使用${wan(f.spent ?? '0.00')}，结余${wan(f.surplus ?? '0.00')}，执行率${f.rate}（实际使用÷${base}），低于${threshold}。`,
  lowRateList: (threshold, items, surplus) =>
    `执行率低于${threshold}的项目共${items.length}个：${items.join('；')}${surplus ? `，合计结余${wan(surplus)}` : ''}。`,
  lowRateItem: (name, rate, children) =>
    `“${name}”${rate}${children.length ? `（其中${children.map((c) => `“${c.name}”${c.rate}`).join('、')}）` : ''}`,
  causes: (groups, unexplained) => {
    let t = '';
    if (groups.length)
      t += `主要原因：${groups.map((g, i) => `${groups.length > 1 ? `${CN_ORDINAL[i] ?? i + 1}是` : ''}${g.text}（${quoted(g.names)}）`).join('；')}。`;
    if (unexplained.length) t += `${quoted(unexplained)}未说明结余原因，应予补充。`;
    return t;
  },
  causeText: {
    late: '资金到位较晚，年底关账前未能完成支付',
    procedure: '审批、备案等前期程序尚未完成，资金拨付滞后',
    progress: '项目尚在实施，未达到资金支付条件',
    policy: '政策调整或发放对象变化，部分资金暂缓发放或无需发放',
  },
  overBudgetGroup: (items) =>
    `${items.map((i) => `“${i.name}”全年可用资金${wan(i.budget)}，实际支出${wan(i.actual)}，超支${wan(i.over)}`).join('；')}。超支部分应说明资金来源，并及时按程序调整预算。`,
  inconsistencies: (count, items) =>
    `经逐项复核，报表中有${count}处数据与其组成部分${items.some((i) => i.other) ? '或其他报表' : ''}不一致（明细见“问题清单”表），本报告按核实后的数字表述：` +
    items
      .map((i) =>
        i.disputed
          ? `${i.table}“${i.row}”的${i.column}${i.stated}与明细之和${i.expected}不符`
          : i.other
            ? `${i.table}“${i.row}”的${i.column}表中为${i.stated}，与“${i.other}”不一致，经核应为${i.expected}`
            : `${i.table}“${i.row}”的${i.column}表中为${i.stated}，经核应为${i.expected}`,
      )
      .join('；') +
    '。' +
    (items.some((i) => i.disputed) ? '与明细之和不符的数字，未能判定是合计还是明细有误，需逐项核实。' : ''),
  measures: {
    lowRate: (kinds, names) => ({
      heading: '加强预算执行管理，提高预算执行率',
      text:
        `对${quoted(names.slice(0, 3))}${names.length > 3 ? '等' : ''}执行率偏低的项目逐项分析结余原因，按项目实施进度编制和下达预算，加强预算执行过程的跟踪和监督。` +
        kinds.map((k) => ZH_MEASURE[k]).join(''),
    }),
    overspend: (names) => ({
      heading: '严格预算约束，规范预算调整',
      text: `${quoted(names)}实际支出超出预算，应严格按预算执行，确需增加支出的先按程序调整预算，并说明资金来源。`,
    }),
    overTarget: (names) => ({
      heading: '提高预算编制的准确性',
      text: `${quoted(names)}实际支出超出年初预算，编制下年度预算时应充分考虑人员增加、工资福利和社保缴费基数调整等因素，准确测算支出需求。`,
    }),
    staffing: (over) => ({
      heading: '加强机构编制管理',
      text: `实有人数超出编制${over}人，应严格按编制数核定人员，逐步消化超编人员。`,
    }),
    inconsistent: (count) => ({
      heading: '加强报表审核，确保数据准确',
      text: `编报前逐项核对合计、结余和执行率与明细是否一致；本次发现的${count}处不一致应在报送前更正，结转、追加、调减等预算调整应逐笔登记。`,
    }),
    inputs: (count) => ({
      heading: '规范报表填列',
      text: `${count}个数值单元格填写了文本、错误值或负数，应按口径填列数字，不适用的填“—”。`,
    }),
    scores: (names) => ({
      heading: '加强绩效目标管理',
      text: `对${quoted(names)}等失分指标分析原因，申报预算时设置明确、可衡量的绩效目标，并在执行中跟踪完成情况。`,
    }),
    general: {
      heading: '巩固预算和绩效管理成果',
      text: '继续将绩效管理贯穿预算编制、执行和监督全过程，保持预算执行进度和报表数据质量。',
    },
  },
  resultsUse: '自评结果将作为以后年度预算安排、政策调整和改进管理的重要依据，并按规定随部门决算向社会公开。',
  noProblems: '经逐项复核，未发现预算执行率偏低、超支、超编或报表数据不一致的问题。',
  detailItems: (items) =>
    `具体资金使用明细：${items.map((i) => `${i.name}${wan(i.amount)}${i.note ? `（${i.note.replace(/[。.]$/, '')}）` : ''}`).join('；')}。`,
  reasonSurplus: '结余原因',
  reasonOther: '说明',

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
    other: '机构设置和主要职能',
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
  const n = (k: keyof NonNullable<Figures['notes']>) => f.notes?.[k] ?? '';
  if (f.initial !== undefined) parts.push(`an initial budget of ${m(f.initial)}${n('initial')}`);
  if (f.carryOver !== undefined) parts.push(`${m(f.carryOver)}${n('carryOver')} carried over`);
  if (f.added !== undefined) parts.push(`${m(f.added)}${n('added')} added during the year`);
  if (f.reduced !== undefined) parts.push(`${m(f.reduced)}${n('reduced')} reduced`);
  if (f.available !== undefined && (f.available !== f.initial || n('available')))
    parts.push(`${m(f.available)}${n('available')} available for the year`);
  let text = parts.length ? `had ${parts.join(', ')}` : '';
  if (f.spent !== undefined) text += `${text ? '; it ' : ''}spent ${m(f.spent)}${n('spent')}`;
  if (f.surplus !== undefined) text += `, leaving ${m(f.surplus)}`;
  if (f.noRate) text += `; its ${base} is 0, so there is no execution rate`;
  else if (f.rate !== undefined) text += `, an execution rate of ${f.rate}${n('rate')} (spent ÷ ${base})`;
  text += '.';
  if (f.reason)
    text += ` ${f.reasonLabel ? `${f.reasonLabel}:` : 'Reason for the surplus:'} ${f.reason.replace(/[。.]$/, '')}.`;
  return text;
}

const EN_MEASURE: Record<CauseKind, string> = {
  late: ' Agree payment dates with the finance bureau for funds that arrive late in the year, so that closing the books leaves no surplus.',
  procedure: ' Start filings and approvals early to shorten the time to payment.',
  progress:
    ' Spread multi-year projects over the years they run, and adjust funds whose payment conditions are not met.',
  policy: ' Adjust the budget as soon as a policy or the recipients change, and reallocate idle funds.',
};

const en: NarrativeStrings = {
  title: (unitName, year) =>
    `${unitName ? `${unitName}: ` : ''}${year ? `${year} ` : ''}Self-Evaluation Report on the Department's Overall Expenditure Performance`,
  wan: ' (10k yuan)',
  chapters: {
    basics: 'The department',
    spending: 'General public budget spending',
    performance: 'Performance of the overall expenditure',
    problems: 'Main problems and next steps',
    results: 'Use and publication of the self-evaluation result',
  },
  basicsToFill: "[To be completed: the department's organisation, functions and key work plan for the year.]",
  performanceNone: '[To be completed: how the performance targets were set and met.]',
  problemsHeading: 'Main problems',
  measuresHeading: 'Next steps',
  lowRateOpening: (table, f, base, threshold) =>
    `${table} had ${m(f.available ?? '0.00')}${f.notes?.available ?? ''} available and spent ${m(f.spent ?? '0.00')}, leaving ${m(f.surplus ?? '0.00')}, an execution rate of ${f.rate} (spent ÷ ${base}), below ${threshold}.`,
  lowRateList: (threshold, items, surplus) =>
    `${items.length === 1 ? 'One project is' : `${items.length} projects are`} below ${threshold}: ${items.join('; ')}${surplus ? `, leaving ${m(surplus)} in all` : ''}.`,
  lowRateItem: (name, rate, children) =>
    `"${name}" ${rate}${children.length ? ` (of which ${children.map((c) => `"${c.name}" ${c.rate}`).join(', ')})` : ''}`,
  causes: (groups, unexplained) => {
    let t = '';
    if (groups.length)
      t += `The main causes: ${groups.map((g) => `${g.text} (${g.names.map((x) => `"${x}"`).join(', ')})`).join('; ')}.`;
    if (unexplained.length)
      t += `${t ? ' ' : ''}No reason is given for ${unexplained.map((x) => `"${x}"`).join(', ')}; it should be added.`;
    return t;
  },
  causeText: {
    late: 'the funds arrived late and could not be paid before the books closed',
    procedure: 'approvals or filings were not complete, which delayed payment',
    progress: 'the project is still under way and payment conditions were not yet met',
    policy: 'policies or recipients changed, so part of the funds was deferred or not needed',
  },
  overBudgetGroup: (items) =>
    `${items.map((i) => `"${i.name}" had ${m(i.budget)} available and spent ${m(i.actual)}, ${m(i.over)} over`).join('; ')}. The source of the excess should be explained and the budget adjusted through the proper procedure.`,
  inconsistencies: (count, items) =>
    `Checked figure by figure, ${count === 1 ? 'one stated figure disagrees' : `${count} stated figures disagree`} with their parts${items.some((i) => i.other) ? ' or another table' : ''} (the Findings sheet lists them); this report uses the checked figures: ` +
    items
      .map((i) =>
        i.disputed
          ? `the ${i.column} of "${i.row}" in ${i.table} states ${i.stated}, its parts add up to ${i.expected}`
          : i.other
            ? `the ${i.column} of "${i.row}" in ${i.table} states ${i.stated}, which disagrees with "${i.other}"; checked, it should be ${i.expected}`
            : `the ${i.column} of "${i.row}" in ${i.table} states ${i.stated}; checked, it should be ${i.expected}`,
      )
      .join('; ') +
    '.' +
    (items.some((i) => i.disputed)
      ? ' Where a total disagrees with its parts, which of them is wrong cannot be told: each should be verified.'
      : ''),
  measures: {
    lowRate: (kinds, names) => ({
      heading: 'Raise budget execution',
      text:
        `For projects with low execution such as ${names
          .slice(0, 3)
          .map((x) => `"${x}"`)
          .join(
            ', ',
          )}, analyse each surplus, budget by the project's progress and follow execution through the year.` +
        kinds.map((k) => EN_MEASURE[k]).join(''),
    }),
    overspend: (names) => ({
      heading: 'Keep spending within the budget',
      text: `${names.map((x) => `"${x}"`).join(', ')} spent more than the budget: adjust the budget through the proper procedure before spending more, and state the source of the funds.`,
    }),
    overTarget: (names) => ({
      heading: 'Budget more accurately',
      text: `${names.map((x) => `"${x}"`).join(', ')} spent more than the initial budget: next year's budget should allow for new staff, pay and social-insurance changes.`,
    }),
    staffing: (over) => ({
      heading: 'Keep staff within the authorised posts',
      text: `Staff in post exceed the authorised posts by ${over}: fill posts only within the authorisation and absorb the excess over time.`,
    }),
    inconsistent: (count) => ({
      heading: 'Review the tables before submitting them',
      text: `Check every total, surplus and rate against its detail before submitting; correct the ${count === 1 ? 'figure' : `${count} figures`} found here, and record every carry-over, addition and reduction.`,
    }),
    inputs: (count) => ({
      heading: 'Fill in the tables consistently',
      text: `${count === 1 ? 'One value cell holds' : `${count} value cells hold`} text, an error value or a negative number: enter numbers, and "—" where a figure does not apply.`,
    }),
    scores: (names) => ({
      heading: 'Manage performance targets',
      text: `Analyse why points were lost on ${names.map((x) => `"${x}"`).join(', ')}; set clear, measurable targets when budgeting and follow them during the year.`,
    }),
    general: {
      heading: 'Keep up budget and performance management',
      text: 'Keep performance management part of budgeting, execution and oversight, and keep execution and the quality of the tables where they are.',
    },
  },
  resultsUse:
    "The result will inform future budgets, policy adjustments and management improvements, and will be published with the department's final accounts as required.",
  noProblems:
    'Checked figure by figure, no low execution, overspending, excess staff or inconsistent figures were found.',
  detailItems: (items) =>
    ` In detail: ${items.map((i) => `${i.name} ${m(i.amount)}${i.note ? ` (${i.note.replace(/[。.]$/, '')})` : ''}`).join('; ')}.`,
  reasonSurplus: 'Reason for the surplus',
  reasonOther: 'Note',
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
    other: 'Organisation and functions',
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
