/**
 * Table detection in plain grids: header rows (one or two, with merged group cells), title and unit
 * rows, the data rows beneath, several tables per sheet, and label/value pairs outside the tables.
 */
import { forEachCell, mergeIndex, someCell, withoutColumns, type Cell, type Sheet } from './grid';
import { cellText, normalizeHeader, parseNumberCell, toHalfWidth, unitInText } from './cells';
import type { Field, FieldOverride, Unit } from './types';
import {
  AMOUNT_FIELDS,
  fieldOfHeader,
  headerMeaning,
  NUMERIC_FIELDS,
  exactFieldOfHeader,
  type HeaderMeaning,
  staffingOfLabel,
  type StaffingKey,
} from './vocabulary';

export interface ColumnSpec {
  /** Index into the sheet's row arrays (relative to `Sheet.left`). */
  col: number;
  field: Field;
  /** The unit of an amount column (from its header, else the table's). */
  unit: Unit;
  /** The header said `(%)`: bare numbers are percentage points. */
  percent: boolean;
  /** Relative row of the header cell naming the column. */
  headerRow: number;
  /** The header's words, normalised (e.g. 结余原因, 备注). */
  label: string;
  /** Another column of a field the table already has (its figures are kept apart, in `WorkRow.extra`). */
  second?: boolean;
}

/** Fields a table may have several columns of: counts, and the terms of 全年预算数 that add up. */
const REPEATABLE: ReadonlySet<Field> = new Set<Field>([
  'count',
  'carryOver',
  'added',
  'reduced',
  'funds',
  'code',
]);

export interface RawTable {
  sheet: Sheet;
  title?: string;
  /** The department a 部门：… line above the header names. */
  department?: string;
  unit: Unit;
  /** Relative rows (index into `Sheet.rows`). */
  headerTop: number;
  headerBottom: number;
  dataRows: number[];
  columns: ColumnSpec[];
  nameCol?: number;
  /** An unnamed column left of the names that holds outline numbers (序号). */
  markerCol?: number;
  /** The 科目编码 column, or the 类 | 款 | 项 columns in order. */
  codeCols?: number[];
  /** A 单位 / 计量单位 column (a count unit there makes the row a count). */
  unitCol?: number;
  left: number;
  right: number;
  /** Row-wise totals: a total column (its key) equal to, or bounding, the sum of part columns (their keys). */
  rowTotals?: { total: string; parts: string[]; field: Field; complete: boolean }[];
  /** Identities printed in the header: a column (its key) equal to the sum or difference of others. */
  formulas?: { target: string; terms: { key: string; neg: boolean }[] }[];
  /** The 栏次 row's number of each column (relative column → number). */
  numbering?: Map<number, number>;
  /** The field whose column a 占比 column divides by its table's total (default 实际支出). */
  shareOf?: Field;
}

export interface LabelValue {
  row: number;
  /** The value's row when it stands below its label (else `row`). */
  valueRow?: number;
  labelCol: number;
  valueCol: number;
  label: string;
  field?: Field;
  staffing?: StaffingKey;
}

export interface SheetTables {
  tables: RawTable[];
  labelValues: LabelValue[];
}

type Row = (Cell | null | undefined)[] | undefined;

function isNumberCell(c: Cell | null | undefined): boolean {
  return !!c && typeof c.v === 'number';
}

function rowIsEmpty(row: Row): boolean {
  return !someCell(
    row,
    (c) =>
      (!!c.error || (c.v !== null && c.v !== undefined && c.v !== '')) &&
      !(typeof c.v === 'string' && c.v.trim() === ''),
  );
}

function rowHasNumber(row: Row): boolean {
  return someCell(row, isNumberCell);
}

interface HeaderCell extends Omit<HeaderMeaning, 'field'> {
  field: Field;
  unit?: Unit;
  percent?: boolean;
  key: string;
}

const CODE_PART = /^(类|款|项)$/;

/** The fields named in one row, or null when the row cannot be a header row (it holds numbers). */
function headerCells(row: Row): Map<number, HeaderCell> | null {
  if (!row || rowHasNumber(row)) return null;
  const out = new Map<number, HeaderCell>();
  let texts = 0;
  forEachCell(row, (cell, c) => {
    if (typeof cell.v !== 'string' || cell.v.trim() === '') return;
    texts++;
    const h = normalizeHeader(cell.v);
    // 类 | 款 | 项 under 科目编码: the code split over three columns.
    const meaning = CODE_PART.test(h.key) ? { field: 'code' as const } : headerMeaning(h.key, h.percent);
    if (meaning) out.set(c, { ...meaning, unit: h.unit, percent: h.percent, key: h.key });
  });
  return texts > 0 ? out : null;
}

function hasNumericField(cells: Map<number, HeaderCell>): boolean {
  for (const h of cells.values()) if (NUMERIC_FIELDS.has(h.field)) return true;
  return false;
}

