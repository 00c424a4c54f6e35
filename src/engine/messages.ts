/**
 * Every message a finding carries, one table per language. Placeholders are `{name}`.
 */
import type { Lang } from './types';

export type MessageKey =
  | 'sum'
  | 'sumRounding'
  | 'breakdownExceeds'
  | 'breakdown'
  | 'available'
  | 'availableRounding'
  | 'surplus'
  | 'surplusRounding'
  | 'rate'
  | 'rateRounding'
  | 'rateNoBase'
  | 'reduction'
  | 'reductionRounding'
  | 'change'
  | 'changeRounding'
  | 'changeAmount'
  | 'changeAmountRounding'
  | 'initialRate'
  | 'share'
  | 'shareRounding'
  | 'rowTotal'
  | 'rowTotalRounding'
  | 'corrected'
  | 'missingRow'
  | 'cross'
  | 'crossRounding'
  | 'crossBasis'
  | 'crossBasisNone'
  | 'overspend'
  | 'overspendTarget'
  | 'lowRate'
  | 'staffing'
  | 'inputText'
  | 'inputNotNumber'
  | 'inputMarker'
  | 'inputDate'
  | 'inputError'
  | 'inputNegative'
  | 'unit'
  | 'mappingRate'
  | 'mappingSurplus'
  | 'noTable'
  | 'scoreOverPoints'
  | 'scoreMismatch'
  | 'scoreExecution'
  | 'scoreRounding'
  | 'scoreTotal'
  | 'scoreTotalRounding'
  | 'scoreGrade'
  | 'claimWrong'
  | 'claimRounding'
  | 'claimTwice'
  | 'claimRate'
  | 'claimCount'
  | 'claimNoPercent';

