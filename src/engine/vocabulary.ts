/**
 * The field vocabulary (domain.md §1): header words → canonical fields, and the staffing labels.
 */
import { normalizeHeader } from './cells';
import type { Field } from './types';

/** Header words for each field. Matching is on the normalised header text (see `normalizeHeader`). */
export const FIELD_WORDS: Readonly<Record<Field, readonly string[]>> = {
  name: [
    '项目',
    '项目名称',
    '科目',
    '支出科目',
    '科目名称',
    '名称',
    '项目内容',
    '批次',
    '评价内容',
    '指标名称',
    '项目资金',
    '预算资金',
    '资金情况',
    '经费名称',
    '资金名称',
    '三级指标',
    '评价指标',
    '绩效指标名称',
  ],
  initial: [
    '年初预算',
    '年初预算数',
    '年初预算安排',
    '预算数',
    '年初安排',
    '预算安排',
    '安排资金',
    '年初预算金额',
  ],
  carryOver: ['上年结转', '上年结转结余', '年初结转和结余', '结转资金', '上年结余', '以前年度结转'],
  added: ['本年追加', '追加预算', '本年争取', '本年下达', '新增', '追加', '争取资金', '本年新增'],
  reduced: ['本年调减', '调减', '调减指标', '调减金额'],
  available: [
    '全年预算数',
    '调整后预算数',
    '下达指标',
    '实际下达指标',
    '可用资金',
    '预算指标',
    '全年预算',
    '可用资金合计',
    '资金总额',
  ],
  spent: [
    '实际支出',
    '全年执行数',
    '执行数',
    '实际使用',
    '支出金额',
    '决算数',
    '使用',
    '实际支出数',
    '使用资金',
    '实际拨付',
    '预算执行数',
    '金额',
    '执行金额',
    '支出决算数',
    '决算支出',
  ],
  surplus: ['结余', '结余资金', '年末结转和结余', '结转结余', '年末结余', '结余金额'],
  rate: ['执行率', '预算执行率', '资金使用率', '资金执行率', '使用率'],
  reduction: ['降低率', '比预算降低', '决算比预算降低', '比预算降低率'],
  prevYear: [
    '上年决算',
    '上年决算数',
    '上年数',
    '上年',
    '上年支出',
    '上年执行数',
    '上年实际',
    '上年实际支出',
  ],
  prevBudget: ['上年预算数', '上年预算', '上年年初预算', '上年年初预算数'],
  change: ['变动率', '增减率', '同比增长', '增长率', '增减幅度', '比上年增减率', '同比增减率', '增减%'],
  changeAmount: ['增减额', '比上年增减额', '同比增减额', '增减金额', '增(减)额', '增减数', '比上年增减数'],
  initialRate: ['完成年初预算', '完成年初预算%', '占年初预算', '完成年初预算的'],
  share: ['占比', '比重', '所占比例', '构成', '占总支出比重', '占合计比重'],
  code: [
    '科目编码',
    '功能分类科目编码',
    '支出功能分类科目编码',
    '科目代码',
    '编码',
    '经济分类科目编码',
    '功能科目编码',
  ],
  funds: [
    '财政拨款',
    '一般公共预算',
    '政府性基金预算',
    '国有资本经营预算',
    '财政专户管理资金',
    '单位资金',
    '其他资金',
    '事业收入',
    '经营收入',
    '上级补助收入',
    '附属单位上缴收入',
    '其他收入',
    '基本支出',
    '项目支出',
    '财政拨款收入',
    '一般公共预算财政拨款',
    '政府性基金预算财政拨款',
    '国有资本经营预算财政拨款',
    '公共预算财政拨款',
    '一般公共预算拨款',
    '政府性基金预算拨款',
    '财政资金',
    '一般公共预算安排',
    '政府性基金预算安排',
    '财政拨款安排',
    '一般公共预算财政拨款安排',
    '财政专户管理资金',
    '人员经费',
    '公用经费',
    '上缴上级支出',
    '经营支出',
    '对附属单位补助支出',
  ],
  count: ['项目个数', '个数', '户数', '套数', '台数', '人数', '家数', '数量'],
  reason: [
    '结余原因',
    '原因',
    '偏差原因',
    '备注',
    '说明',
    '情况说明',
    '未执行原因',
    '偏差原因分析及改进措施',
  ],
  points: ['分值', '权重', '标准分', '满分', '分数'],
  score: ['得分', '自评得分', '评价得分', '实际得分'],
  target: ['年度指标值', '指标值', '目标值', '年度目标值', '预期目标值', '绩效目标值', '计划值'],
  actualValue: ['实际完成值', '完成值', '实际值', '实际完成情况值', '实际完成'],
  level1: ['一级指标'],
  level2: ['二级指标'],
};

