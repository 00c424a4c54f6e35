/**
 * Several workbooks at once, for the reviewer who receives every department's workbook: `check a.xlsx b.xlsx …`,
 * `check <folder>` and `report --batch <folder> --out review.xlsx`.
 *
 * One workbook is read, checked and let go before the next is opened: what is kept of it is its JSON document (for
 * `check --json`, written out at once) or the few figures and the findings the consolidated workbook needs, so that
 * memory follows the number of findings, not the size or the number of workbooks. A file that cannot be read is an
 * entry that says why, never the end of the run.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import {
  analyze,
  EngineUsageError,
  toCheckJson,
  type Analysis,
  type CheckJson,
  type Severity,
} from '../engine';
import type { AnalyzeOptions } from '../engine/types';
import { openReportSource, skippedSheets, WorkbookReadError, writeNewWorkbook } from '../hosts/xlsx';
import { ReportWriteError } from '../hosts/xlsx';
import { departmentOf } from '../engine/department';
import { countBySeverity, formatHuman, jsonText, visible } from './format';
import type { CliIO, CliStream } from './main';
import { findPathClash } from './paths';
import { reviewPlan, type ReviewEntry } from './review';
import type { BatchCounts, CliStrings, SkipReason } from './strings';

export const EXIT_OK = 0;
export const EXIT_ERRORS_FOUND = 1;
export const EXIT_USAGE = 2;

/** Workbook files a folder's review takes: Excel's workbooks with and without macros. */
const WORKBOOK = /\.(xlsx|xlsm)$/i;

export interface Inputs {
  files: string[];
  skipped: { file: string; reason: SkipReason }[];
  /** Folders named that hold no workbook. */
  empty: string[];
}

/**
 * The workbooks named: each file as given (one that does not exist becomes an entry saying so), each folder's
 * .xlsx / .xlsm files sorted by name (by code point, so that every machine gives the same order), not searched
 * recursively. Excel's lock files (`~$…`) and everything else are skipped, with the reason.
 */
