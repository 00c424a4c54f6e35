/**
 * `report` never loses a file: no output may name the input or the other output (however the path is spelled or
 * linked), checked before anything is written; outputs are replaced only through a temporary file and a rename, and
 * the temporary files a killed run left behind are removed by the next run. A problem in the write plan is reported
 * as the program's own error, never blamed on the output path.
 */
import { createHash } from 'crypto';
import { existsSync } from 'fs';
import { link, mkdir, readdir, readFile, stat, symlink, writeFile } from 'fs/promises';
import JSZip from 'jszip';
import * as path from 'path';
import { findPathClash } from '../../src/cli/paths';
import { removeOrphanedTempFiles } from '../../src/hosts/files';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { LEDGER_HEADER, tempDir, writeLedger } from '../fixtures/xlsx-host/build';
import { cli } from '../support/cli';

/** When set, the plan the command builds gets a cell it cannot hold (as a bug in the plan builder would). */
let mockSpoilPlan = false;
jest.mock('../../src/engine/plan', () => {
  const actual = jest.requireActual<typeof import('../../src/engine/plan')>('../../src/engine/plan');
  return {
    ...actual,
    buildPlan: (...args: Parameters<typeof actual.buildPlan>) => {
      const plan = actual.buildPlan(...args);
      if (mockSpoilPlan) plan.sheets[0].rows[2][1] = { kind: 'text', text: '长'.repeat(32_768) };
      return plan;
    },
  };
});

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

let dir: string;
let cleanup: () => Promise<void>;
let input: string;
let before: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-outputs-'));
  input = await writeLedger(path.join(dir, 'ledger.xlsx'), '业务经费', [
    LEDGER_HEADER,
    ['档案整理', 98, 93.1, 4.9],
    ['会议', 20, 18, 2],
  ]);
  before = await sha(input);
});
afterAll(async () => cleanup());
afterEach(async () => {
  expect(await sha(input)).toBe(before);
  jest.restoreAllMocks();
});

describe('no output may name the input or the other output', () => {
  it.each([
    ['--docx is the input', (i: string) => ['--out', path.join(dir, 'a.xlsx'), '--docx', i]],
    ['--out is the input', (i: string) => ['--out', i]],
    [
      '--out is the input through ..',
      (i: string) => ['--out', path.join(dir, 'sub', '..', path.basename(i))],
    ],
  ])('%s: exit 2, one line naming both paths, nothing written', async (_what, args) => {
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    const r = await cli(['report', input, ...args(input)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(input);
    expect(lines[0]).toMatch(/就是输入的工作簿/);
    expect(existsSync(path.join(dir, 'a.xlsx'))).toBe(false);
  });

  it('--docx equal to --out: exit 2 naming both, nothing written', async () => {
    const out = path.join(dir, 'same.xlsx');
    const r = await cli(['report', input, '--out', out, '--docx', out, '--lang', 'en-US']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`--out ${out} and --docx ${out} are the same file`);
    expect(existsSync(out)).toBe(false);
  });

  it('through symbolic links (of the file or of a folder) and hard links', async () => {
    const soft = path.join(dir, 'soft.xlsx');
    await symlink(input, soft);
    const hard = path.join(dir, 'hard.xlsx');
    await link(input, hard);
    const folder = path.join(dir, 'linked-folder');
    await symlink(dir, folder);
    for (const out of [soft, hard, path.join(folder, path.basename(input))]) {
      const r = await cli(['report', input, '--out', path.join(dir, 'x.xlsx'), '--docx', out]);
      expect([out, r.code]).toEqual([out, 2]);
      expect(r.stderr).toContain(out);
    }
    // Two outputs that do not exist yet, one named through a linked folder.
    const r = await cli([
      'report',
      input,
      '--out',
      path.join(dir, 'new.xlsx'),
      '--docx',
      path.join(folder, 'new.xlsx'),
    ]);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, 'new.xlsx'))).toBe(false);
    expect(await readFile(soft)).toEqual(await readFile(input));
  });

  it('compares names without case where the file system ignores case, and only there', async () => {
    // This file system's answer, found the way the check finds it: is the input reachable with its case swapped?
    const swapped = path.join(dir, path.basename(input).toUpperCase());
    const caseless = await stat(swapped).then(
      () => true,
      () => false,
    );
    const clash = await findPathClash({ option: '', file: input }, [{ option: '--out', file: swapped }]);
    expect(clash !== null).toBe(caseless);
    const outputs = await findPathClash({ option: '', file: input }, [
      { option: '--out', file: path.join(dir, 'Report.xlsx') },
      { option: '--docx', file: path.join(dir, 'REPORT.XLSX') },
    ]);
    expect(outputs !== null).toBe(caseless);
  });

  it('lets distinct outputs through', async () => {
    expect(
      await findPathClash({ option: '', file: input }, [
        { option: '--out', file: path.join(dir, 'r.xlsx') },
        { option: '--docx', file: path.join(dir, 'r.docx') },
      ]),
    ).toBeNull();
  });
});

