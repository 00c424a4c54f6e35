/**
 * The styles part of a report: the user's `xl/styles.xml` with the cell formats of the generated sheets appended.
 *
 * Nothing of the user's styles changes: their number formats, fonts, fills, borders and cell formats keep their
 * indexes (every cell of the user's sheets refers to them by index), the default font and named cell styles stay as
 * they are. Each look the generated sheets need (a font, a fill, a border, a number format, an alignment) is added
 * at the end of its list, once, and each list's `count` is updated. The looks themselves are those of styles.ts, in
 * exceljs's vocabulary (`Partial<ExcelJS.Font>` and so on), written here as SpreadsheetML.
 */
import type ExcelJS from 'exceljs';
import {
  attr,
  child,
  escapeAttr,
  parseXml,
  qualify,
  Splices,
  withAttribute,
  XmlEditError,
  type XmlElement,
} from './xml-edit';

/** Everything a generated cell's format is made of. */
export interface CellLook {
  font: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  border?: Partial<ExcelJS.Borders>;
  alignment?: Partial<ExcelJS.Alignment>;
  /** A number format code; none for General. */
  numFmt?: string;
}

/** Number formats every SpreadsheetML reader knows by id (ECMA-376 Part 1, 18.8.30), in every locale. */
const BUILT_IN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '# ?/?': 12,
  '# ??/??': 13,
  '@': 49,
};

/** The order of the lists in a styleSheet (CT_Stylesheet), for inserting one that is missing. */
const ORDER = [
  'numFmts',
  'fonts',
  'fills',
  'borders',
  'cellStyleXfs',
  'cellXfs',
  'cellStyles',
  'dxfs',
  'tableStyles',
  'colors',
  'extLst',
];

type ListName = 'numFmts' | 'fonts' | 'fills' | 'borders' | 'cellXfs';

