/**
 * The Office.js host's read side: the open workbook → the engine's plain grids, in the same shape as the .xlsx
 * host's `readWorkbookFile` (values with formulas' cached results, formulas without `=`, error values as `error`,
 * number formats other than General, merged ranges), so that both hosts hand the engine the same workbook.
 *
 * Two round trips, whatever the number of rows: one for the sheet list and the run record, one that loads every
 * sheet's used range (`values`, `numberFormat`, `formulas`, `address` in one `load` per sheet) and the registry.
 *
 * Excel on the web caps a response at 5 MB and a read at 5 million cells, which a sheet of some 12,000 rows of a
 * typical ledger already exceeds. When the one-request read fails for that reason (`ResponsePayloadSizeLimitExceeded`
 * or `RangeExceedsLimit`), the read falls back to row blocks of about 4 MB each, packed several small sheets to a
 * request and halved on a limit error: round trips then grow with the workbook's bytes (≈ bytes / 4 MB), and only
 * there. Desktop Excel has no response cap, so there the two round trips hold for any size.
 */
import { a1Range, type Cell, type Merge, type Sheet, type Workbook } from '../../engine/grid';
import {
  BASELINE_CAPABILITIES,
  type Capabilities,
  type ExcelRange,
  type ExcelRangeAreas,
  type ExcelRun,
} from './api';
import { asHostError, excelCodeOf } from './errors';
import {
  ownedSheets,
  queueInventory,
  readInventory,
  registryNames,
  sameName,
  type Inventory,
  type SheetEntry,
} from './ownership';
import { jsonBytes } from './text';

export interface ReadOptions {
  /** Optional features (see office.ts); default ExcelApi 1.7 only, so no merges. */
  capabilities?: Partial<Capabilities>;
  /** Response size the block fallback aims for, in bytes (default 4 MB, under Excel on the web's 5 MB). */
  responseBudget?: number;
}