const zh: Record<MessageKey, string> = {
  sum: '{name}的{field}应为下一级各项之和 {expected}{u}，表中为 {actual}{u}（相差 {diff}{u}）',
  sumRounding: '{name}的{field}与下一级各项之和 {expected}{u} 相差 {diff}{u}，属四舍五入尾差',
  breakdownExceeds: '{name}的“其中”各项{field}合计 {expected}{u}，超过了该行的 {actual}{u}',
  breakdown: '{name}的{field} {actual}{u} 与“其中”各项之和 {expected}{u} 不符',
  available: '{name}的{field}应为 年初预算 + 上年结转 + 本年追加 − 调减 = {expected}{u}，表中为 {actual}{u}',
  availableRounding: '{name}的{field} {actual}{u} 与计算值 {expected}{u} 相差 {diff}{u}，属四舍五入尾差',
  surplus: '{name}的结余应为 {base} − 实际支出 = {expected}{u}，表中为 {actual}{u}',
  surplusRounding: '{name}的结余 {actual}{u} 与计算值 {expected}{u} 相差 {diff}{u}，属四舍五入尾差',
  rate: '{name}的执行率应为 实际支出 ÷ {base} = {expected}，表中为 {actual}',
  rateRounding:
    '{name}的执行率 {actual} 与计算值 {expected}（实际支出 ÷ {base}）相差一个尾数，属四舍五入尾差',
  rateNoBase: '{name}的{base}为 0，没有执行率，表中却填了 {actual}',
  reduction: '{name}的比预算降低率应为 （预算 − 决算）÷ 预算 = {expected}，表中为 {actual}',
  reductionRounding: '{name}的比预算降低率 {actual} 与计算值 {expected} 相差一个尾数，属四舍五入尾差',
  change: '{name}的比上年增减率应为 （本年 − 上年）÷ 上年 = {expected}，表中为 {actual}',
  changeRounding: '{name}的比上年增减率 {actual} 与计算值 {expected} 相差一个尾数，属四舍五入尾差',
  changeAmount: '{name}的比上年增减额应为 本年 − 上年 = {expected}{u}，表中为 {actual}{u}（相差 {diff}{u}）',
  changeAmountRounding:
    '{name}的比上年增减额 {actual}{u} 与计算值 {expected}{u} 相差 {diff}{u}，属四舍五入尾差',
  initialRate: '{name}的完成年初预算比例应为 实际支出 ÷ 年初预算 = {expected}，表中为 {actual}',
  share: '{name}的占比应为 本项 ÷ 合计 = {expected}，表中为 {actual}',
  shareRounding: '{name}的占比 {actual} 与计算值 {expected} 相差一个尾数，属四舍五入尾差',
  rowTotal: '{name}的{field}应为同一行各组成部分之和 {expected}{u}，表中为 {actual}{u}（相差 {diff}{u}）',
  rowTotalRounding: '{name}的{field}与同一行各组成部分之和 {expected}{u} 相差 {diff}{u}，属四舍五入尾差',
  corrected:
    '{name}的{field}应为 {expected}{u}，表中为 {actual}{u}（相差 {diff}{u}）：按此数，{checks}才相符',
  missingRow: '{name}比下一级各项之和多出一整行：{parts}，而各项本身都相符',
  cross:
    '{name}的{field}应与“{other}”表中的同一数字一致，为 {expected}{u}，本表为 {actual}{u}（相差 {diff}{u}）',
  crossRounding: '{name}的{field} {actual}{u} 与“{other}”表中的 {expected}{u} 相差 {diff}{u}，属四舍五入尾差',
  crossBasis: '“{sheet}”的{field}合计与{basis}数字（“{other}”）一致',
  crossBasisNone: '“{sheet}”的{field}合计与全口径（“{all}”）和财政拨款口径（“{fiscal}”）的数字都不一致',
  overspend: '{name}实际支出 {actual}{u} 超过了{base} {expected}{u}，超支 {diff}{u}',
  overspendTarget: '{name}实际支出 {actual}{u} 超过年初预算 {expected}{u}，超出 {diff}{u}',
  lowRate: '{name}的执行率 {actual}（实际支出 ÷ {base}）低于 {expected}',
  staffing: '实有人数 {actual} 人超过编制数 {authorized} 人，超编 {diff} 人',
  inputText: '{field}单元格是文本“{actual}”，已按数值 {expected} 计算',
  inputNotNumber: '{field}单元格应为数值，实为文本“{actual}”，无法计算',
  inputMarker: '{field}单元格填的是“{actual}”，按空白处理',
  inputDate: '{field}单元格是日期 {actual}，不是金额，未计入合计',
  inputError: '{field}单元格是错误值 {actual}，无法计算',
  inputNegative: '{field}不应为负数，表中为 {actual}',
  unit: '{field} {actual} 与本列其他金额数量级相差过大，可能把“元”当成了“{unit}”',
  mappingRate: '表格有执行率列，但找不到{missing}列，无法核对执行率',
  mappingSurplus: '表格有结余列，但找不到{missing}列，无法核对结余',
  noTable: '工作表“{sheet}”中没有识别出预算表格',
  scoreOverPoints: '{name}的得分 {actual} 超过了分值 {points}',
  scoreMismatch: '{name}的得分应为 {expected}（按指标值与实际完成值计算），表中为 {actual}',
  scoreRounding: '{name}的得分 {actual} 与计算值 {expected} 相差一个尾数，属四舍五入尾差',
  scoreExecution: '{name}的预算执行得分应为 min(执行率, 100%) × 分值 = {expected}，表中为 {actual}',
  scoreTotal: '合计得分应为各项得分之和 {expected}，表中为 {actual}',
  scoreTotalRounding: '合计得分 {actual} 与各项得分之和 {expected} 之差属四舍五入尾差',
  scoreGrade: '总分 {total} 对应的评价等次为“{expected}”，表中为“{actual}”',
  claimWrong: '文稿中{what}写作 {actual}，工作簿中为 {expected}（{source}）',
  claimRounding: '文稿中{what}写作 {actual}，工作簿中为 {expected}，属四舍五入尾差',
  claimTwice:
    '文稿中{what}写作 {actual}，第{first}段写作 {other}，同一数字前后不一；工作簿中为 {expected}（{source}）',
  claimRate: '文稿中执行率写作 {actual}，同一句的 {spent} ÷ {available} = {expected}',
  claimCount: '文稿中写作 {actual}，其后列出的各部分之和为 {expected}（{parts}）',
  claimNoPercent: '文稿中{what} {actual} 缺少百分号，应写作 {expected}',
};

