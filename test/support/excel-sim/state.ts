/**
 * The simulated workbook's state: sheets of sparse cells, merged ranges, column widths, frozen panes, interned cell
 * styles, the workbook settings, custom XML parts, the structure's protection, the active sheet and the selection,
 * and what the session knows besides (platform, focus, cell-edit mode, Excel's undo stack). Proxies (proxies.ts)
 * change it only through operations applied at `sync()`.
 */
import { columnLetter } from '../../../src/engine/grid';
import type { Rect } from './address';
import { evaluate, Unsupported, type EvalHost, type Scalar } from './evaluate';

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface Hyperlink {
  address?: string;
  documentReference?: string;
  textToDisplay?: string;
  screenTip?: string;
}

export interface BorderSpec {
  style?: string;
  color?: string;
  weight?: string;
}

/** The formatting of a cell besides its number format; absent = Excel's default. */
export interface StyleProps {
  bold?: boolean;
  italic?: boolean;
  color?: string;
  size?: number;
  name?: string;
  underline?: string;
  fill?: string;
  wrapText?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  indentLevel?: number;
  borderTop?: BorderSpec;
  borderBottom?: BorderSpec;
  borderLeft?: BorderSpec;
  borderRight?: BorderSpec;
}

/** Excel's defaults, as a formatting property reads when nothing was set. */
export const STYLE_DEFAULTS = {
  bold: false,
  italic: false,
  color: '#000000',
  size: 11,
  name: 'Calibri',
  underline: 'None',
  fill: '#FFFFFF',
  wrapText: false,
  horizontalAlignment: 'General',
  verticalAlignment: 'Bottom',
  indentLevel: 0,
} as const;

/** Excel's default column width: 8.43 characters, 64 px, 48 points. */
export const DEFAULT_COLUMN_WIDTH = 48;

export interface SimCell {
  /** The value; a formula's cached or computed result. */
  v: number | string | boolean | null;
  /** An error value (then `v` is null). */
  e?: string;
  /** The formula with its `=`. */
  f?: string;
  /** The number format; undefined is General. */
  fmt?: string;
  /** Style id in the workbook's style table; 0 or undefined is the default. */
  s?: number;
  /** Entered with a leading apostrophe. */
  q?: true;
  link?: Hyperlink;
  /** Set for formulas written through the API: the value is computed on read, cached for `calcEpoch`. */
  calc?: number;
}

/** Interned styles: cells hold small ids; applying one property to many cells reuses the derived style. */
export class StyleTable {
  private readonly styles: StyleProps[] = [{}];
  private readonly ids = new Map<string, number>([['{}', 0]]);
  private readonly derived = new Map<string, number>();

  get(id: number | undefined): StyleProps {
    return this.styles[id ?? 0];
  }

  private intern(style: StyleProps): number {
    const keys = Object.keys(style).sort() as (keyof StyleProps)[];
    const key = JSON.stringify(keys.map((k) => [k, style[k]]));
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.styles.length;
      this.styles.push(style);
      this.ids.set(key, id);
    }
    return id;
  }

  /** The style `id` with `prop` set to `value` (a border edge: merged into that edge). */
  with(id: number | undefined, prop: keyof StyleProps, value: unknown): number {
    const base = id ?? 0;
    const memo = `${base}|${prop}|${JSON.stringify(value)}`;
    const known = this.derived.get(memo);
    if (known !== undefined) return known;
    const next: StyleProps = { ...this.styles[base] };
    if (prop.startsWith('border')) {
      const edge = prop as 'borderTop';
      next[edge] = { ...(next[edge] ?? {}), ...(value as BorderSpec) };
    } else {
      (next as Record<string, unknown>)[prop] = value;
    }
    const out = this.intern(next);
    this.derived.set(memo, out);
    return out;
  }
}

let sheetCounter = 0;

/** A worksheet id in the form Excel gives them: `{00000000-0001-0000-0000-000000000000}` with a unique first part. */
function newSheetId(): string {
  sheetCounter++;
  return `{${sheetCounter.toString(16).toUpperCase().padStart(8, '0')}-0001-0000-0000-000000000000}`;
}

let partCounter = 0;

/** A custom XML part id as Excel gives them (a GUID in braces). */
export function newPartId(): string {
  partCounter++;
  return `{${partCounter.toString(16).toUpperCase().padStart(8, '0')}-5A5A-4B4B-8C8C-000000000000}`;
}

/** What sees every cell before an operation changes it (Excel's undo stack, undo.ts). */
export interface CellJournal {
  touch(sheet: SheetState, row: number, col: number): void;
}

