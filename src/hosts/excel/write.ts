/**
 * The Office.js host's write side: applies a write plan to the open workbook.
 *
 * A run, in requests (`context.sync()` calls), every one through `Excel.run` with `delayForCellEdit` (a request
 * waits while the user edits a cell instead of failing):
 *
 * 1. The sheet list, the run record's parts, the legacy setting and `workbook.protection.protected`: a protected
 *    structure stops the run here (`protected`), before any change.
 * 2. Only when there is one: the record's XML and the legacy registry's names (record.ts).
 * 3. Only when the plan replaces sheets: their content, to prove they are still what Budget Review wrote. A sheet
 *    the plan would replace or whose name it would take that is not provably Budget Review's stops the run
 *    (`conflict`), before any change.
 * 4. The replaced sheets are renamed out of the way (kept until the end, so that a failed run can put them back),
 *    and the plan's sheets are added under random temporary names, their ids loaded.
 * 5. The new sheets get their names, column widths, base font, wrapped columns and frozen panes.
 * 6. The cells, in blocks of rows whose estimated request stays under ~4 MB (blocks.ts); a block Excel refuses as
 *    too large (`RequestPayloadSizeLimitExceeded`) is retried in halves and later blocks are cut to that size.
 * 7. Merges; the replaced sheets and the legacy records deleted (the legacy registry made Hidden first).
 * 7b. With ExcelApi 1.9, the sheets' page setup (landscape, fit to width, print titles) and filters, in a request
 *    of their own: Excel refusing them does not undo the report (`printSetup: false`).
 * 8. The first new sheet activated (a failure here, e.g. `InactiveWorkbook`, does not undo the report).
 *
 * Every request from 4 to 7 also rewrites the run record (a custom XML part) so that it describes the workbook as
 * that request leaves it: every sheet of Budget Review's that exists, by id and name, with the fingerprint of the
 * cells written so far. Excel's own undo keeps one record per `sync()` (Excel.RunOptions), so whatever Ctrl+Z takes
 * back, the run record taken back with it still matches the sheets; the add-in can then remove exactly its own
 * sheets. Deleting sheets (a re-run, the removal) clears Excel's undo stack: Excel cannot undo `Worksheet.delete`.
 *
 * If anything fails after request 3, the run deletes the sheets it added (by the id it learnt, or by the temporary
 * name it gave, and only while the sheet still has a name this run gave it), renames the replaced sheets back and
 * puts the record back, then rejects with an `ExcelHostError` carrying Excel's error code and whether the clean-up
 * succeeded. (Excel's requests are not transactions: in a failed request the operations before the failing one stay
 * applied, which is why the clean-up reads the sheet list afresh.)
 */
import { a1 } from '../../engine/address';
import type { PlanSheet, SheetRole, WritePlan } from '../../engine/plan-types';
import {
  FingerprintHasher,
  fingerprintCells,
  planCellView,
  planSheetFingerprint,
  RUN_RECORD_NAMESPACE,
  type FormulaView,
  type RecordedSheet,
} from '../../engine/run-record';
import {
  BASELINE_CAPABILITIES,
  RUN_OPTIONS,
  type Capabilities,
  type ExcelCustomXmlPart,
  type ExcelRange,
  type ExcelRequestContext,
  type ExcelRun,
  type ExcelWorksheet,
} from './api';
import { halve, makeBlocks, queueBlock, rowsIn, type Block } from './blocks';
import { encodePlan, planError, uncertainView, type SheetCode } from './encode';
import { asHostError, excelCodeOf, ExcelHostError } from './errors';
import { queueLayout, queuePrint } from './looks';
import {
  claimedSheets,
  claimsOf,
  decideOwnership,
  fingerprintRead,
  queueInventory,
  queueRecords,
  readInventory,
  readRecords,
  recordXml,
  sameName,
  type Inventory,
  type Ownership,
  type Records,
  type SheetEntry,
} from './record';
import { readUsedRanges } from './used-range';

