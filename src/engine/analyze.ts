/**
 * The pipeline: detect → ledgers → rules → totals. Pure and synchronous.
 */
import type Decimal from 'decimal.js';
import { detectSheet, type LabelValue, type RawTable } from './detect';
import { itemsAsColumns } from './items-as-columns';
import {
  a1,
  a1Range,
  columnLetter,
  parseA1,
  sheetColOf,
  sheetRowOf,
  someCell,
  type Sheet,
  type Workbook,
} from './grid';
import { buildLabelValueLedger, buildLedger, type Stated, type WorkLedger, type WorkRow } from './ledger';
import { D, ratio, sum } from './money';
import { addFinding, type RuleContext } from './rules/context';
import { FIELD_LABELS, fillUnit } from './messages';
import { findingUnit } from './units';
import { availableAsTerms } from './rules/identity';
import { checkInputs } from './rules/input';
import { checkLimits } from './rules/limits';
import { checkMapping } from './rules/mapping';
import { ruleTable, type RuleTable } from './rules/table';
import { localise, type Localisation } from './correct/localise';
import { TableSystem } from './correct/system';
import { crossIdentities, type CrossResult } from './rules/cross';
import { reportLocalisation } from './correct/report';
import type { Valuation } from './correct/identity';
import {
  EngineUsageError,
  type Analysis,
  type AnalyzeOptions,
  type Field,
  type Finding,
  type Ledger,
  type ScoreTable,
  type LedgerRow,
  type Staffing,
  type TableInfo,
  type Totals,
} from './types';
import { staffingOfLabel } from './vocabulary';
import { isScoreLedger, resolveScoring, scoreSheet } from './scoring';
import { makeBook, tableTotals } from './figures';
import { REGISTRY_SHEET } from './plan-types';
import { cellText, parseNumberCell } from './cells';

function checkOptions(options: AnalyzeOptions): Analysis['options'] {
  const lang = options.lang ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en-US') throw new EngineUsageError(`unknown language: ${String(lang)}`);
  const threshold = options.threshold ?? 60;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
    throw new EngineUsageError(`threshold must be a percentage from 0 to 100, not ${String(threshold)}`);
  }
  const rateBase = options.rateBase ?? 'available';
  if (rateBase !== 'available' && rateBase !== 'initial')
    throw new EngineUsageError(`unknown rate base: ${String(rateBase)}`);
  return {
    lang,
    threshold,
    rateBase,
    scoring: options.scoring ?? {},
    overrides: options.overrides ?? [],
    skipSheets: options.skipSheets ?? [],
  };
}

/** Every row of a ledger in sheet order, 其中 parts included. */
/** The frame of a block of label/value pairs, as a table with no header row of its own. */
function labelValueFrame(sheet: Sheet, block: LabelValue[], title?: string): RawTable {
  return {
    sheet,
    ...(title ? { title } : {}),
    unit: '万元',
    headerTop: block[0].row,
    headerBottom: block[0].row,
    dataRows: [],
    columns: [],
    left: block.reduce((m, e) => Math.min(m, e.labelCol), Number.MAX_SAFE_INTEGER),
    right: block.reduce((m, e) => Math.max(m, e.valueCol), -1),
  };
}

function tableInfo(raw: RawTable, kind: TableInfo['kind'], lastRow?: number): TableInfo {
  if (raw.sheet.origin) return viewInfo(raw, kind);
  const top = raw.sheet.top ?? 0;
  const left = raw.sheet.left ?? 0;
  const fields: Record<string, Field> = {};
  if (raw.nameCol !== undefined) fields[columnLetter(left + raw.nameCol)] = 'name';
  const headers: Record<string, string> = {};
  for (const c of raw.columns) {
    fields[columnLetter(left + c.col)] = c.field;
    headers[columnLetter(left + c.col)] = c.label;
  }
  const end = lastRow ?? (raw.dataRows.length ? raw.dataRows[raw.dataRows.length - 1] : raw.headerBottom);
  return {
    sheet: raw.sheet.name,
    range: a1Range(top + raw.headerTop, left + raw.left, top + end, left + raw.right),
    unit: raw.unit,
    fields,
    headers,
    kind,
    ...(raw.title ? { title: raw.title } : {}),
  };
}

