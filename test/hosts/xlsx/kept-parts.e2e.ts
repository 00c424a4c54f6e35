/**
 * The report on the kept-parts fixture (kept-parts.test.ts: every original part comes back byte for byte), read by
 * a real spreadsheet client: LibreOffice opens it with every sheet, and what it reads keeps the chart, the comment
 * and the defined names (saved again by LibreOffice, they are still there).
 *
 * A real-client test (run by `npm run test:e2e`): needs LibreOffice (`soffice`), and fails with the package to
 * install when it is missing.
 */
import { execFile } from 'child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { promisify } from 'util';
import JSZip from 'jszip';
import { run } from '../../../src/cli/main';
import { tempDir } from '../../fixtures/xlsx-host/build';
import {
  KEPT_PARTS_FILE,
  KEPT_SHEETS,
  LEDGER_SHEET,
  type KeptPartsKind,
} from '../../fixtures/xlsx-host/kept-parts';
import { recalculatedValues, requireSoffice } from '../../support/libreoffice';

const GENERATED = ['执行汇总', '问题清单', '分析说明'];

/** The workbook as LibreOffice saves it again as .xlsx (headless, a fresh profile): what LibreOffice read. */
async function resave(file: string, soffice: string): Promise<Buffer> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'budget-review-lo-resave-'));
  try {
    const profile = path.join(work, 'profile');
    await mkdir(profile);
    const copy = path.join(work, `book${path.extname(file)}`);
    await copyFile(file, copy);
    const outDir = path.join(work, 'out');
    await mkdir(outDir);
    await promisify(execFile)(
      soffice,
      [
        '--headless',
        '--norestore',
        '--nologo',
        '--nolockcheck',
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--convert-to',
        'xlsx',
        '--outdir',
        outDir,
        copy,
      ],
      { timeout: 60_000, killSignal: 'SIGKILL' },
    );
    const [written] = await readdir(outDir);
    return await readFile(path.join(outDir, written));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

let soffice: string;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  soffice = requireSoffice();
  ({ dir, cleanup } = await tempDir('budget-review-kept-lo-'));
});

afterAll(async () => cleanup?.());

describe.each(['xlsx', 'xlsm'] as KeptPartsKind[])('report on kept-parts.%s in LibreOffice', (kind) => {
  let out: string;

  beforeAll(async () => {
    out = path.join(dir, `report.${kind}`);
    let stderr = '';
    const sink = { write: () => true };
    const code = await run(['report', KEPT_PARTS_FILE[kind], '--out', out], {
      stdout: sink,
      stderr: { write: (c: string) => (stderr += c) },
    });
    if (code > 1 || stderr !== '') throw new Error(`report exited ${code}: ${stderr}`);
  });

  it('opens with every sheet, hidden ones included', async () => {
    const values = await recalculatedValues(out, { soffice });
    expect(Object.keys(values).sort()).toEqual([...KEPT_SHEETS, ...GENERATED].sort());
    expect(values[LEDGER_SHEET][2][0]).toBe('办公经费');
    expect(values['执行汇总'].some((row) => row.includes('信息化建设'))).toBe(true);
  });

  it('keeps, as LibreOffice reads it, the chart, the comment and the defined names', async () => {
    const zip = await JSZip.loadAsync(await resave(out, soffice));
    const names = Object.keys(zip.files);
    expect(names.some((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toBe(true);
    expect(names.some((n) => /^xl\/comments\d*\.xml$/.test(n))).toBe(true);
    const book = await zip.file('xl/workbook.xml')!.async('string');
    expect(book).toContain('name="低执行率阈值"');
    expect(book).toContain('name="执行率合计"');
  });
});