export interface ApplyOptions {
  /** Optional features (see office.ts); default ExcelApi 1.7 only, so no indents. */
  capabilities?: Partial<Capabilities>;
  /** Called with the share done, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** The request size the writer aims for, in bytes of JSON (default 4 MB, under Excel on the web's 5 MB). */
  requestBudget?: number;
  /** Whether to activate the first generated sheet at the end (default true). */
  activate?: boolean;
  /** Stops the run between two blocks of cells; what it wrote is removed (`cancelled`, with `rolledBack`). */
  signal?: AbortSignal;
  /** The time the record says the run wrote the sheets (default now). */
  now?: () => Date;
  /**
   * Sheets only an older version's record lists whose content the caller proved to be the engine's output, by the
   * fingerprint of that content (see `planReport` in the task pane): the plan may replace one while its content
   * still has that fingerprint. Without it, only a sheet whose content is exactly what replaces it is replaced.
   */
  proven?: { name: string; fingerprint: string }[];
}

export interface ApplyResult {
  /** The sheets created, in plan order. */
  created: string[];
  /** The earlier generated sheets the run replaced (deleted). */
  replaced: string[];
  /** Whether an older version's records (the `_BudgetReview` sheet, the setting) were removed. */
  migrated: boolean;
  /** Whether the first new sheet was activated (false when Excel refused, e.g. with another workbook in focus). */
  activated: boolean;
  /**
   * Whether the sheets' page setup and filters were applied: false without ExcelApi 1.9, or when Excel refused them
   * (the report stays; its sheets then print with Excel's defaults).
   */
  printSetup: boolean;
  /** `context.sync()` calls, all steps together. */
  syncs: number;
  /** Requests that wrote cells (step 6), retries included. */
  cellRequests: number;
  /** Blocks retried in halves after `RequestPayloadSizeLimitExceeded`. */
  retries: number;
  /** The largest estimated cell request that succeeded, in bytes. */
  largestEstimate: number;
}

const DEFAULT_BUDGET = 4 * 1024 * 1024;
/** The fingerprint of a sheet without content. */
const EMPTY_FINGERPRINT = fingerprintCells([]);

/** What a run changed so far, for the clean-up after a failure. */
interface RunState {
  /** Ids of every sheet before the run. */
  before: Set<string>;
  /** Replaced sheets: id → original name (they carry a temporary name until the end). */
  renamed: Map<string, string>;
  /**
   * The random names the new sheets are added under: a new sheet is named only once its id is known, so that the
   * clean-up never mistakes a sheet someone else added meanwhile for its own.
   */
  temporary: string[];
  /** Every name the run gave a new sheet (temporary and final). */
  givenNames: string[];
  /** Ids of the sheets the run added, once known. */
  created: Set<string>;
  /** The record part the run writes to. */
  part: ExcelCustomXmlPart | undefined;
  /** The ids of the record's parts before the run. */
  partIdsBefore: string[];
  /** The record's text before the run (its first part's), if there was a record. */
  xmlBefore: string | undefined;
  /** The record to put back, when the earlier text alone will not do (see `recordToRestore`). */
  recordBefore: RecordedSheet[] | undefined;
}

/** A temporary sheet name that no sheet has and no plan sheet will take. */
function temporaryName(taken: string[], kind: 'old' | 'new', n: number): string {
  for (let attempt = 0; ; attempt++) {
    const name = `~BR ${kind} ${n} ${Math.random().toString(36).slice(2, 10)}`;
    if (!taken.some((t) => sameName(t, name))) return name;
    if (attempt > 100) throw new Error('no free temporary sheet name');
  }
}

