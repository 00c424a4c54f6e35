/**
 * From a detected table to a ledger: every value parsed into exact 万元 (or a fraction for rates) with
 * the precision it is shown at, every row given its kind, and the outline tree that totals sum over.
 */
import type Decimal from 'decimal.js';
import {
  cellText,
  formatDecimals,
  isDateFormat,
  serialDate,
  normalizeHeader,
  ownDecimals,
  parseNumberCell,
  toHalfWidth,
  type NumberCell,
  type ParsedCell,
} from './cells';
import { isMarker, type ColumnSpec, type RawTable } from './detect';
import { a1, sheetColOf, sheetRowOf, someCell, type Cell } from './grid';
import { D, fromText, halfUnit, sum, yuanToWan } from './money';
import type { Field, RowKind, StatedValue, Unit } from './types';
import { AMOUNT_FIELDS, NON_NEGATIVE_FIELDS, NUMERIC_FIELDS, PERCENT_FIELDS } from './vocabulary';

/** A stated figure: its exact value, the decimals it is shown with, and where it stands. */
export class Stated implements StatedValue {
  /** The row the figure stands on (set when the ledger is built). */
  owner: WorkRow | undefined = undefined;
  /** The cell's formula, without `=`, when it holds one. */
  formula: string | undefined = undefined;

  constructor(
    readonly value: Decimal,
    /** Decimals shown: of 万元 for amounts, of percentage points for percentages. */
    readonly dp: number,
    /** 0-based sheet row and column of the cell. */
    readonly row: number,
    readonly col: number,
    /** The cell states 元; `value` is converted to 万元. */
    readonly yuan = false,
  ) {}

  /** The cell's A1 address (made when asked: most figures are never reported). */
  get cell(): string {
    return a1(this.row, this.col);
  }

  with(value: Decimal): Stated {
    const s = new Stated(value, this.dp, this.row, this.col, this.yuan);
    s.formula = this.formula;
    return s;
  }
}

/** A problem met while reading a value cell (becomes an `input` finding). */
export interface InputIssue {
  kind: 'text' | 'notNumber' | 'error' | 'negative' | 'marker' | 'date';
  field: Field;
  cell: string;
  raw: string;
  value?: Decimal;
  dp?: number;
}

export interface WorkRow {
  rel: number;
  sheetRow: number;
  name: string;
  /** The name cell's text as typed. */
  label: string;
  kind: RowKind;
  /** Outline marker level (1 一、, 2 （一）, 3 1、, 4 （1）, 5 a、), 0 for none. */
  marker: number;
  vals: Partial<Record<Field, Stated>>;
  reason?: string;
  children: WorkRow[];
  /** The `其中` parts that break this row down. */
  parts: WorkRow[];
  /** This row is a `其中` part of another row. */
  partOf?: WorkRow;
  parent?: WorkRow;
  depth: number;
  /** Covered by a 小计 (so a group sums the 小计, not these rows). */
  covered?: boolean;
  /** The name was indented with leading spaces. */
  indent?: boolean;
  /** Figures of a field's second column (户数 beside 套数), by `extraKey`. */
  extra?: Record<string, Stated>;
  /** The last spent ÷ base computed for this row, kept because three rules ask for it. */
  rateMemo?: { base: Decimal; rate: Decimal };
  /** Its `其中` parts are its complete breakdown (a catch-all 其他… among them, or a form's defined set). */
  breakdownComplete?: boolean;
  /** The ledger the row belongs to. */
  ledger?: WorkLedger;
  /** The row holds counts (辆, 人, 个 …) under an amount table: never a part of an amount total. */
  countRow?: boolean;
  /** Its 科目编码, as digits (212, 21201, 2120101), when the table has codes. */
  code?: string;
}

/** spent ÷ base for a row, computed once per base. */
export function rowRate(row: WorkRow, spent: Decimal, base: Decimal): Decimal | undefined {
  if (base.isZero()) return undefined;
  const m = row.rateMemo;
  if (m && m.base === base && row.vals.spent?.value === spent) return m.rate;
  const rate = spent.div(base);
  row.rateMemo = { base, rate };
  return rate;
}

export interface WorkLedger {
  raw: RawTable;
  rows: WorkRow[];
  /** Rows directly beneath the table (what a 合计 sums). */
  top: WorkRow[];
  issues: InputIssue[];
  fieldsPresent: Set<Field>;
  /** Column header cells by field, for mapping findings. */
  headerCell: Partial<Record<Field, string>>;
  /** Relative rows that state a grade (等次 | 优), kept out of the data. */
  grades: number[];
}

