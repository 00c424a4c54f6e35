/**
 * The .xlsx host uses exceljs beyond its public API: it patches private xforms (src/hosts/xlsx/exceljs-fixes.ts),
 * parses parts with others (read.ts), moves shared formulas with a private helper and parses sheets with exceljs's
 * own XML parser (sheet-xml.ts), all typed by hand in exceljs-internals.d.ts. exceljs is therefore pinned to one
 * exact version, and this file checks that the installed exceljs is that version and that every internal still
 * has the shape the host relies on. A failure names the internal and what changed: review the files above before
 * moving the pin.
 *
 * The checks run on exceljs as installed, without the host's fixes (this file never loads them), so they see the
 * originals that the fixes wrap.
 */
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { Readable } from 'stream';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

const REVIEW =
  'review src/hosts/xlsx/exceljs-fixes.ts, exceljs-internals.d.ts, read.ts and sheet-xml.ts before moving the ' +
  'exceljs pin in package.json';

type Proto = Record<string, unknown>;
type Ctor = (new (...args: unknown[]) => Record<string, unknown>) & { prototype: Proto };

/** Loads a private exceljs module, or fails naming it. */
function internal(module: string): unknown {
  try {
    return requireFromRoot(module);
  } catch (err) {
    throw new Error(
      `exceljs internal ${module} cannot be loaded (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); ${REVIEW}`,
    );
  }
}

function xformClass(module: string): Ctor {
  const found = internal(module);
  if (typeof found !== 'function')
    throw new Error(`exceljs internal ${module} no longer exports a class; ${REVIEW}`);
  return found as Ctor;
}

/** Fails, naming the internal, unless every problem list is empty. */
function expectShape(name: string, problems: string[]): void {
  if (problems.length > 0) {
    throw new Error(`exceljs internal ${name} changed: ${problems.join('; ')}; ${REVIEW}`);
  }
}

/** Problems when `proto` lacks one of `methods` (name → number of declared parameters, as the host calls it). */
function methods(proto: Proto, wanted: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [name, arity] of Object.entries(wanted)) {
    const fn = proto[name];
    if (typeof fn !== 'function') problems.push(`${name}() is gone`);
    else if (fn.length !== arity) problems.push(`${name}() takes ${fn.length} parameters, not ${arity}`);
  }
  return problems;
}

const text = (xml: string) => Readable.from([xml]);

