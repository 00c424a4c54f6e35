/**
 * Writing an output file so that it is never seen half written, for both file hosts (the .xlsx report and the
 * .docx narrative): the bytes go to a temporary file in the output's folder (`.<name>.<pid>.<random>.tmp`), which is
 * flushed to disk and then renamed onto the output. A failure (a read-only folder, a full disk) removes the temporary
 * file and leaves an earlier file at the output as it was; a process killed while writing leaves only its temporary
 * file, which the next write of the same output removes once the process that wrote it is gone.
 */
import { randomBytes } from 'crypto';
import { promises as fsp } from 'fs';
import type { FileHandle } from 'fs/promises';
import * as path from 'path';

/** Writing an output file failed: the output is named, with the system's reason. */
export class OutputFileError extends Error {
  /** The system's error code (`ENOSPC`, `EACCES`…) when there is one. */
  readonly code?: string;

  constructor(
    readonly file: string,
    readonly reason: unknown,
  ) {
    const code = errnoCode(reason);
    super(`${file}: ${code ?? (reason instanceof Error ? reason.message : String(reason))}`);
    this.name = 'OutputFileError';
    if (code !== undefined) this.code = code;
  }
}

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The temporary files of writes of `file`: `.<name>.<pid>.<hex>.tmp` in its folder. */
function tempPattern(file: string): RegExp {
  return new RegExp(`^\\.${escapeRegExp(path.basename(file))}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
}

/** Is a process of this id running (or there but not ours to signal)? */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

/**
 * Removes the temporary files that earlier writes of `file` left behind when their process was killed: those of
 * the pattern {@link writeFileAtomically} uses whose process is no longer running. A temporary file of a write
 * still in progress (its process is alive) is left alone. Best effort: resolves with the files removed.
 */
export async function removeOrphanedTempFiles(file: string): Promise<string[]> {
  const dir = path.dirname(path.resolve(file));
  const pattern = tempPattern(file);
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    const full = path.join(dir, name);
    try {
      const stat = await fsp.lstat(full);
      if (!stat.isFile()) continue;
      await fsp.unlink(full);
      removed.push(full);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** A fresh temporary file name for a write of `file`, in its folder. */
export function tempPathFor(file: string): string {
  const out = path.resolve(file);
  return path.join(
    path.dirname(out),
    `.${path.basename(out)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

/**
 * Writes `file` through a temporary file: `write` fills the open temporary file, which is then flushed and renamed
 * onto `file`. On any failure the temporary file is removed and `file` is left as it was; a failure to create,
 * flush or rename the file rejects with {@link OutputFileError}, and whatever `write` rejects with is passed on.
 */
export async function writeFileAtomically(
  file: string,
  write: (handle: FileHandle) => Promise<void>,
): Promise<void> {
  await removeOrphanedTempFiles(file);
  const tmp = tempPathFor(file);
  let handle: FileHandle | undefined;
  try {
    handle = await fsp.open(tmp, 'wx');
  } catch (err) {
    throw new OutputFileError(file, err);
  }
  try {
    await write(handle);
    try {
      await handle.sync();
      await handle.close();
      handle = undefined;
      await fsp.rename(tmp, path.resolve(file));
    } catch (err) {
      throw new OutputFileError(file, err);
    }
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** {@link writeFileAtomically} of bytes held in memory. */
export async function writeBytesAtomically(file: string, data: Buffer): Promise<void> {
  await writeFileAtomically(file, async (handle) => {
    try {
      await handle.writeFile(data);
    } catch (err) {
      throw new OutputFileError(file, err);
    }
  });
}
