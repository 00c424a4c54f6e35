/**
 * Builds the write plan from an analysis: the summary (执行汇总), findings (问题清单) and narrative (分析说明)
 * sheets, typed cell by cell. Figures that come straight from a source cell are formulas referencing it;
 * surpluses, rates and totals are formulas over the summary rows; every formula caches the engine's exact
 * result, so a reviewer can trace each number and Excel shows the same figures before recalculating.
 */
import type Decimal from 'decimal.js';
import { columnLetter, MAX_CELL_TEXT, quoteSheet, SHEET_NAME_ILLEGAL } from './address';
export { quoteSheet };
import { D, sum } from './money';
import type { Narrative } from './narrative/types';
import {
  FORMAT_RATE,
  FORMAT_WAN,
  REGISTRY_MARK,
  REGISTRY_SHEET,
  type PlanCell,
  type PlanSheet,
  type PlanStyle,
  type SheetRole,
  type WritePlan,
} from './plan-types';
import type { Analysis, Field, Lang, LedgerRow } from './types';

export * from './plan-types';

export interface PlanOptions {
  /** Every sheet the workbook has now, in order. */
  existingSheets: readonly string[];
  /** The sheets an earlier run created (from the registry): replaced, never a user's sheet. */
  owned: readonly string[];
}

const NAMES: Record<Lang, Record<SheetRole, string>> = {
  'zh-CN': { summary: '执行汇总', findings: '问题清单', narrative: '分析说明', scores: '得分核对' },
  'en-US': { summary: 'Summary', findings: 'Findings', narrative: 'Narrative', scores: 'Scores' },
};

const SCORE_TEXT: Record<
  Lang,
  { title: string; header: string[]; execution: string; total: string; grade: string; rate: string }
> = {
  'zh-CN': {
    title: '自评得分核对（计算得分按指标值与实际完成值计算，封顶于分值）',
    header: [
      '来源',
      '一级指标',
      '二级指标',
      '指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '计算得分',
      '填报得分',
      '差异',
      '偏差原因',
    ],
    execution: '预算执行',
    total: '总分',
    grade: '评价等次',
    rate: '执行率',
  },
  'en-US': {
    title: 'Score check (computed from target and actual value, capped at the points)',
    header: [
      'Source',
      'Level 1',
      'Level 2',
      'Indicator',
      'Target',
      'Actual',
      'Points',
      'Computed',
      'Stated',
      'Difference',
      'Reason',
    ],
    execution: 'Budget execution',
    total: 'Total',
    grade: 'Grade',
    rate: 'rate',
  },
};

const TEXT: Record<
  Lang,
  {
    summaryTitle: (base: string) => string;
    summaryHeader: string[];
    rateHeader: (base: string) => string;
    total: string;
    findingsTitle: string;
    findingsHeader: string[];
    severity: Record<string, string>;
    yes: string;
    base: Record<'available' | 'initial', string>;
    noFindings: string;
  }
> = {
  'zh-CN': {
    summaryTitle: (base) => `预算执行汇总（单位：万元；执行率 = 实际支出 ÷ ${base}）`,
    summaryHeader: [
      '来源',
      '项目',
      '年初预算',
      '上年结转',
      '本年追加',
      '调减',
      '全年预算数',
      '实际支出',
      '结余',
      '',
      '结余原因',
      '层级',
    ],
    rateHeader: (base) => `执行率（实际支出÷${base}）`,
    total: '合计',
    findingsTitle: '问题清单',
    findingsHeader: ['严重程度', '规则', '工作表', '单元格', '应为', '实为', '尾差', '说明'],
    severity: { error: '错误', warning: '警告', info: '提示' },
    yes: '是',
    base: { available: '全年预算数', initial: '年初预算' },
    noFindings: '未发现问题。',
  },
  'en-US': {
    summaryTitle: (base) => `Budget execution summary (10k yuan; rate = spent ÷ ${base})`,
    summaryHeader: [
      'Source',
      'Item',
      'Initial',
      'Carry-over',
      'Added',
      'Reduced',
      'Full-year budget',
      'Spent',
      'Surplus',
      '',
      'Reason',
      'Level',
    ],
    rateHeader: (base) => `Rate (spent ÷ ${base})`,
    total: 'Total',
    findingsTitle: 'Findings',
    findingsHeader: ['Severity', 'Rule', 'Sheet', 'Cell', 'Expected', 'Actual', 'Rounding', 'Message'],
    severity: { error: 'Error', warning: 'Warning', info: 'Info' },
    yes: 'yes',
    base: { available: 'full-year budget', initial: 'initial budget' },
    noFindings: 'No findings.',
  },
};

