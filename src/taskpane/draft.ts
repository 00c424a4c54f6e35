/**
 * The 核对文稿 view's plain logic: a draft from pasted text or a chosen .docx (its `w:p` paragraphs, read in the
 * page: a bounded zip lookup, the browser's raw-deflate stream and a scanner that never expands entities), and the
 * disputed numbers as the view shows them (the sentence split around the quote, the source cell to select).
 */
import type { DraftCheck, DraftFinding, Severity } from '../engine';

/** A draft to check: its paragraphs as read, and where it came from. */
export interface DraftInput {
  paragraphs: string[];
  /** The chosen file's name; none for pasted text. */
  fileName?: string;
}

/** Pasted text: one paragraph a line (empty lines are not counted by the engine). */
export function draftFromText(text: string): DraftInput {
  return { paragraphs: text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n|\u2028|\u2029/) };
}

/** Whether a draft holds any text to check. */
export function hasText(draft: DraftInput | undefined): boolean {
  return !!draft && draft.paragraphs.some((p) => /\S/.test(p));
}

/** A disputed number as the view shows it. */
export interface DraftItem {
  key: string;
  paragraph: number;
  severity: Severity;
  /** The sentence around the quote; `quote` is highlighted. `before + quote + after` is the sentence. */
  before: string;
  quote: string;
  after: string;
  expected: string;
  message: string;
  rounding: boolean;
  /** The cell a click selects: the first source cell. */
  source?: { sheet: string; cell: string };
  /** Every source cell, as `Sheet!A1`. */
  sources: string[];
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The quote's place in its sentence (the last place it stands, if twice; the whole sentence if not found). */
export function splitSentence(
  sentence: string,
  quote: string,
): Pick<DraftItem, 'before' | 'quote' | 'after'> {
  const at = quote === '' ? -1 : sentence.indexOf(quote);
  if (at < 0) return { before: sentence, quote: '', after: '' };
  return { before: sentence.slice(0, at), quote, after: sentence.slice(at + quote.length) };
}

/** The findings of a draft's check as the view lists them: errors first, then in the draft's order. */
export function draftItems(check: DraftCheck): DraftItem[] {
  return check.findings
    .map((f: DraftFinding, i) => ({ f, i }))
    .sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
    .map(({ f, i }) => ({
      key: `${f.paragraph}:${f.quote}:${i}`,
      paragraph: f.paragraph,
      severity: f.severity,
      ...splitSentence(f.sentence, f.quote),
      expected: f.expected,
      message: f.message,
      rounding: f.rounding,
      ...(f.related?.length ? { source: f.related[0] } : {}),
      sources: (f.related ?? []).map((c) => `${c.sheet}!${c.cell}`),
    }));
}

/** Why a chosen file cannot be read as a draft. */
export type DraftFileErrorCode = 'kind' | 'empty' | 'too-large' | 'not-docx' | 'not-text' | 'corrupt';

export class DraftFileError extends Error {
  readonly code: DraftFileErrorCode;
  constructor(code: DraftFileErrorCode) {
    super(code);
    this.name = 'DraftFileError';
    this.code = code;
  }
}

/** The most bytes of a chosen draft, and of its document part once inflated (a report is a few megabytes). */
export const MAX_DRAFT_BYTES = 32 * 1024 * 1024;
export const MAX_DOCUMENT_XML = 64 * 1024 * 1024;

/** Inflates raw deflate data, stopping past `limit` bytes (the browser's DecompressionStream by default). */
export type Inflate = (raw: Uint8Array, limit: number) => Promise<Uint8Array>;

/** A chosen file as a draft: a .docx's paragraphs, or a UTF-8 .txt's lines. */
export async function draftFromFile(
  name: string,
  bytes: Uint8Array,
  inflate: Inflate = inflateRaw,
): Promise<DraftInput> {
  const lower = name.toLowerCase();
  if (!lower.endsWith('.docx') && !lower.endsWith('.txt')) throw new DraftFileError('kind');
  if (bytes.length === 0) throw new DraftFileError('empty');
  if (bytes.length > MAX_DRAFT_BYTES) throw new DraftFileError('too-large');
  if (lower.endsWith('.txt')) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new DraftFileError('not-text');
    }
    if (text.includes('\u0000')) throw new DraftFileError('not-text');
    return { ...draftFromText(text), fileName: name };
  }
  const xml = await documentXml(bytes, inflate);
  return { paragraphs: paragraphsOfDocumentXml(xml), fileName: name };
}

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
}

