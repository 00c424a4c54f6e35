/**
 * Editing the small XML parts of a package as text: `[Content_Types].xml`, the workbook part, relationship parts,
 * the styles part, the calculation chain. A report changes a few elements of each and must keep every other byte
 * as it was (comments, unknown elements, extension lists, namespace prefixes, attribute order), so these parts are
 * never parsed into a model and written back: the elements are located by a tokenizer that knows where each tag
 * starts and ends, and the edits are splices at those offsets.
 *
 * Only well-formed XML without a document type declaration is edited (a DTD could define entities; Excel never
 * writes one): anything else throws {@link XmlEditError}.
 */

export class XmlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlEditError';
  }
}

/** One element: where its start tag, content and end tag are in the text. */
export interface XmlElement {
  /** The qualified name as written (`sheet`, `x:sheet`). */
  readonly qname: string;
  /** The name without its prefix. */
  readonly local: string;
  /** The prefix, '' when none. */
  readonly prefix: string;
  /** Offset of `<` of the start tag. */
  readonly start: number;
  /** Offset just after the start tag's `>` (equal to `end` for an empty-element tag). */
  readonly openEnd: number;
  /** Offset of `<` of the end tag (equal to `end` for an empty-element tag). */
  readonly closeStart: number;
  /** Offset just after the element. */
  readonly end: number;
  readonly selfClosing: boolean;
  readonly depth: number;
  readonly parent: XmlElement | null;
  readonly children: XmlElement[];
  /** The attributes, values decoded. */
  readonly attrs: ReadonlyMap<string, string>;
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;

/** The decoded value of an attribute or text (the five entities and character references). */
export function decodeXml(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (m, ref: string) => {
    switch (ref) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!Number.isFinite(code) || code > 0x10ffff) throw new XmlEditError(`bad character reference ${m}`);
        return String.fromCodePoint(code);
      }
    }
  });
}

