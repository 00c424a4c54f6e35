/**
 * Which sheets of a workbook Budget Review created and may replace: what the run record (run-record.ts) in the
 * package says, checked against the sheets as they are now.
 *
 * A recorded sheet is replaceable only while it is provably untouched: a sheet of the recorded name still exists
 * and the fingerprint of its cells as read now (a formula as `=` + formula, any other cell as its value) equals the
 * fingerprint the run recorded. A sheet the user changed, or renamed, is the user's from then on: it is checked like
 * any other sheet and never removed, and the new report takes a free name beside it.
 *
 * A workbook written by the previous version of the command line carries, instead of a run record, a very hidden
 * sheet `_BudgetReview` listing the sheets that version created. It is honoured once, as that version's record: the
 * sheets it lists count as replaceable, the next report removes it and writes a run record instead
 * (docs/report.md).
 */
import { sameSheetName } from '../../engine/address';
import type { Sheet } from '../../engine/grid';
import { REGISTRY_MARK, REGISTRY_SHEET } from '../../engine/plan-types';
import {
  fingerprintCells,
  parseRunRecord,
  RUN_RECORD_NAMESPACE,
  type FormulaView,
  type RecordedSheet,
} from '../../engine/run-record';
import { relTypeIs, type WorkbookPackage } from './package';
import { parseXml } from './xml-edit';

/** The sheets of a workbook and which of them Budget Review created and may replace. */
export interface Ownership {
  /** Every sheet's name, in tab order (hidden ones, chart sheets and the legacy registry included). */
  sheetNames: string[];
  /** The sheets an earlier run created that are provably untouched (the plan replaces these), named as now. */
  owned: string[];
  /** The sheets the run record lists (as recorded), whether or not they are still there and untouched. */
  recorded: RecordedSheet[];
  /** The custom XML parts that hold a run record (Budget Review's namespace), to be replaced by a new record. */
  recordParts: string[];
  /** The legacy registry sheet's name, when this workbook is migrated from it (the report removes it). */
  legacyRegistry?: string;
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

/** {@link fingerprintCells} of a sheet as read, positions from A1. */
export function sheetFingerprint(sheet: Sheet): string {
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  function* cells() {
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) yield { row: top + r, col: left + c, value: view(row[c]) };
    }
  }
  return fingerprintCells(cells());
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

  const owned: string[] = [];
  const claim = (name: string): void => {
    if (!owned.includes(name)) owned.push(name);
  };

  if (recordParts.length > 0) {
    for (const r of recorded) {
      const sheet = pkg.sheets.find((s) => s.worksheet && sameSheetName(s.name, r.name));
      const grid = sheet && gridOf(sheet.name);
      if (grid && sheetFingerprint(grid) === r.fingerprint) claim(sheet.name);
    }
    return { sheetNames, owned, recorded, recordParts };
  }

  // No run record: the previous version's registry sheet, if it is there and hidden as that version left it.
  const registry = pkg.sheets.find((s) => sameSheetName(s.name, REGISTRY_SHEET));
  if (!registry || registry.state === 'visible') return { sheetNames, owned, recorded, recordParts };
  for (const row of gridOf(registry.name)?.rows ?? []) {
    const cell = row?.[0];
    const listed = typeof cell?.v === 'string' ? cell.v.trim() : cell ? String(cell.v ?? '').trim() : '';
    if (listed === '' || listed === REGISTRY_MARK) continue;
    const sheet = pkg.sheets.find((s) => s !== registry && s.worksheet && sameSheetName(s.name, listed));
    if (sheet) claim(sheet.name);
  }
  return { sheetNames, owned, recorded, recordParts, legacyRegistry: registry.name };
}
