/**
 * The one check of a write plan, made before either host applies it: sheet names Excel accepts and that differ,
 * rows and columns inside Excel's grid, text within a cell's limit, numbers that are finite decimals, formulas
 * given without `=` and within Excel's limit (never with the text format, which would keep them text), links to a
 * valid cell, known looks, merges that lose no cell, widths, freezes, wrap columns, indents, page setup and filters. What depends on the
 * workbook (a name already taken, a sheet that is not Budget Review's) is the hosts' to check.
 */
import {
  a1,
  columnLetter,
  isCellRef,
  MAX_CELL_TEXT,
  MAX_COLUMNS,
  MAX_FORMULA,
  MAX_INDENT,
  MAX_ROWS,
  sameSheetName,
  sheetNameProblem,
} from './address';
import { PLAN_STYLE_NAMES, type PlanCell, type PlanSheet, type WritePlan } from './plan-types';

/** The plan cannot be applied as it is: a bug in whatever built it, never a problem of the user's data. */
export class PlanError extends Error {
  constructor(readonly detail: string) {
    super(`invalid write plan: ${detail}`);
    this.name = 'PlanError';
  }
}

const STYLES: ReadonlySet<string> = new Set(PLAN_STYLE_NAMES);
const TEXT_FORMAT = '@';

function fail(detail: string): never {
  throw new PlanError(detail);
}

/** A plan number as the hosts write it: a finite number (never -0). Throws {@link PlanError} otherwise. */
export function planNumber(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) fail(`${where}: ${JSON.stringify(value)} is not a number`);
  return n === 0 ? 0 : n;
}

function checkText(text: unknown, at: () => string): void {
  if (typeof text !== 'string') fail(`${at()}: text is not a string`);
  if (text.length > MAX_CELL_TEXT) fail(`${at()}: more than ${MAX_CELL_TEXT} characters`);
}

