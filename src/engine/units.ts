/**
 * The unit a table's figures and a finding's figures are shown in, and the rules' names as people read them.
 *
 * `TableInfo.unit` is the unit a table's amounts are stated in (万元 or 元), which the command line's JSON keeps;
 * people are shown the unit of what the table holds: a table of head counts is in 人, a score table in 分, a table
 * of project counts in 个, and a table with no figure at all has no unit.
 */
import { parseA1, parseRangeA1 } from './address';
import type { Analysis, Finding, Lang, RuleId, TableInfo } from './types';
import { AMOUNT_FIELDS } from './vocabulary';

/** The unit a count column's header names (人数 → 人); 个 when it names none. */
const COUNT_UNITS: [RegExp, string][] = [
  [/人/, '人'],
  [/户/, '户'],
  [/套/, '套'],
  [/台/, '台'],
  [/辆/, '辆'],
  [/家/, '家'],
  [/次/, '次'],
];

function countUnit(header: string | undefined): string {
  for (const [pattern, unit] of COUNT_UNITS) if (header !== undefined && pattern.test(header)) return unit;
  return '个';
}

/** Whether a sheet holds the workbook's staffing facts (编制数, 实有人数): its label/value table counts people. */
function isStaffingSheet(analysis: Pick<Analysis, 'staffing'>, sheet: string): boolean {
  return analysis.staffing?.sheet === sheet;
}

/**
 * The unit of a table's figures as people read it: its amounts' unit where it has amounts, else 分 for scores,
 * the counted thing for counts (人, 户 …, 个 by default), 人 for a staffing table, and `undefined` where the table
 * holds no figure the engine reads.
 */
export function tableUnit(table: TableInfo, analysis: Pick<Analysis, 'staffing'>): string | undefined {
  const fields = Object.entries(table.fields);
  if (fields.some(([, f]) => AMOUNT_FIELDS.has(f))) return table.unit;
  if (fields.some(([, f]) => f === 'points' || f === 'score')) return '分';
  const count = fields.find(([, f]) => f === 'count');
  if (count) return countUnit(table.headers[count[0]]);
  if (isStaffingSheet(analysis, table.sheet)) return '人';
  return undefined;
}

/** The table on `sheet` whose range holds `cell`, if any. */
function tableAt(tables: readonly TableInfo[], sheet: string, cell: string): TableInfo | undefined {
  const at = parseA1(cell);
  if (!at) return undefined;
  return tables.find((t) => {
    if (t.sheet !== sheet) return false;
    const r = parseRangeA1(t.range);
    return r !== null && at.row >= r.top && at.row <= r.bottom && at.col >= r.left && at.col <= r.right;
  });
}

/**
 * The unit of a finding's figures (`expected`, `actual`): 人 for staffing, 分 for scores, the counted thing for a
 * count, 万元 for an amount (every amount is reported in 万元), and '' for a rate (its figures carry their % sign)
 * or a finding with no figure.
 */
export function findingUnit(
  finding: Pick<Finding, 'rule' | 'sheet' | 'cell' | 'expected' | 'actual'>,
  analysis: Pick<Analysis, 'tables' | 'staffing'>,
): string {
  if (/%$/.test(finding.actual) || /%$/.test(finding.expected)) return '';
  if (finding.rule === 'staffing') return '人';
  if (finding.rule === 'score') return '分';
  if (finding.sheet === '' || finding.cell === '') return '';
  const figure = /\d/.test(finding.actual) || /\d/.test(finding.expected);
  if (!figure) return '';
  const table = tableAt(analysis.tables, finding.sheet, finding.cell);
  const at = parseA1(finding.cell);
  if (!table || !at) return '';
  const letter = finding.cell.replace(/\d+$/, '').replace(/\$/g, '');
  const field = table.fields[letter];
  if (field === 'count') return countUnit(table.headers[letter]);
  if (field === 'points' || field === 'score') return '分';
  if (field !== undefined && AMOUNT_FIELDS.has(field)) return '万元';
  if (isStaffingSheet(analysis, finding.sheet)) return '人';
  return '';
}

/** The rules' names as the user reads them (the stable ids stay in JSON and in the code). */
export const RULE_NAMES: Record<Lang, Record<RuleId, string>> = {
  'zh-CN': {
    sum: '合计核对',
    available: '全年预算数核对',
    surplus: '结余核对',
    rate: '执行率核对',
    reduction: '降低率核对',
    change: '增减率核对',
    overspend: '超预算支出',
    'low-rate': '执行率偏低',
    staffing: '超编',
    input: '数据录入',
    unit: '单位量级',
    score: '得分核对',
    mapping: '列识别',
    cross: '表间核对',
    claim: '文稿核对',
  },
  'en-US': {
    sum: 'Totals',
    available: 'Full-year budget',
    surplus: 'Surplus',
    rate: 'Execution rate',
    reduction: 'Reduction',
    change: 'Change',
    overspend: 'Overspending',
    'low-rate': 'Low execution rate',
    staffing: 'Over establishment',
    input: 'Input',
    unit: 'Unit scale',
    score: 'Scores',
    mapping: 'Columns',
    cross: 'Across tables',
    claim: 'Report draft',
  },
};

/** A rule's name in the user's language. */
export function ruleName(lang: Lang, rule: RuleId): string {
  return RULE_NAMES[lang][rule];
}

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Findings in the order a reader wants them: errors first, then warnings, then notes; otherwise as found. */
export function bySeverity<T extends Pick<Finding, 'severity'>>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}
