/**
 * The Office.js host's write side: applies a write plan to the open workbook.
 *
 * A run, in requests (`context.sync()` calls):
 *
 * 1. The sheet list and the run record; 2. the registry sheet, when there is one. Then the plan is checked against
 *    the workbook: a sheet name that is taken by a sheet Budget Review does not own, or a replace of a sheet it does
 *    not own, is refused (`conflict`) before anything changes.
 * 3. The sheets the plan replaces are renamed out of the way (kept until the end, so that a failed run can put them
 *    back), and the plan's sheets are added under random temporary names, their ids loaded.
 * 4. The new sheets get their names, column widths, base font, wrapped columns and frozen panes.
 * 5. The cells, in blocks of rows (several sheets may share one) whose estimated request stays under ~4 MB: per
 *    block, the number formats first (`@` on text and link cells, so that Excel keeps their strings as text), then
 *    all contents through `Range.formulas` (numbers as numbers, formulas as `=…`, text as typed input that the `@`
 *    format keeps), then the looks (one operation per property per rectangle of equally styled cells), the links
 *    (`Range.hyperlink`) and the outline indents. A block that Excel still refuses as too large
 *    (`RequestPayloadSizeLimitExceeded`) is retried in halves, and later blocks are cut to that size. The number of
 *    requests is about the plan's bytes divided by 4 MB, plus the constant ones here.
 * 6. Merges; the replaced sheets deleted; the first new sheet activated; the new registry sheet (VeryHidden) in
 *    place of the old; and last, the run record in `workbook.settings`.
 *
 * If anything fails after step 2, the run deletes the sheets it added (only those it can tell are its own: by id,
 * or by its random temporary names), renames the replaced sheets back, restores the registry if it had already been
 * removed, then rejects with an `ExcelHostError` carrying Excel's error code and whether the clean-up succeeded.
 * (Excel's requests are not transactions: in a failed request the operations before the failing one stay applied,
 * which is why the clean-up reads the sheet list afresh.)
 */
import { a1, a1Range, columnLetter, MAX_CELL_TEXT, quoteSheet, sheetNameProblem } from '../../engine/address';
import { PlanError, planNumber, validatePlan } from '../../engine/plan-validate';
import { linkText } from '../../engine/run-record';
import type { PlanCell, PlanSheet, PlanStyle, WritePlan } from '../../engine/plan-types';
import {
  BASELINE_CAPABILITIES,
  type BorderIndex,
  type Capabilities,
  type ExcelRange,
  type ExcelRangeFormat,
  type ExcelRequestContext,
  type ExcelRun,
  type ExcelWorksheet,
} from './api';
import { asHostError, excelCodeOf, ExcelHostError } from './errors';
import {
  GENERATED_SHEETS_KEY,
  ownedSheets,
  queueInventory,
  readInventory,
  registryNames,
  sameName,
  type Inventory,
  type RunRecord,
  type SheetEntry,
} from './ownership';
import { BASE_FONT, charsToPoints, lookOf, lookOperations, type Look } from './styles';
import { jsonBytes, TEXT_FORMAT, textInput } from './text';

export interface ApplyOptions {
  /** Optional features (see office.ts); default ExcelApi 1.7 only, so no indents. */
  capabilities?: Partial<Capabilities>;
  /** Called with the share done, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** The request size the writer aims for, in bytes of JSON (default 4 MB, under Excel on the web's 5 MB). */
  requestBudget?: number;
  /** Whether to activate the first generated sheet at the end (default true). */
  activate?: boolean;
}

export interface ApplyResult {
  /** The sheets created, in plan order. */
  created: string[];
  /** The earlier generated sheets the run replaced (deleted). */
  replaced: string[];
  /** `context.sync()` calls, all steps together. */
  syncs: number;
  /** Requests that wrote cells (step 4), retries included. */
  cellRequests: number;
  /** Blocks retried in halves after `RequestPayloadSizeLimitExceeded`. */
  retries: number;
  /** The largest estimated cell request that succeeded, in bytes. */
  largestEstimate: number;
}

