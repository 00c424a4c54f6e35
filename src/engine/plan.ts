/**
 * Builds the write plan from an analysis: the summary (执行汇总), findings (问题清单) and narrative (分析说明)
 * sheets, typed cell by cell. Figures that come straight from a source cell are formulas referencing it;
 * surpluses, rates and totals are formulas over the summary rows; every formula caches the engine's exact
 * result, so a reviewer can trace each number and Excel shows the same figures before recalculating.
 */
import type Decimal from 'decimal.js';
import { columnLetter, MAX_CELL_TEXT, MAX_FORMULA, quoteSheet, SHEET_NAME_ILLEGAL } from './address';
export { quoteSheet };
import { D, ZERO } from './money';
import type { Narrative } from './narrative/types';
import {
  FORMAT_RATE,
  FORMAT_WAN,
  REGISTRY_MARK,
  REGISTRY_SHEET,
  type PlanCell,
  type PlanPrint,
  type PlanSheet,
  type PlanStyle,
  type SheetRole,
  type WritePlan,
} from './plan-types';
import { figuresOf, type Figure, type FigureField } from './figures';
import type { Analysis, Field, Finding, Lang } from './types';
import { bySeverity, findingUnit, ruleName } from './units';

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
    ],
    rateHeader: (base) => `执行率（实际支出÷${base}）`,
    total: '合计',
    findingsTitle: '问题清单',
    findingsHeader: ['严重程度', '规则', '工作表', '单元格', '核对值', '表中数', '单位', '尾差', '说明'],
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
    ],
    rateHeader: (base) => `Rate (spent ÷ ${base})`,
    total: 'Total',
    findingsTitle: 'Findings',
    findingsHeader: [
      'Severity',
      'Rule',
      'Sheet',
      'Cell',
      'Checked value',
      'Stated',
      'Unit',
      'Rounding',
      'Message',
    ],
    severity: { error: 'Error', warning: 'Warning', info: 'Info' },
    yes: 'yes',
    base: { available: 'full-year budget', initial: 'initial budget' },
    noFindings: 'No findings.',
  },
};

/** Summary columns (0-based) and the field each holds. */
const AMOUNT_COLUMNS: [number, FigureField][] = [
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
const WIDTH = 11;

/**
 * Every generated sheet prints landscape, one page wide, its title and header rows repeated on every page: the
 * tables are wide, and a finance office prints them to hand in.
 */
function printSetup(titleRows?: { first: number; last: number }): PlanPrint {
  return { orientation: 'landscape', fitToWidth: true, ...(titleRows ? { titleRows } : {}) };
}

/**
 * `SUM` over the given 1-based rows of one column, consecutive rows as one range (`SUM(C4:C9,C12)`); null when
 * the formula would pass Excel's limits (255 arguments, 8,192 characters), where the total is written as a value.
 */
function sumRows(column: string, rows: readonly number[]): string | null {
  const parts: string[] = [];
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    parts.push(j === i ? `${column}${rows[i]}` : `${column}${rows[i]}:${column}${rows[j]}`);
    i = j + 1;
  }
  if (parts.length === 0 || parts.length > 255) return null;
  const f = `SUM(${parts.join(',')})`;
  return f.length + 1 > MAX_FORMULA ? null : f;
}

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
  const cell: Extract<PlanCell, { kind: 'formula' }> =
    cached === null || typeof cached === 'string'
      ? { kind: 'formula', formula: f, cached, cachedType: 'text' }
      : { kind: 'formula', formula: f, cached: cached.toString(), cachedType: 'number' };
  if (format) cell.format = format;
  return cell;
}

/**
 * Text joined into one flat string. V8 keeps a string of 13 or more characters built with `+` or a template as a tree
 * of its parts, several objects each; the summary of a large ledger keeps close to a million formulas and references.
 */
function joined(...parts: (string | number)[]): string {
  return parts.join('');
}

/** `'明细'!` for a sheet: the prefix of its references, made once per sheet. */
function sheetPrefix(prefixes: Map<string, string>, sheet: string): string {
  let p = prefixes.get(sheet);
  if (p === undefined) {
    p = `${quoteSheet(sheet)}!`;
    prefixes.set(sheet, p);
  }
  return p;
}

interface PlanFigure {
  cell: PlanCell;
  value?: Decimal;
}

/**
 * A figure of the summary, as every output shows it (figures.ts): a link to the source cell where the sheet's figure
 * stands (it holds, or the model cannot tell which cell is wrong), the value where it was found wrong or is computed.
 */
