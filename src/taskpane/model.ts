/**
 * The task pane's plain logic, free of React and Office: what the components show is computed here, so that it can
 * be tested without a browser.
 */
import {
  columnLetter,
  parseA1,
  type AnalyzeOptions,
  type Field,
  type FieldOverride,
  type Finding,
  type Lang,
  type Narrative,
  type Severity,
  type TableInfo,
  type Workbook,
} from '../engine';
import type { ExcelHostErrorCode } from '../hosts/excel/errors';
import type { ReviewSettings } from './host';
import type { ActionKind, Strings } from './i18n';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Default low-rate threshold in percent (domain.md §3). */
export const DEFAULT_THRESHOLD = 60;

/** The engine's options from the saved settings, the pane's language and the sheets Budget Review owns. */
export function analyzeOptions(
  settings: ReviewSettings,
  lang: Lang,
  owned: readonly string[],
): AnalyzeOptions {
  const options: AnalyzeOptions = {
    lang,
    threshold: settings.threshold ?? DEFAULT_THRESHOLD,
    rateBase: settings.rateBase ?? 'available',
    overrides: settings.overrides ?? [],
    skipSheets: [...owned],
  };
  // Weights and grade bands have no form in the pane; saved ones (e.g. by an administrator) are honoured and kept.
  if (settings.scoring !== undefined) options.scoring = settings.scoring;
  return options;
}

