/**
 * Just enough WordprocessingML reading for the Word export's tests: the parts of a .docx, its paragraphs (style and
 * text, tabs as \t and line breaks as \n) and the run and paragraph properties a paragraph ends up with once
 * document defaults, its style's basedOn chain and the run's own properties are applied, as Word resolves them.
 *
 * Regular expressions suffice for what `docx` writes (no prettifying, no nested paragraphs); `elements` and
 * `firstTag` match a whole element name, so `w:p` never matches `w:pPr`.
 */
import JSZip from 'jszip';

export type Parts = Map<string, string>;

/** The XML and relationship parts of a .docx, by path. */
export async function unzipDocx(bytes: Buffer): Promise<Parts> {
  const zip = await JSZip.loadAsync(bytes);
  const parts: Parts = new Map();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir && /\.(xml|rels)$/.test(name)) parts.set(name, await entry.async('string'));
  }
  return parts;
}

export function part(parts: Parts, name: string): string {
  const xml = parts.get(name);
  if (xml === undefined)
    throw new Error(`no part ${name} in the .docx (parts: ${[...parts.keys()].join(', ')})`);
  return xml;
}

const escapeName = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every `<name …/>` or `<name …>…</name>` element (not nested in one another). */
export function elements(xml: string, name: string): string[] {
  const n = escapeName(name);
  return xml.match(new RegExp(`<${n}(?=[\\s/>])(?:[^>]*/>|[^>]*>[\\s\\S]*?</${n}>)`, 'g')) ?? [];
}

/** The opening (or empty-element) tag of the first `name` element. */
export function firstTag(xml: string, name: string): string | undefined {
  return new RegExp(`<${escapeName(name)}(?=[\\s/>])[^>]*>`).exec(xml)?.[0];
}

export function attr(tag: string | undefined, name: string): string | undefined {
  if (tag === undefined) return undefined;
  const m = new RegExp(`\\s${escapeName(name)}="([^"]*)"`).exec(tag);
  return m ? decodeXml(m[1]) : undefined;
}

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

/** The element's content, without its properties element (w:pPr or w:rPr). */
function withoutProperties(xml: string, props: string): string {
  return xml.replace(new RegExp(`<${props}(?=[\\s/>])(?:[^>]*/>|[^>]*>[\\s\\S]*?</${props}>)`), '');
}

export interface Run {
  rPr: string;
  text: string;
  /** The run holds a field character or field instruction (e.g. a PAGE field). */
  field: boolean;
}

export interface Para {
  style: string | undefined;
  pPr: string;
  runs: Run[];
  text: string;
}

function runOf(xml: string): Run {
  const rPr = elements(xml, 'w:rPr')[0] ?? '';
  const content = withoutProperties(xml, 'w:rPr');
  let text = '';
  const tokens = /<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:t(?:\s[^>]*)?\/>|<w:tab\/>|<w:br(?:\s[^>]*)?\/>/g;
  for (const m of content.matchAll(tokens)) {
    if (m[0].startsWith('<w:tab')) text += '\t';
    else if (m[0].startsWith('<w:br')) text += '\n';
    else text += decodeXml(m[1] ?? '');
  }
  return { rPr, text, field: /<w:(fldChar|instrText|fldSimple)(?=[\s/>])/.test(content) };
}

export function paragraphs(xml: string): Para[] {
  return elements(xml, 'w:p').map((p) => {
    const pPr = elements(p, 'w:pPr')[0] ?? '';
    const runs = elements(withoutProperties(p, 'w:pPr'), 'w:r').map(runOf);
    return {
      style: attr(firstTag(pPr, 'w:pStyle'), 'w:val'),
      pPr,
      runs,
      text: runs.map((r) => r.text).join(''),
    };
  });
}

export interface RunProps {
  eastAsia?: string;
  ascii?: string;
  hAnsi?: string;
  /** Half-points (w:sz). */
  size?: number;
  bold?: boolean;
}

export interface ParaProps {
  line?: number;
  lineRule?: string;
  before?: number;
  after?: number;
  firstLine?: number;
  firstLineChars?: number;
  jc?: string;
  outlineLevel?: number;
}

const onOff = (tag: string | undefined): boolean | undefined => {
  if (tag === undefined) return undefined;
  const v = attr(tag, 'w:val');
  return v === undefined || !['false', '0', 'off'].includes(v);
};

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

