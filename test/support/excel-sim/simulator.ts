/**
 * The simulated Excel host: a workbook in memory behind a strict imitation of the Office.js Excel API.
 *
 * `sim.run` stands in for `Excel.run`. Every `context.sync()` is one request: its queued operations are serialised
 * to JSON (what Office.js would send), counted and measured; a request over `limits.requestBytes` (5 MB, as Excel on
 * the web) fails with `RequestPayloadSizeLimitExceeded` before anything in it is applied; otherwise the operations
 * run in order, and the first that fails rejects the sync with its error while the ones before it stay applied (as
 * in Excel, whose batches are not transactions). Loads reach their proxies only when the whole sync succeeded; a
 * response over `limits.responseBytes` fails with `ResponsePayloadSizeLimitExceeded` (its writes stay applied).
 *
 * This module and everything it imports are free of Node APIs, so that it can be bundled into a page.
 */
import type { Cell, Merge, Sheet, Workbook } from '../../../src/engine/grid';
import { formatRect, parseAddress, qualified } from './address';
import { SimOfficeError } from './errors';
import { parseInput } from './input';
import {
  rootNamespace,
  SimRequestContext,
  type Operation,
  type PathNode,
  type SimBackend,
  type SimRunOptions,
} from './proxies';
import {
  BookState,
  DEFAULT_COLUMN_WIDTH,
  hasValue,
  newPartId,
  STYLE_DEFAULTS,
  type BorderSpec,
  type CustomXmlPartState,
  type Hyperlink,
  type PageState,
  type Platform,
  type SheetState,
  type Visibility,
} from './state';
import { UndoStack } from './undo';

export const MB = 1024 * 1024;

export interface Limits {
  /** Largest request, in bytes of its UTF-8 JSON. Excel on the web: 5 MB. */
  requestBytes: number;
  /** Largest response. Excel on the web: 5 MB; desktop Excel has no such limit (pass Infinity). */
  responseBytes: number;
  /** Most cells one range read may cover: 5 million. */
  readCells: number;
  /** What a read of more cells than `readCells` gives: `null` arrays (current Excel) or `RangeExceedsLimit`. */
  overLimitRead: 'null' | 'error';
}

/** Excel on the web's limits. */
export const WEB_LIMITS: Limits = {
  requestBytes: 5 * MB,
  responseBytes: 5 * MB,
  readCells: 5_000_000,
  overLimitRead: 'null',
};
/** Desktop Excel: no payload limit on responses (requests keep the 5 MB cap, so that tests stay strict). */
export const DESKTOP_LIMITS: Limits = {
  requestBytes: 5 * MB,
  responseBytes: Infinity,
  readCells: 5_000_000,
  overLimitRead: 'null',
};

export interface SimulatorOptions {
  limits?: Partial<Limits>;
  /** The year typed dates without one fall in (`1/2` → 2 January). Default 2024, so that runs are repeatable. */
  currentYear?: number;
  /**
   * `web` (default), `windows` or `mac`: which APIs Excel's undo supports (undo.ts) and, on the Mac, deleted
   * sheets' ids given to new sheets.
   */
  platform?: Platform;
  /** How many undo records Excel keeps (default 100; 0 leaves the undo stack out, for throughput tests). */
  undoLevels?: number;
  /** Whether this Excel has ExcelApi 1.9's page layout and filter (default true; false: they fail with ApiNotFound). */
  api19?: boolean;
}

export interface LoadOptions extends SimulatorOptions {
  /** Sheet visibility by name (a grid does not carry it). */
  visibility?: Record<string, Visibility>;
  /** Initial `workbook.settings`, values as given (kept as JSON). */
  settings?: Record<string, unknown>;
  /** The sheet that starts active; default the first visible one. */
  active?: string;
  /** Custom XML parts the workbook carries (their text; the namespace is read from the root element). */
  customXmlParts?: string[];
  /** Whether the workbook's structure starts protected. */
  protectedStructure?: boolean;
  /** The file's name (`Workbook.name`); default the grids' name, else `Book1.xlsx`. */
  name?: string;
}

/** One `context.sync()`. */
export interface RequestRecord {
  /** 1-based, counting every sync of this simulator. */
  index: number;
  /** `implicit` for Excel.run's own final sync of what was still queued. */
  kind: 'explicit' | 'implicit';
  operations: number;
  /** UTF-8 bytes of the request's JSON. */
  bytes: number;
  /** UTF-8 bytes of the loaded results' JSON (0 when the request failed before). */
  responseBytes: number;
  /** `ok`, or the error code it failed with. */
  outcome: string;
}

