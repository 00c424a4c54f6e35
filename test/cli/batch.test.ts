/**
 * Several workbooks at once: `check <folder>`, `check a.xlsx b.xlsx …` and `report --batch <folder> --out …`, on 50
 * generated department workbooks (test/fixtures/batch/generate.ts: layout fixtures, ledgers with planted cells, one
 * corrupt file, one with no table) in a temporary folder.
 */
import { createHash } from 'crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'fs/promises';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { generateDepartments, type GeneratedDepartment } from '../fixtures/batch/generate';
import { tempDir } from '../fixtures/xlsx-host/build';
import { cli, type CliResult as Result } from '../support/cli';

interface Entry {
  workbook: string;
  error?: string;
  findings?: { rule: string; severity: string; sheet: string; cell: string; message: string }[];
  tables?: unknown[];
}

let root: string;
let folder: string;
let cleanup: () => Promise<void>;
let made: GeneratedDepartment[];

function severityCounts(e: Entry): Record<string, number> {
  const c: Record<string, number> = { error: 0, warning: 0, info: 0 };
  for (const f of e.findings ?? []) c[f.severity]++;
  return c;
}

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort())
    out[name] = createHash('sha256')
      .update(await readFile(path.join(dir, name)))
      .digest('hex');
  return out;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempDir('budget-review-batch-'));
  folder = path.join(root, 'departments');
  made = await generateDepartments(folder, 50, 2020);
}, 120_000);

afterAll(async () => {
  await cleanup();
});

describe('the generated folder', () => {
  test('is varied: layouts, ledgers with and without planted cells, one corrupt, one with no table', () => {
    expect(made).toHaveLength(50);
    expect(made.filter((m) => m.kind === 'corrupt')).toHaveLength(1);
    expect(made.filter((m) => m.kind === 'no-table')).toHaveLength(1);
    expect(made.filter((m) => m.kind === 'layout').length).toBeGreaterThanOrEqual(5);
    expect(made.filter((m) => m.planted).length).toBeGreaterThanOrEqual(5);
    expect(made.filter((m) => m.kind === 'ledger' && !m.planted).length).toBeGreaterThanOrEqual(5);
    expect(made.filter((m) => m.grade).length).toBeGreaterThanOrEqual(3);
  });
});