/** The workbook as the engine needs it, and what `buildPlan` needs to know about its sheets. */
export interface WorkbookSnapshot {
  /** The user's sheets: Budget Review's own (the registry and the sheets it created) left out. */
  workbook: Workbook;
  /** Every sheet's name in tab order, hidden ones and the registry included (`PlanOptions.existingSheets`). */
  sheetNames: string[];
  /** The sheets Budget Review created that still exist (`PlanOptions.owned`). */
  owned: string[];
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

/** The top-left cell of `Sheet1!B3:D10` (0-based), or of a bare `B3`. */
export function topLeftOf(address: string): { row: number; col: number } {
  const cellPart = address.slice(address.lastIndexOf('!') + 1).split(':')[0];
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(cellPart);
  if (!m) throw new Error(`unexpected range address "${address}"`);
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/**
 * The ranges of a `RangeAreas.address` (`Sheet1!A1:K1, 'a, b'!A3:B4`) as merges; sheet names, quoted or not, are
 * skipped (they may hold commas and `!`).
 */
export function parseAreas(address: string): Merge[] {
  const out: Merge[] = [];
  let i = 0;
  const s = address;
  while (i < s.length) {
    while (i < s.length && (s[i] === ' ' || s[i] === ',')) i++;
    if (i >= s.length) break;
    let start = i;
    if (s[i] === "'") {
      i++;
      while (i < s.length) {
        if (s[i] === "'" && s[i + 1] === "'") i += 2;
        else if (s[i] === "'") break;
        else i++;
      }
      i++; // closing quote
      if (s[i] === '!') start = ++i;
    }
    let end = i;
    while (end < s.length && s[end] !== ',') end++;
    const token = s.slice(start, end).trim();
    const ref = token.slice(token.lastIndexOf('!') + 1);
    const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref);
    if (m) {
      const a = topLeftOf(`${m[1]}${m[2]}`);
      const b = m[3] === undefined ? a : topLeftOf(`${m[3]}${m[4]}`);
      out.push({
        top: Math.min(a.row, b.row),
        left: Math.min(a.col, b.col),
        bottom: Math.max(a.row, b.row),
        right: Math.max(a.col, b.col),
      });
    }
    i = end;
  }
  out.sort((a, b) => a.top - b.top || a.left - b.left);
  return out;
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

function tooBig(err: unknown): boolean {
  const code = excelCodeOf(err);
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RangeExceedsLimit';
}

function asMatrix(value: unknown): unknown[][] {
  return Array.isArray(value) ? (value as unknown[][]) : [];
}

/**
 * Reads every user sheet of the workbook, and which sheets exist and which of them Budget Review owns.
 * Rejects with `ExcelHostError` (`excel`, with Excel's code) when Excel refuses.
 */
export async function readWorkbookSnapshot(
  run: ExcelRun,
  options: ReadOptions = {},
): Promise<WorkbookSnapshot> {
  const caps: Capabilities = { ...BASELINE_CAPABILITIES, ...options.capabilities };
  const budget = options.responseBudget ?? DEFAULT_BUDGET;
  try {
    return await run(async (context) => {
      const request = queueInventory(context);
      await context.sync();
      let syncs = 1;
      const inventory = readInventory(request);
      // The run record names the owned sheets before the registry is read: their (possibly large) report sheets
      // are not loaded at all. Sheets only the registry lists are dropped after the read.
      const recorded = ownedSheets(inventory, []);
      const entries = inventory.sheets.filter(
        (s) =>
          s !== inventory.registry &&
          s !== inventory.visibleRegistry &&
          !recorded.some((n) => sameName(n, s.name)),
      );
      if (inventory.visibleRegistry) entries.push(inventory.visibleRegistry);

      let registryRange: ExcelRange | undefined;
      if (inventory.registry) {
        registryRange = inventory.registry.proxy.getUsedRange(true);
        registryRange.load('values');
      }
      const reads = entries.map((entry) => {
        const used = entry.proxy.getUsedRange(true);
        used.load('address, values, numberFormat, formulas');
        let merged: ExcelRangeAreas | undefined;
        if (caps.mergedAreas) {
          merged = used.getMergedAreasOrNullObject();
          merged.load('address');
        }
        return { entry, used, merged };
      });

      let sheets = new Map<SheetEntry, Sheet>();
      let listed: string[] = [];
      let blocked = false;
      try {
        await context.sync();
        syncs++;
        for (const { entry, used, merged } of reads) {
          const merges = merged && !merged.isNullObject ? parseAreas(merged.address) : [];
          sheets.set(
            entry,
            gridSheet(entry.name, used.address, used.values, used.formulas, used.numberFormat, merges),
          );
        }
        if (registryRange) listed = registryNames(asMatrix(registryRange.values));
      } catch (err) {
        if (!tooBig(err)) throw err;
        syncs++;
        blocked = true;
        const result = await readInBlocks(context, inventory, entries, caps, budget);
        syncs += result.syncs;
        sheets = result.sheets;
        listed = result.listed;
      }

      const owned = ownedSheets(inventory, listed);
      const workbook: Workbook = {
        sheets: entries
          .filter((e) => !owned.some((n) => sameName(n, e.name)))
          .map((e) => sheets.get(e) as Sheet),
      };
      return { workbook, sheetNames: inventory.sheets.map((s) => s.name), owned, syncs, blocked };
    });
  } catch (err) {
    throw asHostError(err);
  }
}

/** {@link readWorkbookSnapshot}'s user sheets alone. */
export async function readWorkbook(run: ExcelRun, options: ReadOptions = {}): Promise<Workbook> {
  return (await readWorkbookSnapshot(run, options)).workbook;
}

interface Chunk {
  entry: SheetEntry;
  /** 0-based rows of the used range, inclusive, relative to its top. */
  from: number;
  to: number;
}

interface SheetPlan {
  entry: SheetEntry;
  address: string;
  top: number;
  left: number;
  rowCount: number;
  columnCount: number;
  merges: Merge[];
  parts: Map<number, { values: unknown[][]; formulas: unknown[][]; formats: unknown[][] }>;
}

/** A first guess of a read's bytes per cell (values, formulas and formats together), refined as blocks come in. */
const FIRST_BYTES_PER_CELL = 64;
const MAX_READ_CELLS = 5_000_000;

/**
 * The fallback read: each sheet's used range in row blocks, several blocks per request up to `budget` bytes (as
 * estimated from the blocks read so far); a block that still comes back too large is halved.
 */
async function readInBlocks(
  context: Parameters<Parameters<ExcelRun>[0]>[0],
  inventory: Inventory,
  entries: SheetEntry[],
  caps: Capabilities,
  budget: number,
): Promise<{ sheets: Map<SheetEntry, Sheet>; listed: string[]; syncs: number }> {
  let syncs = 0;
  let registryRange: ExcelRange | undefined;
  if (inventory.registry) {
    registryRange = inventory.registry.proxy.getUsedRange(true);
    registryRange.load('values');
  }
  const dims = entries.map((entry) => {
    const used = entry.proxy.getUsedRange(true);
    used.load('address, rowCount, columnCount');
    let merged: ExcelRangeAreas | undefined;
    if (caps.mergedAreas) {
      merged = used.getMergedAreasOrNullObject();
      merged.load('address');
    }
    return { entry, used, merged };
  });
  await context.sync();
  syncs++;
  const listed = registryRange ? registryNames(asMatrix(registryRange.values)) : [];

  let bytesPerCell = FIRST_BYTES_PER_CELL;
  const plans: SheetPlan[] = [];
  const queue: Chunk[] = [];
  for (const { entry, used, merged } of dims) {
    const { row, col } = topLeftOf(used.address);
    const plan: SheetPlan = {
      entry,
      address: used.address,
      top: row,
      left: col,
      rowCount: used.rowCount,
      columnCount: used.columnCount,
      merges: merged && !merged.isNullObject ? parseAreas(merged.address) : [],
      parts: new Map(),
    };
    plans.push(plan);
    // Blocks of a quarter of the budget (by the first guess), so that requests can be packed close to the budget
    // once the real bytes per cell are known.
    const rowsPerChunk = Math.max(
      1,
      Math.min(
        Math.floor(budget / (4 * bytesPerCell * plan.columnCount)),
        Math.floor(MAX_READ_CELLS / (4 * plan.columnCount)),
      ),
    );
    for (let from = 0; from < plan.rowCount; from += rowsPerChunk) {
      queue.push({ entry, from, to: Math.min(plan.rowCount, from + rowsPerChunk) - 1 });
    }
  }
  const planOf = new Map(plans.map((p) => [p.entry, p]));
  const cellsOf = (c: Chunk): number => (c.to - c.from + 1) * (planOf.get(c.entry) as SheetPlan).columnCount;

  while (queue.length > 0) {
    // Pack blocks into one request while the estimate allows (at least one).
    const batch: Chunk[] = [queue.shift() as Chunk];
    let estimate = cellsOf(batch[0]) * bytesPerCell;
    while (queue.length > 0 && estimate + cellsOf(queue[0]) * bytesPerCell <= budget) {
      const next = queue.shift() as Chunk;
      estimate += cellsOf(next) * bytesPerCell;
      batch.push(next);
    }
    const loads = batch.map((chunk) => {
      const plan = planOf.get(chunk.entry) as SheetPlan;
      const block = chunk.entry.proxy.getRange(
        a1Range(plan.top + chunk.from, plan.left, plan.top + chunk.to, plan.left + plan.columnCount - 1),
      );
      block.load('values, numberFormat, formulas');
      return { chunk, block };
    });
    try {
      // One request per ~4 MB block is the point of the fallback: Excel on the web refuses larger responses.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      syncs++;
    } catch (err) {
      syncs++;
      if (!tooBig(err)) throw err;
      const [first, ...rest] = batch;
      if (rest.length > 0) {
        queue.unshift(...batch); // retried one block per request
        bytesPerCell *= 2;
        continue;
      }
      if (first.from === first.to) throw err;
      const mid = first.from + Math.floor((first.to - first.from) / 2);
      queue.unshift({ ...first, to: mid }, { ...first, from: mid + 1 });
      continue;
    }
    let bytes = 0;
    let cells = 0;
    for (const { chunk, block } of loads) {
      const part = { values: block.values, formulas: block.formulas, formats: block.numberFormat };
      bytes += jsonBytes(part.values) + jsonBytes(part.formulas) + jsonBytes(part.formats);
      cells += cellsOf(chunk);
      (planOf.get(chunk.entry) as SheetPlan).parts.set(chunk.from, part);
    }
    if (cells > 0) bytesPerCell = Math.max(8, (bytes / cells) * 1.1);
  }

  const sheets = new Map<SheetEntry, Sheet>();
  for (const plan of plans) {
    const starts = [...plan.parts.keys()].sort((a, b) => a - b);
    const values: unknown[][] = [];
    const formulas: unknown[][] = [];
    const formats: unknown[][] = [];
    for (const s of starts) {
      const part = plan.parts.get(s) as { values: unknown[][]; formulas: unknown[][]; formats: unknown[][] };
      for (let i = 0; i < part.values.length; i++) {
        values.push(part.values[i]);
        formulas.push(part.formulas[i]);
        formats.push(part.formats[i]);
      }
    }
    sheets.set(plan.entry, gridSheet(plan.entry.name, plan.address, values, formulas, formats, plan.merges));
  }
  return { sheets, listed, syncs };
}
