/**
 * A new workbook made of generated sheets alone (the batch review of many departments' workbooks): no user's package
 * to copy, so every part is written here, with the same sheet writer, looks and styles part as a report's generated
 * sheets (sheet-writer.ts, styles.ts, style-sheet.ts) and through a temporary file and a rename (files.ts).
 *
 * Beyond a report's sheets, a sheet of a new workbook may have an autofilter over its table, print landscape one page
 * wide with its header rows repeated on every page (the `_xlnm.Print_Titles` defined name), and text cells that link
 * to another file by a relative path (an external hyperlink relationship, as Excel writes a link to a file).
 */
import * as path from 'path';
import type { PlanCell, WritePlan } from '../../engine/plan-types';
import { PlanError, validatePlan } from '../../engine/plan-validate';
import { OutputFileError, writeFileAtomically } from '../files';
import { CONTENT_TYPE, NAMESPACES } from './package';
import { worksheetXml } from './sheet-writer';
import { emptyStyleSheet, StyleSheetEditor } from './style-sheet';
import { lookOf, pageSetupNames, ReportWriteError } from './write';
import { escapeAttr } from './xml-edit';
import { ZipWriter } from './zip-writer';

/**
 * What a sheet of a new workbook has beyond its plan sheet (whose page setup and filter it carries, as the
 * report's sheets do).
 */
export interface NewSheetExtras {
  /** Text cells (the very objects of the plan sheet's rows) that link to a file, by a relative path. */
  fileLinks?: Map<PlanCell, string>;
}

const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HYPERLINK_TYPE = `${NAMESPACES.transitional.rel}/hyperlink`;

/**
 * A relative path as a hyperlink target: forward slashes, each segment percent-encoded where a URI needs it (a space,
 * `#`, `%`), other characters (Chinese file names) kept as they are, as Excel writes them.
 */
export function fileLinkTarget(relative: string): string {
  return relative
    .split(/[\\/]/)
    .map((segment) =>
      segment.replace(/[%#? \u0000-\u001f\u007f"<>|^`{}[\]]/g, (ch) => encodeURIComponent(ch)),
    )
    .join('/');
}

/**
 * Writes `plan` as a new workbook at `outPath` (through a temporary file and a rename). `extras` goes by sheet
 * index. Rejects with {@link ReportWriteError}: `plan` for an invalid plan (a bug), `output` when the file cannot be
 * written; on a rejection nothing is left at `outPath`.
 */
export async function writeNewWorkbook(
  plan: WritePlan,
  outPath: string,
  extras: readonly NewSheetExtras[] = [],
): Promise<void> {
  if (plan.sheets.length === 0) throw new ReportWriteError('plan', outPath, 'no sheets');
  try {
    validatePlan(plan, []);
  } catch (err) {
    if (err instanceof PlanError) throw new ReportWriteError('plan', outPath, err.detail);
    throw err;
  }
  const ns = NAMESPACES.transitional;
  const styles = new StyleSheetEditor(emptyStyleSheet(ns.main));
  const linkLook = (cell: PlanCell): PlanCell =>
    cell.kind === 'text' ? { kind: 'link', text: cell.text, sheet: '', cell: 'A1', style: cell.style } : cell;

  const sheets = plan.sheets.map((sheet, i) => {
    const extra = extras[i] ?? {};
    const links = extra.fileLinks ?? new Map<PlanCell, string>();
    // One relationship per distinct target.
    const ids = new Map<string, string>();
    const rels: string[] = [];
    for (const target of links.values()) {
      if (ids.has(target)) continue;
      const id = `rId${ids.size + 1}`;
      ids.set(target, id);
      rels.push(
        `<Relationship Id="${id}" Type="${HYPERLINK_TYPE}" Target="${escapeAttr(fileLinkTarget(target))}" TargetMode="External"/>`,
      );
    }
    const xfs = new Map<string, number>();
    const styleOf = (cell: PlanCell, wrap: boolean): number => {
      const look = lookOf(links.has(cell) ? linkLook(cell) : cell, plan.lang, wrap);
      const key = JSON.stringify(look);
      let s = xfs.get(key);
      if (s === undefined) xfs.set(key, (s = styles.xfIndex(look)));
      return s;
    };
    // Every look is known before the styles part is written.
    const wrap = new Set(sheet.wrapColumns);
    for (const row of sheet.rows) row.forEach((cell, c) => cell && styleOf(cell, wrap.has(c)));
    return { sheet, extra, links, ids, rels, styleOf, part: `xl/worksheets/sheet${i + 1}.xml` };
  });

  const definedNames = pageSetupNames(
    sheets.map((s) => s.sheet),
    0,
    'definedName',
  );

  const workbookXml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<workbook xmlns="${ns.main}" xmlns:r="${ns.rel}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews><sheets>' +
    sheets
      .map((s, i) => `<sheet name="${escapeAttr(s.sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('') +
    '</sheets>' +
    (definedNames ? `<definedNames>${definedNames}</definedNames>` : '') +
    '</workbook>';
  const bookRels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<Relationships xmlns="${REL_NS}">` +
    sheets
      .map(
        (_s, i) =>
          `<Relationship Id="rId${i + 1}" Type="${ns.rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join('') +
    `<Relationship Id="rId${sheets.length + 1}" Type="${ns.rel}/styles" Target="styles.xml"/>` +
    '</Relationships>';
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    sheets.map((s) => `<Override PartName="/${s.part}" ContentType="${CONTENT_TYPE.worksheet}"/>`).join('') +
    `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE.styles}"/>` +
    '</Types>';
  const packageRels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<Relationships xmlns="${REL_NS}">` +
    `<Relationship Id="rId1" Type="${ns.rel}/officeDocument" Target="xl/workbook.xml"/>` +
    '</Relationships>';
  const stylesXml = styles.result();

  try {
    await writeFileAtomically(outPath, async (handle) => {
      const zip = new ZipWriter(handle, outPath);
      await zip.add('[Content_Types].xml', contentTypes);
      await zip.add('_rels/.rels', packageRels);
      await zip.add('xl/workbook.xml', workbookXml);
      await zip.add('xl/_rels/workbook.xml.rels', bookRels);
      await zip.add('xl/styles.xml', stylesXml);
      for (const [i, s] of sheets.entries()) {
        await zip.add(
          s.part,
          worksheetXml(s.sheet, {
            styleOf: s.styleOf,
            namespaces: ns,
            selected: i === 0,
            fileLink: (cell) => {
              const target = s.links.get(cell);
              return target === undefined ? undefined : s.ids.get(target);
            },
          }),
        );
        if (s.rels.length) {
          await zip.add(
            `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
              `<Relationships xmlns="${REL_NS}">${s.rels.join('')}</Relationships>`,
          );
        }
      }
      await zip.finish();
    });
  } catch (err) {
    if (err instanceof OutputFileError)
      throw new ReportWriteError('output', outPath, err.code ?? err.message.split('\n', 1)[0]);
    throw err;
  }
}

/** The relative path from the folder of `outPath` to `file`, as a link in the workbook written at `outPath`. */
export function relativeLink(outPath: string, file: string): string {
  return path.relative(path.dirname(path.resolve(outPath)), path.resolve(file));
}