const TOTAL = /^(合计|总计|总合计|合计数|全部合计|总分)|^.{0,12}(合计|总计)$/;
/** A score form's grade row (等次 | 优): not data. */
export const GRADE_LABEL = /^(评价|自评|综合)?(等次|等级|评级|评定等级|评价结果)[:：]?/;
const SUBTOTAL = /小计/;
const BREAKDOWN = /^其中[:：]?/;
/**
 * Fund sources a 自评表's funds block lists under its total, whatever their figures: the national form's (当年财政拨款,
 * 上年结转资金, 其他资金) and the Sichuan form's (财政资金, 财政专户管理资金, 单位资金, 其他资金).
 */
const FORM_PARTS =
  /^(当年财政拨款|上年结转资金|上年结转|其他资金|财政拨款|财政资金|财政专户管理资金|单位资金|自有资金)/;

function markerLevel(text: string): number {
  if (text === '') return 0;
  if (/^[一二三四五六七八九十百千零〇]+([、.．]|$)/.test(text)) return 1;
  if (/^[(（][一二三四五六七八九十百千零〇]+[)）]/.test(text)) return 2;
  if (/^\d+([、.．](?!\d)|$)/.test(text)) return 3;
  if (/^[(（]\d+[)）]/.test(text)) return 4;
  if (/^[a-zA-Z]([、.．)]|$)/.test(text)) return 5;
  return 0;
}

function isGroupMarker(level: number): boolean {
  return level === 1 || level === 2;
}

/**
 * One value column, parsed. Plain number cells (nearly all of a big ledger) are kept in flat arrays;
 * only text, error and blank cells carry a `ParsedCell`.
 */
interface ColumnRead {
  spec: ColumnSpec;
  /** The cell as parsed when it is not a plain number (undefined for a plain number). */
  parsed: (ParsedCell | undefined)[];
  /** Plain numbers: the value, the decimals of the cell's format (-1 for General), its own decimals. */
  nums: (Decimal | undefined)[];
  fmtDp: Int8Array;
  own: Int8Array;
  pctFmt: Uint8Array;
  /** For percent columns: bare numbers are percentage points (else fractions). */
  points: boolean;
  /** Decimals of General numbers and text in this column (in the stored scale). */
  generalDp: number;
  /** Decimals of percentages typed as text (`86.20%`) in this column, in percentage points. */
  textPercentDp?: number;
}

function readColumn(raw: RawTable, spec: ColumnSpec): ColumnRead {
  const n = raw.dataRows.length;
  const col: ColumnRead = {
    spec,
    parsed: new Array<ParsedCell | undefined>(n),
    nums: new Array<Decimal | undefined>(n),
    fmtDp: new Int8Array(n),
    own: new Int8Array(n),
    pctFmt: new Uint8Array(n),
    points: false,
    generalDp: 0,
  };
  const percentField = PERCENT_FIELDS.has(spec.field);
  let generalDp = 0;
  let textPercentDp = 0;
  let large = false;
  for (let i = 0; i < n; i++) {
    const cell = raw.sheet.rows[raw.dataRows[i]]?.[spec.col];
    // A date in a column of figures is no figure (44196 is 2020-12-31): reported, never added up.
    if (cell && typeof cell.v === 'number' && isDateFormat(cell.fmt)) {
      col.parsed[i] = { kind: 'date', text: serialDate(cell.v) };
      continue;
    }
    if (cell && typeof cell.v === 'number' && !cell.error && Number.isFinite(cell.v)) {
      const text = shownNumber(cell.v);
      const value = fromText(text);
      const own = ownDecimals(text);
      const fd = formatDecimals(cell.fmt);
      col.nums[i] = value;
      col.own[i] = own;
      col.fmtDp[i] = fd ? fd.dp : -1;
      if (fd?.percent) col.pctFmt[i] = 1;
      else {
        if (!fd && own > generalDp) generalDp = own;
        if (percentField && !large && value.abs().gt(2)) large = true;
      }
      continue;
    }
    const p = parseNumberCell(cell);
    col.parsed[i] = p;
    if (p.kind === 'number' && !p.percentFormat) {
      if ((p.dp === undefined || p.text) && p.own > generalDp) generalDp = p.own;
      if (percentField && !large && p.value.abs().gt(2)) large = true;
    }
    if (p.kind === 'number' && p.percentFormat && p.text && p.own > textPercentDp) textPercentDp = p.own;
  }
  col.points = percentField && (spec.percent || large);
  col.generalDp = generalDp;
  col.textPercentDp = textPercentDp;
  return col;
}

/**
 * A stored number as Excel shows it: at most 15 significant digits, so that binary noise in a formula's cached
 * result (14.139999999999986) reads as the 14.14 the cell shows.
 */