/**
 * A table read from a view of its sheet (items as columns): its range, fields and headers where its cells stand on
 * the sheet, each column letter with the field of the figures in it.
 */
function viewInfo(raw: RawTable, kind: TableInfo['kind']): TableInfo {
  const sheet = raw.sheet;
  const fields: Record<string, Field> = {};
  const headers: Record<string, string> = {};
  let top = Infinity;
  let bottom = -1;
  let leftmost = Infinity;
  let right = -1;
  const at = (r: number, c: number) => {
    const row = sheetRowOf(sheet, r, c);
    const col = sheetColOf(sheet, r, c);
    top = Math.min(top, row);
    bottom = Math.max(bottom, row);
    leftmost = Math.min(leftmost, col);
    right = Math.max(right, col);
    return columnLetter(col);
  };
  for (const r of [raw.headerTop, ...raw.dataRows]) {
    if (raw.nameCol !== undefined) fields[at(r, raw.nameCol)] ??= 'name';
    for (const c of raw.columns) {
      const letter = at(r, c.col);
      if (r === raw.headerTop) continue;
      fields[letter] = c.field;
      headers[letter] = c.label;
    }
  }
  return {
    sheet: sheet.name,
    range: a1Range(top, leftmost, bottom, right),
    unit: raw.unit,
    fields,
    headers,
    kind,
    ...(raw.title ? { title: raw.title } : {}),
  };
}

function groupLabelValues(lv: LabelValue[]): LabelValue[][] {
  const blocks: LabelValue[][] = [];
  for (const e of lv) {
    const last = blocks[blocks.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && e.row - prev.row <= 2) last.push(e);
    else blocks.push([e]);
  }
  return blocks;
}

function titleAbove(sheet: Sheet, row: number): string | undefined {
  for (let r = row - 1; r >= Math.max(0, row - 3); r--) {
    let title: string | undefined;
    someCell(sheet.rows[r], (c) => {
      const t = cellText(c).trim();
      if (t && !/^单位/.test(t)) title = t;
      return title !== undefined;
    });
    if (title !== undefined) return title;
  }
  return undefined;
}

function staffingOf(sheet: Sheet, lv: LabelValue[], ctx: RuleContext): Staffing | undefined {
  const out: Staffing = { sheet: sheet.name };
  const cells: Partial<Record<'authorized' | 'actual', string>> = {};
  for (const e of lv) {
    if (!e.staffing) continue;
    const p = parseNumberCell(sheet.rows[e.valueRow ?? e.row]?.[e.valueCol]);
    if (p.kind !== 'number') continue;
    const n = p.value.toNumber();
    if (out[e.staffing] === undefined) {
      out[e.staffing] = n;
      if (e.staffing === 'authorized' || e.staffing === 'actual') {
        cells[e.staffing] = a1((sheet.top ?? 0) + (e.valueRow ?? e.row), (sheet.left ?? 0) + e.valueCol);
      }
    }
  }
  if (
    out.authorized === undefined &&
    out.actual === undefined &&
    out.contract === undefined &&
    out.retired === undefined
  ) {
    return undefined;
  }
  if (out.authorized !== undefined && out.actual !== undefined) {
    const r = ratio(new D(out.actual), new D(out.authorized));
    if (r) out.controlRate = r;
    if (out.actual > out.authorized && cells.actual) {
      addFinding(ctx, {
        rule: 'staffing',
        severity: 'warning',
        sheet: sheet.name,
        cell: cells.actual,
        expected: `≤ ${out.authorized}`,
        actual: String(out.actual),
        key: 'staffing',
        params: { diff: String(out.actual - out.authorized), authorized: String(out.authorized) },
      });
    }
  }
  return out;
}

