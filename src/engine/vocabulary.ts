/**
 * The field vocabulary (domain.md §1): header words → canonical fields, and the staffing labels.
 */
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
  ],
  surplus: ['结余', '结余资金', '年末结转和结余', '结转结余', '年末结余', '结余金额'],
  rate: ['执行率', '预算执行率', '资金使用率', '资金执行率', '使用率'],
  reduction: ['降低率', '比预算降低', '决算比预算降低', '比预算降低率'],
  prevYear: ['上年决算', '上年决算数', '上年数', '上年', '上年支出'],
  change: ['变动率', '增减率', '同比增长', '比上年增减', '增长率', '同比增减'],
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
  'change',
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
]);

/** Fields stated as percentages. */
export const PERCENT_FIELDS: ReadonlySet<Field> = new Set<Field>(['rate', 'reduction', 'change']);

/** Fields that can never be negative. */
export const NON_NEGATIVE_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'initial',
  'carryOver',
  'available',
  'spent',
  'prevYear',
  'count',
  'rate',
]);

const exact = new Map<string, Field>();
const byLength: { word: string; field: Field }[] = [];
for (const [field, words] of Object.entries(FIELD_WORDS) as [Field, readonly string[]][]) {
  for (const w of words) {
    exact.set(w, field);
    byLength.push({ word: w, field });
  }
}
byLength.sort((a, b) => b.word.length - a.word.length);

/** Longest header that is still read as a column name (longer texts are titles or notes). */
const MAX_HEADER_LENGTH = 14;

/**
 * The field a normalised header key names, or undefined. Exact words win; otherwise the longest
 * vocabulary word the key contains (so `结余原因` is a reason, not a surplus), for short keys only.
 */
export function fieldOfHeader(key: string): Field | undefined {
  if (key.length === 0) return undefined;
  const hit = exact.get(key);
  if (hit) return hit;
  if (key.length > MAX_HEADER_LENGTH) return undefined;
  const stripped = key.replace(/^(\d{4}年度?|本年度?|当年)/, '');
  const hit2 = exact.get(stripped);
  if (hit2) return hit2;
  // A rate (结余率, 执行率%) is never an amount: a key ending in 率 only matches a word ending in 率.
  const isRate = /率$/.test(stripped);
  for (const { word, field } of byLength) {
    if (word.length >= 2 && stripped.includes(word) && (!isRate || word.endsWith('率'))) return field;
  }
  return undefined;
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