describe('check --json <folder>', () => {
  let r: Result;
  let doc: { workbooks: Entry[] };

  beforeAll(async () => {
    r = await cli(['check', folder, '--json']);
    doc = JSON.parse(r.stdout) as { workbooks: Entry[] };
  }, 120_000);

  test('prints one JSON document of 50 entries, in file-name order, formatted as a single check is', () => {
    expect(Object.keys(doc)).toEqual(['workbooks']);
    expect(doc.workbooks).toHaveLength(50);
    expect(doc.workbooks.map((w) => w.workbook)).toEqual(made.map((m) => path.basename(m.file)));
    expect(r.stdout).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  test('each entry equals the single-file check of that workbook', async () => {
    for (const [i, m] of made.entries()) {
      const single = await cli(['check', m.file, '--json']);
      if (m.kind === 'corrupt') {
        expect(single.stdout).toBe('');
        expect(doc.workbooks[i]).toEqual({
          workbook: path.basename(m.file),
          error: single.stderr.replace(/^budget-review: /, '').trimEnd(),
        });
        expect(doc.workbooks[i].error).toContain('工作簿已损坏');
      } else if (m.kind === 'no-table') {
        // Alone it is one line and exit 2; in a batch it stays an entry, with no table and no error.
        expect(single.code).toBe(2);
        expect(single.stdout).toBe('');
        expect(doc.workbooks[i]).toMatchObject({ workbook: path.basename(m.file), tables: [] });
        expect(severityCounts(doc.workbooks[i]).error).toBe(0);
      } else {
        expect(doc.workbooks[i]).toEqual(JSON.parse(single.stdout));
      }
    }
  }, 120_000);

  test('every planted cell is found, as an error of its rule', () => {
    for (const [i, m] of made.entries()) {
      if (!m.planted) continue;
      expect(doc.workbooks[i].findings).toContainEqual(
        expect.objectContaining({
          rule: m.planted.rule,
          severity: 'error',
          sheet: m.planted.sheet,
          cell: m.planted.cell,
        }),
      );
    }
  });

  test('clean ledgers have no error; the workbook with no table has no table', () => {
    for (const [i, m] of made.entries()) {
      if (m.kind === 'ledger' && !m.planted) expect(severityCounts(doc.workbooks[i]).error).toBe(0);
      if (m.kind === 'no-table') expect(doc.workbooks[i].tables).toEqual([]);
    }
  });

  test('exits 2 (a file could not be read, one had no table), with progress n/N and each name on stderr', () => {
    expect(r.code).toBe(2);
    for (const [i, m] of made.entries()) expect(r.stderr).toContain(`${i + 1}/50 ${path.basename(m.file)}\n`);
  });

  test('on a terminal the progress line is rewritten in place and cleared; stdout stays pure JSON', async () => {
    const tty = await cli(['check', folder, '--json'], { tty: true });
    expect(JSON.parse(tty.stdout)).toEqual(doc);
    expect(tty.stderr).toContain('\r50/50 ');
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
  }, 120_000);
});

describe('exit codes: the worst of the workbooks', () => {
  let clean: string[];
  let wrong: string;
  let corrupt: string;

  beforeAll(() => {
    clean = made.filter((m) => m.kind === 'ledger' && !m.planted).map((m) => m.file);
    wrong = made.find((m) => m.planted)?.file ?? '';
    corrupt = made.find((m) => m.kind === 'corrupt')?.file ?? '';
  });

  test('clean workbooks only: 0', async () => {
    const r = await cli(['check', clean[0], clean[1], '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { workbooks: Entry[] }).workbooks).toHaveLength(2);
  });

  test('one error among them: 1', async () => {
    expect((await cli(['check', clean[0], wrong, clean[1]])).code).toBe(1);
  });

  test('a file that cannot be read: 2, and the others are still checked', async () => {
    const missing = path.join(root, 'absent.xlsx');
    const r = await cli(['check', wrong, corrupt, missing, clean[0], '--json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { workbooks: Entry[] };
    expect(doc.workbooks.map((w) => w.workbook)).toEqual([
      path.basename(wrong),
      path.basename(corrupt),
      'absent.xlsx',
      path.basename(clean[0]),
    ]);
    expect(doc.workbooks[2].error).toContain('文件不存在');
    expect(doc.workbooks[3].findings).toBeDefined();
  });

  test('a single workbook with no table: exit 2, nothing on stdout and one line saying nothing was checked', async () => {
    const none = made.find((m) => m.kind === 'no-table')?.file ?? '';
    const r = await cli(['check', none, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^budget-review: .*没有识别出任何预算表格，未核对任何数字（这不表示没有问题）.*\n$/,
    );
  });
});

describe('the human output of a batch', () => {
  test('each workbook under its name, then one summary line; skipped files named on stderr', async () => {
    const dir = path.join(root, 'mixed');
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    const picks = [made[0], made.find((m) => m.planted), made.find((m) => m.kind === 'corrupt')].filter(
      (m): m is GeneratedDepartment => m !== undefined,
    );
    for (const m of picks) await copyFile(m.file, path.join(dir, path.basename(m.file)));
    await writeFile(path.join(dir, 'notes.txt'), '说明');
    await writeFile(path.join(dir, '~$open.xlsx'), 'lock');
    const r = await cli(['check', dir]);
    expect(r.code).toBe(2);
    for (const m of picks) expect(r.stdout).toContain(`工作簿：${path.basename(m.file)}\n`);
    expect(r.stdout).toContain('无法读取');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(
      /^共 3 个工作簿：有错误的 \d+ 个，无法读取 1 个，未识别到表格 0 个，跳过其他文件 3 个；问题合计：错误 \d+，/,
    );
    expect(r.stderr).toContain('已跳过');
    expect(r.stderr).toContain('notes.txt');
    expect(r.stderr).toContain('~$open.xlsx');
    expect(r.stderr).toContain(`${path.join(dir, 'sub')}：是子文件夹`);
  });

  test('a folder with no workbook: exit 2, one line', async () => {
    const dir = path.join(root, 'empty');
    await mkdir(dir, { recursive: true });
    const r = await cli(['check', dir, '--lang', 'en-US']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`budget-review: the folder ${dir} holds no .xlsx or .xlsm workbook\n`);
  });
});

describe('report --batch <folder> --out review.xlsx', () => {
  let out: string;
  let r: Result;
  let entries: Entry[];
  let wb: ExcelJS.Workbook;
  let before: Record<string, string>;

  beforeAll(async () => {
    before = await digest(folder);
    out = path.join(root, 'review.xlsx');
    r = await cli(['report', '--batch', folder, '--out', out]);
    entries = (JSON.parse((await cli(['check', folder, '--json'])).stdout) as { workbooks: Entry[] })
      .workbooks;
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
  }, 180_000);

  test('exits as check does and says what it wrote; the inputs are unchanged', async () => {
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`已写入汇总工作簿：${out}（50 个工作簿；原文件未改动）`);
    expect(await digest(folder)).toEqual(before);
  });

  test('部门汇总: a row per workbook with its department, totals, counts, grade and worst finding', () => {
    const ws = wb.getWorksheet('部门汇总');
    expect(ws).toBeDefined();
    if (!ws) return;
    expect(ws.rowCount).toBe(51);
    expect(ws.getCell('A1').value).toBe('文件');
    for (const [i, m] of made.entries()) {
      const at = (c: number): ExcelJS.Cell => ws.getCell(i + 2, c);
      const name = path.basename(m.file);
      expect(at(1).value).toEqual({ text: name, hyperlink: `departments/${name}` });
      const e = entries[i];
      if (m.kind === 'corrupt') {
        expect(String(at(12).value)).toBe(`无法读取：${e.error}`);
        expect(at(7).value).toBeNull();
        continue;
      }
      const counts = severityCounts(e);
      expect([at(7).value, at(8).value, at(9).value]).toEqual([counts.error, counts.warning, counts.info]);
      if (m.department) expect(at(2).value).toBe(m.department);
      if (m.grade) expect(at(11).value).toBe(m.grade);
      if (m.kind === 'no-table') expect(at(12).value).toBe('未识别到任何表格，没有校验任何数字');
      const json = e as Entry & { totals: Record<string, string> };
      if (json.totals.available) expect(at(3).value).toBe(Number(json.totals.available));
      if (json.totals.rate) {
        expect(typeof at(6).value).toBe('number');
        expect(at(6).numFmt).toBe('0.00%');
        expect(((at(6).value as number) * 100).toFixed(2) + '%').toBe(json.totals.rate);
      }
      const errors = (e.findings ?? []).filter((f) => f.severity === 'error');
      if (errors.length) expect(at(12).value).toBe(errors[0].message);
    }
  });

  test('问题明细: every finding, errors first, with its file linked, rule named in Chinese', () => {
    const ws = wb.getWorksheet('问题明细');
    expect(ws).toBeDefined();
    if (!ws) return;
    const all = entries.flatMap((e) => (e.findings ?? []).map((f) => ({ ...f, file: e.workbook })));
    expect(ws.rowCount).toBe(all.length + 1);
    const rank: Record<string, number> = { 错误: 0, 警告: 1, 提示: 2 };
    let last = 0;
    for (let r = 2; r <= ws.rowCount; r++) {
      const sev = rank[String(ws.getCell(r, 5).value)];
      expect(sev).toBeGreaterThanOrEqual(last);
      last = sev;
      const link = ws.getCell(r, 1).value as { text: string; hyperlink: string };
      expect(link.hyperlink).toBe(`departments/${link.text}`);
    }
    const planted = made.find((m) => m.planted);
    const rows = ws.getSheetValues() as unknown[][];
    expect(rows).toContainEqual([
      undefined,
      expect.objectContaining({ text: path.basename(planted?.file ?? '') }),
      planted?.planted?.sheet,
      planted?.planted?.cell,
      expect.any(String),
      '错误',
      expect.any(String),
    ]);
    expect(rows.filter((row) => row?.[4] === '结余核对').length).toBe(
      all.filter((f) => f.rule === 'surplus').length,
    );
  });

  test('both sheets: frozen header, a filter, landscape one page wide, header printed on every page', () => {
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 1 }));
      expect(ws.autoFilter).toMatch(/^A1:[A-Z]+\d+$/);
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.fitToPage).toBe(true);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.pageSetup.fitToHeight).toBe(0);
      expect(ws.pageSetup.printTitlesRow).toBe('1:1');
    }
  });

  test('--lang en-US names the sheets and rules in English', async () => {
    const en = path.join(root, 'review-en.xlsx');
    const res = await cli(['report', '--batch', folder, '--out', en, '--lang', 'en-US']);
    expect(res.code).toBe(2);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(en);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Departments', 'All findings']);
    expect(book.worksheets[1].getCell('D1').value).toBe('Rule');
    expect(['Surplus', 'Execution rate', 'Totals']).toContain(book.worksheets[1].getCell('D2').value);
  }, 120_000);

  test('an output inside the folder is never reviewed as an input; a re-run replaces it', async () => {
    const dir = path.join(root, 'with-output');
    await mkdir(dir, { recursive: true });
    for (const m of made.slice(0, 3)) await copyFile(m.file, path.join(dir, path.basename(m.file)));
    const inside = path.join(dir, 'review.xlsx');
    const first = await cli(['report', '--batch', dir, '--out', inside]);
    expect(first.stdout).toContain('3 个工作簿');
    const second = await cli(['report', '--batch', dir, '--out', inside]);
    expect(second.stdout).toContain('3 个工作簿');
    expect(second.stderr).toContain(`已跳过 ${inside}：是本次要写出的汇总工作簿`);
  });

  test('--batch naming a file or nothing that exists is refused with one line', async () => {
    for (const target of [made[0].file, path.join(root, 'no-such-folder')]) {
      const res = await cli(['report', '--batch', target, '--out', path.join(root, 'x.xlsx')]);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toBe(
        `budget-review: --batch ${target} 不是文件夹：请指定存放各部门工作簿的文件夹\n`,
      );
    }
  });

  test('--draft with a folder is refused before anything is read: a draft quotes one workbook', async () => {
    const draft = path.join(root, 'draft.txt');
    await writeFile(draft, '资金执行率98.88%。\n');
    const res = await cli(['check', folder, '--draft', draft]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('--draft 只能与一个工作簿同用');
    expect(res.stderr).not.toContain('1/50');
  });

  test('an output that is not .xlsx is refused before anything is read', async () => {
    const res = await cli(['report', '--batch', folder, '--out', path.join(root, 'review.csv')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^budget-review: --out .*review\.csv 的扩展名应为 \.xlsx/);
    expect(res.stderr).not.toContain('1/50');
  });
});
