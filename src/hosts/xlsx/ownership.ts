/**
 * Which sheets of a workbook Budget Review created and may replace: what the run record (run-record.ts) in the
 * package says, checked against the sheets as they are now, by the rules the Office.js host follows
 * (src/hosts/excel/record.ts), so that both hosts treat a workbook alike.
 *
 * A recorded sheet is Budget Review's only while it is provably untouched: a worksheet of the recorded name still
 * exists and the fingerprint of its cells as read now (a formula as `=` + formula, any other cell as its value, as
 * Office.js `Range.formulas` reads them) equals the fingerprint the run recorded. A recorded sheet whose cells
 * differ (the user changed it, or a user's sheet took the name) is the user's from then on: it is checked like any
 * other sheet and never removed, and the new report takes a free name beside it. A renamed generated sheet is not
 * found by its recorded name: it is the user's too. (The package's `sheetId` in the record is not used to find a
 * sheet: another program may number the sheets afresh when it saves.)
 *
 * A workbook written by an earlier version carries, instead of a run record, a hidden or very hidden sheet
 * `_BudgetReview` listing the sheets that version created, without any fingerprint. The sheets it lists are left
 * out of the check; a report replaces one only when its content is proven the engine's output (what the new report
 * writes under its name; the decision is the task pane's `planReport`, which both hosts use), else keeps it. The
 * report removes the `_BudgetReview` sheet and writes a run record instead (docs/report.md).
 */
import { sameSheetName } from '../../engine/address';
import { forEachCell, type Sheet } from '../../engine/grid';
import { REGISTRY_MARK, REGISTRY_SHEET } from '../../engine/plan-types';
import {
  FingerprintHasher,
  parseRunRecord,
  RUN_RECORD_NAMESPACE,
  type FormulaView,
  type RecordedSheet,
} from '../../engine/run-record';
import { relTypeIs, type WorkbookPackage } from './package';
import { parseXml } from './xml-edit';

/** A sheet only an earlier version's registry lists: its content's fingerprint, and its A1 title. */
export interface LegacySheet {
  name: string;
  fingerprint: string;
  /** The text in A1 (a narrative's title names the file it was made from), when A1 holds text. */
  title?: string;
}

/** The sheets of a workbook and which of them Budget Review created and may replace. */
export interface Ownership {
  /** Every sheet's name, in tab order (hidden ones, chart sheets and the legacy registry included). */
  sheetNames: string[];
  /** The sheets an earlier run created that are provably untouched (the plan replaces these), named as now. */
  owned: string[];
  /** Sheets the run record names whose cells differ: changed since, or a user's sheet of a recorded name. */
  changed: string[];
  /** Sheets only an earlier version's registry lists (replaced only when proven the engine's output). */
  legacy: LegacySheet[];
  /** The sheets the run record lists (as recorded), whether or not they are still there and untouched. */
  recorded: RecordedSheet[];
  /** The custom XML parts that hold a run record (Budget Review's namespace), to be replaced by a new record. */
  recordParts: string[];
  /** The earlier version's registry sheet (hidden or very hidden), which a report removes. */
  legacyRegistry?: string;
}

/** The sheets a check leaves out: Budget Review's own and those an earlier version's registry lists. */
export function skippedSheets(ownership: Ownership): string[] {
  return [...ownership.owned, ...ownership.legacy.map((l) => l.name)];
}

/** The largest run record read (a record lists a handful of sheets; anything larger is not one of ours). */
const MAX_RECORD_BYTES = 1_000_000;

/** A cell as Office.js `Range.formulas` would give it: `=` + formula for a formula, else its value. */
function view(cell: Sheet['rows'][number][number]): FormulaView {
  if (!cell) return null;
  if (cell.f !== undefined) return `=${cell.f}`;
  if (cell.error !== undefined) return cell.error;
  return cell.v;
}

/** {@link fingerprintCells} of a sheet as read, positions from A1; a sparse row costs the cells it holds. */
export function sheetFingerprint(sheet: Sheet): string {
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  const hasher = new FingerprintHasher();
  sheet.rows.forEach((row, r) => forEachCell(row, (cell, c) => hasher.add(top + r, left + c, view(cell))));
  return hasher.digest();
}

