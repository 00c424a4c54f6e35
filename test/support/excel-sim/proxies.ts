/**
 * The simulated Office.js objects. Like Office.js's, they are proxies: every write and method call is queued as an
 * operation and applied to the workbook only at `context.sync()`; `load` queues a read whose result reaches the
 * proxy only when that sync succeeds; reading a property that was not loaded and synced throws `PropertyNotLoaded`.
 *
 * Each object is resolved to its target when the first operation on it runs (as Office.js resolves object paths on
 * the server) and stays bound to it: a worksheet got by name keeps pointing at that sheet after a rename, and an
 * operation on a sheet that has since been deleted fails with `ItemNotFound`.
 */
import type {
  BorderIndex,
  BorderLineStyle,
  BorderWeight,
  ExcelAutoFilter,
  ExcelFreezePanes,
  ExcelPageLayout,
  ExcelRange,
  ExcelRangeAreas,
  ExcelRangeBorder,
  ExcelRangeBorderCollection,
  ExcelRangeFill,
  ExcelRangeFont,
  ExcelRangeFormat,
  ExcelRangeHyperlink,
  ExcelRequestContext,
  ExcelClientResult,
  ExcelCustomXmlPart,
  ExcelCustomXmlPartCollection,
  ExcelCustomXmlPartScopedCollection,
  ExcelSetting,
  ExcelSettingCollection,
  ExcelWorkbook,
  ExcelWorkbookProtection,
  ExcelWorksheet,
  ExcelWorksheetCollection,
  FontUnderline,
  HorizontalAlignment,
  SheetVisibility,
  VerticalAlignment,
} from '../../../src/hosts/excel/api';
import { cellCount, formatRect, intersects, parseAddress, qualified, type Rect } from './address';
import { propertyNotLoaded, SimOfficeError } from './errors';
import { parseInput } from './input';
import type { UndoStack } from './undo';
import {
  DEFAULT_COLUMN_WIDTH,
  newPartId,
  SheetState,
  STYLE_DEFAULTS,
  type CustomXmlPartState,
  type BookState,
  type BorderSpec,
  type Hyperlink,
  type SimCell,
  type StyleProps,
} from './state';

/**
 * An object path as Office.js sends it: every proxy is a path from the workbook (`Worksheets` → `GetItem("x")` →
 * `GetRange("A1")` → `Format` → `Font`), and each request carries the paths its actions refer to.
 */
export class PathNode {
  readonly id: number;
  private text: string | undefined;

  constructor(
    ctx: SimRequestContext,
    /** Office.js's ObjectPathType: 1 global object, 3 method, 4 property, 5 indexer. */
    readonly type: 1 | 3 | 4 | 5,
    readonly name: string,
    readonly args: unknown[] | undefined,
    readonly parent: PathNode | undefined,
  ) {
    this.id = ctx.nextId();
  }

  /** `workbook.Worksheets.GetItem("x").GetRange("A1")`, for messages and fault handlers. */
  describe(): string {
    if (this.text === undefined) {
      const parent = this.parent ? this.parent.describe() : 'workbook';
      const args = (this.args ?? []).map((a) => JSON.stringify(a)).join(', ');
      if (this.type === 1) this.text = 'workbook';
      else if (this.type === 4) this.text = `${parent}.${this.name}`;
      else if (this.type === 5) this.text = `${parent}[${args}]`;
      else this.text = `${parent}.${this.name}(${args})`;
    }
    return this.text;
  }

  json(): Record<string, unknown> {
    const out: Record<string, unknown> = { Id: this.id, ObjectPathType: this.type, Name: this.name };
    if (this.parent) out.ParentObjectPathId = this.parent.id;
    if (this.args) out.ArgumentInfo = { Arguments: this.args };
    return out;
  }
}

/** Office.js's ActionType: 1 instantiate, 2 query (load), 3 method, 4 set property. */
export type ActionType = 1 | 2 | 3 | 4;

export interface Wire {
  type: ActionType;
  name: string;
  node: PathNode;
  args?: unknown[];
  /** A query's properties. */
  select?: string[];
}

/** `values` → `Values`, as Office.js names properties and methods on the wire. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** One queued operation: what is sent (serialised for the request size) and what it does at sync. */
export interface Operation {
  wire: Wire;
  /** Applies the operation; returns a load's result. Throws {@link SimOfficeError} when Excel would fail it. */
  run(): unknown;
  /** Hands a load's result to its proxy, after the whole sync succeeded. */
  deliver?(result: unknown): void;
}

/** What a request context needs from the simulator. */
export interface SimBackend {
  readonly book: BookState;
  readonly limits: { readCells: number; overLimitRead: 'null' | 'error' };
  readonly currentYear: number;
  readonly undo: UndoStack;
  process(ops: Operation[], kind: 'explicit' | 'implicit', context: SimRequestContext): Promise<void>;
}

/** `Excel.RunOptions` (https://learn.microsoft.com/javascript/api/excel/excel.runoptions). */
export interface SimRunOptions {
  /** Wait while the user edits a cell instead of failing (see simulator.ts). */
  delayForCellEdit?: boolean;
  /** ExcelApi 1.20: every sync of the run in one undo record (see undo.ts). */
  mergeUndoGroup?: boolean;
}

/**
 * The APIs that Excel's undo does not support, by platform, from the table in "Undo support with the Excel
 * JavaScript API" (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities): an API
 * listed with `web: false` clears the stack in Excel on the web, `desktop: false` on Windows and Mac. Settings are
 * not in that table; they are reported to clear it (see undo.ts) and are modelled so.
 */
const UNDO_UNSUPPORTED: Record<string, { web: boolean; desktop: boolean }> = {
  'Worksheet.delete': { web: false, desktop: false },
  'Worksheet.name': { web: true, desktop: false },
  'Worksheet.visibility': { web: true, desktop: false },
  'WorkbookProtection.protect': { web: false, desktop: false },
  'WorkbookProtection.unprotect': { web: false, desktop: false },
  'SettingCollection.add': { web: false, desktop: false },
  'Setting.value': { web: false, desktop: false },
  'Setting.delete': { web: false, desktop: false },
};

/** Excel's limit on the characters of a cell's text. */
const MAX_TEXT = 32_767;
const MAX_SHEET_NAME = 31;

let runCounter = 0;

export class SimRequestContext implements ExcelRequestContext {
  readonly workbook: SimWorkbook;
  /** The workbook's object path. */
  readonly root: PathNode;
  /** This run's number: its requests form one undo record with `mergeUndoGroup`. */
  readonly runId = ++runCounter;
  private queue: Operation[] = [];
  private closed = false;
  private ids = 0;

  constructor(
    readonly backend: SimBackend,
    readonly options: SimRunOptions = {},
  ) {
    this.root = new PathNode(this, 1, '', undefined, undefined);
    this.workbook = new SimWorkbook(this);
  }

  /**
   * Call before an API Excel's undo does not support (UNDO_UNSUPPORTED) takes effect: in a merged undo group it
   * fails with `UndoNotSupported`; otherwise returns a function to call after the effect, which clears the stack.
   */
  notUndoable(api: string): () => void {
    const entry = UNDO_UNSUPPORTED[api];
    const platform = this.backend.book.platform;
    const supported = entry === undefined || (platform === 'web' ? entry.web : entry.desktop);
    if (supported) return () => undefined;
    if (this.options.mergeUndoGroup) {
      throw new SimOfficeError(
        'UndoNotSupported',
        `${api} does not support undo, so it cannot be part of an undo group.`,
        api,
      );
    }
    return () => this.backend.undo.clear();
  }

  /**
   * Fails an API that Excel refuses while another workbook has the focus: "Errors can arise when a workbook that is
   * separate from the one running the add-in gains focus" ("API limitations when the active workbook switches",
   * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-troubleshooting, which lists
   * `WorksheetCollection.add`, `Worksheet.delete`, `Worksheet.activate`, `Range.select` and the `freezePanes`
   * methods among others; Windows and Mac only). The code is `InactiveWorkbook` ("The operation failed because
   * multiple workbooks are open and the workbook being called by this API has lost focus", the Excel error codes in
   * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-error-handling); the troubleshooting article's
   * table still names the older `GeneralException` / `InvalidSelection`.
   */
  requireFocus(api: string): void {
    if (!this.backend.book.focused) {
      throw new SimOfficeError(
        'InactiveWorkbook',
        'The operation failed because multiple workbooks are open and the workbook being called by this API has ' +
          'lost focus.',
        api,
      );
    }
  }

  /**
   * Fails a change of the workbook's structure while it is protected: protecting the structure keeps users from
   * adding, deleting, renaming, moving, hiding and unhiding sheets ("Protect a workbook",
   * https://support.microsoft.com/office/7e365a4d-3e89-4616-84ca-1931257c1517; `WorkbookProtection`, ExcelApi 1.7).
   * The error code Excel gives an add-in here is not documented: `AccessDenied` is assumed (unverified).
   */
  requireUnprotected(api: string): void {
    if (this.backend.book.protection.protected) {
      throw new SimOfficeError('AccessDenied', "The workbook's structure is protected.", api);
    }
  }

  property(parent: PathNode, name: string): PathNode {
    return new PathNode(this, 4, name, undefined, parent);
  }

  method(parent: PathNode, name: string, args: unknown[]): PathNode {
    return new PathNode(this, 3, name, args, parent);
  }

  /** The instantiate action Office.js queues for an object a method returns (`run` resolves it, if needed). */
  instantiate(
    node: PathNode,
    run: () => unknown = () => undefined,
    deliver?: (result: unknown) => void,
  ): void {
    this.enqueue(
      deliver
        ? { wire: { type: 1, name: '', node }, run, deliver }
        : { wire: { type: 1, name: '', node }, run },
    );
  }

