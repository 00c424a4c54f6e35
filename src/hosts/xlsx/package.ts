/**
 * A workbook file opened once for a whole run: its worksheets read into grids (read.ts), and the package's
 * structure (the content types, the workbook part, its relationships, every sheet's name, id, visibility and
 * part) from the same open file, for the ownership of its sheets (ownership.ts) and for a report that copies the
 * package (write.ts). Nothing here changes a part: the small parts are kept as text so that a report can edit the
 * few elements it must and keep every other byte.
 */
import * as path from 'path';
import type { Workbook } from '../../engine/grid';
import { openWorkbookFile, resolvePart, WorkbookReadError, type OpenedWorkbook } from './read';
import { attr, child, childrenNamed, parseXml, XmlEditError, type XmlElement } from './xml-edit';
import type { ZipArchive, ZipEntry } from './zip';

/** SpreadsheetML namespaces: ECMA-376 transitional (what Excel writes) and ISO 29500 strict. */
export const NAMESPACES = {
  transitional: {
    main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
    rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  },
  strict: {
    main: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
    rel: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
  },
} as const;

export const PACKAGE_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
export const CUSTOM_XML_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/customXml';

/** Content types of the parts a report adds. */
export const CONTENT_TYPE = {
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
  customXmlProps: 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml',
  xml: 'application/xml',
} as const;

/** What kind of workbook a package is, by its workbook part's content type; a copy must keep the kind. */
export type WorkbookKind = 'xlsx' | 'xlsm' | 'xltx' | 'xltm' | 'xlam';

const KIND_BY_CONTENT_TYPE: Record<string, WorkbookKind> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': 'xlsx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml': 'xltx',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml': 'xlsm',
  'application/vnd.ms-excel.template.macroEnabled.main+xml': 'xltm',
  'application/vnd.ms-excel.addin.macroEnabled.main+xml': 'xlam',
};

/** The file extension Excel requires for each kind (it refuses to open a macro-enabled workbook named .xlsx). */
export const EXTENSION: Record<WorkbookKind, string> = {
  xlsx: '.xlsx',
  xlsm: '.xlsm',
  xltx: '.xltx',
  xltm: '.xltm',
  xlam: '.xlam',
};

/** One relationship of a part. */
export interface Relationship {
  id: string;
  type: string;
  /** The target as written. */
  target: string;
  external: boolean;
  /** For an internal target: the part's name in the zip (no leading slash). */
  part?: string;
  element: XmlElement;
}