export interface SimStats {
  syncs: number;
  requests: RequestRecord[];
  largestRequest: number;
  largestResponse: number;
  totalRequestBytes: number;
  /** Formula cells the evaluator could not compute when they were last read (`Sheet!A1`). */
  uncomputed: string[];
}

/** What a fault handler sees of a request before it is processed. */
export interface RequestInfo {
  index: number;
  bytes: number;
  operations: number;
  /** The request's actions: target object path, action type and property or method name. */
  actions: readonly { o: string; a: string; n: string }[];
}

export type FaultHandler = (request: RequestInfo) => { code: string; message?: string } | undefined;

/** Everything about one cell, for assertions. */
export interface CellInfo {
  value: number | string | boolean | null;
  error?: string;
  formula?: string;
  numberFormat: string;
  /** Entered with a leading apostrophe. */
  quotePrefix: boolean;
  hyperlink?: Hyperlink;
  bold: boolean;
  italic: boolean;
  fontColor: string;
  fontSize: number;
  fontName: string;
  underline: string;
  fill: string;
  wrapText: boolean;
  horizontalAlignment: string;
  verticalAlignment: string;
  indentLevel: number;
  borders: { top?: BorderSpec; bottom?: BorderSpec; left?: BorderSpec; right?: BorderSpec };
}