const DEFAULT_BUDGET = 4 * 1024 * 1024;
/**
 * Request-size estimates, after Office.js's request format (`{ Actions: [...], ObjectPaths: {...} }`): an action
 * (`{"Id":…,"ActionType":…,"Name":…,"ObjectPathId":…,"ArgumentInfo":…}`) costs about 60–100 bytes besides its
 * arguments, an object path such as `GetRange("A5")` about 125. Rounded up, so that the estimate stays above what
 * is sent.
 */
const ACTION_BYTES = 112;
const PATH_BYTES = 144;
/** A property set on an object of its own: its action, the object's path and its instantiation, shared or not. */
const OPERATION_BYTES = 256;

// ---------------------------------------------------------------------------------------------------------------
// Checking and encoding the plan

function planError(detail: string): ExcelHostError {
  return new ExcelHostError('plan', { detail });
}

interface LinkCell {
  col: number;
  sheet: string;
  cell: string;
  text: string;
}

/** One plan row as the requests carry it. */
interface RowCode {
  contents: (string | number | null)[];
  formats: (string | null)[];
  /** A look key per column (`style` or `style+link`), null for none. */
  looks: (string | null)[];
  links: LinkCell[];
  indents: { col: number; level: number }[];
  /** Estimated bytes of this row in a request, after the row above it in the same request. */
  bytes: number;
  /**
   * What the row costs more when it is the first of its sheet in a request: its looks and indents that continue
   * from the row above (one rectangle with it, otherwise) then start a rectangle of their own.
   */
  startBytes: number;
}

interface SheetCode {
  plan: PlanSheet;
  width: number;
  rows: RowCode[];
}

function lookKey(style: PlanStyle | undefined, link: boolean): string | null {
  if (style === undefined && !link) return null;
  return `${style ?? ''}${link ? '+link' : ''}`;
}

function lookFor(key: string): Look {
  const link = key.endsWith('+link');
  const style = (link ? key.slice(0, -'+link'.length) : key) as PlanStyle | '';
  return lookOf(style === '' ? undefined : style, link) ?? {};
}

/** One plan cell as the requests carry it. */
interface CellCode {
  content: string | number;
  format: string;
  link?: Omit<LinkCell, 'col'>;
  indent?: number;
}

/** One plan cell (checked by `validatePlan`) as the requests carry it. */
function encodeCell(cell: PlanCell, where: string): CellCode {
  switch (cell.kind) {
    case 'text': {
      const out: CellCode = { content: textInput(cell.text), format: TEXT_FORMAT };
      return cell.indent ? { ...out, indent: cell.indent } : out;
    }
    case 'number':
      return { content: planNumber(cell.value, where), format: cell.format ?? 'General' };
    case 'formula':
      return { content: `=${cell.formula}`, format: cell.format ?? 'General' };
    case 'link': {
      const text = linkText(cell);
      return {
        content: textInput(text),
        format: TEXT_FORMAT,
        link: { sheet: cell.sheet, cell: cell.cell, text },
      };
    }
  }
}