/** The sheets the plan replaces, each proven Budget Review's; `conflict` for anything else the plan would touch. */
function checkOwnership(
  plan: WritePlan,
  inventory: Inventory,
  ownership: Ownership,
  proven: readonly { name: string; fingerprint: string }[],
): { entry: SheetEntry; role: SheetRole; fingerprint: string }[] {
  const replaced: { entry: SheetEntry; role: SheetRole; fingerprint: string }[] = [];
  for (const name of plan.replaces) {
    const entry = inventory.sheets.find((s) => sameName(s.name, name));
    if (!entry || replaced.some((r) => r.entry === entry)) continue;
    const owned = ownership.owned.find((o) => o.sheet === entry);
    if (owned) {
      replaced.push({ entry, role: owned.role, fingerprint: owned.fingerprint });
      continue;
    }
    // Listed only by an older version's record: replaced only when proven the engine's output and unchanged.
    const legacy = ownership.legacy.find((l) => l.sheet === entry);
    const successor = plan.sheets.find((s) => sameName(s.name, entry.name));
    const proof = proven.find((p) => sameName(p.name, entry.name))?.fingerprint;
    if (
      legacy &&
      successor &&
      (legacy.fingerprint === proof || planSheetFingerprint(successor) === legacy.fingerprint)
    ) {
      replaced.push({ entry, role: successor.role, fingerprint: legacy.fingerprint });
      continue;
    }
    throw new ExcelHostError('conflict', {
      detail: `"${entry.name}" is not, or no longer, a sheet Budget Review wrote unchanged; it is kept`,
    });
  }
  for (const sheet of plan.sheets) {
    const taken = inventory.sheets.find((s) => sameName(s.name, sheet.name));
    if (taken && !replaced.some((r) => r.entry === taken)) {
      throw new ExcelHostError('conflict', {
        detail: `a sheet named "${taken.name}" exists and is not replaced`,
      });
    }
  }
  return replaced;
}

/** Per new sheet: the fingerprint of the rows written so far, fed a block at a time. */
class Progression {
  private readonly hashers: FingerprintHasher[];

  constructor(private readonly codes: SheetCode[]) {
    this.hashers = codes.map(() => new FingerprintHasher());
  }

  /** The fingerprints once `block` is written (nothing is committed). */
  after(block: Block): { fingerprints: string[]; commit: () => void } {
    const next = this.hashers.map((h) => h.clone());
    for (const segment of block.segments) {
      const rows = this.codes[segment.sheet].plan.rows;
      for (let r = segment.from; r <= segment.to; r++) feedRow(next[segment.sheet], rows[r], r);
    }
    return {
      fingerprints: next.map((h) => h.digest()),
      commit: () => next.forEach((h, i) => (this.hashers[i] = h)),
    };
  }

  now(): string[] {
    return this.hashers.map((h) => h.digest());
  }
}

function feedRow(hasher: FingerprintHasher, row: PlanSheet['rows'][number], r: number): void {
  for (let c = 0; c < row.length; c++) hasher.add(r, c, planCellView(row[c]));
}

/**
 * Applies `plan` to the open workbook (see the top of this module). Rejects with `ExcelHostError`: `plan`,
 * `protected` or `conflict` before any change; `excel` (with `excelCode`, `rolledBack`) when Excel fails during the
 * write; `cancelled` (with `rolledBack`) when `signal` stopped it.
 */