function shownNumber(v: number): string {
  const s = String(v);
  return s.length > 16 && !/e/i.test(s) ? String(Number(v.toPrecision(15))) : s;
}

/** Counts are exact: compared at a precision no rounding reaches. */
const COUNT_DP = 10;

/** The plain number at index i of a column as a parsed cell (for the rare paths that report it). */
function numberAt(col: ColumnRead, i: number, value: Decimal): NumberCell {
  const fdp = col.fmtDp[i];
  return {
    kind: 'number',
    value,
    dp: fdp < 0 ? undefined : fdp,
    own: col.own[i],
    percentFormat: col.pctFmt[i] === 1 || undefined,
  };
}

/**
 * A stated figure from a parsed number: amounts to 万元, percentages to fractions, with the decimals it is
 * shown at (`dp` of its format, else the column's General precision).
 */
function statedOf(
  col: ColumnRead,
  value: Decimal,
  fmtDp: number | undefined,
  own: number,
  percentFormat: boolean,
  text: boolean,
  unit: Unit | undefined,
  row: number,
  column: number,
): Stated {
  const f = col.spec.field;
  if (PERCENT_FIELDS.has(f)) {
    if (percentFormat) {
      // A fraction shown as a percentage: dp counts percentage-point decimals; text shows its column's most.
      const dp = text ? Math.max(own, col.textPercentDp ?? 0) : (fmtDp ?? Math.max(0, own - 2));
      return new Stated(value, dp, row, column);
    }
    if (col.points) return new Stated(value.div(100), fmtDp ?? col.generalDp, row, column);
    const dp = fmtDp !== undefined ? Math.max(0, fmtDp - 2) : Math.max(0, col.generalDp - 2);
    return new Stated(value, dp, row, column);
  }
  if (f === 'count') return new Stated(value, COUNT_DP, row, column);
  // A General or text figure is compared at the most decimals any figure of its column shows (domain.md §2).
  const amount = AMOUNT_FIELDS.has(f);
  const dp = fmtDp ?? col.generalDp;
  if (amount && (unit ?? col.spec.unit) === '元')
    return new Stated(yuanToWan(value), dp + 4, row, column, true);
  return new Stated(value, dp, row, column);
}

function statedOfCell(col: ColumnRead, p: NumberCell, row: number, column: number): Stated {
  // Text shows its column's precision, like a General number; its own decimals only count towards it.
  return statedOf(
    col,
    p.value,
    p.text ? undefined : p.dp,
    p.own,
    !!p.percentFormat,
    !!p.text,
    p.unit,
    row,
    column,
  );
}

/** Puts a stated figure among its row's values (or its second column's), with its cell's formula; the second columns. */
function place(
  vals: Partial<Record<Field, Stated>>,
  extra: Record<string, Stated> | undefined,
  cells: readonly (Cell | null | undefined)[] | undefined,
  col: ColumnRead,
  s: Stated,
): Record<string, Stated> | undefined {
  const f = cells?.[col.spec.col]?.f;
  if (f) s.formula = f;
  if (!col.spec.second) {
    vals[col.spec.field] = s;
    return extra;
  }
  const out = extra ?? {};
  out[extraKey(col.spec)] = s;
  return out;
}

/** The shared empty list of a row with no children or parts (most rows: one array fewer each). */
const NONE: WorkRow[] = [];