/** UTF-8 length of a string without allocating (surrogate pairs count 4). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Waits for a macrotask, as a round trip to Excel does: code that forgets an `await` shows it. */
function roundTrip(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** `Excel.run`'s two forms: `run(batch)` and `run(options, batch)`. */
export interface SimRun {
  <T>(batch: (context: SimRequestContext) => Promise<T>): Promise<T>;
  <T>(options: SimRunOptions, batch: (context: SimRequestContext) => Promise<T>): Promise<T>;
}

export class ExcelSimulator implements SimBackend {
  readonly book: BookState;
  readonly limits: Limits;
  readonly currentYear: number;
  readonly undo: UndoStack;
  private requests: RequestRecord[] = [];
  private syncCount = 0;
  private faults: { at: number; code: string; message: string }[] = [];
  private handlers: FaultHandler[] = [];
  /** Requests waiting for the user to leave cell-edit mode (`delayForCellEdit`). */
  private editWaiters: (() => void)[] = [];
  private editWatchers: (() => void)[] = [];

  constructor(options: SimulatorOptions = {}) {
    this.limits = { ...WEB_LIMITS, ...options.limits };
    this.currentYear = options.currentYear ?? 2024;
    this.book = new BookState(options.platform ?? 'web');
    this.book.api19 = options.api19 ?? true;
    this.undo = new UndoStack(this.book, options.undoLevels ?? 100);
    this.book.journal = this.undo;
  }

  /**
   * A simulator holding a workbook given as grids (e.g. from `readWorkbookFile`): values, formulas (with their
   * cached results), errors, number formats and merges. Sheets start Visible unless `visibility` says otherwise.
   */
  static fromWorkbook(workbook: Workbook, options: LoadOptions = {}): ExcelSimulator {
    const sim = new ExcelSimulator(options);
    for (const grid of workbook.sheets) {
      const sheet = sim.book.createSheet(grid.name);
      sheet.visibility = options.visibility?.[grid.name] ?? 'Visible';
      const top = grid.top ?? 0;
      const left = grid.left ?? 0;
      grid.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!cell) return;
          if (cell.v === null && cell.error === undefined && cell.f === undefined && cell.fmt === undefined)
            return;
          const target = sheet.ensure(top + r, left + c);
          target.v = cell.error !== undefined ? null : cell.v;
          if (cell.error !== undefined) target.e = cell.error;
          if (cell.f !== undefined) target.f = `=${cell.f}`;
          if (cell.fmt !== undefined && cell.fmt !== 'General') target.fmt = cell.fmt;
        }),
      );
      sheet.merges = (grid.merges ?? []).map((m) => ({ ...m }));
      sim.book.sheets.push(sheet);
    }
    for (const [key, value] of Object.entries(options.settings ?? {}))
      sim.book.settings.set(key, JSON.stringify(value));
    for (const xml of options.customXmlParts ?? []) {
      const namespace = rootNamespace(xml);
      if (namespace === null) throw new Error('a custom XML part that is not well-formed XML');
      sim.book.customXml.push({ id: newPartId(), namespace, xml });
    }
    if (options.protectedStructure) sim.book.protection = { protected: true };
    const name = options.name ?? workbook.name;
    if (name !== undefined && name !== '') sim.book.name = name;
    const active = options.active === undefined ? undefined : sim.book.sheetByName(options.active);
    sim.book.activeId = (active ?? sim.book.sheets.find((s) => s.visibility === 'Visible'))?.id;
    return sim;
  }

  /**
   * `Excel.run`, with or without `Excel.RunOptions`: a fresh request context; what is still queued when the batch
   * resolves is synced.
   */
  readonly run: SimRun = async <T>(
    first: SimRunOptions | ((context: SimRequestContext) => Promise<T>),
    second?: (context: SimRequestContext) => Promise<T>,
  ): Promise<T> => {
    const options = typeof first === 'function' ? {} : first;
    const batch = typeof first === 'function' ? first : second;
    if (batch === undefined) throw new Error('Excel.run needs a batch function');
    const context = new SimRequestContext(this, options);
    try {
      const result = await batch(context);
      await context.flush();
      return result;
    } finally {
      context.close();
    }
  };

  // -------------------------------------------------------------------------------------------------------------
  // The user, between and during the add-in's requests

  /**
   * The user starts editing a cell. Until {@link exitCellEdit}, every request fails with
   * `InvalidOperationInCellEditMode`, unless its `Excel.run` was given `delayForCellEdit`: then it waits. "When
   * `false`, if the user is in cell edit when the batch request is processed by the host, the batch automatically
   * fails. When `true`, ... the batch request is delayed until the user exits cell edit mode"
   * (https://learn.microsoft.com/javascript/api/excel/excel.runoptions; "Delay execution while cell is being
   * edited", https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-delay-in-cell-edit). The delay holds
   * for each `sync()` of the run, as office-js#806 shows (https://github.com/OfficeDev/office-js/issues/806: a
   * `context.sync()` with `delayForCellEdit` waits until the user leaves the cell).
   */
  enterCellEdit(): void {
    this.book.cellEdit = true;
  }

  /** The user leaves the cell (Enter or Esc): waiting requests go on. */
  exitCellEdit(): void {
    this.book.cellEdit = false;
    const waiting = this.editWaiters.splice(0);
    for (const resume of waiting) resume();
  }

  /** Resolves when a request is waiting for the user to leave cell-edit mode (at once if one already is). */
  whenWaitingForCellEdit(): Promise<void> {
    if (this.editWaiters.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.editWatchers.push(resolve));
  }

  /** Requests now waiting for cell-edit mode to end. */
  get waitingForCellEdit(): number {
    return this.editWaiters.length;
  }

  /** The user switches to another open workbook (`false`) or back to this one (`true`): see `requireFocus`. */
  setFocus(focused: boolean): void {
    this.book.focused = focused;
  }

  /** The user protects (or unprotects) the workbook's structure from Excel's Review tab. */
  setStructureProtected(value: boolean): void {
    this.book.protection = value ? { protected: true } : { protected: false };
  }

  /** Ctrl+Z in Excel: takes back the last undo record (see undo.ts). False when the stack is empty. */
  userUndo(): boolean {
    return this.undo.undo();
  }

  /** Undo records on Excel's stack. */
  undoDepth(): number {
    return this.undo.depth;
  }

  /** The workbook is closed and opened again: every sheet gets a new id (see `BookState.reopen`). */
  reopen(): void {
    this.book.reopen();
  }

  /** The user types `input` into a cell (parsed as typed input; one undo record). */
  typeInto(sheet: string, address: string, input: string): void {
    const target = this.sheet(sheet);
    const rect = parseAddress(address);
    if (!rect) throw new Error(`bad address ${address}`);
    this.undo.begin();
    const cell = target.ensure(rect.top, rect.left);
    const parsed = parseInput(input, cell.fmt ?? 'General', this.currentYear);
    delete cell.f;
    delete cell.e;
    delete cell.q;
    delete cell.calc;
    cell.v = null;
    if (parsed.kind === 'text') cell.v = parsed.text;
    else if (parsed.kind === 'number' || parsed.kind === 'boolean') cell.v = parsed.value;
    else if (parsed.kind === 'error') cell.e = parsed.error;
    else if (parsed.kind === 'formula') {
      cell.f = parsed.formula;
      cell.calc = -1;
    }
    this.book.calcEpoch++;
    this.undo.end(false);
  }

  /** The user renames a sheet from its tab. */
  renameSheetNow(from: string, to: string): void {
    if (this.book.sheetByName(to)) throw new Error(`a sheet "${to}" exists`);
    this.sheet(from).name = to;
  }

  /** The user deletes a sheet from its tab (a very hidden one cannot be reached from the UI). */
  deleteSheetNow(name: string): void {
    const sheet = this.sheet(name);
    this.book.removeSheet(sheet);
    this.undo.clear();
    if (this.book.activeId === sheet.id) {
      this.book.activeId = this.book.sheets.find((s) => s.visibility === 'Visible')?.id;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Faults

  /** Makes the `n`-th sync from now (1 = the next one) fail with `code` before anything in it is applied. */
  failSync(n: number, code: string, message = `Simulated failure: ${code}`): void {
    this.faults.push({ at: this.syncCount + n, code, message });
  }

  /** Calls `handler` before each request is processed; a returned code fails that request (nothing applied). */
  onRequest(handler: FaultHandler): () => void {
    this.handlers.push(handler);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  async process(ops: Operation[], kind: 'explicit' | 'implicit', context: SimRequestContext): Promise<void> {
    await roundTrip();
    const index = ++this.syncCount;
    const bytes = utf8Length(requestJson(ops));
    const record: RequestRecord = {
      index,
      kind,
      operations: ops.length,
      bytes,
      responseBytes: 0,
      outcome: 'ok',
    };
    this.requests.push(record);
    const fail = (err: SimOfficeError): never => {
      record.outcome = err.code;
      throw err;
    };

    const fault = this.faults.find((f) => f.at === index);
    if (fault) fail(new SimOfficeError(fault.code, fault.message));
    const info: RequestInfo = {
      index,
      bytes,
      operations: ops.length,
      actions: ops.map(({ wire }) => ({ o: wire.node.describe(), a: ACTION_NAMES[wire.type], n: wire.name })),
    };
    for (const handler of this.handlers) {
      const injected = handler(info);
      if (injected)
        fail(new SimOfficeError(injected.code, injected.message ?? `Simulated failure: ${injected.code}`));
    }
    // A request that arrives while the user edits a cell waits with `delayForCellEdit`, and fails without it.
    while (this.book.cellEdit && context.options.delayForCellEdit === true) {
      await new Promise<void>((resolve) => {
        this.editWaiters.push(resolve);
        for (const watcher of this.editWatchers.splice(0)) watcher();
      });
    }
    if (this.book.cellEdit) {
      fail(
        new SimOfficeError(
          'InvalidOperationInCellEditMode',
          'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another ' +
            'cell, and then try again.',
        ),
      );
    }
    if (bytes > this.limits.requestBytes) {
      fail(
        new SimOfficeError(
          'RequestPayloadSizeLimitExceeded',
          `The request payload size (${bytes} bytes) has exceeded the limit (${this.limits.requestBytes} bytes).`,
        ),
      );
    }

    const loads: [Operation, unknown][] = [];
    const merge = context.options.mergeUndoGroup === true;
    this.undo.begin(merge ? context.runId : undefined);
    try {
      for (const op of ops) {
        let result: unknown;
        try {
          result = op.run();
        } catch (err) {
          if (err instanceof SimOfficeError) fail(err);
          throw err;
        }
        if (op.deliver) loads.push([op, result]);
      }
    } finally {
      this.undo.end(merge);
    }
    record.responseBytes = utf8Length(JSON.stringify(loads.map(([, r]) => responseJson(r))));
    if (record.responseBytes > this.limits.responseBytes) {
      fail(
        new SimOfficeError(
          'ResponsePayloadSizeLimitExceeded',
          `The response payload size (${record.responseBytes} bytes) has exceeded the limit.`,
        ),
      );
    }
    for (const [op, result] of loads) op.deliver?.(result);
  }

  /**
   * Adds a sheet at once, outside any request: what a user (or another add-in) does between two of the host's
   * requests. Values are stored as given (no typed-input parsing).
   */
  addSheetNow(name: string, rows: (string | number | boolean | null)[][] = []): void {
    if (this.book.sheetByName(name)) throw new Error(`a sheet "${name}" exists`);
    const sheet = this.book.createSheet(name);
    rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null) sheet.ensure(r, c).v = v;
      }),
    );
    this.book.sheets.push(sheet);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Counters

  stats(): SimStats {
    const ok = this.requests;
    return {
      syncs: this.syncCount,
      requests: ok.map((r) => ({ ...r })),
      largestRequest: ok.reduce((m, r) => Math.max(m, r.bytes), 0),
      largestResponse: ok.reduce((m, r) => Math.max(m, r.responseBytes), 0),
      totalRequestBytes: ok.reduce((s, r) => s + r.bytes, 0),
      uncomputed: [...this.book.uncomputed].sort(),
    };
  }

  /** Starts counting afresh (the workbook is kept). */
  resetStats(): void {
    this.requests = [];
    this.faults = this.faults
      .filter((f) => f.at > this.syncCount)
      .map((f) => ({ ...f, at: f.at - this.syncCount }));
    this.syncCount = 0;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Inspection (for tests: these read the state directly, outside the Office.js rules)

  sheetNames(): string[] {
    return this.book.sheets.map((s) => s.name);
  }

  private sheet(name: string): SheetState {
    const sheet = this.book.sheetByName(name);
    if (!sheet) throw new Error(`no sheet "${name}"`);
    return sheet;
  }

  visibility(name: string): Visibility {
    return this.sheet(name).visibility;
  }

  sheetId(name: string): string {
    return this.sheet(name).id;
  }

  activeSheet(): string | undefined {
    return this.book.activeId === undefined ? undefined : this.book.sheetById(this.book.activeId)?.name;
  }

  /** The selection as `Sheet!A1`, or undefined. */
  selection(): string | undefined {
    const sel = this.book.selection;
    if (!sel) return undefined;
    const sheet = this.book.sheetById(sel.sheetId);
    return sheet ? qualified(sheet.name, sel.rect) : undefined;
  }

  /** The custom XML parts, in order. */
  customXmlParts(): CustomXmlPartState[] {
    return this.book.customXml.map((p) => ({ ...p }));
  }

  /** Whether the workbook's structure is protected. */
  structureProtected(): boolean {
    return this.book.protection.protected;
  }

  settings(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.book.settings) out[k] = JSON.parse(v) as unknown;
    return out;
  }

  merges(sheet: string): Merge[] {
    return this.sheet(sheet).merges.map((m) => ({ ...m }));
  }

  /** A column's width in points (Excel's default 48 when never set). */
  columnWidth(sheet: string, col: number): number {
    return this.sheet(sheet).columnWidths.get(col) ?? DEFAULT_COLUMN_WIDTH;
  }

  /** How a sheet prints: its orientation, scale or pages, and the rows repeated on every page. */
  pageLayout(sheet: string): PageState {
    const p = this.sheet(sheet).page;
    return { orientation: p.orientation, zoom: { ...p.zoom }, titleRows: p.titleRows && { ...p.titleRows } };
  }

  /** The sheet's filter range as `A2:I24`, or null. */
  autoFilter(sheet: string): string | null {
    const f = this.sheet(sheet).autoFilter;
    return f ? formatRect(f) : null;
  }

  freeze(sheet: string): { rows: number; columns: number } | null {
    const f = this.sheet(sheet).freeze;
    return f ? { ...f } : null;
  }

  /** The used range as `A1:C9` (values only), or null for an empty sheet. */
  usedRange(sheet: string): string | null {
    const rect = this.sheet(sheet).usedRange(true);
    return rect ? formatRect(rect) : null;
  }

  cell(sheet: string, address: string): CellInfo {
    const s = this.sheet(sheet);
    const rect = parseAddress(address);
    if (!rect) throw new Error(`bad address ${address}`);
    const cell = s.cell(rect.top, rect.left);
    const style = this.book.styles.get(cell?.s);
    const value = cell === undefined ? null : this.book.valueOf(s, rect.top, rect.left, cell);
    const info: CellInfo = {
      value: value !== null && typeof value === 'object' ? null : value,
      numberFormat: cell?.fmt ?? 'General',
      quotePrefix: cell?.q === true,
      bold: style.bold ?? STYLE_DEFAULTS.bold,
      italic: style.italic ?? STYLE_DEFAULTS.italic,
      fontColor: style.color ?? STYLE_DEFAULTS.color,
      fontSize: style.size ?? STYLE_DEFAULTS.size,
      fontName: style.name ?? STYLE_DEFAULTS.name,
      underline: style.underline ?? STYLE_DEFAULTS.underline,
      fill: style.fill ?? STYLE_DEFAULTS.fill,
      wrapText: style.wrapText ?? STYLE_DEFAULTS.wrapText,
      horizontalAlignment: style.horizontalAlignment ?? STYLE_DEFAULTS.horizontalAlignment,
      verticalAlignment: style.verticalAlignment ?? STYLE_DEFAULTS.verticalAlignment,
      indentLevel: style.indentLevel ?? STYLE_DEFAULTS.indentLevel,
      borders: {},
    };
    if (value !== null && typeof value === 'object') info.error = value.error;
    if (cell?.f !== undefined) info.formula = cell.f;
    if (cell?.link) info.hyperlink = { ...cell.link };
    if (style.borderTop) info.borders.top = style.borderTop;
    if (style.borderBottom) info.borders.bottom = style.borderBottom;
    if (style.borderLeft) info.borders.left = style.borderLeft;
    if (style.borderRight) info.borders.right = style.borderRight;
    return info;
  }

  /**
   * The workbook as grids, in the shape `readWorkbookFile` gives (rows from A1, `top` = `left` = 0, formulas without
   * `=`, General formats left out, merges): for comparing the two hosts. Formulas written through the API carry
   * their computed values (`''` for what the evaluator does not support).
   */
  toWorkbook(options: { includeHidden?: boolean } = {}): Workbook {
    const sheets: Sheet[] = [];
    for (const s of this.book.sheets) {
      if (options.includeHidden === false && s.visibility !== 'Visible') continue;
      const rows: (Cell | null)[][] = [];
      s.rows.forEach((row, r) => {
        if (row === undefined) return;
        const out: (Cell | null)[] = [];
        row.forEach((cell, c) => {
          if (cell === undefined || !hasValue(cell)) return;
          const value = this.book.valueOf(s, r, c, cell);
          const g: Cell =
            value !== null && typeof value === 'object' ? { v: null, error: value.error } : { v: value };
          if (cell.f !== undefined) {
            g.f = cell.f.slice(1);
            if (g.v === '') g.v = null;
          }
          if (cell.fmt !== undefined) g.fmt = cell.fmt;
          while (out.length < c) out.push(null);
          out[c] = g;
        });
        if (out.length === 0) return;
        while (rows.length < r) rows.push([]);
        rows[r] = out;
      });
      const sheet: Sheet = { name: s.name, rows, top: 0, left: 0 };
      if (s.merges.length > 0) sheet.merges = s.merges.map((m) => ({ ...m }));
      sheets.push(sheet);
    }
    return { sheets };
  }
}

