/**
 * Reading sheets' used ranges (values, formulas, number formats, merged areas), whatever their size.
 *
 * First every sheet in one request. Excel on the web caps a response at 5 MB, and every platform limits a read to
 * five million cells; past that limit Excel may fail the request (`RangeExceedsLimit`) or, in current builds, answer
 * with `values` of `null` and no error (office-js-docs-pr#5821: "When a get operation using `Range.values` exceeds
 * the five-million-cell limit, the API doesn't always throw an error. In some cases, `Range.values` returns `null`
 * instead ... read it in multiple smaller batches"; office-js#4783, #6781). So a request refused as too large, and
 * any sheet whose arrays come back as anything but arrays, is read again in row blocks: several blocks per request
 * up to about `budget` bytes (estimated from the blocks read so far), a block refused or answered with `null`
 * halved, and later blocks kept under the size that worked. Round trips then grow with the bytes (≈ bytes / 4 MB),
 * and only then.
 */
import { a1Range, type Merge } from '../../engine/grid';
import type { Capabilities, ExcelRange, ExcelRangeAreas, ExcelRequestContext, ExcelWorksheet } from './api';
import { excelCodeOf } from './errors';
import { jsonBytes } from './text';

export type CellArray = 'values' | 'formulas' | 'numberFormat';

export interface RangeTarget {
  sheet: ExcelWorksheet;
  /** The arrays to read. */
  arrays: readonly CellArray[];
  /** Whether to read the merged areas too (only with the `mergedAreas` capability). */
  merges?: boolean;
}

/** One sheet's used range as read: its top-left cell (0-based), the arrays asked for, its merged areas. */
export interface RangeRead {
  address: string;
  top: number;
  left: number;
  values: unknown[][];
  formulas: unknown[][];
  numberFormat: unknown[][];
  merges: Merge[];
}

export interface ReadResult {
  reads: RangeRead[];
  syncs: number;
  /** True when some sheet had to be read in blocks. */
  blocked: boolean;
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

/** A refusal that reading less at a time can avoid. */
export function tooBig(err: unknown): boolean {
  const code = excelCodeOf(err);
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RangeExceedsLimit';
}

function isMatrix(value: unknown): value is unknown[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row));
}

const DEFAULT_BUDGET = 4 * 1024 * 1024;
/** A first guess of a read's bytes per cell (values, formulas and formats together), refined as blocks come in. */
const FIRST_BYTES_PER_CELL = 64;
/** Excel's limit on the cells of one read. */
const MAX_READ_CELLS = 5_000_000;

interface Dims {
  address: string;
  top: number;
  left: number;
  rowCount: number;
  columnCount: number;
  merges: Merge[];
}

/**
 * Reads the used range (values only, as `getUsedRange(true)`) of every target. `budget` is the response size the
 * block fallback aims for (default 4 MB, under Excel on the web's 5 MB).
 */
export async function readUsedRanges(
  context: ExcelRequestContext,
  targets: readonly RangeTarget[],
  caps: Capabilities,
  budget: number = DEFAULT_BUDGET,
): Promise<ReadResult> {
  if (targets.length === 0) return { reads: [], syncs: 0, blocked: false };
  let syncs = 0;
  const loads = targets.map((t) => {
    const used = t.sheet.getUsedRange(true);
    used.load(['address', 'rowCount', 'columnCount', ...t.arrays].join(', '));
    let merged: ExcelRangeAreas | undefined;
    if (caps.mergedAreas && t.merges) {
      merged = used.getMergedAreasOrNullObject();
      merged.load('address');
    }
    return { target: t, used, merged };
  });
  const reads: (RangeRead | undefined)[] = new Array<RangeRead | undefined>(targets.length);
  const dims: (Dims | undefined)[] = new Array<Dims | undefined>(targets.length);
  let refused = false;
  try {
    await context.sync();
    syncs++;
  } catch (err) {
    syncs++;
    if (!tooBig(err)) throw err;
    refused = true;
  }
  if (!refused) {
    loads.forEach(({ target, used, merged }, i) => {
      const { row, col } = topLeftOf(used.address);
      const merges = merged && !merged.isNullObject ? parseAreas(merged.address) : [];
      dims[i] = {
        address: used.address,
        top: row,
        left: col,
        rowCount: used.rowCount,
        columnCount: used.columnCount,
        merges,
      };
      const arrays: Partial<Record<CellArray, unknown>> = {};
      for (const a of target.arrays) arrays[a] = used[a];
      if (target.arrays.every((a) => isMatrix(arrays[a]))) {
        reads[i] = {
          address: used.address,
          top: row,
          left: col,
          values: (arrays.values as unknown[][] | undefined) ?? [],
          formulas: (arrays.formulas as unknown[][] | undefined) ?? [],
          numberFormat: (arrays.numberFormat as unknown[][] | undefined) ?? [],
          merges,
        };
      }
    });
  } else {
    // The one-request read was refused: learn each range's size first.
    const sizes = targets.map((t) => {
      const used = t.sheet.getUsedRange(true);
      used.load('address, rowCount, columnCount');
      let merged: ExcelRangeAreas | undefined;
      if (caps.mergedAreas && t.merges) {
        merged = used.getMergedAreasOrNullObject();
        merged.load('address');
      }
      return { used, merged };
    });
    await context.sync();
    syncs++;
    sizes.forEach(({ used, merged }, i) => {
      const { row, col } = topLeftOf(used.address);
      dims[i] = {
        address: used.address,
        top: row,
        left: col,
        rowCount: used.rowCount,
        columnCount: used.columnCount,
        merges: merged && !merged.isNullObject ? parseAreas(merged.address) : [],
      };
    });
  }
  const pending = targets.map((t, i) => ({ target: t, index: i })).filter(({ index }) => !reads[index]);
  if (pending.length === 0) return { reads: reads as RangeRead[], syncs, blocked: false };
  const blocked = await readInBlocks(
    context,
    pending.map(({ target, index }) => ({ target, dims: dims[index] as Dims, index })),
    budget,
  );
  syncs += blocked.syncs;
  for (const [index, read] of blocked.reads) reads[index] = read;
  return { reads: reads as RangeRead[], syncs, blocked: true };
}

