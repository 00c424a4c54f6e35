/**
 * LibreOffice as a real spreadsheet client for tests: open an .xlsx file headless, recalculate every formula,
 * and export every sheet's values as CSV.
 *
 * LibreOffice does not recalculate an .xlsx file on load by default (Tools > Options > Calc > Formula > "Recalculation
 * on file load" is "Never recalculate" for Excel 2007 and newer): it shows the cached values. Each run therefore
 * uses a fresh user profile whose registrymodifications.xcu sets `OOXMLRecalcMode` (and `ODFRecalcMode`) to 0,
 * "Always recalculate". Tests should still prove it, with one formula whose cached value is deliberately wrong.
 *
 * Needs LibreOffice 7.2 or newer (a sheet index of -1 in the CSV filter options exports every sheet, each to
 * `<name>-<sheet>.csv`). On Debian/Ubuntu: `apt-get install -y --no-install-recommends libreoffice-calc-nogui`.
 *
 * Tests that need LibreOffice (like those that need Chromium) are real-client tests: they are named `*.e2e.ts` and
 * run by `npm run test:e2e` and CI, never by `npm test`, which needs Node alone. They call {@link requireSoffice}
 * first, which fails with one line naming the package to install when LibreOffice is missing.
 */
import { execFile } from 'child_process';
import { accessSync, constants } from 'fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** The user-profile setting that makes LibreOffice recalculate .xlsx (and .ods) formulas when it opens a file. */
export const RECALC_ON_LOAD_XCU =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
  // 0 = always recalculate, 1 = never (LibreOffice's default, see share/registry/main.xcd), 2 = prompt.
  '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">' +
  '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n' +
  '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">' +
  '<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n' +
  '</oor:items>\n';

/**
 * CSV export options: comma, double quote, UTF-8 (76), from line 1, no column formats, default language,
 * text not all quoted, detect special numbers, NOT "save cell contents as shown" (full precision, no thousands
 * separators; a percent-formatted number still gets a `%`), no formulas, keep spaces, every sheet (-1).
 */
export const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

const INSTALL_HINT =
  'install it with: apt-get install -y --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui ' +
  '(or set SOFFICE to the soffice executable)';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The LibreOffice binary: `$SOFFICE`, else `soffice` or `libreoffice` on the PATH, else the macOS app; or null. */
export function findSoffice(): string | null {
  const explicit = process.env.SOFFICE;
  if (explicit) return isExecutable(explicit) ? explicit : null;
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  const mac = '/Applications/LibreOffice.app/Contents/MacOS/soffice';
  return process.platform === 'darwin' && isExecutable(mac) ? mac : null;
}

/** Why LibreOffice tests cannot run here, in one line, with the packages to install. */
export function missingSofficeMessage(): string {
  return `LibreOffice (soffice) was not found on the PATH (or $SOFFICE); ${INSTALL_HINT}`;
}

/** The LibreOffice binary, or an error whose message is {@link missingSofficeMessage} (for real-client tests). */
export function requireSoffice(): string {
  const soffice = findSoffice();
  if (!soffice) throw new Error(missingSofficeMessage());
  return soffice;
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new Error(`${path.basename(file)} failed: ${err.message}\nstdout: ${stdout}\nstderr: ${stderr}`),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

export interface RecalcOptions {
  /** The LibreOffice binary; found with {@link findSoffice} when not given. */
  soffice?: string;
  /** Kill LibreOffice after this long (default 60 s). */
  timeoutMs?: number;
  /**
   * Recalculate on load (the default). `false` keeps LibreOffice's own default, which shows the cached values: only
   * for tests that show the setting matters.
   */
  recalculate?: boolean;
}

/**
 * Opens `xlsxPath` in LibreOffice (headless, a fresh profile that recalculates on load) and returns every sheet's
 * values as LibreOffice computed them: sheet name → rows → cells, as CSV text (see {@link csvNumber}). Hidden
 * sheets are included. Rejects when LibreOffice is missing, too old, or fails.
 */
export async function recalculatedValues(
  xlsxPath: string,
  options: RecalcOptions = {},
): Promise<Record<string, string[][]>> {
  const soffice = options.soffice ?? findSoffice();
  if (!soffice) throw new Error(missingSofficeMessage());
  const work = await mkdtemp(path.join(os.tmpdir(), 'budget-review-lo-'));
  try {
    const profile = path.join(work, 'profile');
    await mkdir(path.join(profile, 'user'), { recursive: true });
    if (options.recalculate !== false) {
      await writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_ON_LOAD_XCU, 'utf8');
    }
    // A copy under a fixed name: the CSV files are then `book-<sheet>.csv`, and no lock file lands near the input.
    const book = path.join(work, 'book.xlsx');
    await copyFile(xlsxPath, book);
    const outDir = path.join(work, 'csv');
    await mkdir(outDir);
    const args = [
      '--headless',
      '--norestore',
      '--nologo',
      '--nolockcheck',
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--convert-to',
      CSV_ALL_SHEETS,
      '--outdir',
      outDir,
      book,
    ];
    const { stdout, stderr } = await run(soffice, args, options.timeoutMs ?? 60_000);
    const files = (await readdir(outDir)).filter((f) => f.endsWith('.csv'));
    if (files.length === 0) {
      throw new Error(`LibreOffice wrote no CSV for ${xlsxPath}\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    if (files.length === 1 && files[0] === 'book.csv') {
      throw new Error('LibreOffice exported only one sheet: version 7.2 or newer is needed (sheet index -1)');
    }
    const sheets: Record<string, string[][]> = {};
    for (const file of files) {
      if (!file.startsWith('book-')) continue;
      const name = file.slice('book-'.length, -'.csv'.length);
      sheets[name] = parseCsv(await readFile(path.join(outDir, file), 'utf8'));
    }
    return sheets;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** RFC 4180 CSV (as LibreOffice writes it: `"` doubled inside quoted fields, fields may span lines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * A CSV field as a number: `-3740.11`, `1E-12`, `1.23456789012346E+019`, and `57.641%` (a percent-formatted cell,
 * which LibreOffice exports with its `%` even when not "as shown") as 0.57641. Null for text and empty fields.
 */
export function csvNumber(field: string): number | null {
  const text = field.trim();
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(%?)$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === '%' ? n / 100 : n;
}

/** The field at an A1-style address of an exported sheet ('' when outside the exported rows). */
export function csvCell(rows: string[][], address: string): string {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(address);
  if (!m) throw new Error(`not a cell address: ${address}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return rows[Number(m[2]) - 1]?.[col - 1] ?? '';
}