/** Summary columns (0-based) and the field each holds. */
const AMOUNT_COLUMNS: [number, Field][] = [
  [2, 'initial'],
  [3, 'carryOver'],
  [4, 'added'],
  [5, 'reduced'],
  [6, 'available'],
  [7, 'spent'],
];
const COL_SURPLUS = 8;
const COL_RATE = 9;
const COL_REASON = 10;
const COL_LEVEL = 11;
const WIDTH = 12;

const ILLEGAL = new RegExp(SHEET_NAME_ILLEGAL.source, 'g');

/** A name for a generated sheet that is no user's sheet: the base, else the base with (2), (3) … */
function freeName(base: string, taken: Set<string>): string {
  const clean = base.replace(ILLEGAL, ' ').slice(0, 31);
  const lower = (s: string) => s.toLowerCase();
  const used = new Set([...taken].map(lower));
  if (!used.has(lower(clean))) return clean;
  for (let i = 2; ; i++) {
    const candidate = `${clean.slice(0, 26)} (${i})`;
    if (!used.has(lower(candidate))) return candidate;
  }
}

/** Text for a cell: whole, or shortened with an ellipsis where it would not fit one (Excel's 32,767 characters). */
function fit(t: string): string {
  return t.length > MAX_CELL_TEXT ? `${t.slice(0, MAX_CELL_TEXT - 1)}…` : t;
}

const text = (t: string, style?: PlanStyle): PlanCell =>
  style ? { kind: 'text', text: fit(t), style } : { kind: 'text', text: fit(t) };

function num(value: Decimal, format = FORMAT_WAN): PlanCell {
  return { kind: 'number', value: value.toString(), format };
}

function formula(f: string, cached: Decimal | string | null, format?: string): PlanCell {
  if (cached === null || typeof cached === 'string') {
    return { kind: 'formula', formula: f, cached, cachedType: 'text', ...(format ? { format } : {}) };
  }
  return {
    kind: 'formula',
    formula: f,
    cached: cached.toString(),
    cachedType: 'number',
    ...(format ? { format } : {}),
  };
}

interface Figure {
  cell: PlanCell;
  value?: Decimal;
}

/** True figures of a row's budget terms, for the summary (stated unless found wrong). */
function figureFor(
  row: LedgerRow,
  field: Field,
  wrong: ReadonlySet<string>,
  textual: ReadonlySet<string>,
  computed: Decimal | undefined,
): Figure | undefined {
  const s = row.stated[field];
  if (s && !wrong.has(`${row.sheet}!${s.cell}`)) {
    if (textual.has(`${row.sheet}!${s.cell}`)) return { cell: num(s.value), value: s.value };
    const ref = `${quoteSheet(row.sheet)}!${s.cell}`;
    return { cell: formula(s.yuan ? `${ref}/10000` : ref, s.value, FORMAT_WAN), value: s.value };
  }
  if (computed !== undefined) return { cell: num(computed), value: computed };
  return undefined;
}

