/**
 * Reading one cell: header normalisation, and turning a cell into a number with the precision it is
 * shown at, or into a reason why it is not one. Bad data never throws here; it becomes a `ParsedCell`.
 */
import type Decimal from 'decimal.js';
import type { Cell } from './grid';
import { D, fromText } from './money';
import type { Unit } from './types';

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** Full-width ASCII (！..～) and the ideographic space to half-width. */
export function toHalfWidth(s: string): string {
  if (!FULL_WIDTH.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/** Text of a cell as shown (numbers in their plain decimal form), or '' for empty. */
export function cellText(cell: Cell | null | undefined): string {
  if (!cell || cell.v === null || cell.v === undefined) return cell?.error ?? '';
  return typeof cell.v === 'string' ? cell.v : String(cell.v);
}

export interface HeaderKey {
  key: string;
  unit?: Unit;
  percent?: boolean;
}

const WS = /[\s\u00a0\u3000\u200b]+/g;

/**
 * Normalises header text: trims, removes all white space and line breaks, makes full-width ASCII
 * half-width, and strips trailing bracketed notes, remembering a unit (`（万元）`, `(元)`) or `(%)`.
 */
export function normalizeHeader(text: string): HeaderKey {
  let s = toHalfWidth(text)
    .replace(WS, '')
    .replace(/[【[]/g, '(')
    .replace(/[】\]]/g, ')');
  const out: HeaderKey = { key: '' };
  for (;;) {
    const m = /\(([^()]*)\)$/.exec(s);
    if (!m) break;
    const note = m[1];
    if (/^(单位:?)?万元$/.test(note)) out.unit = '万元';
    else if (/^(单位:?)?元$/.test(note)) out.unit = '元';
    else if (note === '%' || note === '百分比') out.percent = true;
    s = s.slice(0, m.index);
  }
  const unitTail = /(万元|%)$/.exec(s);
  if (unitTail && s.length > unitTail[0].length) {
    if (unitTail[1] === '%') out.percent = true;
    else out.unit = '万元';
    s = s.slice(0, -unitTail[0].length);
  }
  out.key = s.replace(/[:：]$/, '');
  return out;
}

/** A unit stated in a title or note row (`单位：万元`, `金额单位:元`), if any. */
export function unitInText(text: string): Unit | undefined {
  const s = toHalfWidth(text).replace(WS, '');
  const m = /单位[:：]?(万元|元)/.exec(s);
  if (m) return m[1] as Unit;
  return undefined;
}

const DATE_FORMATS = new Map<string, boolean>();

/** Whether a number format shows a date or a time (`yyyy-mm-dd`, `m/d/yy`, `yyyy"年"m"月"d"日"`, `h:mm`). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || fmt === 'General' || fmt === '@') return false;
  let hit = DATE_FORMATS.get(fmt);
  if (hit === undefined) {
    const code = fmt
      .split(';')[0]
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/\[(?!h|m|s)[^\]]*\]/gi, '');
    hit = /[ymdhs]/i.test(code) && !/[0#?]/.test(code.replace(/[ymdhs:.\s/\-]/gi, ''));
    DATE_FORMATS.set(fmt, hit);
  }
  return hit;
}

/** A date serial (the 1900 system) as the ISO date it stands for. */
export function serialDate(serial: number): string {
  // Excel's dates run from serial 0 to 2958465 (9999-12-31); beyond, the number is shown as it is.
  if (!(serial >= 0 && serial <= 2958465)) return String(serial);
  return new Date(Math.round((serial - 25569) * 86400000)).toISOString().slice(0, 10);
}

/** Number-format decimals: `#,##0.00` → 2, `0.00%` → 2, `0%` → 0; undefined for General/text formats. */
export function formatDecimals(fmt: string | undefined): { dp: number; percent: boolean } | undefined {
  if (!fmt || fmt === 'General' || fmt === '@') return undefined;
  let hit = FORMATS.get(fmt);
  if (hit === undefined) {
    hit = readFormat(fmt) ?? null;
    FORMATS.set(fmt, hit);
  }
  return hit ?? undefined;
}

/** Workbooks use a handful of formats over many cells: each is read once. */
const FORMATS = new Map<string, { dp: number; percent: boolean } | null>();

function readFormat(fmt: string): { dp: number; percent: boolean } | undefined {
  const first = fmt
    .split(';')[0]
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  if (!/[0#?]/.test(first)) return undefined;
  const percent = first.includes('%');
  const m = /\.([0#?]+)/.exec(first);
  return { dp: m ? m[1].length : 0, percent };
}

export type ParsedCell =
  | { kind: 'empty' }
  | NumberCell
  | { kind: 'error'; error: string }
  | { kind: 'text'; text: string }
  | { kind: 'date'; text: string };

export interface NumberCell {
  kind: 'number';
  value: Decimal;
  /** Decimals shown, in the value's own scale (percent points for percentages), or undefined when General. */
  dp: number | undefined;
  /** Decimals the value itself has (for General numbers and text). */
  own: number;
  /** The cell held text that parsed as a number. */
  text?: string;
  /** The value is a fraction shown as a percentage (`0.00%` format or a `%` in text). */
  percentFormat?: boolean;
  /** The text carried its own unit (`12.5万元`). */
  unit?: Unit;
}

/** A blank cell, one object for all of them (a ledger's columns hold many). */
const EMPTY: ParsedCell = { kind: 'empty' };

const DASHES = /^[-—–－/／─━]+$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function ownDecimals(s: string): number {
  const i = s.indexOf('.');
  if (i < 0) return 0;
  const e = s.search(/e/i);
  if (e >= 0) return Math.min(10, Math.max(0, e - i - 1 - Number(s.slice(e + 1))));
  return s.length - i - 1;
}

/**
 * A numeric cell as a decimal with its shown precision. Percent-formatted values stay fractions
 * (0.579 shown as 57.90%), percent text becomes a fraction too.
 */
export function parseNumberCell(cell: Cell | null | undefined): ParsedCell {
  if (!cell) return EMPTY;
  if (cell.error) return { kind: 'error', error: cell.error };
  const v = cell.v;
  if (v === null || v === undefined || v === '') return EMPTY;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: 'error', error: String(v) };
    const fd = formatDecimals(cell.fmt);
    const s = String(v);
    const value = fromText(s);
    if (fd)
      return {
        kind: 'number',
        value,
        dp: fd.dp,
        own: ownDecimals(s),
        percentFormat: fd.percent || undefined,
      };
    return { kind: 'number', value, dp: undefined, own: ownDecimals(s) };
  }
  if (typeof v === 'boolean') return { kind: 'text', text: String(v) };
  const raw = v;
  let s = toHalfWidth(raw).replace(WS, '');
  if (s === '') return EMPTY;
  if (DASHES.test(s)) return EMPTY;
  s = s.replace(/,/g, '').replace(/[¥￥]/g, '');
  let percent = false;
  let unit: Unit | undefined;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  } else if (s.endsWith('分') && !s.endsWith('万分')) {
    // A score typed with its unit (18分).
    s = s.slice(0, -1);
  } else if (s.endsWith('万元')) {
    unit = '万元';
    s = s.slice(0, -2);
  } else if (s.endsWith('元')) {
    unit = '元';
    s = s.slice(0, -1);
  }
  if (!NUMBER_TEXT.test(s)) return { kind: 'text', text: raw };
  // More digits than a spreadsheet number holds (15 significant, as Excel keeps them) is no figure anyone typed as one.
  if (s.replace(/^[+-]?0*/, '').replace('.', '').length > 20) return { kind: 'text', text: raw };
  const own = ownDecimals(s);
  let value = new D(s);
  if (percent) value = value.div(100);
  return { kind: 'number', value, dp: own, own, text: raw, percentFormat: percent || undefined, unit };
}
