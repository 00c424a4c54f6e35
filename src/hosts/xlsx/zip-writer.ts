/**
 * Writes a zip archive into an open file, entry by entry: entries of another archive copied as they are stored
 * (compressed bytes, CRC and times unchanged, whatever the compression method), and new entries deflated as they
 * are produced, so that a large generated part never has to be held in memory whole.
 *
 * Each entry has a local header with its sizes and CRC (no data descriptors): a new entry's header is written first
 * with zeros and patched once its data is written. Zip64 fields are written only where a size or an offset needs
 * them, as Excel does.
 */
import type { FileHandle } from 'fs/promises';
import type { Readable } from 'stream';
import * as zlib from 'zlib';
import { OutputFileError } from '../files';
import type { ZipEntry } from './zip';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAG_UTF8 = 0x0800;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
const METHOD_DEFLATE = 8;
/** Where the output is buffered before a write to the file. */
const FLUSH_AT = 256 * 1024;
/** How much of a generated part's text is handed to the deflater at once. */
const FEED_AT = 256 * 1024;
/**
 * The compression of generated parts: zlib's default level, about what Excel uses (docs/report.md).
 */
const DEFLATE_LEVEL = 6;

type Crc32 = (data: Buffer, value?: number) => number;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** zlib's CRC-32 (Node 20.15 and later), or the same computed here on older versions of Node 20. */
const crc32: Crc32 =
  (zlib as unknown as { crc32?: Crc32 }).crc32 ??
  ((data, value = 0) => {
    let crc = (value ^ MAX32) >>> 0;
    for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ MAX32) >>> 0;
  });

