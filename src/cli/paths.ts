/**
 * No output may name the input or another output. `report` writes a workbook (`--out`) and maybe a Word document
 * (`--docx`); before anything is written, each is compared with the input and with the other, by what they are on
 * disk, not by how they are spelled:
 * - the same path after `.` and `..` are resolved, and after symbolic links (of the file or of any folder on the way)
 *   are followed;
 * - the same file through a hard link (same device and inode);
 * - the same name but for case, in a folder whose file system ignores case (found by asking the file system, where
 *   it can tell; else by platform: macOS and Windows ignore case by default).
 */
import { promises as fsp } from 'fs';
import * as path from 'path';

/** One file the command reads or writes, with the option that names it (`''` for the input). */
export interface NamedPath {
  option: string;
  file: string;
}

/** Two paths that name one file. */
export interface PathClash {
  a: NamedPath;
  b: NamedPath;
}

interface Identity {
  named: NamedPath;
  /** The absolute path with every existing symbolic link resolved. */
  real: string;
  /** Device and inode, when the file exists. */
  id?: { dev: bigint; ino: bigint };
  /** Whether the folder's file system ignores case. */
  caseless: boolean;
}

/** The real path of a folder, or of the deepest folder on its way that exists, with the rest appended. */
async function realFolder(dir: string): Promise<string> {
  const rest: string[] = [];
  let at = dir;
  for (;;) {
    try {
      return path.join(await fsp.realpath(at), ...rest);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return dir;
      rest.unshift(path.basename(at));
      at = parent;
    }
  }
}

function swapCase(name: string): string {
  let out = '';
  for (const ch of name) {
    const up = ch.toUpperCase();
    out += up === ch ? ch.toLowerCase() : up;
  }
  return out;
}

/** Does the file system of an existing path ignore case? Asked by looking the path up with its case swapped. */
async function caseless(existing: string): Promise<boolean | undefined> {
  let at = existing;
  for (;;) {
    const base = path.basename(at);
    const swapped = swapCase(base);
    if (swapped !== base) {
      const [a, b] = await Promise.all([
        fsp.stat(at, { bigint: true }).catch(() => null),
        fsp.stat(path.join(path.dirname(at), swapped), { bigint: true }).catch(() => null),
      ]);
      if (!a) return undefined;
      return !!b && a.dev === b.dev && a.ino === b.ino;
    }
    const parent = path.dirname(at);
    if (parent === at) return undefined;
    at = parent;
  }
}

async function identify(named: NamedPath): Promise<Identity> {
  const abs = path.resolve(named.file);
  let real: string;
  try {
    real = await fsp.realpath(abs);
  } catch {
    real = path.join(await realFolder(path.dirname(abs)), path.basename(abs));
  }
  const stat = await fsp.stat(real, { bigint: true }).catch(() => null);
  const probe = stat ? real : await realFolder(path.dirname(real));
  const found = await caseless(probe);
  return {
    named,
    real,
    ...(stat ? { id: { dev: stat.dev, ino: stat.ino } } : {}),
    caseless: found ?? (process.platform === 'darwin' || process.platform === 'win32'),
  };
}

function same(a: Identity, b: Identity): boolean {
  if (a.id && b.id && a.id.dev === b.id.dev && a.id.ino === b.id.ino) return true;
  if (a.real === b.real) return true;
  if (a.caseless && b.caseless) {
    const fold = (p: string) => p.normalize('NFC').toLowerCase();
    return fold(a.real) === fold(b.real);
  }
  return false;
}

/**
 * The first pair among the input and the outputs that names one file, or null. Outputs are compared with the input
 * first, then with each other.
 */
export async function findPathClash(input: NamedPath, outputs: NamedPath[]): Promise<PathClash | null> {
  const ids = await Promise.all([input, ...outputs].map(identify));
  for (let j = 1; j < ids.length; j++) if (same(ids[0], ids[j])) return { a: ids[j].named, b: ids[0].named };
  for (let i = 1; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++)
      if (same(ids[i], ids[j])) return { a: ids[i].named, b: ids[j].named };
  }
  return null;
}