/** word/document.xml of a .docx, found through the zip's central directory. */
export async function documentXml(bytes: Uint8Array, inflate: Inflate = inflateRaw): Promise<string> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04))
    throw new DraftFileError('not-docx');
  // The end of central directory record: within the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DraftFileError('corrupt');
  const count = u16(bytes, eocd + 10);
  let at = u32(bytes, eocd + 16);
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw new DraftFileError('corrupt');
    const method = u16(bytes, at + 10);
    const compressed = u32(bytes, at + 20);
    const nameLength = u16(bytes, at + 28);
    const extra = u16(bytes, at + 30);
    const comment = u16(bytes, at + 32);
    const local = u32(bytes, at + 42);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (name !== 'word/document.xml') continue;
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw new DraftFileError('corrupt');
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (start + compressed > bytes.length) throw new DraftFileError('corrupt');
    const data = bytes.subarray(start, start + compressed);
    let raw: Uint8Array;
    if (method === 0) raw = data;
    else if (method === 8) raw = await inflate(data, MAX_DOCUMENT_XML);
    else throw new DraftFileError('corrupt');
    if (raw.length > MAX_DOCUMENT_XML) throw new DraftFileError('too-large');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw new DraftFileError('corrupt');
    }
  }
  throw new DraftFileError('not-docx');
}

/** Raw deflate through the browser's DecompressionStream, refusing more than `limit` bytes out. */
export async function inflateRaw(raw: Uint8Array, limit: number): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(raw)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        throw new DraftFileError('too-large');
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof DraftFileError) throw err;
    throw new DraftFileError('corrupt');
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * The text of each `w:p` of a document part, in order (tabs as tabs, breaks as spaces, deleted runs left out; a
 * paragraph inside another, a text box's, is its own). A document type declaration is refused: no entity is expanded.
 */
export function paragraphsOfDocumentXml(xml: string): string[] {
  if (/<!DOCTYPE/i.test(xml)) throw new DraftFileError('corrupt');
  const out: string[] = [];
  const open: string[] = [];
  let deleted = 0;
  // <w:tabs> in a paragraph's properties declares tab stops: its <w:tab/> are not text.
  let tabStops = 0;
  const tag = /<(\/?)w:([A-Za-z]+)\b[^>]*?(\/?)>/g;
  let textFrom = -1;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [whole, close, name, selfClose] = m;
    if (textFrom >= 0 && close && name === 't') {
      if (open.length && deleted === 0) open[open.length - 1] += decodeText(xml.slice(textFrom, m.index));
      textFrom = -1;
      continue;
    }
    if (close) {
      if (name === 'p') {
        const p = open.pop();
        if (p !== undefined) out.push(p);
      } else if (name === 'del' && deleted > 0) deleted--;
      else if (name === 'tabs' && tabStops > 0) tabStops--;
      continue;
    }
    if (name === 'p') {
      if (selfClose) out.push('');
      else open.push('');
    } else if (name === 't' && !selfClose) textFrom = m.index + whole.length;
    else if (name === 'del' && !selfClose) deleted++;
    else if (name === 'tabs' && !selfClose) tabStops++;
    else if (open.length && deleted === 0 && tabStops === 0 && name === 'tab') open[open.length - 1] += '\t';
    else if (open.length && deleted === 0 && (name === 'br' || name === 'cr')) open[open.length - 1] += ' ';
  }
  return out;
}
