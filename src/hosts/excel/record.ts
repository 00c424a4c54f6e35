/**
 * Which sheets are Budget Review's: the run record, and the proof that a sheet is still what Budget Review wrote.
 *
 * The record is a custom XML part (ExcelApi 1.5, `workbook.customXmlParts`) in the format of
 * `src/engine/run-record.ts`, which the command line writes into .xlsx packages too: each generated sheet by role,
 * name, id and the fingerprint of its content. It is never kept in a sheet: an add-in that adds a very hidden sheet
 * can make Excel crash on undo (office-js#6001, https://github.com/OfficeDev/office-js/issues/6001), and a very
 * hidden sheet cannot be deleted without being unhidden first (office-js#365).
 *
 * A record names a sheet by its `Worksheet.id` and its name. Ids are not to be trusted on their own: Excel changes
 * them when a workbook is reopened (office-js-docs#297), Excel on the Mac may give a deleted sheet's id to the next
 * new sheet (the Excel worksheets article), and the command line writes `sheetId:N`, which is no Office.js id at
 * all. Names change when users rename sheets, and a user may give a sheet a name a report sheet had. So a sheet
 * counts as Budget Review's only when the record names it, by id or by current name, AND its content (every cell
 * as `Range.formulas` reads it, {@link fingerprintRead}) still has the recorded fingerprint. Anything else is
 * the user's, and is never deleted or replaced.
 *
 * Older versions kept their records elsewhere: a very hidden sheet `_BudgetReview` listing the generated sheets,
 * and the workbook setting `budgetReview.generatedSheets` with their ids. Those records carry no fingerprint; a
 * sheet only they list is replaced only when its content is exactly what replaces it (nothing is lost then), and a
 * successful run removes them (the sheet is made Hidden first, since a very hidden one cannot be deleted).
 */
import { sameSheetName } from '../../engine/address';
import { REGISTRY_MARK, REGISTRY_SHEET, type SheetRole } from '../../engine/plan-types';
import {
  FingerprintHasher,
  parseRunRecord,
  RUN_RECORD_NAMESPACE,
  serializeRunRecord,
  type FormulaView,
  type RecordedSheet,
} from '../../engine/run-record';
import type {
  ExcelClientResult,
  ExcelCustomXmlPart,
  ExcelCustomXmlPartScopedCollection,
  ExcelRange,
  ExcelRequestContext,
  ExcelSetting,
  ExcelWorkbook,
  ExcelWorkbookProtection,
  ExcelWorksheet,
  ExcelWorksheetCollection,
  SheetVisibility,
} from './api';
import type { RangeRead } from './used-range';

/** The workbook setting where versions before the run record kept the last run's sheets and ids. */
export const LEGACY_SETTING = 'budgetReview.generatedSheets';
/** The very hidden sheet where versions before the run record listed the generated sheets. */
export const LEGACY_REGISTRY = REGISTRY_SHEET;

/** Excel compares sheet names without regard to case. */
export const sameName = sameSheetName;

export interface SheetEntry {
  name: string;
  id: string;
  visibility: SheetVisibility;
  proxy: ExcelWorksheet;
}

// ---------------------------------------------------------------------------------------------------------------
// Request 1: the sheets, the record's parts, the legacy setting, the protection

export interface InventoryRequest {
  workbook: ExcelWorkbook;
  sheets: ExcelWorksheetCollection;
  parts: ExcelCustomXmlPartScopedCollection;
  legacySetting: ExcelSetting;
  protection: ExcelWorkbookProtection | undefined;
}

/** Queues the first request of every host action (sync afterwards). */
export function queueInventory(
  context: ExcelRequestContext,
  options: { protection?: boolean } = {},
): InventoryRequest {
  context.workbook.load('name');
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id,items/visibility');
  const parts = context.workbook.customXmlParts.getByNamespace(RUN_RECORD_NAMESPACE);
  parts.load('items/id');
  const legacySetting = context.workbook.settings.getItemOrNullObject(LEGACY_SETTING);
  legacySetting.load('value');
  let protection: ExcelWorkbookProtection | undefined;
  if (options.protection) {
    protection = context.workbook.protection;
    protection.load('protected');
  }
  return { workbook: context.workbook, sheets, parts, legacySetting, protection };
}