/** Every field a column can mean. */
export const FIELDS = Object.keys(FIELD_WORDS) as readonly Field[];

export function isField(value: unknown): value is Field {
  return typeof value === 'string' && (FIELDS as readonly string[]).includes(value);
}

/** Fields whose cells hold numbers. */
export const NUMERIC_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'initial',
  'carryOver',
  'added',
  'reduced',
  'available',
  'spent',
  'surplus',
  'rate',
  'reduction',
  'prevYear',
  'prevBudget',
  'change',
  'changeAmount',
  'initialRate',
  'share',
  'funds',
  'count',
  'points',
  'score',
]);

/** Fields that are amounts of money (summed by totals, converted from 元). */
export const AMOUNT_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'initial',
  'carryOver',
  'added',
  'reduced',
  'available',
  'spent',
  'surplus',
  'prevYear',
  'prevBudget',
  'changeAmount',
  'funds',
]);

/** Fields stated as percentages. */
export const PERCENT_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'rate',
  'reduction',
  'change',
  'initialRate',
  'share',
]);

/** Fields that can never be negative. */
export const NON_NEGATIVE_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'initial',
  'carryOver',
  'available',
  'spent',
  'prevYear',
  'prevBudget',
  'funds',
  'count',
  'rate',
  'initialRate',
  'share',
]);

const exact = new Map<string, Field>();
for (const [field, words] of Object.entries(FIELD_WORDS) as [Field, readonly string[]][]) {
  for (const w of words) exact.set(w, field);
}

/** What a header says, read as a whole (domain.md §1, "A header is matched as a whole"). */
export interface HeaderMeaning {
  field: Field;
  /** A bare 比上年增减: an amount or a rate, as its values say. */
  changeUndecided?: boolean;
  /** The header opens with 其中: its column is one part of a total beside it, maybe not all of them. */
  partial?: boolean;
  /** A column total (合计, 总计, 本年支出合计 …): the sum of the part columns beside it. */
  total?: boolean;
  /** The year a header names (2019年决算数): an earlier year than the table's other headers is last year. */
  year?: number;
  /** An identity printed in the header (`3=1+2`, `=①+②`, `=④/③`), as its right-hand side. */
  formula?: string;
  /** The column's own number printed in its header (`年初预算①`, `3=1+2` names column 3). */
  label?: number;
}

const YEAR = /^(\d{4})年度?/;
const PERIOD = /^(本年度?|当年|本期|全年)(?=.)/;
const PREVIOUS = /^(上年度?|上一年度?|去年|上年同期)(.*)$/;
const PREV_BUDGET = /^(预算|预算数|年初预算|年初预算数|预算安排|预算安排数|预算金额)$/;
const PREV_SPENT =
  /^(决算|决算数|支出|支出数|实际支出|实际支出数|执行数|实际执行数|实际|实际数|数|金额|支出决算|支出决算数|)$/;
