/**
 * The write plan: a host-free description of the sheets Budget Review generates. Both hosts (exceljs and
 * Office.js) apply the same plan, cell for cell, so that a workbook looks the same whichever wrote it.
 */

/** Named looks; each host maps them to its own formatting (see the hosts' style tables). */
export const PLAN_STYLE_NAMES = [
  'title',
  'header',
  'group',
  'total',
  'lowRate',
  'error',
  'warning',
  'info',
  'heading',
  'paragraph',
  'note',
] as const;
export type PlanStyle = (typeof PLAN_STYLE_NAMES)[number];

/** Number formats the plan uses. */
export const FORMAT_WAN = '#,##0.00';
export const FORMAT_RATE = '0.00%';
export const FORMAT_COUNT = '0';

export type PlanCell =
  /**
   * Text, always written as text: never parsed as a formula or a number, whatever it starts with.
   * `indent` is an alignment indent (outline depth), never spaces added to the text.
   */
  | { kind: 'text'; text: string; style?: PlanStyle; indent?: number }
  /** A number given as an exact decimal string (`"3740.11"`, `"0.5764"`). */
  | { kind: 'number'; value: string; format?: string; style?: PlanStyle }
  /** A formula (without `=`) and the value the engine computed for it, cached in the cell. */
  | {
      kind: 'formula';
      formula: string;
      cached: string | null;
      cachedType: 'number' | 'text';
      format?: string;
      style?: PlanStyle;
    }
  /** A link to a cell of the workbook, shown as `text`. */
  | { kind: 'link'; text: string; sheet: string; cell: string; style?: PlanStyle };

export interface PlanMerge {
  /** 0-based, inclusive. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export type SheetRole = 'summary' | 'findings' | 'narrative' | 'scores';

export interface PlanSheet {
  role: SheetRole;
  /** The name to create: never one of the user's sheets (a suffix is added when the name is taken). */
  name: string;
  /** Rows from A1 down; `null` for an empty cell. */
  rows: (PlanCell | null)[][];
  /** Column widths in characters, from column A. */
  widths: number[];
  /** Rows and columns kept in view when scrolling. */
  freeze?: { rows: number; columns: number };
  merges: PlanMerge[];
  /** Cells whose text wraps (paragraphs, reasons), as 0-based columns. */
  wrapColumns: number[];
  /** How the sheet prints: every generated sheet is a deliverable a finance office hands in. */
  print?: PlanPrint;
  /** A filter on a header row and the rows beneath it (0-based, inclusive; `top` is the header row). */
  autoFilter?: PlanMerge;
}

/**
 * Page setup: landscape (the tables are wide), fit to one page wide and as many pages tall as needed, and the
 * header rows repeated on every printed page.
 */
export interface PlanPrint {
  orientation: 'landscape' | 'portrait';
  /** One page wide, any number of pages tall. */
  fitToWidth: boolean;
  /** Rows repeated at the top of every printed page, 0-based and inclusive. */
  titleRows?: { first: number; last: number };
}

export interface WritePlan {
  lang: 'zh-CN' | 'en-US';
  sheets: PlanSheet[];
  /** Existing sheets the plan replaces: sheets an earlier run created (never a user's sheet). */
  replaces: string[];
  /** The hidden sheet where the hosts record which sheets Budget Review owns. */
  registry: { name: string; rows: string[] };
}

/** The hidden sheet that lists the sheets Budget Review created in a workbook. */
export const REGISTRY_SHEET = '_BudgetReview';
export const REGISTRY_MARK = 'Budget Review generated sheets';
