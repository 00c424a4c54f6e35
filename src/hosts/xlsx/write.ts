/**
 * The .xlsx host's write side: a report is the user's package, copied, plus the generated sheets and a run record.
 *
 * Every part of the user's workbook (worksheets, drawings, charts, comments, pivot tables, styles, themes, custom XML,
 * a macro project, printer settings, anything unknown) is copied into the output as it is stored in the zip: the same
 * compressed bytes, CRC and time. Only the parts that must list the new sheets change, by edits to their text that
 * keep every other byte:
 * - the workbook part: a `<sheet>` for each new sheet; a removed sheet's `<sheet>` goes, and the `localSheetId` of
 *   defined names and the `activeTab` / `firstSheet` of the workbook views follow the sheets' new positions;
 * - the workbook's relationships and `[Content_Types].xml`: the new parts in, removed parts out;
 * - the styles part: the cell formats of the generated sheets appended (styles.ts's looks), nothing else touched;
 * - the calculation chain, only when a sheet is removed: that sheet's entries are removed (an entry for a cell of a
 *   sheet that is gone makes Excel "repair" the file); a chain left empty is removed with its relationship.
 * `docProps/app.xml` (the sheet titles Excel shows in the file's properties) is kept as it was: Excel rewrites it on
 * every save and does not read it to open a workbook. The shared strings part is kept too: generated text is written
 * as inline strings.
 *
 * Sheets are removed only when the plan replaces them and the run record proves them Budget Review's (ownership.ts),
 * or for the previous version's registry sheet once it is migrated. A removed sheet's part goes with its own
 * relationships and every part only it referred to.
 *
 * The input file is never written: the output is written to a temporary file beside it, flushed, and renamed onto the
 * output (files.ts), so that a failure leaves no half-written file.
 */
import { randomUUID } from 'crypto';
import * as path from 'path';
import { columnLetter, quoteSheet, sameSheetName } from '../../engine/address';
import type { PlanCell, PlanSheet, WritePlan } from '../../engine/plan-types';
import { PlanError, validatePlan } from '../../engine/plan-validate';
import {
  planSheetFingerprint,
  RUN_RECORD_NAMESPACE,
  serializeRunRecord,
  type RunRecord,
} from '../../engine/run-record';
import { errnoCode, OutputFileError, writeFileAtomically } from '../files';
import { readOwnership, type Ownership } from './ownership';
import {
  CONTENT_TYPE,
  contentTypeOf,
  CUSTOM_XML_NS,
  partDir,
  partName,
  relationshipsOf,
  relsPartOf,
  relTypeIs,
  samePart,
  WorkbookPackage,
  type PackageSheet,
  type Relationship,
} from './package';
import { WorkbookReadError } from './read';
import { escapeCellText, worksheetXml } from './sheet-writer';
import { emptyStyleSheet, StyleSheetEditor, type CellLook } from './style-sheet';
import { BASE_FONT, LINK_FONT, PLAN_STYLES, TEXT_FORMAT } from './styles';
import type { LookStyle } from './styles';
import {
  attr,
  child,
  childrenNamed,
  escapeAttr,
  escapeText,
  parseXml,
  prefixOf,
  qualify,
  Splices,
  withAttribute,
  XmlEditError,
  type XmlElement,
} from './xml-edit';
import { ZipWriter } from './zip-writer';

export { escapeCellText };

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** Why a report could not be written; the CLI turns each into a message in the user's language. */
export type ReportWriteErrorCode =
  /** The output path names the input file (also through a symbolic or hard link). */
  | 'same-file'
  /** The output's extension does not match the input's kind (an .xlsm must be written as .xlsm). */
  | 'extension'
  /** The input could not be read as an .xlsx workbook. */
  | 'input'
  /** The plan is not valid (a bad sheet name, number, formula, merge, width or link): an internal error. */
  | 'plan'
  /** The plan would touch a sheet that is not Budget Review's (a name taken, a replace of a user's sheet). */
  | 'conflict'
  /** The output file could not be written. */
  | 'output';

const REASONS: Record<ReportWriteErrorCode, string> = {
  'same-file': 'the output would overwrite the input workbook',
  extension: 'the output file name has the wrong extension for this kind of workbook',
  input: 'the input workbook cannot be read',
  plan: 'invalid write plan',
  conflict: 'the report would change a sheet that Budget Review did not create',
  output: 'the output file cannot be written',
};

/** Thrown (as a rejection) by {@link writeReport}. */
export class ReportWriteError extends Error {
  readonly code: ReportWriteErrorCode;
  /** The file concerned: the output for `output`, `same-file` and `extension`, else the input. */
  readonly file: string;
  readonly reason: string;
  /** For `extension`, the extension to use; for `plan` and `conflict`, the sheet and cell concerned. */
  readonly detail?: string;

