/**
 * The .xlsx host's read side: an .xlsx file (with exceljs's parsers) → the engine's plain grids.
 *
 * Cells are read as Excel shows them to Office.js, so that both hosts hand the engine the same grid: the value
 * (a formula's cached result, a date's serial number, rich text and hyperlinks as their text), the formula
 * without `=`, an error value as `error`, the number format when it is not General, and merged ranges, whose
 * cells other than the top-left one are empty.
 *
 * How it reads, so that a 100,000-row sheet stays well within memory:
 * - The package is opened through the zip's central directory (zip.ts) and each part is inflated as it is parsed,
 *   in the order the reader needs: workbook.xml and its relationships, styles, shared strings, then the worksheets
 *   in workbook order. Nothing is spilled to temporary files, and the whole file is never held in memory.
 *   (exceljs's streaming WorkbookReader walks the zip front to back instead: it emits worksheets in zip order,
 *   spills them to temporary files when they come before the shared strings, as they do in files written by
 *   Excel and by exceljs, and never settles on a file truncated inside a worksheet.)
 * - workbook.xml, the .rels parts and styles.xml are small and parsed by exceljs's own xforms (so number formats
 *   come out exactly as exceljs reads them, with the escape-keeping patch below).
 * - The shared strings and the worksheets are parsed by our own SAX state machine straight into grid cells
 *   (sheet-xml.ts). exceljs's streaming WorksheetReader cannot be used as it is: it drops `<mergeCell>`s, gives the
 *   cells of a shared formula an empty formula, reads boolean and error results of formulas as numbers, keeps
 *   only the last run of an inline rich string, and (like its WorkbookReader's shared strings) decodes each
 *   inflated chunk on its own, garbling a Chinese character split between two chunks.
 */
import { open, type FileHandle } from 'fs/promises';
import * as path from 'path';
import type { Readable } from 'stream';
import './exceljs-fixes';
import StylesXform from 'exceljs/lib/xlsx/xform/style/styles-xform';
import WorkbookXform from 'exceljs/lib/xlsx/xform/book/workbook-xform';
import RelationshipsXform from 'exceljs/lib/xlsx/xform/core/relationships-xform';
import type { Sheet, Workbook } from '../../engine/grid';
import { LimitExceededError, ReadBudget, type LimitBreach } from '../../engine/limits';
import { readSharedStrings, readWorksheet, xmlEvents, type SheetContext } from './sheet-xml';
import { bufferSource, fileSource, ZipArchive, type ByteSource, type ZipEntry } from './zip';

export { parseRange } from './sheet-xml';

/** Why a workbook could not be read; the CLI turns each into a message in the user's language. */
export type WorkbookReadErrorCode =
  /** No file at that path. */
  | 'not-found'
  /** The path is a directory or another non-file. */
  | 'not-a-file'
  /** The file exists but the system refused to read it (permissions, I/O). */
  | 'unreadable'
  /** A 0-byte file. */
  | 'empty'
  /** An Excel 97–2003 .xls file or a password-protected workbook (both are OLE2 compound files). */
  | 'xls'
  /** Not a zip file at all: a text file, a CSV, anything renamed to .xlsx. */
  | 'not-zip'
  /** A zip file that holds no worksheets (a .docx, a plain archive). */
  | 'not-xlsx'
  /** A zip file that could not be read as a workbook (truncated, damaged, malformed XML, a cell beyond XFD1048576). */
  | 'corrupt'
  /** A workbook past one of the read limits (engine/limits.ts): `limit` says which, its value, and where. */
  | 'too-large';

const REASONS: Record<WorkbookReadErrorCode, string> = {
  'not-found': 'file not found',
  'not-a-file': 'not a file',
  unreadable: 'the file cannot be read',
  empty: 'the file is empty',
  xls: 'not an .xlsx workbook (an Excel 97-2003 .xls file or a password-protected workbook)',
  'not-zip': 'not an .xlsx workbook (zip signature missing)',
  'not-xlsx': 'not an .xlsx workbook (the zip file holds no worksheets)',
  corrupt: 'corrupt workbook',
  'too-large': 'workbook too large',
};

/** Thrown (as a rejection) when a file cannot be read as an .xlsx workbook. */
export class WorkbookReadError extends Error {
  /** The condition, stable for programs and for the CLI's per-language messages. */
  readonly code: WorkbookReadErrorCode;
  /** The file as the caller named it (the path given, or the name given with a buffer). */
  readonly file: string;
  /** A short English reason, e.g. `file not found`. */
  readonly reason: string;
  /**
   * The underlying library or system message, on one line, when there is one worth showing; for `too-large`, the
   * limit's name and value (`cells > 3000000`) and where it was passed.
   */
  readonly detail?: string;
  /** For `too-large`: the limit passed (engine/limits.ts), for a message in the user's language. */
  readonly limit?: LimitBreach;