describe('temporary files', () => {
  it('are removed when their process is gone, kept while it runs', async () => {
    const out = path.join(dir, 'tmp-test', 'report.xlsx');
    await mkdir(path.dirname(out), { recursive: true });
    // A process id that is surely not running: above the kernel's maximum.
    const dead = path.join(path.dirname(out), '.report.xlsx.99999999.abcdef012345.tmp');
    const alive = path.join(path.dirname(out), `.report.xlsx.${process.pid}.abcdef012345.tmp`);
    const other = path.join(path.dirname(out), '.other.xlsx.99999999.abcdef012345.tmp');
    for (const f of [dead, alive, other]) await writeFile(f, 'partial');
    expect(await removeOrphanedTempFiles(out)).toEqual([dead]);
    expect((await readdir(path.dirname(out))).sort()).toEqual(
      [path.basename(other), path.basename(alive)].sort(),
    );
  });
});

describe('a problem in the write plan is the program’s, never the output path’s', () => {
  it('says "internal error", names the sheet and cell, does not blame the output, and writes nothing', async () => {
    const out = path.join(dir, 'plan-error.xlsx');
    mockSpoilPlan = true;
    const r = await cli(['report', input, '--out', out]).finally(() => (mockSpoilPlan = false));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/内部错误/);
    expect(r.stderr).toContain('执行汇总!B3');
    expect(r.stderr).not.toMatch(/无法写入/);
    expect(r.stderr).not.toContain(out);
    expect(existsSync(out)).toBe(false);
  });
});

describe('check and report agree on which sheets are the user’s', () => {
  it('check does not check the generated sheets of a report; a changed one it checks, and report keeps it', async () => {
    type Json = { findings: unknown[]; tables: { sheet: string }[] };
    const out = path.join(dir, 'agree.xlsx');
    expect((await cli(['report', input, '--out', out])).stderr).toBe('');
    const a = JSON.parse((await cli(['check', input, '--json'])).stdout) as Json;
    const b = JSON.parse((await cli(['check', out, '--json'])).stdout) as Json;
    expect(b.tables).toEqual(a.tables);
    expect(b.findings).toEqual(a.findings);

    // The user types over a figure of the generated summary: from then on the sheet is theirs.
    const changed = path.join(dir, 'agree-changed.xlsx');
    const zip = await JSZip.loadAsync(await readFile(out));
    const book = await zip.file('xl/workbook.xml')!.async('string');
    const rId = /<sheet name="执行汇总"[^>]*r:id="([^"]+)"/.exec(book)![1];
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    const part = `xl/${new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
    const xml = await zip.file(part)!.async('string');
    const edited = xml.replace(/(<c r="H4"[^>]*>)<f>[^<]*<\/f><v>[^<]*<\/v>/, '$1<v>50</v>');
    expect(edited).not.toBe(xml);
    zip.file(part, edited);
    await writeFile(changed, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const c = JSON.parse((await cli(['check', changed, '--json'])).stdout) as Json;
    expect(c.tables.map((t) => t.sheet)).toContain('执行汇总');

    const again = path.join(dir, 'agree-again.xlsx');
    const r = await cli(['report', changed, '--out', again]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('执行汇总 (2)');
    const names = (await readWorkbookFile(again)).sheets.map((s) => s.name);
    expect(names).toEqual(['业务经费', '执行汇总', '执行汇总 (2)', '问题清单', '分析说明']);
  });
});
