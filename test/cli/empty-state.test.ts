/**
 * A workbook in which no table is recognised is not "no problems": `check` and `report` exit 2 with one line saying
 * that nothing was checked, print nothing on stdout and write no file (cli.md). Fixtures: an empty workbook and a
 * workbook of prose (test/fixtures/empty-state).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../support/cli';

const DIR = path.join(__dirname, '..', 'fixtures', 'empty-state');

let out: string;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-state-'));
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe.each(['empty.xlsx', 'prose.xlsx'])('%s', (file) => {
  const input = path.join(DIR, file);

  test('check exits 2 with one line saying nothing was checked', async () => {
    for (const json of [[], ['--json']]) {
      const r = await cli(['check', input, ...json]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
      expect(r.stderr).toContain(`${file} 中没有识别出任何预算表格，未核对任何数字`);
      expect(r.stderr).not.toMatch(/未发现问题/);
    }
  });

  test('in English too', async () => {
    const r = await cli(['check', input, '--lang', 'en-US']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no budget table was recognised in .*, so no figure was checked/);
  });

  test('report exits 2 and writes nothing', async () => {
    const target = path.join(out, `report-${file}`);
    const docx = path.join(out, `report-${file}.docx`);
    const r = await cli(['report', input, '--out', target, '--docx', docx]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未核对任何数字');
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(docx)).toBe(false);
  });
});
