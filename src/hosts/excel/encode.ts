/**
 * The write plan as the requests carry it: each plan cell encoded for `Range.formulas` and `Range.numberFormat`
 * (numbers as numbers, formulas as `=…`, text as typed input under the text format `@`, so that Excel keeps it
 * text), each row's looks, links and indents, and an estimate of every row's bytes in a request, after Office.js's
 * request format (`{ Actions: [...], ObjectPaths: {...} }`). Pure: nothing here talks to Excel.
 */
import { a1, quoteSheet } from '../../engine/address';
import { PlanError, planNumber, validatePlan } from '../../engine/plan-validate';
import { linkText, planCellView, type FormulaView } from '../../engine/run-record';
import type { PlanCell, PlanSheet, PlanStyle, WritePlan } from '../../engine/plan-types';
import type { Capabilities } from './api';
import { ExcelHostError } from './errors';
import { lookOf, lookOperations, type Look } from './styles';
import { jsonBytes, TEXT_FORMAT, textInput } from './text';

/**
 * Request-size estimates: an action (`{"Id":…,"ActionType":…,"Name":…,"ObjectPathId":…,"ArgumentInfo":…}`) costs
 * about 60–100 bytes besides its arguments, an object path such as `GetRange("A5")` about 125. Rounded up, so that
 * the estimate stays above what is sent.
 */
export const ACTION_BYTES = 112;
export const PATH_BYTES = 144;
/** A property set on an object of its own: its action, the object's path and its instantiation, shared or not. */
export const OPERATION_BYTES = 256;

export function planError(detail: string): ExcelHostError {
  return new ExcelHostError('plan', { detail });
}

export interface LinkCell {
  col: number;
  sheet: string;
  cell: string;
  text: string;
}

/** One plan row as the requests carry it. */
export interface RowCode {
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

export interface SheetCode {
  plan: PlanSheet;
  width: number;
  rows: RowCode[];
}

export function lookKey(style: PlanStyle | undefined, link: boolean): string | null {
  if (style === undefined && !link) return null;
  return `${style ?? ''}${link ? '+link' : ''}`;
}

export function lookFor(key: string): Look {
  const link = key.endsWith('+link');
  const style = (link ? key.slice(0, -'+link'.length) : key) as PlanStyle | '';
  return lookOf(style === '' ? undefined : style, link) ?? {};
}

interface CellCode {
  content: string | number;
  format: string;
  link?: Omit<LinkCell, 'col'>;
  indent?: number;
}

/** One plan cell (checked by `validatePlan`) as the requests carry it. */
export function encodeCell(cell: PlanCell, where: string): CellCode {
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
export function encodeSheet(sheet: PlanSheet, indents: boolean): SheetCode {
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

/** Checks the plan (the host-neutral validator) and encodes its sheets. Throws `ExcelHostError` `plan`. */
export function encodePlan(plan: WritePlan, caps: Capabilities): SheetCode[] {
  try {
    validatePlan(plan);
  } catch (err) {
    if (err instanceof PlanError) throw planError(err.detail);
    throw err;
  }
  return plan.sheets.map((s) => encodeSheet(s, caps.indentLevel));
}

/**
 * Whether Excel could read a plan cell back other than as `planCellView` says, so that the sheet's fingerprint
 * must come from what Excel reads: text that starts with an apostrophe (Excel takes the first one as the quote
 * prefix, and whether `Range.formulas` then shows it is not documented), text with control characters (line ends
 * may be normalised) and numbers with more than 15 significant digits (Excel keeps 15 when it parses typed input;
 * what it keeps of a number sent through the API is not documented). In the simulator none of them differs.
 */
export function uncertainView(cell: PlanCell | null | undefined): boolean {
  const view: FormulaView = planCellView(cell);
  if (typeof view === 'string')
    return !view.startsWith('=') && /^'|[\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(view);
  if (typeof view === 'number') return significantDigits(view) > 15;
  return false;
}

function significantDigits(n: number): number {
  const m = /^-?(\d*)\.?(\d*)(?:e[+-]?\d+)?$/i.exec(String(n));
  if (!m) return 0;
  const digits = (m[1] + m[2]).replace(/^0+/, '');
  return digits.replace(/0+$/, '').length;
}