describe('exceljs', () => {
  it('is pinned to one exact version, and that version is the one installed', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const pinned = pkg.dependencies.exceljs;
    const installed = (requireFromRoot('exceljs/package.json') as { version: string }).version;
    const locked = lock.packages['node_modules/exceljs']?.version;
    expect({ pinned }).toEqual({ pinned: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    if (installed !== pinned || locked !== pinned) {
      throw new Error(
        `exceljs ${installed} is installed and ${String(locked)} locked, but package.json pins ${pinned}: ` +
          `run npm ci; to move the pin, ${REVIEW.replace(' before moving the exceljs pin in package.json', '')}`,
      );
    }
  });
});

describe('the exceljs internals the .xlsx host relies on', () => {
  it('numfmt-xform: parseOpen(node) sets model { id, formatCode } (patched by keepNumberFormatEscapes)', () => {
    const module = 'exceljs/lib/xlsx/xform/style/numfmt-xform';
    const NumFmtXform = xformClass(module);
    const problems = methods(NumFmtXform.prototype, { parseOpen: 1 });
    if (problems.length === 0) {
      const xform = new NumFmtXform();
      const parseOpen = xform.parseOpen as (node: unknown) => unknown;
      const handled = parseOpen.call(xform, {
        name: 'numFmt',
        attributes: { numFmtId: '164', formatCode: '0.00' },
      });
      if (handled !== true) problems.push(`parseOpen(<numFmt>) returns ${String(handled)}, not true`);
      const model = xform.model as { id?: unknown; formatCode?: unknown } | undefined;
      if (model?.id !== 164 || model?.formatCode !== '0.00') {
        problems.push(
          `after parseOpen, model is ${JSON.stringify(model)}, not { id: 164, formatCode: "0.00" }`,
        );
      }
    }
    expectShape(module, problems);
  });

  it('styles-xform: parseStream(text), then model.styles and getStyleModel(index).numFmt as a format code', async () => {
    const module = 'exceljs/lib/xlsx/xform/style/styles-xform';
    const StylesXform = xformClass(module);
    const problems = methods(StylesXform.prototype, { parseStream: 1, getStyleModel: 1 });
    if (problems.length === 0) {
      const styles = new StylesXform();
      await (styles.parseStream as (s: Readable) => Promise<unknown>).call(
        styles,
        text(
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0000"/></numFmts>' +
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>' +
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>' +
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>' +
            '</styleSheet>',
        ),
      );
      const model = styles.model as { styles?: unknown } | undefined;
      if (!Array.isArray(model?.styles)) problems.push('model.styles is not the list of cell formats');
      const style = (styles.getStyleModel as (id: number) => { numFmt?: unknown } | null).call(styles, 1);
      if (style?.numFmt !== '0.0000') {
        problems.push(`getStyleModel(1).numFmt is ${JSON.stringify(style?.numFmt)}, not "0.0000"`);
      }
    }
    expectShape(module, problems);
  });

  it('workbook-xform: parseStream(text) gives { sheets: [{ name, id, state, rId }], properties: { date1904 } }', async () => {
    const module = 'exceljs/lib/xlsx/xform/book/workbook-xform';
    const WorkbookXform = xformClass(module);
    const problems = methods(WorkbookXform.prototype, { parseStream: 1 });
    if (problems.length === 0) {
      const xform = new WorkbookXform();
      const model = (await (xform.parseStream as (s: Readable) => Promise<unknown>).call(
        xform,
        text(
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
            '<workbookPr date1904="1"/><sheets><sheet name="决算表" sheetId="3" state="hidden" r:id="rId7"/></sheets>' +
            '</workbook>',
        ),
      )) as { sheets?: unknown[]; properties?: { date1904?: unknown } } | undefined;
      const sheet = model?.sheets?.[0];
      if (JSON.stringify(sheet) !== JSON.stringify({ name: '决算表', id: 3, state: 'hidden', rId: 'rId7' })) {
        problems.push(
          `sheets[0] is ${JSON.stringify(sheet)}, not { name, id: 3, state: "hidden", rId: "rId7" }`,
        );
      }
      if (model?.properties?.date1904 !== true) {
        problems.push(`properties.date1904 is ${JSON.stringify(model?.properties?.date1904)}, not true`);
      }
    }
    expectShape(module, problems);
  });

  it('relationships-xform: parseStream(text) gives [{ Id, Type, Target, TargetMode }]', async () => {
    const module = 'exceljs/lib/xlsx/xform/core/relationships-xform';
    const RelationshipsXform = xformClass(module);
    const problems = methods(RelationshipsXform.prototype, { parseStream: 1 });
    if (problems.length === 0) {
      const xform = new RelationshipsXform();
      const rels = (await (xform.parseStream as (s: Readable) => Promise<unknown>).call(
        xform,
        text(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            '<Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/>' +
            '<Relationship Id="rId2" Type="t/hyperlink" Target="https://example.org/" TargetMode="External"/>' +
            '</Relationships>',
        ),
      )) as unknown[] | undefined;
      const expected = [
        { Id: 'rId1', Type: 't/worksheet', Target: 'worksheets/sheet1.xml' },
        { Id: 'rId2', Type: 't/hyperlink', Target: 'https://example.org/', TargetMode: 'External' },
      ];
      if (JSON.stringify(rels) !== JSON.stringify(expected)) {
        problems.push(`parsed ${JSON.stringify(rels)}, not ${JSON.stringify(expected)}`);
      }
    }
    expectShape(module, problems);
  });

  it('shared-formula: slideFormula(formula, fromCell, toCell) moves relative references only', () => {
    const module = 'exceljs/lib/utils/shared-formula';
    const slide = (internal(module) as { slideFormula?: unknown }).slideFormula;
    const problems: string[] = [];
    if (typeof slide !== 'function') problems.push('slideFormula is gone');
    else {
      const moved = (slide as (f: string, from: string, to: string) => unknown)('A1+$B$1+C$2', 'D1', 'E3');
      if (moved !== 'B3+$B$1+D$2')
        problems.push(`slideFormula('A1+$B$1+C$2', 'D1', 'E3') is ${String(moved)}`);
    }
    expectShape(module, problems);
  });

  it('saxes (exceljs’s XML parser, loaded from where exceljs resolves it): on(), write(), close()', () => {
    const module = 'saxes (from exceljs)';
    const problems: string[] = [];
    let Parser: unknown;
    try {
      Parser = (createRequire(requireFromRoot.resolve('exceljs'))('saxes') as { SaxesParser?: unknown })
        .SaxesParser;
    } catch (err) {
      problems.push(`cannot be loaded: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    if (typeof Parser !== 'function') problems.push('SaxesParser is not a class');
    else {
      interface Sax {
        on(event: string, handler: (x: unknown) => void): void;
        write(chunk: string): unknown;
        close(): unknown;
      }
      const parser = new (Parser as new (options: { position: boolean }) => Sax)({ position: false });
      const seen: string[] = [];
      parser.on('opentag', (t) =>
        seen.push(
          `<${(t as { name: string }).name} ${JSON.stringify((t as { attributes: unknown }).attributes)}>`,
        ),
      );
      parser.on('closetag', (t) => seen.push(`</${(t as { name: string }).name}>`));
      parser.on('text', (t) => seen.push(String(t)));
      parser.on('cdata', (t) => seen.push(`cdata ${String(t)}`));
      parser.write('<c r="A1"><v>1');
      parser.write('2</v><is><![CDATA[x]]></is></c>');
      parser.close();
      const expected = ['<c {"r":"A1"}>', '<v {}>', '12', '</v>', '<is {}>', 'cdata x', '</is>', '</c>'];
      if (JSON.stringify(seen) !== JSON.stringify(expected)) {
        problems.push(`events ${JSON.stringify(seen)}, not ${JSON.stringify(expected)}`);
      }
    }
    expectShape(module, problems);
  });

  /**
   * writeInternalLinksAsLocations wraps HyperlinkXform.render and WorksheetXform.prepare / reconcile and reads the
   * models they receive. The wrappers here record those models while exceljs writes and reads a workbook with an
   * internal link, then are taken off again.
   */
  it('hyperlink-xform and worksheet-xform: render(xmlStream, model), prepare(model, options), reconcile(model, options) and the models they see', async () => {
    const linkModule = 'exceljs/lib/xlsx/xform/sheet/hyperlink-xform';
    const sheetModule = 'exceljs/lib/xlsx/xform/sheet/worksheet-xform';
    const HyperlinkXform = xformClass(linkModule);
    const WorksheetXform = xformClass(sheetModule);
    expectShape(linkModule, methods(HyperlinkXform.prototype, { render: 2 }));
    expectShape(sheetModule, methods(WorksheetXform.prototype, { prepare: 2, reconcile: 2 }));

    type Fn = (this: unknown, ...args: unknown[]) => unknown;
    const seen: { render: unknown[]; prepared: unknown[]; reconciled: unknown[] } = {
      render: [],
      prepared: [],
      reconciled: [],
    };
    const originals = {
      render: HyperlinkXform.prototype.render as Fn,
      prepare: WorksheetXform.prototype.prepare as Fn,
      reconcile: WorksheetXform.prototype.reconcile as Fn,
    };
    HyperlinkXform.prototype.render = function (this: unknown, xmlStream: unknown, model: unknown) {
      seen.render.push({ leafNode: typeof (xmlStream as { leafNode?: unknown }).leafNode, model });
      return originals.render.call(this, xmlStream, model);
    };
    WorksheetXform.prototype.prepare = function (this: unknown, model: unknown, options: unknown) {
      const out = originals.prepare.call(this, model, options);
      const m = model as { hyperlinks?: unknown; rels?: unknown };
      seen.prepared.push(JSON.parse(JSON.stringify({ hyperlinks: m.hyperlinks, rels: m.rels })));
      return out;
    };
    WorksheetXform.prototype.reconcile = function (this: unknown, model: unknown, options: unknown) {
      const m = model as { hyperlinks?: unknown; relationships?: unknown };
      seen.reconciled.push(
        JSON.parse(JSON.stringify({ hyperlinks: m.hyperlinks, relationships: m.relationships })),
      );
      return originals.reconcile.call(this, model, options);
    };
    try {
      const book = new ExcelJS.Workbook();
      book.addWorksheet('源表').getCell('A1').value = { text: 'to 目标', hyperlink: "#'目标'!B2" };
      book.addWorksheet('目标');
      const buffer = await book.xlsx.writeBuffer();
      await new ExcelJS.Workbook().xlsx.load(buffer);
    } catch (err) {
      throw new Error(
        `exceljs internals ${linkModule} and ${sheetModule}: writing and reading back a workbook with an ` +
          `internal link failed (${err instanceof Error ? err.message : String(err)}); ${REVIEW}`,
      );
    } finally {
      HyperlinkXform.prototype.render = originals.render;
      WorksheetXform.prototype.prepare = originals.prepare;
      WorksheetXform.prototype.reconcile = originals.reconcile;
    }

    const link = { address: 'A1', target: "#'目标'!B2" };
    const linkProblems: string[] = [];
    const rendered = seen.render[0] as {
      leafNode: string;
      model: { address?: string; target?: string; rId?: string };
    };
    if (!rendered) linkProblems.push('render() was not called for a cell with a hyperlink');
    else {
      if (rendered.leafNode !== 'function')
        linkProblems.push('render() gets an xmlStream without leafNode()');
      const m = rendered.model;
      if (m.address !== link.address || m.target !== link.target || typeof m.rId !== 'string') {
        linkProblems.push(`render() gets ${JSON.stringify(m)}, not { address, target, rId }`);
      }
    }
    expectShape(linkModule, linkProblems);

    const sheetProblems: string[] = [];
    const prepared = seen.prepared[0] as {
      hyperlinks?: { address?: string; target?: string; rId?: string }[];
      rels?: { Id?: string; Type?: string; Target?: string; TargetMode?: string }[];
    };
    const h = prepared?.hyperlinks?.[0];
    if (!h || h.address !== link.address || h.target !== link.target || typeof h.rId !== 'string') {
      sheetProblems.push(`after prepare(), model.hyperlinks is ${JSON.stringify(prepared?.hyperlinks)}`);
    } else {
      const rel = prepared.rels?.find((r) => r.Id === h.rId);
      if (!rel || !String(rel.Type).endsWith('/hyperlink') || rel.Target !== link.target) {
        sheetProblems.push(
          `after prepare(), model.rels ${JSON.stringify(prepared.rels)} has no hyperlink relationship ${h.rId}`,
        );
      }
    }
    const reconciled = seen.reconciled[0] as {
      hyperlinks?: { address?: string; rId?: string }[];
      relationships?: unknown;
    };
    const r = reconciled?.hyperlinks?.[0];
    if (!r || r.address !== link.address || typeof r.rId !== 'string') {
      sheetProblems.push(`before reconcile(), model.hyperlinks is ${JSON.stringify(reconciled?.hyperlinks)}`);
    }
    if (!Array.isArray(reconciled?.relationships)) {
      sheetProblems.push(
        `before reconcile(), model.relationships is ${JSON.stringify(reconciled?.relationships)}`,
      );
    }
    expectShape(sheetModule, sheetProblems);
  });
});
