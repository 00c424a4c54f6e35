/**
 * The .xlsx host's write side: applies a write plan to a copy of the user's workbook and saves it as a new file.
 *
 * The input is loaded with exceljs's (non-streaming) reader; every original sheet is kept as exceljs round-trips
 * it (values, formulas, merges, number formats, styles, widths). Sheets that an earlier run created and the plan
 * replaces are removed, the plan's sheets are added after the user's sheets, and the hidden registry sheet that
 * lists Budget Review's sheets is rewritten. The input file is never written: the result goes to a temporary file
 * next to the output, which is then renamed onto the output, so a failure leaves no half-written file.
 *
 * Text is always written as text: exceljs stores strings as shared strings (never as formulas), the cell gets the
 * text number format `@` so that Excel keeps it text when the user edits it, and the two things SpreadsheetML
 * itself would change are escaped (a literal `_x0041_` and control characters).
 */
import { randomBytes } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import './exceljs-fixes';
import { columnLetter, quoteSheet, sameSheetName, sheetNameProblem } from '../../engine/address';
import type { PlanCell, PlanSheet, WritePlan } from '../../engine/plan-types';
import { PlanError, planNumber, validatePlan } from '../../engine/plan-validate';
import { linkText } from '../../engine/run-record';
import { REGISTRY_MARK, REGISTRY_SHEET } from '../../engine/plan-types';
import { BASE_FONT, LINK_FONT, PLAN_STYLES, TEXT_FORMAT } from './styles';
import type { LookStyle } from './styles';

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** Why a report could not be written; the CLI turns each into a message in the user's language. */
export type ReportWriteErrorCode =
  /** The output path names the input file (also through a symbolic or hard link). */
  | 'same-file'
  /** The input could not be read as an .xlsx workbook. */
  | 'input'
  /** The plan is not valid (a bad sheet name, number, formula, merge, width or link). */
  | 'plan'
  /** The plan would touch a sheet that is not Budget Review's (a name taken, a replace of a user's sheet). */
  | 'conflict'
  /** The output file could not be written. */
  | 'output';

const REASONS: Record<ReportWriteErrorCode, string> = {
  'same-file': 'the output would overwrite the input workbook',
  input: 'the input workbook cannot be read',
  plan: 'invalid write plan',
  conflict: 'the report would change a sheet that Budget Review did not create',
  output: 'the output file cannot be written',
};

/** Thrown (as a rejection) by {@link writeReport}. */
export class ReportWriteError extends Error {
  readonly code: ReportWriteErrorCode;
  /** The file concerned: the output, or the input for `input`. */
  readonly file: string;
  readonly reason: string;
  readonly detail?: string;

  constructor(code: ReportWriteErrorCode, file: string, detail?: string) {
    const reason = REASONS[code];
    super(`${file}: ${reason}${detail ? `: ${detail}` : ''}`);
    this.name = 'ReportWriteError';
    this.code = code;
    this.file = file;
    this.reason = reason;
    if (detail) this.detail = detail;
  }
}

