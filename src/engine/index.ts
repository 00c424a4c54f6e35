/**
 * The engine's public API: plain grids in, plain results out. Pure and synchronous; no I/O, no host.
 */
import type { Workbook } from './grid';
import { analyzeWorkbook } from './analyze';
import type { Analysis, AnalyzeOptions, Totals } from './types';
import { showPercent, showWan } from './money';
import type { DraftCheck } from './claim';

export * from './types';
export * from './grid';

/** Reads every sheet, finds the tables, checks every stated figure and computes the totals. */
export function analyze(workbook: Workbook, options: AnalyzeOptions = {}): Analysis {
  return analyzeWorkbook(workbook, options);
}

/** The JSON document of `budget-review check --json` (cli.md). */
export interface CheckJson {
  workbook: string;
  findings: {
    rule: string;
    severity: string;
    sheet: string;
    cell: string;
    expected: string;
    actual: string;
    rounding: boolean;
    message: string;
    cause?: string;
    related?: { sheet: string; cell: string }[];
    hidden?: boolean;
  }[];
  tables: { sheet: string; range: string; unit: string; fields: Record<string, string> }[];
  totals: { available?: string; spent?: string; surplus?: string; rate?: string };
  /** Self-evaluation score tables: each item's points, stated and computed score; the total and the grade. */
  scores: ScoreJson[];
}

type Loose = Record<string, unknown>;

/** Drops undefined members and shows decimals as strings (rates with `%`). */
function plain(o: Loose): Loose {
  const out: Loose = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'object' && v !== null && 'toFixed' in v ? String(v) : v;
  }
  return out;
}

export interface ScoreJson {
  sheet: string;
  title?: string;
  kind: 'form' | 'aspects';
  items: Loose[];
  execution?: Loose;
  total?: Loose;
  grade?: Loose;
}

function scoresJson(analysis: Analysis): ScoreJson[] {
  return analysis.scores.map((t) => ({
    sheet: t.sheet,
    ...(t.title ? { title: t.title } : {}),
    kind: t.kind,
    items: t.items.map((i) => plain({ ...i })),
    ...(t.execution
      ? {
          execution: plain({
            ...t.execution,
            rate: t.execution.rate ? showPercent(t.execution.rate) : undefined,
          }),
        }
      : {}),
    ...(t.total ? { total: plain({ ...t.total }) } : {}),
    ...(t.grade ? { grade: plain({ ...t.grade }) } : {}),
  }));
}

function totalsJson(t: Totals): CheckJson['totals'] {
  const out: CheckJson['totals'] = {};
  if (t.available) out.available = showWan(t.available);
  if (t.spent) out.spent = showWan(t.spent);
  if (t.surplus) out.surplus = showWan(t.surplus);
  if (t.rate) out.rate = showPercent(t.rate);
  return out;
}

/** Builds the `check --json` document from an analysis. */
export function toCheckJson(analysis: Analysis): CheckJson {
  return {
    workbook: analysis.workbook,
    findings: analysis.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      sheet: f.sheet,
      cell: f.cell,
      expected: f.expected,
      actual: f.actual,
      rounding: f.rounding,
      message: f.message,
      ...(f.cause ? { cause: f.cause } : {}),
      ...(f.related ? { related: f.related } : {}),
      ...(f.hidden ? { hidden: true } : {}),
    })),
    tables: analysis.tables.map((t) => ({
      sheet: t.sheet,
      range: t.range,
      unit: t.unit,
      fields: { ...t.fields },
    })),
    totals: totalsJson(analysis.totals),
    scores: scoresJson(analysis),
  };
}

/** A `claim` finding about the draft in `check --json`: `sheet` and `cell` null, `paragraph` and `quote` (cli.md). */
export interface DraftFindingJson {
  rule: 'claim';
  severity: string;
  sheet: null;
  cell: null;
  paragraph: number;
  quote: string;
  expected: string;
  actual: string;
  rounding: boolean;
  message: string;
  related?: { sheet: string; cell: string }[];
}

/** The `check --json` document of a workbook checked with a draft: the draft's findings after the workbook's. */
export type CheckWithDraftJson = Omit<CheckJson, 'findings'> & {
  findings: (CheckJson['findings'][number] | DraftFindingJson)[];
};

/** The draft's findings as `check --json` lists them after the workbook's (cli.md). */
export function draftFindingsJson(check: DraftCheck): DraftFindingJson[] {
  return check.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    sheet: null,
    cell: null,
    paragraph: f.paragraph,
    quote: f.quote,
    expected: f.expected,
    actual: f.actual,
    rounding: f.rounding,
    message: f.message,
    ...(f.related ? { related: f.related } : {}),
  }));
}

export { checkDraft } from './claim';
export type { DraftCheck, DraftFinding, UncheckedNumber } from './claim';
export { buildNarrative, checkReportOptions, yearOf, REPORT_SECTIONS } from './narrative';
export { departmentOf } from './department';
export type { ReportOptions, ReportSection } from './narrative';
export { figuresOf, figureNote, showFigure } from './figures';
export type { Figure, FigureBook, FigureField, FigureStatus } from './figures';
export { FIELDS, isField } from './vocabulary';
export { checkScoringOptions, gradeOf, DEFAULT_BANDS, DEFAULT_WEIGHTS } from './scoring';
export type { Narrative, NarrativeSection } from './narrative';
export { buildPlan, summarySheetName, quoteSheet } from './plan';
export type { PlanOptions } from './plan';
export * from './plan-types';