/** Whether a plan number is one (as {@link planNumber} decides), without naming the place: most are. */
function isPlanNumber(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

/**
 * Checks one cell; `at` names its place, made only for a message (a summary has a million cells, nearly all valid).
 */
function checkCell(cell: PlanCell, at: () => string, sheetNames: readonly string[] | undefined): void {
  if (cell.style !== undefined && !STYLES.has(cell.style))
    fail(`${at()}: unknown style ${JSON.stringify(cell.style)}`);
  switch (cell.kind) {
    case 'text':
      checkText(cell.text, at);
      if (cell.indent !== undefined && cell.indent !== 0) {
        if (!Number.isInteger(cell.indent) || cell.indent < 0 || cell.indent > MAX_INDENT)
          fail(`${at()}: indent ${String(cell.indent)} is not 0-${MAX_INDENT}`);
      }
      return;
    case 'number':
      if (!isPlanNumber(cell.value)) planNumber(cell.value, at());
      return;
    case 'formula': {
      const f: unknown = cell.formula;
      if (typeof f !== 'string' || f.trim() === '' || f.startsWith('='))
        fail(`${at()}: a formula must be given without "=": ${JSON.stringify(f)}`);
      if (f.length > MAX_FORMULA) fail(`${at()}: the formula is too long`);
      if (cell.format === TEXT_FORMAT)
        fail(`${at()}: a formula cell cannot have the text format @ (Excel would keep it as text)`);
      if (cell.cached !== null && cell.cached !== undefined) {
        if (cell.cachedType === 'number') {
          if (!isPlanNumber(cell.cached)) planNumber(cell.cached, at());
        } else checkText(cell.cached, at);
      }
      return;
    }
    case 'link':
      if (
        typeof cell.sheet !== 'string' ||
        (sheetNames !== undefined && !sheetNames.some((n) => sameSheetName(n, cell.sheet)))
      )
        fail(`${at()}: a link to a missing sheet ${JSON.stringify(cell.sheet)}`);
      if (!isCellRef(cell.cell)) fail(`${at()}: a link to a bad cell ${JSON.stringify(cell.cell)}`);
      checkText(cell.text, at);
      return;
    default:
      fail(`${at()}: unknown cell kind ${JSON.stringify((cell as { kind: unknown }).kind)}`);
  }
}

function checkSheet(sheet: PlanSheet, sheetNames: readonly string[] | undefined): void {
  if (!Array.isArray(sheet.rows)) fail(`${sheet.name}: no rows`);
  if (sheet.rows.length > MAX_ROWS) fail(`${sheet.name}: more than ${MAX_ROWS} rows`);
  sheet.rows.forEach((row, r) => {
    if (row.length > MAX_COLUMNS) fail(`${sheet.name}: row ${r + 1} has more than ${MAX_COLUMNS} columns`);
    row.forEach((cell, c) => {
      if (cell !== null && cell !== undefined) checkCell(cell, () => `${sheet.name}!${a1(r, c)}`, sheetNames);
    });
  });
  sheet.widths.forEach((width, c) => {
    if (width === null || width === undefined) return;
    if (!Number.isFinite(width) || width < 0 || width > 255)
      fail(`${sheet.name}: column ${columnLetter(c)} width ${String(width)} is not 0-255`);
  });
  for (const c of sheet.wrapColumns) {
    if (!Number.isInteger(c) || c < 0 || c >= MAX_COLUMNS) fail(`${sheet.name}: bad wrap column ${c}`);
  }
  for (const m of sheet.merges) {
    const ok =
      [m.top, m.left, m.bottom, m.right].every((n) => Number.isInteger(n) && n >= 0) &&
      m.bottom < MAX_ROWS &&
      m.right < MAX_COLUMNS &&
      m.bottom >= m.top &&
      m.right >= m.left;
    if (!ok) fail(`${sheet.name}: bad merge ${JSON.stringify(m)}`);
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) {
        const other = sheet.rows[r]?.[c];
        if ((r !== m.top || c !== m.left) && other && !(other.kind === 'text' && other.text === ''))
          fail(`${sheet.name}!${a1(r, c)} is inside a merged range and would be lost`);
      }
    }
  }
  const freeze = sheet.freeze;
  if (freeze) {
    for (const n of [freeze.rows, freeze.columns]) {
      if (!Number.isInteger(n) || n < 0) fail(`${sheet.name}: bad freeze ${n}`);
    }
  }
  const print = sheet.print;
  if (print) {
    if (print.orientation !== 'landscape' && print.orientation !== 'portrait')
      fail(`${sheet.name}: unknown orientation ${JSON.stringify(print.orientation)}`);
    const t = print.titleRows;
    if (t) {
      const ok = Number.isInteger(t.first) && Number.isInteger(t.last) && t.first >= 0 && t.last >= t.first;
      if (!ok || t.last >= MAX_ROWS) fail(`${sheet.name}: bad print title rows ${JSON.stringify(t)}`);
    }
  }
  const f = sheet.autoFilter;
  if (f) {
    // A filter is a header row and the rows beneath it.
    const ok =
      [f.top, f.left, f.bottom, f.right].every((n) => Number.isInteger(n) && n >= 0) &&
      f.bottom > f.top &&
      f.right >= f.left &&
      f.bottom < MAX_ROWS &&
      f.right < MAX_COLUMNS;
    if (!ok) fail(`${sheet.name}: bad filter range ${JSON.stringify(f)}`);
  }
}

/**
 * Checks a whole plan; throws {@link PlanError} naming the first problem. `existingSheets` are the workbook's sheet
 * names that links may point at (the plan's own sheets always may); without them, a host that learns the names
 * later checks link targets itself.
 */
export function validatePlan(plan: WritePlan, existingSheets?: readonly string[]): void {
  if (!plan || !Array.isArray(plan.sheets)) fail('no sheets');
  if (plan.lang !== 'zh-CN' && plan.lang !== 'en-US') fail(`unknown language ${JSON.stringify(plan.lang)}`);
  const names: string[] = [];
  for (const sheet of plan.sheets) {
    const problem = sheetNameProblem(sheet.name);
    if (problem) fail(problem);
    if (names.some((n) => sameSheetName(n, sheet.name))) fail(`two plan sheets are named "${sheet.name}"`);
    names.push(sheet.name);
  }
  for (const name of plan.replaces) {
    const problem = sheetNameProblem(name);
    if (problem) fail(`replaces: ${problem}`);
  }
  const linkable = existingSheets ? [...existingSheets, ...names] : undefined;
  for (const sheet of plan.sheets) checkSheet(sheet, linkable);
}