const en: Record<MessageKey, string> = {
  sum: '{field} of {name} should be the sum of the rows beneath it, {expected}{u}; the sheet states {actual}{u} (off by {diff}{u})',
  sumRounding:
    '{field} of {name} differs from the sum beneath it, {expected}{u}, by {diff}{u}: a rounding difference',
  breakdownExceeds:
    'the "of which" parts of {name} add up to {expected}{u} in {field}, more than the row itself ({actual}{u})',
  breakdown: '{field} of {name} is {actual}{u}, but its "of which" parts add up to {expected}{u}',
  available:
    '{field} of {name} should be initial + carry-over + added − reduced = {expected}{u}; the sheet states {actual}{u}',
  availableRounding:
    '{field} of {name} ({actual}{u}) differs from the computed {expected}{u} by {diff}{u}: a rounding difference',
  surplus: 'the surplus of {name} should be {base} − spent = {expected}{u}; the sheet states {actual}{u}',
  surplusRounding:
    'the surplus of {name} ({actual}{u}) differs from the computed {expected}{u} by {diff}{u}: a rounding difference',
  rate: 'the execution rate of {name} should be spent ÷ {base} = {expected}; the sheet states {actual}',
  rateRounding:
    'the execution rate of {name} ({actual}) differs from the computed {expected} (spent ÷ {base}) in the last digit: a rounding difference',
  rateNoBase: '{base} of {name} is 0, so there is no execution rate, yet the sheet states {actual}',
  reduction:
    'the reduction against budget of {name} should be (budget − actual) ÷ budget = {expected}; the sheet states {actual}',
  reductionRounding:
    'the reduction of {name} ({actual}) differs from the computed {expected} in the last digit: a rounding difference',
  change:
    'the change on last year of {name} should be (this year − last year) ÷ last year = {expected}; the sheet states {actual}',
  changeRounding:
    'the change of {name} ({actual}) differs from the computed {expected} in the last digit: a rounding difference',
  changeAmount:
    'the change on last year of {name} should be this year − last year = {expected}{u}; the sheet states {actual}{u} (off by {diff}{u})',
  changeAmountRounding:
    'the change on last year of {name} ({actual}{u}) differs from the computed {expected}{u} by {diff}{u}: a rounding difference',
  initialRate:
    'the share of the initial budget spent by {name} should be spent ÷ initial budget = {expected}; the sheet states {actual}',
  share: 'the share of {name} should be this row ÷ the total = {expected}; the sheet states {actual}',
  shareRounding:
    'the share of {name} ({actual}) differs from the computed {expected} in the last digit: a rounding difference',
  rowTotal:
    '{field} of {name} should be the sum of its parts across the row, {expected}{u}; the sheet states {actual}{u} (off by {diff}{u})',
  rowTotalRounding:
    '{field} of {name} differs from the sum of its parts across the row, {expected}{u}, by {diff}{u}: a rounding difference',
  corrected:
    '{field} of {name} should be {expected}{u}; the sheet states {actual}{u} (off by {diff}{u}): only then do {checks} agree',
  missingRow:
    '{name} exceeds the rows beneath it by one whole row ({parts}), while each of those rows agrees with itself',
  cross:
    '{field} of {name} should agree with the same figure in "{other}", {expected}{u}; this table states {actual}{u} (off by {diff}{u})',
  crossRounding:
    '{field} of {name} ({actual}{u}) differs from the same figure in "{other}" ({expected}{u}) by {diff}{u}: a rounding difference',
  crossBasis: 'the total {field} of "{sheet}" agrees with the {basis} figures ("{other}")',
  crossBasisNone:
    'the total {field} of "{sheet}" agrees with neither the figures of all funds ("{all}") nor those of fiscal appropriations ("{fiscal}")',
  overspend: '{name} spent {actual}{u}, more than its {base} of {expected}{u} (over by {diff}{u})',
  overspendTarget:
    '{name} spent {actual}{u}, more than its initial budget of {expected}{u} (over by {diff}{u})',
  lowRate: 'the execution rate of {name} is {actual} (spent ÷ {base}), below {expected}',
  staffing: '{actual} staff in post exceed the {authorized} authorised posts by {diff}',
  inputText: 'the {field} cell holds the text "{actual}"; it was read as the number {expected}',
  inputNotNumber: 'the {field} cell should hold a number but holds the text "{actual}"; it cannot be checked',
  inputMarker: 'the {field} cell says "{actual}"; it is read as blank',
  inputDate: 'the {field} cell holds the date {actual}, not an amount; it is left out of the totals',
  inputError: 'the {field} cell holds the error value {actual}; it cannot be checked',
  inputNegative: '{field} cannot be negative; the sheet states {actual}',
  unit: '{field} {actual} is far out of scale with the rest of its column: perhaps 元 were entered as {unit}',
  mappingRate:
    'the table has an execution-rate column but no {missing} column, so the rate cannot be checked',
  mappingSurplus: 'the table has a surplus column but no {missing} column, so the surplus cannot be checked',
  noTable: 'no budget table was recognised on sheet "{sheet}"',
  scoreOverPoints: 'the score of {name}, {actual}, is more than its {points} points',
  scoreMismatch:
    'the score of {name} should be {expected} (from its target and actual value); the sheet states {actual}',
  scoreExecution:
    'the budget-execution score of {name} should be min(rate, 100%) × points = {expected}; the sheet states {actual}',
  scoreRounding:
    'the score of {name} ({actual}) differs from the computed {expected} in the last digit: a rounding difference',
  scoreTotal: 'the total score should be the sum of the scores, {expected}; the sheet states {actual}',
  scoreTotalRounding:
    'the total score ({actual}) differs from the sum of the scores ({expected}) by rounding only',
  scoreGrade: 'a total of {total} is graded "{expected}", but the sheet states "{actual}"',
  claimWrong: 'the draft states {what} as {actual}; the workbook gives {expected} ({source})',
  claimRounding: 'the draft states {what} as {actual}; the workbook gives {expected}: a rounding difference',
  claimTwice:
    'the draft states {what} as {actual}, but as {other} in paragraph {first}; the workbook gives {expected} ({source})',
  claimRate:
    'the draft states a rate of {actual}; the same sentence gives {spent} ÷ {available} = {expected}',
  claimCount: 'the draft states {actual}; the parts it lists after it add up to {expected} ({parts})',
  claimNoPercent: 'the draft states {what} as {actual} without a percent sign; it should read {expected}',
};