function summarySheet(analysis: Analysis, name: string): PlanSheet {
  const t = TEXT[analysis.options.lang];
  const base = t.base[analysis.options.rateBase];
  const header = [...t.summaryHeader];
  header[COL_RATE] = t.rateHeader(base);
  const rows: (PlanCell | null)[][] = [];
  const merges: PlanSheet['merges'] = [];
  rows.push([text(t.summaryTitle(base), 'title'), ...Array<null>(WIDTH - 1).fill(null)]);
  merges.push({ top: 0, left: 0, bottom: 0, right: WIDTH - 1 });
  rows.push(header.map((h) => text(h, 'header')));
  // Only the cells the correction model found wrong are written as values; every other figure links to its source
  // (an overspent 实际支出 is a true figure, and stays linked).
  const wrong = new Set(
    analysis.corrections.filter((c) => c.kind === 'corrected').map((c) => `${c.sheet}!${c.cell}`),
  );
  const textual = new Set(
    analysis.findings.filter((f) => f.rule === 'input').map((f) => `${f.sheet}!${f.cell}`),
  );
  const threshold = new D(analysis.options.threshold).div(100);
  const denominator = analysis.options.rateBase === 'initial' ? 2 : 6;

  for (const ledger of analysis.ledgers) {
    const fields = new Set(Object.values(ledger.table.fields));
    if (!fields.has('available') && !fields.has('spent') && !fields.has('initial')) continue;
    const groupRow = rows.length;
    rows.push([
      text(
        `${ledger.table.sheet} ${ledger.table.range}${ledger.table.title ? ` ${ledger.table.title}` : ''}`,
        'group',
      ),
      ...Array<null>(WIDTH - 1).fill(null),
    ]);
    merges.push({ top: groupRow, left: 0, bottom: groupRow, right: WIDTH - 1 });
    const first = rows.length;
    const topCached: Record<number, Decimal[]> = {};
    for (const row of ledger.rows) {
      if (row.kind === 'total') continue;
      const r = rows.length + 1; // 1-based Excel row of this summary row
      const cells: (PlanCell | null)[] = Array<PlanCell | null>(WIDTH).fill(null);
      // The source: the row's first stated cell, as a link a reviewer can follow.
      const source = Object.values(row.stated)[0]?.cell ?? `A${row.row + 1}`;
      cells[0] = { kind: 'link', text: `${row.sheet}!${source}`, sheet: row.sheet, cell: source };
      cells[1] = {
        kind: 'text',
        text: row.label,
        ...(row.kind === 'item' ? {} : { style: 'group' as const }),
        ...(row.level ? { indent: Math.min(row.level, 6) } : {}),
      };
      const values: Partial<Record<Field, Decimal>> = {};
      for (const [col, field] of AMOUNT_COLUMNS) {
        const computed = field === 'available' ? row.available : field === 'spent' ? row.spent : undefined;
        const fig = figureFor(row, field, wrong, textual, computed);
        if (!fig) continue;
        cells[col] = fig.cell;
        if (fig.value) values[field] = fig.value;
      }
      // An available figure the sheet does not state comes from the row's own terms, as a formula.
      if (!row.stated.available && row.available && cells[2] && (cells[3] || cells[4] || cells[5])) {
        const terms = [2, 3, 4].filter((c) => cells[c]).map((c) => `${columnLetter(c)}${r}`);
        const f = terms.join('+') + (cells[5] ? `-F${r}` : '');
        cells[6] = formula(f, row.available, FORMAT_WAN);
      }
      if (row.available && row.spent)
        cells[COL_SURPLUS] = formula(`G${r}-H${r}`, row.available.minus(row.spent), FORMAT_WAN);
      const den = columnLetter(denominator);
      if (row.spent && cells[denominator]) {
        const rate = row.rate;
        cells[COL_RATE] = formula(`IF(${den}${r}=0,"",H${r}/${den}${r})`, rate ?? '', FORMAT_RATE);
        if (rate && rate.lt(threshold))
          cells[COL_RATE] = { ...cells[COL_RATE], style: 'lowRate' } as PlanCell;
      }
      if (row.reason) cells[COL_REASON] = text(row.reason);
      cells[COL_LEVEL] = num(new D(row.level), '0');
      if (row.level === 0 && row.parent === undefined) {
        for (const [col, field] of AMOUNT_COLUMNS) {
          const v = values[field];
          if (v) (topCached[col] ??= []).push(v);
        }
      }
      rows.push(cells);
    }
    const last = rows.length;
    if (last === first) {
      rows.pop();
      merges.pop();
      continue;
    }
    const r = rows.length + 1;
    const total: (PlanCell | null)[] = Array<PlanCell | null>(WIDTH).fill(null);
    total[1] = text(t.total, 'total');
    const totals: Record<number, Decimal> = {};
    // The table's own 合计, for columns its rows do not break down (e.g. a 年初预算 stated only in total).
    const stated = ledger.rows.find((row) => row.kind === 'total');
    for (const [col, field] of AMOUNT_COLUMNS) {
      const vs = topCached[col];
      if (!vs) {
        const fig = stated && figureFor(stated, field, wrong, textual, undefined);
        if (fig?.value) {
          totals[col] = fig.value;
          total[col] = { ...fig.cell, style: 'total' } as PlanCell;
        }
        continue;
      }
      const L = columnLetter(col);
      totals[col] = sum(vs);
      total[col] = {
        ...formula(
          `SUMIFS(${L}${first + 1}:${L}${last},$L${first + 1}:$L${last},0)`,
          totals[col],
          FORMAT_WAN,
        ),
        style: 'total',
      } as PlanCell;
    }
    if (totals[6] && totals[7]) {
      total[COL_SURPLUS] = {
        ...formula(`G${r}-H${r}`, totals[6].minus(totals[7]), FORMAT_WAN),
        style: 'total',
      } as PlanCell;
    }
    const dv = totals[denominator];
    if (dv && totals[7]) {
      const den = columnLetter(denominator);
      const rate = dv.isZero() ? '' : totals[7].div(dv);
      const cell = formula(`IF(${den}${r}=0,"",H${r}/${den}${r})`, rate, FORMAT_RATE);
      total[COL_RATE] = {
        ...cell,
        style: typeof rate !== 'string' && rate.lt(threshold) ? 'lowRate' : 'total',
      } as PlanCell;
    }
    rows.push(total);
  }
  return {
    role: 'summary',
    name,
    rows,
    widths: [18, 34, 12, 12, 12, 12, 14, 14, 12, 16, 40, 6],
    freeze: { rows: 2, columns: 2 },
    merges,
    wrapColumns: [COL_REASON],
  };
}