const AGAINST = '(?:比上年|较上年|比上年度|较上年度|同比|与上年相比|比去年|较去年|比上年同期)';
const MOVE = '(?:增减|增长|增加|减少|变动|增\\(减\\)|增减变动|增减情况)';
const CHANGE_RATE = new RegExp(`^${AGAINST}?${MOVE}(?:率|幅度|百分比|比例|比率|%)$`);
const CHANGE_AMOUNT = new RegExp(`^(?:${AGAINST}${MOVE}|${MOVE})(?:额|金额|数|数额)$`);
const CHANGE_BARE = new RegExp(`^${AGAINST}${MOVE}$`);
const INITIAL_RATE = /^(完成|占|为)年初预算(数)?(的)?(%|百分比|比例|比率|比重)?$/;
const RATE =
  /^(完成预算|预算完成|为预算数|完成全年预算|占全年预算)(的)?(%|百分比|比例|比率|率)?$|^(完成率|预算完成率)$/;
const SHARE = /^(占比|比重|所占比例|所占比重|构成|占.{1,12}(比重|比例|的比重|的比例|%|百分比))$/;
const REDUCTION = /^(决算)?(比预算|较预算)(降低|减少|节约|下降)(率|%|百分比|比例)?$|^降低率$/;
const TOTAL = /^(合计|总计|小计|合计数|总额|总计数|金额合计|资金总额|总金额)$/;
const SPENT_TOTAL = /^(本年)?(支出|支出决算|决算)(合计|总计|小计)$|^本年支出$/;
const INCOME_TOTAL = /^(本年)?(收入|收入决算)(合计|总计|小计)$|^本年收入$/;
const FORMULA_RHS = /^[0-9①-⑳A-Za-z栏行列()（）+\-−＋－*/×÷. ]+$/;

/** Circled numbers and full-width operators as plain ones, for header formulas. */
function plainFormula(f: string): string {
  return f
    .replace(/[①-⑳]/g, (c) => String(c.charCodeAt(0) - 0x245f))
    .replace(/[−－]/g, '-')
    .replace(/＋/g, '+')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[×]/g, '*')
    .replace(/[÷]/g, '/')
    .replace(/\s+/g, '');
}

function lookup(k: string): Field | undefined {
  const hit = exact.get(k);
  if (hit) return hit;
  // A word with 数 or 金额 after it names the same column (预算安排数, 结余金额).
  const bare = k.replace(/(数|金额|资金)$/, '');
  if (bare !== k && bare.length >= 2) return exact.get(bare);
  return undefined;
}

/**
 * What a normalised header key means, read as a whole: the vocabulary's words, with a year or period before them
 * (2020年实际支出, 本年支出), last year's figures (上年预算数 is not 年初预算), changes on last year as an amount or a
 * rate (比上年增减额, 增减率, a bare 比上年增减 decided by its values), 完成年初预算, shares (占比, 比重), column totals
 * (合计, 本年支出合计), a leading 其中 and a formula after `=`. Never the longest word the header happens to contain.
 * `percent` is the header's `(%)`, which makes a bare change a rate.
 */