export async function applyPlan(
  run: ExcelRun,
  plan: WritePlan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const caps: Capabilities = { ...BASELINE_CAPABILITIES, ...options.capabilities };
  const budget = options.requestBudget ?? DEFAULT_BUDGET;
  const progress = options.onProgress ?? ((): void => undefined);
  const codes = encodePlan(plan, caps);
  const created = (options.now ?? (() => new Date()))().toISOString();

  try {
    return await run(RUN_OPTIONS, async (context) => {
      progress(0);
      const request = queueInventory(context, { protection: true });
      await context.sync();
      let syncs = 1;
      const inventory = readInventory(request);
      if (inventory.protected) throw new ExcelHostError('protected');
      const recordsRequest = queueRecords(inventory);
      if (recordsRequest) {
        await context.sync();
        syncs++;
      }
      const records = readRecords(recordsRequest);
      const claims = claimsOf(inventory, records);
      const claimed = claimedSheets(claims).filter(
        (s) =>
          plan.sheets.some((p) => sameName(p.name, s.name)) || plan.replaces.some((n) => sameName(n, s.name)),
      );
      const reads = await readUsedRanges(
        context,
        claimed.map((s) => ({ sheet: s.proxy, arrays: ['formulas'] as const })),
        caps,
      );
      syncs += reads.syncs;
      const fingerprints = new Map(claimed.map((s, i) => [s, fingerprintRead(reads.reads[i])]));
      const ownership = decideOwnership(claims, (s) => fingerprints.get(s) ?? '');
      const replaced = checkOwnership(plan, inventory, ownership, options.proven ?? []);

      // Links may point at the user's sheets and at the plan's; names as they will be after the run.
      const linkable = [
        ...inventory.sheets.filter((s) => !replaced.some((r) => r.entry === s)).map((s) => s.name),
        ...plan.sheets.map((s) => s.name),
      ];
      const linkTarget = (name: string): string => {
        const found = linkable.find((n) => sameName(n, name));
        if (found === undefined) throw planError(`a link to a missing sheet "${name}"`);
        return found;
      };
      for (const code of codes)
        for (const row of code.rows) for (const link of row.links) linkTarget(link.sheet);

      const state: RunState = {
        before: new Set(inventory.sheets.map((s) => s.id)),
        renamed: new Map(),
        temporary: [],
        givenNames: [],
        created: new Set(),
        part: inventory.parts[0],
        partIdsBefore: inventory.parts.map((p) => p.id),
        xmlBefore: inventory.parts.length === 1 ? records.partXml[0] : undefined,
        recordBefore: recordToRestore(inventory, records, replaced, ownership),
      };
      const blocks = makeBlocks(codes, budget);
      const total = blocks.reduce((s, b) => s + b.bytes, 0) || 1;
      let done = 0;
      let cellRequests = 0;
      let retries = 0;
      let largestEstimate = 0;
      const progression = new Progression(codes);

      try {
        // 4. Replaced sheets out of the way; the new sheets under temporary names.
        const taken = [...inventory.sheets.map((s) => s.name), ...plan.sheets.map((s) => s.name)];
        const temporary = (kind: 'old' | 'new', n: number): string => {
          const name = temporaryName(taken, kind, n);
          taken.push(name);
          return name;
        };
        const oldNames = replaced.map((_, i) => temporary('old', i + 1));
        const newNames = codes.map((_, i) => temporary('new', i + 1));
        state.temporary.push(...newNames);
        state.givenNames.push(...newNames, ...plan.sheets.map((s) => s.name));
        const oldEntries: RecordedSheet[] = replaced.map((r, i) => ({
          role: r.role,
          name: oldNames[i],
          id: r.entry.id,
          fingerprint: r.fingerprint,
        }));
        const newEntries = (names: string[], ids: (string | undefined)[], fps: string[]): RecordedSheet[] =>
          codes.map((code, i) => ({
            role: code.plan.role,
            name: names[i],
            ...(ids[i] !== undefined ? { id: ids[i] } : {}),
            fingerprint: fps[i],
          }));
        const writeRecord = (entries: RecordedSheet[]): void => {
          const xml = recordXml(entries, created);
          if (state.part) state.part.setXml(xml);
          else state.part = context.workbook.customXmlParts.add(xml);
        };
        const empty = codes.map(() => EMPTY_FINGERPRINT);
        writeRecord([...oldEntries, ...newEntries(newNames, [], empty)]);
        replaced.forEach((r, i) => {
          r.entry.proxy.name = oldNames[i];
          state.renamed.set(r.entry.id, r.entry.name);
        });
        const sheets = codes.map((_, i) => {
          const ws = context.workbook.worksheets.add(newNames[i]);
          ws.load('id');
          return ws;
        });
        await context.sync();
        syncs++;
        const ids = sheets.map((ws) => ws.id);
        for (const id of ids) state.created.add(id);

        // 5. Names and layout.
        const finalNames = plan.sheets.map((s) => s.name);
        writeRecord([...oldEntries, ...newEntries(finalNames, ids, empty)]);
        codes.forEach((code, i) => {
          sheets[i].name = code.plan.name;
          queueLayout(sheets[i], code, plan.lang);
        });
        await context.sync();
        syncs++;

        // 6. The cells, block by block, each with the record as the block leaves the sheets.
        const pending = [...blocks].reverse();
        // After a refusal, no block is sent larger than half the refused one (Excel's real limit is lower than
        // the budget assumed: a proxy, a tenant setting), so that one refusal does not repeat for every block.
        let ceiling = Infinity;
        while (pending.length > 0) {
          if (options.signal?.aborted) throw new ExcelHostError('cancelled');
          let block = pending.pop() as Block;
          while (block.bytes > ceiling && rowsIn(block) > 1) {
            const [first, second] = halve(block, codes);
            pending.push(second);
            block = first;
          }
          const next = progression.after(block);
          writeRecord([...oldEntries, ...newEntries(finalNames, ids, next.fingerprints)]);
          queueBlock(block, codes, sheets, linkTarget);
          try {
            // One request per ~4 MB block: Excel on the web refuses a request over 5 MB.
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
            syncs++;
            cellRequests++;
          } catch (err) {
            syncs++;
            cellRequests++;
            if (excelCodeOf(err) !== 'RequestPayloadSizeLimitExceeded' || rowsIn(block) < 2) throw err;
            retries++;
            ceiling = Math.min(ceiling, block.bytes / 2);
            const [first, second] = halve(block, codes);
            pending.push(second, first);
            continue;
          }
          next.commit();
          largestEstimate = Math.max(largestEstimate, block.bytes);
          done += block.bytes;
          progress(Math.min(0.99, done / total));
        }

        // 7. Merges, the old sheets and the legacy records out, and the record of the new sheets alone.
        codes.forEach((code, i) => {
          for (const m of code.plan.merges) {
            if (m.bottom === m.top && m.right === m.left) continue;
            sheets[i].getRange(`${a1(m.top, m.left)}:${a1(m.bottom, m.right)}`).merge(false);
          }
        });
        for (const r of replaced) r.entry.proxy.delete();
        const migrated = inventory.legacyRegistry !== undefined || !inventory.legacySetting.isNullObject;
        if (inventory.legacyRegistry) {
          // A very hidden sheet cannot be deleted (office-js#365): Hidden first.
          if (inventory.legacyRegistry.visibility === 'VeryHidden')
            inventory.legacyRegistry.proxy.visibility = 'Hidden';
          inventory.legacyRegistry.proxy.delete();
        }
        const finalPrints = progression.now();
        writeRecord(newEntries(finalNames, ids, finalPrints));
        for (const extra of inventory.parts.slice(1)) extra.delete();
        if (!inventory.legacySetting.isNullObject) inventory.legacySetting.delete();
        const readBack = queueReadBack(codes, sheets);
        await context.sync();
        syncs++;
        progress(1);

        // Cells whose reading Excel might not give back as written: the fingerprint from what it gives.
        const corrected = readBack.fingerprints(finalPrints);
        if (corrected.some((fp, i) => fp !== finalPrints[i])) {
          writeRecord(newEntries(finalNames, ids, corrected));
          await context.sync();
          syncs++;
        }

        // 7b. Page setup and filters (ExcelApi 1.9), in a request of their own: a refusal leaves the report whole.
        let printSetup = false;
        if (caps.pageLayout && codes.some((c) => c.plan.print || c.plan.autoFilter)) {
          codes.forEach((code, i) => queuePrint(sheets[i], code.plan));
          try {
            await context.sync();
            printSetup = true;
          } catch {
            printSetup = false;
          }
          syncs++;
        }

        // 8. The first new sheet shown; Excel may refuse (another workbook in focus): the report stays.
        let activated = false;
        if (options.activate !== false && sheets.length > 0) {
          sheets[0].activate();
          try {
            await context.sync();
            activated = true;
          } catch {
            activated = false;
          }
          syncs++;
        }
        return {
          created: finalNames,
          replaced: replaced.map((r) => r.entry.name),
          migrated,
          activated,
          printSetup,
          syncs,
          cellRequests,
          retries,
          largestEstimate,
        };
      } catch (err) {
        let rollbackError: unknown;
        try {
          await rollback(context, state, created);
        } catch (cleanup) {
          rollbackError = cleanup;
        }
        throw asHostError(err, {
          rolledBack: rollbackError === undefined,
          ...(rollbackError === undefined ? {} : { rollbackError }),
        });
      }
    });
  } catch (err) {
    throw asHostError(err);
  }
}