/** A problem in the plan, raised while applying it and reported against the output file. */
class PlanProblem extends Error {
  constructor(
    readonly code: 'plan' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function oneLine(text: string): string {
  const first = text.split(/\r?\n/, 1)[0].trim();
  return first.length > 200 ? `${first.slice(0, 197)}...` : first;
}

// ---------------------------------------------------------------------------------------------------------------
// Text that stays text

/**
 * A string as SpreadsheetML must hold it to be read back unchanged. Excel (and exceljs) decode `_xHHHH_` in cell
 * text as the character HHHH, so a literal one is escaped as `_x005F_xHHHH_`, as Excel does; characters that XML
 * cannot hold (control characters, U+FFFE, U+FFFF), which exceljs would silently drop, are written in that form.
 */
export function escapeCellText(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Sheet names and the registry

const sameName = sameSheetName;

/** A cell's content as text: strings, numbers, rich text, a hyperlink's text, a formula's result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

/** The sheets of a workbook and which of them Budget Review created. */
export interface Ownership {
  /** Every sheet's name, in tab order, hidden ones (and the registry sheet) included. */
  sheetNames: string[];
  /** The sheets that the registry lists and that still exist, named as they are now. */
  owned: string[];
}

/**
 * Which sheets of a loaded workbook Budget Review owns: the names listed in column A of its registry sheet that
 * still exist. A registry sheet that the user can see is not trusted (it may be a user's sheet of that name).
 */
export function registryOf(book: ExcelJS.Workbook, registryName: string = REGISTRY_SHEET): Ownership {
  const sheets = book.worksheets;
  const sheetNames = sheets.map((ws) => ws.name);
  const registry = sheets.find((ws) => sameName(ws.name, registryName));
  const owned: string[] = [];
  if (registry && registry.state !== 'visible') {
    for (let r = 1; r <= registry.rowCount; r++) {
      const listed = cellText(registry.findRow(r)?.findCell(1)?.value ?? null).trim();
      if (listed === '' || listed === REGISTRY_MARK) continue;
      const ws = sheets.find((s) => s !== registry && sameName(s.name, listed));
      if (ws && !owned.includes(ws.name)) owned.push(ws.name);
    }
  }
  return { sheetNames, owned };
}

/** {@link registryOf} for a workbook file, for the CLI to build `replaces` and pick names that are free. */
export async function readOwnership(
  inputPath: string,
  registryName: string = REGISTRY_SHEET,
): Promise<Ownership> {
  return registryOf(await loadInput(inputPath), registryName);
}

async function loadInput(inputPath: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(inputPath);
  } catch (err) {
    throw new ReportWriteError('input', inputPath, errnoCode(err) ?? oneLine(errorMessage(err)));
  }
  if (book.worksheets.length === 0) throw new ReportWriteError('input', inputPath, 'no worksheets');
  return book;
}

// ---------------------------------------------------------------------------------------------------------------
// Applying the plan

/**
 * Applies `plan` to a copy of the workbook at `inputPath` and writes it to `outPath`. Rejects with
 * {@link ReportWriteError}; on any rejection no file is left at `outPath` (an earlier file there is kept).
 */
export async function writeReport(inputPath: string, plan: WritePlan, outPath: string): Promise<void> {
  await refuseSameFile(inputPath, outPath);
  const book = await loadInput(inputPath);
  try {
    applyPlan(book, plan);
  } catch (err) {
    if (err instanceof PlanProblem) throw new ReportWriteError(err.code, outPath, err.message);
    throw new ReportWriteError('plan', outPath, oneLine(errorMessage(err)));
  }
  let data: Buffer;
  try {
    const written = await book.xlsx.writeBuffer();
    data = Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
  } catch (err) {
    throw new ReportWriteError('output', outPath, oneLine(errorMessage(err)));
  }
  await writeAtomically(outPath, data);
}

/** Applies the plan to a loaded workbook (exported for tests and for hosts that save differently). */
export function applyPlan(book: ExcelJS.Workbook, plan: WritePlan): void {
  const registryName = plan.registry.name;
  const nameProblem = sheetNameProblem(registryName);
  if (nameProblem) throw new PlanProblem('plan', `registry: ${nameProblem}`);

  const before = book.worksheets;
  try {
    validatePlan(
      plan,
      before.map((ws) => ws.name),
    );
  } catch (err) {
    if (err instanceof PlanError) throw new PlanProblem('plan', err.detail);
    throw err;
  }
  const activeBefore = before[book.views?.[0]?.activeTab ?? 0] ?? before[0];
  const { owned } = registryOf(book, registryName);
  const registry = before.find((ws) => sameName(ws.name, registryName));
  if (registry && registry.state === 'visible') {
    throw new PlanProblem('conflict', `a visible sheet "${registry.name}" has the registry's name`);
  }

  // Remove the sheets an earlier run created (only those the registry lists), and the old registry.
  const removed = new Set<string>();
  for (const name of plan.replaces) {
    const ws = before.find((s) => sameName(s.name, name));
    if (!ws || ws === registry) continue;
    if (!owned.some((o) => sameName(o, ws.name))) {
      throw new PlanProblem(
        'conflict',
        `"${ws.name}" is not listed as a Budget Review sheet; it is not replaced`,
      );
    }
    removed.add(ws.name);
    book.removeWorksheetEx(ws);
  }
  if (registry) book.removeWorksheetEx(registry);

  // The plan's names must be valid, distinct, and free.
  const kept = book.worksheets.map((ws) => ws.name);
  const planned: string[] = [];
  for (const sheet of plan.sheets) {
    if (sameName(sheet.name, registryName))
      throw new PlanProblem('plan', `"${sheet.name}" is the registry's name`);
    const taken = kept.find((n) => sameName(n, sheet.name));
    if (taken !== undefined) {
      throw new PlanProblem('conflict', `a sheet named "${taken}" exists and is not replaced`);
    }
    if (!plan.registry.rows.some((row) => sameName(row, sheet.name))) {
      throw new PlanProblem('plan', `the registry does not list "${sheet.name}"`);
    }
    planned.push(sheet.name);
  }
  const linkable = [...kept, ...planned];

  for (const sheet of plan.sheets) addPlanSheet(book, sheet, plan.lang, linkable);

  const reg = book.addWorksheet(registryName, { state: 'veryHidden' });
  plan.registry.rows.forEach((row, i) => {
    const cell = reg.getCell(i + 1, 1);
    cell.value = escapeCellText(row);
    cell.numFmt = TEXT_FORMAT;
  });

  keepAViewOpen(book, activeBefore?.name, removed, planned);
}

/**
 * Points the workbook's active tab at the sheet that was active, or at the first plan sheet when that one was
 * replaced: sheet indexes shift when sheets are removed, and Excel will not open on a hidden or missing tab.
 */
function keepAViewOpen(
  book: ExcelJS.Workbook,
  activeName: string | undefined,
  removed: Set<string>,
  planned: string[],
): void {
  const sheets = book.worksheets;
  if (!sheets.some((ws) => ws.state === 'visible'))
    throw new PlanProblem('plan', 'no visible sheet would remain');
  const replacedActive = activeName !== undefined && removed.has(activeName);
  let index = activeName === undefined ? -1 : sheets.findIndex((ws) => ws.name === activeName);
  if (replacedActive || index < 0 || sheets[index].state !== 'visible') {
    const next = planned.find((n) => activeName !== undefined && n === activeName) ?? planned[0];
    index = sheets.findIndex((ws) => ws.name === next && ws.state === 'visible');
    if (index < 0) index = sheets.findIndex((ws) => ws.state === 'visible');
    // The new active sheet is the one selected tab.
    for (const ws of sheets) {
      const view = viewsOf(ws)[0];
      if (view?.tabSelected) view.tabSelected = false;
    }
    const active = sheets[index];
    const view = viewsOf(active)[0];
    if (view) view.tabSelected = true;
    else active.views = [{ state: 'normal', tabSelected: true } as Partial<ExcelJS.WorksheetView>];
  }
  if (!book.views || book.views.length === 0) return;
  for (const view of book.views) {
    view.activeTab = index;
    const first = view.firstSheet;
    if (typeof first === 'number' && (first > index || sheets[first]?.state !== 'visible'))
      view.firstSheet = 0;
  }
}

/** A sheet's views; exceljs leaves `views` null on a sheet it read without any. */
function viewsOf(ws: ExcelJS.Worksheet): (Partial<ExcelJS.WorksheetView> & { tabSelected?: boolean })[] {
  const views: unknown = ws.views;
  return Array.isArray(views) ? views : [];
}

type Lang = WritePlan['lang'];

function addPlanSheet(book: ExcelJS.Workbook, sheet: PlanSheet, lang: Lang, linkable: string[]): void {
  const where = (r: number, c: number) => `${sheet.name}!${columnLetter(c)}${r + 1}`;
  const ws = book.addWorksheet(sheet.name);
  const wrap = new Set(sheet.wrapColumns);
  const merges = sheet.merges.filter((m) => m.bottom > m.top || m.right > m.left);

  sheet.rows.forEach((row, r) => {
    row.forEach((planCell, c) => {
      if (planCell === null || planCell === undefined) return;
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = cellValue(planCell, linkable, where(r, c));
      cell.style = cellStyle(planCell, lang, wrap.has(c), where(r, c));
    });
  });

  // After the cells: exceljs gives the other cells of a merge the top-left cell's value (none) and style.
  for (const m of merges) {
    ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  }

  sheet.widths.forEach((width, c) => {
    if (width === null || width === undefined) return;
    ws.getColumn(c + 1).width = width;
  });

  const freeze = sheet.freeze;
  if (freeze && (freeze.rows > 0 || freeze.columns > 0)) {
    ws.views = [{ state: 'frozen', xSplit: freeze.columns, ySplit: freeze.rows }];
  }
}

function cellValue(cell: PlanCell, linkable: string[], where: string): ExcelJS.CellValue {
  switch (cell.kind) {
    case 'text':
      return escapeCellText(cell.text);
    case 'number':
      return planNumber(cell.value, where);
    case 'formula': {
      const formula = cell.formula;
      if (cell.cached === null || cell.cached === undefined) return { formula, date1904: false };
      const result =
        cell.cachedType === 'number' ? planNumber(cell.cached, where) : escapeCellText(cell.cached);
      return { formula, result, date1904: false };
    }
    case 'link': {
      const target = linkable.find((n) => sameName(n, cell.sheet)) ?? cell.sheet;
      return {
        text: escapeCellText(linkText({ ...cell, sheet: target })),
        hyperlink: `#${quoteSheet(target)}!${cell.cell}`,
      };
    }
    default:
      throw new PlanProblem(
        'plan',
        `${where}: unknown cell kind ${JSON.stringify((cell as { kind: unknown }).kind)}`,
      );
  }
}

function cellStyle(cell: PlanCell, lang: Lang, wrap: boolean, where: string): Partial<ExcelJS.Style> {
  let look: LookStyle = {};
  if (cell.style !== undefined) {
    const found = (PLAN_STYLES as Record<string, LookStyle | undefined>)[cell.style];
    if (!found) throw new PlanProblem('plan', `${where}: unknown style ${JSON.stringify(cell.style)}`);
    look = found;
  }
  const style: Partial<ExcelJS.Style> = {
    font: {
      ...(BASE_FONT[lang] ?? BASE_FONT['zh-CN']),
      ...(cell.kind === 'link' ? LINK_FONT : {}),
      ...look.font,
    },
  };
  if (look.fill) style.fill = look.fill;
  if (look.border) style.border = { ...look.border };
  const alignment: Partial<ExcelJS.Alignment> = { ...look.alignment, ...(wrap ? { wrapText: true } : {}) };
  if (cell.kind === 'text' && cell.indent !== undefined && cell.indent !== 0) {
    alignment.indent = cell.indent;
    // Excel ignores an indent unless the text is aligned left (or right, or distributed).
    alignment.horizontal ??= 'left';
  }
  if (Object.keys(alignment).length > 0) style.alignment = alignment;
  const format = cell.kind === 'text' || cell.kind === 'link' ? TEXT_FORMAT : cell.format;
  if (format) style.numFmt = format;
  return style;
}

// ---------------------------------------------------------------------------------------------------------------
// The file

/** Refuses an output path that names the input: the same path, or the same file through a link. */
async function refuseSameFile(inputPath: string, outPath: string): Promise<void> {
  const input = path.resolve(inputPath);
  const out = path.resolve(outPath);
  if (input === out) throw new ReportWriteError('same-file', outPath);
  const [a, b] = await Promise.all([
    fsp.stat(input, { bigint: true }).catch(() => null),
    fsp.stat(out, { bigint: true }).catch(() => null),
  ]);
  if (a && b && a.dev === b.dev && a.ino === b.ino) throw new ReportWriteError('same-file', outPath);
}

/** Writes to a temporary file in the output's folder, flushes it, then renames it onto the output. */
async function writeAtomically(outPath: string, data: Buffer): Promise<void> {
  const out = path.resolve(outPath);
  const tmp = path.join(
    path.dirname(out),
    `.${path.basename(out)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: Awaited<ReturnType<typeof fsp.open>> | undefined;
  try {
    handle = await fsp.open(tmp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fsp.rename(tmp, out);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw new ReportWriteError('output', outPath, errnoCode(err) ?? oneLine(errorMessage(err)));
  }
}
