/**
 * The run record: which sheets Budget Review created in a workbook, kept where Office keeps an add-in's own data
 * (a custom XML part, ExcelApi 1.5: `workbook.customXmlParts`), never in a sheet. Both hosts write and read the
 * same part: the .xlsx host as `customXml/itemN.xml` of the package, the Office.js host through
 * `customXmlParts.add` / `getByNamespace`. A later run, or "undo", removes a sheet only when the record names it and
 * the sheet still has the content the run wrote (its fingerprint): a sheet the user changed, or a user's sheet that
 * took a recorded id or name, is never removed.
 *
 * The part, with its root in {@link RUN_RECORD_NAMESPACE}:
 *
 * ```xml
 * <run xmlns="urn:budget-review:run:1" version="1" created="2026-12-05T08:00:00.000Z">
 *   <sheet role="summary" name="执行汇总" id="{…}" fingerprint="0123456789abcdef"/>
 * </run>
 * ```
 *
 * `id` is the host's id of the worksheet when it has one (Office.js `Worksheet.id`; the .xlsx host writes the
 * package's `sheetId`, as `sheetId:5`). The fingerprint is {@link fingerprintCells} over the sheet's cells as
 * Office.js `Range.formulas` reads them: constants by value, every formula as the same mark (Excel may rewrite a
 * formula's text, for instance its quoting, so the text is not compared).
 */
import type { PlanCell, PlanSheet, SheetRole } from './plan-types';

/** The namespace of the run record's root element (what `customXmlParts.getByNamespace` looks for). */
export const RUN_RECORD_NAMESPACE = 'urn:budget-review:run:1';

export interface RecordedSheet {
  role: SheetRole;
  /** The sheet's name when it was created. */
  name: string;
  /** The host's id of the sheet (Office.js `Worksheet.id`, or `sheetId:N` in a package), when known. */
  id?: string;
  /** {@link fingerprintCells} of the sheet's cells as written. */
  fingerprint: string;
}

export interface RunRecord {
  version: 1;
  /** When the run wrote the sheets (ISO 8601). */
  created: string;
  sheets: RecordedSheet[];
}

const ROLES: ReadonlySet<string> = new Set<SheetRole>(['summary', 'findings', 'narrative', 'scores']);

function escapeAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u001f]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unescapeAttr(s: string): string | null {
  let bad = false;
  const out = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) {
      bad = true;
      return m;
    }
    if (ref === 'amp') return '&';
    if (ref === 'lt') return '<';
    if (ref === 'gt') return '>';
    if (ref === 'quot') return '"';
    if (ref === 'apos') return "'";
    const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isFinite(code) || code > 0x10ffff) {
      bad = true;
      return m;
    }
    return String.fromCodePoint(code);
  });
  return bad ? null : out;
}