function findingsSheet(analysis: Analysis, name: string): PlanSheet {
  const t = TEXT[analysis.options.lang];
  const rows: (PlanCell | null)[][] = [
    [text(t.findingsTitle, 'title'), null, null, null, null, null, null, null],
    t.findingsHeader.map((h) => text(h, 'header')),
  ];
  for (const f of analysis.findings) {
    const style = f.severity as 'error' | 'warning' | 'info';
    rows.push([
      text(t.severity[f.severity], style),
      text(f.rule),
      text(f.sheet),
      { kind: 'link', text: f.cell, sheet: f.sheet, cell: f.cell },
      text(f.expected),
      text(f.actual),
      f.rounding ? text(t.yes) : null,
      text(f.message),
    ]);
  }
  if (analysis.findings.length === 0) rows.push([text(t.noFindings)]);
  return {
    role: 'findings',
    name,
    rows,
    widths: [10, 12, 16, 10, 16, 16, 8, 80],
    freeze: { rows: 2, columns: 0 },
    merges: [{ top: 0, left: 0, bottom: 0, right: 7 }],
    wrapColumns: [7],
  };
}

function scoresSheet(analysis: Analysis, name: string): PlanSheet {
  const t = SCORE_TEXT[analysis.options.lang];
  const W = t.header.length;
  const rows: (PlanCell | null)[][] = [
    [text(t.title, 'title'), ...Array<null>(W - 1).fill(null)],
    t.header.map((h) => text(h, 'header')),
  ];
  const merges: PlanSheet['merges'] = [{ top: 0, left: 0, bottom: 0, right: W - 1 }];
  const ref = (sheet: string, cell: string, v: Decimal) => formula(`${quoteSheet(sheet)}!${cell}`, v, '0.00');
  const line = (
    cells: (PlanCell | null)[],
    computed: Decimal | undefined,
    stated: Decimal | undefined,
    sheet: string,
    cell: string | undefined,
  ) => {
    const r = rows.length + 1;
    cells[7] = computed !== undefined ? num(computed, '0.00') : null;
    cells[8] =
      stated !== undefined && cell
        ? ref(sheet, cell, stated)
        : stated !== undefined
          ? num(stated, '0.00')
          : null;
    if (computed !== undefined && stated !== undefined)
      cells[9] = formula(`I${r}-H${r}`, stated.minus(computed), '0.00');
    rows.push(cells);
  };
  for (const table of analysis.scores) {
    const g = rows.length;
    rows.push([
      text(`${table.sheet}${table.title ? ` ${table.title}` : ''}`, 'group'),
      ...Array<null>(W - 1).fill(null),
    ]);
    merges.push({ top: g, left: 0, bottom: g, right: W - 1 });
    const e = table.execution;
    if (e) {
      const cells: (PlanCell | null)[] = Array<PlanCell | null>(W).fill(null);
      if (e.cell)
        cells[0] = { kind: 'link', text: `${table.sheet}!${e.cell}`, sheet: table.sheet, cell: e.cell };
      cells[3] = text(t.execution);
      cells[4] = text(`${t.rate} 100%`);
      if (e.rate) cells[5] = num(e.rate, FORMAT_RATE);
      if (e.points) cells[6] = num(e.points, '0.00');
      line(cells, e.computed, e.stated, table.sheet, e.cell);
    }
    for (const item of table.items) {
      const cells: (PlanCell | null)[] = Array<PlanCell | null>(W).fill(null);
      if (item.cell)
        cells[0] = { kind: 'link', text: `${table.sheet}!${item.cell}`, sheet: table.sheet, cell: item.cell };
      if (item.level1) cells[1] = text(item.level1);
      if (item.level2) cells[2] = text(item.level2);
      cells[3] = text(item.name);
      if (item.target) cells[4] = text(item.target);
      if (item.actual) cells[5] = text(item.actual);
      if (item.points) cells[6] = num(item.points, '0.00');
      if (item.deviation) cells[10] = text(item.deviation);
      line(cells, item.computed, item.stated, table.sheet, item.cell);
    }
    if (table.total) {
      const cells: (PlanCell | null)[] = Array<PlanCell | null>(W).fill(null);
      cells[3] = text(t.total, 'total');
      if (table.total.points) cells[6] = num(table.total.points, '0.00');
      line(cells, table.total.computed, table.total.stated, table.sheet, table.total.cell);
    }
    if (table.grade) {
      const cells: (PlanCell | null)[] = Array<PlanCell | null>(W).fill(null);
      cells[3] = text(t.grade, 'total');
      if (table.grade.computed) cells[7] = text(table.grade.computed);
      if (table.grade.stated) cells[8] = text(table.grade.stated);
      rows.push(cells);
    }
  }
  return {
    role: 'scores',
    name,
    rows,
    widths: [18, 12, 14, 30, 14, 14, 8, 10, 10, 8, 40],
    freeze: { rows: 2, columns: 0 },
    merges,
    wrapColumns: [10],
  };
}