/** The MS-DOS time and date of a moment (local time, two-second steps), as zip entries store them. */
export function dosDateTime(at: Date): { dosTime: number; dosDate: number } {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  return {
    dosTime: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    dosDate: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

interface Written {
  name: Buffer;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Where the bytes of the archive go: an open file, written from its start. */
export class ZipWriter {
  private position = 0;
  private readonly written: Written[] = [];
  private readonly names = new Set<string>();
  private readonly when = dosDateTime(new Date());

  /** `file` names the output in errors: a failed write rejects with {@link OutputFileError}. */
  constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
  ) {}

  /** How many bytes have been written so far. */
  get size(): number {
    return this.position;
  }

  private async write(data: Buffer, at = this.position): Promise<void> {
    let done = 0;
    try {
      while (done < data.length) {
        const { bytesWritten } = await this.handle.write(data, done, data.length - done, at + done);
        done += bytesWritten;
      }
    } catch (err) {
      throw new OutputFileError(this.file, err);
    }
    if (at === this.position) this.position += data.length;
  }

  private claim(name: string): Buffer {
    const key = name.toLowerCase();
    if (this.names.has(key)) throw new Error(`zip: two entries named ${name}`);
    this.names.add(key);
    return Buffer.from(name, 'utf8');
  }

  private static flagsFor(name: Buffer): number {
    return name.some((b) => b >= 0x80) ? FLAG_UTF8 : 0;
  }

  private localHeader(w: Written): Buffer {
    const zip64 = w.size >= MAX32 || w.compressedSize >= MAX32;
    const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(w.size), 4);
      extra.writeBigUInt64LE(BigInt(w.compressedSize), 12);
    }
    const head = Buffer.alloc(30);
    head.writeUInt32LE(SIG_LOCAL, 0);
    head.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
    head.writeUInt16LE(w.flags, 6);
    head.writeUInt16LE(w.method, 8);
    head.writeUInt16LE(w.dosTime, 10);
    head.writeUInt16LE(w.dosDate, 12);
    head.writeUInt32LE(w.crc, 14);
    head.writeUInt32LE(zip64 ? MAX32 : w.compressedSize, 18);
    head.writeUInt32LE(zip64 ? MAX32 : w.size, 22);
    head.writeUInt16LE(w.name.length, 26);
    head.writeUInt16LE(extra.length, 28);
    return Buffer.concat([head, w.name, extra]);
  }

  /**
   * Copies an entry of another archive as it is stored: `data` is its compressed bytes ({@link ZipArchive.raw}).
   * The copy keeps the entry's name, compression method, CRC, sizes and modification time.
   */
  async copy(entry: ZipEntry, data: Readable): Promise<void> {
    if (entry.flags & 1) throw new Error(`${entry.name}: encrypted entries are not supported`);
    const name = this.claim(entry.name);
    const w: Written = {
      name,
      flags: ZipWriter.flagsFor(name),
      method: entry.method,
      dosTime: entry.dosTime,
      dosDate: entry.dosDate,
      crc: entry.crc32,
      compressedSize: entry.compressedSize,
      size: entry.size,
      offset: this.position,
    };
    await this.write(this.localHeader(w));
    let copied = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of data) {
      const buf = chunk as Buffer;
      copied += buf.length;
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= FLUSH_AT) {
        await this.write(Buffer.concat(pending, pendingBytes));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0) await this.write(Buffer.concat(pending, pendingBytes));
    if (copied !== entry.compressedSize) throw new Error(`${entry.name}: the stored data is truncated`);
    this.written.push(w);
  }

  /**
   * Adds a new entry, deflated as its content arrives: a string or buffer, or an iterable of them (strings are
   * written as UTF-8).
   */
  async add(
    name: string,
    content: string | Buffer | Iterable<string> | AsyncIterable<string>,
  ): Promise<void> {
    const nameBytes = this.claim(name);
    const w: Written = {
      name: nameBytes,
      flags: ZipWriter.flagsFor(nameBytes),
      method: METHOD_DEFLATE,
      dosTime: this.when.dosTime,
      dosDate: this.when.dosDate,
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset: this.position,
    };
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const deflated = zlib.deflateRawSync(data);
      w.crc = crc32(data);
      w.size = data.length;
      w.compressedSize = deflated.length;
      await this.write(this.localHeader(w));
      await this.write(deflated);
      this.written.push(w);
      return;
    }
    await this.write(this.localHeader(w));
    const headerAt = w.offset;
    // The text is made, deflated (on libuv's thread pool) and written to the file at the same time: compressed
    // output is queued to the file as it comes, and making more text waits only when the deflater asks to.
    const deflate = zlib.createDeflateRaw({ chunkSize: 64 * 1024, level: DEFLATE_LEVEL });
    let failed: unknown;
    deflate.on('error', (err) => (failed ??= err));
    let queued = 0;
    let writing: Promise<void> = Promise.resolve();
    const out: Buffer[] = [];
    let outBytes = 0;
    const queueOut = (): void => {
      if (outBytes === 0) return;
      const data = Buffer.concat(out, outBytes);
      out.length = 0;
      outBytes = 0;
      w.compressedSize += data.length;
      queued += data.length;
      writing = writing.then(async () => {
        if (failed) return;
        try {
          await this.write(data);
        } catch (err) {
          failed ??= err;
        }
        queued -= data.length;
      });
    };
    deflate.on('data', (chunk: Buffer) => {
      out.push(chunk);
      outBytes += chunk.length;
      if (outBytes >= FLUSH_AT) queueOut();
    });
    // The pieces are encoded as they come (Buffers live outside the JavaScript heap) and handed to the deflater in
    // batches of about FEED_AT bytes: one batch is deflated on the thread pool while the next is made. Pieces are
    // kept small by their producer and never joined as text, so that no piece becomes a large object on the heap,
    // which only a full collection frees.
    let batch: Buffer[] = [];
    let batchBytes = 0;
    const inFlight: Promise<void>[] = [];
    const feed = async (): Promise<void> => {
      if (batchBytes === 0) return;
      const data = batch.length === 1 ? batch[0] : Buffer.concat(batch, batchBytes);
      batch = [];
      batchBytes = 0;
      w.crc = crc32(data, w.crc);
      w.size += data.length;
      // At most two batches with the deflater: the one it works on and the next; the one after is made meanwhile.
      inFlight.push(
        new Promise<void>((resolve) => {
          deflate.write(data, (err) => {
            if (err) failed ??= err;
            resolve();
          });
        }),
      );
      if (inFlight.length >= 2) await inFlight.shift();
      // Keep what waits for the disk bounded.
      if (queued >= 8 * FLUSH_AT) await writing;
      if (failed) throw failed;
    };
    for await (const piece of content) {
      if (piece.length === 0) continue;
      const data = Buffer.from(piece, 'utf8');
      batch.push(data);
      batchBytes += data.length;
      if (batchBytes >= FEED_AT) await feed();
    }
    await feed();
    await Promise.all(inFlight);
    // 'end' (not the end() callback) comes after the last compressed bytes were given out.
    await new Promise<void>((resolve, reject) => {
      if (failed) {
        reject(failed);
        return;
      }
      deflate.once('error', reject);
      deflate.once('end', () => resolve());
      deflate.end();
    });
    queueOut();
    await writing;
    if (failed) throw failed;
    if (w.size >= MAX32 || w.compressedSize >= MAX32) throw new Error(`${name}: a generated part over 4 GiB`);
    // The header written first had no sizes or CRC: write it again, in place, now that they are known.
    await this.write(this.localHeader(w), headerAt);
    this.written.push(w);
  }

  /** Writes the central directory and the end records. The archive is complete once this resolves. */
  async finish(): Promise<void> {
    const cdStart = this.position;
    const parts: Buffer[] = [];
    for (const w of this.written) {
      const fields: bigint[] = [];
      if (w.size >= MAX32) fields.push(BigInt(w.size));
      if (w.compressedSize >= MAX32) fields.push(BigInt(w.compressedSize));
      if (w.offset >= MAX32) fields.push(BigInt(w.offset));
      const extra = Buffer.alloc(fields.length ? 4 + 8 * fields.length : 0);
      if (fields.length) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8 * fields.length, 2);
        fields.forEach((f, i) => extra.writeBigUInt64LE(f, 4 + 8 * i));
      }
      const version = fields.length ? VERSION_ZIP64 : VERSION_DEFAULT;
      const head = Buffer.alloc(46);
      head.writeUInt32LE(SIG_CENTRAL, 0);
      head.writeUInt16LE(version, 4); // made by: MS-DOS, this version
      head.writeUInt16LE(version, 6);
      head.writeUInt16LE(w.flags, 8);
      head.writeUInt16LE(w.method, 10);
      head.writeUInt16LE(w.dosTime, 12);
      head.writeUInt16LE(w.dosDate, 14);
      head.writeUInt32LE(w.crc, 16);
      head.writeUInt32LE(Math.min(w.compressedSize, MAX32), 20);
      head.writeUInt32LE(Math.min(w.size, MAX32), 24);
      head.writeUInt16LE(w.name.length, 28);
      head.writeUInt16LE(extra.length, 30);
      head.writeUInt32LE(Math.min(w.offset, MAX32), 42);
      parts.push(head, w.name, extra);
    }
    const cd = Buffer.concat(parts);
    await this.write(cd);
    const count = this.written.length;
    const cdSize = cd.length;
    const end: Buffer[] = [];
    if (count >= MAX16 || cdSize >= MAX32 || cdStart >= MAX32) {
      const zip64EndAt = this.position;
      const rec = Buffer.alloc(56);
      rec.writeUInt32LE(SIG_ZIP64_EOCD, 0);
      rec.writeBigUInt64LE(44n, 4);
      rec.writeUInt16LE(VERSION_ZIP64, 12);
      rec.writeUInt16LE(VERSION_ZIP64, 14);
      rec.writeBigUInt64LE(BigInt(count), 24);
      rec.writeBigUInt64LE(BigInt(count), 32);
      rec.writeBigUInt64LE(BigInt(cdSize), 40);
      rec.writeBigUInt64LE(BigInt(cdStart), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(SIG_ZIP64_LOCATOR, 0);
      locator.writeBigUInt64LE(BigInt(zip64EndAt), 8);
      locator.writeUInt32LE(1, 16);
      end.push(rec, locator);
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(SIG_EOCD, 0);
    eocd.writeUInt16LE(Math.min(count, MAX16), 8);
    eocd.writeUInt16LE(Math.min(count, MAX16), 10);
    eocd.writeUInt32LE(Math.min(cdSize, MAX32), 12);
    eocd.writeUInt32LE(Math.min(cdStart, MAX32), 16);
    end.push(eocd);
    await this.write(Buffer.concat(end));
  }
}