/** Whether a merge spanning several columns crosses row r. */
function mergedAcross(sheet: Sheet, r: number): boolean {
  return mergeIndex(sheet).someOnRow(r, (m) => m.right > m.left);
}

/** A lone text merged across the whole width of the row beneath it is a title, not a group cell. */
function isTitleMerge(sheet: Sheet, r: number): boolean {
  const left = sheet.left ?? 0;
  const below = sheet.rows[r + 1];
  if (!below) return true;
  let first = -1;
  let last = -1;
  forEachCell(below, (c, i) => {
    if (cellText(c).trim()) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return mergeIndex(sheet).someOnRow(r, (m) => m.left <= left + first && m.right >= left + last);
}

/** The text of the cell over column c in row r: the cell itself, or the merged cell that covers it. */
function groupText(sheet: Sheet, r: number, c: number): string | undefined {
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  const own = cellText(sheet.rows[r]?.[c]).trim();
  if (own) return own;
  const m = mergeIndex(sheet).at(r, c);
  return m ? cellText(sheet.rows[m.top - top]?.[m.left - left]).trim() || undefined : undefined;
}

interface Header {
  top: number;
  bottom: number;
  cells: Map<number, HeaderCell & { row: number }>;
}

function headerAt(sheet: Sheet, r: number): Header | null {
  const upper = headerCells(sheet.rows[r]);
  if (!upper) return null;
  // A title or unit line is not the top of a header: a header row has several cells or spreads over columns,
  // and one that names no field is a row of group cells (资金来源 over 年初预算 | 上年结转), merged across.
  const texts = textCellsOnly(sheet.rows[r]).length;
  const merged = mergedAcross(sheet, r);
  if (texts < 2 && !merged) return null;
  // A lone text merged over the whole table is its title, even when it holds a header word (部门项目支出明细).
  if (texts === 1 && merged && isTitleMerge(sheet, r)) return null;
  if (upper.size === 0 && (!merged || unitOfRow(sheet.rows[r]) || (texts < 2 && isTitleMerge(sheet, r))))
    return null;
  // Group cells are short labels (资金来源, 支出情况); a line of long text (an office's name, a goal) is not one.
  if (upper.size === 0 && textCellsOnly(sheet.rows[r]).some((t) => t.replace(/\s+/g, '').length > 10))
    return null;
  let cells = new Map<number, HeaderCell & { row: number }>();
  for (const [c, h] of upper) cells.set(c, { ...h, row: r });
  let bottom = r;
  // Up to two more header rows beneath (项目 over 科目编码 | 科目名称 over 类 | 款 | 项), while each names more columns
  // or sits under group cells merged across.
  for (let next = r + 1; next <= r + 2; next++) {
    const lowerRow = sheet.rows[next];
    const lower = lowerRow && !rowIsEmpty(lowerRow) ? headerCells(lowerRow) : null;
    if (!lower || lower.size === 0) break;
    const combined = new Map(cells);
    for (const [c, h] of lower) combined.set(c, { ...h, row: next });
    const grouped = mergedAcross(sheet, next - 1);
    if (!grouped && combined.size <= cells.size) break;
    // A unit in a group cell (预算执行（元）over 预算数 | 执行数) is the unit of the columns beneath it.
    for (const [c, h] of lower) {
      const group = groupText(sheet, next - 1, c);
      const unit = h.unit ?? (group ? normalizeHeader(group).unit : undefined);
      combined.set(c, { ...h, row: next, ...(unit ? { unit } : {}) });
    }
    cells = combined;
    bottom = next;
  }
  if (cells.size < 2 || !hasNumericField(cells)) return null;
  return { top: r, bottom, cells };
}

const DASHES = /^[-—–－/／─━]+$/;
/** Text a form puts in a value cell to say "not applicable". */
const MARKER =
  /^(单位不需填列|不需填列|无需填列|不需要填列|不填列|不适用|不涉及|无|暂无|本年无|未发生|空|×|x|X|\\|…+)$/;

export function isMarker(text: string): boolean {
  return MARKER.test(text.replace(/[\s\u3000]+/g, ''));
}
const NOTE = /^(注|备注|说明|填报说明|数据来源|资料来源)[:：]|^注[一二三1-9]/;

function firstText(row: Row): { col: number; text: string } | undefined {
  let first: { col: number; text: string } | undefined;
  someCell(row, (cell, col) => {
    const text = cellText(cell).trim();
    if (text) first = { col, text };
    return !!text;
  });
  return first;
}

function isNoteRow(row: Row): boolean {
  const f = firstText(row);
  return !!f && NOTE.test(f.text.replace(/\s+/g, '')) && !rowHasNumber(row);
}

function unitOfRow(row: Row): Unit | undefined {
  let unit: Unit | undefined;
  someCell(row, (c) => {
    if (typeof c.v === 'string') unit = unitInText(c.v);
    return unit !== undefined;
  });
  return unit;
}

function textCellsOnly(row: Row): string[] {
  const out: string[] = [];
  forEachCell(row, (c) => {
    if (typeof c.v === 'string' && c.v.trim()) out.push(c.v.trim());
  });
  return out;
}

const OUTLINE =
  /^([一二三四五六七八九十百千零〇]+[、.．]|[(（][一二三四五六七八九十百千零〇\d]+[)）]|\d+[、.．](?!\d)|[a-zA-Z][、.．)])/;

/** The data rows beneath a header: until the next header, or a blank gap followed by a new table's title. */
function bodyRows(
  sheet: Sheet,
  header: Header,
  numericCols: number[],
  nameCol: number | undefined,
  band: { from: number; to: number },
): number[] {
  const rows = sheet.rows;
  const out: number[] = [];
  let last = header.bottom;
  // Side-by-side tables: only this table's columns count when asking whether a row is blank or a caption.
  const whole = band.from === 0 && band.to === Number.MAX_SAFE_INTEGER;
  const off = whole ? 0 : band.from;
  for (let r = header.bottom + 1; r < rows.length; r++) {
    const row = whole ? rows[r] : rows[r]?.slice(band.from, band.to + 1);
    if (rowIsEmpty(row)) continue;
    if (isNoteRow(row)) continue;
    // A figure: a number, an error value, or text that reads as a number (a header word is not one).
    let hasValue = false;
    for (const c of numericCols) {
      const cell = row?.[c - off];
      if (!cell) continue;
      if (typeof cell.v === 'number' || cell.error) {
        hasValue = true;
        break;
      }
      if (typeof cell.v === 'string' && cell.v.trim() && parseNumberCell(cell).kind === 'number') {
        hasValue = true;
        break;
      }
    }
    if (!hasValue && headerAt(sheet, r)) break;
    // Words and no figure under the figure columns (年度总体目标 | 预期目标 | 实际完成情况): another block begins.
    // A form's "not applicable" (单位不需填列, 无) is no such word: the row is data, the rows below too.
    if (
      !hasValue &&
      numericCols.some((c) => {
        const v = row?.[c - off]?.v;
        return typeof v === 'string' && v.trim() !== '' && !DASHES.test(v.trim()) && !isMarker(v);
      })
    )
      break;
    if (r > last + 1 && nameCol !== undefined) {
      // After a gap, a label such as 编制数 or 执行率 starts label/value pairs, not more rows of this table.
      const key = normalizeHeader(cellText(row?.[nameCol - off])).key;
      if (key && (staffingOfLabel(key) || exactFieldOfHeader(key))) break;
    }
    if (r > last + 1 && !hasValue) {
      // After a gap, a row without figures is the title of whatever comes next, unless it opens an outline group.
      const name = nameCol !== undefined ? cellText(row?.[nameCol - off]).trim() : '';
      if (!OUTLINE.test(name)) break;
      let opensGroup = false;
      for (let k = r + 1; k < Math.min(rows.length, r + 4); k++) {
        if (rowIsEmpty(whole ? rows[k] : rows[k]?.slice(band.from, band.to + 1))) continue;
        opensGroup = !headerAt(sheet, k);
        break;
      }
      if (!opensGroup) break;
    }
    if (!hasValue) {
      const texts = textCellsOnly(row);
      // A lone text cell standing outside the table's columns is a caption, not a row.
      const name = nameCol !== undefined ? cellText(row?.[nameCol - off]).trim() : '';
      if (!name && texts.length > 0 && nameCol !== undefined) {
        if (r > last + 1) break;
        continue;
      }
      if (unitOfRow(row)) break;
      // A line with no figures right after a 合计 is what follows the table (the next table's title).
      const prevName = nameCol !== undefined ? cellText(rows[last]?.[nameCol]).replace(/\s+/g, '') : '';
      if (/^(合计|总计)$/.test(prevName) && !OUTLINE.test(name)) break;
    }
    out.push(r);
    last = r;
  }
  return out;
}

function chooseNameCol(
  sheet: Sheet,
  header: Header,
  firstNumeric: number,
  minCol: number,
): { nameCol?: number; markerCol?: number } {
  const names = [...header.cells.entries()]
    .filter(([, h]) => h.field === 'name')
    .map(([c, h]) => ({ c, key: h.key }));
  let nameCol: number | undefined;
  // Texts in a column, counted on the rows that carry figures (the rows the names belong to).
  const numericCols = [...header.cells.entries()]
    .filter(([, h]) => NUMERIC_FIELDS.has(h.field))
    .map(([c]) => c);
  const textsIn = (c: number): number => {
    let texts = 0;
    for (let r = header.bottom + 1; r < Math.min(sheet.rows.length, header.bottom + 30); r++) {
      const row = sheet.rows[r];
      if ((headerCells(row)?.size ?? 0) >= 2) break; // the next table's header
      const v = row?.[c]?.v;
      if (typeof v === 'string' && v.trim() && numericCols.some((n) => typeof row?.[n]?.v === 'number'))
        texts++;
    }
    return texts;
  };
  if (names.length > 0) {
    nameCol = (names.find((n) => n.key.includes('名称')) ?? names[0]).c;
    // A name header merged over a blank column (项目资金（万元）over 年度资金总额 …): the names stand to its right.
    if (textsIn(nameCol) === 0) {
      for (let c = nameCol + 1; c < firstNumeric; c++) {
        if (!header.cells.has(c) && textsIn(c) > 0) {
          nameCol = c;
          break;
        }
      }
    }
  } else {
    // No name header: the column just left of the first figure that holds text.
    for (let c = firstNumeric - 1; c >= minCol; c--) {
      let texts = 0;
      for (let r = header.bottom + 1; r < Math.min(sheet.rows.length, header.bottom + 30); r++) {
        const v = sheet.rows[r]?.[c]?.v;
        if (typeof v === 'string' && v.trim()) texts++;
      }
      if (texts > 0) {
        nameCol = c;
        break;
      }
    }
  }
  let markerCol: number | undefined;
  if (nameCol !== undefined && nameCol > minCol) {
    const c = nameCol - 1;
    const key = normalizeHeader(cellText(sheet.rows[header.top]?.[c])).key;
    // A 序号 column, or a column with no header that holds something in the rows (not just blank space).
    let filled = false;
    for (let r = header.bottom + 1; r < Math.min(sheet.rows.length, header.bottom + 30) && !filled; r++) {
      filled = cellText(sheet.rows[r]?.[c]).trim() !== '';
    }
    if (!header.cells.has(c) && (key === '序号' || key === '编号' || key === '序' || (key === '' && filled)))
      markerCol = c;
  }
  return { nameCol, markerCol };
}

/** A line naming the department a table is of (部门：…, 编制单位：…). */
const DEPARTMENT_LINE =
  /^(部门|单位|预算单位|部门名称|单位名称|编制部门|编制单位|填报单位)\s*[:：]\s*(\S.*)$/;

function tableUnitAndTitle(
  sheet: Sheet,
  header: Header,
  floor: number,
): { unit?: Unit; title?: string; department?: string } {
  let unit: Unit | undefined;
  let title: string | undefined;
  let department: string | undefined;
  const cols = [...header.cells.keys()];
  const lo = Math.min(...cols);
  const hi = Math.max(...cols);
  for (let r = header.top - 1; r >= Math.max(floor, header.top - 4); r--) {
    const row = sheet.rows[r];
    if (rowIsEmpty(row)) {
      if (title || unit) break;
      continue;
    }
    if (rowHasNumber(row)) break;
    const u = unitOfRow(row);
    if (u && !unit) unit = u;
    // A title stands alone on its row; a row of several texts (主管部门 | … | 实施单位 | …) is a form's line. Two
    // tables side by side each have their own title over their own columns.
    const within: string[] = [];
    forEachCell(row, (cell, c) => {
      if (c >= lo && c <= hi && typeof cell.v === 'string' && cell.v.trim()) within.push(cell.v.trim());
    });
    const words = (list: string[]) =>
      list.filter(
        (t) => !unitInText(t) || t.replace(/[(（]?\s*(金额)?单位\s*[:：]\s*(万元|元)\s*[)）]?/g, '').trim(),
      );
    const own = words(within);
    const texts = own.length ? own : words(textCellsOnly(row));
    if (!title && texts.length === 1) {
      for (const t of texts) {
        const stripped = t.replace(/[(（]?\s*(金额)?单位\s*[:：]\s*(万元|元)\s*[)）]?/g, '').trim();
        const dept = DEPARTMENT_LINE.exec(stripped);
        if (dept) {
          department ??= dept[2].trim();
          continue;
        }
        if (stripped) {
          title = stripped;
          break;
        }
      }
    }
  }
  for (let r = header.top; r <= header.bottom && !unit; r++) {
    forEachCell(sheet.rows[r], (cell, c) => {
      if (!header.cells.has(c) && typeof cell.v === 'string') unit = unitInText(cell.v) ?? unit;
    });
  }
  return { unit, title, department };
}

function applyOverrides(sheet: Sheet, header: Header, overrides: FieldOverride[]): void {
  const left = sheet.left ?? 0;
  for (const o of overrides) {
    if (o.sheet !== sheet.name) continue;
    let col = 0;
    for (const ch of o.column.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    const rel = col - 1 - left;
    if (rel < 0) continue;
    if (o.field === null) header.cells.delete(rel);
    else {
      const prev = header.cells.get(rel);
      header.cells.set(rel, {
        field: o.field,
        unit: prev?.unit,
        percent: prev?.percent,
        key: prev?.key ?? '',
        row: prev?.row ?? header.bottom,
      });
    }
  }
}

/** Finds every table and label/value pair on a sheet. */
/**
 * Splits a header into side-by-side tables: runs of header columns separated by empty columns, each
 * naming at least two fields with a figure among them. One run (or none that qualifies) keeps it whole.
 */
function bands(sheet: Sheet, header: Header): { from: number; to: number; cells: Header['cells'] }[] {
  // Used columns as intervals: a cell is one column, a merge its whole width (never column by column).
  const used: { from: number; to: number }[] = [];
  const left = sheet.left ?? 0;
  const merges = mergeIndex(sheet);
  for (let r = header.top; r <= header.bottom; r++) {
    forEachCell(sheet.rows[r], (c, i) => {
      if (cellText(c).trim()) used.push({ from: i, to: i });
    });
    merges.someOnRow(r, (m) => {
      used.push({ from: m.left - left, to: m.right - left });
      return false;
    });
  }
  used.sort((a, b) => a.from - b.from);
  const runs: { from: number; to: number }[] = [];
  for (const u of used) {
    const last = runs[runs.length - 1];
    if (last && u.from <= last.to + 1) last.to = Math.max(last.to, u.to);
    else runs.push({ ...u });
  }
  // A two-sided table (收入 on the left, 支出 on the right: 项目 | 决算数 | 项目 | 决算数) splits at each name column
  // that follows figures.
  const sides: { from: number; to: number }[] = [];
  for (const run of runs) {
    const names = [...header.cells.entries()]
      .filter(([c, h]) => c >= run.from && c <= run.to && h.field === 'name')
      .map(([c]) => c)
      .sort((a, b) => a - b);
    let from = run.from;
    for (const n of names) {
      // The next side starts after this side's last figure (its code columns stand before its name).
      const figures = [...header.cells.entries()]
        .filter(([c, h]) => c >= from && c < n && NUMERIC_FIELDS.has(h.field))
        .map(([c]) => c);
      if (n > from && figures.length > 0) {
        const cut = Math.max(...figures) + 1;
        sides.push({ from, to: cut - 1 });
        from = cut;
      }
    }
    sides.push({ from, to: run.to });
  }
  const out = sides
    .map((b) => ({ ...b, cells: new Map([...header.cells].filter(([c]) => c >= b.from && c <= b.to)) }))
    .filter((b) => b.cells.size >= 2 && hasNumericField(b.cells));
  if (out.length < 2) return [{ from: 0, to: Number.MAX_SAFE_INTEGER, cells: header.cells }];
  return out;
}

/** Finds every table and label/value pair on a sheet. */
export function detectSheet(sheet: Sheet, overrides: FieldOverride[] = []): SheetTables {
  const { tables, covered } = findTables(sheet, overrides);
  for (const t of besideTables(sheet, tables, overrides)) tables.push(t);
  return { tables, labelValues: findLabelValues(sheet, covered) };
}

function findTables(sheet: Sheet, overrides: FieldOverride[]): { tables: RawTable[]; covered: boolean[] } {
  const tables: RawTable[] = [];
  const rows = sheet.rows;
  const covered: boolean[] = new Array<boolean>(rows.length).fill(false);
  let floor = 0;
  let r = 0;
  while (r < rows.length) {
    const found = headerAt(sheet, r);
    if (!found) {
      r++;
      continue;
    }
    applyOverrides(sheet, found, overrides);
    let end = found.bottom;
    for (const band of bands(sheet, found)) {
      const header: Header = { ...found, cells: band.cells };
      const table = tableUnder(sheet, header, band, floor);
      tables.push(table);
      if (table.dataRows.length) end = Math.max(end, table.dataRows[table.dataRows.length - 1]);
    }
    for (let k = found.top; k <= end; k++) covered[k] = true;
    floor = end + 1;
    r = end + 1;
  }
  return { tables, covered };
}

/**
 * Tables standing beside others but starting on another row (表一 at A3, 表二 at G4): the sheet is searched again
 * with the tables found blanked out. Rows that hold nothing outside the tables are skipped at once, so a
 * sheet-wide ledger costs one look per row.
 */
function besideTables(sheet: Sheet, found: RawTable[], overrides: FieldOverride[]): RawTable[] {
  if (found.length === 0) return [];
  const masked = sheet.rows.slice();
  let outside = false;
  for (const t of found) {
    const end = t.dataRows.length ? t.dataRows[t.dataRows.length - 1] : t.headerBottom;
    for (let r = t.headerTop; r <= end; r++) {
      const row = masked[r];
      if (!row) continue;
      const beyond = someCell(row, (cell, c) => (c < t.left || c > t.right) && cellText(cell).trim() !== '');
      masked[r] = beyond ? withoutColumns(row, t.left, t.right) : [];
      outside ||= beyond;
    }
  }
  if (!outside) return [];
  return findTables({ ...sheet, rows: masked }, overrides).tables.filter(
    (t) => !found.some((f) => f.headerTop === t.headerTop && f.left === t.left),
  );
}

function tableUnder(
  sheet: Sheet,
  header: Header,
  band: { from: number; to: number },
  floor: number,
): RawTable {
  const columns: ColumnSpec[] = [];
  const seen = new Set<Field>();
  const { unit: tableUnit, title, department } = tableUnitAndTitle(sheet, header, floor);
  const sorted = [...header.cells.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([c, h]) => [c, lastYear(header, h)] as const);
  // With no unit line, a unit every amount header states is the table's unit.
  const headerUnits = new Set(sorted.filter(([, h]) => AMOUNT_FIELDS.has(h.field)).map(([, h]) => h.unit));
  const unit: Unit = tableUnit ?? (headerUnits.size === 1 ? [...headerUnits][0] : undefined) ?? '万元';
  for (const [c, h] of sorted) {
    if (h.field === 'name') continue;
    // A second column of a field is kept where it adds up (户数 and 套数; 本年下达 and 本年争取), else dropped.
    const second = seen.has(h.field);
    if (second && !REPEATABLE.has(h.field)) continue;
    seen.add(h.field);
    columns.push({
      ...(second ? { second: true } : {}),
      col: c,
      field: h.field,
      unit: h.unit ?? unit,
      percent: !!h.percent,
      headerRow: h.row,
      label: h.key,
    });
  }
  // The rows beneath the header, as far as a table of this kind goes, tell a column of words from one of figures.
  const probe: number[] = [];
  for (let r = header.bottom + 1; r < Math.min(sheet.rows.length, header.bottom + 31); r++) {
    const row = sheet.rows[r];
    if (rowIsEmpty(row) || (headerCells(row)?.size ?? 0) >= 2) break;
    probe.push(r);
  }
  dropTextColumns(sheet, columns, probe, header);
  const numericCols = columns.filter((c) => NUMERIC_FIELDS.has(c.field)).map((c) => c.col);
  // With no column of figures left (every one held words), the names are looked for within the header's columns.
  const firstNumeric = numericCols.length ? Math.min(...numericCols) : Math.max(...header.cells.keys()) + 1;
  const { nameCol, markerCol } = chooseNameCol(sheet, header, firstNumeric, band.from);
  // A row of 栏次 (1 2 3 … under the header) numbers the columns; it is no data.
  const numbering = columnNumbers(sheet, header, band);
  const dataRows = bodyRows(
    sheet,
    numbering ? { ...header, bottom: header.bottom + 1 } : header,
    numericCols,
    nameCol,
    band,
  );
  decideChanges(sheet, columns, header, dataRows);
  const codeCols = columns.filter((c) => c.field === 'code').map((c) => c.col);
  const unitCol = unitColumn(sheet, header, band);
  const allCols = [...columns.map((c) => c.col), ...(nameCol !== undefined ? [nameCol] : [])];
  if (markerCol !== undefined) allCols.push(markerCol);
  if (unitCol !== undefined) allCols.push(unitCol);
  const rowTotals = rowTotalGroups(columns, header);
  const shareCol = columns.find((c) => c.field === 'share');
  const shareOf = shareCol
    ? columns
        .filter((c) => AMOUNT_FIELDS.has(c.field) && c.col < shareCol.col && !c.second)
        .sort((a, b) => b.col - a.col)[0]?.field
    : undefined;
  const formulas = headerFormulas(columns, header, numbering);
  return {
    sheet,
    title,
    department,
    unit,
    headerTop: header.top,
    headerBottom: header.bottom,
    dataRows,
    columns,
    nameCol,
    markerCol,
    ...(codeCols.length ? { codeCols } : {}),
    ...(unitCol !== undefined ? { unitCol } : {}),
    ...(rowTotals.length ? { rowTotals } : {}),
    ...(formulas.length ? { formulas } : {}),
    ...(numbering ? { numbering } : {}),
    ...(shareOf ? { shareOf } : {}),
    left: Math.min(...allCols),
    right: Math.max(...allCols),
  };
}

/**
 * Headers that name years (2019年决算数 | 2020年决算数): the latest year is this year, an earlier one is last year's
 * figure (上年决算 for spending, 上年预算 for budgets).
 */
function lastYear(header: Header, h: HeaderCell & { row: number }): HeaderCell & { row: number } {
  if (h.year === undefined) return h;
  const years = [...header.cells.values()].map((x) => x.year).filter((y): y is number => y !== undefined);
  const latest = Math.max(...years);
  if (h.year >= latest) return h;
  if (h.field === 'spent') return { ...h, field: 'prevYear' };
  if (h.field === 'initial' || h.field === 'available') return { ...h, field: 'prevBudget' };
  return h;
}

/**
 * A bare 比上年增减 is an amount or a rate as its values say: the column is an amount where its figures equal this
 * year less last year on more rows than they equal the change rate.
 */
function decideChanges(sheet: Sheet, columns: ColumnSpec[], header: Header, dataRows: number[]): void {
  const col = (f: Field) => columns.find((c) => c.field === f && !c.second);
  for (const c of columns) {
    if (c.field !== 'change' || !header.cells.get(c.col)?.changeUndecided) continue;
    const pairs: [ColumnSpec | undefined, ColumnSpec | undefined][] = [
      [col('spent') ?? col('available'), col('prevYear')],
      [col('initial') ?? col('available'), col('prevBudget')],
    ];
    const pair = pairs.find(([a, b]) => a && b);
    if (!pair) continue;
    const [cur, prev] = pair as [ColumnSpec, ColumnSpec];
    let amount = 0;
    let rate = 0;
    for (const r of dataRows) {
      const row = sheet.rows[r];
      const v = parseNumberCell(row?.[c.col]);
      const a = parseNumberCell(row?.[cur.col]);
      const b = parseNumberCell(row?.[prev.col]);
      if (v.kind !== 'number' || a.kind !== 'number' || b.kind !== 'number') continue;
      const diff = a.value.minus(b.value);
      if (diff.minus(v.value).abs().lte(0.011)) amount++;
      if (!b.value.isZero()) {
        const q = diff.div(b.value);
        if (q.minus(v.value).abs().lte(0.0001) || q.times(100).minus(v.value).abs().lte(0.011)) rate++;
      }
    }
    if (amount > rate) c.field = 'changeAmount';
  }
}

/**
 * A column whose cells are mostly words, with no name column to its left, holds the table's row labels, whatever its
 * header says (年度预算数(万元) over 总额 | 其中：财政资金 in a form): it is left out of the table's figures.
 */
function dropTextColumns(sheet: Sheet, columns: ColumnSpec[], dataRows: number[], header: Header): void {
  for (let i = columns.length - 1; i >= 0; i--) {
    const c = columns[i];
    if (!NUMERIC_FIELDS.has(c.field)) continue;
    // Row labels stand left of the figures, where no name column does: a column of bad entries right of the names
    // is still a column of figures, each reported.
    if ([...header.cells.entries()].some(([col, h]) => h.field === 'name' && col < c.col)) continue;
    let words = 0;
    let figures = 0;
    for (const r of dataRows) {
      const cell = sheet.rows[r]?.[c.col];
      if (!cell || cell.v === null || cell.v === '') continue;
      const p = parseNumberCell(cell);
      if (p.kind === 'number' || p.kind === 'error') figures++;
      else if (p.kind === 'text' && !isMarker(p.text)) words++;
    }
    if (words >= 2 && words > figures) columns.splice(i, 1);
  }
}

/** The key under which a column's figures are kept on a row (`vals` field, or `field@col` for a second column). */
export function columnKey(c: ColumnSpec): string {
  return c.second ? `${c.field}@${c.col}` : c.field;
}

/**
 * A 栏次 row under the header: its cells in the table's columns are the integers 1, 2, 3 … (a first cell may say
 * 栏次). Returns each column's number, or undefined when there is no such row.
 */
function columnNumbers(
  sheet: Sheet,
  header: Header,
  band: { from: number; to: number },
): Map<number, number> | undefined {
  const row = sheet.rows[header.bottom + 1];
  if (!row) return undefined;
  const out = new Map<number, number>();
  const seen: number[] = [];
  let said = false;
  for (let c = Math.max(0, band.from); c < Math.min(row.length, band.to + 1); c++) {
    const cell = row[c];
    const t = toHalfWidth(cellText(cell)).replace(/\s+/g, '');
    if (/^(栏次|栏号)$/.test(t)) said = true;
    if (!t || /^(栏次|栏号|行次|项目|栏)$/.test(t)) continue;
    const n = /^(栏)?(\d{1,2})(栏)?$/.exec(t);
    if (!n) return undefined;
    out.set(c, Number(n[2]));
    seen.push(Number(n[2]));
  }
  if (seen.length === 0 || (seen.length < 2 && !said)) return undefined;
  for (let i = 1; i < seen.length; i++) if (seen[i] !== seen[i - 1] + 1) return undefined;
  return said || seen[0] === 1 || seen[0] === 0 ? out : undefined;
}

/** A 单位 / 计量单位 column (in the header rows, within the table's band). */
function unitColumn(sheet: Sheet, header: Header, band: { from: number; to: number }): number | undefined {
  for (let r = header.top; r <= header.bottom; r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = Math.max(0, band.from); c < Math.min(row.length, band.to + 1); c++) {
      if (/^(计量)?单位$/.test(normalizeHeader(cellText(row[c])).key)) return c;
    }
  }
  return undefined;
}

/**
 * Row-wise totals: a total column (合计, 本年支出合计, 总额) and the part columns beside it (基本支出 | 项目支出, or
 * fund sources). The parts are complete unless one says 其中 without a catch-all (其他…) among them.
 */
function rowTotalGroups(columns: ColumnSpec[], header: Header): NonNullable<RawTable['rowTotals']> {
  const out: NonNullable<RawTable['rowTotals']> = [];
  const meaning = new Map<number, HeaderCell>();
  for (const [c, h] of header.cells) meaning.set(c, h);
  const sorted = [...columns].sort((a, b) => a.col - b.col);
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i];
    if (!meaning.get(t.col)?.total) continue;
    const take = (from: number, step: number): ColumnSpec[] => {
      const parts: ColumnSpec[] = [];
      for (let j = from; j >= 0 && j < sorted.length; j += step) {
        const c = sorted[j];
        const m = meaning.get(c.col);
        if (m?.total || (c.field !== 'funds' && !m?.partial)) break;
        if (!AMOUNT_FIELDS.has(c.field)) break;
        parts.push(c);
      }
      return parts;
    };
    let parts = take(i + 1, 1);
    if (parts.length === 0) parts = take(i - 1, -1);
    if (parts.length === 0) continue;
    const partial = parts.some((p) => meaning.get(p.col)?.partial);
    const catchAll = parts.some((p) => /^(其他|其它)/.test(p.label.replace(/^其中[:：]?/, '')));
    out.push({
      total: columnKey(t),
      parts: parts.map(columnKey),
      field: t.field,
      complete: !partial || catchAll,
    });
  }
  return out;
}