/** Builds a ledger's rows, values and outline tree from a detected table. */
export function buildLedger(raw: RawTable): WorkLedger {
  const cols = raw.columns.filter((c) => NUMERIC_FIELDS.has(c.field)).map((c) => readColumn(raw, c));
  const reasonCol = raw.columns.find((c) => c.field === 'reason');
  const issues: InputIssue[] = [];
  const rows: WorkRow[] = [];
  const grades: number[] = [];
  const fieldsPresent = new Set<Field>(raw.columns.map((c) => c.field));
  const headerCell: Partial<Record<Field, string>> = {};
  for (const c of raw.columns)
    headerCell[c.field] = a1(
      sheetRowOf(raw.sheet, c.headerRow, c.col),
      sheetColOf(raw.sheet, c.headerRow, c.col),
    );

  for (let i = 0; i < raw.dataRows.length; i++) {
    const rel = raw.dataRows[i];
    const sheetRow = sheetRowOf(raw.sheet, rel, raw.nameCol ?? 0);
    const cells = raw.sheet.rows[rel];
    let rawName = raw.nameCol !== undefined ? cellText(cells?.[raw.nameCol]) : '';
    if (!rawName.trim()) {
      // 合计 / 总分 is often typed into 序号 or the first column (一级指标 too) and merged across the name column: the
      // nearest such label left of the first figure (a table to the left, the other half of one, names its own rows).
      const first = raw.columns.reduce(
        (m, c) => (NUMERIC_FIELDS.has(c.field) ? Math.min(m, c.col) : m),
        Number.MAX_SAFE_INTEGER,
      );
      someCell(cells, (cell, c) => {
        if (c >= first) return true;
        const m = cellText(cell);
        if (/^(合计|总计|小计|总分)|^.{0,10}(合计|总计|小计)$/.test(m.replace(/\s+/g, ''))) rawName = m;
        return false;
      });
    }
    // A code typed before the name (`2120101 行政运行`, `212-01-01 行政运行`), or in its own columns.
    let code = codeOfCells(raw, cells);
    if (code === undefined && raw.codeCols === undefined) {
      const inName = codeInName(rawName);
      if (inName) {
        code = inName.code;
        rawName = inName.rest;
      }
    }
    // The name is kept as typed (for the report); its half-width, space-free form decides what the row is.
    let name = rawName.replace(/\s+/g, ' ').trim();
    const compact = toHalfWidth(name).replace(/\s+/g, '');
    const markerText =
      raw.markerCol !== undefined ? toHalfWidth(cellText(cells?.[raw.markerCol])).trim() : '';
    if (GRADE_LABEL.test(compact)) {
      grades.push(rel);
      continue;
    }
    // A 栏次 row numbers the columns; it holds no figures.
    if (/^(栏次|栏号|行次)$/.test(compact)) continue;
    let kind: RowKind = 'item';
    // A row numbered as an outline group (一、“三公”经费合计) is a group of the table, not its total.
    if (TOTAL.test(compact) && !BREAKDOWN.test(compact) && !markerLevel(compact)) kind = 'total';
    else if (SUBTOTAL.test(compact)) kind = 'subtotal';
    if (kind !== 'item') name = compact;
    const marker = kind === 'item' ? markerLevel(compact) || markerLevel(markerText) : 0;
    const vals: Partial<Record<Field, Stated>> = {};
    let extra: Record<string, Stated> | undefined;
    for (const col of cols) {
      const f = col.spec.field;
      const v = col.nums[i];
      if (v && !v.isNegative()) {
        const fdp = col.fmtDp[i];
        extra = place(
          vals,
          extra,
          cells,
          col,
          statedOf(
            col,
            v,
            fdp < 0 ? undefined : fdp,
            col.own[i],
            col.pctFmt[i] === 1,
            false,
            undefined,
            sheetRowOf(raw.sheet, rel, col.spec.col),
            sheetColOf(raw.sheet, rel, col.spec.col),
          ),
        );
        continue;
      }
      const p = v ? numberAt(col, i, v) : (col.parsed[i] as ParsedCell);
      if (p.kind === 'empty') continue;
      const cell = a1(sheetRowOf(raw.sheet, rel, col.spec.col), sheetColOf(raw.sheet, rel, col.spec.col));
      if (p.kind === 'error') {
        issues.push({ kind: 'error', field: f, cell, raw: p.error });
        continue;
      }
      if (p.kind === 'date') {
        issues.push({ kind: 'date', field: f, cell, raw: p.text });
        continue;
      }
      if (p.kind === 'text') {
        // A form's "not applicable" (单位不需填列, 无) is read as blank, and noted.
        issues.push({ kind: isMarker(p.text) ? 'marker' : 'notNumber', field: f, cell, raw: p.text });
        continue;
      }
      let s = statedOfCell(
        col,
        p,
        sheetRowOf(raw.sheet, rel, col.spec.col),
        sheetColOf(raw.sheet, rel, col.spec.col),
      );
      if (p.text) issues.push({ kind: 'text', field: f, cell, raw: p.text, value: s.value, dp: s.dp });
      if (s.value.isNegative() && !s.value.isZero()) {
        if (NON_NEGATIVE_FIELDS.has(f)) {
          issues.push({
            kind: 'negative',
            field: f,
            cell,
            raw: cellText(cells?.[col.spec.col]),
            value: s.value,
            dp: s.dp,
          });
          continue;
        }
        // A reduction written as a negative number means the same reduction.
        if (f === 'reduced') s = s.with(s.value.abs());
      }
      extra = place(vals, extra, cells, col, s);
    }
    // Kept as typed: the summary writes it back literally; sentences trim it.
    const reasonText = reasonCol ? cellText(cells?.[reasonCol.col]) : '';
    const reason = reasonText.trim() ? reasonText : undefined;
    const indent = /^[\s\u3000]/.test(rawName);
    const row: WorkRow = {
      rel,
      sheetRow,
      name,
      label: rawName,
      kind,
      marker,
      vals,
      reason,
      children: NONE,
      parts: NONE,
      depth: 0,
      indent,
    };
    if (extra) row.extra = extra;
    if (code !== undefined) row.code = code;
    if (kind === 'item' && countUnit(compact, raw, cells)) row.countRow = true;
    rows.push(row);
  }
  markCountBlocks(rows);
  const coded = rows.filter((r) => r.code !== undefined).length;
  const items = rows.filter((r) => r.kind !== 'total').length;
  const tree = coded > 0 && coded * 2 >= items ? buildCodeTree(rows) : buildTree(rows);
  const ledger: WorkLedger = { raw, rows, top: tree, issues, fieldsPresent, headerCell, grades };
  own(ledger);
  return ledger;
}

