/**
 * The `budget-review` command (cli.md). `bin/budget-review.js` calls {@link run} with the arguments after the
 * program name and exits with the code it returns.
 */
import * as path from 'path';
import { analyze, toCheckJson, EngineUsageError, type Workbook } from '../engine';
import { openReportSource, skippedSheets, WorkbookReadError, type ReportSource } from '../hosts/xlsx';
import { isHelp, langHint, parseCheckArgs, UsageError } from './args';
import { loadConfig, mergeOptions, type CheckConfig } from './config';
import { formatHuman, jsonText, visible } from './format';
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
 * 0 when no finding is an error, 1 when one is, 2 for bad usage or a file that cannot be read. Never rejects
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
  const workbook: Workbook = source.pkg.workbook;
  workbook.name = name;
  const skipSheets = skippedSheets(source.ownership);
  const analysis = await step(progress, s.progressChecking, () =>
    analyze(workbook, { ...options, skipSheets }),
  );

  const json = toCheckJson(analysis);
  json.workbook = name;
  if (parsed.json) {
    io.stdout.write(`${jsonText(json)}\n`);
  } else {
    io.stdout.write(`${formatHuman(analysis, json.totals, name, s).join('\n')}\n`);
  }
  return analysis.findings.some((f) => f.severity === 'error') ? EXIT_ERRORS_FOUND : EXIT_OK;
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