/**
 * Identities printed in the header (`合计 3=1+2`, `全年预算数=①+②`): a column equal to a sum or difference of others,
 * the columns named by their 栏次 number or by the circled number in their header.
 */
function headerFormulas(
  columns: ColumnSpec[],
  header: Header,
  numbering: Map<number, number> | undefined,
): NonNullable<RawTable['formulas']> {
  const out: NonNullable<RawTable['formulas']> = [];
  const byNumber = new Map<number, ColumnSpec>();
  for (const c of columns) {
    const n = numbering?.get(c.col) ?? header.cells.get(c.col)?.label;
    if (n !== undefined && !byNumber.has(n)) byNumber.set(n, c);
  }
  for (const c of columns) {
    const f = header.cells.get(c.col)?.formula;
    if (!f || !/^[\d+\-()]+$/.test(f) || !/[+-]/.test(f)) continue;
    const flat = f.replace(/[()]/g, '');
    const terms: { key: string; neg: boolean }[] = [];
    let ok = true;
    for (const m of flat.matchAll(/([+-]?)(\d+)/g)) {
      const col = byNumber.get(Number(m[2]));
      if (!col || col === c) {
        ok = false;
        break;
      }
      terms.push({ key: columnKey(col), neg: m[1] === '-' });
    }
    if (ok && terms.length >= 2) out.push({ target: columnKey(c), terms });
  }
  return out;
}