const TABLES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };

/** Field names as the messages say them. */
export const FIELD_LABELS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    name: '名称',
    initial: '年初预算',
    carryOver: '上年结转',
    added: '本年追加',
    reduced: '调减',
    available: '全年预算数',
    spent: '实际支出',
    surplus: '结余',
    rate: '执行率',
    reduction: '比预算降低率',
    prevYear: '上年决算',
    prevBudget: '上年预算',
    change: '比上年增减率',
    changeAmount: '比上年增减额',
    initialRate: '完成年初预算比例',
    share: '占比',
    code: '科目编码',
    funds: '资金来源',
    count: '个数',
    reason: '结余原因',
    points: '分值',
    score: '得分',
    target: '年度指标值',
    actualValue: '实际完成值',
    level1: '一级指标',
    level2: '二级指标',
    baseAvailable: '全年预算数（含上年结转）',
    baseInitial: '年初预算',
    unnamed: '未命名行',
    total: '合计',
  },
  'en-US': {
    name: 'name',
    initial: 'initial budget',
    carryOver: 'carry-over',
    added: 'added',
    reduced: 'reduced',
    available: 'full-year budget',
    spent: 'spent',
    surplus: 'surplus',
    rate: 'execution rate',
    reduction: 'reduction against budget',
    prevYear: 'last year',
    prevBudget: "last year's budget",
    change: 'change on last year',
    changeAmount: 'change on last year (amount)',
    initialRate: 'share of the initial budget spent',
    share: 'share',
    code: 'code',
    funds: 'fund source',
    count: 'count',
    reason: 'reason',
    points: 'points',
    score: 'score',
    target: 'target',
    actualValue: 'actual value',
    level1: 'first-level indicator',
    level2: 'second-level indicator',
    baseAvailable: 'the full-year budget (with carry-over)',
    baseInitial: 'the initial budget',
    unnamed: 'an unnamed row',
    total: 'total',
  },
};

/**
 * Where a finding's unit goes (after each amount or count of its message): filled once the finding's table is
 * known (`fillUnit`), since the unit is the table's (万元 for every amount, the counted thing for a count, 分).
 */
export const UNIT_SLOT = '\u0001';

/** Fills a message template. */
export function message(lang: Lang, key: MessageKey, params: Record<string, string>): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? (k === 'u' ? UNIT_SLOT : ''));
}

/** The unit after a figure: 1326.62万元, 38个, 19分 in Chinese; in English an amount's scale (a count or a score needs none). */
const UNIT_EN: Record<string, string> = { 万元: ' × 10,000 yuan', 元: ' yuan' };

