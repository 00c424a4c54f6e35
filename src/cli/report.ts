/**
 * `budget-review report` and `budget-review demo`: check a workbook, then write a new one with the generated
 * sheets (and optionally the narrative as a Word document). The input file is never modified.
 */
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { collectGarbage } from './memory';
import { analyze, toCheckJson, departmentOf, type Analysis, type Severity, type WritePlan } from '../engine';
import type { Narrative } from '../engine/narrative/types';
import { OutputFileError, writeNarrativeDocx } from '../hosts/docx';
import {
  openReportSource,
  ReportWriteError,
  skippedSheets,
  WorkbookReadError,
  writeReport,
  type ProvenSheet,
  type ReportSource,
} from '../hosts/xlsx';
import { planReport } from '../taskpane/report';
import type { CliIO, CliStream } from './main';
import { parseDemoArgs, parseReportArgs } from './args';
import { reportBatch } from './batch';
import { findPathClash } from './paths';
import { loadConfig, mergeOptions, type CheckConfig } from './config';
import { cellRef, countBySeverity } from './format';
import { PROG, strings, type CliStrings } from './strings';

const EXIT_OK = 0;
const EXIT_ERRORS_FOUND = 1;

/** Where the sample workbook lives: the package's own samples/ folder (from build/src/cli or src/cli). */
export function samplePath(): string {
  const candidates = [path.resolve(__dirname, '../../../samples'), path.resolve(__dirname, '../../samples')];
  for (const dir of candidates)
    if (existsSync(path.join(dir, 'kaifu-2020.xlsx'))) return path.join(dir, 'kaifu-2020.xlsx');
  return path.join(candidates[0], 'kaifu-2020.xlsx');
}

/** What `report` and `demo` show once the files are written: the analysis's findings and totals, not all of it. */
interface Written {
  findings: Analysis['findings'];
  totals: ReturnType<typeof toCheckJson>['totals'];
  rateBase: Analysis['options']['rateBase'];
  /** Generated sheets kept, not replaced: changed since they were generated, or not provably the engine's output. */
  kept: string[];
  sheets: string[];
}

interface Planned {
  plan: WritePlan;
  narrative: Narrative;
  proven: ProvenSheet[];
  summary: Omit<Written, 'sheets'>;
}

async function produce(
  input: string,
  out: string,
  docx: string | undefined,
  options: ReturnType<typeof mergeOptions>,
  io: CliIO,
  s: CliStrings,
  fail: (message: string) => number,
): Promise<Written | number> {
  const progress: CliStream | undefined = io.stderr.isTTY === true ? io.stderr : undefined;
  const name = path.basename(input);

  // Before anything is read or written: no output may be the input or the other output.
  const outputs = [{ option: '--out', file: out }, ...(docx ? [{ option: '--docx', file: docx }] : [])];
  const clash = await findPathClash({ option: '', file: input }, outputs);
  if (clash) return fail(s.pathClash(clash.a, clash.b));

  // One open file for the whole run: the grids, the ownership of the sheets, and the copy of its parts.
  let source: ReportSource;
  try {
    progress?.write(`\r${s.progressReading(name)}\x1b[K`);
    source = await openReportSource(input);
  } catch (err) {
    if (err instanceof WorkbookReadError) return fail(s.readError(err.file, err.code, err.detail));
    throw err;
  } finally {
    progress?.write('\r\x1b[K');
  }
  let narrative: Narrative;
  let summary: Omit<Written, 'sheets'>;
  let sheets: string[];
  try {
    if (path.extname(out).toLowerCase() !== source.pkg.extension)
      return fail(s.wrongExtension(out, source.pkg.extension, input));
    progress?.write(`\r${s.progressChecking}\x1b[K`);
    const planned = planWorkbook(source, name, options);
    // No table recognised: nothing was checked, and a report would say every figure was.
    if (planned === null) return fail(s.nothingChecked(name));
    const plan = planned.plan;
    narrative = planned.narrative;
    summary = planned.summary;
    sheets = plan.sheets.map((p) => p.name);
    progress?.write(`\r${s.progressWriting(path.basename(out))}\x1b[K`);
    await writeReport(source, plan, out, { proven: planned.proven });
  } catch (err) {
    if (err instanceof ReportWriteError) return fail(writeFailure(err, input, s));
    throw err;
  } finally {
    progress?.write('\r\x1b[K');
    await source.pkg.close();
  }
  if (docx) {
    try {
      await writeNarrativeDocx(narrative, docx);
    } catch (err) {
      if (err instanceof OutputFileError) return fail(s.writeError(docx, err.code ?? err.message));
      throw err;
    }
  }
  return { ...summary, sheets };
}

/**
 * Checks the workbook and builds the write plan. A function of its own, so that once it returns nothing holds the
 * grids or the analysis while the report is written (only the plan, the narrative and what the command prints):
 * on a 100,000-row ledger that is most of the memory.
 *
 * The plan is decided as the task pane decides it (`planReport`, src/taskpane/report.ts, pure engine code): Budget
 * Review's own untouched sheets are replaced; a sheet only an earlier version's registry lists is replaced only when
 * its content is proven the engine's output, else kept, and the new sheets take other names.
 */