function findLabelValues(sheet: Sheet, covered: boolean[]): LabelValue[] {
  const out: LabelValue[] = [];
  const left = sheet.left ?? 0;
  const rows = sheet.rows;
  const merges = mergeIndex(sheet);
  for (let r = 0; r < rows.length; r++) {
    if (covered[r]) continue;
    const row = rows[r];
    if (!row) continue;
    // The column of the last value paired: the cells up to it are taken.
    let taken = -1;
    forEachCell(row, (cell, c) => {
      if (c <= taken || typeof cell.v !== 'string') return;
      const key = normalizeHeader(cell.v).key;
      if (!key || key.length > 14) return;
      const staffing = staffingOfLabel(key);
      const field = staffing ? undefined : fieldOfHeader(key);
      if (!staffing && (!field || !NUMERIC_FIELDS.has(field))) return;
      // The value stands in the next cell or two after the label (after its merge, when the label is merged).
      const merge = merges.at(r, c);
      const after = merge ? merge.right - left : c;
      let paired = false;
      for (let v = after + 1; v <= Math.min(row.length - 1, after + 2); v++) {
        const vc = row[v];
        if (!vc || (vc.v === null && !vc.error) || vc.v === '') continue;
        const p = parseNumberCell(vc);
        if (p.kind === 'number' || p.kind === 'error') {
          out.push({ row: r, labelCol: c, valueCol: v, label: cell.v.trim(), field, staffing });
          paired = true;
          taken = v;
        }
        break;
      }
      // Staffing counts are also laid out with each label above its number (编制数 / 45).
      if (!paired && staffing && !covered[r + 1]) {
        const below = parseNumberCell(rows[r + 1]?.[c]);
        if (below.kind === 'number') {
          out.push({ row: r, labelCol: c, valueCol: c, valueRow: r + 1, label: cell.v.trim(), staffing });
        }
      }
    });
  }
  return out;
}