  constructor(code: WorkbookReadErrorCode, file: string, detail?: string, limit?: LimitBreach) {
    const reason = REASONS[code];
    const oneLine = detail === undefined ? undefined : shortDetail(detail);
    super(`${file}: ${reason}${oneLine ? `: ${oneLine}` : ''}`);
    this.name = 'WorkbookReadError';
    this.code = code;
    this.file = file;
    this.reason = reason;
    if (oneLine) this.detail = oneLine;
    if (limit) this.limit = limit;
  }
}

/** The `too-large` error of a limit passed. */
function tooLarge(file: string, breach: LimitBreach): WorkbookReadError {
  const where = breach.where === undefined ? '' : ` (${breach.where})`;
  return new WorkbookReadError('too-large', file, `${breach.limit} > ${breach.value}${where}`, breach);
}

/** Library messages can span lines and carry paths of their own; keep the first line, briefly. */
function shortDetail(detail: string): string {
  const first = detail.split(/\r?\n/, 1)[0].trim();
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A system error (from the file system), as opposed to a parse or format error. */
function isSystemError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'syscall' in err && errnoCode(err) !== undefined;
}

/**
 * Reads an .xlsx file into plain grids. `Workbook.name` is the file's base name.
 * Rejects with {@link WorkbookReadError} when the file is missing, empty, not an .xlsx workbook or corrupt.
 *
 * The file is read part by part (see the top of this module); peak memory is about the grids themselves.
 */
export async function readWorkbookFile(filePath: string): Promise<Workbook> {
  const opened = await openWorkbookFile(filePath);
  await opened.close();
  return opened.workbook;
}