/** A minimal styles part, for a package that has none: the defaults Excel writes. */
export function emptyStyleSheet(mainNamespace: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<styleSheet xmlns="${mainNamespace}">` +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
    '<fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

function color(name: string, c: Partial<ExcelJS.Color> | undefined): string {
  if (!c) return '';
  if (c.argb) return `<${name} rgb="${escapeAttr(c.argb)}"/>`;
  if (c.theme !== undefined) return `<${name} theme="${c.theme}"/>`;
  return '';
}

function fontXml(f: Partial<ExcelJS.Font>): string {
  let out = '';
  if (f.bold) out += '<b/>';
  if (f.italic) out += '<i/>';
  if (f.strike) out += '<strike/>';
  if (f.underline === true || f.underline === 'single') out += '<u/>';
  else if (typeof f.underline === 'string' && f.underline !== 'none')
    out += `<u val="${escapeAttr(f.underline)}"/>`;
  if (f.vertAlign) out += `<vertAlign val="${escapeAttr(f.vertAlign)}"/>`;
  if (f.size !== undefined) out += `<sz val="${f.size}"/>`;
  out += color('color', f.color);
  if (f.name) out += `<name val="${escapeAttr(f.name)}"/>`;
  if (f.family !== undefined) out += `<family val="${f.family}"/>`;
  if (f.charset !== undefined) out += `<charset val="${f.charset}"/>`;
  if (f.scheme) out += `<scheme val="${escapeAttr(f.scheme)}"/>`;
  return `<font>${out}</font>`;
}

function fillXml(fill: ExcelJS.Fill): string {
  if (fill.type !== 'pattern') throw new Error(`unsupported fill type ${fill.type}`);
  const inner = color('fgColor', fill.fgColor) + color('bgColor', fill.bgColor);
  const type = escapeAttr(fill.pattern);
  return `<fill>${inner ? `<patternFill patternType="${type}">${inner}</patternFill>` : `<patternFill patternType="${type}"/>`}</fill>`;
}

function borderXml(b: Partial<ExcelJS.Borders>): string {
  const side = (name: string, s: Partial<ExcelJS.Border> | undefined): string => {
    if (!s?.style) return `<${name}/>`;
    const c = color('color', s.color);
    return c ? `<${name} style="${s.style}">${c}</${name}>` : `<${name} style="${s.style}"/>`;
  };
  return (
    '<border>' +
    side('left', b.left) +
    side('right', b.right) +
    side('top', b.top) +
    side('bottom', b.bottom) +
    side('diagonal', b.diagonal) +
    '</border>'
  );
}

function alignmentXml(a: Partial<ExcelJS.Alignment>): string {
  let attrs = '';
  if (a.horizontal) attrs += ` horizontal="${a.horizontal}"`;
  // exceljs says 'middle' for SpreadsheetML's 'center'.
  if (a.vertical) attrs += ` vertical="${a.vertical === 'middle' ? 'center' : a.vertical}"`;
  if (a.wrapText) attrs += ' wrapText="1"';
  if (a.shrinkToFit) attrs += ' shrinkToFit="1"';
  if (a.indent) attrs += ` indent="${a.indent}"`;
  if (typeof a.textRotation === 'number') attrs += ` textRotation="${a.textRotation}"`;
  return attrs ? `<alignment${attrs}/>` : '';
}

interface List {
  name: ListName;
  el: XmlElement | undefined;
  /** How many entries the user's part has. */
  existing: number;
  added: string[];
  index: Map<string, number>;
}

/** The user's styles part, and the formats appended to it. */
export class StyleSheetEditor {
  private readonly root: XmlElement;
  private readonly prefix: string;
  private readonly lists: Record<ListName, List>;
  private readonly customFormats = new Map<string, number>();
  private nextFormatId = 164;
  private readonly hasStyleXfs: boolean;
  private readonly xfByLook = new Map<string, number>();

  constructor(private readonly xml: string) {
    this.root = parseXml(xml);
    if (this.root.local !== 'styleSheet') throw new XmlEditError('the styles part is not a styleSheet');
    this.prefix = this.root.prefix;
    // An entry already in the part as this editor would write it (an earlier report's, or the user's own) is used
    // again rather than added twice, so that running a report on its own output does not grow the part.
    const unprefixed = (text: string): string =>
      this.prefix ? text.split(`<${this.prefix}:`).join('<').split(`</${this.prefix}:`).join('</') : text;
    const list = (name: ListName, item: string): List => {
      const el = child(this.root, name);
      const items = el ? el.children.filter((c) => c.local === item) : [];
      const index = new Map<string, number>();
      items.forEach((c, i) => {
        const text = unprefixed(xml.slice(c.start, c.end));
        if (!index.has(text)) index.set(text, i);
      });
      return { name, el, existing: items.length, added: [], index };
    };
    this.lists = {
      numFmts: list('numFmts', 'numFmt'),
      fonts: list('fonts', 'font'),
      fills: list('fills', 'fill'),
      borders: list('borders', 'border'),
      cellXfs: list('cellXfs', 'xf'),
    };
    for (const f of this.lists.numFmts.el?.children ?? []) {
      if (f.local !== 'numFmt') continue;
      const id = Number(attr(f, 'numFmtId'));
      const code = attr(f, 'formatCode');
      if (!Number.isInteger(id)) continue;
      if (code !== undefined && !this.customFormats.has(code)) this.customFormats.set(code, id);
      if (id >= this.nextFormatId) this.nextFormatId = id + 1;
    }
    const styleXfs = child(this.root, 'cellStyleXfs');
    this.hasStyleXfs = !!styleXfs && styleXfs.children.some((c) => c.local === 'xf');
  }

  private add(list: List, xml: string): number {
    const found = list.index.get(xml);
    if (found !== undefined) return found;
    const index = list.existing + list.added.length;
    list.added.push(xml);
    list.index.set(xml, index);
    return index;
  }

  private formatId(code: string | undefined): number {
    if (code === undefined || code === '') return 0;
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    const custom = this.customFormats.get(code);
    if (custom !== undefined) return custom;
    const id = this.nextFormatId++;
    this.customFormats.set(code, id);
    this.add(this.lists.numFmts, `<numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`);
    return id;
  }

  /** The cell format index (`s`) of a look, added to the part the first time it is asked for. */
  xfIndex(look: CellLook): number {
    const key = JSON.stringify(look);
    const known = this.xfByLook.get(key);
    if (known !== undefined) return known;
    const numFmtId = this.formatId(look.numFmt);
    const fontId = this.add(this.lists.fonts, fontXml(look.font));
    const fillId = look.fill ? this.add(this.lists.fills, fillXml(look.fill)) : 0;
    const borderId = look.border ? this.add(this.lists.borders, borderXml(look.border)) : 0;
    const alignment = look.alignment ? alignmentXml(look.alignment) : '';
    let attrs = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}"`;
    if (this.hasStyleXfs) attrs += ' xfId="0"';
    if (numFmtId !== 0) attrs += ' applyNumberFormat="1"';
    attrs += ' applyFont="1"';
    if (fillId !== 0) attrs += ' applyFill="1"';
    if (borderId !== 0) attrs += ' applyBorder="1"';
    if (alignment) attrs += ' applyAlignment="1"';
    const xf = alignment ? `<xf ${attrs}>${alignment}</xf>` : `<xf ${attrs}/>`;
    const index = this.add(this.lists.cellXfs, xf);
    this.xfByLook.set(key, index);
    return index;
  }

  /** Whether anything was added (if not, the part is kept byte for byte). */
  get changed(): boolean {
    return Object.values(this.lists).some((l) => l.added.length > 0);
  }

  /** The part with every added entry. */
  result(): string {
    if (!this.changed) return this.xml;
    const splices = new Splices();
    const q = (local: string) => qualify(this.prefix, local);
    const withPrefix = (xml: string) =>
      this.prefix
        ? xml.replace(/<(\/?)([A-Za-z]+)/g, (_m, slash: string, name: string) => `<${slash}${q(name)}`)
        : xml;
    for (const name of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs'] as ListName[]) {
      const list = this.lists[name];
      if (list.added.length === 0) continue;
      const items = list.added.map(withPrefix).join('');
      const count = String(list.existing + list.added.length);
      const el = list.el;
      if (el && !el.selfClosing) {
        splices.replace(el.start, el.openEnd, withAttribute(this.xml, el, 'count', count));
        splices.insert(el.closeStart, items);
      } else if (el) {
        const open = withAttribute(this.xml, el, 'count', count).replace(/\s*\/>$/, '>');
        splices.replace(el.start, el.end, `${open}${items}</${el.qname}>`);
      } else {
        const at = this.insertionPoint(name);
        splices.insert(at, `<${q(name)} count="${count}">${items}</${q(name)}>`);
      }
    }
    return splices.apply(this.xml);
  }

  /** Where a missing list goes: before the first list that must follow it, else at the end of the root. */
  private insertionPoint(name: string): number {
    const after = ORDER.slice(ORDER.indexOf(name) + 1);
    const next = this.root.children.find((c) => after.includes(c.local));
    return next ? next.start : this.root.closeStart;
  }
}