/** Encodes a plan sheet's rows (checked by `validatePlan`). */
function encodeSheet(sheet: PlanSheet, indents: boolean): SheetCode {
  let width = 1;
  for (const row of sheet.rows) width = Math.max(width, row.length);
  const rows: RowCode[] = sheet.rows.map((row, r) => {
    const code: RowCode = {
      contents: new Array<string | number | null>(width).fill(null),
      formats: new Array<string | null>(width).fill(null),
      looks: new Array<string | null>(width).fill(null),
      links: [],
      indents: [],
      bytes: 0,
      startBytes: 0,
    };
    row.forEach((cell, c) => {
      if (cell === null || cell === undefined) return;
      const where = `${sheet.name}!${a1(r, c)}`;
      const e = encodeCell(cell, where);
      code.contents[c] = e.content;
      code.formats[c] = e.format;
      code.looks[c] = lookKey(cell.style, cell.kind === 'link');
      if (e.link) code.links.push({ col: c, ...e.link });
      if (e.indent !== undefined && indents) code.indents.push({ col: c, level: e.indent });
    });
    let bytes = jsonBytes(code.contents) + jsonBytes(code.formats);
    for (const link of code.links) {
      // A range of its own (instantiated, with its path) and the set of its hyperlink.
      const payload = {
        documentReference: `${quoteSheet(link.sheet)}!${link.cell}`,
        textToDisplay: link.text,
      };
      bytes += 2 * ACTION_BYTES + PATH_BYTES + jsonBytes(payload);
    }
    code.bytes = bytes;
    return code;
  });
  // Looks and indents are applied per rectangle (see lookRects and indentRuns): a row pays for the rectangles it
  // starts, and for the ones it continues only when it starts a request.
  let above = new Set<string>();
  for (const code of rows) {
    const here = new Set<string>();
    const charge = (id: string, cost: number): void => {
      here.add(id);
      if (above.has(id)) code.startBytes += cost;
      else code.bytes += cost;
    };
    let c = 0;
    while (c < code.looks.length) {
      const key = code.looks[c];
      let end = c;
      while (end + 1 < code.looks.length && code.looks[end + 1] === key) end++;
      if (key !== null) charge(`${key}|${c}|${end}`, lookOperations(lookFor(key)) * OPERATION_BYTES);
      c = end + 1;
    }
    for (const i of code.indents) charge(`indent|${i.col}|${i.level}`, 2 * OPERATION_BYTES);
    above = here;
  }

  return { plan: sheet, width, rows };
}

