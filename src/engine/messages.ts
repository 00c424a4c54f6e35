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
  sum: '{name}的{field}应为下一级各项之和 {expected}，表中为 {actual}（相差 {diff}）',
  sumRounding: '{name}的{field}与下一级各项之和 {expected} 相差 {diff}，属四舍五入尾差',
  breakdownExceeds: '{name}的“其中”各项{field}合计 {expected}，超过了该行的 {actual}',
  breakdown: '{name}的{field} {actual} 与“其中”各项之和 {expected} 不符',
  available: '{name}的{field}应为 年初预算 + 上年结转 + 本年追加 − 调减 = {expected}，表中为 {actual}',
  availableRounding: '{name}的{field} {actual} 与计算值 {expected} 相差 {diff}，属四舍五入尾差',
  surplus: '{name}的结余应为 {base} − 实际支出 = {expected}，表中为 {actual}',
  surplusRounding: '{name}的结余 {actual} 与计算值 {expected} 相差 {diff}，属四舍五入尾差',
  rate: '{name}的执行率应为 实际支出 ÷ {base} = {expected}，表中为 {actual}',
  rateRounding:
    '{name}的执行率 {actual} 与计算值 {expected}（实际支出 ÷ {base}）相差一个尾数，属四舍五入尾差',
  rateNoBase: '{name}的{base}为 0，没有执行率，表中却填了 {actual}',
  reduction: '{name}的比预算降低率应为 （预算 − 决算）÷ 预算 = {expected}，表中为 {actual}',
  reductionRounding: '{name}的比预算降低率 {actual} 与计算值 {expected} 相差一个尾数，属四舍五入尾差',
  change: '{name}的比上年增减率应为 （本年 − 上年）÷ 上年 = {expected}，表中为 {actual}',
  changeRounding: '{name}的比上年增减率 {actual} 与计算值 {expected} 相差一个尾数，属四舍五入尾差',
  changeAmount: '{name}的比上年增减额应为 本年 − 上年 = {expected}，表中为 {actual}（相差 {diff}）',
  changeAmountRounding: '{name}的比上年增减额 {actual} 与计算值 {expected} 相差 {diff}，属四舍五入尾差',
  initialRate: '{name}的完成年初预算比例应为 实际支出 ÷ 年初预算 = {expected}，表中为 {actual}',
  share: '{name}的占比应为 本项 ÷ 合计 = {expected}，表中为 {actual}',
  shareRounding: '{name}的占比 {actual} 与计算值 {expected} 相差一个尾数，属四舍五入尾差',
  rowTotal: '{name}的{field}应为同一行各组成部分之和 {expected}，表中为 {actual}（相差 {diff}）',
  rowTotalRounding: '{name}的{field}与同一行各组成部分之和 {expected} 相差 {diff}，属四舍五入尾差',
  corrected: '{name}的{field}应为 {expected}，表中为 {actual}（相差 {diff}）：按此数，{checks}才相符',
  missingRow: '{name}比下一级各项之和多出一整行：{parts}，而各项本身都相符',
  cross: '{name}的{field}应与“{other}”表中的同一数字一致，为 {expected}，本表为 {actual}（相差 {diff}）',
  crossRounding: '{name}的{field} {actual} 与“{other}”表中的 {expected} 相差 {diff}，属四舍五入尾差',
  crossBasis: '“{sheet}”的{field}合计与{basis}数字（“{other}”）一致',
  crossBasisNone: '“{sheet}”的{field}合计与全口径（“{all}”）和财政拨款口径（“{fiscal}”）的数字都不一致',
  overspend: '{name}实际支出 {actual} 超过了{base} {expected}，超支 {diff}',
  overspendTarget: '{name}实际支出 {actual} 超过年初预算 {expected}，超出 {diff}，请说明原因',
  lowRate: '{name}的执行率 {actual}（实际支出 ÷ {base}）低于 {expected}',
  staffing: '实有人数 {actual} 人超过编制数 {authorized} 人，超编 {diff} 人',
  inputText: '{field}单元格是文本“{actual}”，已按数值 {expected} 计算',
  inputNotNumber: '{field}单元格应为数值，实为文本“{actual}”，无法计算',
  inputMarker: '{field}单元格填的是“{actual}”，按空白处理',
  inputDate: '{field}单元格是日期 {actual}，不是金额，未计入合计；请改为数值',
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
  sum: '{field} of {name} should be the sum of the rows beneath it, {expected}; the sheet states {actual} (off by {diff})',
  sumRounding:
    '{field} of {name} differs from the sum beneath it, {expected}, by {diff}: a rounding difference',
  breakdownExceeds:
    'the "of which" parts of {name} add up to {expected} in {field}, more than the row itself ({actual})',
  breakdown: '{field} of {name} is {actual}, but its "of which" parts add up to {expected}',
  available:
    '{field} of {name} should be initial + carry-over + added − reduced = {expected}; the sheet states {actual}',
  availableRounding:
    '{field} of {name} ({actual}) differs from the computed {expected} by {diff}: a rounding difference',
  surplus: 'the surplus of {name} should be {base} − spent = {expected}; the sheet states {actual}',
  surplusRounding:
    'the surplus of {name} ({actual}) differs from the computed {expected} by {diff}: a rounding difference',
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
    'the change on last year of {name} should be this year − last year = {expected}; the sheet states {actual} (off by {diff})',
  changeAmountRounding:
    'the change on last year of {name} ({actual}) differs from the computed {expected} by {diff}: a rounding difference',
  initialRate:
    'the share of the initial budget spent by {name} should be spent ÷ initial budget = {expected}; the sheet states {actual}',
  share: 'the share of {name} should be this row ÷ the total = {expected}; the sheet states {actual}',
  shareRounding:
    'the share of {name} ({actual}) differs from the computed {expected} in the last digit: a rounding difference',
  rowTotal:
    '{field} of {name} should be the sum of its parts across the row, {expected}; the sheet states {actual} (off by {diff})',
  rowTotalRounding:
    '{field} of {name} differs from the sum of its parts across the row, {expected}, by {diff}: a rounding difference',
  corrected:
    '{field} of {name} should be {expected}; the sheet states {actual} (off by {diff}): only then do {checks} agree',
  missingRow:
    '{name} exceeds the rows beneath it by one whole row ({parts}), while each of those rows agrees with itself',
  cross:
    '{field} of {name} should agree with the same figure in "{other}", {expected}; this table states {actual} (off by {diff})',
  crossRounding:
    '{field} of {name} ({actual}) differs from the same figure in "{other}" ({expected}) by {diff}: a rounding difference',
  crossBasis: 'the total {field} of "{sheet}" agrees with the {basis} figures ("{other}")',
  crossBasisNone:
    'the total {field} of "{sheet}" agrees with neither the figures of all funds ("{all}") nor those of fiscal appropriations ("{fiscal}")',
  overspend: '{name} spent {actual}, more than its {base} of {expected} (over by {diff})',
  overspendTarget:
    '{name} spent {actual}, more than its initial budget of {expected} (over by {diff}); explain why',
  lowRate: 'the execution rate of {name} is {actual} (spent ÷ {base}), below {expected}',
  staffing: '{actual} staff in post exceed the {authorized} authorised posts by {diff}',
  inputText: 'the {field} cell holds the text "{actual}"; it was read as the number {expected}',
  inputNotNumber: 'the {field} cell should hold a number but holds the text "{actual}"; it cannot be checked',
  inputMarker: 'the {field} cell says "{actual}"; it is read as blank',
  inputDate:
    'the {field} cell holds the date {actual}, not an amount; it is left out of the totals: enter a number',
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

/** Fills a message template. */
export function message(lang: Lang, key: MessageKey, params: Record<string, string>): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}