/**
 * The true figure of a row for a field: its stated value as the correction model leaves it (corrected where it found
 * the cell wrong); when nothing is stated, what its parts give (the rows beneath it, or its own budget terms).
 */
function trueValue(
  row: WorkRow,
  field: 'available' | 'spent' | 'initial',
  value: Valuation,
  t: RuleTable | undefined,
): Decimal | undefined {
  const s = row.vals[field];
  if (s) return value(s);
  if (row.children.length) {
    const vs = row.children.map((c) => trueValue(c, field, value, t)).filter((x): x is Decimal => !!x);
    if (vs.length) return sum(vs);
  }
  if (field === 'available' && t) {
    const terms = availableAsTerms(t, row);
    if (terms) return sum(terms.map((x) => (x.cell ? value(x.cell) : x.value).times(x.neg ? -1 : 1)));
  }
  return undefined;
}

/**
 * A ledger row's public figures. Surplus and rate are computed when first asked for: a check of a big
 * ledger never needs them per row, a report does.
 */
class RowFigures implements LedgerRow {
  sheet = '';
  readonly row: number;
  readonly name: string;
  readonly label: string;
  readonly kind: LedgerRow['kind'];
  readonly level: number;
  readonly stated: LedgerRow['stated'];
  readonly reason?: string;
  readonly available?: Decimal;
  readonly spent?: Decimal;
  parent?: number;
  private readonly base?: Decimal;
  private memo?: { surplus?: Decimal; rate?: Decimal };

  constructor(work: WorkRow, rateBase: 'available' | 'initial', value: Valuation, t: RuleTable | undefined) {
    this.row = work.sheetRow;
    this.name = work.name;
    this.label = work.label;
    this.kind = work.children.length > 0 && work.kind === 'item' ? 'group' : work.kind;
    this.level = work.depth;
    this.stated = work.vals;
    if (work.reason) this.reason = work.reason;
    this.available = trueValue(work, 'available', value, t);
    this.spent = trueValue(work, 'spent', value, t);
    this.base = rateBase === 'initial' ? trueValue(work, 'initial', value, t) : this.available;
  }

  get surplus(): Decimal | undefined {
    this.memo ??= {};
    if (this.memo.surplus === undefined && this.available && this.spent) {
      this.memo.surplus = this.available.minus(this.spent);
    }
    return this.memo.surplus;
  }

  get rate(): Decimal | undefined {
    this.memo ??= {};
    if (this.memo.rate === undefined && this.base && this.spent)
      this.memo.rate = this.base.isZero() ? undefined : this.spent.div(this.base);
    return this.memo.rate;
  }
}

const ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** A table found on a sheet, with its ledger. */
interface Found {
  sheet: Sheet;
  ledger: WorkLedger;
  info: TableInfo;
  score: boolean;
}