/** Points every row at its ledger and every figure at its row. */
function own(ledger: WorkLedger): void {
  for (const row of ledger.rows) {
    row.ledger = ledger;
    for (const s of Object.values(row.vals)) if (s) s.owner = row;
    if (row.extra) for (const s of Object.values(row.extra)) s.owner = row;
  }
}

/** A code as digits: `2120101`, `212-01-01`, `212 01 01`; class 3, section 5, item 7 digits (经济分类 3 and 5). */
function normaliseCode(text: string): string | undefined {
  const t = toHalfWidth(text).trim();
  if (/^\d{3}(\d{2}){0,2}$/.test(t)) return t;
  const m = /^(\d{3})[-－—\s.](\d{1,2})(?:[-－—\s.](\d{1,2}))?$/.exec(t);
  if (m) return m[1] + m[2].padStart(2, '0') + (m[3] ? m[3].padStart(2, '0') : '');
  return undefined;
}

/** The code in a row's code columns: one column, or 类 | 款 | 项 split (a numeric 款 `1` is `01`). */
function codeOfCells(raw: RawTable, cells: (Cell | null | undefined)[] | undefined): string | undefined {
  const cols = raw.codeCols;
  if (!cols || cols.length === 0) return undefined;
  if (cols.length === 1) {
    const v = cellText(cells?.[cols[0]]).trim();
    return v ? normaliseCode(v.replace(/\.0+$/, '')) : undefined;
  }
  let code = '';
  for (let k = 0; k < cols.length; k++) {
    const v = toHalfWidth(cellText(cells?.[cols[k]])).trim().replace(/\.0+$/, '');
    if (!v) break;
    if (!/^\d{1,3}$/.test(v)) return undefined;
    code += k === 0 ? v.padStart(3, '0') : v.padStart(2, '0');
  }
  return code ? normaliseCode(code) : undefined;
}

/** A code typed before the name: `2120101 行政运行`, `2120101行政运行`, `212-01-01 行政运行`. */
function codeInName(text: string): { code: string; rest: string } | undefined {
  const t = toHalfWidth(text).trim();
  const m = /^(\d{3}(?:\d{2}){0,2}|\d{3}[-－—.]\d{2}(?:[-－—.]\d{2})?)(?![\d.])\s*(.*)$/.exec(t);
  if (!m) return undefined;
  const code = normaliseCode(m[1]);
  return code && m[2] ? { code, rest: m[2] } : undefined;
}

/** Units that make a row a count, in a 单位 column or a bracketed suffix of its name (`（辆）`, `（人次）`). */
const COUNT_UNIT = /^(个|辆|人|人次|批|次|台|套|户|家|项|名|处|座|间|件|份|张|台套|户次|批次)$/;

function countUnit(compact: string, raw: RawTable, cells: (Cell | null | undefined)[] | undefined): boolean {
  const suffix = /[(（]([^()（）]{1,4})[)）]$/.exec(compact);
  if (suffix && COUNT_UNIT.test(suffix[1])) return true;
  if (raw.unitCol !== undefined) {
    const u = toHalfWidth(cellText(cells?.[raw.unitCol])).replace(/\s+/g, '');
    if (COUNT_UNIT.test(u)) return true;
  }
  return false;
}

/** A section of counts (`二、相关统计数`): every row in it holds counts, the section row too. */
const COUNT_SECTION = /(相关)?统计数|实物量|相关数据|统计指标/;

function markCountBlocks(rows: WorkRow[]): void {
  let inside = -1;
  for (const r of rows) {
    if (r.marker > 0 && (inside < 0 || r.marker <= inside)) inside = -1;
    if (r.kind !== 'item') {
      inside = -1;
      continue;
    }
    if (r.marker > 0 && COUNT_SECTION.test(r.name)) {
      inside = r.marker;
      r.countRow = true;
      continue;
    }
    if (inside >= 0) r.countRow = true;
  }
}