/** The record as the XML of its custom XML part. */
export function serializeRunRecord(record: RunRecord): string {
  const sheets = record.sheets
    .map((s) => {
      const id = s.id !== undefined ? ` id="${escapeAttr(s.id)}"` : '';
      return `<sheet role="${s.role}" name="${escapeAttr(s.name)}"${id} fingerprint="${escapeAttr(s.fingerprint)}"/>`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<run xmlns="${RUN_RECORD_NAMESPACE}" version="${record.version}" created="${escapeAttr(record.created)}">` +
    `${sheets}</run>`
  );
}

function attributes(tag: string): Map<string, string> | null {
  const out = new Map<string, string>();
  const re = /\s([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag))) {
    const value = unescapeAttr(m[2] ?? m[3] ?? '');
    if (value === null || out.has(m[1])) return null;
    out.set(m[1], value);
  }
  return out;
}

/**
 * A run record from its part's XML, or null when the text is not one of ours (it is then ignored, never trusted).
 * Only this small format is read: no DTD, no entities beyond XML's own, no other elements.
 */
export function parseRunRecord(xml: unknown): RunRecord | null {
  if (typeof xml !== 'string' || xml.length > 1_000_000) return null;
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  const body = xml.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>)?\s*/, '').trim();
  const root = /^<run(\s[^>]*)?>([\s\S]*)<\/run>$/.exec(body) ?? /^<run(\s[^>]*?)\/>$/.exec(body);
  if (!root) return null;
  const rootAttrs = attributes(root[1] ?? '');
  if (!rootAttrs || rootAttrs.get('xmlns') !== RUN_RECORD_NAMESPACE || rootAttrs.get('version') !== '1')
    return null;
  const sheets: RecordedSheet[] = [];
  const inner = (root[2] ?? '').trim();
  const re = /<sheet(\s[^>]*?)\/>|\s+/g;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner))) {
    if (m.index !== at) return null;
    at = m.index + m[0].length;
    if (m[1] === undefined) continue;
    const a = attributes(m[1]);
    if (!a) return null;
    const role = a.get('role');
    const name = a.get('name');
    const fingerprint = a.get('fingerprint');
    if (!role || !ROLES.has(role) || !name || !fingerprint) return null;
    const id = a.get('id');
    sheets.push({ role: role as SheetRole, name, ...(id !== undefined ? { id } : {}), fingerprint });
  }
  if (at !== inner.length) return null;
  return { version: 1, created: rootAttrs.get('created') ?? '', sheets };
}

/** A cell as Office.js `Range.formulas` reads it: a formula as `=…`, a constant as its value, '' for empty. */
export type FormulaView = string | number | boolean | null | undefined;

/**
 * A 64-bit fingerprint (16 hex digits) of a sheet's content: every non-empty cell's position and what it holds,
 * in row-major order (`cells` must come in that order). Numbers by their shortest decimal text, text as typed,
 * and every formula (any string starting with `=`, as `Range.formulas` cannot tell a formula from text that looks
 * like one) as the same mark. Not a security measure: a check that nobody changed a sheet.
 */
export function fingerprintCells(cells: Iterable<{ row: number; col: number; value: FormulaView }>): string {
  const hasher = new FingerprintHasher();
  for (const { row, col, value } of cells) hasher.add(row, col, value);
  return hasher.digest();
}

/**
 * {@link fingerprintCells} fed one cell at a time, for a sheet written in blocks: `digest()` after any prefix of the
 * cells (in row-major order) is that prefix's fingerprint, and feeding goes on after it.
 */
export class FingerprintHasher {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  add(row: number, col: number, value: FormulaView): void {
    const token = viewToken(value);
    if (token === null) return;
    // `${row},${col}:${token}\0`, fed piece by piece (a sheet has a million cells: no string is made for each).
    this.feed(String(row));
    this.feedChar(44); // ,
    this.feed(String(col));
    this.feedChar(58); // :
    this.feed(token);
    this.feedChar(0);
  }

  private feed(s: string): void {
    for (let i = 0; i < s.length; i++) this.feedChar(s.charCodeAt(i));
  }

  private feedChar(ch: number): void {
    this.h1 = Math.imul(this.h1 ^ ch, 2654435761);
    this.h2 = Math.imul(this.h2 ^ ch, 1597334677);
  }

  /** The fingerprint of what was fed so far. */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  }

  clone(): FingerprintHasher {
    const copy = new FingerprintHasher();
    copy.h1 = this.h1;
    copy.h2 = this.h2;
    return copy;
  }
}

function viewToken(value: FormulaView): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? `n${String(value === 0 ? 0 : value)}` : null;
  if (typeof value === 'boolean') return value ? 'b1' : 'b0';
  if (value.startsWith('=')) return 'f';
  return `s${value}`;
}

/** The text a link cell shows: its own, or the reference it points at. */
export function linkText(cell: Extract<PlanCell, { kind: 'link' }>): string {
  return cell.text === '' ? `${cell.sheet}!${cell.cell}` : cell.text;
}

/** What `Range.formulas` reads back from a plan cell once a host wrote it. */
export function planCellView(cell: PlanCell | null | undefined): FormulaView {
  if (!cell) return null;
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'number':
      return Number(cell.value);
    case 'formula':
      return `=${cell.formula}`;
    case 'link':
      return linkText(cell);
  }
}

/** The fingerprint of a plan sheet as a host writes it (from A1). */
export function planSheetFingerprint(sheet: PlanSheet): string {
  const hasher = new FingerprintHasher();
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      // Every formula reads back as the same mark: '=' stands for any (no `=…` text is made for each).
      hasher.add(r, c, cell?.kind === 'formula' ? '=' : planCellView(cell));
    }
  }
  return hasher.digest();
}