interface Chunk {
  sheet: number;
  /** 0-based rows of the used range, inclusive, relative to its top. */
  from: number;
  to: number;
}

interface Part {
  values: unknown[][];
  formulas: unknown[][];
  numberFormat: unknown[][];
}

/** The fallback: row blocks, packed several to a request up to `budget` estimated bytes. */
async function readInBlocks(
  context: ExcelRequestContext,
  sheets: { target: RangeTarget; dims: Dims; index: number }[],
  budget: number,
): Promise<{ reads: Map<number, RangeRead>; syncs: number }> {
  let syncs = 0;
  let bytesPerCell = FIRST_BYTES_PER_CELL;
  /** After a block came back `null` (or refused alone), no block covers more cells than this. */
  let cellCeiling = MAX_READ_CELLS / 4;
  const parts = sheets.map(() => new Map<number, Part>());
  const queue: Chunk[] = [];
  sheets.forEach(({ target, dims }, sheet) => {
    const perCell = bytesPerCell * Math.max(1, target.arrays.length / 3);
    // Blocks of a quarter of the budget (by the first guess), so that requests can be packed close to the budget
    // once the real bytes per cell are known.
    const rowsPerChunk = Math.max(
      1,
      Math.min(
        Math.floor(budget / (4 * perCell * dims.columnCount)),
        Math.floor(cellCeiling / dims.columnCount),
      ),
    );
    for (let from = 0; from < dims.rowCount; from += rowsPerChunk) {
      queue.push({ sheet, from, to: Math.min(dims.rowCount, from + rowsPerChunk) - 1 });
    }
  });
  const cellsOf = (c: Chunk): number => (c.to - c.from + 1) * sheets[c.sheet].dims.columnCount;
  const halves = (c: Chunk): Chunk[] => {
    const mid = c.from + Math.floor((c.to - c.from) / 2);
    return [
      { ...c, to: mid },
      { ...c, from: mid + 1 },
    ];
  };

  while (queue.length > 0) {
    let head = queue.shift() as Chunk;
    while (cellsOf(head) > cellCeiling && head.from < head.to) {
      const [a, b] = halves(head);
      queue.unshift(b);
      head = a;
    }
    // Pack blocks into one request while the estimate allows (at least one).
    const batch: Chunk[] = [head];
    let estimate = cellsOf(head) * bytesPerCell;
    while (
      queue.length > 0 &&
      cellsOf(queue[0]) <= cellCeiling &&
      estimate + cellsOf(queue[0]) * bytesPerCell <= budget
    ) {
      const next = queue.shift() as Chunk;
      estimate += cellsOf(next) * bytesPerCell;
      batch.push(next);
    }
    const loads = batch.map((chunk) => {
      const { target, dims } = sheets[chunk.sheet];
      const block: ExcelRange = target.sheet.getRange(
        a1Range(dims.top + chunk.from, dims.left, dims.top + chunk.to, dims.left + dims.columnCount - 1),
      );
      block.load(target.arrays.join(', '));
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
      if (batch.length > 1) {
        queue.unshift(...batch); // retried one block per request
        bytesPerCell *= 2;
        continue;
      }
      if (head.from === head.to) throw err;
      cellCeiling = Math.min(cellCeiling, Math.ceil(cellsOf(head) / 2));
      queue.unshift(...halves(head));
      continue;
    }
    let bytes = 0;
    let cells = 0;
    const retry: Chunk[] = [];
    for (const { chunk, block } of loads) {
      const arrays = sheets[chunk.sheet].target.arrays;
      const got: Partial<Record<CellArray, unknown>> = {};
      for (const a of arrays) got[a] = block[a];
      if (!arrays.every((a) => isMatrix(got[a]))) {
        // Excel answered `null` for a read it found too large: read it in halves.
        if (chunk.from === chunk.to) {
          throw new Error(`Excel returned no cells for row ${chunk.from + 1} of a used range`);
        }
        cellCeiling = Math.min(cellCeiling, Math.ceil(cellsOf(chunk) / 2));
        retry.push(...halves(chunk));
        continue;
      }
      const part: Part = {
        values: (got.values as unknown[][] | undefined) ?? [],
        formulas: (got.formulas as unknown[][] | undefined) ?? [],
        numberFormat: (got.numberFormat as unknown[][] | undefined) ?? [],
      };
      for (const a of arrays) bytes += jsonBytes(part[a]);
      cells += cellsOf(chunk);
      parts[chunk.sheet].set(chunk.from, part);
    }
    queue.unshift(...retry);
    if (cells > 0) bytesPerCell = Math.max(8, (bytes / cells) * 1.1);
  }

  const reads = new Map<number, RangeRead>();
  sheets.forEach(({ dims, index }, sheet) => {
    const starts = [...parts[sheet].keys()].sort((a, b) => a - b);
    const joined: Part = { values: [], formulas: [], numberFormat: [] };
    for (const s of starts) {
      const part = parts[sheet].get(s) as Part;
      for (const key of ['values', 'formulas', 'numberFormat'] as const) {
        for (const row of part[key]) joined[key].push(row);
      }
    }
    reads.set(index, {
      address: dims.address,
      top: dims.top,
      left: dims.left,
      merges: dims.merges,
      ...joined,
    });
  });
  return { reads, syncs };
}