function planWorkbook(
  source: ReportSource,
  name: string,
  options: ReturnType<typeof mergeOptions>,
): Planned | null {
  const { ownership } = source;
  const workbook = source.pkg.workbook;
  workbook.name = name;
  const analysis = analyze(workbook, { ...options, skipSheets: skippedSheets(ownership) });
  if (analysis.tables.length === 0) return null;
  // The 单位名称 the workbook states, unless the config names one: read before the grids are let go.
  const unitName = options.report?.unitName ?? departmentOf(workbook);
  const report = { ...options.report, ...(unitName ? { unitName } : {}) };
  // The writer copies the package's parts and needs no grid. What reading and checking made is garbage now: one
  // collection before the plan is built keeps the run's peak near what is live (src/cli/memory.ts).
  source.pkg.releaseGrids();
  collectGarbage();
  const { plan, narrative, kept, proven } = planReport(
    {
      workbook,
      sheetNames: ownership.sheetNames,
      owned: ownership.owned,
      legacy: ownership.legacy,
      changed: ownership.changed,
    },
    analysis,
    analysis.options.lang,
    report,
  );
  const summary = {
    findings: analysis.findings,
    totals: toCheckJson(analysis).totals,
    rateBase: analysis.options.rateBase,
    kept,
  };
  return { plan, narrative, proven, summary };
}

/** The one line for a report that could not be written; only an output problem names the output. */
function writeFailure(err: ReportWriteError, input: string, s: CliStrings): string {
  switch (err.code) {
    case 'output':
      // The detail is the system's code (EACCES, ENOSPC …); the reason is the line itself.
      return s.writeError(err.file, err.detail ?? '');
    case 'same-file':
      return s.pathClash({ option: '--out', file: err.file }, { option: '', file: input });
    case 'extension':
      return s.wrongExtension(err.file, err.detail ?? '.xlsx', input);
    case 'input':
      return s.readError(input, 'corrupt', err.detail);
    case 'plan':
    case 'conflict':
      return s.planError(err.detail ?? err.reason);
  }
}

async function options(
  config: string | undefined,
  flags: { lang?: 'zh-CN' | 'en-US'; threshold?: number },
  s: CliStrings,
) {
  const c: CheckConfig = config === undefined ? {} : await loadConfig(config, s);
  return mergeOptions(c, flags);
}

function exitCode(findings: Analysis['findings']): number {
  return findings.some((f) => f.severity === 'error') ? EXIT_ERRORS_FOUND : EXIT_OK;
}

/** `report <in> --out <new.xlsx> [--docx <file>]`: exit 0 / 1 by the findings, as `check`. */
export async function report(
  args: string[],
  io: CliIO,
  hint: CliStrings,
  fail: (m: string) => number,
): Promise<number> {
  const parsed = parseReportArgs(args, hint);
  const opts = await options(parsed.config, parsed, hint);
  const s = strings(opts.lang);
  if (parsed.batch !== undefined) return reportBatch(parsed.batch, parsed.out, opts, io, s, fail, PROG);
  const done = await produce(parsed.file, parsed.out, parsed.docx, opts, io, s, fail);
  if (typeof done === 'number') return done;
  io.stdout.write(`${s.wroteWorkbook(parsed.out, done.sheets.join(s.listSeparator))}\n`);
  if (done.kept.length) io.stdout.write(`${s.keptSheets(done.kept.join(s.listSeparator))}\n`);
  if (parsed.docx) io.stdout.write(`${s.wroteDocx(parsed.docx)}\n`);
  io.stdout.write(`${s.demoCounts(countBySeverity(done.findings))}\n`);
  return exitCode(done.findings);
}

const TOP = 8;

/**
 * `demo [--out-dir out]`: `report` on the bundled sample, then a one-screen summary. Exits 0 when it ran: the
 * sample's own errors are what it demonstrates.
 */
export async function demo(
  args: string[],
  io: CliIO,
  hint: CliStrings,
  fail: (m: string) => number,
): Promise<number> {
  const parsed = parseDemoArgs(args, hint);
  const opts = await options(parsed.config, parsed, hint);
  const s = strings(opts.lang);
  const dir = parsed.outDir ?? 'out';
  const sample = samplePath();
  const base = path.basename(sample, '.xlsx');
  const suffix = opts.lang === 'en-US' ? 'report-en' : 'report';
  const out = path.join(dir, `${base}-${suffix}.xlsx`);
  const docx = path.join(dir, `${base}-${suffix}.docx`);
  await fs.mkdir(dir, { recursive: true });
  const done = await produce(sample, out, docx, opts, io, s, fail);
  if (typeof done === 'number') return done;
  const counts: Record<Severity, number> = countBySeverity(done.findings);
  const lines = [
    s.demoHeading(path.relative(process.cwd(), sample) || sample),
    s.wroteWorkbook(out, done.sheets.join(s.listSeparator)),
    ...(done.kept.length ? [s.keptSheets(done.kept.join(s.listSeparator))] : []),
    s.wroteDocx(docx),
    s.demoTotals({
      ...done.totals,
      rate: done.totals.rate,
      rateBase: done.rateBase,
      available: done.totals.available,
      spent: done.totals.spent,
      surplus: done.totals.surplus,
    }),
    s.demoCounts(counts),
  ];
  const top = [
    ...done.findings.filter((f) => f.severity === 'error'),
    ...done.findings.filter((f) => f.severity === 'warning'),
  ].slice(0, TOP);
  if (top.length) {
    lines.push(s.demoTop(top.length));
    for (const f of top) lines.push(`  ${cellRef(f.sheet, f.cell)}  ${f.message}`);
    const more = done.findings.length - top.length;
    if (more > 0) lines.push(s.demoMore(more));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