const ACTION_NAMES = { 1: 'Instantiate', 2: 'Query', 3: 'Method', 4: 'SetProperty' } as const;

/**
 * A request as Office.js serialises it: `{ Actions: [...], ObjectPaths: {...} }`, each action naming the object
 * path it acts on, each object path (with its ancestors) sent once per request.
 */
function requestJson(ops: readonly Operation[]): string {
  const paths = new Map<number, PathNode>();
  const actions = ops.map(({ wire }, i) => {
    for (let p: PathNode | undefined = wire.node; p && !paths.has(p.id); p = p.parent) paths.set(p.id, p);
    const action: Record<string, unknown> = {
      Id: i + 1,
      ActionType: wire.type,
      Name: wire.name,
      ObjectPathId: wire.node.id,
    };
    if (wire.type === 2) action.QueryInfo = { Select: wire.select ?? [], Expand: [] };
    else if (wire.args) action.ArgumentInfo = { Arguments: wire.args };
    return action;
  });
  const objectPaths: Record<string, unknown> = {};
  for (const [id, node] of paths) objectPaths[id] = node.json();
  return JSON.stringify({ Actions: actions, ObjectPaths: objectPaths });
}

/** A load's result as it travels back (sheet states are sent as their names). */
function responseJson(result: unknown): unknown {
  if (Array.isArray(result)) {
    return result.map((r: unknown) =>
      typeof r === 'object' && r !== null && 'sheet' in r && 'values' in r
        ? (r as { values: unknown }).values
        : r,
    );
  }
  return result;
}