/** Stage 1: every sheet's tables, label/value blocks and staffing facts; `input` and `mapping` findings. */
function readTables(
  workbook: Workbook,
  opts: Analysis['options'],
  ctx: RuleContext,
): {
  found: Found[];
  tables: TableInfo[];
  unrecognised: string[];
  staffing?: Staffing;
  sheetOrder: Map<string, number>;
} {
  const found: Found[] = [];
  const tables: TableInfo[] = [];
  const unrecognised: string[] = [];
  let staffing: Staffing | undefined;
  const sheetOrder = new Map<string, number>();
  const skip = new Set([...opts.skipSheets, REGISTRY_SHEET]);
  workbook.sheets.forEach((sheet, si) => {
    sheetOrder.set(sheet.name, si);
    if (skip.has(sheet.name)) return;
    // A table whose items are its columns (the national “三公” form) is read through a view of it.
    const detected = detectSheet(itemsAsColumns(sheet) ?? sheet, opts.overrides);
    const work: { ledger: WorkLedger; info: TableInfo }[] = [];
    for (const raw of detected.tables)
      work.push({ ledger: buildLedger(raw), info: tableInfo(raw, 'ledger') });
    for (const block of groupLabelValues(detected.labelValues.filter((e) => e.field))) {
      const fields = new Set(block.map((e) => e.field));
      if (fields.size < 2) continue;
      const lastRow = block[block.length - 1].row;
      const raw = labelValueFrame(sheet, block, titleAbove(sheet, block[0].row));
      const entries = block.map((e) => ({
        row: e.row,
        labelCol: e.labelCol,
        valueCol: e.valueCol,
        field: e.field as Field,
      }));
      const ledger = buildLabelValueLedger(raw, entries, raw.title ?? sheet.name);
      const info = tableInfo(raw, 'labelValue', lastRow);
      info.fields = {};
      for (const e of block) info.fields[columnLetter((sheet.left ?? 0) + e.valueCol)] = e.field as Field;
      work.push({ ledger, info });
    }
    const staffingEntries = detected.labelValues.filter((e) => e.staffing);
    if (staffingEntries.length) {
      const s = staffingOf(sheet, staffingEntries, ctx);
      if (s && !staffing) staffing = s;
      const lastRow = staffingEntries.reduce((m, e) => Math.max(m, e.valueRow ?? e.row), -1);
      const info = tableInfo(labelValueFrame(sheet, staffingEntries), 'labelValue', lastRow);
      info.fields = {};
      tables.push(info);
    }
    if (work.length === 0 && staffingEntries.length === 0) {
      unrecognised.push(sheet.name);
      const nonEmpty = sheet.rows.some((r) => someCell(r, (c) => cellText(c).trim() !== ''));
      if (nonEmpty) {
        addFinding(ctx, {
          rule: 'mapping',
          severity: 'info',
          sheet: sheet.name,
          cell: a1(sheet.top ?? 0, sheet.left ?? 0),
          expected: '—',
          actual: '—',
          key: 'noTable',
          params: { sheet: sheet.name },
        });
      }
    }
    for (const { ledger, info } of work) {
      checkInputs(ctx, ledger);
      checkMapping(ctx, ledger);
      tables.push(info);
      found.push({ sheet, ledger, info, score: isScoreLedger(ledger) });
    }
  });
  return { found, tables, unrecognised, ...(staffing ? { staffing } : {}), sheetOrder };
}

/** Stage 2: the one correction model over every table's identities, and its findings. */
function correct(
  found: Found[],
  opts: Analysis['options'],
  ctx: RuleContext,
): {
  loc: Localisation;
  rules: Map<WorkLedger, RuleTable>;
} {
  const rules = new Map<WorkLedger, RuleTable>();
  for (const f of found) rules.set(f.ledger, ruleTable(f.ledger, opts.rateBase, f.score));
  const cross = crossIdentities([...rules.values()]);
  const loc = localise(new TableSystem([...rules.values()], cross.identities));
  reportLocalisation(ctx, loc);
  reportBases(ctx, cross.bases);
  return { loc, rules };
}

/** Which 口径 a 自评表's totals agree with, said once per figure (info). */
function reportBases(ctx: RuleContext, bases: CrossResult['bases']): void {
  for (const b of bases) {
    const q = b.quantity;
    const name = (x: CrossResult['bases'][number]['all']) =>
      x?.table.ledger.raw.title ?? x?.table.sheet ?? '';
    const field = FIELD_LABELS[ctx.lang][q.field] ?? q.field;
    const basis =
      b.matches === 'fiscal'
        ? ctx.lang === 'zh-CN'
          ? '财政拨款口径'
          : 'fiscal-appropriation'
        : ctx.lang === 'zh-CN'
          ? '全口径'
          : 'all-funds';
    addFinding(ctx, {
      rule: 'cross',
      severity: 'info',
      sheet: q.table.sheet,
      cell: q.cell.cell,
      expected: b.matches ?? '—',
      actual: q.cell.value.toFixed(2),
      key: b.matches ? 'crossBasis' : 'crossBasisNone',
      params: {
        sheet: q.table.sheet,
        field,
        basis,
        other: name(b.matches === 'fiscal' ? b.fiscal : b.all),
        all: name(b.all),
        fiscal: name(b.fiscal),
      },
    });
  }
}

