/**
 * The engine's public data types: what `analyze` returns and what the hosts and the CLI consume.
 */
import type Decimal from 'decimal.js';

/** Canonical fields a column can mean (domain.md §1). */
export type Field =
  | 'name'
  | 'initial'
  | 'carryOver'
  | 'added'
  | 'reduced'
  | 'available'
  | 'spent'
  | 'surplus'
  | 'rate'
  | 'reduction'
  | 'prevYear'
  /** 上年预算 (not 年初预算). */
  | 'prevBudget'
  | 'change'
  /** 增减额: this year − last year, an amount. */
  | 'changeAmount'
  /** 完成年初预算: spent ÷ initial. */
  | 'initialRate'
  /** 占比: a part ÷ its total. */
  | 'share'
  /** 科目编码. */
  | 'code'
  /** A part of a row-wise total: a fund source (财政拨款, 单位资金 …) or a kind of spending (基本支出, 项目支出). */
  | 'funds'
  | 'count'
  | 'reason'
  /** Score forms (自评表, 评分表): 分值, 得分, 年度指标值, 实际完成值, 一级 / 二级指标. */
  | 'points'
  | 'score'
  | 'target'
  | 'actualValue'
  | 'level1'
  | 'level2';

export type Severity = 'error' | 'warning' | 'info';

/** Stable rule ids (domain.md §3). */
export type RuleId =
  | 'sum'
  | 'available'
  | 'surplus'
  | 'rate'
  | 'reduction'
  | 'change'
  | 'overspend'
  | 'low-rate'
  | 'staffing'
  | 'input'
  | 'unit'
  | 'score'
  | 'mapping'
  | 'cross'
  | 'claim';

export type Lang = 'zh-CN' | 'en-US';

/** The unit a table or column states its amounts in. */
export type Unit = '万元' | '元';

/** Which denominator a rate is computed over. */
export type RateBase = 'available' | 'initial';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  sheet: string;
  /** A1 address of the stated value that disagrees. */
  cell: string;
  /** What the figure should be, shown as it would be stated (万元 with two decimals, rates with `%`). */
  expected: string;
  /** What the cell states. */
  actual: string;
  rounding: boolean;
  message: string;
  /** The one explanation that fits exactly, where one does (domain.md §3). */
  cause?: Cause;
  /** Other cells concerned: the other side of a disagreement, the candidates of an undecided one. */
  related?: { sheet: string; cell: string }[];
  /** The cell's row or column is hidden. */
  hidden?: boolean;
}

/** Why a figure is wrong, where one explanation fits exactly. */
export type Cause =
  | 'transposition'
  | 'digit'
  | 'unit'
  | 'denominator'
  | 'omitted-row'
  | 'missing-row'
  | 'double-count'
  | 'sign';

/** A user's correction of a column's meaning (kept per workbook by the add-in). */
export interface FieldOverride {
  sheet: string;
  /** Column letter, e.g. `C`. */
  column: string;
  /** The field the column means, or null to ignore the column. */
  field: Field | null;
}

export interface AnalyzeOptions {
  lang?: Lang;
  /** Low-rate threshold in percent (default 60). */
  threshold?: number;
  /** Rate denominator (default `available`: 全年预算数 including 上年结转). */
  rateBase?: RateBase;
  overrides?: FieldOverride[];
  /** Sheets not to read: those Budget Review generated (its own summary is not the user's data). */
  skipSheets?: string[];
  /** Self-evaluation scoring: weights and grade bands (财预〔2020〕10号 by default). */
  scoring?: ScoringOptions;
}

/** Points of the national form's parts (预算执行 10, 产出 50, 效益 30, 满意度 10 by default). */
export interface ScoreWeights {
  execution: number;
  output: number;
  effect: number;
  satisfaction: number;
}

/** Lower bounds (inclusive) of the grades 优, 良, 中 on a 100-point scale; below `pass` is 差. */
export interface GradeBands {
  excellent: number;
  good: number;
  pass: number;
}

export interface ScoringOptions {
  weights?: Partial<ScoreWeights>;
  bands?: Partial<GradeBands>;
}

export type Grade = '优' | '良' | '中' | '差';

/** One scored line: an indicator of a 自评表, or an aspect of a 评分表. */
export interface ScoreItem {
  name: string;
  level1?: string;
  level2?: string;
  /** 年度指标值 and 实际完成值 as typed. */
  target?: string;
  actual?: string;
  /** ≥ (正向), ≤ (反向), = or qualitative (定性). */
  direction?: '≥' | '≤' | '=' | 'qualitative';
  points?: Decimal;
  /** The 得分 the sheet states, and its cell. */
  stated?: Decimal;
  cell?: string;
  /** The score its figures give (absent for a qualitative indicator: the user's tier). */
  computed?: Decimal;
  deviation?: string;
}