  get book(): BookState {
    return this.backend.book;
  }

  /** A fresh id for an object path or an action. */
  nextId(): number {
    return ++this.ids;
  }

  enqueue(op: Operation): void {
    if (this.closed) {
      throw new SimOfficeError(
        'InvalidRequestContext',
        'Cannot use the object across different request contexts: its Excel.run has finished.',
      );
    }
    this.queue.push(op);
  }

  get pending(): number {
    return this.queue.length;
  }

  sync(): Promise<void> {
    if (this.closed) {
      return Promise.reject(
        new SimOfficeError(
          'InvalidRequestContext',
          'The request context of a finished Excel.run cannot sync.',
        ),
      );
    }
    const ops = this.queue;
    this.queue = [];
    return this.backend.process(ops, 'explicit', this);
  }

  /** Excel.run's own final sync of what is still queued. */
  flush(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    return ops.length === 0 ? Promise.resolve() : this.backend.process(ops, 'implicit', this);
  }

  close(): void {
    this.closed = true;
  }
}

function invalid(message: string, location?: string): SimOfficeError {
  return new SimOfficeError('InvalidArgument', message, location);
}

/** The property names of a `load` argument: `'a, b'`, `['a', 'b']`, navigation paths `'format/font/bold'`. */
function loadNames(spec: string | string[] | undefined): string[] {
  const parts = spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * The base of every proxy: loaded values, `load`, and the `PropertyNotLoaded` rule. `scalarProps` are what a bare
 * `load()` loads; `children` are navigation properties (`format`, `font`, …) that a path such as `format/font/bold`
 * loads through.
 */
abstract class SimObject {
  private readonly loadedValues = new Map<string, unknown>();

  constructor(
    protected readonly ctx: SimRequestContext,
    readonly node: PathNode,
  ) {}

  get path(): string {
    return this.node.describe();
  }

  protected abstract readonly scalarProps: readonly string[];

  protected child(_name: string): SimObject | undefined {
    return undefined;
  }

  /** Reads the named scalar property from the workbook now (inside an operation). */
  protected abstract readProp(name: string): unknown;

  /** Whether the object exists; a null object loads every property as null. */
  protected abstract exists(): boolean;

  /** A loaded value, or `PropertyNotLoaded`. */
  protected loaded<T>(name: string): T {
    if (!this.loadedValues.has(name)) throw propertyNotLoaded(name);
    return this.loadedValues.get(name) as T;
  }

  load(propertyNames?: string | string[]): this {
    const names = loadNames(propertyNames);
    const wanted = names.length === 0 ? [...this.scalarProps] : names;
    this.ctx.enqueue({
      wire: { type: 2, name: '', node: this.node, select: wanted },
      run: () => this.snapshot(wanted),
      deliver: (result) => this.accept(result as Record<string, unknown>),
    });
    return this;
  }

  /** The values of `names` now, as a plain object (nested for navigation paths). */
  snapshot(names: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const nested = new Map<string, string[]>();
    for (const name of names) {
      const slash = name.indexOf('/');
      if (slash >= 0) {
        const head = name.slice(0, slash);
        if (!this.child(head)) throw invalid(`Cannot load "${name}": no navigation property "${head}".`);
        nested.set(head, [...(nested.get(head) ?? []), name.slice(slash + 1)]);
        continue;
      }
      const child = this.child(name);
      if (child) {
        nested.set(name, [...(nested.get(name) ?? []), ...child.scalarProps]);
        continue;
      }
      if (!this.scalarProps.includes(name)) throw invalid(`Cannot load "${name}": no such property.`);
      out[name] = this.exists() ? this.readProp(name) : null;
    }
    for (const [head, rest] of nested) out[head] = (this.child(head) as SimObject).snapshot(rest);
    return out;
  }

  accept(result: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(result)) {
      const child = this.child(name);
      if (child) child.accept(value as Record<string, unknown>);
      else this.loadedValues.set(name, value);
    }
  }

  /** Queues an operation on this object. */
  protected op(action: string, run: () => void, name?: string, value?: unknown): void {
    const wire: Wire =
      action === 'set'
        ? { type: 4, name: pascal(name ?? ''), node: this.node, args: [value] }
        : { type: 3, name: pascal(action), node: this.node, args: value === undefined ? [] : [value] };
    this.ctx.enqueue({ wire, run });
  }
}

/**
 * Null-object tracking for the `…OrNullObject` methods: an `instantiate` operation resolves the object at its place
 * in the batch; `isNullObject` is readable once that sync succeeded.
 */
class NullState {
  value: boolean | undefined;

  read(): boolean {
    if (this.value === undefined) throw propertyNotLoaded('isNullObject');
    return this.value;
  }
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalid(`${what} must be a string.`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Workbook

export class SimWorkbook extends SimObject implements ExcelWorkbook {
  protected readonly scalarProps = ['name'] as const;
  readonly worksheets: SimWorksheetCollection;
  readonly settings: SimSettingCollection;
  readonly protection: SimWorkbookProtection;
  readonly customXmlParts: SimCustomXmlPartCollection;

  constructor(ctx: SimRequestContext) {
    super(ctx, ctx.root);
    this.worksheets = new SimWorksheetCollection(ctx);
    this.settings = new SimSettingCollection(ctx);
    this.protection = new SimWorkbookProtection(ctx);
    this.customXmlParts = new SimCustomXmlPartCollection(ctx);
  }

  protected exists(): boolean {
    return true;
  }

  protected readProp(): unknown {
    return this.ctx.book.name;
  }

  get name(): string {
    return this.loaded('name');
  }
}

/** Excel's rules for a sheet name. */
function checkSheetName(name: string, location: string): void {
  if (name.length === 0 || name.length > MAX_SHEET_NAME) {
    throw invalid(`The sheet name "${name}" must be 1 to ${MAX_SHEET_NAME} characters long.`, location);
  }
  if (/[\\/?*[\]:]/.test(name))
    throw invalid(`The sheet name "${name}" holds one of \\ / ? * [ ] :.`, location);
  if (name.startsWith("'") || name.endsWith("'")) {
    throw invalid(`The sheet name "${name}" cannot start or end with an apostrophe.`, location);
  }
  if (name.toLowerCase() === 'history') throw invalid('"History" is a reserved sheet name.', location);
}

function visibleCount(book: BookState): number {
  return book.sheets.filter((s) => s.visibility === 'Visible').length;
}

function activateSomeVisible(book: BookState, except?: SheetState): void {
  const next = book.sheets.find((s) => s !== except && s.visibility === 'Visible');
  book.activeId = next?.id;
  if (book.selection && book.selection.sheetId !== book.activeId) book.selection = undefined;
}

export class SimWorksheetCollection extends SimObject implements ExcelWorksheetCollection {
  protected readonly scalarProps = ['items'] as const;
  private itemProxies: SimWorksheet[] | undefined;
  private readonly itemProps = new Set(['name', 'id', 'visibility', 'position']);

  constructor(ctx: SimRequestContext) {
    super(ctx, ctx.property(ctx.root, 'Worksheets'));
  }

  get items(): SimWorksheet[] {
    if (this.itemProxies === undefined) throw propertyNotLoaded('items');
    return this.itemProxies;
  }

  protected exists(): boolean {
    return true;
  }

  protected readProp(): unknown {
    return undefined;
  }

  /** `load('items/name')` and `load('name')` both load the items' properties. */
  override load(propertyNames?: string | string[]): this {
    const names = loadNames(propertyNames)
      .map((n) => (n.startsWith('items/') ? n.slice('items/'.length) : n))
      .filter((n) => n !== 'items');
    const wanted = names.length === 0 ? [...this.itemProps] : names;
    for (const n of wanted) if (!this.itemProps.has(n)) throw invalid(`Cannot load "${n}" of worksheets.`);
    const book = this.ctx.book;
    this.ctx.enqueue({
      wire: { type: 2, name: '', node: this.node, select: wanted.map((n) => `Items/${pascal(n)}`) },
      run: () => book.sheets.map((s) => ({ sheet: s, values: SimWorksheet.read(book, s, wanted) })),
      deliver: (result) => {
        const rows = result as { sheet: SheetState; values: Record<string, unknown> }[];
        this.itemProxies = rows.map(({ sheet, values }) => {
          const node = new PathNode(this.ctx, 5, '', [sheet.id], this.node);
          const ws = new SimWorksheet(this.ctx, node, { bound: sheet });
          ws.accept(values);
          return ws;
        });
      },
    });
    return this;
  }

  getItem(key: string): SimWorksheet {
    const node = this.ctx.method(this.node, 'GetItem', [key]);
    this.ctx.instantiate(node);
    return new SimWorksheet(this.ctx, node, { name: key });
  }

  getItemOrNullObject(key: string): SimWorksheet {
    const node = this.ctx.method(this.node, 'GetItemOrNullObject', [key]);
    return new SimWorksheet(this.ctx, node, { name: key, nullable: true });
  }

  getActiveWorksheet(): SimWorksheet {
    const node = this.ctx.method(this.node, 'GetActiveWorksheet', []);
    this.ctx.instantiate(node);
    return new SimWorksheet(this.ctx, node, { active: true });
  }

  add(name?: string): SimWorksheet {
    const book = this.ctx.book;
    const node = this.ctx.method(this.node, 'Add', [name ?? null]);
    const ws = new SimWorksheet(this.ctx, node, { pending: true });
    // The method runs when Excel instantiates the object it returns.
    this.ctx.instantiate(node, () => {
      this.ctx.requireFocus('WorksheetCollection.add');
      this.ctx.requireUnprotected('WorksheetCollection.add');
      let sheetName = name;
      if (sheetName === undefined) {
        let n = book.sheets.length + 1;
        while (book.sheetByName(`Sheet${n}`)) n++;
        sheetName = `Sheet${n}`;
      }
      checkSheetName(sheetName, 'WorksheetCollection.add');
      if (book.sheetByName(sheetName)) {
        throw new SimOfficeError(
          'ItemAlreadyExists',
          `A sheet named "${sheetName}" already exists.`,
          'WorksheetCollection.add',
        );
      }
      const sheet = book.createSheet(sheetName);
      book.sheets.push(sheet);
      if (book.activeId === undefined) book.activeId = sheet.id;
      ws.bind(sheet);
    });
    return ws;
  }
}

interface SheetLocator {
  name?: string;
  nullable?: boolean;
  active?: boolean;
  bound?: SheetState;
  /** Made by `add`: bound when the add runs. */
  pending?: boolean;
}

export class SimWorksheet extends SimObject implements ExcelWorksheet {
  protected readonly scalarProps = ['name', 'id', 'visibility', 'position'] as const;
  private bound: SheetState | null | undefined;
  private readonly nullState: NullState | undefined;
  readonly freezePanes: SimFreezePanes;
  readonly pageLayout: SimPageLayout;
  readonly autoFilter: SimAutoFilter;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly locator: SheetLocator,
  ) {
    super(ctx, node);
    this.bound = locator.bound;
    this.freezePanes = new SimFreezePanes(ctx, ctx.property(node, 'FreezePanes'), this);
    this.pageLayout = new SimPageLayout(ctx, ctx.property(node, 'PageLayout'), this);
    this.autoFilter = new SimAutoFilter(ctx, ctx.property(node, 'AutoFilter'), this);
    if (locator.nullable) {
      const state = new NullState();
      this.nullState = state;
      ctx.instantiate(
        node,
        () => this.resolve() === null,
        (isNull) => {
          state.value = isNull as boolean;
        },
      );
    }
  }

  static read(book: BookState, sheet: SheetState, names: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const n of names) {
      if (n === 'name') out.name = sheet.name;
      else if (n === 'id') out.id = sheet.id;
      else if (n === 'visibility') out.visibility = sheet.visibility;
      else if (n === 'position') out.position = book.sheets.indexOf(sheet);
    }
    return out;
  }