/** A message with its unit slots filled with `unit` ('' for none: a rate, a figure of no table). */
export function fillUnit(lang: Lang, text: string, unit: string): string {
  if (!text.includes(UNIT_SLOT)) return text;
  const shown = lang === 'zh-CN' ? unit : (UNIT_EN[unit] ?? '');
  return text.split(UNIT_SLOT).join(shown);
}

/** What the user should do about a finding, said after it. */
export type ActionKey =
  | 'fix'
  | 'fixAll'
  | 'review'
  | 'addRow'
  | 'explain'
  | 'explainOverspend'
  | 'number'
  | 'errorValue'
  | 'blank'
  | 'sign'
  | 'unit'
  | 'columns'
  | 'rounding'
  | 'rateNoBase'
  | 'basis'
  | 'grade';

const ACTIONS: Record<Lang, Record<ActionKey, string>> = {
  'zh-CN': {
    fix: '请更正该数',
    fixAll: '请将各处一并更正',
    review: '请逐项核对，更正有误的一项',
    addRow: '请补列漏掉的项目，或更正合计',
    explain: '请在自评报告中说明原因',
    explainOverspend: '请说明超支原因，或按规定调整预算',
    number: '请改为数值',
    errorValue: '请修正该单元格的公式或数值',
    blank: '如实为 0，请填写 0',
    sign: '请核对正负号',
    unit: '请核对该数的单位',
    columns: '请检查表头的列名',
    rounding: '无需更正',
    rateNoBase: '请删去该执行率，或补填{base}',
    basis: '请核对自评表所用的口径',
    grade: '请按总分更正等次',
  },
  'en-US': {
    fix: 'correct this figure',
    fixAll: 'correct it everywhere it is stated',
    review: 'check each of them and correct the wrong one',
    addRow: 'add the missing item, or correct the total',
    explain: 'explain the cause in the self-evaluation report',
    explainOverspend: 'explain the overspending, or adjust the budget as the rules allow',
    number: 'enter it as a number',
    errorValue: "fix the cell's formula or value",
    blank: 'if it is zero, enter 0',
    sign: 'check its sign',
    unit: "check the figure's unit",
    columns: 'check the column headings',
    rounding: 'no correction needed',
    rateNoBase: 'remove the rate, or fill in {base}',
    basis: 'check which scope of funds the self-evaluation form reports',
    grade: 'correct the grade to match the total',
  },
};

/** The action a message calls for, where the finding does not say otherwise (an undecided one: `review`). */
const DEFAULT_ACTION: Partial<Record<MessageKey, ActionKey>> = {
  sum: 'fix',
  breakdown: 'fix',
  available: 'fix',
  surplus: 'fix',
  rate: 'fix',
  reduction: 'fix',
  change: 'fix',
  changeAmount: 'fix',
  initialRate: 'fix',
  share: 'fix',
  rowTotal: 'fix',
  corrected: 'fix',
  cross: 'fix',
  scoreMismatch: 'fix',
  scoreExecution: 'fix',
  scoreTotal: 'fix',
  scoreOverPoints: 'fix',
  sumRounding: 'rounding',
  availableRounding: 'rounding',
  surplusRounding: 'rounding',
  rateRounding: 'rounding',
  reductionRounding: 'rounding',
  changeRounding: 'rounding',
  changeAmountRounding: 'rounding',
  shareRounding: 'rounding',
  rowTotalRounding: 'rounding',
  crossRounding: 'rounding',
  scoreRounding: 'rounding',
  scoreTotalRounding: 'rounding',
  breakdownExceeds: 'review',
  rateNoBase: 'rateNoBase',
  missingRow: 'addRow',
  crossBasisNone: 'basis',
  overspend: 'explainOverspend',
  overspendTarget: 'explain',
  lowRate: 'explain',
  staffing: 'explain',
  inputText: 'number',
  inputNotNumber: 'number',
  inputDate: 'number',
  inputMarker: 'blank',
  inputError: 'errorValue',
  inputNegative: 'sign',
  unit: 'unit',
  mappingRate: 'columns',
  mappingSurplus: 'columns',
  scoreGrade: 'grade',
};

/** The action said after a finding's message, if any. */
export function action(
  lang: Lang,
  key: MessageKey,
  override: ActionKey | undefined,
  params: Record<string, string>,
): string | undefined {
  const a = override ?? DEFAULT_ACTION[key];
  return a ? ACTIONS[lang][a].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '') : undefined;
}
