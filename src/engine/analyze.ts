/**
 * The pipeline: detect → ledgers → rules → totals. Pure and synchronous.
 */
import type Decimal from 'decimal.js';
import { detectSheet, type LabelValue, type RawTable } from './detect';
import { a1, a1Range, columnLetter, parseA1, someCell, type Sheet, type Workbook } from './grid';
import { buildLabelValueLedger, buildLedger, rowRate, type WorkLedger, type WorkRow } from './ledger';
import { D, ratio, sum } from './money';
import { addFinding, type RuleContext } from './rules/context';
import { checkIdentities, computedAvailable } from './rules/identity';
import { checkInputs } from './rules/input';
import { checkLimits } from './rules/limits';
import { checkMapping } from './rules/mapping';
import { checkSums, trueFigure } from './rules/sum';
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
 * The true figure of a row for a field: its stated value unless a rule found that cell wrong; then, or
 * when nothing is stated, what its parts give (the rows beneath it, or its own budget terms).
 */
function trueValue(
  row: WorkRow,
  field: 'available' | 'spent' | 'initial',
  wrong: ReadonlySet<string>,
): Decimal | undefined {
  const s = row.vals[field];
  if (s && !wrong.has(s.cell)) return s.value;
  if (row.children.length) {
    const vs = row.children.map((c) => trueValue(c, field, wrong)).filter((x): x is Decimal => !!x);
    if (vs.length) return sum(vs);
  }
  if (field === 'available') return computedAvailable(row)?.value ?? s?.value;
  return s?.value;
}

/** The figures a row stands for once its wrong stated cells are set aside. */
function rowFigures(row: WorkRow, rateBase: 'available' | 'initial', wrong: ReadonlySet<string>): LedgerRow {
  return new RowFigures(row, rateBase, wrong);
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

  constructor(
    private readonly work: WorkRow,
    rateBase: 'available' | 'initial',
    wrong: ReadonlySet<string>,
  ) {
    this.row = work.sheetRow;
    this.name = work.name;
    this.label = work.label;
    this.kind = work.children.length > 0 && work.kind === 'item' ? 'group' : work.kind;
    this.level = work.depth;
    this.stated = work.vals;
    if (work.reason) this.reason = work.reason;
    this.available = trueValue(work, 'available', wrong);
    this.spent = trueValue(work, 'spent', wrong);
    this.base = rateBase === 'initial' ? trueValue(work, 'initial', wrong) : this.available;
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
      this.memo.rate = rowRate(this.work, this.spent, this.base);
    return this.memo.rate;
  }
}

/** A ledger's totals: the sum of its top level, each row by its true figures. */
function ledgerTotals(
  work: WorkLedger,
  rateBase: 'available' | 'initial',
  wrong: ReadonlySet<string>,
): Totals {
  const total = (field: 'available' | 'spent' | 'initial'): Decimal | undefined => {
    const vs = work.top.map((r) => trueValue(r, field, wrong)).filter((x): x is Decimal => !!x);
    return vs.length ? sum(vs) : undefined;
  };
  const t: Totals = {};
  const initial = total('initial');
  const available = total('available');
  const spent = total('spent');
  if (initial) t.initial = initial;
  if (available) t.available = available;
  if (spent) t.spent = spent;
  if (available && spent) t.surplus = available.minus(spent);
  const base = rateBase === 'initial' ? initial : available;
  if (base && spent) {
    const r = ratio(spent, base);
    if (r) t.rate = r;
  }
  return t;
}

const ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

/**
 * One wrong cell, one error: a total's 结余 that disagrees with its parts also disagrees with its own
 * 可用 − 支出, and the `sum` finding says it best. Keeps the first error per cell by rule priority.
 */
function dedupe(findings: Finding[]): void {
  const PRIORITY = ['sum', 'available', 'surplus', 'rate', 'reduction', 'change'];
  const best = new Map<string, Finding>();
  for (const f of findings) {
    if (f.severity !== 'error' || !PRIORITY.includes(f.rule)) continue;
    const key = `${f.sheet}!${f.cell}`;
    const prev = best.get(key);
    if (!prev || PRIORITY.indexOf(f.rule) < PRIORITY.indexOf(prev.rule)) best.set(key, f);
  }
  let w = 0;
  for (const f of findings) {
    const keep =
      f.severity !== 'error' || !PRIORITY.includes(f.rule) || best.get(`${f.sheet}!${f.cell}`) === f;
    if (keep) findings[w++] = f;
  }
  findings.length = w;
}

