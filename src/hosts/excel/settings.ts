/**
 * The add-in's per-workbook settings (threshold, rate base, language, column overrides, scoring), kept in
 * `workbook.settings` under one key so that they travel with the workbook.
 */
import {
  checkScoringOptions,
  EngineUsageError,
  isField,
  type FieldOverride,
  type Lang,
  type RateBase,
  type ScoringOptions,
} from '../../engine';
import { RUN_OPTIONS, type ExcelRun } from './api';
import { asHostError, ExcelHostError } from './errors';

/** The workbook setting that holds {@link ReviewSettings}. */
export const SETTINGS_KEY = 'budgetReview.settings';

export interface ReviewSettings {
  /** Low-rate threshold in percent, 0–100. */
  threshold?: number;
  rateBase?: RateBase;
  lang?: Lang;
  overrides?: FieldOverride[];
  /** Self-evaluation weights and grade bands for this workbook. */
  scoring?: ScoringOptions;
}

const KEYS = new Set(['threshold', 'rateBase', 'lang', 'overrides', 'scoring']);

function problem(detail: string): ExcelHostError {
  return new ExcelHostError('settings', { detail });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks settings (as stored, or about to be); throws `ExcelHostError` `settings` naming the first problem. */
export function parseSettings(value: unknown): ReviewSettings {
  if (!isRecord(value)) throw problem('not an object');
  for (const key of Object.keys(value)) if (!KEYS.has(key)) throw problem(`unknown key "${key}"`);
  const out: ReviewSettings = {};
  if (value.threshold !== undefined) {
    const t = value.threshold;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 100)
      throw problem('threshold must be 0-100');
    out.threshold = t;
  }
  if (value.rateBase !== undefined) {
    if (value.rateBase !== 'available' && value.rateBase !== 'initial') {
      throw problem('rateBase must be "available" or "initial"');
    }
    out.rateBase = value.rateBase;
  }
  if (value.lang !== undefined) {
    if (value.lang !== 'zh-CN' && value.lang !== 'en-US') throw problem('lang must be "zh-CN" or "en-US"');
    out.lang = value.lang;
  }
  if (value.overrides !== undefined) {
    if (!Array.isArray(value.overrides)) throw problem('overrides must be a list');
    out.overrides = value.overrides.map((item: unknown, i: number) => {
      if (!isRecord(item) || typeof item.sheet !== 'string' || item.sheet === '') {
        throw problem(`overrides[${i}].sheet must be a sheet name`);
      }
      if (typeof item.column !== 'string' || !/^[A-Za-z]{1,3}$/.test(item.column)) {
        throw problem(`overrides[${i}].column must be a column letter`);
      }
      const field = item.field;
      if (field !== null && !isField(field)) {
        throw problem(`overrides[${i}].field must be a field name or null`);
      }
      return { sheet: item.sheet, column: item.column.toUpperCase(), field };
    });
  }
  if (value.scoring !== undefined) {
    try {
      out.scoring = checkScoringOptions(value.scoring);
    } catch (err) {
      if (err instanceof EngineUsageError) throw problem(err.message);
      throw err;
    }
  }
  return out;
}

/** The workbook's saved settings ({} when none). Rejects with `ExcelHostError` `settings` when they are not valid. */
export async function loadSettings(run: ExcelRun): Promise<ReviewSettings> {
  try {
    return await run(RUN_OPTIONS, async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
      setting.load('value');
      await context.sync();
      if (setting.isNullObject) return {};
      let value: unknown = setting.value;
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value) as unknown;
        } catch {
          throw problem('not JSON');
        }
      }
      return parseSettings(value);
    });
  } catch (err) {
    throw asHostError(err);
  }
}

/** Checks and saves the settings (replacing what was saved). */
export async function saveSettings(run: ExcelRun, settings: ReviewSettings): Promise<void> {
  const checked = parseSettings(settings);
  try {
    await run(RUN_OPTIONS, async (context) => {
      context.workbook.settings.add(SETTINGS_KEY, checked);
      await context.sync();
    });
  } catch (err) {
    throw asHostError(err);
  }
}