/** Does a relationship type name this kind of relationship (`worksheet`, `customXml`…), transitional or strict? */
export function relTypeIs(type: string, name: string): boolean {
  return (
    type === `${NAMESPACES.transitional.rel}/${name}` ||
    type === `${NAMESPACES.strict.rel}/${name}` ||
    // A few writers put the strict types under the transitional base or the reverse; the last segment decides.
    (type.endsWith(`/relationships/${name}`) && /^https?:\/\//.test(type))
  );
}

/** One `<sheet>` of the workbook part, whatever its kind (worksheet, chart sheet, macro sheet…). */
export interface PackageSheet {
  name: string;
  /** The package's `sheetId`. */
  sheetId?: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  rel?: Relationship;
  /** The part of a worksheet (undefined for anything else or a missing part). */
  part?: string;
  /** Whether it is a worksheet (the only kind that holds cells the reader reads). */
  worksheet: boolean;
  /** Position in the workbook's `<sheets>` (the index `localSheetId` and `activeTab` use). */
  index: number;
  element: XmlElement;
}

/** A small XML part as text, with its parse. */
export interface XmlPart {
  /** The entry's name in the zip, as stored. */
  name: string;
  xml: string;
  root: XmlElement;
}

/** The directory of a part name, with its trailing slash (`xl/` for `xl/workbook.xml`, '' at the root). */
export function partDir(part: string): string {
  return part.slice(0, part.lastIndexOf('/') + 1);
}

/** The relationships part of a part (`xl/_rels/workbook.xml.rels` for `xl/workbook.xml`). */
export function relsPartOf(part: string): string {
  return `${partDir(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;
}

/** The package part name (`/xl/workbook.xml`) of a zip entry name. */
export function partName(entryName: string): string {
  return `/${entryName.replace(/^\/+/, '')}`;
}

/** Two part names are the same part: compared without case and without a leading slash (OPC, ECMA-376-2 §9.1.1). */
export function samePart(a: string, b: string): boolean {
  return a.replace(/^\/+/, '').toLowerCase() === b.replace(/^\/+/, '').toLowerCase();
}

/** A workbook file, open, with its grids and its package's structure. */
export class WorkbookPackage {
  private constructor(
    private readonly opened: OpenedWorkbook,
    /** The workbook part's entry name. */
    readonly bookPart: string,
    readonly contentTypes: XmlPart,
    readonly book: XmlPart,
    /** The workbook part's relationships (undefined only in a package without any). */
    readonly bookRels: XmlPart | undefined,
    readonly relationships: Relationship[],
    /** The package's own relationships part (`_rels/.rels`). */
    readonly packageRels: XmlPart | undefined,
    readonly packageRelationships: Relationship[],
    readonly sheets: PackageSheet[],
    readonly strict: boolean,
    readonly kind: WorkbookKind,
  ) {}

  /** The file as the caller named it. */
  get file(): string {
    return this.opened.file;
  }

  /** The grids of the worksheets (the engine's input); `name` is the file's base name. */
  get workbook(): Workbook {
    return this.opened.workbook;
  }

  get zip(): ZipArchive {
    return this.opened.zip;
  }

  /** The namespaces a new part of this package uses (strict in a strict package). */
  get namespaces(): { main: string; rel: string } {
    return this.strict ? NAMESPACES.strict : NAMESPACES.transitional;
  }

  close(): Promise<void> {
    return this.opened.close();
  }

  /**
   * Lets the grids go (the sheets of {@link workbook} are emptied), for a caller that has read what it needs from
   * them: a report's writer copies the package's parts and needs no grid.
   */
  releaseGrids(): void {
    this.opened.workbook.sheets.length = 0;
  }

  /**
   * Opens a workbook file: its grids, and its package's structure, from one open file that stays open until
   * {@link close}. Rejects with {@link WorkbookReadError} (the file is then closed).
   */
  static async open(file: string): Promise<WorkbookPackage> {
    const opened = await openWorkbookFile(file);
    try {
      return await WorkbookPackage.load(opened);
    } catch (err) {
      await opened.close();
      if (err instanceof WorkbookReadError) throw err;
      throw new WorkbookReadError('corrupt', file, err instanceof Error ? err.message : String(err));
    }
  }

  private static async load(opened: OpenedWorkbook): Promise<WorkbookPackage> {
    const zip = opened.zip;
    const entry = (name: string): ZipEntry => {
      const e = zip.entry(name);
      if (!e) throw new XmlEditError(`${name} is missing`);
      return e;
    };
    const bookEntry = entry(opened.bookPart);
    const bookPart = bookEntry.name.replace(/^\/+/, '');
    const contentTypes = await readXmlPart(zip, entry('[Content_Types].xml'));
    const book = await readXmlPart(zip, bookEntry);
    const relsEntry = zip.entry(relsPartOf(bookPart));
    const bookRels = relsEntry ? await readXmlPart(zip, relsEntry) : undefined;
    const relationships = bookRels ? relationshipsOf(bookRels.root, partDir(bookPart)) : [];
    const rootRelsEntry = zip.entry('_rels/.rels');
    const packageRels = rootRelsEntry ? await readXmlPart(zip, rootRelsEntry) : undefined;
    const packageRelationships = packageRels ? relationshipsOf(packageRels.root, '') : [];

    const mainNs = book.root.attrs.get(book.root.prefix ? `xmlns:${book.root.prefix}` : 'xmlns');
    const strict = mainNs === NAMESPACES.strict.main;
    const relNs = strict ? NAMESPACES.strict.rel : NAMESPACES.transitional.rel;

    const sheetsEl = child(book.root, 'sheets');
    if (!sheetsEl) throw new XmlEditError('the workbook part has no <sheets>');
    const relById = new Map(relationships.map((r) => [r.id, r]));
    const sheets: PackageSheet[] = childrenNamed(sheetsEl, 'sheet').map((el, index) => {
      const rId = relIdOf(el, relNs);
      const rel = rId === undefined ? undefined : relById.get(rId);
      const worksheet = rel !== undefined && !rel.external && relTypeIs(rel.type, 'worksheet');
      const part = worksheet && rel?.part && zip.entry(rel.part) ? zip.entry(rel.part)?.name : undefined;
      const sheetId = Number(attr(el, 'sheetId'));
      const state = attr(el, 'state');
      return {
        name: attr(el, 'name') ?? '',
        ...(Number.isInteger(sheetId) ? { sheetId } : {}),
        state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
        ...(rel ? { rel } : {}),
        ...(part ? { part: part.replace(/^\/+/, '') } : {}),
        worksheet,
        index,
        element: el,
      };
    });

    const kind = KIND_BY_CONTENT_TYPE[contentTypeOf(contentTypes.root, bookPart) ?? ''] ?? 'xlsx';
    return new WorkbookPackage(
      opened,
      bookPart,
      contentTypes,
      book,
      bookRels,
      relationships,
      packageRels,
      packageRelationships,
      sheets,
      strict,
      kind,
    );
  }

  /** A part's text (UTF-8), or undefined when the package has no such part. */
  async text(part: string): Promise<string | undefined> {
    const e = this.zip.entry(part);
    return e ? readText(this.zip, e) : undefined;
  }

  /** A part's relationships (none when it has no relationships part). */
  async relationshipsOf(part: string): Promise<Relationship[]> {
    const e = this.zip.entry(relsPartOf(part));
    if (!e) return [];
    return relationshipsOf((await readXmlPart(this.zip, e)).root, partDir(part));
  }

  /** The content type a part has in this package. */
  contentTypeOf(part: string): string | undefined {
    return contentTypeOf(this.contentTypes.root, part);
  }

  /** The extension an output of this package must have. */
  get extension(): string {
    return EXTENSION[this.kind];
  }

  /** The file's base name (for messages). */
  get baseName(): string {
    return path.basename(this.file);
  }
}

async function readText(zip: ZipArchive, entry: ZipEntry): Promise<string> {
  let text = '';
  for await (const chunk of await zip.text(entry)) text += chunk as string;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readXmlPart(zip: ZipArchive, entry: ZipEntry): Promise<XmlPart> {
  const xml = await readText(zip, entry);
  try {
    return { name: entry.name, xml, root: parseXml(xml) };
  } catch (err) {
    throw new XmlEditError(`${entry.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The `r:id` of an element: the attribute `id` in the relationships namespace, whatever its prefix. */
export function relIdOf(el: XmlElement, relNs: string): string | undefined {
  for (const [name, value] of el.attrs) {
    const colon = name.indexOf(':');
    if (colon < 0 || name.slice(colon + 1) !== 'id') continue;
    const prefix = name.slice(0, colon);
    if (prefix === 'xmlns') continue;
    for (let e: XmlElement | null = el; e; e = e.parent) {
      const bound = e.attrs.get(`xmlns:${prefix}`);
      if (bound !== undefined) {
        if (bound === relNs || bound === NAMESPACES.transitional.rel || bound === NAMESPACES.strict.rel)
          return value;
        break;
      }
    }
  }
  return undefined;
}

/** The relationships of a relationships part, targets resolved against the source part's directory. */
export function relationshipsOf(root: XmlElement, sourceDir: string): Relationship[] {
  const out: Relationship[] = [];
  for (const el of childrenNamed(root, 'Relationship')) {
    const id = attr(el, 'Id');
    const target = attr(el, 'Target');
    if (id === undefined || target === undefined) continue;
    const external = attr(el, 'TargetMode') === 'External';
    out.push({
      id,
      type: attr(el, 'Type') ?? '',
      target,
      external,
      ...(external ? {} : { part: resolvePart(sourceDir, target) }),
      element: el,
    });
  }
  return out;
}

/** A part's content type by the content types part: its Override, else the Default of its extension. */
export function contentTypeOf(types: XmlElement, part: string): string | undefined {
  for (const o of childrenNamed(types, 'Override')) {
    const name = attr(o, 'PartName');
    if (name !== undefined && samePart(name, part)) return attr(o, 'ContentType');
  }
  const base = part.slice(part.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = base.slice(dot + 1).toLowerCase();
  for (const d of childrenNamed(types, 'Default')) {
    if ((attr(d, 'Extension') ?? '').toLowerCase() === ext) return attr(d, 'ContentType');
  }
  return undefined;
}