/** The cells the correction model found wrong (the hosts write only these as values). */
function correctedCells(loc: Localisation): Analysis['corrections'] {
  const out: Analysis['corrections'] = [];
  const push = (cell: Stated, value: Decimal | undefined, kind: 'corrected' | 'follows' | 'disputed') => {
    const sheet = cell.owner?.ledger?.raw.sheet.name ?? '';
    out.push({ sheet, cell: cell.cell, kind, ...(value ? { value } : {}) });
  };
  const also = new Set<Stated>();
  for (const c of loc.corrections) {
    push(c.cell, c.value, 'corrected');
    // The same figure stated again elsewhere is as wrong (one finding says both).
    for (const o of c.also ?? []) {
      also.add(o);
      push(o, c.value, 'corrected');
    }
  }
  for (const [cell, v] of loc.follows) if (!also.has(cell)) push(cell, v, 'follows');
  for (const d of loc.disputes) push(d.at.target, d.computed, 'disputed');
  for (const m of loc.missingRows) for (const s of m.sums) push(s.id.target, s.computed, 'disputed');
  for (const u of loc.unexplained) push(u.id.target, u.computed, 'corrected');
  return out;
}

/**
 * Reads every sheet, finds the tables, checks every stated figure and computes the totals, in named stages:
 * read the tables; state their identities and let the one correction model decide which cells are wrong; check
 * the bounds (overspend, low rate, units) on the true figures; score the self-evaluation forms; sum up.
 */
export function analyzeWorkbook(workbook: Workbook, options: AnalyzeOptions = {}): Analysis {
  if (!workbook || !Array.isArray(workbook.sheets))
    throw new EngineUsageError('analyze needs a workbook with sheets');
  const opts = checkOptions(options);
  const findings: Finding[] = [];
  const ctx: RuleContext = {
    lang: opts.lang,
    threshold: new D(opts.threshold).div(100),
    rateBase: opts.rateBase,
    findings,
  };
  const read = readTables(workbook, opts, ctx);
  const { loc, rules } = correct(read.found, opts, ctx);
  const corrections = correctedCells(loc);
  const wrongCells = new Set(
    corrections.filter((c) => c.kind === 'corrected').map((c) => `${c.sheet}!${c.cell}`),
  );

  const ledgers: Ledger[] = [];
  const book = makeBook(corrections, opts.rateBase);
  const scoring = resolveScoring(opts.scoring);
  const scoreSheets = new Map<Sheet, WorkLedger[]>();
  for (const f of read.found) {
    const t = rules.get(f.ledger);
    checkLimits(ctx, f.ledger, f.ledger.rows, loc.value, t, wrongCells);
    if (f.score) {
      const list = scoreSheets.get(f.sheet);
      if (list) list.push(f.ledger);
      else scoreSheets.set(f.sheet, [f.ledger]);
      continue;
    }
    const rows = f.ledger.rows;
    const out = rows.map((r) => {
      const l = new RowFigures(r, opts.rateBase, loc.value, t);
      l.sheet = f.sheet.name;
      return l;
    });
    const index = new Map<WorkRow, number>();
    for (let i = 0; i < rows.length; i++) index.set(rows[i], i);
    rows.forEach((r, i) => {
      const p = r.partOf ?? r.parent;
      const k = p ? index.get(p) : undefined;
      if (k !== undefined) out[i].parent = k;
    });
    const ledger: Ledger = { table: f.info, rows: out, totals: {} };
    // The table's totals are its figures as every output shows them (figures.ts).
    ledger.totals = tableTotals(book, ledger);
    ledgers.push(ledger);
  }
  const scores: ScoreTable[] = [];
  for (const [sheet, list] of scoreSheets)
    for (const t of scoreSheet(ctx, sheet, list, scoring, loc.value)) scores.push(t);

  // Each finding's figures in its table's unit (万元, 个, 分), now that every table is known.
  const known = { tables: read.tables, ...(read.staffing ? { staffing: read.staffing } : {}) };
  for (const f of findings) f.message = fillUnit(opts.lang, f.message, findingUnit(f, known));
  markHidden(workbook, findings, opts.lang);
  releaseWorkRows(read.found);
  const cellKey = (f: Finding) => {
    const p = parseA1(f.cell);
    return p ? p.row * 20000 + p.col : 0;
  };
  findings.sort(
    (a, b) =>
      (read.sheetOrder.get(a.sheet) ?? 0) - (read.sheetOrder.get(b.sheet) ?? 0) ||
      cellKey(a) - cellKey(b) ||
      ORDER[a.severity] - ORDER[b.severity],
  );
  return {
    workbook: workbook.name ?? '',
    tables: read.tables,
    ledgers,
    findings,
    totals: mainTotals(ledgers),
    ...(read.staffing ? { staffing: read.staffing } : {}),
    unrecognised: read.unrecognised,
    scores,
    corrections,
    options: opts,
  };
}

