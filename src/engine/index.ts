/**
 * The engine's public API: plain grids in, plain results out. Pure and synchronous; no I/O, no host.
 */
import type { Workbook } from './grid';
import { analyzeWorkbook } from './analyze';
import type { Analysis, AnalyzeOptions, Totals } from './types';
import { showPercent, showWan } from './money';

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
  }[];
  tables: { sheet: string; range: string; unit: string; fields: Record<string, string> }[];
  totals: { available?: string; spent?: string; surplus?: string; rate?: string };
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
    })),
    tables: analysis.tables.map((t) => ({
      sheet: t.sheet,
      range: t.range,
      unit: t.unit,
      fields: { ...t.fields },
    })),
    totals: totalsJson(analysis.totals),
  };
}

export { buildNarrative } from './narrative';
export type { Narrative, NarrativeSection } from './narrative';
export { buildPlan, summarySheetName, quoteSheet } from './plan';
export type { PlanOptions } from './plan';
export * from './plan-types';