/** Is a part's XML rooted in the run record's namespace (whether or not it is a valid record)? */
function inRecordNamespace(xml: string): boolean {
  try {
    const root = parseXml(xml);
    const ns = root.attrs.get(root.prefix ? `xmlns:${root.prefix}` : 'xmlns');
    return ns === RUN_RECORD_NAMESPACE;
  } catch {
    return false;
  }
}

/** The ownership of a workbook's sheets, from its run record (or legacy registry) and its grids. */
export async function readOwnership(pkg: WorkbookPackage): Promise<Ownership> {
  const sheetNames = pkg.sheets.map((s) => s.name);
  const grids = pkg.workbook.sheets;
  const gridOf = (name: string): Sheet | undefined => grids.find((g) => g.name === name);

  const recordParts: string[] = [];
  const recorded: RecordedSheet[] = [];
  // Excel relates custom XML parts from the workbook part; LibreOffice, when it saves a workbook, from the package.
  for (const rel of [...pkg.relationships, ...pkg.packageRelationships]) {
    if (rel.external || !rel.part || !relTypeIs(rel.type, 'customXml')) continue;
    const entry = pkg.zip.entry(rel.part);
    if (!entry || entry.size > MAX_RECORD_BYTES) continue;
    let xml: string | undefined;
    try {
      xml = await pkg.text(rel.part);
    } catch {
      continue; // an unreadable custom XML part is someone else's concern: it is copied as it is
    }
    if (xml === undefined || !inRecordNamespace(xml) || recordParts.includes(entry.name)) continue;
    recordParts.push(entry.name);
    const record = parseRunRecord(xml);
    if (record) recorded.push(...record.sheets);
  }

  const sheetNamed = (name: string) => pkg.sheets.find((s) => s.worksheet && sameSheetName(s.name, name));
  const owned: string[] = [];
  for (const r of recorded) {
    const sheet = sheetNamed(r.name);
    const grid = sheet && gridOf(sheet.name);
    if (grid && !owned.includes(sheet.name) && sheetFingerprint(grid) === r.fingerprint)
      owned.push(sheet.name);
  }

  // An earlier version's registry, if it is there and hidden as that version left it (a visible sheet of that
  // name is a user's sheet).
  const registry = pkg.sheets.find((s) => sameSheetName(s.name, REGISTRY_SHEET) && s.state !== 'visible');
  const legacy: LegacySheet[] = [];
  for (const row of (registry && gridOf(registry.name)?.rows) ?? []) {
    const v = row?.[0]?.v;
    if (typeof v !== 'string') continue;
    const listed = v.trim();
    if (listed === '' || listed === REGISTRY_MARK) continue;
    const sheet = pkg.sheets.find((s) => s !== registry && s.worksheet && sameSheetName(s.name, listed));
    const grid = sheet && gridOf(sheet.name);
    if (!sheet || !grid || owned.includes(sheet.name) || legacy.some((l) => l.name === sheet.name)) continue;
    const a1 = (grid.top ?? 0) === 0 && (grid.left ?? 0) === 0 ? grid.rows[0]?.[0] : undefined;
    const title = a1 && a1.f === undefined && typeof a1.v === 'string' && a1.v !== '' ? a1.v : undefined;
    legacy.push({ name: sheet.name, fingerprint: sheetFingerprint(grid), ...(title ? { title } : {}) });
  }

  const changed: string[] = [];
  for (const r of recorded) {
    const sheet = sheetNamed(r.name);
    if (!sheet || owned.includes(sheet.name) || changed.includes(sheet.name)) continue;
    if (legacy.some((l) => l.name === sheet.name)) continue;
    changed.push(sheet.name);
  }
  return {
    sheetNames,
    owned,
    changed,
    legacy,
    recorded,
    recordParts,
    ...(registry ? { legacyRegistry: registry.name } : {}),
  };
}