  bind(sheet: SheetState): void {
    this.bound = sheet;
  }

  /** The sheet, or null for a null object; throws `ItemNotFound` for a sheet that does not (or no longer) exist. */
  resolve(): SheetState | null {
    const book = this.ctx.book;
    if (this.bound === undefined) {
      if (this.locator.pending) throw new SimOfficeError('ItemNotFound', 'The worksheet was never added.');
      let found: SheetState | undefined;
      if (this.locator.active)
        found = book.activeId === undefined ? undefined : book.sheetById(book.activeId);
      else found = book.sheetByName(this.locator.name ?? '');
      if (!found && !this.locator.nullable) {
        throw new SimOfficeError(
          'ItemNotFound',
          `The worksheet "${this.locator.name ?? ''}" does not exist.`,
        );
      }
      this.bound = found ?? null;
    }
    if (this.bound !== null && !book.sheets.includes(this.bound)) {
      throw new SimOfficeError('ItemNotFound', `The worksheet "${this.bound.name}" has been deleted.`);
    }
    return this.bound;
  }

  /** The sheet for an operation: a null object cannot be operated on. */
  target(): SheetState {
    const sheet = this.resolve();
    if (sheet === null) {
      throw new SimOfficeError('ItemNotFound', `The worksheet "${this.locator.name ?? ''}" does not exist.`);
    }
    return sheet;
  }

  protected exists(): boolean {
    return this.resolve() !== null;
  }

  protected readProp(name: string): unknown {
    return SimWorksheet.read(this.ctx.book, this.target(), [name])[name];
  }

  get isNullObject(): boolean {
    return this.nullState ? this.nullState.read() : false;
  }

  get name(): string {
    return this.loaded('name');
  }

  set name(value: string) {
    const book = this.ctx.book;
    this.op(
      'set',
      () => {
        const sheet = this.target();
        const name = requireString(value, 'Worksheet.name');
        checkSheetName(name, 'Worksheet.name');
        const other = book.sheetByName(name);
        if (other && other !== sheet) {
          throw new SimOfficeError(
            'ItemAlreadyExists',
            `A sheet named "${name}" already exists.`,
            'Worksheet.name',
          );
        }
        if (name === sheet.name) return;
        this.ctx.requireUnprotected('Worksheet.name');
        const cleared = this.ctx.notUndoable('Worksheet.name');
        sheet.name = name;
        cleared();
      },
      'name',
      value,
    );
  }

  get id(): string {
    return this.loaded('id');
  }

  get visibility(): SheetVisibility {
    return this.loaded('visibility');
  }

  set visibility(value: SheetVisibility) {
    const book = this.ctx.book;
    this.op(
      'set',
      () => {
        const sheet = this.target();
        if (value !== 'Visible' && value !== 'Hidden' && value !== 'VeryHidden') {
          throw invalid(`"${String(value)}" is not a sheet visibility.`, 'Worksheet.visibility');
        }
        if (value !== 'Visible' && sheet.visibility === 'Visible' && visibleCount(book) === 1) {
          throw new SimOfficeError(
            'InvalidOperation',
            'A workbook must contain at least one visible worksheet.',
            'Worksheet.visibility',
          );
        }
        if (value === sheet.visibility) return;
        this.ctx.requireUnprotected('Worksheet.visibility');
        const cleared = this.ctx.notUndoable('Worksheet.visibility');
        sheet.visibility = value;
        if (value !== 'Visible' && book.activeId === sheet.id) activateSomeVisible(book, sheet);
        cleared();
      },
      'visibility',
      value,
    );
  }

  delete(): void {
    const book = this.ctx.book;
    this.op('delete', () => {
      const sheet = this.target();
      this.ctx.requireFocus('Worksheet.delete');
      this.ctx.requireUnprotected('Worksheet.delete');
      if (sheet.visibility === 'Visible' && visibleCount(book) === 1) {
        throw new SimOfficeError(
          'InvalidOperation',
          'A workbook must contain at least one visible worksheet.',
          'Worksheet.delete',
        );
      }
      // A very hidden sheet cannot be deleted; its visibility must be changed first. "This behavior is by design"
      // (office-js#365, https://github.com/OfficeDev/office-js/issues/365, where it fails with GeneralException),
      // documented since office-js-docs-pr#754 in the Excel worksheets article
      // (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-worksheets).
      if (sheet.visibility === 'VeryHidden') {
        throw new SimOfficeError(
          'GeneralException',
          'There was an internal error while processing the request.',
          'Worksheet.delete',
        );
      }
      const cleared = this.ctx.notUndoable('Worksheet.delete');
      book.removeSheet(sheet);
      if (book.activeId === sheet.id) activateSomeVisible(book);
      cleared();
    });
  }

  activate(): void {
    const book = this.ctx.book;
    this.op('activate', () => {
      const sheet = this.target();
      this.ctx.requireFocus('Worksheet.activate');
      if (sheet.visibility !== 'Visible') {
        throw new SimOfficeError(
          'InvalidOperation',
          'A hidden worksheet cannot be activated.',
          'Worksheet.activate',
        );
      }
      book.activeId = sheet.id;
      if (book.selection?.sheetId !== sheet.id) book.selection = { sheetId: sheet.id, rect: ORIGIN };
    });
  }

  getRange(address?: string): SimRange {
    const text = address ?? 'A1:XFD1048576';
    const node = this.ctx.method(this.node, 'GetRange', address === undefined ? [] : [address]);
    this.ctx.instantiate(node);
    return new SimRange(this.ctx, node, this, () => {
      const rect = parseAddress(text);
      if (!rect) throw invalid(`"${text}" is not a valid address.`, 'Worksheet.getRange');
      return rect;
    });
  }

  getUsedRange(valuesOnly?: boolean): SimRange {
    const node = this.ctx.method(this.node, 'GetUsedRange', [valuesOnly === true]);
    this.ctx.instantiate(node);
    return new SimRange(this.ctx, node, this, (sheet) => sheet.usedRange(valuesOnly === true) ?? ORIGIN);
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): SimRange {
    const node = this.ctx.method(this.node, 'GetUsedRangeOrNullObject', [valuesOnly === true]);
    return new SimRange(this.ctx, node, this, (sheet) => sheet.usedRange(valuesOnly === true), true);
  }
}

const ORIGIN: Rect = { top: 0, left: 0, bottom: 0, right: 0 };