/** A workbook file read into grids, with its package still open for whatever else the caller reads or copies. */
export interface OpenedWorkbook {
  /** The file as the caller named it. */
  readonly file: string;
  /** The grids of its worksheets, in workbook order; `name` is the file's base name. */
  readonly workbook: Workbook;
  /** The package, open: its parts can be read (or copied) until {@link close}. */
  readonly zip: ZipArchive;
  /** The workbook part's name in the package (`xl/workbook.xml` as Excel writes it). */
  readonly bookPart: string;
  /** Closes the file. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens an .xlsx file once: reads its worksheets into grids (as {@link readWorkbookFile}) and keeps the package
 * open, so that the ownership of its sheets and a report's copy of its parts come from the same opened file.
 * Rejects with {@link WorkbookReadError}; on a rejection the file is closed.
 */
export async function openWorkbookFile(filePath: string): Promise<OpenedWorkbook> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new WorkbookReadError('not-found', filePath);
    if (code === 'EISDIR') throw new WorkbookReadError('not-a-file', filePath);
    throw new WorkbookReadError('unreadable', filePath, code ?? errorMessage(err));
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
  };
  try {
    let size: number;
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new WorkbookReadError('not-a-file', filePath);
      size = stat.size;
    } catch (err) {
      if (err instanceof WorkbookReadError) throw err;
      throw new WorkbookReadError('unreadable', filePath, errnoCode(err) ?? errorMessage(err));
    }
    const { workbook, zip, bookPart } = await readPackage(fileSource(handle, size), filePath);
    workbook.name = path.basename(filePath);
    return { file: filePath, workbook, zip, bookPart, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Reads an .xlsx workbook held in memory. `name` becomes `Workbook.name` and names the file in errors.
 * Rejects with {@link WorkbookReadError} when the bytes are empty, not an .xlsx workbook or corrupt.
 *
 * Same reader as {@link readWorkbookFile}, over the buffer: the parts are inflated from it as they are parsed.
 */
export async function readWorkbookBuffer(buf: Buffer, name: string): Promise<Workbook> {
  const { workbook } = await readPackage(bufferSource(buf), name);
  workbook.name = name;
  return workbook;
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04: a zip file's first local header
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls and encrypted .xlsx

function startsWith(buf: Buffer, signature: readonly number[]): boolean {
  if (buf.length < signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (buf[i] !== signature[i]) return false;
  return true;
}

interface ReadPackage {
  workbook: Workbook;
  zip: ZipArchive;
  bookPart: string;
}

/** Checks the signature ourselves first, so that a non-zip file gets a message that says what it is. */
async function readPackage(source: ByteSource, file: string): Promise<ReadPackage> {
  try {
    if (source.size === 0) throw new WorkbookReadError('empty', file);
    const head = await source.read(0, Math.min(source.size, OLE2_SIGNATURE.length));
    if (startsWith(head, OLE2_SIGNATURE)) throw new WorkbookReadError('xls', file);
    if (!startsWith(head, ZIP_SIGNATURE)) throw new WorkbookReadError('not-zip', file);
    const budget = new ReadBudget();
    const zip = await ZipArchive.open(source, budget);
    const { workbook, bookPart } = await readParts(zip, file, budget);
    return { workbook, zip, bookPart };
  } catch (err) {
    if (err instanceof WorkbookReadError) throw err;
    if (err instanceof LimitExceededError) throw tooLarge(file, err.breach);
    if (isSystemError(err)) throw new WorkbookReadError('unreadable', file, errnoCode(err));
    throw new WorkbookReadError('corrupt', file, errorMessage(err));
  }
}

const REL_OFFICE_DOCUMENT = '/officeDocument';
const REL_WORKSHEET = '/worksheet';
const REL_STYLES = '/styles';
const REL_SHARED_STRINGS = '/sharedStrings';

interface Rel {
  type: string;
  /** The target part's name in the zip, resolved against the source part. */
  part: string;
}

async function readParts(
  zip: ZipArchive,
  file: string,
  budget: ReadBudget,
): Promise<{ workbook: Workbook; bookPart: string }> {
  // The workbook part: where the package relationships say, else where Excel puts it.
  const packageRels = await readRels(zip, '');
  const related = findRel(packageRels, REL_OFFICE_DOCUMENT)?.part;
  const bookPart = related !== undefined && zip.entry(related) ? related : 'xl/workbook.xml';
  const bookEntry = zip.entry(bookPart);
  if (!bookEntry) throw new WorkbookReadError('not-xlsx', file);
  const rels = await readRels(zip, bookPart);
  const book = await new WorkbookXform().parse(xmlEvents(await zip.text(bookEntry), bookPart));

  // Which sheets to read, in workbook order (chart sheets and dialog sheets hold no cells).
  const relById = new Map(rels.map((r) => [r.id, r]));
  const sheets: { name: string; entry: ZipEntry }[] = [];
  for (const s of book?.sheets ?? []) {
    const rel = s.rId === undefined ? undefined : relById.get(s.rId);
    if (!rel || !rel.type.endsWith(REL_WORKSHEET)) continue;
    const entry = zip.entry(rel.part);
    if (entry) sheets.push({ name: s.name ?? '', entry });
  }
  if (sheets.length === 0) throw new WorkbookReadError('not-xlsx', file);
  budget.add('sheets', sheets.length);

  const dir = bookPart.slice(0, bookPart.lastIndexOf('/') + 1);
  const stylesEntry = zip.entry(findRel(rels, REL_STYLES)?.part ?? `${dir}styles.xml`);
  const stringsEntry = zip.entry(findRel(rels, REL_SHARED_STRINGS)?.part ?? `${dir}sharedStrings.xml`);
  const numFmt = stylesEntry
    ? numFmtLookup(await readStyles(await zip.text(stylesEntry), stylesEntry.name))
    : () => undefined;
  const sharedStrings = stringsEntry ? await readSharedStrings(await zip.text(stringsEntry), budget) : [];
  const context: SheetContext = { sharedStrings, numFmt, budget };

  const out: Sheet[] = [];
  for (const { name, entry } of sheets) {
    try {
      out.push(await readWorksheet(name, await zip.text(entry), context));
    } catch (err) {
      if (isSystemError(err) || err instanceof LimitExceededError) throw err;
      throw new Error(`${name}: ${errorMessage(err)}`);
    }
  }
  return { workbook: { sheets: out }, bookPart };
}

/** The relationships of a part (`''` for the package's own), with targets resolved to part names. */
async function readRels(zip: ZipArchive, part: string): Promise<(Rel & { id: string })[]> {
  const slash = part.lastIndexOf('/');
  const dir = part.slice(0, slash + 1);
  const entry = zip.entry(`${dir}_rels/${part.slice(slash + 1)}.rels`);
  if (!entry) return [];
  const model = await new RelationshipsXform().parse(xmlEvents(await zip.text(entry), entry.name));
  const out: (Rel & { id: string })[] = [];
  for (const r of model ?? []) {
    if (r.TargetMode === 'External' || r.Id === undefined || r.Target === undefined) continue;
    out.push({ id: r.Id, type: r.Type ?? '', part: resolvePart(dir, r.Target) });
  }
  return out;
}

function findRel(rels: readonly Rel[], typeSuffix: string): Rel | undefined {
  return rels.find((r) => r.type.endsWith(typeSuffix));
}

/** A relationship target (relative to `dir`, or absolute from the package root) → a zip entry name. */
export function resolvePart(dir: string, target: string): string {
  let t = target.trim();
  try {
    t = decodeURI(t);
  } catch {
    // not percent-encoded after all: use it as written
  }
  const segments = (t.startsWith('/') ? t.slice(1) : dir + t).split('/');
  const out: string[] = [];
  for (const seg of segments) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

async function readStyles(text: Readable, part: string): Promise<StylesXform> {
  const styles = new StylesXform();
  await styles.parse(xmlEvents(text, part));
  return styles;
}

/** A cell format index → its number format (through exceljs's style model), cached per index. */
function numFmtLookup(styles: StylesXform): (styleIndex: number) => string | undefined {
  const cache = new Map<number, string | null>();
  return (styleIndex) => {
    let fmt = cache.get(styleIndex);
    if (fmt === undefined) {
      const style = styles.model?.styles ? styles.getStyleModel(styleIndex) : null;
      const code = style?.numFmt;
      fmt = typeof code === 'string' && code !== '' && code.toLowerCase() !== 'general' ? code : null;
      cache.set(styleIndex, fmt);
    }
    return fmt ?? undefined;
  };
}