  constructor(code: ReportWriteErrorCode, file: string, detail?: string) {
    const reason = REASONS[code];
    super(`${file}: ${reason}${detail ? `: ${detail}` : ''}`);
    this.name = 'ReportWriteError';
    this.code = code;
    this.file = file;
    this.reason = reason;
    if (detail) this.detail = detail;
  }
}

/** A problem in the plan, found while applying it: an internal error, never the output's fault. */
class PlanProblem extends Error {
  constructor(
    readonly code: 'plan' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function oneLine(text: string): string {
  const first = text.split(/\r?\n/, 1)[0].trim();
  return first.length > 200 ? `${first.slice(0, 197)}...` : first;
}

// ---------------------------------------------------------------------------------------------------------------
// Looks

type Lang = WritePlan['lang'];

/** The look of a plan cell: the base font of the plan's language, its plan style, wrapping, indent and format. */
export function lookOf(cell: PlanCell, lang: Lang, wrap: boolean): CellLook {
  let look: LookStyle = {};
  if (cell.style !== undefined) {
    const found = (PLAN_STYLES as Record<string, LookStyle | undefined>)[cell.style];
    if (!found) throw new PlanProblem('plan', `unknown style ${JSON.stringify(cell.style)}`);
    look = found;
  }
  const out: CellLook = {
    font: {
      ...(BASE_FONT[lang] ?? BASE_FONT['zh-CN']),
      ...(cell.kind === 'link' ? LINK_FONT : {}),
      ...look.font,
    },
  };
  if (look.fill) out.fill = look.fill;
  if (look.border) out.border = { ...look.border };
  const alignment = { ...look.alignment, ...(wrap ? { wrapText: true } : {}) };
  if (cell.kind === 'text' && cell.indent !== undefined && cell.indent !== 0) {
    alignment.indent = cell.indent;
    // Excel ignores an indent unless the text is aligned left (or right, or distributed).
    alignment.horizontal ??= 'left';
  }
  if (Object.keys(alignment).length > 0) out.alignment = alignment;
  const format = cell.kind === 'text' || cell.kind === 'link' ? TEXT_FORMAT : cell.format;
  if (format) out.numFmt = format;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The report

/** What a report wrote. */
export interface WrittenReport {
  /** The generated sheets, as named in the output, with their package ids. */
  sheets: { name: string; sheetId: number; part: string }[];
  /** The sheets of the input that the report replaced or removed (the legacy registry included). */
  removed: string[];
  /** The run record written into the output. */
  record: RunRecord;
}

/** A workbook opened for a report: its package (grids included) and the ownership of its sheets. */
export interface ReportSource {
  pkg: WorkbookPackage;
  ownership: Ownership;
}

/** Opens a workbook for a report (and for `check`): one open file for the grids, the ownership and the copy. */
export async function openReportSource(file: string): Promise<ReportSource> {
  const pkg = await WorkbookPackage.open(file);
  try {
    return { pkg, ownership: await readOwnership(pkg) };
  } catch (err) {
    await pkg.close();
    if (err instanceof WorkbookReadError) throw err;
    throw new WorkbookReadError('corrupt', file, errorMessage(err));
  }
}

/** {@link readOwnership} of a workbook file (opened and closed). */
export async function readOwnershipFile(file: string): Promise<Ownership> {
  const source = await openReportSource(file);
  await source.pkg.close();
  return source.ownership;
}

/** A sheet only an earlier version's registry lists, proven the engine's output by the caller's planning. */
export interface ProvenSheet {
  name: string;
  /** The fingerprint of its content as read ({@link Ownership}'s `legacy`). */
  fingerprint: string;
}

export interface WriteOptions {
  /**
   * Sheets only an earlier version's registry lists that the plan may replace, proven the engine's output (the task
   * pane's `planReport`). Without a proof such a sheet is replaced only when the plan writes exactly its content.
   */
  proven?: readonly ProvenSheet[];
}

/**
 * Writes the report of `plan` on the opened workbook to `outPath`: the user's package with the plan's sheets and a
 * new run record. Rejects with {@link ReportWriteError}; on any rejection nothing is left at `outPath` (an earlier
 * file there is kept). The source stays open (the caller closes it).
 */
export async function writeReport(
  source: ReportSource,
  plan: WritePlan,
  outPath: string,
  options: WriteOptions = {},
): Promise<WrittenReport> {
  const { pkg } = source;
  await refuseSameFile(pkg.file, outPath);
  if (path.extname(outPath).toLowerCase() !== pkg.extension) {
    throw new ReportWriteError('extension', outPath, pkg.extension);
  }
  let build: Build;
  try {
    build = await prepare(source, plan, options.proven ?? []);
  } catch (err) {
    if (err instanceof PlanProblem) throw new ReportWriteError(err.code, pkg.file, err.message);
    if (err instanceof PlanError) throw new ReportWriteError('plan', pkg.file, err.detail);
    if (err instanceof XmlEditError || err instanceof WorkbookReadError)
      throw new ReportWriteError('input', pkg.file, oneLine(errorMessage(err)));
    throw new ReportWriteError('input', pkg.file, errnoCode(err) ?? oneLine(errorMessage(err)));
  }
  try {
    await writeFileAtomically(outPath, (handle) => build.write(new ZipWriter(handle, outPath)));
  } catch (err) {
    if (err instanceof OutputFileError)
      throw new ReportWriteError('output', outPath, err.code ?? oneLine(err.message));
    if (err instanceof PlanProblem) throw new ReportWriteError(err.code, pkg.file, err.message);
    if (err instanceof PlanError) throw new ReportWriteError('plan', pkg.file, err.detail);
    throw new ReportWriteError('input', pkg.file, errnoCode(err) ?? oneLine(errorMessage(err)));
  }
  return build.result;
}

/** {@link writeReport} on a workbook file: opened, its ownership read, written, closed (for tests and scripts). */
export async function writeReportFile(
  inputPath: string,
  plan: WritePlan,
  outPath: string,
  options: WriteOptions = {},
): Promise<WrittenReport> {
  await refuseSameFile(inputPath, outPath);
  let source: ReportSource;
  try {
    source = await openReportSource(inputPath);
  } catch (err) {
    if (err instanceof WorkbookReadError)
      throw new ReportWriteError(
        'input',
        inputPath,
        err.detail ? `${err.reason}: ${err.detail}` : err.reason,
      );
    throw err;
  }
  try {
    return await writeReport(source, plan, outPath, options);
  } finally {
    await source.pkg.close();
  }
}

/** Refuses an output path that names the input: the same path, or the same file through a link. */
async function refuseSameFile(inputPath: string, outPath: string): Promise<void> {
  const { promises: fsp } = await import('fs');
  const input = path.resolve(inputPath);
  const out = path.resolve(outPath);
  if (input === out) throw new ReportWriteError('same-file', outPath);
  const [a, b] = await Promise.all([
    fsp.stat(input, { bigint: true }).catch(() => null),
    fsp.stat(out, { bigint: true }).catch(() => null),
  ]);
  if (a && b && a.dev === b.dev && a.ino === b.ino) throw new ReportWriteError('same-file', outPath);
}

// ---------------------------------------------------------------------------------------------------------------
// Preparing the edits

interface NewPart {
  name: string;
  content: string | (() => Iterable<string>);
}

interface Build {
  result: WrittenReport;
  write(zip: ZipWriter): Promise<void>;
}

const lower = (part: string): string => part.replace(/^\/+/, '').toLowerCase();

/** A name that is no entry of the package and not taken yet: `prefix1suffix`, `prefix2suffix`… */
function freePart(
  pkg: WorkbookPackage,
  taken: Set<string>,
  prefix: string,
  suffix: string,
  reusable: Set<string>,
): string {
  for (let n = 1; ; n++) {
    const name = `${prefix}${n}${suffix}`;
    const key = lower(name);
    if (taken.has(key)) continue;
    if (pkg.zip.entry(name) && !reusable.has(key)) continue;
    taken.add(key);
    return name;
  }
}

/** A path from a part's directory to another part, as a relationship target. */
function relativeTarget(fromDir: string, part: string): string {
  return path.posix.relative(fromDir === '' ? '.' : fromDir.replace(/\/$/, ''), part);
}

async function prepare(
  source: ReportSource,
  plan: WritePlan,
  proven: readonly ProvenSheet[],
): Promise<Build> {
  const { pkg, ownership } = source;
  const sheets = pkg.sheets;

  // The sheets the report removes: those the plan replaces (each must be provably Budget Review's), and the
  // previous version's registry sheet.
  const removed = new Set<PackageSheet>();
  for (const name of plan.replaces) {
    const sheet = sheets.find((s) => sameSheetName(s.name, name));
    if (!sheet) continue;
    if (ownership.owned.some((o) => sameSheetName(o, sheet.name))) {
      removed.add(sheet);
      continue;
    }
    // Listed only by an earlier version's registry: replaced only when proven the engine's output and unchanged,
    // as the Office.js host decides (src/hosts/excel/write.ts).
    const legacy = ownership.legacy.find((l) => l.name === sheet.name);
    const successor = plan.sheets.find((s) => sameSheetName(s.name, sheet.name));
    const proof = proven.find((p) => sameSheetName(p.name, sheet.name))?.fingerprint;
    if (
      legacy &&
      successor &&
      (legacy.fingerprint === proof || planSheetFingerprint(successor) === legacy.fingerprint)
    ) {
      removed.add(sheet);
      continue;
    }
    throw new PlanProblem(
      'conflict',
      `"${sheet.name}" is not, or no longer, a sheet Budget Review wrote unchanged; it is not replaced`,
    );
  }
  if (ownership.legacyRegistry !== undefined) {
    const legacy = sheets.find((s) => s.name === ownership.legacyRegistry);
    if (legacy) removed.add(legacy);
  }
  const kept = sheets.filter((s) => !removed.has(s));
  if (kept.length === 0 && plan.sheets.length === 0) throw new PlanProblem('plan', 'no sheet would remain');

  try {
    validatePlan(
      plan,
      kept.map((s) => s.name),
    );
  } catch (err) {
    if (err instanceof PlanError) throw new PlanProblem('plan', err.detail);
    throw err;
  }
  for (const sheet of plan.sheets) {
    const taken = kept.find((s) => sameSheetName(s.name, sheet.name));
    if (taken) throw new PlanProblem('conflict', `a sheet named "${taken.name}" exists and is not replaced`);
  }

  // Parts that go: each removed sheet's part with what only it refers to, and the old run records.
  const removedParts = new Set<string>();
  const recordParts = new Set(ownership.recordParts.map(lower));
  await collectRemovedParts(
    pkg,
    [
      ...[...removed].map((s) => s.part).filter((p): p is string => p !== undefined),
      ...ownership.recordParts,
    ],
    removedParts,
  );
  const removedRels = new Set<Relationship>(
    pkg.relationships.filter(
      (r) =>
        (r.part !== undefined && removedParts.has(lower(r.part))) ||
        [...removed].some((s) => s.rel === r) ||
        (r.part !== undefined && recordParts.has(lower(r.part))),
    ),
  );

  const bookDir = partDir(pkg.bookPart);
  const takenParts = new Set<string>();
  const reusable = new Set(removedParts);
  const newParts: NewPart[] = [];
  const replacedParts = new Map<string, string>();
  const overrides: { part: string; type: string }[] = [];
  const newRels: { type: string; target: string; id: string }[] = [];

  // Relationship ids of the workbook part: never one that is or was used.
  let nextRel = 1;
  for (const r of pkg.relationships) {
    const m = /^rId(\d+)$/.exec(r.id);
    if (m) nextRel = Math.max(nextRel, Number(m[1]) + 1);
  }
  const usedIds = new Set(pkg.relationships.map((r) => r.id));
  const relId = (): string => {
    let id = `rId${nextRel++}`;
    while (usedIds.has(id)) id = `rId${nextRel++}`;
    usedIds.add(id);
    return id;
  };
  const relType = (name: string): string => `${pkg.namespaces.rel}/${name}`;

  // Styles: the user's part with the generated sheets' looks appended (or a new part if there is none).
  const stylesRel = pkg.relationships.find((r) => !r.external && relTypeIs(r.type, 'styles'));
  const stylesEntry = stylesRel?.part ? pkg.zip.entry(stylesRel.part) : undefined;
  const stylesXml = stylesEntry ? await pkg.text(stylesEntry.name) : undefined;
  const styles = new StyleSheetEditor(stylesXml ?? emptyStyleSheet(pkg.namespaces.main));
  // The cell format of each plan cell, by what decides its look (kind, wrapping, indent, plan style, number
  // format), looked up without building a key: this runs for every generated cell.
  const xfs = new Map<number, Map<string, Map<string, number>>>();
  const styleOf = (cell: PlanCell, wrap: boolean): number => {
    const text = cell.kind === 'text' || cell.kind === 'link';
    const kind = cell.kind === 'link' ? 3 : cell.kind === 'text' ? 2 : cell.kind === 'number' ? 1 : 0;
    const code = kind * 1024 + (wrap ? 512 : 0) + (cell.kind === 'text' ? (cell.indent ?? 0) : 0);
    const format = text ? '' : (cell.format ?? '');
    const style = cell.style ?? '';
    let byStyle = xfs.get(code);
    if (!byStyle) xfs.set(code, (byStyle = new Map()));
    let byFormat = byStyle.get(style);
    if (!byFormat) byStyle.set(style, (byFormat = new Map()));
    let s = byFormat.get(format);
    if (s === undefined) {
      s = styles.xfIndex(lookOf(cell, plan.lang, wrap));
      byFormat.set(format, s);
    }
    return s;
  };

  // The new sheets: ids after every id the workbook has used, parts named as Excel names them.
  let nextSheetId = 1;
  for (const s of sheets)
    if (s.sheetId !== undefined && s.sheetId >= nextSheetId) nextSheetId = s.sheetId + 1;
  const added = plan.sheets.map((sheet) => {
    const part = freePart(pkg, takenParts, `${bookDir}worksheets/sheet`, '.xml', reusable);
    return { sheet, part, sheetId: nextSheetId++, rId: relId() };
  });

  // Which tab is active: the user's, where it moved to; or, if the report replaced it, the new sheet of its name.
  const view = editWorkbook(pkg, removed, added);
  for (const a of added) {
    const selected = view.selected === a;
    const wrap = new Set(a.sheet.wrapColumns);
    // Every look is known before the styles part is written (it comes first in the zip).
    for (const row of a.sheet.rows) row.forEach((cell, c) => cell && styleOf(cell, wrap.has(c)));
    newParts.push({
      name: a.part,
      content: () => worksheetXml(a.sheet, { styleOf, namespaces: pkg.namespaces, selected }),
    });
    overrides.push({ part: a.part, type: CONTENT_TYPE.worksheet });
    newRels.push({ type: relType('worksheet'), target: relativeTarget(bookDir, a.part), id: a.rId });
  }
  if (stylesEntry) {
    if (styles.changed) replacedParts.set(lower(stylesEntry.name), styles.result());
  } else {
    const part = freePart(pkg, takenParts, `${bookDir}styles`, '.xml', reusable).replace(
      /styles1\.xml$/,
      'styles.xml',
    );
    newParts.push({ name: part, content: styles.result() });
    overrides.push({ part, type: CONTENT_TYPE.styles });
    newRels.push({ type: relType('styles'), target: relativeTarget(bookDir, part), id: relId() });
  }

  // The run record, as Excel stores a part added with workbook.customXmlParts.add().
  const record: RunRecord = {
    version: 1,
    created: new Date().toISOString(),
    sheets: added.map((a) => ({
      role: a.sheet.role,
      name: a.sheet.name,
      id: `sheetId:${a.sheetId}`,
      // Of exactly the plan sheet written (sheet-writer.ts writes every cell as the plan has it).
      fingerprint: planSheetFingerprint(a.sheet),
    })),
  };
  const item = freePart(pkg, takenParts, 'customXml/item', '.xml', reusable);
  const n = /(\d+)\.xml$/.exec(item)?.[1] ?? '1';
  const itemProps = `customXml/itemProps${n}.xml`;
  const itemRels = relsPartOf(item);
  for (const p of [itemProps, itemRels]) {
    if (pkg.zip.entry(p) && !reusable.has(lower(p))) throw new XmlEditError(`${p} exists without its item`);
    takenParts.add(lower(p));
  }
  newParts.push({ name: item, content: serializeRunRecord(record) });
  newParts.push({
    name: itemProps,
    content:
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
      `<ds:datastoreItem ds:itemID="{${randomUUID().toUpperCase()}}" xmlns:ds="${CUSTOM_XML_NS}">` +
      `<ds:schemaRefs><ds:schemaRef ds:uri="${escapeAttr(RUN_RECORD_NAMESPACE)}"/></ds:schemaRefs>` +
      '</ds:datastoreItem>',
  });
  newParts.push({
    name: itemRels,
    content:
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${relType('customXmlProps')}" Target="itemProps${n}.xml"/>` +
      '</Relationships>',
  });
  if (contentTypeOf(pkg.contentTypes.root, item) !== CONTENT_TYPE.xml)
    overrides.push({ part: item, type: CONTENT_TYPE.xml });
  overrides.push({ part: itemProps, type: CONTENT_TYPE.customXmlProps });
  newRels.push({ type: relType('customXml'), target: relativeTarget(bookDir, item), id: relId() });

  // The calculation chain: the removed sheets' cells out.
  const removedIds = new Set(
    [...removed].map((s) => s.sheetId).filter((id): id is number => id !== undefined),
  );
  const chainRel = pkg.relationships.find((r) => !r.external && relTypeIs(r.type, 'calcChain'));
  if (removedIds.size > 0 && chainRel?.part && pkg.zip.entry(chainRel.part)) {
    const entry = pkg.zip.entry(chainRel.part);
    const chain = entry ? await pkg.text(entry.name) : undefined;
    if (entry && chain !== undefined) {
      const filtered = filterCalcChain(chain, removedIds);
      if (filtered === null) {
        removedParts.add(lower(entry.name));
        removedRels.add(chainRel);
      } else if (filtered !== chain) {
        replacedParts.set(lower(entry.name), filtered);
      }
    }
  }

  // A record related from the package itself (as LibreOffice relates custom XML parts) goes from there.
  const removedPackageRels = new Set(
    pkg.packageRelationships.filter((r) => r.part !== undefined && removedParts.has(lower(r.part))),
  );
  if (pkg.packageRels && removedPackageRels.size > 0) {
    replacedParts.set(
      lower(pkg.packageRels.name),
      editRelationships(pkg.packageRels.xml, pkg.packageRels.root, removedPackageRels, []),
    );
  }

  replacedParts.set(lower(pkg.book.name), view.xml);
  replacedParts.set(lower(pkg.contentTypes.name), editContentTypes(pkg, removedParts, overrides));
  if (!pkg.bookRels) throw new XmlEditError('the workbook part has no relationships');
  replacedParts.set(
    lower(pkg.bookRels.name),
    editRelationships(pkg.bookRels.xml, pkg.bookRels.root, removedRels, newRels),
  );

  const result: WrittenReport = {
    sheets: added.map((a) => ({ name: a.sheet.name, sheetId: a.sheetId, part: a.part })),
    removed: [...removed].map((s) => s.name),
    record,
  };

  return {
    result,
    async write(zip: ZipWriter): Promise<void> {
      const seen = new Set<string>();
      for (const entry of pkg.zip.entries()) {
        const key = lower(entry.name);
        // A second entry of one name is not part of the package (readers use the first): it is not copied.
        if (seen.has(key)) continue;
        seen.add(key);
        if (removedParts.has(key)) continue;
        const replacement = replacedParts.get(key);
        if (replacement !== undefined) await zip.add(entry.name, replacement);
        else await zip.copy(entry, await pkg.zip.raw(entry));
      }
      for (const part of newParts) {
        await zip.add(part.name, typeof part.content === 'string' ? part.content : part.content());
      }
      await zip.finish();
    },
  };
}

/**
 * Adds to `removed` the given parts, their relationships parts, and every part that only they refer to (a removed
 * sheet's comments, drawing and its charts, printer settings), following relationships until a part is also
 * referred to from a part that stays.
 */
async function collectRemovedParts(
  pkg: WorkbookPackage,
  parts: string[],
  removed: Set<string>,
): Promise<void> {
  if (parts.length === 0) return;
  // Every relationships part of the package: which part refers to which.
  const refs = new Map<string, string[]>();
  for (const entry of pkg.zip.entries()) {
    const name = entry.name.replace(/^\/+/, '');
    const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(name);
    if (!m) continue;
    const source = `${m[1]}${m[2]}`;
    let rels: Relationship[];
    try {
      const xml = await pkg.text(entry.name);
      rels = xml === undefined ? [] : relationshipsOf(parseXml(xml), partDir(source));
    } catch {
      continue; // a damaged relationships part: what it refers to is kept
    }
    refs.set(
      lower(source),
      rels.filter((r) => !r.external && r.part).map((r) => lower(r.part ?? '')),
    );
  }
  const referredFromKept = (part: string): boolean => {
    for (const [source, targets] of refs) {
      if (removed.has(source)) continue;
      if (targets.includes(part)) {
        // The workbook refers to its sheets; that reference goes with the sheet.
        if (source === lower(pkg.bookPart)) continue;
        return true;
      }
    }
    return false;
  };
  const queue = parts.map(lower);
  while (queue.length) {
    const part = queue.shift() as string;
    if (removed.has(part)) continue;
    removed.add(part);
    const rels = relsPartOf(part);
    if (pkg.zip.entry(rels)) removed.add(lower(rels));
    for (const target of refs.get(part) ?? []) {
      if (!removed.has(target) && !referredFromKept(target) && pkg.zip.entry(target)) queue.push(target);
    }
  }
}

interface AddedSheet {
  sheet: WritePlan['sheets'][number];
  part: string;
  sheetId: number;
  rId: string;
}

/** A start tag with an attribute set, as text (the tag given as text, not at its place in a document). */
function tagWithAttribute(tag: string, selfClosing: boolean, name: string, value: string): string {
  const el = { start: 0, openEnd: tag.length, selfClosing } as XmlElement;
  return withAttribute(tag, el, name, value);
}

/**
 * The workbook part with the removed sheets out and the new ones in, defined names and views following the sheets'
 * positions. `selected` is the new sheet that becomes the active tab (when the report replaced the active one).
 */
function editWorkbook(
  pkg: WorkbookPackage,
  removed: Set<PackageSheet>,
  added: AddedSheet[],
): { xml: string; selected?: AddedSheet } {
  const { xml, root } = pkg.book;
  const splices = new Splices();
  const sheetsEl = child(root, 'sheets');
  if (!sheetsEl || sheetsEl.selfClosing) throw new XmlEditError('the workbook part lists no sheets');
  const kept = pkg.sheets.filter((s) => !removed.has(s));
  const newIndex = new Map(kept.map((s, i) => [s.index, i]));

  for (const s of removed) splices.remove(s.element.start, s.element.end);

  // The r:id attribute of a new <sheet>: with the prefix the workbook binds to the relationships namespace.
  const relNs = pkg.namespaces.rel;
  let relPrefix = prefixOf(root, relNs) ?? prefixOf(sheetsEl, relNs);
  let declare = '';
  if (relPrefix === undefined || relPrefix === '') {
    relPrefix = root.attrs.has('xmlns:r') ? 'brr' : 'r';
    declare = ` xmlns:${relPrefix}="${relNs}"`;
  }
  const sheetTag = qualify(sheetsEl.prefix, 'sheet');
  const inserted = added
    .map(
      (a) =>
        `<${sheetTag} name="${escapeAttr(a.sheet.name)}" sheetId="${a.sheetId}" ${relPrefix}:id="${a.rId}"${declare}/>`,
    )
    .join('');
  if (inserted) splices.insert(sheetsEl.closeStart, inserted);

  // Defined names local to a sheet: a removed sheet's go, the others follow their sheet.
  const namesEl = child(root, 'definedNames');
  const newNames = pageSetupNames(
    added.map((a) => a.sheet),
    kept.length,
    qualify(sheetsEl.prefix, 'definedName'),
  );
  if (namesEl && removed.size > 0) {
    const names = childrenNamed(namesEl, 'definedName');
    const edits: { el: XmlElement; to?: number }[] = [];
    for (const el of names) {
      const local = attr(el, 'localSheetId');
      const sheet = local === undefined ? undefined : pkg.sheets[Number(local)];
      if (!sheet) continue;
      if (removed.has(sheet)) edits.push({ el });
      else if (newIndex.get(sheet.index) !== sheet.index) edits.push({ el, to: newIndex.get(sheet.index) });
    }
    const gone = edits.filter((e) => e.to === undefined).length;
    if (gone > 0 && gone === names.length && newNames === '') {
      splices.remove(namesEl.start, namesEl.end); // an emptied <definedNames> goes whole
    } else {
      for (const e of edits) {
        if (e.to === undefined) splices.remove(e.el.start, e.el.end);
        else
          splices.replace(e.el.start, e.el.openEnd, withAttribute(xml, e.el, 'localSheetId', String(e.to)));
      }
    }
  }

  // The new sheets' print titles and filters, after the user's names.
  if (newNames !== '') {
    if (namesEl && !namesEl.selfClosing) splices.insert(namesEl.closeStart, newNames);
    else {
      const q = qualify(sheetsEl.prefix, 'definedNames');
      const block = `<${q}>${newNames}</${q}>`;
      if (namesEl) splices.replace(namesEl.start, namesEl.end, block);
      else {
        // CT_Workbook's order: sheets, functionGroups, externalReferences, definedNames, calcPr, …
        const after = child(root, 'externalReferences') ?? child(root, 'functionGroups') ?? sheetsEl;
        splices.insert(after.end, block);
      }
    }
  }

  // The active tab: the user's, where it moved to; if the report replaced it, the new sheet of its name (or the
  // first new sheet), which is then also the selected tab.
  let selected: AddedSheet | undefined;
  const activeAt = (old: number): number => {
    const sheet = pkg.sheets[old];
    if (sheet && !removed.has(sheet)) return newIndex.get(old) ?? 0;
    if (added.length > 0) {
      const same = added.find((a) => sheet && sameSheetName(a.sheet.name, sheet.name)) ?? added[0];
      selected ??= same;
      return kept.length + added.indexOf(same);
    }
    const visible = kept.findIndex((s) => s.state === 'visible');
    return visible >= 0 ? visible : 0;
  };
  // The first tab shown in the tab bar: the first kept sheet from the old one on (else the first new sheet),
  // never after the active tab.
  const firstAt = (old: number, active: number): number => {
    for (let i = old; i < pkg.sheets.length; i++) {
      const n = newIndex.get(i);
      if (n !== undefined) return Math.min(n, active);
    }
    return Math.min(kept.length, active);
  };

  if (removed.size > 0) {
    const viewsEl = child(root, 'bookViews');
    const views = viewsEl ? childrenNamed(viewsEl, 'workbookView') : [];
    if (views.length === 0) {
      const active = activeAt(0);
      if (active !== 0) {
        const q = (local: string) => qualify(sheetsEl.prefix, local);
        splices.insert(
          sheetsEl.start,
          `<${q('bookViews')}><${q('workbookView')} activeTab="${active}"/></${q('bookViews')}>`,
        );
      }
    }
    for (const v of views) {
      const hadActive = attr(v, 'activeTab') !== undefined;
      const hadFirst = attr(v, 'firstSheet') !== undefined;
      const oldActive = Number(attr(v, 'activeTab') ?? 0) || 0;
      const oldFirst = Number(attr(v, 'firstSheet') ?? 0) || 0;
      const active = activeAt(oldActive);
      const first = firstAt(oldFirst, active);
      const original = xml.slice(v.start, v.openEnd);
      let tag = original;
      if (active !== oldActive || (hadActive && active !== oldActive))
        tag = tagWithAttribute(tag, v.selfClosing, 'activeTab', String(active));
      if (first !== oldFirst || (hadFirst && first !== oldFirst))
        tag = tagWithAttribute(tag, v.selfClosing, 'firstSheet', String(first));
      if (tag !== original) splices.replace(v.start, v.openEnd, tag);
    }
  }
  return { xml: splices.apply(xml), ...(selected ? { selected } : {}) };
}

/**
 * The defined names that carry generated sheets' page setup: `_xlnm.Print_Titles` (rows repeated on every printed
 * page) and `_xlnm._FilterDatabase` (the filter's range, hidden, as Excel writes it beside a sheet's autoFilter),
 * local to each sheet by its position (`localSheetId`), the sheets coming after the `before` ones of the workbook.
 * Both the user's package (new sheets after the kept ones) and a new workbook (`before` 0) use it.
 */
export function pageSetupNames(sheets: readonly PlanSheet[], before: number, tag: string): string {
  let out = '';
  sheets.forEach((plan, i) => {
    const sheet = escapeText(quoteSheet(plan.name));
    const local = before + i;
    const titles = plan.print?.titleRows;
    if (titles)
      out += `<${tag} name="_xlnm.Print_Titles" localSheetId="${local}">${sheet}!$${titles.first + 1}:$${titles.last + 1}</${tag}>`;
    const f = plan.autoFilter;
    if (f) {
      const from = `$${columnLetter(f.left)}$${f.top + 1}`;
      const to = `$${columnLetter(f.right)}$${f.bottom + 1}`;
      out += `<${tag} name="_xlnm._FilterDatabase" localSheetId="${local}" hidden="1">${sheet}!${from}:${to}</${tag}>`;
    }
  });
  return out;
}

/** `[Content_Types].xml` without the removed parts' overrides and with the new parts' ones. */
function editContentTypes(
  pkg: WorkbookPackage,
  removedParts: Set<string>,
  overrides: { part: string; type: string }[],
): string {
  const { xml, root } = pkg.contentTypes;
  const splices = new Splices();
  for (const o of childrenNamed(root, 'Override')) {
    const name = attr(o, 'PartName');
    if (name === undefined) continue;
    if (removedParts.has(lower(name)) || overrides.some((n) => samePart(n.part, name)))
      splices.remove(o.start, o.end);
  }
  const tag = qualify(root.prefix, 'Override');
  const added = overrides
    .map((o) => `<${tag} PartName="${escapeAttr(partName(o.part))}" ContentType="${escapeAttr(o.type)}"/>`)
    .join('');
  if (root.selfClosing) throw new XmlEditError('[Content_Types].xml is empty');
  splices.insert(root.closeStart, added);
  return splices.apply(xml);
}

/** A relationships part without some relationships and with new ones. */
function editRelationships(
  xml: string,
  root: XmlElement,
  removed: Set<Relationship>,
  added: { type: string; target: string; id: string }[],
): string {
  const splices = new Splices();
  for (const r of removed) splices.remove(r.element.start, r.element.end);
  const tag = qualify(root.prefix, 'Relationship');
  const text = added
    .map(
      (r) =>
        `<${tag} Id="${escapeAttr(r.id)}" Type="${escapeAttr(r.type)}" Target="${escapeAttr(r.target)}"/>`,
    )
    .join('');
  if (root.selfClosing) {
    splices.replace(
      root.start,
      root.end,
      `${xml.slice(root.start, root.end).replace(/\s*\/>$/, '>')}${text}</${root.qname}>`,
    );
  } else {
    splices.insert(root.closeStart, text);
  }
  return splices.apply(xml);
}

/**
 * The calculation chain without the cells of removed sheets (`i` is a sheet's `sheetId`; an entry without `i` is on
 * the sheet of the entry before it). An entry kept after removed ones is given its `i` explicitly, and a removed
 * run's "new dependency level" flag (`l`) passes to the next entry kept. Null when no entry is left (the chain
 * must then go: an empty one is not valid).
 */
export function filterCalcChain(xml: string, removedSheetIds: ReadonlySet<number>): string | null {
  const root = parseXml(xml);
  const splices = new Splices();
  let sheet: number | undefined;
  let kept = 0;
  let afterRemoved = false;
  let levelPending = false;
  for (const c of childrenNamed(root, 'c')) {
    const i = attr(c, 'i');
    if (i !== undefined) sheet = Number(i);
    if (sheet !== undefined && removedSheetIds.has(sheet)) {
      splices.remove(c.start, c.end);
      afterRemoved = true;
      if (attr(c, 'l') === '1' || attr(c, 'l') === 'true') levelPending = true;
      continue;
    }
    kept++;
    if (afterRemoved) {
      let tag = xml.slice(c.start, c.openEnd);
      const el = { ...c, start: 0, openEnd: tag.length } as XmlElement;
      if (i === undefined && sheet !== undefined) tag = withAttribute(tag, el, 'i', String(sheet));
      if (levelPending && attr(c, 'l') === undefined) {
        tag = withAttribute(tag, { ...el, openEnd: tag.length } as XmlElement, 'l', '1');
      }
      if (tag !== xml.slice(c.start, c.openEnd)) splices.replace(c.start, c.openEnd, tag);
      afterRemoved = false;
      levelPending = false;
    }
  }
  if (kept === 0) return null;
  return splices.size === 0 ? xml : splices.apply(xml);
}
