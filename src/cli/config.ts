/**
 * The `--config FILE` of `budget-review check` and `report`: a JSON object with optional `lang`, `threshold`,
 * `rateBase`, `overrides`, `scoring`, and the report's `unitName` (单位名称), `year` (年度) and `sections`. Every key is checked; a typo is an error rather than an option silently left at its default.
 */
import { readFile } from 'fs/promises';
import {
  checkReportOptions,
  EngineUsageError,
  type AnalyzeOptions,
  type Field,
  type FieldOverride,
  type Lang,
  type RateBase,
  type ReportOptions,
  type ScoringOptions,
} from '../engine';
import { UsageError } from './args';
import { DEFAULT_LANG, isLang, type CliStrings } from './strings';

export interface CheckConfig {
  lang?: Lang;
  threshold?: number;
  rateBase?: RateBase;
  overrides?: FieldOverride[];
  scoring?: ScoringOptions;
  /** The report's 单位名称, 年度 and chapters. */
  report?: ReportOptions;
}

/** Every field a column can mean; a Record so that the compiler notices a field added to the engine's type. */
const FIELDS: Record<Field, true> = {
  name: true,
  initial: true,
  carryOver: true,
  added: true,
  reduced: true,
  available: true,
  spent: true,
  surplus: true,
  rate: true,
  reduction: true,
  prevYear: true,
  prevBudget: true,
  changeAmount: true,
  initialRate: true,
  share: true,
  code: true,
  funds: true,
  change: true,
  count: true,
  reason: true,
  points: true,
  score: true,
  target: true,
  actualValue: true,
  level1: true,
  level2: true,
};

function isField(value: unknown): value is Field {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FIELDS, value);
}

const KEYS = new Set([
  'lang',
  'threshold',
  'rateBase',
  'overrides',
  'scoring',
  'unitName',
  'year',
  'sections',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errnoCode(err: unknown): string | undefined {
  if (isRecord(err) && typeof err.code === 'string') return err.code;
  return undefined;
}

/** Reads and checks a config file. Throws {@link UsageError} naming the file and the problem. */
export async function loadConfig(file: string, s: CliStrings): Promise<CheckConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(s.configNotFound(file), false);
    throw new UsageError(
      s.configUnreadable(file, code ?? (err instanceof Error ? err.message : String(err))),
      false,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // Notepad on Windows saves UTF-8 with a BOM
  } catch (err) {
    throw new UsageError(s.configBadJson(file, err instanceof Error ? err.message : String(err)), false);
  }
  const problem = (p: string): UsageError => new UsageError(s.configInvalid(file, p), false);
  return parseConfig(json, s, problem);
}

/** Checks a parsed config document; `problem` builds the error for a message. */
export function parseConfig(json: unknown, s: CliStrings, problem: (p: string) => Error): CheckConfig {
  if (!isRecord(json)) throw problem(s.configNotObject);
  for (const key of Object.keys(json)) if (!KEYS.has(key)) throw problem(s.configUnknownKey(key));

  const config: CheckConfig = {};
  if (json.lang !== undefined) {
    if (!isLang(json.lang)) throw problem(s.configBadLang(String(json.lang)));
    config.lang = json.lang;
  }
  if (json.threshold !== undefined) {
    const t = json.threshold;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 100) throw problem(s.configBadThreshold);
    config.threshold = t;
  }
  if (json.rateBase !== undefined) {
    if (json.rateBase !== 'available' && json.rateBase !== 'initial') throw problem(s.configBadRateBase);
    config.rateBase = json.rateBase;
  }
  if (json.overrides !== undefined) {
    if (!Array.isArray(json.overrides)) throw problem(s.configBadOverrides);
    config.overrides = json.overrides.map((item: unknown, i: number) => {
      if (!isRecord(item) || typeof item.sheet !== 'string' || item.sheet === '') {
        throw problem(s.configBadOverride(i, s.overrideSheet));
      }
      if (typeof item.column !== 'string' || !/^[A-Za-z]{1,3}$/.test(item.column)) {
        throw problem(s.configBadOverride(i, s.overrideColumn));
      }
      const field = item.field;
      if (field !== null && !isField(field)) throw problem(s.configBadOverride(i, s.overrideField));
      return { sheet: item.sheet, column: item.column.toUpperCase(), field };
    });
  }
  if (json.scoring !== undefined) config.scoring = parseScoring(json.scoring, s, problem);
  // The report's settings, checked as the add-in checks its stored ones (a year may also be written as a number).
  let report: ReportOptions = {};
  try {
    report = checkReportOptions({
      ...(json.unitName !== undefined ? { unitName: json.unitName } : {}),
      ...(json.year !== undefined
        ? { year: typeof json.year === 'number' ? String(json.year) : json.year }
        : {}),
      ...(json.sections !== undefined ? { sections: json.sections } : {}),
    });
  } catch (err) {
    if (err instanceof EngineUsageError) throw problem(s.configBadReport);
    throw err;
  }
  if (Object.keys(report).length) config.report = report;
  return config;
}

const WEIGHT_KEYS = ['execution', 'output', 'effect', 'satisfaction'] as const;
const BAND_KEYS = ['excellent', 'good', 'pass'] as const;

/** `scoring`: `{ "weights": { "execution": 20, … }, "bands": { "excellent": 90, "good": 80, "pass": 60 } }`. */
function parseScoring(value: unknown, s: CliStrings, problem: (p: string) => Error): ScoringOptions {
  if (!isRecord(value)) throw problem(s.configBadScoring);
  const out: ScoringOptions = {};
  for (const key of Object.keys(value))
    if (key !== 'weights' && key !== 'bands') throw problem(s.configBadScoring);
  const numbers = <K extends string>(v: unknown, keys: readonly K[]): Partial<Record<K, number>> => {
    if (!isRecord(v)) throw problem(s.configBadScoring);
    const o: Partial<Record<K, number>> = {};
    for (const [k, n] of Object.entries(v)) {
      if (
        !(keys as readonly string[]).includes(k) ||
        typeof n !== 'number' ||
        !Number.isFinite(n) ||
        n < 0 ||
        n > 100
      ) {
        throw problem(s.configBadScoring);
      }
      o[k as K] = n;
    }
    return o;
  };
  if (value.weights !== undefined) out.weights = numbers(value.weights, WEIGHT_KEYS);
  if (value.bands !== undefined) {
    const b = numbers(value.bands, BAND_KEYS);
    const e = b.excellent ?? 90;
    const g = b.good ?? 80;
    const p = b.pass ?? 60;
    if (!(e > g && g > p)) throw problem(s.configBadScoring);
    out.bands = b;
  }
  return out;
}

/** The engine's options: command-line flags win over the config file. */
export function mergeOptions(
  config: CheckConfig,
  flags: { lang?: Lang; threshold?: number },
): AnalyzeOptions & { lang: Lang; report?: ReportOptions } {
  const options: AnalyzeOptions & { lang: Lang; report?: ReportOptions } = {
    lang: flags.lang ?? config.lang ?? DEFAULT_LANG,
  };
  if (config.report !== undefined) options.report = config.report;
  const threshold = flags.threshold ?? config.threshold;
  if (threshold !== undefined) options.threshold = threshold;
  if (config.rateBase !== undefined) options.rateBase = config.rateBase;
  if (config.overrides !== undefined) options.overrides = config.overrides;
  if (config.scoring !== undefined) options.scoring = config.scoring;
  return options;
}