/** Findings by severity, each group in the engine's order. */
export function groupFindings(findings: readonly Finding[]): Record<Severity, Finding[]> {
  const out: Record<Severity, Finding[]> = { error: [], warning: [], info: [] };
  for (const f of findings) out[f.severity].push(f);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Columns and their corrections

/** What a column's list shows: a field, ignored, not recognised, or (for a corrected column) back to automatic. */
export type Choice = Field | 'ignore' | 'unknown' | 'auto';

/** The fields in the order and groups the column list offers them. */
export const FIELD_GROUPS: { key: keyof Strings['fieldGroups']; fields: Field[] }[] = [
  { key: 'other', fields: ['name', 'code', 'reason', 'count'] },
  {
    key: 'amounts',
    fields: [
      'initial',
      'carryOver',
      'added',
      'reduced',
      'available',
      'spent',
      'surplus',
      'funds',
      'prevYear',
      'prevBudget',
      'changeAmount',
    ],
  },
  { key: 'rates', fields: ['rate', 'initialRate', 'reduction', 'change', 'share'] },
  { key: 'scores', fields: ['points', 'score', 'target', 'actualValue', 'level1', 'level2'] },
];

export interface ColumnRow {
  letter: string;
  /** The header as the sheet words it ('' when there is none). */
  header: string;
  /** What the last check took the column to mean. */
  detected: Field | undefined;
  /** The saved correction: a field, null for ignored, undefined for none. */
  saved: Field | null | undefined;
}

export function overrideKey(sheet: string, letter: string): string {
  return `${sheet}\u0000${letter.toUpperCase()}`;
}

function savedOverride(
  overrides: readonly FieldOverride[],
  sheet: string,
  letter: string,
): Field | null | undefined {
  const found = overrides.find((o) => o.sheet === sheet && o.column.toUpperCase() === letter);
  return found === undefined ? undefined : found.field;
}

function cellText(workbook: Workbook | undefined, sheet: string, row: number, col: number): string {
  const grid = workbook?.sheets.find((s) => s.name === sheet);
  if (!grid) return '';
  const cell = grid.rows[row - (grid.top ?? 0)]?.[col - (grid.left ?? 0)];
  if (!cell || typeof cell.v !== 'string') return '';
  return cell.v.replace(/\s+/g, '');
}

/**
 * The columns of a table, left to right over its range: header words (the engine's, else the text at the top of the
 * range), the field the check found and the saved correction.
 */
export function tableColumns(
  table: TableInfo,
  overrides: readonly FieldOverride[],
  workbook?: Workbook,
): ColumnRow[] {
  const [from, to] = table.range.split(':');
  const start = parseA1(from);
  const end = parseA1(to ?? from);
  if (!start || !end) return [];
  // A column corrected to "ignore" at the table's edge drops out of the range the check finds: keep listing it.
  const corrected = new Set(
    overrides.filter((o) => o.sheet === table.sheet).map((o) => parseA1(`${o.column}1`)?.col ?? -1),
  );
  let left = start.col;
  let right = end.col;
  while (left > 0 && corrected.has(left - 1)) left--;
  while (corrected.has(right + 1)) right++;
  const rows: ColumnRow[] = [];
  for (let col = left; col <= right; col++) {
    const letter = columnLetter(col);
    // The engine's header words; for a column it does not read, the text atop the range (the row below it when
    // the top cell is empty, as under a merged group cell of a two-row header).
    let header = table.headers[letter] ?? '';
    for (let r = start.row; header === '' && r <= Math.min(start.row + 1, end.row); r++) {
      header = cellText(workbook, table.sheet, r, col);
    }
    rows.push({
      letter,
      header,
      detected: table.fields[letter],
      saved: savedOverride(overrides, table.sheet, letter),
    });
  }
  return rows;
}

/** The choice a column's list shows: the pending one, else the saved correction, else what the check found. */
export function currentChoice(row: ColumnRow, pending: Choice | undefined): Choice {
  if (pending !== undefined) return pending;
  if (row.saved === null) return 'ignore';
  if (row.saved !== undefined) return row.saved;
  return row.detected ?? 'unknown';
}

/** The saved corrections with the pending choices applied (`auto` removes a correction). */
export function mergeOverrides(
  saved: readonly FieldOverride[],
  pending: ReadonlyMap<string, { sheet: string; letter: string; choice: Choice }>,
): FieldOverride[] {
  const out = saved.filter((o) => !pending.has(overrideKey(o.sheet, o.column)));
  for (const { sheet, letter, choice } of pending.values()) {
    if (choice === 'auto' || choice === 'unknown') continue;
    out.push({ sheet, column: letter.toUpperCase(), field: choice === 'ignore' ? null : choice });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings form

/** The threshold as typed (full-width digits and a trailing % allowed), or null when it is not 0–100. */
export function parseThreshold(text: string): number | null {
  const half = text
    .trim()
    .replace(/[０-９．％]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/%$/, '')
    .trim();
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(half)) return null;
  const n = Number(half);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Language of parts

/** A Han character, a CJK or full-width punctuation mark, or a curly quote (as Chinese text quotes). */
const CJK = String.raw`\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF\u2018-\u201F`;
const NUMBER = String.raw`(?:[0-9]+(?:\.[0-9]+)?)?`;
/** Chinese words with the figures written into them (2020年度, 第3项, 3740.11万元). */
const CHINESE_RUN = new RegExp(String.raw`${NUMBER}[${CJK}](?:${NUMBER}[${CJK}])*`, 'gu');
const HAN = /\p{Script=Han}/u;

/**
 * Text split into runs of Chinese and the rest, so that Chinese names inside English text (sheet names, items,
 * units) can be marked `lang="zh-CN"` and read by a Chinese voice (WCAG 3.1.2, language of parts). A run holds at
 * least one Han character; punctuation-only runs and everything else stay unmarked.
 */
export function chineseRuns(text: string): { text: string; chinese: boolean }[] {
  const out: { text: string; chinese: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(CHINESE_RUN)) {
    const start = match.index ?? 0;
    if (!HAN.test(match[0])) continue;
    if (start > at) out.push({ text: text.slice(at, start), chinese: false });
    out.push({ text: match[0], chinese: true });
    at = start + match[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), chinese: false });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Narrative

/** The narrative as plain text: title, then each heading and its paragraphs, blank lines between. */
export function narrativeText(narrative: Narrative): string {
  const parts = [narrative.title];
  for (const s of narrative.sections) {
    parts.push(s.heading);
    for (const p of s.paragraphs) parts.push(p);
  }
  return parts.join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

export interface ErrorView {
  title: string;
  /** The code to quote: Excel's own (e.g. `InvalidOperationInCellEditMode`) or the host's. */
  code?: string;
  reason: string;
  hint?: string;
  /** What was or was not written. */
  written?: string;
  detail?: string;
}

interface HostErrorLike {
  code: ExcelHostErrorCode;
  excelCode?: string;
  detail?: string;
  rolledBack?: boolean;
}

const HOST_CODES: readonly ExcelHostErrorCode[] = [
  'conflict',
  'plan',
  'excel',
  'last-visible-sheet',
  'settings',
  'protected',
  'cancelled',
];

function asHostErrorLike(err: unknown): HostErrorLike | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown };
  if (e.name !== 'ExcelHostError' || !HOST_CODES.includes(e.code as ExcelHostErrorCode)) return undefined;
  return err as HostErrorLike;
}

/** What the pane says about a failed action: the reason, the error code and what was (not) written. */
export function describeError(err: unknown, action: ActionKind, t: Strings): ErrorView {
  const host = asHostErrorLike(err);
  if (!host) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      title: t.errorTitle[action],
      reason: t.unexpected,
      detail: message,
      written: writtenFor(action, t),
    };
  }
  const code = host.excelCode ?? host.code;
  const view: ErrorView = {
    title: t.errorTitle[action],
    code,
    reason: t.hostReason[host.code],
    written: writtenFor(action, t, host),
  };
  const hint = host.excelCode !== undefined ? t.excelHint[host.excelCode] : undefined;
  if (hint !== undefined) view.hint = hint;
  if (host.detail !== undefined && host.detail !== '') view.detail = host.detail;
  return view;
}

function writtenFor(action: ActionKind, t: Strings, host?: HostErrorLike): string | undefined {
  switch (action) {
    case 'check':
    case 'settings':
    case 'select':
      return t.written.readOnly;
    case 'save':
      return t.written.settingsNotSaved;
    case 'undo':
      return host?.code === 'last-visible-sheet' || host?.code === 'protected'
        ? t.written.nothing
        : t.written.undoPartial;
    case 'generate':
      if (host === undefined || host.code === 'plan' || host.code === 'conflict' || host.code === 'protected')
        return t.written.nothing;
      if (host.rolledBack === true) return t.written.rolledBack;
      if (host.rolledBack === false) return t.written.rollbackFailed;
      // Failed before any change (the first read) or without a record of the clean-up.
      return t.written.nothing;
  }
}
