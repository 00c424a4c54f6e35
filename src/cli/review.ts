/**
 * The consolidated workbook of `report --batch` as a write plan: pure, entries in, plan out.
 *
 * - 部门汇总 (Departments): a row per workbook, in the order reviewed: the file (a link to it), the department as the
 *   workbook states it, 全年预算数 / 实际支出 / 结余 in 万元 and the execution rate as numbers (the figures `check`
 *   prints, so that the sheet and the command line never disagree), the counts of errors / warnings / info, the
 *   score and grade where the workbook has a score table, and the worst finding's message. A workbook that could
 *   not be read is a row saying why; one with no table recognised says that nothing was checked.
 * - 问题明细 (All findings): every finding, errors first, then warnings, then info (each in the order of the
 *   workbooks and of their findings): file (a link), sheet, cell, rule, severity, message.
 * Both sheets: the header on row 1, frozen and repeated on every printed page, an autofilter, landscape one page
 * wide. Every text from a workbook (file names, sheet names, messages) is a text cell: never a formula.
 */
import Decimal from 'decimal.js';
import type { CheckJson, RuleId, Severity } from '../engine';
import { ruleName } from '../engine/units';
import {
  FORMAT_RATE,
  FORMAT_WAN,
  type PlanCell,
  type PlanSheet,
  type PlanStyle,
  type WritePlan,
} from '../engine/plan-types';
import { relativeLink, type NewSheetExtras } from '../hosts/xlsx';
import type { CliStrings } from './strings';

export interface ReviewFinding {
  sheet: string;
  cell: string;
  rule: RuleId;
  severity: Severity;
  message: string;
}

/** One workbook of the batch, as the consolidated workbook shows it. */
export interface ReviewEntry {
  /** The path as reviewed. */
  file: string;
  /** Its file name. */
  name: string;
  /** Why it could not be read (the one line `check` prints). */
  error?: string;
  department?: string;
  noTables?: boolean;
  totals?: CheckJson['totals'];
  counts?: Record<Severity, number>;
  score?: string;
  grade?: string;
  findings?: ReviewFinding[];
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

function text(value: string | undefined, style?: PlanStyle): PlanCell | null {
  if (value === undefined || value === '') return null;
  return style ? { kind: 'text', text: value, style } : { kind: 'text', text: value };
}

function amount(value: string | undefined): PlanCell | null {
  return value === undefined ? null : { kind: 'number', value, format: FORMAT_WAN };
}

/** `57.68%` → the fraction 0.5768, shown as 57.68%. */
function rate(value: string | undefined): PlanCell | null {
  if (value === undefined || !/^-?\d+(\.\d+)?%$/.test(value)) return null;
  return { kind: 'number', value: new Decimal(value.slice(0, -1)).div(100).toString(), format: FORMAT_RATE };
}

function count(n: number | undefined): PlanCell | null {
  return n === undefined ? null : { kind: 'number', value: String(n) };
}

/** A plain decimal (`90.5`) as a number, anything else as text. */
function score(value: string | undefined): PlanCell | null {
  if (value === undefined) return null;
  return /^-?\d+(\.\d+)?$/.test(value) ? { kind: 'number', value } : { kind: 'text', text: value };
}

function header(labels: string[]): PlanCell[] {
  return labels.map((l) => ({ kind: 'text', text: l, style: 'header' }));
}

function worst(findings: readonly ReviewFinding[]): ReviewFinding | undefined {
  for (const severity of SEVERITY_ORDER) {
    const f = findings.find((x) => x.severity === severity);
    if (f) return f;
  }
  return undefined;
}

/** Width in characters of the widest text of a column, within bounds (CJK characters count double). */
function widthOf(rows: (PlanCell | null)[][], c: number, min: number, max: number): number {
  let w = min;
  for (const row of rows) {
    const cell = row[c];
    if (!cell || cell.kind !== 'text') continue;
    let n = 0;
    for (const ch of cell.text.slice(0, max)) n += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
    w = Math.max(w, n + 2);
  }
  return Math.min(w, max);
}

/** The plan of the consolidated workbook, and each sheet's autofilter, print setup and links to the files. */
export function reviewPlan(
  entries: readonly ReviewEntry[],
  out: string,
  s: CliStrings,
  lang: WritePlan['lang'],
): { plan: WritePlan; extras: NewSheetExtras[] } {
  const r = s.review;
  const deptLinks = new Map<PlanCell, string>();
  const findLinks = new Map<PlanCell, string>();
  const fileCell = (e: ReviewEntry, links: Map<PlanCell, string>): PlanCell => {
    const cell: PlanCell = { kind: 'text', text: e.name };
    links.set(cell, relativeLink(out, e.file));
    return cell;
  };

  const deptRows: (PlanCell | null)[][] = [header(r.departmentHeaders)];
  for (const e of entries) {
    if (e.error !== undefined) {
      deptRows.push([
        fileCell(e, deptLinks),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        text(r.unreadable(e.error), 'error'),
      ]);
      continue;
    }
    const w = worst(e.findings ?? []);
    const last = e.noTables
      ? text(r.noTables, 'error')
      : w
        ? text(w.message, w.severity)
        : text(r.noFindings);
    deptRows.push([
      fileCell(e, deptLinks),
      text(e.department),
      amount(e.totals?.available),
      amount(e.totals?.spent),
      amount(e.totals?.surplus),
      rate(e.totals?.rate),
      count(e.counts?.error),
      count(e.counts?.warning),
      count(e.counts?.info),
      score(e.score),
      text(e.grade),
      last,
    ]);
  }

  const findRows: (PlanCell | null)[][] = [header(r.findingHeaders)];
  for (const severity of SEVERITY_ORDER) {
    for (const e of entries) {
      for (const f of e.findings ?? []) {
        if (f.severity !== severity) continue;
        findRows.push([
          fileCell(e, findLinks),
          text(f.sheet),
          text(f.cell),
          text(ruleName(s.lang, f.rule)),
          text(r.severity[f.severity], f.severity),
          text(f.message),
        ]);
      }
    }
  }

  const deptWidths = [
    widthOf(deptRows, 0, 12, 40),
    widthOf(deptRows, 1, 14, 40),
    16,
    16,
    16,
    10,
    8,
    8,
    8,
    8,
    8,
    60,
  ];
  const findWidths = [widthOf(findRows, 0, 12, 40), widthOf(findRows, 1, 10, 30), 8, 14, 10, 80];
  const sheet = (
    role: PlanSheet['role'],
    name: string,
    rows: (PlanCell | null)[][],
    widths: number[],
    wrap: number[],
  ): PlanSheet => ({
    role,
    name,
    rows,
    widths,
    freeze: { rows: 1, columns: 1 },
    merges: [],
    wrapColumns: wrap,
    // A deliverable like the report's sheets: landscape, one page wide, the header on every page, a filter.
    print: { orientation: 'landscape', fitToWidth: true, titleRows: { first: 0, last: 0 } },
    autoFilter: { top: 0, left: 0, bottom: Math.max(rows.length - 1, 1), right: rows[0].length - 1 },
  });
  const plan: WritePlan = {
    lang,
    sheets: [
      sheet('summary', r.departmentsSheet, deptRows, deptWidths, [11]),
      sheet('findings', r.findingsSheet, findRows, findWidths, [5]),
    ],
    replaces: [],
    registry: { name: '', rows: [] },
  };
  const extras: NewSheetExtras[] = [{ fileLinks: deptLinks }, { fileLinks: findLinks }];
  return { plan, extras };
}