export interface Inventory {
  /** The workbook's file name. */
  name: string;
  sheets: SheetEntry[];
  /** The parts in the record's namespace (usually one). */
  parts: ExcelCustomXmlPart[];
  legacySetting: ExcelSetting;
  /** The legacy setting's sheets, when it exists and is one of ours. */
  legacyRecorded: { name: string; id: string }[] | undefined;
  /** The legacy registry: a hidden or very hidden sheet named `_BudgetReview` (a visible one is a user's sheet). */
  legacyRegistry: SheetEntry | undefined;
  /** Whether the workbook's structure is protected (false when not asked). */
  protected: boolean;
}

/** The legacy setting's value: `{ version: 1, sheets: [{ name, id }] }`, or undefined when it is not one of ours. */
export function parseLegacySetting(value: unknown): { name: string; id: string }[] | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as { version?: unknown; sheets?: unknown };
  if (r.version !== 1 || !Array.isArray(r.sheets)) return undefined;
  const out: { name: string; id: string }[] = [];
  for (const s of r.sheets as unknown[]) {
    if (typeof s !== 'object' || s === null) return undefined;
    const { name, id } = s as { name?: unknown; id?: unknown };
    if (typeof name !== 'string' || typeof id !== 'string') return undefined;
    out.push({ name, id });
  }
  return out;
}