function checkPlan(plan: WritePlan, caps: Capabilities): SheetCode[] {
  try {
    validatePlan(plan);
  } catch (err) {
    if (err instanceof PlanError) throw planError(err.detail);
    throw err;
  }
  const registryProblem = sheetNameProblem(plan.registry?.name);
  if (registryProblem) throw planError(`registry: ${registryProblem}`);
  for (const sheet of plan.sheets) {
    if (sameName(sheet.name, plan.registry.name)) throw planError(`"${sheet.name}" is the registry's name`);
    if (!plan.registry.rows.some((row) => sameName(row, sheet.name))) {
      throw planError(`the registry does not list "${sheet.name}"`);
    }
  }
  for (const row of plan.registry.rows) {
    if (typeof row !== 'string' || row.length > MAX_CELL_TEXT)
      throw planError(`${plan.registry.name}: a registry row is not text that fits a cell`);
  }
  return plan.sheets.map((s) => encodeSheet(s, caps.indentLevel));
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks

/** Rows `from`..`to` (inclusive) of one plan sheet. */
interface Segment {
  sheet: number;
  from: number;
  to: number;
}

interface Block {
  segments: Segment[];
  bytes: number;
}

/** Cuts every sheet's rows into blocks of at most `budget` estimated bytes (a row over it gets a block alone). */
function makeBlocks(codes: SheetCode[], budget: number): Block[] {
  const blocks: Block[] = [];
  let current: Block = { segments: [], bytes: 0 };
  codes.forEach((code, sheet) => {
    code.rows.forEach((row, r) => {
      const last = current.segments[current.segments.length - 1] as Segment | undefined;
      const segmentCost =
        last?.sheet === sheet && last.to === r - 1 ? 0 : 2 * OPERATION_BYTES + row.startBytes;
      if (current.segments.length > 0 && current.bytes + row.bytes + segmentCost > budget) {
        blocks.push(current);
        current = { segments: [], bytes: 0 };
      }
      const tail = current.segments[current.segments.length - 1] as Segment | undefined;
      if (tail && tail.sheet === sheet && tail.to === r - 1) {
        tail.to = r;
      } else {
        current.segments.push({ sheet, from: r, to: r });
        current.bytes += 2 * OPERATION_BYTES + row.startBytes;
      }
      current.bytes += row.bytes;
    });
  });
  if (current.segments.length > 0) blocks.push(current);
  return blocks;
}

function rowsIn(block: Block): number {
  return block.segments.reduce((n, s) => n + s.to - s.from + 1, 0);
}

/** A block split into two with about half the rows each (a segment is cut when it must be). */
function halve(block: Block, codes: SheetCode[]): [Block, Block] {
  const half = Math.floor(rowsIn(block) / 2);
  const first: Block = { segments: [], bytes: 0 };
  const second: Block = { segments: [], bytes: 0 };
  let seen = 0;
  for (const s of block.segments) {
    const n = s.to - s.from + 1;
    if (seen + n <= half) first.segments.push({ ...s });
    else if (seen >= half) second.segments.push({ ...s });
    else {
      const cut = s.from + (half - seen) - 1;
      first.segments.push({ ...s, to: cut });
      second.segments.push({ ...s, from: cut + 1 });
    }
    seen += n;
  }
  for (const b of [first, second]) {
    b.bytes = b.segments.reduce((sum, s) => {
      let bytes = 2 * OPERATION_BYTES + codes[s.sheet].rows[s.from].startBytes;
      for (let r = s.from; r <= s.to; r++) bytes += codes[s.sheet].rows[r].bytes;
      return sum + bytes;
    }, 0);
  }
  return [first, second];
}

/** Rectangles of equal look in rows `from`..`to`: runs within a row, joined down while they repeat exactly. */
function lookRects(
  code: SheetCode,
  from: number,
  to: number,
): { key: string; top: number; bottom: number; left: number; right: number }[] {
  const done: { key: string; top: number; bottom: number; left: number; right: number }[] = [];
  let open = new Map<string, { key: string; top: number; bottom: number; left: number; right: number }>();
  for (let r = from; r <= to; r++) {
    const looks = code.rows[r].looks;
    const next = new Map<string, { key: string; top: number; bottom: number; left: number; right: number }>();
    let c = 0;
    while (c < looks.length) {
      const key = looks[c];
      if (key === null) {
        c++;
        continue;
      }
      let end = c;
      while (end + 1 < looks.length && looks[end + 1] === key) end++;
      const id = `${key}|${c}|${end}`;
      const rect = open.get(id);
      if (rect && rect.bottom === r - 1) {
        rect.bottom = r;
        next.set(id, rect);
        open.delete(id);
      } else {
        next.set(id, { key, top: r, bottom: r, left: c, right: end });
      }
      c = end + 1;
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done;
}

/** Runs of equal indent down a column in rows `from`..`to`. */
function indentRuns(
  code: SheetCode,
  from: number,
  to: number,
): { col: number; level: number; top: number; bottom: number }[] {
  const out: { col: number; level: number; top: number; bottom: number }[] = [];
  const open = new Map<number, { col: number; level: number; top: number; bottom: number }>();
  for (let r = from; r <= to; r++) {
    const here = new Map(code.rows[r].indents.map((i) => [i.col, i.level]));
    for (const [col, run] of [...open]) {
      if (here.get(col) !== run.level) {
        out.push(run);
        open.delete(col);
      }
    }
    for (const [col, level] of here) {
      const run = open.get(col);
      if (run) run.bottom = r;
      else open.set(col, { col, level, top: r, bottom: r });
    }
  }
  out.push(...open.values());
  return out;
}

/** Queues the writes of a look's properties on a range (writes only: nothing is read). */
function applyLook(range: ExcelRange, look: Look, rows: number, columns: number): void {
  const format: ExcelRangeFormat = range.format;
  if (look.bold !== undefined) format.font.bold = look.bold;
  if (look.italic !== undefined) format.font.italic = look.italic;
  if (look.size !== undefined) format.font.size = look.size;
  if (look.color !== undefined) format.font.color = look.color;
  if (look.underline !== undefined) format.font.underline = look.underline;
  if (look.fill !== undefined) format.fill.color = look.fill;
  if (look.horizontal !== undefined) format.horizontalAlignment = look.horizontal;
  if (look.vertical !== undefined) format.verticalAlignment = look.vertical;
  if (look.wrap !== undefined) format.wrapText = look.wrap;
  const border = look.border;
  if (border) {
    const edges: BorderIndex[] =
      border.edges === 'all' ? ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] : ['EdgeTop'];
    // Inside lines only where the range has them (a one-row range has no inside horizontal line).
    if (rows > 1) edges.push('InsideHorizontal');
    if (border.edges === 'all' && columns > 1) edges.push('InsideVertical');
    for (const index of edges) {
      const line = format.borders.getItem(index);
      line.style = border.style;
      line.weight = border.weight;
      line.color = border.color;
    }
  }
}

/** Queues one block's operations. */
function queueBlock(
  block: Block,
  codes: SheetCode[],
  sheets: ExcelWorksheet[],
  linkTarget: (sheet: string) => string,
): void {
  for (const segment of block.segments) {
    const code = codes[segment.sheet];
    const ws = sheets[segment.sheet];
    const rows = code.rows.slice(segment.from, segment.to + 1);
    const range = ws.getRange(a1Range(segment.from, 0, segment.to, code.width - 1));
    // Formats first: `@` must be on a text cell before its string arrives, or Excel parses the string.
    range.numberFormat = rows.map((r) => r.formats);
    range.formulas = rows.map((r) => r.contents);
    for (const rect of lookRects(code, segment.from, segment.to)) {
      const target = ws.getRange(a1Range(rect.top, rect.left, rect.bottom, rect.right));
      applyLook(target, lookFor(rect.key), rect.bottom - rect.top + 1, rect.right - rect.left + 1);
    }
    rows.forEach((row, i) => {
      for (const link of row.links) {
        const cell = ws.getRange(a1(segment.from + i, link.col));
        cell.hyperlink = {
          documentReference: `${quoteSheet(linkTarget(link.sheet))}!${link.cell}`,
          textToDisplay: textInput(link.text),
        };
      }
    });
    for (const run of indentRuns(code, segment.from, segment.to)) {
      const target = ws.getRange(a1Range(run.top, run.col, run.bottom, run.col));
      target.format.horizontalAlignment = 'Left';
      target.format.indentLevel = run.level;
    }
  }
}

/** Queues a new sheet's layout: widths, base font, wrapped columns, frozen panes. */
function queueLayout(ws: ExcelWorksheet, code: SheetCode, lang: WritePlan['lang']): void {
  const sheet = code.plan;
  sheet.widths.forEach((w, c) => {
    if (w === null || w === undefined) return;
    const letter = columnLetter(c);
    ws.getRange(`${letter}:${letter}`).format.columnWidth = charsToPoints(w);
  });
  if (code.rows.length > 0) {
    const all = ws.getRange(a1Range(0, 0, code.rows.length - 1, code.width - 1));
    const font = BASE_FONT[lang] ?? BASE_FONT['zh-CN'];
    all.format.font.name = font.name;
    all.format.font.size = font.size;
    for (const c of sheet.wrapColumns) {
      ws.getRange(a1Range(0, c, code.rows.length - 1, c)).format.wrapText = true;
    }
  }
  const freeze = sheet.freeze;
  if (freeze && freeze.rows > 0 && freeze.columns > 0) {
    ws.freezePanes.freezeAt(a1Range(0, 0, freeze.rows - 1, freeze.columns - 1));
  } else if (freeze && freeze.rows > 0) {
    ws.freezePanes.freezeRows(freeze.rows);
  } else if (freeze && freeze.columns > 0) {
    ws.freezePanes.freezeColumns(freeze.columns);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The run

/** What a run changed so far, for the clean-up after a failure. */
interface RunState {
  /** Ids of every sheet before the run. */
  before: Set<string>;
  /** Replaced sheets: id → original name (they carry a temporary name until the end). */
  renamed: Map<string, string>;
  /**
   * The temporary names the run gave the sheets it added. A new sheet is added under a random name and renamed only
   * once its id is known, so that the clean-up never mistakes a sheet someone else added meanwhile for its own.
   */
  temporary: string[];
  /** Ids of the sheets the run added, once known. */
  created: Set<string>;
  registryName: string;
  /** The registry sheet as it was, to restore it if the run deleted it. */
  oldRegistry: { id: string; name: string; rows: string[] } | undefined;
}

function asMatrix(value: unknown): unknown[][] {
  return Array.isArray(value) ? (value as unknown[][]) : [];
}

/** A temporary sheet name that no sheet has and no plan sheet will take. */
function temporaryName(taken: string[], kind: 'old' | 'new' | 'reg', n: number): string {
  for (let attempt = 0; ; attempt++) {
    const name = `~BR ${kind} ${n} ${Math.random().toString(36).slice(2, 10)}`;
    if (!taken.some((t) => sameName(t, name))) return name;
    if (attempt > 100) throw new Error('no free temporary sheet name');
  }
}

/** Refuses a plan that would touch a sheet Budget Review does not own. */
function checkOwnership(plan: WritePlan, inventory: Inventory, owned: string[]): SheetEntry[] {
  if (inventory.visibleRegistry) {
    throw new ExcelHostError('conflict', {
      detail: `a visible sheet "${inventory.visibleRegistry.name}" has the registry's name`,
    });
  }
  const replaced: SheetEntry[] = [];
  for (const name of plan.replaces) {
    const entry = inventory.sheets.find((s) => sameName(s.name, name));
    if (!entry || entry === inventory.registry) continue;
    if (!owned.some((o) => sameName(o, entry.name))) {
      throw new ExcelHostError('conflict', {
        detail: `"${entry.name}" is not listed as a Budget Review sheet; it is not replaced`,
      });
    }
    if (!replaced.includes(entry)) replaced.push(entry);
  }
  for (const sheet of plan.sheets) {
    const taken = inventory.sheets.find((s) => sameName(s.name, sheet.name) && s !== inventory.registry);
    if (taken && !replaced.includes(taken)) {
      throw new ExcelHostError('conflict', {
        detail: `a sheet named "${taken.name}" exists and is not replaced`,
      });
    }
  }
  return replaced;
}

/**
 * Applies `plan` to the open workbook (see the top of this module). Rejects with `ExcelHostError`: `plan` or
 * `conflict` before any change, `excel` (with `excelCode`, `rolledBack`) when Excel fails during the write.
 */
export async function applyPlan(
  run: ExcelRun,
  plan: WritePlan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const caps: Capabilities = { ...BASELINE_CAPABILITIES, ...options.capabilities };
  const budget = options.requestBudget ?? DEFAULT_BUDGET;
  const progress = options.onProgress ?? ((): void => undefined);
  const codes = checkPlan(plan, caps);

  try {
    return await run(async (context) => {
      progress(0);
      const request = queueInventory(context);
      await context.sync();
      let syncs = 1;
      const inventory = readInventory(request, plan.registry.name);
      let listed: string[] = [];
      let registryRows: string[] = [];
      if (inventory.registry) {
        const used = inventory.registry.proxy.getUsedRange(true);
        used.load('values');
        await context.sync();
        syncs++;
        const values = asMatrix(used.values);
        listed = registryNames(values);
        registryRows = values.map((row) => (typeof row[0] === 'string' ? row[0] : String(row[0] ?? '')));
      }
      const owned = ownedSheets(inventory, listed);
      const replaced = checkOwnership(plan, inventory, owned);

      // Links may point at the user's sheets and at the plan's; names as they will be after the run.
      const linkable = [
        ...inventory.sheets
          .filter((s) => !replaced.includes(s) && s !== inventory.registry)
          .map((s) => s.name),
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
        created: new Set(),
        registryName: plan.registry.name,
        oldRegistry: inventory.registry
          ? { id: inventory.registry.id, name: inventory.registry.name, rows: registryRows }
          : undefined,
      };
      const blocks = makeBlocks(codes, budget);
      const total = blocks.reduce((s, b) => s + b.bytes, 0) || 1;
      let done = 0;
      let cellRequests = 0;
      let retries = 0;
      let largestEstimate = 0;

      try {
        // 3. Replaced sheets out of the way; the new sheets under temporary names, then named, with their layout.
        const taken = [...inventory.sheets.map((s) => s.name), ...plan.sheets.map((s) => s.name)];
        const temporary = (kind: 'old' | 'new' | 'reg', n: number): string => {
          const name = temporaryName(taken, kind, n);
          taken.push(name);
          state.temporary.push(name);
          return name;
        };
        replaced.forEach((entry, i) => {
          entry.proxy.name = temporary('old', i + 1);
          state.renamed.set(entry.id, entry.name);
        });
        const created = codes.map((_, i) => {
          const ws = context.workbook.worksheets.add(temporary('new', i + 1));
          ws.load('id');
          return ws;
        });
        await context.sync();
        syncs++;
        for (const ws of created) state.created.add(ws.id);
        codes.forEach((code, i) => {
          created[i].name = code.plan.name;
          queueLayout(created[i], code, plan.lang);
        });
        await context.sync();
        syncs++;

        // 4. The cells, block by block.
        const pending = [...blocks].reverse();
        // After a refusal, no block is sent larger than half the refused one (Excel's real limit is lower than
        // the budget assumed: a proxy, a tenant setting), so that one refusal does not repeat for every block.
        let ceiling = Infinity;
        while (pending.length > 0) {
          let block = pending.pop() as Block;
          while (block.bytes > ceiling && rowsIn(block) > 1) {
            const [first, second] = halve(block, codes);
            pending.push(second);
            block = first;
          }
          queueBlock(block, codes, created, linkTarget);
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
          largestEstimate = Math.max(largestEstimate, block.bytes);
          done += block.bytes;
          progress(Math.min(0.99, done / total));
        }

        // 5. Merges, the old sheets out, the registry, and last the run record.
        codes.forEach((code, i) => {
          for (const m of code.plan.merges) {
            if (m.bottom === m.top && m.right === m.left) continue;
            created[i].getRange(a1Range(m.top, m.left, m.bottom, m.right)).merge(false);
          }
        });
        for (const entry of replaced) entry.proxy.delete();
        if (options.activate !== false && created.length > 0) created[0].activate();
        const registry = context.workbook.worksheets.add(temporary('reg', 1));
        registry.visibility = 'VeryHidden';
        const rows = plan.registry.rows;
        if (rows.length > 0) {
          const cells: ExcelRange = registry.getRange(a1Range(0, 0, rows.length - 1, 0));
          cells.numberFormat = rows.map(() => [TEXT_FORMAT]);
          cells.values = rows.map((row) => [textInput(row)]);
        }
        if (inventory.registry) inventory.registry.proxy.delete();
        registry.name = plan.registry.name;
        const record: RunRecord = {
          version: 1,
          sheets: created.map((ws, i) => ({ name: codes[i].plan.name, id: ws.id })),
        };
        context.workbook.settings.add(GENERATED_SHEETS_KEY, record);
        await context.sync();
        syncs++;
        progress(1);
        return {
          created: codes.map((c) => c.plan.name),
          replaced: replaced.map((r) => r.name),
          syncs,
          cellRequests,
          retries,
          largestEstimate,
        };
      } catch (err) {
        let rollbackError: unknown;
        try {
          await rollback(context, state);
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
 * Undoes a failed run. It deletes only sheets it can tell are its own: those whose ids it learnt, those still under
 * one of its random temporary names, and a hidden registry sheet that did not exist before (the run hides its new
 * registry before naming it). Then it renames the replaced sheets back and re-creates the registry if the run had
 * deleted it.
 */
async function rollback(context: ExcelRequestContext, state: RunState): Promise<void> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id,items/visibility');
  await context.sync();
  const now = sheets.items.map((ws) => ({ name: ws.name, id: ws.id, visibility: ws.visibility, proxy: ws }));
  const ours = (s: (typeof now)[number]): boolean =>
    !state.before.has(s.id) &&
    (state.created.has(s.id) ||
      state.temporary.some((t) => sameName(t, s.name)) ||
      (sameName(s.name, state.registryName) && s.visibility !== 'Visible'));
  for (const s of now) if (ours(s)) s.proxy.delete();
  for (const s of now) {
    const original = state.renamed.get(s.id);
    if (original !== undefined && s.name !== original) s.proxy.name = original;
  }
  const old = state.oldRegistry;
  if (old && !now.some((s) => s.id === old.id)) {
    const registry = context.workbook.worksheets.add(old.name);
    registry.visibility = 'VeryHidden';
    if (old.rows.length > 0) {
      const cells = registry.getRange(a1Range(0, 0, old.rows.length - 1, 0));
      cells.numberFormat = old.rows.map(() => [TEXT_FORMAT]);
      cells.values = old.rows.map((row) => [textInput(row)]);
    }
  }
  await context.sync();
}