/** Only the properties the element sets, so that merging leaves the others to what it is based on. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function runPropsOf(rPr: string): RunProps {
  const fonts = firstTag(rPr, 'w:rFonts');
  return defined({
    eastAsia: attr(fonts, 'w:eastAsia'),
    ascii: attr(fonts, 'w:ascii'),
    hAnsi: attr(fonts, 'w:hAnsi'),
    size: num(attr(firstTag(rPr, 'w:sz'), 'w:val')),
    bold: onOff(firstTag(rPr, 'w:b')),
  });
}

export function paraPropsOf(pPr: string): ParaProps {
  const spacing = firstTag(pPr, 'w:spacing');
  const ind = firstTag(pPr, 'w:ind');
  return defined({
    line: num(attr(spacing, 'w:line')),
    lineRule: attr(spacing, 'w:lineRule'),
    before: num(attr(spacing, 'w:before')),
    after: num(attr(spacing, 'w:after')),
    firstLine: num(attr(ind, 'w:firstLine')),
    firstLineChars: num(attr(ind, 'w:firstLineChars')),
    jc: attr(firstTag(pPr, 'w:jc'), 'w:val'),
    outlineLevel: num(attr(firstTag(pPr, 'w:outlineLvl'), 'w:val')),
  });
}

export interface Style {
  id: string;
  name: string | undefined;
  type: string | undefined;
  basedOn: string | undefined;
  isDefault: boolean;
  rPr: string;
  pPr: string;
}

export class Styles {
  readonly byId = new Map<string, Style>();
  readonly defaultRPr: string;
  readonly defaultPPr: string;

  constructor(xml: string) {
    const defaults = elements(xml, 'w:docDefaults')[0] ?? '';
    this.defaultRPr = elements(elements(defaults, 'w:rPrDefault')[0] ?? '', 'w:rPr')[0] ?? '';
    this.defaultPPr = elements(elements(defaults, 'w:pPrDefault')[0] ?? '', 'w:pPr')[0] ?? '';
    for (const s of elements(xml, 'w:style')) {
      const open = firstTag(s, 'w:style');
      const id = attr(open, 'w:styleId');
      if (id === undefined) continue;
      this.byId.set(id, {
        id,
        type: attr(open, 'w:type'),
        isDefault: ['1', 'true', 'on'].includes(attr(open, 'w:default') ?? ''),
        name: attr(firstTag(s, 'w:name'), 'w:val'),
        basedOn: attr(firstTag(s, 'w:basedOn'), 'w:val'),
        rPr: elements(s, 'w:rPr')[0] ?? '',
        pPr: elements(s, 'w:pPr')[0] ?? '',
      });
    }
  }

  get(id: string): Style {
    const style = this.byId.get(id);
    if (!style) throw new Error(`no style ${id}`);
    return style;
  }

  /** The default paragraph style: the one a paragraph without w:pStyle has. */
  defaultParagraphStyle(): Style {
    const style = [...this.byId.values()].find((s) => s.type === 'paragraph' && s.isDefault);
    if (!style) throw new Error('no default paragraph style');
    return style;
  }

  /** The style and the styles it is based on, the most basic first. */
  chain(id: string | undefined): Style[] {
    const chain: Style[] = [];
    let style: Style | undefined = id === undefined ? this.defaultParagraphStyle() : this.get(id);
    while (style && !chain.includes(style)) {
      chain.unshift(style);
      style = style.basedOn === undefined ? undefined : this.byId.get(style.basedOn);
    }
    return chain;
  }

  runProps(styleId: string | undefined, rPr = ''): RunProps {
    return Object.assign(
      runPropsOf(this.defaultRPr),
      ...this.chain(styleId).map((s) => runPropsOf(s.rPr)),
      runPropsOf(rPr),
    ) as RunProps;
  }

  paraProps(styleId: string | undefined, pPr = ''): ParaProps {
    return Object.assign(
      paraPropsOf(this.defaultPPr),
      ...this.chain(styleId).map((s) => paraPropsOf(s.pPr)),
      paraPropsOf(pPr),
    ) as ParaProps;
  }
}

/** The parts a document's footers are in, from the document's relationships. */
export function footerParts(parts: Parts): string[] {
  const rels = part(parts, 'word/_rels/document.xml.rels');
  return elements(rels, 'Relationship')
    .filter((r) => (attr(r, 'Type') ?? '').endsWith('/footer'))
    .map((r) => `word/${attr(r, 'Target') ?? ''}`);
}