export async function listInputs(paths: readonly string[]): Promise<Inputs> {
  const out: Inputs = { files: [], skipped: [], empty: [] };
  for (const p of paths) {
    const stat = await fsp.stat(p).catch(() => null);
    if (!stat?.isDirectory()) {
      out.files.push(p);
      continue;
    }
    const entries = (await fsp.readdir(p, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    let found = 0;
    for (const e of entries) {
      const file = path.join(p, e.name);
      // A link is followed: a workbook linked into the folder is reviewed like the others.
      const kind = e.isSymbolicLink() ? await fsp.stat(file).catch(() => null) : e;
      if (kind?.isDirectory()) {
        out.skipped.push({ file, reason: 'folder' });
      } else if (!WORKBOOK.test(e.name)) {
        if (!e.name.startsWith('.')) out.skipped.push({ file, reason: 'extension' });
      } else if (e.name.startsWith('~$')) {
        out.skipped.push({ file, reason: 'lock-file' });
      } else if (!kind?.isFile()) {
        out.skipped.push({ file, reason: 'not-a-file' });
      } else {
        out.files.push(file);
        found++;
      }
    }
    if (found === 0) out.empty.push(p);
  }
  return out;
}

/** Is this a batch (several names, or a folder), rather than the single workbook of `check <file>`? */
export async function isBatch(paths: readonly string[]): Promise<boolean> {
  if (paths.length !== 1) return true;
  const stat = await fsp.stat(paths[0]).catch(() => null);
  return !!stat?.isDirectory();
}

/** One workbook checked, or why it could not be. */
export type Checked =
  | { kind: 'error'; file: string; name: string; message: string }
  | {
      kind: 'checked';
      file: string;
      name: string;
      analysis: Analysis;
      json: CheckJson;
      department?: string;
    };

/**
 * Reads and checks one workbook as `check` does (the sheets an earlier report generated are checked as Budget
 * Review's own output). A file that cannot be read gives the one line the single-file check prints.
 */
export async function checkFile(
  file: string,
  options: AnalyzeOptions,
  s: CliStrings,
  withDepartment = false,
): Promise<Checked> {
  const name = path.basename(file);
  try {
    let source;
    try {
      source = await openReportSource(file);
    } catch (err) {
      if (err instanceof WorkbookReadError)
        return { kind: 'error', file, name, message: s.readError(err.file, err.code, err.detail, err.limit) };
      throw err;
    }
    await source.pkg.close();
    const workbook = source.pkg.workbook;
    workbook.name = name;
    const analysis = analyze(workbook, { ...options, skipSheets: skippedSheets(source.ownership) });
    const department = withDepartment ? departmentOf(workbook) : undefined;
    source.pkg.releaseGrids();
    const json = toCheckJson(analysis);
    json.workbook = name;
    return { kind: 'checked', file, name, analysis, json, ...(department ? { department } : {}) };
  } catch (err) {
    // Misuse of the engine (bad options) is the same for every workbook: the run ends. Anything else that goes
    // wrong with one workbook is its entry, with the one line the single check would print, and the run goes on.
    if (err instanceof EngineUsageError) throw err;
    const detail = (err instanceof Error ? err.message : String(err)).split(/\r?\n/, 1)[0];
    return { kind: 'error', file, name, message: visible(`${file}: ${s.internalError(detail)}`) };
  }
}

/** Exit code of one workbook: 2 unreadable or nothing checked (cli.md), 1 an error found, else 0. */
export function exitOf(c: Checked): number {
  if (c.kind === 'error' || c.analysis.tables.length === 0) return EXIT_USAGE;
  return c.analysis.findings.some((f) => f.severity === 'error') ? EXIT_ERRORS_FOUND : EXIT_OK;
}

/** Progress of a batch on stderr: a line rewritten in place on a terminal, one line per workbook elsewhere. */
function progressOf(stderr: CliStream, s: CliStrings) {
  return {
    show(n: number, total: number, file: string): void {
      const label = s.progressBatch(n, total, path.basename(file));
      stderr.write(stderr.isTTY === true ? `\r${label}\x1b[K` : `${label}\n`);
    },
    clear(): void {
      if (stderr.isTTY === true) stderr.write('\r\x1b[K');
    },
  };
}

function reportSkipped(inputs: Inputs, io: CliIO, s: CliStrings, prog: string): void {
  for (const k of inputs.skipped) io.stderr.write(`${prog}: ${s.skipped(k.file, k.reason)}\n`);
}

/** Indents every line of a JSON text but the first (a member of the `workbooks` array). */
function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

/**
 * `check a.xlsx b.xlsx …` / `check <folder>`: one entry per workbook, in the order given (a folder's by name);
 * with `--json`, the document `{ "workbooks": [ … ] }`, written entry by entry as each workbook is checked (the same
 * text as `JSON.stringify` of the whole document with two spaces). Resolves to the worst exit code.
 */
export async function checkBatch(
  paths: readonly string[],
  json: boolean,
  options: AnalyzeOptions,
  io: CliIO,
  s: CliStrings,
  fail: (message: string) => number,
  prog: string,
): Promise<number> {
  const inputs = await listInputs(paths);
  reportSkipped(inputs, io, s, prog);
  if (inputs.files.length === 0) return fail(s.noWorkbooks(inputs.empty[0] ?? paths[0]));
  for (const folder of inputs.empty) io.stderr.write(`${prog}: ${s.noWorkbooks(folder)}\n`);

  const progress = progressOf(io.stderr, s);
  const total = inputs.files.length;
  const counts: BatchCounts = {
    workbooks: total,
    unreadable: 0,
    noTables: 0,
    withErrors: 0,
    findings: { error: 0, warning: 0, info: 0 },
    skipped: inputs.skipped.length,
  };
  let worst = EXIT_OK;
  if (json) io.stdout.write('{\n  "workbooks": [');
  for (const [i, file] of inputs.files.entries()) {
    progress.show(i + 1, total, file);
    const c = await checkFile(file, options, s);
    progress.clear();
    worst = Math.max(worst, exitOf(c));
    if (c.kind === 'error') {
      counts.unreadable++;
      if (json) {
        const entry = { workbook: c.name, error: c.message };
        io.stdout.write(`${i ? ',' : ''}\n    ${indent(jsonText(entry), '    ')}`);
      } else {
        io.stdout.write(`${visible(s.workbook(c.name))}\n  ${c.message}\n\n`);
      }
      continue;
    }
    const bySeverity = countBySeverity(c.analysis.findings);
    for (const sev of ['error', 'warning', 'info'] as Severity[]) counts.findings[sev] += bySeverity[sev];
    if (bySeverity.error > 0) counts.withErrors++;
    if (c.analysis.tables.length === 0) counts.noTables++;
    if (json) {
      io.stdout.write(`${i ? ',' : ''}\n    ${indent(jsonText(c.json), '    ')}`);
    } else {
      const lines = formatHuman(c.analysis, c.json.totals, c.name, s);
      if (c.analysis.tables.length === 0) lines.push(s.nothingChecked(c.name));
      io.stdout.write(`${lines.join('\n')}\n\n`);
    }
  }
  if (json) io.stdout.write('\n  ]\n}\n');
  else io.stdout.write(`${s.batchSummary(counts)}\n`);
  return worst;
}

/** What the consolidated workbook keeps of one checked workbook. */
function entryOf(c: Checked): ReviewEntry {
  if (c.kind === 'error') return { file: c.file, name: c.name, error: c.message };
  const a = c.analysis;
  const score = c.json.scores.find((t) => t.total || t.grade);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    file: c.file,
    name: c.name,
    ...(c.department ? { department: c.department } : {}),
    noTables: a.tables.length === 0,
    totals: c.json.totals,
    counts: countBySeverity(a.findings),
    ...(score?.total ? { score: str(score.total.computed) ?? str(score.total.stated) } : {}),
    ...(score?.grade ? { grade: str(score.grade.computed) ?? str(score.grade.stated) } : {}),
    findings: a.findings.map((f) => ({
      sheet: f.sheet,
      cell: f.cell,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
    })),
  };
}

/**
 * `report --batch <folder> --out review.xlsx`: every workbook of the folder checked in turn, then one new workbook
 * written (a row per department, and every finding). The output may be no input (it is left out of the folder's
 * workbooks when it already lies there: a re-run does not review its own earlier output).
 */
export async function reportBatch(
  folder: string,
  out: string,
  options: AnalyzeOptions & { lang: 'zh-CN' | 'en-US' },
  io: CliIO,
  s: CliStrings,
  fail: (message: string) => number,
  prog: string,
): Promise<number> {
  if (path.extname(out).toLowerCase() !== '.xlsx') return fail(s.reviewExtension(out));
  if (!(await fsp.stat(folder).catch(() => null))?.isDirectory()) return fail(s.batchNotFolder(folder));
  const inputs = await listInputs([folder]);
  const kept: string[] = [];
  for (const file of inputs.files) {
    const clash = await findPathClash({ option: '', file }, [{ option: '--out', file: out }]);
    if (clash) inputs.skipped.push({ file, reason: 'output' });
    else kept.push(file);
  }
  inputs.files = kept;
  reportSkipped(inputs, io, s, prog);
  if (inputs.files.length === 0) return fail(s.noWorkbooks(folder));

  const progress = progressOf(io.stderr, s);
  const entries: ReviewEntry[] = [];
  let worst = EXIT_OK;
  for (const [i, file] of inputs.files.entries()) {
    progress.show(i + 1, inputs.files.length, file);
    const c = await checkFile(file, options, s, true);
    progress.clear();
    worst = Math.max(worst, exitOf(c));
    entries.push(entryOf(c));
  }
  const { plan, extras } = reviewPlan(entries, out, s, options.lang);
  try {
    await writeNewWorkbook(plan, out, extras);
  } catch (err) {
    if (err instanceof ReportWriteError)
      return fail(
        err.code === 'output'
          ? s.writeError(err.file, err.detail ?? err.reason)
          : s.planError(err.detail ?? err.reason),
      );
    throw err;
  }
  io.stdout.write(`${s.wroteReview(out, entries.length)}\n`);
  const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const e of entries)
    if (e.counts) for (const k of Object.keys(findings) as Severity[]) findings[k] += e.counts[k];
  io.stdout.write(
    `${s.batchSummary({
      workbooks: entries.length,
      unreadable: entries.filter((e) => e.error !== undefined).length,
      noTables: entries.filter((e) => e.noTables).length,
      withErrors: entries.filter((e) => (e.counts?.error ?? 0) > 0).length,
      findings,
      skipped: inputs.skipped.length,
    })}\n`,
  );
  return worst;
}