export class SimFreezePanes implements ExcelFreezePanes {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly node: PathNode,
    private readonly sheet: SimWorksheet,
  ) {}

  private op(action: string, value: unknown, apply: (sheet: SheetState) => void): void {
    const wire: Wire = {
      type: 3,
      name: pascal(action),
      node: this.node,
      args: value === null ? [] : [value],
    };
    this.ctx.enqueue({
      wire,
      run: () => {
        const sheet = this.sheet.target();
        this.ctx.requireFocus(`WorksheetFreezePanes.${action}`);
        apply(sheet);
      },
    });
  }

  private static count(n: number | undefined, location: string): number {
    const count = n ?? 1;
    if (!Number.isInteger(count) || count < 0) throw invalid(`Bad count ${String(n)}.`, location);
    return count;
  }

  freezeRows(count?: number): void {
    this.op('freezeRows', count ?? null, (sheet) => {
      const n = SimFreezePanes.count(count, 'FreezePanes.freezeRows');
      sheet.freeze = n === 0 ? null : { rows: n, columns: 0 };
    });
  }

  freezeColumns(count?: number): void {
    this.op('freezeColumns', count ?? null, (sheet) => {
      const n = SimFreezePanes.count(count, 'FreezePanes.freezeColumns');
      sheet.freeze = n === 0 ? null : { rows: 0, columns: n };
    });
  }

  freezeAt(frozenRange: string): void {
    this.op('freezeAt', frozenRange, (sheet) => {
      const rect = typeof frozenRange === 'string' ? parseAddress(frozenRange) : null;
      if (!rect) throw invalid(`"${String(frozenRange)}" is not a valid address.`, 'FreezePanes.freezeAt');
      // Excel freezes the rows above and the columns left of the cell after the range's bottom-right corner.
      sheet.freeze = { rows: rect.bottom + 1, columns: rect.right + 1 };
    });
  }

  unfreeze(): void {
    this.op('unfreeze', null, (sheet) => {
      sheet.freeze = null;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Page layout and filter (ExcelApi 1.9)

/**
 * An operation of ExcelApi 1.9's `PageLayout` or `AutoFilter`. Where the workbook's Excel lacks ExcelApi 1.9 the
 * operation fails with `ApiNotFound` ("The API you are trying to use could not be found. It may be available in a
 * newer version of Excel": Excel.ErrorCodes, https://learn.microsoft.com/javascript/api/excel/excel.errorcodes); an
 * add-in asks `isSetSupported('ExcelApi', '1.9')` first (Office.context.requirements).
 */
function api19Op(
  ctx: SimRequestContext,
  node: PathNode,
  sheet: SimWorksheet,
  name: string,
  args: unknown[],
  location: string,
  apply: (sheet: SheetState) => void,
): void {
  const wire: Wire = { type: name === 'set' ? 4 : 3, name: pascal(name), node, args };
  ctx.enqueue({
    wire,
    run: () => {
      const target = sheet.target();
      if (!ctx.book.api19) {
        throw new SimOfficeError(
          'ApiNotFound',
          'The API you are trying to use could not be found. It may be available in a newer version of Excel.',
          location,
        );
      }
      apply(target);
    },
  });
}

export class SimPageLayout implements ExcelPageLayout {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly node: PathNode,
    private readonly sheet: SimWorksheet,
  ) {}

  get orientation(): 'Portrait' | 'Landscape' {
    throw propertyNotLoaded('orientation');
  }

  /** `Excel.PageOrientation`: Portrait or Landscape (https://learn.microsoft.com/javascript/api/excel/excel.pageorientation). */
  set orientation(value: 'Portrait' | 'Landscape') {
    api19Op(this.ctx, this.node, this.sheet, 'set', [value], 'PageLayout.orientation', (sheet) => {
      if (value !== 'Portrait' && value !== 'Landscape')
        throw invalid(`"${String(value)}" is not a page orientation.`, 'PageLayout.orientation');
      sheet.page.orientation = value;
    });
  }

  get zoom(): ExcelPageLayout['zoom'] {
    throw propertyNotLoaded('zoom');
  }

  /**
   * `Excel.PageLayoutZoomOptions` (https://learn.microsoft.com/javascript/api/excel/excel.pagelayoutzoomoptions):
   * "Print page scale value can be between 10 and 400"; fit to pages wide and tall instead of a scale. Whether
   * Excel refuses a scale given together with pages, and whether it takes 0 pages tall as "automatic" (as the file
   * format's fitToHeight="0" does), is unverified: the simulator accepts both, a scale given with pages ignored.
   */
  set zoom(value: ExcelPageLayout['zoom']) {
    api19Op(this.ctx, this.node, this.sheet, 'set', [value], 'PageLayout.zoom', (sheet) => {
      const { scale, horizontalFitToPages: wide, verticalFitToPages: tall } = value ?? {};
      if (scale !== undefined && (!Number.isFinite(scale) || scale < 10 || scale > 400))
        throw invalid(`The scale ${String(scale)} is not between 10 and 400.`, 'PageLayout.zoom');
      for (const n of [wide, tall]) {
        if (n !== undefined && (!Number.isInteger(n) || n < 0))
          throw invalid(`${String(n)} is not a number of pages.`, 'PageLayout.zoom');
      }
      sheet.page.zoom =
        wide !== undefined || tall !== undefined
          ? { wide: wide ?? null, tall: tall ?? null }
          : { scale: scale ?? 100 };
    });
  }

  /**
   * The rows repeated on every printed page. "If you specify only part of a row or rows, Microsoft Excel expands the
   * range to full rows" (PageSetup.PrintTitleRows, https://learn.microsoft.com/office/vba/api/excel.pagesetup.printtitlerows);
   * an address that is none fails with `InvalidArgument`.
   */
  setPrintTitleRows(printTitleRows: string): void {
    api19Op(
      this.ctx,
      this.node,
      this.sheet,
      'setPrintTitleRows',
      [printTitleRows],
      'PageLayout.setPrintTitleRows',
      (sheet) => {
        const rect = typeof printTitleRows === 'string' ? parseAddress(printTitleRows) : null;
        if (!rect)
          throw invalid(
            `"${String(printTitleRows)}" is not a valid address.`,
            'PageLayout.setPrintTitleRows',
          );
        sheet.page.titleRows = { first: rect.top, last: rect.bottom };
      },
    );
  }
}

export class SimAutoFilter implements ExcelAutoFilter {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly node: PathNode,
    private readonly sheet: SimWorksheet,
  ) {}

  /**
   * `AutoFilter.apply(range)` (https://learn.microsoft.com/javascript/api/excel/excel.autofilter#excel-excel-autofilter-apply-member(1)):
   * the sheet's one filter, on that range (a later apply replaces it). An address that is none fails with
   * `InvalidArgument`; what Excel does with a one-row range is unverified (the simulator accepts it).
   */
  apply(range: string): void {
    api19Op(this.ctx, this.node, this.sheet, 'apply', [range], 'AutoFilter.apply', (sheet) => {
      const rect = typeof range === 'string' ? parseAddress(range) : null;
      if (!rect) throw invalid(`"${String(range)}" is not a valid address.`, 'AutoFilter.apply');
      sheet.autoFilter = rect;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Range

/** Excel's error values as `values` returns them (strings). */
function displayValue(
  book: BookState,
  sheet: SheetState,
  r: number,
  c: number,
  cell: SimCell | undefined,
): unknown {
  if (cell === undefined) return '';
  const v = book.valueOf(sheet, r, c, cell);
  if (v === null) return '';
  if (typeof v === 'object') return v.error;
  return v;
}

function formulaValue(
  book: BookState,
  sheet: SheetState,
  r: number,
  c: number,
  cell: SimCell | undefined,
): unknown {
  if (cell === undefined) return '';
  if (cell.f !== undefined) return cell.f;
  return displayValue(book, sheet, r, c, cell);
}

function valueType(
  book: BookState,
  sheet: SheetState,
  r: number,
  c: number,
  cell: SimCell | undefined,
): string {
  const v = displayValue(book, sheet, r, c, cell);
  if (cell?.e !== undefined) return 'Error';
  if (v === '') return 'Empty';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return 'String';
}

const ALIGN_H: readonly HorizontalAlignment[] = [
  'General',
  'Left',
  'Center',
  'Right',
  'Fill',
  'Justify',
  'CenterAcrossSelection',
  'Distributed',
];
const ALIGN_V: readonly VerticalAlignment[] = ['Center', 'Bottom', 'Top', 'Justify', 'Distributed'];
const UNDERLINES: readonly FontUnderline[] = [
  'None',
  'Single',
  'Double',
  'SingleAccountant',
  'DoubleAccountant',
];
const LINE_STYLES: readonly BorderLineStyle[] = [
  'None',
  'Continuous',
  'Dash',
  'DashDot',
  'DashDotDot',
  'Dot',
  'Double',
  'SlantDashDot',
];
const WEIGHTS: readonly BorderWeight[] = ['Hairline', 'Thin', 'Medium', 'Thick'];

function color(value: unknown, location: string): string {
  if (typeof value !== 'string' || !/^#[0-9A-Fa-f]{6}$/.test(value)) {
    throw invalid(`"${String(value)}" is not a colour (#RRGGBB).`, location);
  }
  return value.toUpperCase();
}

type Located = { sheet: SheetState; rect: Rect };

export class SimRange extends SimObject implements ExcelRange {
  protected readonly scalarProps = [
    'address',
    'rowCount',
    'columnCount',
    'values',
    'formulas',
    'numberFormat',
    'valueTypes',
    'hyperlink',
  ] as const;
  private bound: Located | null | undefined;
  private readonly nullState: NullState | undefined;
  readonly format: SimRangeFormat;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly worksheet: SimWorksheet,
    private readonly locate: (sheet: SheetState) => Rect | null,
    nullable = false,
  ) {
    super(ctx, node);
    this.format = new SimRangeFormat(ctx, ctx.property(node, 'Format'), this);
    if (nullable) {
      const state = new NullState();
      this.nullState = state;
      ctx.instantiate(
        node,
        () => this.resolve() === null,
        (isNull) => {
          state.value = isNull as boolean;
        },
      );
    }
  }

  protected override child(name: string): SimObject | undefined {
    return name === 'format' ? this.format : undefined;
  }

  resolve(): Located | null {
    if (this.bound === undefined) {
      const sheet = this.worksheet.target();
      const rect = this.locate(sheet);
      this.bound = rect === null ? null : { sheet, rect };
    }
    if (this.bound !== null && !this.ctx.book.sheets.includes(this.bound.sheet)) {
      throw new SimOfficeError('ItemNotFound', `The worksheet "${this.bound.sheet.name}" has been deleted.`);
    }
    return this.bound;
  }

  target(): Located {
    const located = this.resolve();
    if (located === null) throw new SimOfficeError('ItemNotFound', 'The range is a null object.');
    return located;
  }

  protected exists(): boolean {
    return this.resolve() !== null;
  }

  get isNullObject(): boolean {
    return this.nullState ? this.nullState.read() : false;
  }

  /** Each cell's `f(r, c, cell)`, row by row. */
  private grid<T>(
    f: (book: BookState, sheet: SheetState, r: number, c: number, cell: SimCell | undefined) => T,
  ): T[][] {
    const { sheet, rect } = this.target();
    const book = this.ctx.book;
    const out: T[][] = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row: T[] = [];
      const cells = sheet.rows[r];
      for (let c = rect.left; c <= rect.right; c++) row.push(f(book, sheet, r, c, cells?.[c]));
      out.push(row);
    }
    return out;
  }

  protected readProp(name: string): unknown {
    const { sheet, rect } = this.target();
    const cellArray = ['values', 'formulas', 'numberFormat', 'valueTypes'].includes(name);
    if (cellArray && cellCount(rect) > this.ctx.backend.limits.readCells) {
      // "When a get operation using `Range.values` exceeds the five-million-cell limit, the API doesn't always throw
      // an error. In some cases, `Range.values` returns `null` instead" (office-js-docs-pr#5821, the note in
      // https://learn.microsoft.com/office/dev/add-ins/excel/performance; office-js#4783 (Mac, 2407) and #6781
      // (all platforms)). Which of the other cell arrays do the same is not documented: all of them here
      // (`limits.overLimitRead: 'error'` gives the older RangeExceedsLimit).
      if (this.ctx.backend.limits.overLimitRead === 'null') return null;
      throw new SimOfficeError(
        'RangeExceedsLimit',
        `The range ${formatRect(rect)} holds ${cellCount(rect)} cells; a read is limited to ` +
          `${this.ctx.backend.limits.readCells}.`,
        `Range.${name}`,
      );
    }
    switch (name) {
      case 'address':
        return qualified(sheet.name, rect);
      case 'rowCount':
        return rect.bottom - rect.top + 1;
      case 'columnCount':
        return rect.right - rect.left + 1;
      case 'values':
        return this.grid(displayValue);
      case 'formulas':
        return this.grid(formulaValue);
      case 'numberFormat':
        return this.grid((_b, _s, _r, _c, cell) => cell?.fmt ?? 'General');
      case 'valueTypes':
        return this.grid(valueType);
      case 'hyperlink': {
        const link = sheet.cell(rect.top, rect.left)?.link;
        return link === undefined ? null : { ...link };
      }
      default:
        throw invalid(`Cannot load "${name}".`);
    }
  }

  get address(): string {
    return this.loaded('address');
  }

  get rowCount(): number {
    return this.loaded('rowCount');
  }

  get columnCount(): number {
    return this.loaded('columnCount');
  }

  get values(): unknown[][] {
    return this.loaded('values');
  }

  set values(value: unknown[][]) {
    this.op('set', () => this.writeContent(value, 'Range.values'), 'values', value);
  }

  get formulas(): unknown[][] {
    return this.loaded('formulas');
  }

  set formulas(value: unknown[][]) {
    this.op('set', () => this.writeContent(value, 'Range.formulas'), 'formulas', value);
  }

  get numberFormat(): unknown[][] {
    return this.loaded('numberFormat');
  }

  set numberFormat(value: unknown[][]) {
    this.op(
      'set',
      () => {
        const { sheet, rect } = this.target();
        this.checkShape(value, rect, 'Range.numberFormat');
        value.forEach((row, i) =>
          row.forEach((fmt, j) => {
            if (fmt === null || fmt === undefined) return;
            if (typeof fmt !== 'string')
              throw invalid('A number format must be a string.', 'Range.numberFormat');
            const cell = sheet.ensure(rect.top + i, rect.left + j);
            if (fmt === 'General' || fmt === '') delete cell.fmt;
            else cell.fmt = fmt;
          }),
        );
      },
      'numberFormat',
      value,
    );
  }

  get hyperlink(): ExcelRangeHyperlink {
    return this.loaded('hyperlink');
  }

  set hyperlink(value: ExcelRangeHyperlink) {
    this.op(
      'set',
      () => {
        const { sheet, rect } = this.target();
        if (typeof value !== 'object' || value === null)
          throw invalid('A hyperlink must be an object.', 'Range.hyperlink');
        const link: Hyperlink = {};
        for (const key of ['address', 'documentReference', 'screenTip', 'textToDisplay'] as const) {
          const v = value[key];
          if (v === undefined) continue;
          link[key] = requireString(v, `Range.hyperlink.${key}`);
        }
        if (link.address === undefined && link.documentReference === undefined) {
          throw invalid('A hyperlink needs an address or a documentReference.', 'Range.hyperlink');
        }
        const book = this.ctx.book;
        for (const [, , cell] of sheet.cellsIn(rect, true)) {
          cell.link = { ...link };
          // Excel puts the text to display into the cell as typed input.
          if (link.textToDisplay !== undefined) this.writeOne(cell, link.textToDisplay, 'Range.hyperlink');
        }
        book.calcEpoch++;
      },
      'hyperlink',
      value,
    );
  }

  private checkShape(value: unknown, rect: Rect, location: string): asserts value is unknown[][] {
    const rows = rect.bottom - rect.top + 1;
    const cols = rect.right - rect.left + 1;
    const ok =
      Array.isArray(value) &&
      value.length === rows &&
      value.every((row) => Array.isArray(row) && row.length === cols);
    if (!ok) {
      throw invalid(
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range ` +
          `(${rows} × ${cols}).`,
        location,
      );
    }
  }

  /** Writes one input into a cell, as Excel does for `values`, `formulas` and a hyperlink's text. */
  private writeOne(cell: SimCell, input: unknown, location: string): void {
    if (input === null || input === undefined) return;
    const clear = (): void => {
      delete cell.f;
      delete cell.e;
      delete cell.q;
      delete cell.calc;
    };
    if (typeof input === 'number') {
      if (!Number.isFinite(input))
        throw invalid(`${String(input)} is not a number Excel can hold.`, location);
      clear();
      cell.v = input === 0 ? 0 : input;
      return;
    }
    if (typeof input === 'boolean') {
      clear();
      cell.v = input;
      return;
    }
    if (typeof input !== 'string')
      throw invalid(`A cell value must be a string, number or boolean.`, location);
    if (input.length > MAX_TEXT) throw invalid(`More than ${MAX_TEXT} characters.`, location);
    const parsed = parseInput(input, cell.fmt ?? 'General', this.ctx.backend.currentYear);
    clear();
    switch (parsed.kind) {
      case 'empty':
        cell.v = null;
        break;
      case 'text':
        cell.v = parsed.text;
        if (parsed.quote) cell.q = true;
        break;
      case 'number':
        cell.v = parsed.value;
        if (parsed.format !== undefined && cell.fmt === undefined) cell.fmt = parsed.format;
        break;
      case 'boolean':
        cell.v = parsed.value;
        break;
      case 'error':
        cell.v = null;
        cell.e = parsed.error;
        break;
      case 'formula':
        cell.v = null;
        cell.f = parsed.formula;
        cell.calc = -1; // computed when read
        break;
      default:
        break;
    }
  }

  private writeContent(value: unknown[][], location: string): void {
    const { sheet, rect } = this.target();
    this.checkShape(value, rect, location);
    const book = this.ctx.book;
    value.forEach((row, i) =>
      row.forEach((input, j) => {
        if (input === null || input === undefined) return;
        this.writeOne(sheet.ensure(rect.top + i, rect.left + j), input, location);
      }),
    );
    book.calcEpoch++;
  }

  merge(across?: boolean): void {
    this.op(
      'merge',
      () => {
        const { sheet, rect } = this.target();
        const areas: Rect[] = [];
        if (across === true) {
          for (let r = rect.top; r <= rect.bottom; r++) areas.push({ ...rect, top: r, bottom: r });
        } else {
          areas.push(rect);
        }
        for (const area of areas) {
          if (area.top === area.bottom && area.left === area.right) continue;
          // Excel merges the union with any merged area it touches and keeps only the top-left value.
          sheet.merges = sheet.merges.filter((m) => !intersects(m, area));
          sheet.merges.push(area);
          for (const [r, c, cell] of sheet.cellsIn(area, false)) {
            if (r === area.top && c === area.left) continue;
            sheet.touch(r, c);
            cell.v = null;
            delete cell.f;
            delete cell.e;
            delete cell.q;
            delete cell.calc;
          }
        }
        this.ctx.book.calcEpoch++;
      },
      undefined,
      across === true,
    );
  }

  select(): void {
    this.op('select', () => {
      const { sheet, rect } = this.target();
      this.ctx.requireFocus('Range.select');
      const book = this.ctx.book;
      if (book.activeId !== sheet.id) {
        throw new SimOfficeError(
          'InvalidSelection',
          'The range to select is not on the active worksheet.',
          'Range.select',
        );
      }
      book.selection = { sheetId: sheet.id, rect };
    });
  }

  getMergedAreasOrNullObject(): SimRangeAreas {
    return new SimRangeAreas(this.ctx, this.ctx.method(this.node, 'GetMergedAreasOrNullObject', []), () => {
      const { sheet, rect } = this.target();
      const areas = sheet.merges.filter((m) => intersects(m, rect));
      return areas.length === 0 ? null : { sheet, areas };
    });
  }

  /** Applies a formatting property to every cell of the range (cells are created as Excel formats empty cells). */
  applyStyle(prop: keyof StyleProps, value: unknown): void {
    const { sheet, rect } = this.target();
    const styles = this.ctx.book.styles;
    for (const [, , cell] of sheet.cellsIn(rect, true)) cell.s = styles.with(cell.s, prop, value);
  }

  /** A formatting property as Excel reads it for a range: the common value, or null when cells differ. */
  readStyle(prop: keyof typeof STYLE_DEFAULTS): unknown {
    const { sheet, rect } = this.target();
    const styles = this.ctx.book.styles;
    let common: unknown = undefined;
    for (let r = rect.top; r <= rect.bottom; r++) {
      for (let c = rect.left; c <= rect.right; c++) {
        const style = styles.get(sheet.cell(r, c)?.s);
        const v = style[prop] ?? STYLE_DEFAULTS[prop];
        if (common === undefined) common = v;
        else if (common !== v) return null;
      }
    }
    return common;
  }

  /** Applies a border property to the cells along an edge (or the inside lines) of the range. */
  applyBorder(index: BorderIndex, spec: BorderSpec): void {
    const { sheet, rect } = this.target();
    const styles = this.ctx.book.styles;
    for (const [r, c, cell] of sheet.cellsIn(rect, true)) {
      const edges: (keyof StyleProps)[] = [];
      switch (index) {
        case 'EdgeTop':
          if (r === rect.top) edges.push('borderTop');
          break;
        case 'EdgeBottom':
          if (r === rect.bottom) edges.push('borderBottom');
          break;
        case 'EdgeLeft':
          if (c === rect.left) edges.push('borderLeft');
          break;
        case 'EdgeRight':
          if (c === rect.right) edges.push('borderRight');
          break;
        case 'InsideHorizontal':
          if (r > rect.top) edges.push('borderTop');
          if (r < rect.bottom) edges.push('borderBottom');
          break;
        case 'InsideVertical':
          if (c > rect.left) edges.push('borderLeft');
          if (c < rect.right) edges.push('borderRight');
          break;
        default:
          break; // diagonals are accepted and not modelled
      }
      for (const edge of edges) cell.s = styles.with(cell.s, edge, spec);
    }
  }

  readBorder(index: BorderIndex, prop: keyof BorderSpec): unknown {
    const { sheet, rect } = this.target();
    const styles = this.ctx.book.styles;
    const edge: keyof StyleProps | undefined = {
      EdgeTop: 'borderTop',
      EdgeBottom: 'borderBottom',
      EdgeLeft: 'borderLeft',
      EdgeRight: 'borderRight',
      InsideHorizontal: 'borderTop',
      InsideVertical: 'borderLeft',
    }[index as string] as keyof StyleProps | undefined;
    const fallback = prop === 'style' ? 'None' : prop === 'weight' ? 'Thin' : '#000000';
    if (edge === undefined) return fallback;
    const row = index === 'EdgeBottom' ? rect.bottom : rect.top;
    const col = index === 'EdgeRight' ? rect.right : rect.left;
    const spec = styles.get(sheet.cell(row, col)?.s)[edge] as BorderSpec | undefined;
    return spec?.[prop] ?? fallback;
  }

  /** Sets the width (points) of every column of the range. */
  setColumnWidth(points: number): void {
    const { sheet, rect } = this.target();
    if (!Number.isFinite(points) || points < 0 || points > 1_800) {
      throw invalid(`${String(points)} is not a column width.`, 'RangeFormat.columnWidth');
    }
    for (let c = rect.left; c <= rect.right; c++) sheet.columnWidths.set(c, points);
  }

  columnWidth(): number | null {
    const { sheet, rect } = this.target();
    const first = sheet.columnWidths.get(rect.left) ?? DEFAULT_COLUMN_WIDTH;
    for (let c = rect.left + 1; c <= rect.right; c++) {
      if ((sheet.columnWidths.get(c) ?? DEFAULT_COLUMN_WIDTH) !== first) return null;
    }
    return first;
  }

  /** Queues a formatting operation on this range (used by the format proxies). */
  queue(node: PathNode, name: string, value: unknown, apply: () => void): void {
    this.ctx.enqueue({ wire: { type: 4, name: pascal(name), node, args: [value] }, run: apply });
  }
}

export class SimRangeAreas extends SimObject implements ExcelRangeAreas {
  protected readonly scalarProps = ['address', 'areaCount'] as const;
  private bound: { sheet: SheetState; areas: Rect[] } | null | undefined;
  private readonly nullState = new NullState();

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly locate: () => { sheet: SheetState; areas: Rect[] } | null,
  ) {
    super(ctx, node);
    const state = this.nullState;
    ctx.instantiate(
      node,
      () => this.resolve() === null,
      (isNull) => {
        state.value = isNull as boolean;
      },
    );
  }

  private resolve(): { sheet: SheetState; areas: Rect[] } | null {
    if (this.bound === undefined) this.bound = this.locate();
    return this.bound;
  }

  protected exists(): boolean {
    return this.resolve() !== null;
  }

  protected readProp(name: string): unknown {
    const located = this.resolve();
    if (located === null) return null;
    if (name === 'areaCount') return located.areas.length;
    return located.areas.map((a) => qualified(located.sheet.name, a)).join(', ');
  }

  get isNullObject(): boolean {
    return this.nullState.read();
  }

  get address(): string {
    return this.loaded('address');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

export class SimRangeFormat extends SimObject implements ExcelRangeFormat {
  protected readonly scalarProps = [
    'columnWidth',
    'wrapText',
    'horizontalAlignment',
    'verticalAlignment',
    'indentLevel',
  ] as const;
  readonly font: SimRangeFont;
  readonly fill: SimRangeFill;
  readonly borders: SimRangeBorderCollection;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly range: SimRange,
  ) {
    super(ctx, node);
    this.font = new SimRangeFont(ctx, ctx.property(node, 'Font'), range);
    this.fill = new SimRangeFill(ctx, ctx.property(node, 'Fill'), range);
    this.borders = new SimRangeBorderCollection(ctx, ctx.property(node, 'Borders'), range);
  }

  protected override child(name: string): SimObject | undefined {
    if (name === 'font') return this.font;
    if (name === 'fill') return this.fill;
    return undefined;
  }

  protected exists(): boolean {
    return this.range.resolve() !== null;
  }

  protected readProp(name: string): unknown {
    if (name === 'columnWidth') return this.range.columnWidth();
    return this.range.readStyle(name as keyof typeof STYLE_DEFAULTS);
  }

  private set<T>(name: keyof StyleProps, value: T, check: (v: T) => unknown): void {
    this.range.queue(this.node, name, value, () => this.range.applyStyle(name, check(value)));
  }

  get columnWidth(): number {
    return this.loaded('columnWidth');
  }

  set columnWidth(value: number) {
    this.range.queue(this.node, 'columnWidth', value, () => this.range.setColumnWidth(value));
  }

  get wrapText(): boolean {
    return this.loaded('wrapText');
  }

  set wrapText(value: boolean) {
    this.set('wrapText', value, (v) => {
      if (typeof v !== 'boolean') throw invalid('wrapText must be a boolean.', 'RangeFormat.wrapText');
      return v;
    });
  }

  get horizontalAlignment(): HorizontalAlignment {
    return this.loaded('horizontalAlignment');
  }

  set horizontalAlignment(value: HorizontalAlignment) {
    this.set('horizontalAlignment', value, (v) => {
      if (!ALIGN_H.includes(v))
        throw invalid(`"${String(v)}" is not an alignment.`, 'RangeFormat.horizontalAlignment');
      return v;
    });
  }

  get verticalAlignment(): VerticalAlignment {
    return this.loaded('verticalAlignment');
  }

  set verticalAlignment(value: VerticalAlignment) {
    this.set('verticalAlignment', value, (v) => {
      if (!ALIGN_V.includes(v))
        throw invalid(`"${String(v)}" is not an alignment.`, 'RangeFormat.verticalAlignment');
      return v;
    });
  }

  get indentLevel(): number {
    return this.loaded('indentLevel');
  }

  set indentLevel(value: number) {
    this.set('indentLevel', value, (v) => {
      if (!Number.isInteger(v) || v < 0 || v > 250)
        throw invalid(`Bad indent ${String(v)}.`, 'RangeFormat.indentLevel');
      return v;
    });
  }
}

export class SimRangeFont extends SimObject implements ExcelRangeFont {
  protected readonly scalarProps = ['bold', 'italic', 'color', 'size', 'name', 'underline'] as const;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly range: SimRange,
  ) {
    super(ctx, node);
  }

  protected exists(): boolean {
    return this.range.resolve() !== null;
  }

  protected readProp(name: string): unknown {
    return this.range.readStyle(name as keyof typeof STYLE_DEFAULTS);
  }

  private set<T>(name: keyof StyleProps, value: T, check: (v: T) => unknown): void {
    this.range.queue(this.node, name, value, () => this.range.applyStyle(name, check(value)));
  }

  private static bool(v: boolean, what: string): boolean {
    if (typeof v !== 'boolean') throw invalid(`${what} must be a boolean.`, `RangeFont.${what}`);
    return v;
  }

  get bold(): boolean {
    return this.loaded('bold');
  }

  set bold(value: boolean) {
    this.set('bold', value, (v) => SimRangeFont.bool(v, 'bold'));
  }

  get italic(): boolean {
    return this.loaded('italic');
  }

  set italic(value: boolean) {
    this.set('italic', value, (v) => SimRangeFont.bool(v, 'italic'));
  }

  get color(): string {
    return this.loaded('color');
  }

  set color(value: string) {
    this.set('color', value, (v) => color(v, 'RangeFont.color'));
  }

  get size(): number {
    return this.loaded('size');
  }

  set size(value: number) {
    this.set('size', value, (v) => {
      if (typeof v !== 'number' || !(v >= 1 && v <= 409))
        throw invalid(`Bad font size ${String(v)}.`, 'RangeFont.size');
      return v;
    });
  }

  get name(): string {
    return this.loaded('name');
  }

  set name(value: string) {
    this.set('name', value, (v) => requireString(v, 'RangeFont.name'));
  }

  get underline(): FontUnderline {
    return this.loaded('underline');
  }

  set underline(value: FontUnderline) {
    this.set('underline', value, (v) => {
      if (!UNDERLINES.includes(v))
        throw invalid(`"${String(v)}" is not an underline.`, 'RangeFont.underline');
      return v;
    });
  }
}

export class SimRangeFill extends SimObject implements ExcelRangeFill {
  protected readonly scalarProps = ['color'] as const;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly range: SimRange,
  ) {
    super(ctx, node);
  }

  protected exists(): boolean {
    return this.range.resolve() !== null;
  }

  protected readProp(): unknown {
    return this.range.readStyle('fill');
  }

  get color(): string {
    return this.loaded('color');
  }

  set color(value: string) {
    this.range.queue(this.node, 'color', value, () =>
      this.range.applyStyle('fill', color(value, 'RangeFill.color')),
    );
  }
}

export class SimRangeBorderCollection implements ExcelRangeBorderCollection {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly node: PathNode,
    private readonly range: SimRange,
  ) {}

  getItem(index: BorderIndex): SimRangeBorder {
    const node = this.ctx.method(this.node, 'GetItem', [index]);
    this.ctx.instantiate(node);
    return new SimRangeBorder(this.ctx, node, this.range, index);
  }
}

export class SimRangeBorder extends SimObject implements ExcelRangeBorder {
  protected readonly scalarProps = ['style', 'color', 'weight'] as const;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly range: SimRange,
    private readonly index: BorderIndex,
  ) {
    super(ctx, node);
  }

  protected exists(): boolean {
    return this.range.resolve() !== null;
  }

  protected readProp(name: string): unknown {
    return this.range.readBorder(this.index, name as keyof BorderSpec);
  }

  private set(prop: keyof BorderSpec, value: string, check: (v: string) => string): void {
    this.range.queue(this.node, prop, value, () => {
      const known = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'];
      if (!known.includes(this.index) && !this.index.startsWith('Diagonal')) {
        throw invalid(`"${this.index}" is not a border index.`, 'RangeBorderCollection.getItem');
      }
      this.range.applyBorder(this.index, { [prop]: check(value) });
    });
  }

  get style(): BorderLineStyle {
    return this.loaded('style');
  }

  set style(value: BorderLineStyle) {
    this.set('style', value, (v) => {
      if (!LINE_STYLES.includes(v as BorderLineStyle))
        throw invalid(`"${v}" is not a line style.`, 'RangeBorder.style');
      return v;
    });
  }

  get color(): string {
    return this.loaded('color');
  }

  set color(value: string) {
    this.set('color', value, (v) => color(v, 'RangeBorder.color'));
  }

  get weight(): BorderWeight {
    return this.loaded('weight');
  }

  set weight(value: BorderWeight) {
    this.set('weight', value, (v) => {
      if (!WEIGHTS.includes(v as BorderWeight))
        throw invalid(`"${v}" is not a border weight.`, 'RangeBorder.weight');
      return v;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

function jsonText(value: unknown, location: string): string {
  if (value === undefined || typeof value === 'function') throw invalid('A setting needs a value.', location);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error('not serialisable');
    return text;
  } catch {
    throw invalid('A setting value must be serialisable as JSON.', location);
  }
}

export class SimSettingCollection extends SimObject implements ExcelSettingCollection {
  protected readonly scalarProps = ['items'] as const;
  private itemProxies: SimSetting[] | undefined;

  constructor(ctx: SimRequestContext) {
    super(ctx, ctx.property(ctx.root, 'Settings'));
  }

  protected exists(): boolean {
    return true;
  }

  protected readProp(): unknown {
    return undefined;
  }

  get items(): SimSetting[] {
    if (this.itemProxies === undefined) throw propertyNotLoaded('items');
    return this.itemProxies;
  }

  override load(propertyNames?: string | string[]): this {
    const names = loadNames(propertyNames)
      .map((n) => (n.startsWith('items/') ? n.slice('items/'.length) : n))
      .filter((n) => n !== 'items');
    const wanted = names.length === 0 ? ['key', 'value'] : names;
    for (const n of wanted)
      if (n !== 'key' && n !== 'value') throw invalid(`Cannot load "${n}" of settings.`);
    const book = this.ctx.book;
    this.ctx.enqueue({
      wire: { type: 2, name: '', node: this.node, select: wanted.map((n) => `Items/${pascal(n)}`) },
      run: () =>
        [...book.settings.entries()].map(([key, text]) => {
          const out: Record<string, unknown> = {};
          if (wanted.includes('key')) out.key = key;
          if (wanted.includes('value')) out.value = JSON.parse(text) as unknown;
          return { key, values: out };
        }),
      deliver: (result) => {
        this.itemProxies = (result as { key: string; values: Record<string, unknown> }[]).map(
          ({ key, values }) => {
            const setting = new SimSetting(
              this.ctx,
              new PathNode(this.ctx, 5, '', [key], this.node),
              key,
              false,
            );
            setting.accept(values);
            return setting;
          },
        );
      },
    });
    return this;
  }

  add(key: string, value: unknown): SimSetting {
    const book = this.ctx.book;
    const node = this.ctx.method(this.node, 'Add', [key, value]);
    const setting = new SimSetting(this.ctx, node, key, false);
    this.ctx.instantiate(node, () => {
      if (typeof key !== 'string' || key === '')
        throw invalid('A setting needs a key.', 'SettingCollection.add');
      const text = jsonText(value, 'SettingCollection.add');
      const cleared = this.ctx.notUndoable('SettingCollection.add');
      book.settings.set(key, text);
      cleared();
    });
    return setting;
  }

  getItemOrNullObject(key: string): SimSetting {
    return new SimSetting(this.ctx, this.ctx.method(this.node, 'GetItemOrNullObject', [key]), key, true);
  }
}

export class SimSetting extends SimObject implements ExcelSetting {
  protected readonly scalarProps = ['key', 'value'] as const;
  private readonly nullState: NullState | undefined;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly settingKey: string,
    nullable: boolean,
  ) {
    super(ctx, node);
    if (nullable) {
      const state = new NullState();
      this.nullState = state;
      ctx.instantiate(
        node,
        () => !ctx.book.settings.has(settingKey),
        (isNull) => {
          state.value = isNull as boolean;
        },
      );
    }
  }

  protected exists(): boolean {
    return this.ctx.book.settings.has(this.settingKey);
  }

  private text(): string {
    const text = this.ctx.book.settings.get(this.settingKey);
    if (text === undefined) throw new SimOfficeError('ItemNotFound', `No setting "${this.settingKey}".`);
    return text;
  }

  protected readProp(name: string): unknown {
    return name === 'key' ? this.settingKey : (JSON.parse(this.text()) as unknown);
  }

  get isNullObject(): boolean {
    return this.nullState ? this.nullState.read() : false;
  }

  get key(): string {
    return this.loaded('key');
  }

  get value(): unknown {
    return this.loaded('value');
  }

  set value(value: unknown) {
    this.op(
      'set',
      () => {
        this.text();
        const text = jsonText(value, 'Setting.value');
        const cleared = this.ctx.notUndoable('Setting.value');
        this.ctx.book.settings.set(this.settingKey, text);
        cleared();
      },
      'value',
      value,
    );
  }

  delete(): void {
    this.op('delete', () => {
      this.text();
      const cleared = this.ctx.notUndoable('Setting.delete');
      this.ctx.book.settings.delete(this.settingKey);
      cleared();
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Workbook protection (ExcelApi 1.7)

export class SimWorkbookProtection extends SimObject implements ExcelWorkbookProtection {
  protected readonly scalarProps = ['protected'] as const;

  constructor(ctx: SimRequestContext) {
    super(ctx, ctx.property(ctx.root, 'Protection'));
  }

  protected exists(): boolean {
    return true;
  }

  protected readProp(): unknown {
    return this.ctx.book.protection.protected;
  }

  get protected(): boolean {
    return this.loaded('protected');
  }

  protect(password?: string): void {
    this.op(
      'protect',
      () => {
        const book = this.ctx.book;
        if (book.protection.protected) return;
        const cleared = this.ctx.notUndoable('WorkbookProtection.protect');
        book.protection = password === undefined ? { protected: true } : { protected: true, password };
        cleared();
      },
      undefined,
      password,
    );
  }

  unprotect(password?: string): void {
    this.op(
      'unprotect',
      () => {
        const book = this.ctx.book;
        if (!book.protection.protected) return;
        if (book.protection.password !== undefined && book.protection.password !== password) {
          // The code Excel gives for a wrong password is not documented (unverified).
          throw invalid('The password is not correct.', 'WorkbookProtection.unprotect');
        }
        const cleared = this.ctx.notUndoable('WorkbookProtection.unprotect');
        book.protection = { protected: false };
        cleared();
      },
      undefined,
      password,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Custom XML parts (ExcelApi 1.5)

/** `OfficeExtension.ClientResult`: a method's result, readable after the sync that ran it. */
export class SimClientResult<T> implements ExcelClientResult<T> {
  private state: { value: T } | undefined;

  set(value: T): void {
    this.state = { value };
  }

  get value(): T {
    if (!this.state) throw propertyNotLoaded('value');
    return this.state.value;
  }
}

/**
 * The namespace of an XML document's root element, or null when the text is not a document with one root element.
 * Excel requires well-formed XML for a custom XML part; how strictly it checks, and the error code it gives, are not
 * documented: the simulator checks the root element and its closing tag only, and fails with `InvalidArgument`.
 */
export function rootNamespace(xml: unknown): string | null {
  if (typeof xml !== 'string') return null;
  const body = xml
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  const m = /^<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?(\s[^>]*?)?(\/?)>/.exec(body);
  if (!m) return null;
  const qname = m[2] === undefined ? m[1] : `${m[1]}:${m[2]}`;
  const selfClosed = m[4] === '/';
  if (selfClosed ? body.length !== m[0].length : !body.endsWith(`</${qname}>`)) return null;
  const attrs = m[3] ?? '';
  const prefix = m[2] === undefined ? undefined : m[1];
  const decl =
    prefix === undefined ? /\sxmlns\s*=\s*"([^"]*)"/ : new RegExp(`\\sxmlns:${prefix}\\s*=\\s*"([^"]*)"`);
  return decl.exec(attrs)?.[1] ?? '';
}

function partFromXml(xml: string, location: string): CustomXmlPartState {
  const namespace = rootNamespace(xml);
  if (namespace === null) throw invalid('The XML is not well formed.', location);
  return { id: newPartId(), namespace, xml };
}

type PartLocator = { bound: CustomXmlPartState } | { id: string; namespace?: string } | { only: string };

export class SimCustomXmlPart extends SimObject implements ExcelCustomXmlPart {
  protected readonly scalarProps = ['id', 'namespaceUri'] as const;
  private bound: CustomXmlPartState | null | undefined;
  private readonly nullState: NullState | undefined;

  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    private readonly locator: PartLocator | { pending: true },
    nullable = false,
  ) {
    super(ctx, node);
    if ('bound' in locator) this.bound = locator.bound;
    if (nullable) {
      const state = new NullState();
      this.nullState = state;
      ctx.instantiate(
        node,
        () => this.resolve() === null,
        (isNull) => {
          state.value = isNull as boolean;
        },
      );
    }
  }

  bind(part: CustomXmlPartState): void {
    this.bound = part;
  }

  /** The part, or null for a null object; `ItemNotFound` for a part that does not (or no longer) exist. */
  resolve(): CustomXmlPartState | null {
    const book = this.ctx.book;
    if (this.bound === undefined) {
      const loc = this.locator;
      let found: CustomXmlPartState | undefined;
      if ('pending' in loc) throw new SimOfficeError('ItemNotFound', 'The custom XML part was never added.');
      if ('only' in loc) {
        const matches = book.customXml.filter((p) => p.namespace === loc.only);
        if (matches.length > 1) {
          throw new SimOfficeError('InvalidOperation', 'More than one custom XML part has this namespace.');
        }
        found = matches[0];
      } else if ('id' in loc) {
        found = book.customXml.find(
          (p) => p.id === loc.id && (loc.namespace === undefined || p.namespace === loc.namespace),
        );
      }
      if (!found && !this.nullState) {
        throw new SimOfficeError('ItemNotFound', 'The custom XML part does not exist.');
      }
      this.bound = found ?? null;
    }
    if (this.bound !== null && !book.customXml.some((p) => p.id === this.bound?.id)) {
      throw new SimOfficeError('ItemNotFound', 'The custom XML part has been deleted.');
    }
    return this.bound === null ? null : (book.customXml.find((p) => p.id === this.bound?.id) ?? null);
  }

  private target(): CustomXmlPartState {
    const part = this.resolve();
    if (part === null) throw new SimOfficeError('ItemNotFound', 'The custom XML part is a null object.');
    return part;
  }

  protected exists(): boolean {
    return this.resolve() !== null;
  }

  protected readProp(name: string): unknown {
    const part = this.target();
    return name === 'id' ? part.id : part.namespace;
  }

  get isNullObject(): boolean {
    return this.nullState ? this.nullState.read() : false;
  }

  get id(): string {
    return this.loaded('id');
  }

  get namespaceUri(): string {
    return this.loaded('namespaceUri');
  }

  getXml(): SimClientResult<string> {
    const result = new SimClientResult<string>();
    this.ctx.enqueue({
      wire: { type: 3, name: 'GetXml', node: this.node, args: [] },
      run: () => this.target().xml,
      deliver: (xml) => result.set(xml as string),
    });
    return result;
  }

  setXml(xml: string): void {
    this.op(
      'setXml',
      () => {
        const part = this.target();
        const next = partFromXml(xml, 'CustomXmlPart.setXml');
        // Replaced, not changed in place: an undo record keeps the part as it was.
        this.ctx.book.customXml = this.ctx.book.customXml.map((p) =>
          p === part ? { ...part, namespace: next.namespace, xml } : p,
        );
      },
      undefined,
      xml,
    );
  }

  delete(): void {
    this.op('delete', () => {
      const part = this.target();
      this.ctx.book.customXml = this.ctx.book.customXml.filter((p) => p !== part);
    });
  }
}

/** What the two part collections share: `items`, counting and getting a part by id. */
abstract class SimPartList extends SimObject {
  protected readonly scalarProps = ['items'] as const;
  private itemProxies: SimCustomXmlPart[] | undefined;

  protected abstract parts(): CustomXmlPartState[];
  protected abstract readonly namespace: string | undefined;

  protected exists(): boolean {
    return true;
  }

  protected readProp(): unknown {
    return undefined;
  }

  get items(): SimCustomXmlPart[] {
    if (this.itemProxies === undefined) throw propertyNotLoaded('items');
    return this.itemProxies;
  }

  override load(propertyNames?: string | string[]): this {
    const names = loadNames(propertyNames)
      .map((n) => (n.startsWith('items/') ? n.slice('items/'.length) : n))
      .filter((n) => n !== 'items');
    const wanted = names.length === 0 ? ['id', 'namespaceUri'] : names;
    for (const n of wanted) {
      if (n !== 'id' && n !== 'namespaceUri') throw invalid(`Cannot load "${n}" of custom XML parts.`);
    }
    this.ctx.enqueue({
      wire: { type: 2, name: '', node: this.node, select: wanted.map((n) => `Items/${pascal(n)}`) },
      run: () =>
        this.parts().map((part) => {
          const values: Record<string, unknown> = {};
          if (wanted.includes('id')) values.id = part.id;
          if (wanted.includes('namespaceUri')) values.namespaceUri = part.namespace;
          return { part, values };
        }),
      deliver: (result) => {
        this.itemProxies = (result as { part: CustomXmlPartState; values: Record<string, unknown> }[]).map(
          ({ part, values }) => {
            const proxy = new SimCustomXmlPart(
              this.ctx,
              new PathNode(this.ctx, 5, '', [part.id], this.node),
              { bound: part },
            );
            proxy.accept(values);
            return proxy;
          },
        );
      },
    });
    return this;
  }

  getCount(): SimClientResult<number> {
    const result = new SimClientResult<number>();
    this.ctx.enqueue({
      wire: { type: 3, name: 'GetCount', node: this.node, args: [] },
      run: () => this.parts().length,
      deliver: (n) => result.set(n as number),
    });
    return result;
  }

  getItem(id: string): SimCustomXmlPart {
    const node = this.ctx.method(this.node, 'GetItem', [id]);
    this.ctx.instantiate(node);
    return new SimCustomXmlPart(this.ctx, node, { id, namespace: this.namespace });
  }

  getItemOrNullObject(id: string): SimCustomXmlPart {
    const node = this.ctx.method(this.node, 'GetItemOrNullObject', [id]);
    return new SimCustomXmlPart(this.ctx, node, { id, namespace: this.namespace }, true);
  }
}

export class SimCustomXmlPartScopedCollection
  extends SimPartList
  implements ExcelCustomXmlPartScopedCollection
{
  constructor(
    ctx: SimRequestContext,
    node: PathNode,
    protected readonly namespace: string,
  ) {
    super(ctx, node);
  }

  protected parts(): CustomXmlPartState[] {
    return this.ctx.book.customXml.filter((p) => p.namespace === this.namespace);
  }

  getOnlyItem(): SimCustomXmlPart {
    const node = this.ctx.method(this.node, 'GetOnlyItem', []);
    this.ctx.instantiate(node);
    return new SimCustomXmlPart(this.ctx, node, { only: this.namespace });
  }

  getOnlyItemOrNullObject(): SimCustomXmlPart {
    const node = this.ctx.method(this.node, 'GetOnlyItemOrNullObject', []);
    return new SimCustomXmlPart(this.ctx, node, { only: this.namespace }, true);
  }
}

export class SimCustomXmlPartCollection extends SimPartList implements ExcelCustomXmlPartCollection {
  protected readonly namespace = undefined;

  constructor(ctx: SimRequestContext) {
    super(ctx, ctx.property(ctx.root, 'CustomXmlParts'));
  }

  protected parts(): CustomXmlPartState[] {
    return this.ctx.book.customXml;
  }

  add(xml: string): SimCustomXmlPart {
    const node = this.ctx.method(this.node, 'Add', [xml]);
    const part = new SimCustomXmlPart(this.ctx, node, { pending: true });
    this.ctx.instantiate(node, () => {
      const state = partFromXml(xml, 'CustomXmlPartCollection.add');
      this.ctx.book.customXml = [...this.ctx.book.customXml, state];
      part.bind(state);
    });
    return part;
  }

  getByNamespace(namespaceUri: string): SimCustomXmlPartScopedCollection {
    const node = this.ctx.method(this.node, 'GetByNamespace', [namespaceUri]);
    this.ctx.instantiate(node);
    return new SimCustomXmlPartScopedCollection(this.ctx, node, namespaceUri);
  }
}