export function readInventory(request: InventoryRequest): Inventory {
  const sheets: SheetEntry[] = request.sheets.items.map((ws) => ({
    name: ws.name,
    id: ws.id,
    visibility: ws.visibility,
    proxy: ws,
  }));
  const registry = sheets.find((s) => sameName(s.name, LEGACY_REGISTRY) && s.visibility !== 'Visible');
  return {
    name: request.workbook.name,
    sheets,
    parts: request.parts.items,
    legacySetting: request.legacySetting,
    legacyRecorded: request.legacySetting.isNullObject
      ? undefined
      : parseLegacySetting(request.legacySetting.value),
    legacyRegistry: registry,
    protected: request.protection?.protected === true,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Request 2: the record's XML and the legacy registry's names

export interface RecordsRequest {
  xml: ExcelClientResult<string>[];
  registry: ExcelRange | undefined;
}

/** Queues the reads of the record's parts and the legacy registry; null when there is nothing to read. */
export function queueRecords(inventory: Inventory): RecordsRequest | null {
  if (inventory.parts.length === 0 && !inventory.legacyRegistry) return null;
  const xml = inventory.parts.map((part) => part.getXml());
  let registry: ExcelRange | undefined;
  if (inventory.legacyRegistry) {
    registry = inventory.legacyRegistry.proxy.getUsedRange(true);
    registry.load('values');
  }
  return { xml, registry };
}

export interface Records {
  /** Every sheet the record's parts list (a workbook normally has one part). */
  entries: RecordedSheet[];
  /** The parts' text as read, in the order of `Inventory.parts`, for putting it back after a failed run. */
  partXml: string[];
  /** The sheet names the legacy registry lists. */
  legacyNames: string[];
}

/** The sheet names a legacy registry sheet lists: column A's text, the mark row and blanks left out. */
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

export function readRecords(request: RecordsRequest | null): Records {
  if (!request) return { entries: [], partXml: [], legacyNames: [] };
  const partXml = request.xml.map((r) => r.value);
  const entries: RecordedSheet[] = [];
  for (const xml of partXml) {
    const record = parseRunRecord(xml);
    if (record) entries.push(...record.sheets);
  }
  const values = request.registry?.values;
  return { entries, partXml, legacyNames: Array.isArray(values) ? registryNames(values as unknown[][]) : [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Claims and proof

/** A record's claim that a sheet is Budget Review's, and the sheets it may be. */
export interface Claim {
  /** The sheets it may be: the one with the recorded id first, then the one with the recorded name. */
  sheets: SheetEntry[];
  source: 'record' | 'legacy';
  role?: SheetRole;
  /** The recorded fingerprint (the run record only). */
  fingerprint?: string;
}

/** Every record's claims. The legacy registry sheet itself, and visible sheets of its name, are never claimed. */
export function claimsOf(inventory: Inventory, records: Records): Claim[] {
  const sheets = inventory.sheets.filter((s) => s !== inventory.legacyRegistry);
  const byId = (id: string | undefined) => (id === undefined ? undefined : sheets.find((s) => s.id === id));
  const byName = (name: string) => sheets.find((s) => sameName(s.name, name));
  const candidates = (id: string | undefined, name: string): SheetEntry[] => {
    const out: SheetEntry[] = [];
    for (const s of [byId(id), byName(name)]) if (s && !out.includes(s)) out.push(s);
    return out;
  };
  const claims: Claim[] = records.entries.map((e) => ({
    sheets: candidates(e.id, e.name),
    source: 'record',
    role: e.role,
    fingerprint: e.fingerprint,
  }));
  for (const e of inventory.legacyRecorded ?? [])
    claims.push({ sheets: candidates(e.id, e.name), source: 'legacy' });
  for (const name of records.legacyNames)
    claims.push({ sheets: candidates(undefined, name), source: 'legacy' });
  return claims.filter((c) => c.sheets.length > 0);
}

/** Every sheet some claim may be: the sheets whose content must be read to decide. */
export function claimedSheets(claims: readonly Claim[]): SheetEntry[] {
  const out: SheetEntry[] = [];
  for (const c of claims) for (const s of c.sheets) if (!out.includes(s)) out.push(s);
  return out;
}

/** The fingerprint of a sheet's content as read (`Range.formulas` of its used range). */
export function fingerprintRead(read: Pick<RangeRead, 'top' | 'left' | 'formulas'>): string {
  const hasher = new FingerprintHasher();
  read.formulas.forEach((row, r) =>
    row.forEach((value, c) => hasher.add(read.top + r, read.left + c, value as FormulaView)),
  );
  return hasher.digest();
}

export interface Owned {
  sheet: SheetEntry;
  role: SheetRole;
  fingerprint: string;
}

export interface Ownership {
  /** Sheets the run record names whose content is still what Budget Review wrote: its own. */
  owned: Owned[];
  /** Sheets only a legacy record lists, with their content's fingerprint (to compare with what replaces them). */
  legacy: { sheet: SheetEntry; fingerprint: string }[];
  /**
   * Sheets the run record names whose content differs: changed after they were generated, or a user's sheet that
   * took a recorded name or id. They are the user's now.
   */
  changed: SheetEntry[];
}

/** Decides, from the claims and each claimed sheet's fingerprint, which sheets are provably Budget Review's. */
export function decideOwnership(
  claims: readonly Claim[],
  fingerprintOf: (s: SheetEntry) => string,
): Ownership {
  const owned: Owned[] = [];
  const isOwned = (s: SheetEntry) => owned.some((o) => o.sheet === s);
  for (const claim of claims) {
    if (claim.source !== 'record' || claim.fingerprint === undefined || claim.role === undefined) continue;
    const match = claim.sheets.find((s) => !isOwned(s) && fingerprintOf(s) === claim.fingerprint);
    if (match) owned.push({ sheet: match, role: claim.role, fingerprint: claim.fingerprint });
  }
  const legacy: Ownership['legacy'] = [];
  for (const claim of claims) {
    if (claim.source !== 'legacy') continue;
    for (const s of claim.sheets) {
      if (isOwned(s) || legacy.some((l) => l.sheet === s)) continue;
      legacy.push({ sheet: s, fingerprint: fingerprintOf(s) });
    }
  }
  const changed: SheetEntry[] = [];
  for (const claim of claims) {
    if (claim.source !== 'record') continue;
    if (claim.sheets.some((s) => isOwned(s) && fingerprintOf(s) === claim.fingerprint)) continue;
    const first = claim.sheets.find((s) => !isOwned(s) && !legacy.some((l) => l.sheet === s));
    if (first && !changed.includes(first)) changed.push(first);
  }
  return { owned, legacy, changed };
}

/** The record's XML for these sheets. */
export function recordXml(sheets: RecordedSheet[], created: string): string {
  return serializeRunRecord({ version: 1, created, sheets });
}
