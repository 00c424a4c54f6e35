/**
 * The Office.js host's read side: the open workbook → the engine's plain grids, in the same shape as the .xlsx
 * host's `readWorkbookFile` (values with formulas' cached results, formulas without `=`, error values as `error`,
 * number formats other than General, merged ranges), so that both hosts hand the engine the same workbook.
 *
 * Requests, whatever the number of rows: one for the sheet list, the run record's parts and the legacy setting;
 * one for the record's XML and the legacy registry's names (only when there is a record); one that loads every
 * user sheet's used range (`values`, `numberFormat`, `formulas`, `address` in one `load` per sheet) together with
 * the `formulas` of the sheets a record claims, to prove them Budget Review's (record.ts). A claimed sheet that
 * turns out not to be (the user changed it) is then read as the user's, in one more request.
 *
 * Excel on the web caps a response at 5 MB and every platform a read at 5 million cells (past which Excel may
 * answer `null`): used-range.ts then reads in row blocks of about 4 MB, so round trips grow with the workbook's
 * bytes, and only there.
 */
import type { Cell, Merge, Sheet, Workbook } from '../../engine/grid';
import { BASELINE_CAPABILITIES, RUN_OPTIONS, type Capabilities, type ExcelRun } from './api';
import { asHostError } from './errors';
import {
  claimedSheets,
  claimsOf,
  decideOwnership,
  fingerprintRead,
  queueInventory,
  queueRecords,
  readInventory,
  readRecords,
  type SheetEntry,
} from './record';
import { readUsedRanges, topLeftOf, type RangeRead } from './used-range';

export { parseAreas, topLeftOf } from './used-range';

export interface ReadOptions {
  /** Optional features (see office.ts); default ExcelApi 1.7 only, so no merges. */
  capabilities?: Partial<Capabilities>;
  /** Response size the block fallback aims for, in bytes (default 4 MB, under Excel on the web's 5 MB). */
  responseBudget?: number;
}

/** The workbook as the engine needs it, and what `buildPlan` needs to know about its sheets. */
export interface WorkbookSnapshot {
  /**
   * The user's sheets, Budget Review's own and those only an older version's record lists left out, and the
   * workbook's file name (`Workbook.name`), as the .xlsx host's reader gives it.
   */
  workbook: Workbook;
  /** Every sheet's name in tab order, hidden ones included (`PlanOptions.existingSheets`). */
  sheetNames: string[];
  /** The sheets Budget Review wrote that nobody changed since: the run record names them and their content matches. */
  owned: string[];
  /**
   * Sheets only an older version's record lists (no fingerprint), with the fingerprint of their content and the text
   * of their A1 (a narrative's title names the file the command line read): a plan may replace one only when that
   * content is proven to be the engine's own output (see `planReport` in the task pane).
   */
  legacy: { name: string; fingerprint: string; title?: string }[];
  /** Sheets the run record names whose content changed since: read as the user's, never replaced. */
  changed: string[];
  /** `context.sync()` calls the read took. */
  syncs: number;
  /** True when the workbook was too large for one response and was read in row blocks. */
  blocked: boolean;
}

const DEFAULT_BUDGET = 4 * 1024 * 1024;

/** Excel's error values, as `Range.values` gives them (strings). */
const ERROR_VALUES = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#PYTHON!',
]);

/**
 * One cell from what Office.js gives for it. A formula is a `formulas` entry that starts with `=` and differs from
 * the value (a text cell `=x`, kept as text, reads the same in both). An error value arrives as its text in `values`;
 * it is taken as an error unless the cell is text-formatted and holds no formula (then it is the text `#N/A`, which
 * only the text format or a quote prefix can keep; a quote-prefixed `#N/A` in a General cell is misread as the error,
 * since Office.js does not expose the prefix without another property).
 */
export function gridCell(value: unknown, formula: unknown, format: unknown): Cell | null {
  const isFormula = typeof formula === 'string' && formula.startsWith('=') && formula !== value;
  const fmt = typeof format === 'string' && format !== '' && format !== 'General' ? format : undefined;
  if (!isFormula && (value === '' || value === null || value === undefined)) return null;
  let cell: Cell;
  if (typeof value === 'string' && ERROR_VALUES.has(value) && (isFormula || fmt !== '@')) {
    cell = { v: null, error: value };
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    cell = { v: value === '' ? null : value };
  } else {
    cell = { v: null };
  }
  if (isFormula) cell.f = (formula as string).slice(1);
  if (fmt !== undefined) cell.fmt = fmt;
  return cell;
}

