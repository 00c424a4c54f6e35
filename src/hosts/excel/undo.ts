/**
 * "Undo the last run": adding sheets clears Excel's own undo stack, so the add-in keeps its record of what a run
 * created (the run record in `workbook.settings`) and removes exactly that on request.
 */
import { a1Range } from '../../engine/grid';
import { REGISTRY_MARK, REGISTRY_SHEET } from '../../engine/plan-types';
import type { ExcelRun } from './api';
import { asHostError, ExcelHostError } from './errors';
import { queueInventory, readInventory, registryNames, sameName, type SheetEntry } from './ownership';
import { TEXT_FORMAT, textInput } from './text';

export interface UndoResult {
  /** The sheets removed, by their names now. */
  deleted: string[];
  /** Recorded sheets left alone: `missing` (no sheet has the recorded id any more) or `unlisted` (the registry no
   * longer lists it as Budget Review's). */
  skipped: { name: string; reason: 'missing' | 'unlisted' }[];
}

/**
 * Deletes the sheets the last run created, only those still present (the same worksheet, by id) and still listed
 * in the registry, updates the registry and clears the run record. With no record, changes nothing. Rejects with
 * `ExcelHostError` (`last-visible-sheet` when only those sheets are visible; `excel` when Excel refuses).
 */
export async function undoLastRun(run: ExcelRun): Promise<UndoResult> {
  try {
    return await run(async (context) => {
      const request = queueInventory(context);
      await context.sync();
      const inventory = readInventory(request);
      const record = inventory.record;
      if (record === null) return { deleted: [], skipped: [] };
      let listed: string[] | undefined;
      if (inventory.registry) {
        const used = inventory.registry.proxy.getUsedRange(true);
        used.load('values');
        await context.sync();
        listed = registryNames(Array.isArray(used.values) ? (used.values as unknown[][]) : []);
      }

      const result: UndoResult = { deleted: [], skipped: [] };
      const doomed: SheetEntry[] = [];
      for (const entry of record.sheets) {
        const sheet = inventory.sheets.find((s) => s.id === entry.id);
        if (!sheet) {
          result.skipped.push({ name: entry.name, reason: 'missing' });
        } else if (
          listed !== undefined &&
          !listed.some((n) => sameName(n, sheet.name) || sameName(n, entry.name))
        ) {
          result.skipped.push({ name: sheet.name, reason: 'unlisted' });
        } else {
          doomed.push(sheet);
        }
      }
      const visibleLeft = inventory.sheets.filter((s) => s.visibility === 'Visible' && !doomed.includes(s));
      if (doomed.length > 0 && visibleLeft.length === 0) {
        throw new ExcelHostError('last-visible-sheet', { detail: doomed.map((s) => s.name).join(', ') });
      }

      for (const sheet of doomed) {
        sheet.proxy.delete();
        result.deleted.push(sheet.name);
      }
      if (inventory.registry && listed !== undefined) {
        const remaining = listed.filter((n) => !doomed.some((d) => sameName(d.name, n)));
        inventory.registry.proxy.delete();
        if (remaining.length > 0) {
          const registry = context.workbook.worksheets.add(REGISTRY_SHEET);
          const rows = [REGISTRY_MARK, ...remaining];
          const cells = registry.getRange(a1Range(0, 0, rows.length - 1, 0));
          cells.numberFormat = rows.map(() => [TEXT_FORMAT]);
          cells.values = rows.map((row) => [textInput(row)]);
          registry.visibility = 'VeryHidden';
        }
      }
      request.record.delete();
      await context.sync();
      return result;
    });
  } catch (err) {
    throw asHostError(err);
  }
}
