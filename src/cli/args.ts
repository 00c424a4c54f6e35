/**
 * Command-line arguments of `budget-review check`, parsed strictly: an unknown option or a bad value is a usage
 * error (exit 2), never a silent default.
 */
import type { Lang } from '../engine';
import { isLang, type CliStrings } from './strings';

export interface CheckArgs {
  file: string;
  /** Every workbook or folder named (`check a.xlsx b.xlsx …`, `check <folder>`); `file` is the first. */
  files: string[];
  json: boolean;
  lang?: Lang;
  threshold?: number;
  config?: string;
  /** `check --draft`: a report draft (.docx or .txt) whose numbers are checked against the workbook. */
  draft?: string;
}

/** `report <in> --out <new.xlsx> [--docx <file>]` and `demo [--out-dir DIR]` take these as well. */
export interface ReportArgs extends CheckArgs {
  out?: string;
  docx?: string;
  outDir?: string;
  /** `report --batch <folder>`: the folder of workbooks to review into one consolidated workbook. */
  batch?: string;
}

type Command = 'check' | 'report' | 'demo';

const COMMAND_OPTIONS: Record<Command, { flags: Set<string>; values: Set<string> }> = {
  check: { flags: new Set(['--json']), values: new Set(['--lang', '--threshold', '--config', '--draft']) },
  report: {
    flags: new Set(),
    values: new Set(['--lang', '--threshold', '--config', '--out', '--docx', '--batch']),
  },
  demo: { flags: new Set(), values: new Set(['--lang', '--threshold', '--config', '--out-dir']) },
};

/** A usage error, with its message already in the user's language. */
export class UsageError extends Error {
  /** Whether pointing at `--help` helps: yes for a bad argument, no for a bad config file. */
  readonly seeHelp: boolean;

  constructor(message: string, seeHelp = true) {
    super(message);
    this.name = 'UsageError';
    this.seeHelp = seeHelp;
  }
}

export function isHelp(arg: string): boolean {
  return arg === '-h' || arg === '--help';
}

/**
 * The language the user asked for with `--lang`, if any and valid, so that even a usage error about another
 * argument can be shown in it.
 */
export function langHint(argv: readonly string[]): Lang | undefined {
  let found: Lang | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice(7) : undefined;
    if (isLang(value)) found = value;
  }
  return found;
}

/** A threshold in percent: a plain decimal number from 0 to 100. */
export function parseThreshold(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
}

/** Parses the arguments after `check`. Throws {@link UsageError}. */
export function parseCheckArgs(args: readonly string[], s: CliStrings): CheckArgs {
  return parseCommandArgs('check', args, s, 1, Infinity) as CheckArgs;
}

/** Parses the arguments after `report` (a workbook and `--out` are required). Throws {@link UsageError}. */
export function parseReportArgs(args: readonly string[], s: CliStrings): ReportArgs & { out: string } {
  // `--batch <folder>` names the inputs itself: then no workbook argument.
  const batch = args
    .slice(0, args.includes('--') ? args.indexOf('--') : args.length)
    .some((a) => a === '--batch' || a.startsWith('--batch='));
  const parsed = parseCommandArgs('report', args, s, batch ? 0 : 1);
  if (parsed.out === undefined) throw new UsageError(s.missingOut);
  if (parsed.batch !== undefined && parsed.docx !== undefined) throw new UsageError(s.batchNoDocx);
  return { ...parsed, out: parsed.out };
}

/** Parses the arguments after `demo` (no workbook: it runs on the bundled sample). Throws {@link UsageError}. */
export function parseDemoArgs(args: readonly string[], s: CliStrings): Omit<ReportArgs, 'file'> {
  const parsed: Partial<ReportArgs> = parseCommandArgs('demo', args, s, 0);
  delete parsed.file;
  delete parsed.files;
  return parsed as Omit<ReportArgs, 'file'>;
}

function parseCommandArgs(
  command: Command,
  args: readonly string[],
  s: CliStrings,
  files = 1,
  most = files,
): ReportArgs {
  const allowed = COMMAND_OPTIONS[command];
  const positional: string[] = [];
  const out: Omit<ReportArgs, 'file' | 'files'> = { json: false };
  let i = 0;
  while (i < args.length) {
    const arg = args[i++];
    if (arg === '--') {
      positional.push(...args.slice(i));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    let value: string | undefined = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;

    if (allowed.flags.has(name)) {
      if (value !== undefined) throw new UsageError(s.noValueExpected(name));
      out.json = true;
      continue;
    }
    if (!allowed.values.has(name)) throw new UsageError(s.unknownOption(name));
    if (value === undefined) {
      const next = args[i];
      // A value may not look like an option: `--config --json` is a missing value, not a file named --json.
      if (next === undefined || (next.startsWith('--') && next.length > 2))
        throw new UsageError(s.missingValue(name));
      value = next;
      i++;
    }
    switch (name) {
      case '--lang':
        if (!isLang(value)) throw new UsageError(s.badLang(value));
        out.lang = value;
        break;
      case '--threshold': {
        const threshold = parseThreshold(value);
        if (threshold === undefined) throw new UsageError(s.badThreshold(value));
        out.threshold = threshold;
        break;
      }
      default:
        if (value === '') throw new UsageError(s.missingValue(name));
        if (name === '--out') out.out = value;
        else if (name === '--docx') out.docx = value;
        else if (name === '--out-dir') out.outDir = value;
        else if (name === '--batch') out.batch = value;
        else if (name === '--draft') out.draft = value;
        else out.config = value;
    }
  }
  if (positional.length < files) throw new UsageError(s.missingFile);
  if (positional.length > most) throw new UsageError(s.extraArgument(positional[most]));
  return { file: positional[0] ?? '', files: positional, ...out };
}