/**
 * The tree of a coded table: each row under the longest code that begins its own (212 ⊃ 21201 ⊃ 2120101), the
 * table's 合计 over the class rows. In an 经济分类 table, 人员经费 stands over 301 and 303 and 公用经费 over 302 and 310,
 * and the 合计 over those two. Rows without a code (notes, 其中 lines) stay where they are.
 */
function buildCodeTree(rows: WorkRow[]): WorkRow[] {
  const byCode = new Map<string, WorkRow>();
  for (const r of rows) if (r.code !== undefined && !byCode.has(r.code)) byCode.set(r.code, r);
  const top: WorkRow[] = [];
  const attach = (parent: WorkRow, child: WorkRow) => {
    child.parent = parent;
    if (parent.children === NONE) parent.children = [];
    parent.children.push(child);
  };
  for (const r of rows) {
    if (r.code === undefined) continue;
    let parent: WorkRow | undefined;
    for (let len = r.code.length - 2; len >= 3 && !parent; len -= 2) {
      const p = byCode.get(r.code.slice(0, len));
      if (p && p !== r) parent = p;
    }
    if (parent) attach(parent, r);
    else top.push(r);
  }
  const staff = rows.find(
    (r) => r.code === undefined && /^人员经费(合计|小计)?$/.test(r.name.replace(/\s+/g, '')),
  );
  const office = rows.find(
    (r) => r.code === undefined && /^公用经费(合计|小计)?$/.test(r.name.replace(/\s+/g, '')),
  );
  const groups: WorkRow[] = [];
  for (const [row, classes] of [
    [staff, ['301', '303']],
    [office, ['302', '310']],
  ] as [WorkRow | undefined, string[]][]) {
    if (!row) continue;
    const kids = top.filter((t) => t.code !== undefined && classes.includes(t.code));
    if (kids.length === 0) continue;
    for (const k of kids) attach(row, k);
    groups.push(row);
  }
  const level = top.filter((t) => !groups.some((g) => g.children.includes(t)));
  const totals = rows.filter((r) => r.kind === 'total' && !groups.includes(r));
  const over = [...groups, ...level];
  for (const t of totals) t.children = over.filter((r) => r !== t);
  const setDepth = (r: WorkRow, d: number) => {
    r.depth = d;
    for (const c of r.children) setDepth(c, d + 1);
  };
  for (const r of over) setDepth(r, 0);
  for (const t of totals) t.depth = 0;
  // Rows without a code that are neither totals nor the 经济分类 groups: items of the table as they stand.
  for (const r of rows) {
    if (r.code === undefined && r.kind === 'item' && !groups.includes(r) && r.parent === undefined)
      over.push(r);
  }
  return over.length ? over : totals;
}

function mainAmount(row: WorkRow): Field | undefined {
  for (const f of ['available', 'spent', 'initial', 'surplus', 'carryOver', 'added', 'prevYear'] as Field[]) {
    if (row.vals[f]) return f;
  }
  return undefined;
}

