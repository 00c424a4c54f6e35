/**
 * Random access to the parts of an .xlsx package (a zip file), through the zip's central directory.
 *
 * exceljs's streaming reader walks the zip's local headers front to back. That ties what it can do to the order in
 * which the writer stored the parts: Excel and exceljs both store the worksheets before the shared strings, so it
 * spills every worksheet to a temporary file first; it emits worksheets in zip order, not workbook order; and on a
 * truncated file it waits forever for the rest of an entry. Reading the central directory (at the end of the file)
 * first, as Excel does, avoids all three: each part is inflated on demand, in the order the reader needs it, from the
 * file itself or from a buffer, and a truncated or damaged file fails with a {@link ZipFormatError}.
 *
 * Only what .xlsx files use is supported: stored and deflated entries, zip64 sizes and offsets, no encryption.
 *
 * What the archive declares is never trusted for sizes: the bytes of each part are counted as they come out of
 * zlib, and the stream stops with a {@link LimitExceededError} at the limit of one part or of the whole archive
 * (engine/limits.ts), however small the part says it is.
 */
import type { FileHandle } from 'fs/promises';
import { pipeline, Readable, Transform, type TransformCallback } from 'stream';
import { createInflateRaw } from 'zlib';
import { LimitExceededError, READ_LIMITS, ReadBudget } from '../../engine/limits';

/** The bytes of a zip file are not a readable zip archive (truncated, damaged, or a feature we do not read). */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

/** Where the zip's bytes come from: a file opened for reading or a buffer. */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `position`; rejects with a {@link ZipFormatError} if the file is shorter. */
  read(position: number, length: number): Promise<Buffer>;
  /** The bytes from `start` up to (not including) `end`, as a stream. */
  stream(start: number, end: number): Readable;
}

const CHUNK = 64 * 1024;

/** A source reading an open file (the caller owns the handle and closes it when done). */
export function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(position, length) {
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, position + done);
        if (bytesRead === 0) throw new ZipFormatError('unexpected end of file');
        done += bytesRead;
      }
      return buf;
    },
    stream(start, end) {
      return new FileRangeStream(handle, start, end);
    },
  };
}

/**
 * A byte range of an open file, read with positional reads. Not `handle.createReadStream()`: destroying that
 * stream (as a parser that stops at its root element's end does) closes the handle, which the next part needs.
 */
class FileRangeStream extends Readable {
  constructor(
    private readonly handle: FileHandle,
    private position: number,
    private readonly end: number,
  ) {
    super({ highWaterMark: CHUNK });
  }

  override _read(): void {
    const length = Math.min(CHUNK, this.end - this.position);
    if (length <= 0) {
      this.push(null);
      return;
    }
    const buf = Buffer.allocUnsafe(length);
    this.handle.read(buf, 0, length, this.position).then(
      ({ bytesRead }) => {
        if (this.destroyed) return;
        if (bytesRead === 0) {
          this.destroy(new ZipFormatError('unexpected end of file'));
          return;
        }
        this.position += bytesRead;
        this.push(bytesRead === length ? buf : buf.subarray(0, bytesRead));
      },
      (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
    );
  }
}

/** A source reading bytes held in memory. */
export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    async read(position, length) {
      if (position + length > buf.length) throw new ZipFormatError('unexpected end of file');
      return buf.subarray(position, position + length);
    },
    stream(start, end) {
      return Readable.from(slices(buf, start, end), { objectMode: false });
    },
  };
}

function* slices(buf: Buffer, start: number, end: number): Generator<Buffer> {
  for (let at = start; at < end; at += CHUNK) yield buf.subarray(at, Math.min(end, at + CHUNK));
}

/** One file of the archive, as its central directory describes it. */
export interface ZipEntry {
  /** The name as stored, e.g. `xl/worksheets/sheet1.xml`. */
  readonly name: string;
  /** 0 = stored, 8 = deflated. */
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the entry's local header. */
  readonly headerOffset: number;
  /** The CRC-32 of the uncompressed content, as the central directory gives it. */
  readonly crc32: number;
  /** Last modification time and date, in MS-DOS format, as stored. */
  readonly dosTime: number;
  readonly dosDate: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** An opened zip archive: its entries by name, each readable as UTF-8 text. */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();
  private readonly ordered: readonly ZipEntry[];