/**
 * The record to put back after a failed run, or undefined when the earlier text will do. The replaced sheets are
 * renamed back and keep their ids, so the earlier record describes them again, except those only an older
 * version's record listed (which this run proved identical to what replaces them, and whose legacy record the run
 * may have deleted): they are added. Several parts are merged into one.
 */
function recordToRestore(
  inventory: Inventory,
  records: Records,
  replaced: { entry: SheetEntry; role: SheetRole; fingerprint: string }[],
  ownership: Ownership,
): RecordedSheet[] | undefined {
  const extra: RecordedSheet[] = replaced
    .filter((r) => !ownership.owned.some((o) => o.sheet === r.entry))
    .map((r) => ({ role: r.role, name: r.entry.name, id: r.entry.id, fingerprint: r.fingerprint }));
  if (extra.length === 0 && inventory.parts.length <= 1) return undefined;
  return [...records.entries, ...extra];
}

/**
 * Queues the reads of the cells whose view is uncertain (encode.ts `uncertainView`), per new sheet; after the sync,
 * `fingerprints` gives each sheet's fingerprint with what Excel read back in place of the plan's view.
 */
function queueReadBack(
  codes: SheetCode[],
  sheets: ExcelWorksheet[],
): { fingerprints: (planned: string[]) => string[] } {
  const reads = codes.map((code, i) => {
    const cells: { row: number; col: number; range: ExcelRange }[] = [];
    code.plan.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!uncertainView(cell)) return;
        const range = sheets[i].getRange(a1(r, c));
        range.load('formulas');
        cells.push({ row: r, col: c, range });
      }),
    );
    return cells;
  });
  return {
    fingerprints: (planned) =>
      codes.map((code, i) => {
        if (reads[i].length === 0) return planned[i];
        const got = new Map(
          reads[i].map((c) => [`${c.row},${c.col}`, c.range.formulas[0]?.[0] as FormulaView]),
        );
        const hasher = new FingerprintHasher();
        code.plan.rows.forEach((row, r) =>
          row.forEach((cell, c) => {
            const key = `${r},${c}`;
            hasher.add(r, c, got.has(key) ? got.get(key) : planCellView(cell));
          }),
        );
        return hasher.digest();
      }),
  };
}

