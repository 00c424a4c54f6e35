/**
 * Fixes to exceljs 4.4 that both the reader and the writer rely on. Each is process-wide and idempotent (a
 * global symbol marks it applied), and each has a regression test in test/hosts/xlsx.
 */
import NumFmtXform from 'exceljs/lib/xlsx/xform/style/numfmt-xform';

/**
 * exceljs 4.4 removes every backslash escape from a number format it reads (`0.00\%` becomes `0.00%`). That
 * changes what the format means: `0.00\%` shows 98.88 as "98.88%", `0.00%` shows it as "9888.00%". Excel (and
 * so the Office.js host) gives the code as stored, so we make exceljs keep it too. The patch is process-wide,
 * idempotent, and also keeps a workbook that exceljs reads and writes back showing its figures as before.
 */
const PATCHED = Symbol.for('budget-review.exceljs.keepNumberFormatEscapes');

export function keepNumberFormatEscapes(): void {
  const proto = NumFmtXform.prototype as NumFmtXform & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const parseOpen = proto.parseOpen;
  proto.parseOpen = function (this: NumFmtXform, node) {
    const handled = parseOpen.call(this, node);
    const raw = node.attributes.formatCode;
    if (node.name === 'numFmt' && this.model && typeof raw === 'string') this.model.formatCode = raw;
    return handled;
  };
  proto[PATCHED] = true;
}

interface XmlStream {
  leafNode(name: string, attributes?: Record<string, string | undefined>, text?: string): void;
}
interface HyperlinkModel {
  address: string;
  target?: string;
  rId?: string;
  tooltip?: string;
}
interface RelModel {
  Id: string;
  Type: string;
  Target: string;
  TargetMode?: string;
}
interface WorksheetModel {
  hyperlinks?: HyperlinkModel[];
  rels?: RelModel[];
  relationships?: RelModel[];
}
interface HyperlinkXformProto {
  render(xmlStream: XmlStream, model: HyperlinkModel): void;
}
interface WorksheetXformProto {
  prepare(model: WorksheetModel, options: unknown): void;
  reconcile(model: WorksheetModel, options: unknown): void;
}

const HYPERLINK_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

/**
 * Internal links as Excel writes them. exceljs 4.4 writes a link to `#'Sheet'!A1` as an external relationship to
 * `#'Sheet'!A1` *and* a `location` of `#'Sheet'!A1`, which Excel joins into `#'Sheet'!A1#'Sheet'!A1` (exceljs
 * issues #749, #3027); and it drops the internal links of a workbook it reads (Excel stores them as `location`
 * alone). We write `<hyperlink ref location="'Sheet'!A1"/>` with no relationship, and read such a link back as
 * `#'Sheet'!A1`, so a user's own internal links survive too.
 */
export function writeInternalLinksAsLocations(): void {
  // exceljs ships no typings for its lib/ modules; these two are typed by the interfaces above.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const hyperlinkXform = require('exceljs/lib/xlsx/xform/sheet/hyperlink-xform') as {
    prototype: HyperlinkXformProto;
  };
  const worksheetXform = require('exceljs/lib/xlsx/xform/sheet/worksheet-xform') as {
    prototype: WorksheetXformProto;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const flag = Symbol.for('budget-review.exceljs.internalLinksAsLocations');
  const linkProto = hyperlinkXform.prototype as HyperlinkXformProto & { [flag]?: true };
  if (linkProto[flag]) return;

  const render = linkProto.render;
  linkProto.render = function (this: HyperlinkXformProto, xmlStream, model) {
    if (model.rId === undefined && typeof model.target === 'string' && model.target.startsWith('#')) {
      xmlStream.leafNode('hyperlink', {
        ref: model.address,
        location: model.target.slice(1),
        tooltip: model.tooltip,
      });
      return;
    }
    render.call(this, xmlStream, model);
  };

  const sheetProto = worksheetXform.prototype;
  const prepare = sheetProto.prepare;
  sheetProto.prepare = function (this: WorksheetXformProto, model, options) {
    prepare.call(this, model, options);
    const internal = new Set<string>();
    for (const link of model.hyperlinks ?? []) {
      if (link.rId !== undefined && typeof link.target === 'string' && link.target.startsWith('#')) {
        internal.add(link.rId);
        delete link.rId;
      }
    }
    const rels = model.rels;
    if (internal.size > 0 && rels) {
      // In place: exceljs keeps a reference to this array. Gaps in the rIds are allowed.
      for (let i = rels.length - 1; i >= 0; i--) if (internal.has(rels[i].Id)) rels.splice(i, 1);
    }
  };

  const reconcile = sheetProto.reconcile;
  sheetProto.reconcile = function (this: WorksheetXformProto, model, options) {
    let n = 0;
    for (const link of model.hyperlinks ?? []) {
      if (link.rId === undefined && typeof link.target === 'string' && link.target !== '') {
        const id = `budget-review-location-${++n}`;
        link.rId = id;
        (model.relationships ??= []).push({ Id: id, Type: HYPERLINK_REL, Target: `#${link.target}` });
      }
    }
    reconcile.call(this, model, options);
  };
  linkProto[flag] = true;
}

/** Applies every fix (called once when the .xlsx host is loaded). */
export function applyExceljsFixes(): void {
  keepNumberFormatEscapes();
  writeInternalLinksAsLocations();
}

applyExceljsFixes();