function figureCell(
  fig: Figure | undefined,
  textual: ReadonlySet<string>,
  prefixes: Map<string, string>,
): PlanFigure | undefined {
  if (!fig) return undefined;
  if (
    (fig.status === 'stated' || fig.status === 'disputed') &&
    fig.sheet &&
    fig.cell &&
    !(textual.size > 0 && textual.has(`${fig.sheet}!${fig.cell}`))
  ) {
    const prefix = sheetPrefix(prefixes, fig.sheet);
    const ref = fig.yuan ? joined(prefix, fig.cell, '/10000') : joined(prefix, fig.cell);
    return { cell: formula(ref, fig.value, FORMAT_WAN), value: fig.value };
  }
  return { cell: num(fig.value), value: fig.value };
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
  const book = figuresOf(analysis);
  const textual = new Set(
    analysis.findings.filter((f) => f.rule === 'input').map((f) => `${f.sheet}!${f.cell}`),
  );
  const prefixes = new Map<string, string>();
  const threshold = new D(analysis.options.threshold).div(100);
  const denominator = analysis.options.rateBase === 'initial' ? 2 : 6;

  for (const ledger of analysis.ledgers) {
    const fields = new Set(Object.values(ledger.table.fields));
    if (!fields.has('available') && !fields.has('spent') && !fields.has('initial')) continue;
    const groupRow = rows.length;
    rows.push([
      // The sheet and the table's title: never the range the engine read (the source column links every row).
      text(`${ledger.table.sheet}${ledger.table.title ? ` ${ledger.table.title}` : ''}`, 'group'),
      ...Array<null>(WIDTH - 1).fill(null),
    ]);
    merges.push({ top: groupRow, left: 0, bottom: groupRow, right: WIDTH - 1 });
    const first = rows.length;
    // The sums of the top-level rows' figures by column, added as the rows come (what their total caches).
    const topSums: Record<number, Decimal> = {};
    // The 1-based summary rows of the table's top-level rows: what its total adds up.
    const topRows: number[] = [];
    for (let index = 0; index < ledger.rows.length; index++) {
      const row = ledger.rows[index];
      if (row.kind === 'total') continue;
      const r = rows.length + 1; // 1-based Excel row of this summary row
      const cells: (PlanCell | null)[] = Array<PlanCell | null>(WIDTH).fill(null);
      // The source: the row's first stated cell, as a link a reviewer can follow.
      const source = Object.values(row.stated)[0]?.cell ?? `A${row.row + 1}`;
      cells[0] = { kind: 'link', text: joined(row.sheet, '!', source), sheet: row.sheet, cell: source };
      cells[1] = {
        kind: 'text',
        text: row.label,
        ...(row.kind === 'item' ? {} : { style: 'group' as const }),
        ...(row.level ? { indent: Math.min(row.level, 6) } : {}),
      };
      const values: Partial<Record<Field, Decimal>> = {};
      for (const [col, field] of AMOUNT_COLUMNS) {
        const fig = figureCell(book.row(ledger, index, field), textual, prefixes);
        if (!fig) continue;
        cells[col] = fig.cell;
        if (fig.value) values[field] = fig.value;
      }
      // An available figure the sheet does not state comes from the row's own terms, as a formula.
      if (!row.stated.available && row.available && cells[2] && (cells[3] || cells[4] || cells[5])) {
        const terms = [2, 3, 4].filter((c) => cells[c]).map((c) => `${columnLetter(c)}${r}`);
        const f = cells[5] ? joined(terms.join('+'), '-F', r) : terms.join('+');
        cells[6] = formula(f, row.available, FORMAT_WAN);
      }
      const surplus = book.row(ledger, index, 'surplus');
      if (surplus && cells[6] && cells[7])
        cells[COL_SURPLUS] = formula(`G${r}-H${r}`, surplus.value, FORMAT_WAN);
      const den = columnLetter(denominator);
      if (cells[7] && cells[denominator]) {
        const rate = book.row(ledger, index, 'rate')?.value;
        cells[COL_RATE] = formula(
          joined('IF(', den, r, '=0,"",H', r, '/', den, r, ')'),
          rate ?? '',
          FORMAT_RATE,
        );
        if (rate && rate.lt(threshold))
          cells[COL_RATE] = { ...cells[COL_RATE], style: 'lowRate' } as PlanCell;
      }
      if (row.reason) cells[COL_REASON] = text(row.reason);
      if (row.level === 0 && row.parent === undefined) {
        topRows.push(r);
        for (const [col, field] of AMOUNT_COLUMNS) {
          const v = values[field];
          if (v) topSums[col] = (topSums[col] ?? ZERO).plus(v);
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
    // The table's own 合计 where it states one: its figure is the table's in every output (figures.ts); else the
    // sum of the top-level rows.
    const statedTotal = book.totalRow(ledger);
    for (const [col, field] of AMOUNT_COLUMNS) {
      const added = topSums[col];
      const own = statedTotal >= 0 ? book.row(ledger, statedTotal, field) : undefined;
      if (added === undefined || (own && own.status !== 'computed')) {
        const fig = figureCell(own, textual, prefixes);
        if (fig?.value) {
          totals[col] = fig.value;
          total[col] = { ...fig.cell, style: 'total' } as PlanCell;
        }
        continue;
      }
      totals[col] = added;
      const f = sumRows(columnLetter(col), topRows);
      total[col] = {
        ...(f === null ? num(totals[col]) : formula(f, totals[col], FORMAT_WAN)),
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
    widths: [18, 34, 12, 12, 12, 12, 14, 14, 12, 16, 40],
    freeze: { rows: 2, columns: 2 },
    merges,
    wrapColumns: [COL_REASON],
    print: printSetup({ first: 0, last: 1 }),
    ...(rows.length > 2
      ? { autoFilter: { top: 1, left: 0, bottom: rows.length - 1, right: WIDTH - 1 } }
      : {}),
  };
}

/**
 * A finding's figure as a cell: a number where the engine shows one (`107.10`, `38`, `57.90%`), so that the sheet
 * can sort, filter and add them; text where it is none (`≤ 52`, a date, a cell's text, `—`).
 */
function shownCell(shown: string): PlanCell | null {
  if (shown === '' || shown === '—') return null;
  const percent = /^(-?\d+(?:\.(\d+))?)%$/.exec(shown);
  if (percent) {
    const dp = percent[2]?.length ?? 0;
    return num(new D(percent[1]).div(100), dp === 0 ? '0%' : `0.${'0'.repeat(dp)}%`);
  }
  const plain = /^-?\d+(?:\.(\d+))?$/.exec(shown);
  if (plain && shown.replace(/[-.]/g, '').length <= 15) {
    const dp = plain[1]?.length ?? 0;
    return num(new D(shown), dp === 0 ? '#,##0' : `#,##0.${'0'.repeat(dp)}`);
  }
  return text(shown);
}

function findingsSheet(analysis: Analysis, name: string): PlanSheet {
  const lang = analysis.options.lang;
  const t = TEXT[lang];
  const W = t.findingsHeader.length;
  const rows: (PlanCell | null)[][] = [
    [text(t.findingsTitle, 'title'), ...Array<null>(W - 1).fill(null)],
    t.findingsHeader.map((h) => text(h, 'header')),
  ];
  // Errors first, then warnings, then notes; within each, in the order the tables were read.
  for (const f of bySeverity<Finding>(analysis.findings)) {
    const style = f.severity as 'error' | 'warning' | 'info';
    rows.push([
      text(t.severity[f.severity], style),
      text(ruleName(lang, f.rule)),
      f.sheet === '' ? null : text(f.sheet),
      f.sheet === '' || f.cell === '' ? null : { kind: 'link', text: f.cell, sheet: f.sheet, cell: f.cell },
      shownCell(f.expected),
      shownCell(f.actual),
      findingUnit(f, analysis) === '' ? null : text(findingUnit(f, analysis)),
      f.rounding ? text(t.yes) : null,
      text(f.message),
    ]);
  }
  if (analysis.findings.length === 0) rows.push([text(t.noFindings)]);
  return {
    role: 'findings',
    name,
    rows,
    widths: [10, 14, 16, 10, 14, 14, 8, 8, 80],
    freeze: { rows: 2, columns: 0 },
    merges: [{ top: 0, left: 0, bottom: 0, right: W - 1 }],
    wrapColumns: [W - 1],
    print: printSetup({ first: 0, last: 1 }),
    autoFilter: { top: 1, left: 0, bottom: Math.max(rows.length - 1, 2), right: W - 1 },
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
    print: printSetup({ first: 0, last: 1 }),
    ...(rows.length > 2 ? { autoFilter: { top: 1, left: 0, bottom: rows.length - 1, right: W - 1 } } : {}),
  };
}

function narrativeSheet(narrative: Narrative, name: string): PlanSheet {
  const rows: (PlanCell | null)[][] = [[text(narrative.title, 'title')]];
  for (const s of narrative.sections) {
    rows.push([text(s.heading, 'heading')]);
    for (const p of s.paragraphs) rows.push([text(p, 'paragraph')]);
  }
  return {
    role: 'narrative',
    name,
    rows,
    widths: [110],
    merges: [],
    wrapColumns: [0],
    print: printSetup(),
  };
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