/** Reads every sheet, finds the tables, checks every stated figure and computes the totals. */
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
  const tables: TableInfo[] = [];
  const ledgers: Ledger[] = [];
  const unrecognised: string[] = [];
  let staffing: Staffing | undefined;
  const scores: ScoreTable[] = [];
  const scoring = resolveScoring(opts.scoring);
  const sheetOrder = new Map<string, number>();

  const skip = new Set([...opts.skipSheets, REGISTRY_SHEET]);
  workbook.sheets.forEach((sheet, si) => {
    sheetOrder.set(sheet.name, si);
    if (skip.has(sheet.name)) return;
    const found = detectSheet(sheet, opts.overrides);
    const work: { ledger: WorkLedger; info: TableInfo }[] = [];
    for (const raw of found.tables) work.push({ ledger: buildLedger(raw), info: tableInfo(raw, 'ledger') });
    for (const block of groupLabelValues(found.labelValues.filter((e) => e.field))) {
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
    const staffingEntries = found.labelValues.filter((e) => e.staffing);
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
    const scoreLedgers: WorkLedger[] = [];
    for (const { ledger, info } of work) {
      const rows = ledger.rows;
      const before = findings.length;
      checkInputs(ctx, ledger);
      checkMapping(ctx, ledger);
      // Items first, then the sums over them, then the totals' own identities: a total's figure that disagrees
      // only because an input of it was found wrong (a 合计 that is not its parts) is not reported twice.
      const leaves = rows.filter((r) => r.children.length === 0 && r.kind !== 'total');
      const aggregates = rows.filter((r) => r.children.length > 0 || r.kind === 'total');
      checkIdentities(ctx, ledger, leaves);
      checkSums(ctx, ledger, rows);
      // A total's input counts as what its parts truly give when a part (or the input itself) was found wrong.
      const partsWrong = new Set(
        findings
          .slice(before)
          .filter(
            (f) =>
              f.severity === 'error' && (f.rule === 'available' || f.rule === 'surplus' || f.rule === 'sum'),
          )
          .map((f) => f.cell),
      );
      const partsTrue = trueFigure(partsWrong);
      checkIdentities(ctx, ledger, aggregates, (row, field) => {
        const s = row.vals[field];
        if (!s || row.children.length === 0 || partsWrong.size === 0) return undefined;
        const vs = row.children.map((c) => partsTrue(c, field)).filter((x): x is Decimal => !!x);
        const t = vs.length ? sum(vs) : undefined;
        return t && !t.eq(s.value) ? t : undefined;
      });
      const wrongAvailable = new Set(
        findings
          .slice(before)
          .filter((f) => f.rule === 'available' && f.severity === 'error')
          .map((f) => f.cell),
      );
      checkLimits(ctx, ledger, rows, wrongAvailable);
      const wrong = new Set(
        findings
          .slice(before)
          .filter((f) => f.severity === 'error' && (f.rule === 'available' || f.rule === 'sum'))
          .map((f) => f.cell),
      );
      const out = rows.map((r) => {
        const l = rowFigures(r, opts.rateBase, wrong);
        l.sheet = sheet.name;
        return l;
      });
      const index = new Map(rows.map((r, i) => [r, i]));
      rows.forEach((r, i) => {
        const p = r.partOf ?? r.parent;
        const k = p ? index.get(p) : undefined;
        if (k !== undefined) out[i].parent = k;
      });
      tables.push(info);
      if (isScoreLedger(ledger)) {
        // In a score form, a 其中 breakdown that does not add up is a scoring error.
        for (const f of findings.slice(before)) if (f.rule === 'sum') f.rule = 'score';
        scoreLedgers.push(ledger);
      } else ledgers.push({ table: info, rows: out, totals: ledgerTotals(ledger, opts.rateBase, wrong) });
    }
    if (scoreLedgers.length) for (const t of scoreSheet(ctx, sheet, scoreLedgers, scoring)) scores.push(t);
  });

  dedupe(findings);
  const cellKey = (f: Finding) => {
    const p = parseA1(f.cell);
    return p ? p.row * 20000 + p.col : 0;
  };
  findings.sort(
    (a, b) =>
      (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) ||
      cellKey(a) - cellKey(b) ||
      ORDER[a.severity] - ORDER[b.severity],
  );
  return {
    workbook: workbook.name ?? '',
    tables,
    ledgers,
    findings,
    totals: mainTotals(ledgers),
    ...(staffing ? { staffing } : {}),
    unrecognised,
    scores,
    options: opts,
  };
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