export function headerMeaning(key: string, percent = false): HeaderMeaning | undefined {
  let k = key;
  const out: Partial<HeaderMeaning> = {};
  const eq = k.indexOf('=');
  if (eq >= 0) {
    const rhs = k.slice(eq + 1);
    if (rhs && FORMULA_RHS.test(rhs)) out.formula = plainFormula(rhs);
    // What stands before the formula is a header of its own, with its own unit or (%).
    const lhs = normalizeHeader(k.slice(0, eq));
    k = lhs.key;
    if (lhs.percent) percent = true;
  }
  const circled = /([①-⑳])$/.exec(k);
  if (circled) {
    out.label = circled[1].charCodeAt(0) - 0x245f;
    k = k.slice(0, -1);
  }
  if (out.formula && eq >= 0 && /^\d{1,2}$/.test(key.slice(0, eq).replace(/^.*?(\d{1,2})$/, '$1'))) {
    // `合计3=1+2`: the number before `=` is the column's own.
    const own = /(\d{1,2})$/.exec(key.slice(0, eq));
    if (own) {
      out.label = Number(own[1]);
      k = k.replace(/\d{1,2}$/, '');
    }
  }
  if (/^其中[:：]?/.test(k)) {
    out.partial = true;
    k = k.replace(/^其中[:：]?/, '');
  }
  if (!k) return undefined;
  // 增、减 and 增/减 are 增减.
  k = k.replace(/增[、/]减/g, '增减').replace(/[、]/g, '');
  const y = YEAR.exec(k);
  if (y) {
    out.year = Number(y[1]);
    k = k.slice(y[0].length);
  }
  const meaning = (field: Field, more: Partial<HeaderMeaning> = {}): HeaderMeaning => ({
    ...out,
    ...more,
    field,
  });
  const direct = lookup(k);
  if (direct) return meaning(direct);
  if (TOTAL.test(k)) return meaning('spent', { total: true });
  if (SPENT_TOTAL.test(k)) return meaning('spent', { total: true });
  if (INCOME_TOTAL.test(k)) return meaning('funds', { total: true });
  const prev = PREVIOUS.exec(k);
  if (prev && !/^(结转|结余|结转结余|结转和结余)/.test(prev[2])) {
    if (PREV_BUDGET.test(prev[2])) return meaning('prevBudget');
    if (PREV_SPENT.test(prev[2])) return meaning('prevYear');
  }
  if (CHANGE_AMOUNT.test(k)) return meaning('changeAmount');
  if (CHANGE_RATE.test(k)) return meaning('change');
  if (CHANGE_BARE.test(k)) return percent ? meaning('change') : meaning('change', { changeUndecided: true });
  // 预算数增减, 决算数增减额: the change of a named figure on last year.
  const named = /^(.{2,8}?)(增减|增减变动)(额|金额|数|率|幅度|%)?$/.exec(k);
  if (named && (lookup(named[1]) || PREVIOUS.test(named[1]))) {
    if (named[3] === '率' || named[3] === '幅度' || named[3] === '%' || percent) return meaning('change');
    if (named[3]) return meaning('changeAmount');
    return meaning('change', { changeUndecided: true });
  }
  if (INITIAL_RATE.test(k)) return meaning('initialRate');
  if (RATE.test(k)) return meaning('rate');
  if (SHARE.test(k)) return meaning('share');
  if (REDUCTION.test(k)) return meaning('reduction');
  const p = PERIOD.exec(k);
  if (p) {
    const rest = k.slice(p[0].length);
    const hit = lookup(rest);
    if (hit) return meaning(hit);
    if (SPENT_TOTAL.test(rest) || TOTAL.test(rest)) return meaning('spent', { total: true });
  }
  return undefined;
}

/** The field a normalised header key names, read as a whole, or undefined. */
export function fieldOfHeader(key: string): Field | undefined {
  return headerMeaning(key)?.field;
}

/** The field a header key names exactly (no partial match): for telling a label from an item's name. */
export function exactFieldOfHeader(key: string): Field | undefined {
  return exact.get(key);
}

/** Staffing facts kept as label/value pairs. */
export type StaffingKey = 'authorized' | 'actual' | 'contract' | 'retired';

const STAFFING: readonly [RegExp, StaffingKey][] = [
  [/^(正式)?编制(数|人数)?$/, 'authorized'],
  [/^(实有人数|在编在职(人数|数)?|实有在编人数|实际在编在职(人数|数)?|在职人数|实有在职人数)$/, 'actual'],
  [/^(编外(聘用|长期聘用)?(人员|人数)?|编外聘用人员)$/, 'contract'],
  [/^退休(人员|人数)?$/, 'retired'],
];

/** The staffing fact a normalised label names, or undefined. */
export function staffingOfLabel(key: string): StaffingKey | undefined {
  for (const [re, k] of STAFFING) if (re.test(key)) return k;
  return undefined;
}