  private constructor(
    private readonly source: ByteSource,
    entries: readonly ZipEntry[],
    private readonly budget: ReadBudget,
  ) {
    this.ordered = entries;
    for (const e of entries) {
      // A leading slash is not part of a zip name, but some writers add one.
      const name = e.name.startsWith('/') ? e.name.slice(1) : e.name;
      if (!this.byName.has(name)) this.byName.set(name, e);
      const lower = name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, e);
    }
  }

  /**
   * Reads the central directory. Rejects with a {@link ZipFormatError} when there is no valid one, and with a
   * {@link LimitExceededError} when it lists more entries than a workbook can have. The parts' inflated bytes
   * count against `budget` (`partBytes` each, `totalBytes` together).
   */
  static async open(source: ByteSource, budget: ReadBudget = new ReadBudget()): Promise<ZipArchive> {
    return new ZipArchive(source, await readCentralDirectory(source), budget);
  }

  /** The entry of a part name (package part names are case-insensitive, so an exact match is tried first). */
  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  /**
   * The entry's content decoded as UTF-8, in chunks. Multi-byte characters split between chunks are decoded
   * whole. The stream fails (and so does iterating it) if the entry's data is truncated or damaged.
   */
  async text(entry: ZipEntry): Promise<Readable> {
    if (entry.flags & 1) throw new ZipFormatError(`${entry.name}: encrypted entries are not supported`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipFormatError(`${entry.name}: unsupported compression method ${entry.method}`);
    }
    const raw = await this.raw(entry);
    const meter = new Meter(entry.name, this.budget);
    // pipeline destroys every stream when one fails (the meter at its limit included), so inflating stops there and
    // the error reaches whoever reads the meter.
    const out =
      entry.method === 0
        ? pipeline(raw, meter, () => undefined)
        : pipeline(raw, createInflateRaw({ chunkSize: CHUNK }), meter, () => undefined);
    out.setEncoding('utf8');
    return out;
  }

  /** Every entry, in the order of the central directory (the order a copy of the archive keeps). */
  entries(): ZipEntry[] {
    return [...this.ordered];
  }

  /**
   * The entry's stored bytes, still compressed as they are in the file (for copying an entry unchanged into another
   * archive, whatever its compression method). Fails if the local header is damaged or the data runs past the end.
   */
  async raw(entry: ZipEntry): Promise<Readable> {
    const local = await this.source.read(entry.headerOffset, 30);
    if (local.readUInt32LE(0) !== SIG_LOCAL) throw new ZipFormatError(`${entry.name}: bad local header`);
    const start = entry.headerOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const end = start + entry.compressedSize;
    if (end > this.source.size) throw new ZipFormatError(`${entry.name}: data runs past the end of the file`);
    return this.source.stream(start, end);
  }
}

/** Counts a part's bytes as they are inflated, and fails at the part's or the archive's limit. */
class Meter extends Transform {
  private bytes = 0;

  constructor(
    private readonly part: string,
    private readonly budget: ReadBudget,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    try {
      ReadBudget.check('partBytes', this.bytes, this.part);
      this.budget.add('totalBytes', chunk.length);
    } catch (err) {
      done(err as Error);
      return;
    }
    done(null, chunk);
  }
}

/** The largest central directory read: 65,535 entries with names of a kilobyte (Excel's are under 50 bytes). */
const MAX_DIRECTORY = READ_LIMITS.zipEntries * 1024;

async function readCentralDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const size = source.size;
  if (size < EOCD_SIZE) throw new ZipFormatError('end of central directory not found');
  const tailStart = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
  const tail = await source.read(tailStart, size - tailStart);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('end of central directory not found (truncated file?)');
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  const eocdOffset = tailStart + at;

  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorOffset = eocdOffset - 20;
    if (locatorOffset >= 0) {
      const locator = await source.read(locatorOffset, 20);
      if (locator.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
        const eocd64 = await source.read(safeNumber(locator.readBigUInt64LE(8)), 56);
        if (eocd64.readUInt32LE(0) !== SIG_ZIP64_EOCD)
          throw new ZipFormatError('bad zip64 end of central directory');
        count = safeNumber(eocd64.readBigUInt64LE(32));
        cdSize = safeNumber(eocd64.readBigUInt64LE(40));
        cdOffset = safeNumber(eocd64.readBigUInt64LE(48));
      }
    }
  }
  if (cdOffset + cdSize > size) throw new ZipFormatError('central directory runs past the end of the file');
  if (count > READ_LIMITS.zipEntries || cdSize > MAX_DIRECTORY) throw new LimitExceededError('zipEntries');

  const cd = await source.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL)
      throw new ZipFormatError('bad central directory');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const dosTime = cd.readUInt16LE(p + 12);
    const dosDate = cd.readUInt16LE(p + 14);
    const crc32 = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let headerOffset = cd.readUInt32LE(p + 42);
    const nameEnd = p + 46 + nameLength;
    const extraEnd = nameEnd + extraLength;
    if (extraEnd + commentLength > cd.length) throw new ZipFormatError('bad central directory');
    const name = cd.toString('utf8', p + 46, nameEnd);

    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || headerOffset === 0xffffffff) {
      // The zip64 extra field holds, in this order, the fields whose 32-bit value is all ones.
      for (let x = nameEnd; x + 4 <= extraEnd;) {
        const id = cd.readUInt16LE(x);
        const length = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          const field = (): number => {
            if (q + 8 > x + 4 + length) throw new ZipFormatError(`${name}: bad zip64 extra field`);
            const value = safeNumber(cd.readBigUInt64LE(q));
            q += 8;
            return value;
          };
          if (uncompressedSize === 0xffffffff) uncompressedSize = field();
          if (compressedSize === 0xffffffff) compressedSize = field();
          if (headerOffset === 0xffffffff) headerOffset = field();
          break;
        }
        x += 4 + length;
      }
    }
    entries.push({
      name,
      method,
      flags,
      compressedSize,
      size: uncompressedSize,
      headerOffset,
      crc32,
      dosTime,
      dosDate,
    });
    p = extraEnd + commentLength;
  }
  return entries;
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 size or offset out of range');
  return Number(value);
}
