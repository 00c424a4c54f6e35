/**
 * The `budget-review` command (cli.md). `bin/budget-review.js` calls {@link run} with the arguments after the
 * program name and exits with the code it returns.
 */
import * as path from 'path';
import {
  analyze,
  checkDraft,
  draftFindingsJson,
  toCheckJson,
  EngineUsageError,
  type CheckWithDraftJson,
  type DraftCheck,
  type Workbook,
} from '../engine';
import { DraftReadError, readDraftFile } from '../hosts/docx/read';
import { openReportSource, skippedSheets, WorkbookReadError, type ReportSource } from '../hosts/xlsx';
import { isHelp, langHint, parseCheckArgs, UsageError } from './args';
import { checkBatch, isBatch } from './batch';
import { loadConfig, mergeOptions, type CheckConfig } from './config';
import { formatDraft, formatHuman, jsonText, visible } from './format';
import { demo, report } from './report';
import { DEFAULT_LANG, PROG, strings, type CliStrings } from './strings';

/** Where the command writes; `process.stdout`/`process.stderr` by default, a capture in tests. */
export interface CliStream {
  write(chunk: string): unknown;
  /** Progress is shown only on a terminal. */
  isTTY?: boolean;
}

export interface CliIO {
  stdout: CliStream;
  stderr: CliStream;
}

/** Exit codes (cli.md). */
export const EXIT_OK = 0;
export const EXIT_ERRORS_FOUND = 1;
export const EXIT_USAGE = 2;

/**
 * Runs the command with `argv` (the arguments after the program name) and resolves to the exit code:
 * 0 when no finding is an error, 1 when one is, 2 for bad usage, a file that cannot be read or a workbook in which
 * no table is recognised (nothing was checked). Never rejects
 * for those: each is one line on stderr.
 */
export async function run(
  argv: string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const s = strings(langHint(argv) ?? DEFAULT_LANG);
  // One line, whatever it quotes (a file name, a sheet name, a library's message): shown, never obeyed.
  const fail = (message: string): number => {
    io.stderr.write(`${PROG}: ${visible(message)}\n`);
    return EXIT_USAGE;
  };

  if (argv.length === 0) {
    io.stderr.write(s.usage);
    return EXIT_USAGE;
  }
  const endOfOptions = argv.indexOf('--');
  if ((endOfOptions < 0 ? argv : argv.slice(0, endOfOptions)).some(isHelp)) {
    io.stdout.write(s.usage);
    return EXIT_OK;
  }

  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, io, s, fail);
      case 'report':
        return await report(rest, io, s, fail);
      case 'demo':
        return await demo(rest, io, s, fail);
      default:
        return fail(
          command.startsWith('-')
            ? s.unknownOption(command) + s.seeHelp
            : s.unknownCommand(command) + s.seeHelp,
        );
    }
  } catch (err) {
    if (err instanceof UsageError) return fail(err.seeHelp ? err.message + s.seeHelp : err.message);
    if (err instanceof EngineUsageError) return fail(err.message);
    return fail(s.internalError(oneLine(err)));
  }
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(/\r?\n/, 1)[0];
}

async function check(
  args: string[],
  io: CliIO,
  hint: CliStrings,
  fail: (message: string) => number,
): Promise<number> {
  const parsed = parseCheckArgs(args, hint);
  const config: CheckConfig = parsed.config === undefined ? {} : await loadConfig(parsed.config, hint);
  const options = mergeOptions(config, parsed);
  const s = strings(options.lang);
  // Several workbooks, or a folder of them: one entry each (batch.ts).
  if (await isBatch(parsed.files)) {
    // A draft reports on one department's workbook: with several, which one it quotes is unknown.
    if (parsed.draft !== undefined) throw new UsageError(s.batchNoDraft);
    return checkBatch(parsed.files, parsed.json, options, io, s, fail, PROG);
  }

  // Progress goes to stderr, and only on a terminal: stdout stays a pure report or JSON document.
  const progress = io.stderr.isTTY === true ? io.stderr : undefined;
  const name = path.basename(parsed.file);
  // The same reading as `report`: the grids and, from the run record, the sheets an earlier report generated
  // (checked as Budget Review's own output, not as the user's figures, while they are untouched).
  let source: ReportSource;
  try {
    source = await step(progress, s.progressReading(name), () => openReportSource(parsed.file));
  } catch (err) {
    if (err instanceof WorkbookReadError) return fail(s.readError(err.file, err.code, err.detail, err.limit));
    throw err;
  }
  await source.pkg.close();
  // The draft is read before anything is checked: a draft that cannot be read is a usage error (exit 2).
  let draftTexts: string[] | undefined;
  if (parsed.draft !== undefined) {
    const draftFile = parsed.draft;
    try {
      draftTexts = await step(progress, s.progressReading(path.basename(draftFile)), () =>
        readDraftFile(draftFile),
      );
    } catch (err) {
      if (err instanceof DraftReadError) return fail(s.draftReadError(err.file, err.code, err.detail));
      throw err;
    }
  }
  const workbook: Workbook = source.pkg.workbook;
  workbook.name = name;
  const skipSheets = skippedSheets(source.ownership);
  const analysis = await step(progress, s.progressChecking, () =>
    analyze(workbook, { ...options, skipSheets }),
  );
  const draft: DraftCheck | undefined = draftTexts && checkDraft(analysis, draftTexts);

  // No table recognised is not "no problems": nothing was checked (cli.md), and the exit code says so.
  if (analysis.tables.length === 0) return fail(s.nothingChecked(name));

  const json: CheckWithDraftJson = toCheckJson(analysis);
  json.workbook = name;
  if (draft) json.findings = [...json.findings, ...draftFindingsJson(draft)];
  if (parsed.json) {
    io.stdout.write(`${jsonText(json)}\n`);
  } else {
    const lines = formatHuman(analysis, json.totals, name, s);
    if (draft && parsed.draft !== undefined)
      lines.push(...formatDraft(draft, path.basename(parsed.draft), s));
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  const errors =
    analysis.findings.some((f) => f.severity === 'error') ||
    (draft?.findings.some((f) => f.severity === 'error') ?? false);
  return errors ? EXIT_ERRORS_FOUND : EXIT_OK;
}

/** Runs one step with its progress label shown, and clears the label before anything else is written. */
async function step<T>(
  progress: CliStream | undefined,
  label: string,
  work: () => T | Promise<T>,
): Promise<T> {
  progress?.write(`\r${label}\x1b[K`);
  try {
    return await work();
  } finally {
    progress?.write('\r\x1b[K');
  }
}