/** The platforms whose differences the simulator models (undo support, recycled sheet ids, focus). */
export type Platform = 'web' | 'windows' | 'mac';

/** A custom XML part (ExcelApi 1.5): its id, the namespace of its root element and its text. */
export interface CustomXmlPartState {
  id: string;
  namespace: string;
  xml: string;
}

/** A sheet's page setup: orientation, a scale or pages wide and tall, the rows printed on every page. */
export interface PageState {
  orientation: 'Portrait' | 'Landscape';
  zoom: { scale: number } | { wide: number | null; tall: number | null };
  titleRows: { first: number; last: number } | null;
}

export class SheetState {
  visibility: Visibility = 'Visible';
  rows: (SimCell | undefined)[][] = [];
  merges: Rect[] = [];
  /** Widths in points of the columns that were set. */
  columnWidths = new Map<number, number>();
  freeze: { rows: number; columns: number } | null = null;
  /** How the sheet prints (ExcelApi 1.9's PageLayout): Excel's defaults until set. */
  page: PageState = { orientation: 'Portrait', zoom: { scale: 100 }, titleRows: null };
  /** The sheet's filter range (ExcelApi 1.9's AutoFilter), or null. */
  autoFilter: Rect | null = null;
  constructor(
    public name: string,
    readonly id: string = newSheetId(),
    private readonly journal?: CellJournal,
  ) {}

  cell(row: number, col: number): SimCell | undefined {
    return this.rows[row]?.[col];
  }

  /** Tells the journal that the cell is about to change (every write of a cell goes through here or `ensure`). */
  touch(row: number, col: number): void {
    this.journal?.touch(this, row, col);
  }

  /** The cell, created empty if it does not exist, for a change (journaled first). */
  ensure(row: number, col: number): SimCell {
    this.journal?.touch(this, row, col);
    let r = this.rows[row];
    if (r === undefined) {
      while (this.rows.length < row) this.rows.push([]);
      r = [];
      this.rows[row] = r;
    }
    let cell = r[col];
    if (cell === undefined) {
      cell = { v: null };
      r[col] = cell;
    }
    return cell;
  }

  /** Every existing cell of a rectangle (created when `create`), row by row. */
  *cellsIn(rect: Rect, create: boolean): Generator<[number, number, SimCell]> {
    const bottom = create ? rect.bottom : Math.min(rect.bottom, this.rows.length - 1);
    for (let r = rect.top; r <= bottom; r++) {
      const row = this.rows[r];
      if (!create && row === undefined) continue;
      const right = create ? rect.right : Math.min(rect.right, (row?.length ?? 0) - 1);
      for (let c = rect.left; c <= right; c++) {
        const cell = create ? this.ensure(r, c) : row?.[c];
        if (cell !== undefined) yield [r, c, cell];
      }
    }
  }

  /**
   * The used range: the smallest rectangle holding every cell with a value (and, unless `valuesOnly`, every cell
   * with formatting); null for an empty sheet.
   */
  usedRange(valuesOnly: boolean): Rect | null {
    let top = -1;
    let bottom = -1;
    let left = Number.MAX_SAFE_INTEGER;
    let right = -1;
    this.rows.forEach((row, r) => {
      if (row === undefined) return;
      row.forEach((cell, c) => {
        if (cell === undefined) return;
        const used =
          hasValue(cell) || (!valuesOnly && (cell.fmt !== undefined || (cell.s ?? 0) !== 0 || cell.link));
        if (!used) return;
        if (top < 0) top = r;
        bottom = r;
        if (c < left) left = c;
        if (c > right) right = c;
      });
    });
    if (top < 0) return null;
    return { top, left, bottom, right };
  }
}

export function hasValue(cell: SimCell): boolean {
  return cell.v !== null || cell.e !== undefined || cell.f !== undefined;
}

