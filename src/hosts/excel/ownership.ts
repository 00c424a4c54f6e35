/**
 * Which sheets Budget Review created, from its two records:
 *
 * - the hidden registry sheet (`_BudgetReview`, VeryHidden), whose column A lists the generated sheets under a mark
 *   row. The .xlsx host keeps the same sheet, so a workbook reported on by the command line and then opened in Excel
 *   (or the other way round) knows its generated sheets either way. A registry sheet the user can see is not
 *   trusted: it may be a user's sheet of that name.
 * - the workbook setting `budgetReview.generatedSheets`: the sheets the last run created, with their worksheet ids,
 *   which is what "undo the last run" removes (only a sheet whose id still matches, so a user's sheet that took a
 *   deleted report sheet's name is never removed).
 *
 * A sheet is owned when either record lists it and it still exists.
 */
import { sameSheetName } from '../../engine/address';
import { REGISTRY_MARK, REGISTRY_SHEET } from '../../engine/plan-types';
import type {
  ExcelRequestContext,
  ExcelSetting,
  ExcelWorksheet,
  ExcelWorksheetCollection,
  SheetVisibility,
} from './api';

/** The workbook setting that records the sheets the last run created. */
export const GENERATED_SHEETS_KEY = 'budgetReview.generatedSheets';

/** The value of {@link GENERATED_SHEETS_KEY}. */
export interface RunRecord {
  version: 1;
  /** The sheets the last run created, with their `Worksheet.id`. */
  sheets: { name: string; id: string }[];
}

/** Excel compares sheet names without regard to case. */
export const sameName = sameSheetName;

/** A stored run record, or null when there is none or it is not one of ours (it is then ignored, not trusted). */
export function parseRunRecord(value: unknown): RunRecord | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return null;
    }
  }
  if (typeof v !== 'object' || v === null) return null;
  const r = v as { version?: unknown; sheets?: unknown };
  if (r.version !== 1 || !Array.isArray(r.sheets)) return null;
  const sheets: RunRecord['sheets'] = [];
  for (const s of r.sheets as unknown[]) {
    if (typeof s !== 'object' || s === null) return null;
    const { name, id } = s as { name?: unknown; id?: unknown };
    if (typeof name !== 'string' || typeof id !== 'string') return null;
    sheets.push({ name, id });
  }
  return { version: 1, sheets };
}

/** The sheet names a registry sheet lists: column A's text, the mark row and blanks left out. */
export function registryNames(values: readonly (readonly unknown[])[]): string[] {
  const out: string[] = [];
  for (const row of values) {
    const v = row[0];
    if (typeof v !== 'string') continue;
    const name = v.trim();
    if (name === '' || name === REGISTRY_MARK) continue;
    if (!out.some((n) => sameName(n, name))) out.push(name);
  }
  return out;
}

export interface SheetEntry {
  name: string;
  id: string;
  visibility: SheetVisibility;
  proxy: ExcelWorksheet;
}

/** The first request of every host action: the sheets and the run record. */
export interface InventoryRequest {
  sheets: ExcelWorksheetCollection;
  record: ExcelSetting;
}

/** Queues the loads of the worksheet collection and the run record (sync afterwards). */
export function queueInventory(context: ExcelRequestContext): InventoryRequest {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id,items/visibility');
  const record = context.workbook.settings.getItemOrNullObject(GENERATED_SHEETS_KEY);
  record.load('value');
  return { sheets, record };
}

export interface Inventory {
  sheets: SheetEntry[];
  record: RunRecord | null;
  /** The stored record as it was (for restoring it), or undefined when there was none. */
  recordValue: unknown;
  /** The hidden registry sheet, if there is one. */
  registry: SheetEntry | undefined;
  /** A visible sheet that has the registry's name (a user's sheet: a conflict for writing). */
  visibleRegistry: SheetEntry | undefined;
}

/** Reads what {@link queueInventory} loaded, after the sync. */
export function readInventory(request: InventoryRequest, registryName: string = REGISTRY_SHEET): Inventory {
  const sheets: SheetEntry[] = request.sheets.items.map((ws) => ({
    name: ws.name,
    id: ws.id,
    visibility: ws.visibility,
    proxy: ws,
  }));
  const recordValue = request.record.isNullObject ? undefined : request.record.value;
  const named = sheets.find((s) => sameName(s.name, registryName));
  return {
    sheets,
    record: recordValue === undefined ? null : parseRunRecord(recordValue),
    recordValue,
    registry: named && named.visibility !== 'Visible' ? named : undefined,
    visibleRegistry: named && named.visibility === 'Visible' ? named : undefined,
  };
}

/** The owned sheets (as named now): listed by the registry or the run record, existing, not the registry itself. */
export function ownedSheets(inventory: Inventory, listed: readonly string[]): string[] {
  const names = [...listed, ...(inventory.record?.sheets.map((s) => s.name) ?? [])];
  const out: string[] = [];
  for (const entry of inventory.sheets) {
    if (entry === inventory.registry || entry === inventory.visibleRegistry) continue;
    if (names.some((n) => sameName(n, entry.name))) out.push(entry.name);
  }
  return out;
}