/**
 * Undoes a failed run. It deletes only sheets it can tell are its own: those whose ids it learnt or that are still
 * under one of its random temporary names, while they carry a name this run gave them. Then it renames the replaced
 * sheets back and puts the record back (the replaced sheets under their own names).
 */
async function rollback(context: ExcelRequestContext, state: RunState, created: string): Promise<void> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id');
  const parts = context.workbook.customXmlParts.getByNamespace(RUN_RECORD_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  const now = sheets.items.map((ws) => ({ name: ws.name, id: ws.id, proxy: ws }));
  const ours = (s: (typeof now)[number]): boolean =>
    !state.before.has(s.id) &&
    (state.created.has(s.id)
      ? state.givenNames.some((n) => sameName(n, s.name))
      : state.temporary.some((n) => sameName(n, s.name)));
  for (const s of now) if (ours(s)) s.proxy.delete();
  for (const s of now) {
    const original = state.renamed.get(s.id);
    if (original !== undefined && s.name !== original) s.proxy.name = original;
  }
  // The record: the earlier part gets its text back; a part the run added goes (or carries the record back).
  const earlier = parts.items.filter((p) => state.partIdsBefore.includes(p.id));
  const added = parts.items.filter((p) => !state.partIdsBefore.includes(p.id));
  const keep = earlier[0] ?? (state.recordBefore && state.recordBefore.length > 0 ? added[0] : undefined);
  for (const p of [...earlier, ...added]) if (p !== keep) p.delete();
  if (keep && state.recordBefore !== undefined) keep.setXml(recordXml(state.recordBefore, created));
  else if (keep && state.xmlBefore !== undefined) keep.setXml(state.xmlBefore);
  await context.sync();
}