/** Arranges rows into the outline: groups, 小计 over the rows since the last one, 合计 over the top level. */
function buildTree(rows: WorkRow[]): WorkRow[] {
  const root: WorkRow = {
    rel: -1,
    sheetRow: -1,
    name: '',
    label: '',
    kind: 'group',
    marker: 0,
    vals: {},
    children: [],
    parts: [],
    depth: -1,
  };
  const stack: WorkRow[] = [root];
  const totals: WorkRow[] = [];
  /** Totals that sum an earlier total and the rows after it; the rows after a closing total. */
  const chained = new Set<WorkRow>();
  const chainedAfter = new Set<WorkRow>();
  const later = new Set<WorkRow>();
  let afterTotal = false;
  let prev: WorkRow | undefined;
  const groupOf = (): WorkRow => {
    for (let k = stack.length - 1; k > 0; k--) if (isGroupMarker(stack[k].marker)) return stack[k];
    return root;
  };
  // A 小计 closes the nearest group that holds rows; a marked row with its own figures and nothing beneath
  // it yet (（二）租赁补贴 600) is an item of that group, not a group of its own.
  const subtotalGroup = (): WorkRow => {
    for (let k = stack.length - 1; k > 0; k--) {
      const g = stack[k];
      if (isGroupMarker(g.marker) && (g.children.length > 0 || Object.keys(g.vals).length === 0)) return g;
    }
    return root;
  };
  const attach = (parent: WorkRow, row: WorkRow) => {
    row.parent = parent === root ? undefined : parent;
    row.depth = parent.depth + 1;
    if (parent.children === NONE) parent.children = [];
    parent.children.push(row);
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    // A 其中 block breaks down the row above it; a 合计 too, when it closes the table (a 合计 that opens the
    // table, as 决算 tables print it, stands over the rows that follow as items).
    if (
      row.kind === 'item' &&
      BREAKDOWN.test(row.name.replace(/\s+/g, '')) &&
      prev &&
      (prev.kind !== 'total' || rows[0] !== prev)
    ) {
      i = takeBreakdown(rows, i, prev) - 1;
      continue;
    }
    if (row.kind === 'total') {
      // A total after another with rows between them (本年收入合计, 年初结转和结余, 总计) sums the earlier total and
      // those rows; the first total sums the top level before it.
      const earlier = totals[totals.length - 1];
      if (earlier && earlier !== rows[0]) {
        const since = root.children.filter((c) => chainedAfter.has(c));
        row.children = [earlier, ...since];
        chained.add(row);
        for (const c of since) chainedAfter.delete(c);
        for (const c of since) later.add(c);
      }
      totals.push(row);
      row.depth = 0;
      stack.length = 1;
      prev = row;
      afterTotal = true;
      continue;
    }
    if (row.kind === 'subtotal') {
      const parent = subtotalGroup();
      const since = parent.children.filter((c) => !c.covered && c.kind !== 'subtotal');
      for (const c of since) c.covered = true;
      attach(parent, row);
      row.children = since;
      for (const c of since) c.parent = row;
      stack.length = stack.indexOf(parent) + 1;
      prev = row;
      continue;
    }
    if (row.marker > 0) {
      while (stack.length > 1 && stack[stack.length - 1].marker >= row.marker) stack.pop();
      const parent = stack[stack.length - 1];
      attach(parent, row);
      stack.push(row);
    } else {
      attach(groupOf(), row);
    }
    if (afterTotal && row.parent === undefined && totals[0] !== rows[0]) {
      chainedAfter.add(row);
      later.add(row);
    }
    prev = row;
  }
  // A row's effective children: what is not covered by a 小计 (the 小计 stands in for them).
  const prune = (n: WorkRow) => {
    if (n.kind !== 'subtotal' && n.children.some((c) => c.covered))
      n.children = n.children.filter((c) => !c.covered);
    for (const c of n.children) prune(c);
  };
  prune(root);
  // Rows after a closing total belong to the chained total that follows them, not to the first total.
  for (const t of totals) {
    if (!chained.has(t)) t.children = root.children.filter((c) => !later.has(c));
  }
  // Totals sum the top level; when a table has only totals, they are its top level.
  return root.children.length ? root.children : totals;
}

/** Takes the `其中` block starting at `start` as the breakdown of `parent`; returns the index after it. */
function takeBreakdown(rows: WorkRow[], start: number, parent: WorkRow): number {
  const first = rows[start];
  first.name = first.name.replace(/^其中\s*[:：]?\s*/, '');
  const field = mainAmount(parent);
  const block: WorkRow[] = [first];
  let acc: Decimal = first.vals[field ?? 'spent']?.value ?? new D(0);
  let j = start + 1;
  const parentName = toHalfWidth(parent.name).replace(/\s+/g, '');
  // Parts numbered like the first ((1), (2) after 其中：(1)) continue the block.
  const family = markerLevel(toHalfWidth(first.name).replace(/\s+/g, ''));
  for (; j < rows.length; j++) {
    const r = rows[j];
    const sameFamily = family > 0 && r.marker === family;
    if (r.kind !== 'item' || (r.marker > 0 && !sameFamily) || BREAKDOWN.test(r.name.replace(/\s+/g, '')))
      break;
    if (sameFamily) {
      block.push(r);
      const v = field ? r.vals[field]?.value : undefined;
      if (v) acc = acc.plus(v);
      continue;
    }
    const compact = r.name.replace(/\s+/g, '');
    const v = field ? r.vals[field]?.value : undefined;
    const pv = field ? parent.vals[field] : undefined;
    const fits = !!pv && !!v && acc.plus(v).lte(pv.value.plus(halfUnit(pv.dp).times(block.length + 1)));
    // A part the form names (公务用车购置及运行维护费 over 购置费 and 运行维护费) belongs whatever its figures.
    const named = CAR.test(parentName) && /购置|运行|运转/.test(compact) && !/及/.test(compact);
    // The car costs' parts are the ones the form names, never another “三公” item however its figures fit.
    const joins = CAR.test(parentName)
      ? named
      : FORM_PARTS.test(compact) || r.indent || fits || named || (!!pv && !v && acc.lt(pv.value));
    if (joins) {
      block.push(r);
      if (v) acc = acc.plus(v);
      if (pv && acc.gte(pv.value) && !FORM_PARTS.test(rows[j + 1]?.name.replace(/\s+/g, '') ?? '')) {
        j++;
        break;
      }
      continue;
    }
    break;
  }
  for (const r of block) {
    r.partOf = parent;
    r.depth = parent.depth + 1;
  }
  parent.parts = block;
  parent.breakdownComplete = completeBreakdown(parent, block);
  return j;
}