/** Sheet names compare without regard to case in Excel. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export class BookState {
  /** The file's name (`Workbook.name`). */
  name = 'Book1.xlsx';
  sheets: SheetState[] = [];
  /** Setting values as JSON text, as Excel keeps them. */
  settings = new Map<string, string>();
  /** Custom XML parts, in the order they were added. */
  customXml: CustomXmlPartState[] = [];
  /** Whether the workbook's structure is protected (`workbook.protection.protected`), and its password. */
  protection: { protected: boolean; password?: string } = { protected: false };
  /** Ids of deleted sheets that Excel on the Mac may give to the next new sheet (most recent last). */
  freedIds: string[] = [];
  /** Whether this workbook has the focus (false: the user switched to another open workbook). */
  focused = true;
  /** Whether the user is editing a cell. */
  cellEdit = false;
  /** Whether this Excel has ExcelApi 1.9 (`Worksheet.pageLayout`, `Worksheet.autoFilter`). */
  api19 = true;
  /** Set by the simulator: what journals cell changes (Excel's undo stack). */
  journal: CellJournal | undefined;

  constructor(readonly platform: Platform = 'web') {}

  /**
   * A new sheet (not yet in `sheets`). Its id is a fresh one, except on the Mac, where a deleted sheet's id may be
   * given to the next new sheet: the Excel worksheets article, "Get worksheets", note on `Worksheet.id`
   * (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-worksheets): "When a worksheet is deleted
   * from a workbook in Excel for Mac, the id of the deleted worksheet may be reassigned to a new worksheet that is
   * subsequently created." The simulator always does so (the worst case; how often Excel does is not known).
   */
  createSheet(name: string): SheetState {
    const recycled = this.platform === 'mac' ? this.freedIds.pop() : undefined;
    return new SheetState(name, recycled ?? newSheetId(), {
      touch: (s, r, c) => this.journal?.touch(s, r, c),
    });
  }

  /** Removes a sheet from the workbook (its id freed for reuse on the Mac). */
  removeSheet(sheet: SheetState): void {
    this.sheets = this.sheets.filter((s) => s !== sheet);
    if (this.platform === 'mac') this.freedIds.push(sheet.id);
    this.calcEpoch++;
  }

  /**
   * Gives every sheet a new id, as reopening a workbook does: "The ID remains constant within a single session but
   * will change between sessions (eg. closing and reopening)" (office-js-docs#297,
   * https://github.com/OfficeDev/office-js-docs/issues/297; office-js#1390 shows positional ids after a reopen).
   */
  reopen(): void {
    this.sheets = this.sheets.map((old) => {
      const sheet = new SheetState(old.name, newSheetId(), {
        touch: (s, r, c) => this.journal?.touch(s, r, c),
      });
      sheet.visibility = old.visibility;
      sheet.rows = old.rows;
      sheet.merges = old.merges;
      sheet.columnWidths = old.columnWidths;
      sheet.freeze = old.freeze;
      if (this.activeId === old.id) this.activeId = sheet.id;
      return sheet;
    });
    this.selection = undefined;
    this.freedIds = [];
  }
  styles = new StyleTable();
  activeId: string | undefined;
  selection: { sheetId: string; rect: Rect } | undefined;
  /** Bumped by every change of a cell's content: formula values computed at an older epoch are stale. */
  calcEpoch = 0;
  /** Cells whose formula the evaluator could not compute at the last read, as `Sheet!A1`. */
  uncomputed = new Set<string>();
  private evaluating = new Set<SimCell>();

  sheetByName(name: string): SheetState | undefined {
    return this.sheets.find((s) => sameName(s.name, name));
  }

  sheetById(id: string): SheetState | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  /** A cell's value for reading: a formula written through the API is computed now (and cached for this epoch). */
  valueOf(sheet: SheetState, row: number, col: number, cell: SimCell): Scalar {
    if (cell.calc !== undefined && cell.calc !== this.calcEpoch && cell.f !== undefined)
      this.compute(sheet, row, col, cell);
    if (cell.e !== undefined) return { error: cell.e };
    return cell.v;
  }

  private compute(sheet: SheetState, row: number, col: number, cell: SimCell): void {
    const key = `${sheet.name}!${columnLetter(col)}${row + 1}`;
    if (this.evaluating.has(cell)) {
      // A circular reference: Excel warns and leaves 0.
      cell.v = 0;
      delete cell.e;
      return;
    }
    this.evaluating.add(cell);
    const host: EvalHost = {
      value: (name, r, c) => {
        const target = name === undefined ? sheet : this.sheetByName(name);
        if (!target) return { error: '#REF!' };
        const other = target.cell(r, c);
        return other === undefined ? null : this.valueOf(target, r, c, other);
      },
    };
    try {
      const v = evaluate(cell.f as string, host);
      if (typeof v === 'object') {
        cell.v = null;
        cell.e = v.error;
      } else {
        cell.v = v;
        delete cell.e;
      }
      this.uncomputed.delete(key);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      cell.v = '';
      delete cell.e;
      this.uncomputed.add(key);
    } finally {
      this.evaluating.delete(cell);
    }
    cell.calc = this.calcEpoch;
  }
}