/**
 * Once every figure is known, a stated figure no longer points at its work row (which leads to the table as read
 * and so to the sheet's grid): the analysis keeps its figures, not the grids, so that a host can let the grids go
 * while it writes a report.
 */
function releaseWorkRows(found: readonly Found[]): void {
  for (const f of found) {
    for (const row of f.ledger.rows) {
      for (const key in row.vals) {
        const s = row.vals[key as Field];
        if (s) s.owner = undefined;
      }
      if (row.extra) for (const key in row.extra) row.extra[key].owner = undefined;
    }
  }
}

/** Findings on a hidden row or column say so (the figure is easy to miss, and it is checked all the same). */
function markHidden(workbook: Workbook, findings: Finding[], lang: Analysis['options']['lang']): void {
  const hidden = new Map<string, { rows: Set<number>; cols: Set<number> }>();
  for (const s of workbook.sheets) {
    if (s.hiddenRows?.length || s.hiddenColumns?.length)
      hidden.set(s.name, { rows: new Set(s.hiddenRows ?? []), cols: new Set(s.hiddenColumns ?? []) });
  }
  if (hidden.size === 0) return;
  for (const f of findings) {
    const h = hidden.get(f.sheet);
    const at = h ? parseA1(f.cell) : null;
    if (!h || !at || (!h.rows.has(at.row) && !h.cols.has(at.col))) continue;
    f.hidden = true;
    const what = h.rows.has(at.row) ? (lang === 'zh-CN' ? '行' : 'row') : lang === 'zh-CN' ? '列' : 'column';
    f.message += lang === 'zh-CN' ? `（该单元格所在${what}已隐藏）` : ` (the cell's ${what} is hidden)`;
  }
}

/**
 * The workbook's totals: those of its main ledger, the one with budgets and spending over the most rows
 * (a workbook's small summary tables restate parts of it), the larger budget on a tie.
 */
function mainTotals(ledgers: Ledger[]): Totals {
  let best: Ledger | undefined;
  for (const l of ledgers) {
    const size = l.totals.available ?? l.totals.initial;
    if (!l.totals.spent || !size) continue;
    if (!best || l.rows.length > best.rows.length) best = l;
    else if (
      l.rows.length === best.rows.length &&
      size.gt(best.totals.available ?? best.totals.initial ?? size)
    )
      best = l;
  }
  return best ? best.totals : {};
}

export { staffingOfLabel };
