/**
 * "Remove the generated sheets": what the add-in's own undo means now that Excel's undo covers changes made through
 * Office.js (docs/office-host.md).
 *
 * Excel's Ctrl+Z takes back one `sync()` of a run at a time (and cannot reach past a deleted sheet, since Excel
 * does not undo `Worksheet.delete`); the add-in's removal deletes, in one step, every sheet the run record names
 * whose content is still what Budget Review wrote (record.ts), wherever Ctrl+Z left the report, and leaves
 * everything else: a generated sheet the user changed, a user's sheet that took a recorded name or id, sheets only
 * an older version's record lists (they carry no fingerprint to prove them unchanged).
 */
import { RUN_OPTIONS, type ExcelRun } from './api';
import { asHostError, ExcelHostError } from './errors';
import {
  claimedSheets,
  claimsOf,
  decideOwnership,
  fingerprintRead,
  queueInventory,
  queueRecords,
  readInventory,
  readRecords,
} from './record';
import { readUsedRanges } from './used-range';

export interface UndoResult {
  /** The sheets removed, by their names now. */
  deleted: string[];
  /**
   * Sheets left alone: `changed` (the record names it, but its content differs: changed after it was generated,
   * or a user's sheet with a recorded name or id) or `unverified` (only an older version's record lists it).
   */
  skipped: { name: string; reason: 'changed' | 'unverified' }[];
  /** `context.sync()` calls. */
  syncs: number;
}

/**
 * Deletes every sheet that is provably Budget Review's and unchanged, and the run record. Rejects with
 * `ExcelHostError`: `protected` (the structure is protected) or `last-visible-sheet` (only those sheets are
 * visible) before any change; `excel` when Excel refuses.
 */
export async function undoLastRun(run: ExcelRun): Promise<UndoResult> {
  try {
    return await run(RUN_OPTIONS, async (context) => {
      const request = queueInventory(context, { protection: true });
      await context.sync();
      let syncs = 1;
      const inventory = readInventory(request);
      const recordsRequest = queueRecords(inventory);
      if (recordsRequest) {
        await context.sync();
        syncs++;
      }
      const claims = claimsOf(inventory, readRecords(recordsRequest));
      const claimed = claimedSheets(claims);
      const reads = await readUsedRanges(
        context,
        claimed.map((s) => ({ sheet: s.proxy, arrays: ['formulas'] as const })),
        { mergedAreas: false, indentLevel: false, pageLayout: false },
      );
      syncs += reads.syncs;
      const prints = new Map(claimed.map((s, i) => [s, fingerprintRead(reads.reads[i])]));
      const ownership = decideOwnership(claims, (s) => prints.get(s) ?? '');
      const doomed = ownership.owned.map((o) => o.sheet);
      const skipped: UndoResult['skipped'] = [
        ...ownership.changed.map((s) => ({ name: s.name, reason: 'changed' as const })),
        ...ownership.legacy.map((l) => ({ name: l.sheet.name, reason: 'unverified' as const })),
      ];
      if (doomed.length === 0 && inventory.parts.length === 0) return { deleted: [], skipped, syncs };
      if (inventory.protected) throw new ExcelHostError('protected');
      const visibleLeft = inventory.sheets.filter((s) => s.visibility === 'Visible' && !doomed.includes(s));
      if (doomed.length > 0 && visibleLeft.length === 0) {
        throw new ExcelHostError('last-visible-sheet', { detail: doomed.map((s) => s.name).join(', ') });
      }
      for (const sheet of doomed) sheet.proxy.delete();
      // The record goes with them: what it still names is the user's now.
      for (const part of inventory.parts) part.delete();
      await context.sync();
      syncs++;
      return { deleted: doomed.map((s) => s.name), skipped, syncs };
    });
  } catch (err) {
    throw asHostError(err);
  }
}