export interface ScoreTable {
  sheet: string;
  title?: string;
  /** `form`: 项目支出绩效自评表 (funds + indicators); `aspects`: 评分表 (评价内容 | 分值 | 得分). */
  kind: 'form' | 'aspects';
  items: ScoreItem[];
  /** 预算执行: min(执行率, 100%) × its points. */
  execution?: { rate?: Decimal; points?: Decimal; stated?: Decimal; computed?: Decimal; cell?: string };
  /** `computed` is absent when no line has a score to add up. */
  total?: { points?: Decimal; stated?: Decimal; computed?: Decimal; cell?: string };
  grade?: { stated?: string; computed?: Grade; cell?: string };
}

/** A table found on a sheet, as the CLI's JSON and the task pane list it. */
export interface TableInfo {
  sheet: string;
  /** A1 range from the first header row to the last data row. */
  range: string;
  unit: Unit;
  /** Column letter → field. */
  fields: Record<string, Field>;
  /** Column letter → the header's words as normalised (what the user called the column). */
  headers: Record<string, string>;
  kind: 'ledger' | 'labelValue';
  /** The table's title, when a title row stands above it. */
  title?: string;
}

export type RowKind = 'item' | 'group' | 'subtotal' | 'total';

/** A figure as the sheet states it. */
export interface StatedValue {
  /** Exact, in 万元 (percentages as fractions). */
  readonly value: Decimal;
  /** Decimals it is shown with (of 万元, or of percentage points). */
  readonly dp: number;
  /** A1 address on the ledger's sheet. */
  readonly cell: string;
  /** The cell states 元 (its value here is converted to 万元). */
  readonly yuan?: boolean;
}

/** One data row of a ledger table, amounts in 万元 as exact decimals. */
export interface LedgerRow {
  sheet: string;
  /** 0-based sheet row. */
  row: number;
  /** The name, trimmed, white space folded (for sentences). */
  name: string;
  /** The name cell's text exactly as typed (for the summary sheet, where it is written back as text). */
  label: string;
  kind: RowKind;
  /** Outline depth: 0 for top-level rows. */
  level: number;
  /** Stated values in 万元 (rates and percentages as fractions: 0.5764 for 57.64%), with their cells. */
  stated: Partial<Record<Field, StatedValue>>;
  reason?: string;
  /** The row's true figures: stated where they hold, else computed from its parts. */
  available?: Decimal;
  spent?: Decimal;
  surplus?: Decimal;
  /** spent ÷ denominator, as a fraction; absent where the denominator is 0 or unknown. */
  rate?: Decimal;
  /** Row index (in `Ledger.rows`) of the row this one is part of, if any. */
  parent?: number;
}

export interface Ledger {
  table: TableInfo;
  rows: LedgerRow[];
  /** The table's totals: its 合计 row's computed figures, else the sum of its top-level rows. */
  totals: Totals;
}

export interface Totals {
  initial?: Decimal;
  available?: Decimal;
  spent?: Decimal;
  surplus?: Decimal;
  rate?: Decimal;
}

/** Label/value facts such as 编制数 52 and 实有人数 66. */
export interface Staffing {
  sheet: string;
  authorized?: number;
  actual?: number;
  contract?: number;
  retired?: number;
  /** 在职人员控制率 = actual ÷ authorized, as a fraction. */
  controlRate?: Decimal;
}

export interface Analysis {
  workbook: string;
  tables: TableInfo[];
  ledgers: Ledger[];
  findings: Finding[];
  totals: Totals;
  staffing?: Staffing;
  /** Sheets on which no table was recognised. */
  unrecognised: string[];
  /** Self-evaluation score tables, scored. */
  scores: ScoreTable[];
  /**
   * What the correction model decided, cell by cell: `corrected` (the cell is wrong; `value` is its true value),
   * `follows` (a formula cell whose value follows a corrected cell), `disputed` (a figure that disagrees with its
   * parts where the model cannot tell which cell is wrong; `value` is what the parts give).
   */
  corrections: { sheet: string; cell: string; kind: 'corrected' | 'follows' | 'disputed'; value?: Decimal }[];
  options: Required<AnalyzeOptions>;
}

/** Thrown for misuse of the engine's API (never for bad data, which becomes a finding). */
export class EngineUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineUsageError';
  }
}