/** The 三公 row whose parts a form defines: 公务用车购置及运行维护费 (公务用车费, 公务用车购置及运行费). */
const CAR = /公务用车(购置及运行(维护)?)?(费|经费)/;

/**
 * Whether `其中` parts are their row's complete breakdown (domain.md §1, partial 其中): one with a catch-all (其他…),
 * or a set a form defines as complete (公务用车购置及运行维护费 = 购置费 + 运行维护费). A single 其中 line, or lines
 * without a catch-all, only bound their row.
 */
function completeBreakdown(parent: WorkRow, parts: readonly WorkRow[]): boolean {
  if (parts.length < 2) return false;
  const names = parts.map((p) =>
    toHalfWidth(p.name)
      .replace(/\s+/g, '')
      .replace(/^其中[:：]?/, ''),
  );
  if (names.some((n) => /^(其他|其它)/.test(n))) return true;
  const own = toHalfWidth(parent.name).replace(/\s+/g, '');
  if (CAR.test(own) && names.some((n) => /购置/.test(n)) && names.some((n) => /运行|运转/.test(n)))
    return true;
  return false;
}

/** The key of a second column of a field: `count@3`. */
export function extraKey(spec: ColumnSpec): string {
  return `${spec.field}@${spec.col}`;
}

/** A row's stated figure for a field, or for a second column by its key. */
export function statedBy(row: WorkRow, key: string): Stated | undefined {
  return row.extra?.[key] ?? row.vals[key as Field];
}

/** The value of a row for summing: stated, else the sum of its children's (a field, or a second column's key). */
export function effective(row: WorkRow, field: Field | string): Decimal | undefined {
  const s = statedBy(row, field);
  if (s) return s.value;
  if (row.children.length === 0) return undefined;
  const vs: Decimal[] = [];
  for (const c of row.children) {
    const v = effective(c, field);
    if (v) vs.push(v);
  }
  return vs.length ? sum(vs) : undefined;
}

/** A header key, exported for the hosts' column lists. */
export function headerKey(text: string): string {
  return normalizeHeader(text).key;
}

/** A label/value block (e.g. 年初预算 | 142.15, 执行率 | 98.88%) as a one-row ledger. */
export function buildLabelValueLedger(
  raw: RawTable,
  entries: { row: number; labelCol: number; valueCol: number; field: Field }[],
  name: string,
): WorkLedger {
  const top = raw.sheet.top ?? 0;
  const left = raw.sheet.left ?? 0;
  const vals: Partial<Record<Field, Stated>> = {};
  const issues: InputIssue[] = [];
  const headerCell: Partial<Record<Field, string>> = {};
  for (const e of entries) {
    if (vals[e.field]) continue;
    const cellRef = raw.sheet.rows[e.row]?.[e.valueCol];
    const p = parseNumberCell(cellRef);
    const cell = a1(top + e.row, left + e.valueCol);
    headerCell[e.field] = a1(top + e.row, left + e.labelCol);
    const h = normalizeHeader(cellText(raw.sheet.rows[e.row]?.[e.labelCol]));
    const spec: ColumnSpec = {
      col: e.valueCol,
      field: e.field,
      unit: h.unit ?? raw.unit,
      percent: !!h.percent,
      headerRow: e.row,
      label: h.key,
    };
    if (p.kind === 'error') issues.push({ kind: 'error', field: e.field, cell, raw: p.error });
    if (p.kind !== 'number') continue;
    const col = readColumn({ ...raw, dataRows: [e.row] }, spec);
    const s = statedOfCell(col, p, top + e.row, left + e.valueCol);
    if (p.text) issues.push({ kind: 'text', field: e.field, cell, raw: p.text, value: s.value, dp: s.dp });
    if (s.value.isNegative() && NON_NEGATIVE_FIELDS.has(e.field)) {
      issues.push({
        kind: 'negative',
        field: e.field,
        cell,
        raw: cellText(cellRef),
        value: s.value,
        dp: s.dp,
      });
      continue;
    }
    vals[e.field] = s;
  }
  const row: WorkRow = {
    rel: entries[0].row,
    sheetRow: top + entries[0].row,
    name,
    label: name,
    kind: 'item',
    marker: 0,
    vals,
    children: [],
    parts: [],
    depth: 0,
  };
  const ledger: WorkLedger = {
    raw,
    rows: [row],
    top: [row],
    issues,
    fieldsPresent: new Set(Object.keys(vals) as Field[]),
    headerCell,
    grades: [],
  };
  own(ledger);
  return ledger;
}