/** A used range's arrays → a grid sheet: ragged rows, trailing empties dropped, the range's offset kept. */
export function gridSheet(
  name: string,
  address: string,
  values: readonly (readonly unknown[])[],
  formulas: readonly (readonly unknown[])[],
  formats: readonly (readonly unknown[])[],
  merges: Merge[],
): Sheet {
  const { row: top, col: left } = topLeftOf(address);
  const rows: (Cell | null)[][] = [];
  values.forEach((valueRow, r) => {
    const out: (Cell | null)[] = [];
    valueRow.forEach((v, c) => out.push(gridCell(v, formulas[r]?.[c], formats[r]?.[c])));
    let n = out.length;
    while (n > 0 && out[n - 1] === null) n--;
    out.length = n;
    rows.push(out);
  });
  let length = rows.length;
  while (length > 0 && rows[length - 1].length === 0) length--;
  rows.length = length;
  const sheet: Sheet = { name, rows, top, left };
  if (merges.length > 0) sheet.merges = merges;
  return sheet;
}

/** A sheet as read → a grid sheet. */
function toGrid(name: string, read: RangeRead): Sheet {
  return gridSheet(name, read.address, read.values, read.formulas, read.numberFormat, read.merges);
}

/**
 * Reads every user sheet of the workbook, and which sheets exist and which of them are Budget Review's.
 * Rejects with `ExcelHostError` (`excel`, with Excel's code) when Excel refuses.
 */
export async function readWorkbookSnapshot(
  run: ExcelRun,
  options: ReadOptions = {},
): Promise<WorkbookSnapshot> {
  const caps: Capabilities = { ...BASELINE_CAPABILITIES, ...options.capabilities };
  const budget = options.responseBudget ?? DEFAULT_BUDGET;
  try {
    return await run(RUN_OPTIONS, async (context) => {
      const request = queueInventory(context);
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
      const users = inventory.sheets.filter((s) => s !== inventory.legacyRegistry && !claimed.includes(s));
      const first = await readUsedRanges(
        context,
        [
          ...users.map((s) => ({
            sheet: s.proxy,
            arrays: ['values', 'numberFormat', 'formulas'] as const,
            merges: true,
          })),
          ...claimed.map((s) => ({ sheet: s.proxy, arrays: ['formulas'] as const })),
        ],
        caps,
        budget,
      );
      syncs += first.syncs;
      let blocked = first.blocked;
      const grids = new Map<SheetEntry, Sheet>();
      users.forEach((s, i) => grids.set(s, toGrid(s.name, first.reads[i])));
      const prints = new Map(claimed.map((s, i) => [s, fingerprintRead(first.reads[users.length + i])]));
      const ownership = decideOwnership(claims, (s) => prints.get(s) ?? '');
      const legacy = ownership.legacy.map((l) => l.sheet);
      // Claimed sheets that are neither Budget Review's nor an older version's: the user's, read in full.
      const theirs = claimed.filter(
        (s) => !ownership.owned.some((o) => o.sheet === s) && !legacy.includes(s),
      );
      if (theirs.length > 0) {
        const more = await readUsedRanges(
          context,
          theirs.map((s) => ({
            sheet: s.proxy,
            arrays: ['values', 'numberFormat', 'formulas'] as const,
            merges: true,
          })),
          caps,
          budget,
        );
        syncs += more.syncs;
        blocked = blocked || more.blocked;
        theirs.forEach((s, i) => grids.set(s, toGrid(s.name, more.reads[i])));
      }
      const workbook: Workbook = {
        sheets: inventory.sheets.filter((s) => grids.has(s)).map((s) => grids.get(s) as Sheet),
      };
      if (inventory.name !== '') workbook.name = inventory.name;
      return {
        workbook,
        sheetNames: inventory.sheets.map((s) => s.name),
        owned: ownership.owned.map((o) => o.sheet.name),
        legacy: ownership.legacy.map((l) => {
          const read = first.reads[users.length + claimed.indexOf(l.sheet)];
          const a1 = read.top === 0 && read.left === 0 ? read.formulas[0]?.[0] : undefined;
          return typeof a1 === 'string' && a1 !== '' && !a1.startsWith('=')
            ? { name: l.sheet.name, fingerprint: l.fingerprint, title: a1 }
            : { name: l.sheet.name, fingerprint: l.fingerprint };
        }),
        changed: ownership.changed.map((s) => s.name),
        syncs,
        blocked,
      };
    });
  } catch (err) {
    throw asHostError(err);
  }
}

/** {@link readWorkbookSnapshot}'s user sheets alone. */
export async function readWorkbook(run: ExcelRun, options: ReadOptions = {}): Promise<Workbook> {
  return (await readWorkbookSnapshot(run, options)).workbook;
}