function narrativeSheet(narrative: Narrative, name: string): PlanSheet {
  const rows: (PlanCell | null)[][] = [[text(narrative.title, 'title')]];
  for (const s of narrative.sections) {
    rows.push([text(s.heading, 'heading')]);
    for (const p of s.paragraphs) rows.push([text(p, 'paragraph')]);
  }
  return { role: 'narrative', name, rows, widths: [110], merges: [], wrapColumns: [0] };
}

/** The write plan for an analysis and its narrative. */
export function buildPlan(analysis: Analysis, narrative: Narrative, options: PlanOptions): WritePlan {
  const lang = analysis.options.lang;
  const owned = new Set(options.owned.filter((n) => options.existingSheets.includes(n)));
  const taken = new Set(options.existingSheets.filter((n) => !owned.has(n)));
  taken.add(REGISTRY_SHEET);
  const names = {} as Record<SheetRole, string>;
  const roles: SheetRole[] = analysis.scores.length
    ? ['summary', 'findings', 'narrative', 'scores']
    : ['summary', 'findings', 'narrative'];
  for (const role of roles) {
    names[role] = freeName(NAMES[lang][role], taken);
    taken.add(names[role]);
  }
  const sheets = [
    summarySheet(analysis, names.summary),
    findingsSheet(analysis, names.findings),
    narrativeSheet(narrative, names.narrative),
  ];
  if (names.scores) sheets.push(scoresSheet(analysis, names.scores));
  return {
    lang,
    sheets,
    replaces: [...owned],
    registry: { name: REGISTRY_SHEET, rows: [REGISTRY_MARK, ...sheets.map((s) => s.name)] },
  };
}

/** The generated sheet names a plan would use, for a narrative that points at them. */
export function summarySheetName(lang: Lang, options: PlanOptions): string {
  const owned = new Set(options.owned);
  const taken = new Set(options.existingSheets.filter((n) => !owned.has(n)));
  return freeName(NAMES[lang].summary, taken);
}