/** Text as an attribute value in double quotes: what XML would otherwise change or refuse, as references. */
export function escapeAttr(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${ch.charCodeAt(0)};`;
    }
  });
}

/** Text as element content. A carriage return is written as a reference, which XML would otherwise drop. */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&#13;',
  );
}

function parseAttributes(text: string, where: number): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gy;
  let at = 0;
  for (;;) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) break;
    if (attrs.has(m[1])) throw new XmlEditError(`attribute ${m[1]} repeated at ${where}`);
    attrs.set(m[1], decodeXml(m[2] ?? m[3] ?? ''));
    at = re.lastIndex;
  }
  if (text.slice(at).trim() !== '') throw new XmlEditError(`bad attributes at ${where}`);
  return attrs;
}

/** The document's root element, with every element under it. Throws {@link XmlEditError} on malformed XML. */
export function parseXml(xml: string): XmlElement {
  const stack: (XmlElement & { children: XmlElement[] })[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const close = xml.indexOf('-->', lt + 4);
      if (close < 0) throw new XmlEditError('unterminated comment');
      i = close + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const close = xml.indexOf(']]>', lt + 9);
      if (close < 0) throw new XmlEditError('unterminated CDATA section');
      i = close + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) throw new XmlEditError('unterminated processing instruction');
      i = close + 2;
      continue;
    }
    if (xml.startsWith('<!', lt)) throw new XmlEditError('a document type declaration is not accepted');
    // A tag: find its end, skipping quoted attribute values (which may hold '>').
    let j = lt + 1;
    let quote = '';
    for (; j < n; j++) {
      const ch = xml[j];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === '>') {
        break;
      } else if (ch === '<') {
        throw new XmlEditError(`'<' inside a tag at ${lt}`);
      }
    }
    if (j >= n) throw new XmlEditError('unterminated tag');
    const end = j + 1;
    if (xml[lt + 1] === '/') {
      const qname = xml.slice(lt + 2, j).trim();
      const open = stack.pop();
      if (!open || open.qname !== qname) throw new XmlEditError(`unexpected </${qname}> at ${lt}`);
      Object.assign(open, { closeStart: lt, end });
      i = end;
      continue;
    }
    const selfClosing = xml[j - 1] === '/';
    const body = xml.slice(lt + 1, selfClosing ? j - 1 : j);
    const nameMatch = /^[^\s/>]+/.exec(body);
    if (!nameMatch || !NAME_START.test(nameMatch[0][0])) throw new XmlEditError(`bad tag at ${lt}`);
    const qname = nameMatch[0];
    const colon = qname.indexOf(':');
    const parent = stack.length ? stack[stack.length - 1] : null;
    if (!parent && root) throw new XmlEditError('content after the root element');
    const el = {
      qname,
      local: colon >= 0 ? qname.slice(colon + 1) : qname,
      prefix: colon >= 0 ? qname.slice(0, colon) : '',
      start: lt,
      openEnd: end,
      closeStart: end,
      end,
      selfClosing,
      depth: stack.length,
      parent,
      children: [] as XmlElement[],
      attrs: parseAttributes(body.slice(qname.length), lt),
    };
    if (parent) parent.children.push(el);
    else root = el;
    if (!selfClosing) stack.push(el);
    i = end;
  }
  if (stack.length) throw new XmlEditError(`<${stack[stack.length - 1].qname}> is not closed`);
  if (!root) throw new XmlEditError('no root element');
  return root;
}

/** The first child element of `el` with that local name. */
export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}

/** The child elements of `el` with that local name. */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local);
}

/** An attribute by its local name, whatever its prefix (`r:id` for `id` with prefix `r`). */
export function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs.get(name);
}

/**
 * The prefix the document binds to a namespace on its root element (`''` for the default namespace), or undefined
 * when the root does not declare it.
 */
export function prefixOf(root: XmlElement, namespace: string): string | undefined {
  for (const [name, value] of root.attrs) {
    if (value !== namespace) continue;
    if (name === 'xmlns') return '';
    if (name.startsWith('xmlns:')) return name.slice(6);
  }
  return undefined;
}

/** A qualified name with a prefix (none for ''). */
export function qualify(prefix: string, local: string): string {
  return prefix ? `${prefix}:${local}` : local;
}

/** Splices into a text, applied all at once from the end so that offsets stay those of the original. */
export class Splices {
  private readonly edits: { start: number; end: number; text: string; order: number }[] = [];

  /** Replaces the text from `start` up to `end`. */
  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text, order: this.edits.length });
  }

  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  remove(start: number, end: number): void {
    this.replace(start, end, '');
  }

  get size(): number {
    return this.edits.length;
  }

  apply(text: string): string {
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
    let out = '';
    let at = 0;
    for (const e of sorted) {
      if (e.start < at) throw new XmlEditError('overlapping edits');
      out += text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + text.slice(at);
  }
}

/** The start tag of an element with one attribute set (added at the end when absent), as text. */
export function withAttribute(xml: string, el: XmlElement, name: string, value: string): string {
  const tag = xml.slice(el.start, el.openEnd);
  const re = new RegExp(`(\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*)("[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, `$1"${escapeAttr(value)}"`);
  const close = el.selfClosing ? tag.lastIndexOf('/') : tag.length - 1;
  return `${tag.slice(0, close).replace(/\s+$/, '')} ${name}="${escapeAttr(value)}"${tag.slice(close)}`;
}

/** The start tag of an element without one attribute, as text. */
export function withoutAttribute(xml: string, el: XmlElement, name: string): string {
  const tag = xml.slice(el.start, el.openEnd);
  const re = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("[^"]*"|'[^']*')`);
  return tag.replace(re, '');
}

/** Is `name` a valid start for an element name here (exported for tests of the tokenizer). */
export function isNameStart(ch: string): boolean {
  return NAME_START.test(ch);
}
