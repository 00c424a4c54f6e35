/**
 * Judging suite: the published-table workbooks after a LibreOffice round trip (`soffice --headless --convert-to
 * xlsx`, as a department that keeps its tables in LibreOffice would re-save them: LibreOffice's own cell styles,
 * shared strings, merges and number formats). The findings must be the same as for the originals.
 *
 * A real-client test (`*.e2e.ts`, run by `npm run test:e2e`): it needs LibreOffice and fails with the package to
 * install when it is missing. One soffice process converts every workbook (a fresh user profile, so nothing of the
 * machine's profile is used).
 */
import * as os from 'os';
import * as path from 'path';
import { execFile } from 'child_process';
import { mkdir, mkdtemp, readdir, rm } from 'fs/promises';
import { pathToFileURL } from 'url';
import { analyze } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import type { PublishedFixture } from '../fixtures/published/fixture';
import { PUBLISHED, PUBLISHED_DIR } from '../fixtures/published';
import { requireSoffice } from '../support/libreoffice';
import { judge, PublishedScoreboard, type Verdict } from './judge-published';

const soffice = requireSoffice();

function convertAll(binary: string, files: string[], outDir: string, profile: string): Promise<void> {
  const args = [
    '--headless',
    '--norestore',
    '--nologo',
    '--nolockcheck',
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    '--convert-to',
    'xlsx',
    '--outdir',
    outDir,
    ...files,
  ];
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: 240_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) =>
      err ? reject(new Error(`soffice failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(),
    );
  });
}

describe('published tables after a LibreOffice round trip', () => {
  const board = new PublishedScoreboard('Published tables after soffice --convert-to xlsx:');
  const verdicts = new Map<string, Verdict>();
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'published-lo-'));
    const out = path.join(work, 'out');
    await mkdir(out);
    await convertAll(
      soffice as string,
      PUBLISHED.map((f) => path.join(PUBLISHED_DIR, f.file)),
      out,
      path.join(work, 'profile'),
    );
    const written = new Set(await readdir(out));
    for (const f of PUBLISHED) {
      if (!written.has(f.file)) continue;
      const v = judge(f, analyze(await readWorkbookFile(path.join(out, f.file))));
      verdicts.set(f.file, v);
      board.add(f, v);
    }
  }, 300_000);

  afterAll(async () => {
    console.log(board.render());
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe.each(PUBLISHED.map((f): [string, PublishedFixture] => [f.file, f]))('%s', (file) => {
    const verdict = (): Verdict => {
      const v = verdicts.get(file);
      if (!v) throw new Error(`LibreOffice wrote no ${file}`);
      return v;
    };

    it('recognises a table on every sheet that has one', () => {
      expect(verdict().unrecognised).toEqual([]);
    });

    it('finds every known discrepancy at its cell', () => {
      expect(verdict().missing).toEqual([]);
    });

    it('flags nothing that holds', () => {
      expect(verdict().falseAlarms).toEqual([]);
    });

    it('reports every rounding difference as info', () => {
      expect(verdict().roundingMissing).toEqual([]);
    });
  });
});
