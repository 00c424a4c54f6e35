/**
 * Reading a report draft for rule `claim`: a .txt (its lines) or a .docx (the text of each `w:p` of its main
 * document part), through the same bounded zip and XML readers as workbooks (hosts/xlsx: every part's inflated
 * bytes, the nesting depth and the runs of text a parser holds are limited, engine/limits.ts).
 */
import { open, type FileHandle } from 'fs/promises';
import * as path from 'path';
import type { Readable } from 'stream';
import { LimitExceededError, ReadBudget, type LimitBreach } from '../../engine/limits';
import { xmlEvents } from '../xlsx/sheet-xml';
import { fileSource, ZipArchive, type ByteSource } from '../xlsx/zip';

/** Why a draft cannot be read; the command line says it in the user's language. */
export type DraftReadErrorCode =
  | 'not-found'
  | 'not-a-file'
  | 'unreadable'
  | 'empty'
  | 'kind'
  | 'not-docx'
  | 'not-text'
  | 'corrupt'
  | 'too-large';

export class DraftReadError extends Error {
  readonly code: DraftReadErrorCode;
  readonly file: string;
  readonly detail?: string;
  readonly limit?: LimitBreach;

  constructor(code: DraftReadErrorCode, file: string, detail?: string, limit?: LimitBreach) {
    super(`${file}: ${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'DraftReadError';
    this.code = code;
    this.file = file;
    if (detail !== undefined) this.detail = detail;
    if (limit) this.limit = limit;
  }
}

/**
 * The most bytes of a .txt draft read: a report is a few hundred kilobytes; 32 MB is the text the workbook
 * reader keeps at most (engine/limits.ts `textChars`).
 */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024;

const W_NS_PREFIXES = ['w:'];

function errno(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The draft's paragraphs as written (empty ones included: the engine counts only those that hold text). */
export async function readDraftFile(file: string): Promise<string[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.txt' && ext !== '.docx') throw new DraftReadError('kind', file);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = errno(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DraftReadError('not-found', file);
    if (code === 'EISDIR') throw new DraftReadError('not-a-file', file);
    throw new DraftReadError('unreadable', file, code);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new DraftReadError('not-a-file', file);
    if (stat.size === 0) throw new DraftReadError('empty', file);
    if (ext === '.txt') {
      if (stat.size > MAX_TEXT_BYTES)
        throw new DraftReadError('too-large', file, `> ${MAX_TEXT_BYTES} bytes`);
      return textParagraphs(await handle.readFile(), file);
    }
    return await docxParagraphs(fileSource(handle, stat.size), file);
  } catch (err) {
    if (err instanceof DraftReadError) throw err;
    if (err instanceof LimitExceededError)
      throw new DraftReadError('too-large', file, err.message, err.breach);
    const code = errno(err);
    if (code) throw new DraftReadError('unreadable', file, code);
    throw new DraftReadError(
      'corrupt',
      file,
      err instanceof Error ? err.message.split('\n', 1)[0] : String(err),
    );
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A .txt draft: UTF-8 (a byte-order mark dropped), one paragraph a line. Text that is not UTF-8 is refused. */
export function textParagraphs(bytes: Buffer, file: string): string[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DraftReadError('not-text', file);
  }
  if (text.includes('\u0000')) throw new DraftReadError('not-text', file);
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n|\u2028|\u2029/);
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** A .docx draft: the text of each `w:p` of word/document.xml, in order (tabs as tabs, breaks as spaces). */
export async function docxParagraphs(source: ByteSource, file: string): Promise<string[]> {
  const head = await source.read(0, Math.min(source.size, 4));
  if (!ZIP_SIGNATURE.every((b, i) => head[i] === b)) throw new DraftReadError('not-docx', file);
  const zip = await ZipArchive.open(source, new ReadBudget());
  const entry = zip.entry('word/document.xml');
  if (!entry) throw new DraftReadError('not-docx', file);
  return paragraphsOfXml(await zip.text(entry), 'word/document.xml');
}

function local(name: string): string {
  for (const p of W_NS_PREFIXES) if (name.startsWith(p)) return name.slice(p.length);
  return name.includes(':') ? '' : name;
}

async function paragraphsOfXml(text: Readable, where: string): Promise<string[]> {
  const out: string[] = [];
  // A paragraph may hold another (a text box's): each is its own paragraph, the outer one resumed after it.
  const open: string[] = [];
  let inText = false;
  let inDeleted = 0;
  for await (const events of xmlEvents(text, where)) {
    for (const e of events) {
      if (e.eventType === 'opentag') {
        const name = local((e.value as { name: string }).name);
        if (name === 'p') open.push('');
        else if (name === 't') inText = true;
        else if (name === 'del') inDeleted++;
        else if (open.length && inDeleted === 0 && name === 'tab') open[open.length - 1] += '\t';
        else if (open.length && inDeleted === 0 && (name === 'br' || name === 'cr'))
          open[open.length - 1] += ' ';
      } else if (e.eventType === 'closetag') {
        const name = local((e.value as { name: string }).name);
        if (name === 'p') {
          const p = open.pop();
          if (p !== undefined) out.push(p);
        } else if (name === 't') inText = false;
        else if (name === 'del' && inDeleted > 0) inDeleted--;
      } else if (inText && inDeleted === 0 && open.length) {
        // Text outside w:t (instruction text of fields, deleted runs) is not what the reader sees.
        open[open.length - 1] += String(e.value);
      }
    }
  }
  return out;
}
