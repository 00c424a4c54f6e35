/**
 * `budget-review check <workbook> --draft <report.txt|report.docx>` through `run(argv, io)` (cli.md): the draft's
 * `claim` findings in the JSON document with `sheet` and `cell` null, `paragraph` and `quote`; the human output with
 * each disputed number's sentence and the numbers tied to nothing; a draft that cannot be read exits 2 with one line.
 */
import { writeFile } from 'fs/promises';
import * as path from 'path';
import { narrativeToDocx } from '../../src/hosts/docx';
import { LEDGER_HEADER, tempDir, writeLedger } from '../fixtures/xlsx-host/build';
import { cli } from '../support/cli';

function expectOneLine(stderr: string): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.slice(0, -1)).not.toContain('\n');
  expect(stderr).not.toContain('    at ');
  expect(stderr).toMatch(/^budget-review: /);
}

interface ClaimJson {
  rule: string;
  severity: string;
  sheet: string | null;
  cell: string | null;
  paragraph?: number;
  quote?: string;
  expected: string;
  related?: { sheet: string; cell: string }[];
}

const AGREES = '档案整理专项：安排资金98万元，实际使用93.10万元，结余4.90万元。';
/** 实际使用45万元 where the workbook's C3 says 44; 22家 is tied to nothing. */
const DISAGREES = '经济发展奖励资金：年初预算46万元，实际使用45万元，奖励22家企业。';

let dir: string;
let cleanup: () => Promise<void>;
let workbook: string;
let txt: string;
let clean: string;
let docx: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-draft-'));
  workbook = await writeLedger(path.join(dir, 'sample.xlsx'), '专项经费', [
    LEDGER_HEADER,
    ['档案整理专项', 98, 93.1, 4.9],
    ['经济发展奖励资金', 46, 44, 2],
  ]);
  txt = path.join(dir, '报告.txt');
  await writeFile(txt, `\uFEFF2020年度部门整体支出绩效自评报告\r\n\r\n${AGREES}\r\n${DISAGREES}\r\n`);
  clean = path.join(dir, 'clean.txt');
  await writeFile(clean, `${AGREES}\n`);
  docx = path.join(dir, '报告.docx');
  await writeFile(
    docx,
    await narrativeToDocx({
      lang: 'zh-CN',
      title: '2020年度部门整体支出绩效自评报告',
      sections: [{ level: 1, heading: '二、项目支出情况', paragraphs: [AGREES, DISAGREES] }],
    }),
  );
});

afterAll(async () => {
  await cleanup();
});

function claims(stdout: string): ClaimJson[] {
  const doc = JSON.parse(stdout) as { findings: ClaimJson[] };
  return doc.findings.filter((f) => f.rule === 'claim');
}

describe('check --draft --json', () => {
  test('a .txt draft: one claim finding, sheet and cell null, paragraph and quote; exit 1', async () => {
    const r = await cli(['check', workbook, '--draft', txt, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const found = claims(r.stdout);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      sheet: null,
      cell: null,
      // The blank line is not counted: title 1, the agreeing paragraph 2, this one 3.
      paragraph: 3,
      quote: '45万元',
      expected: '44.00',
      related: [{ sheet: '专项经费', cell: 'C3' }],
    });
    // The sentence is for people: it stays out of the JSON contract.
    expect(found[0]).not.toHaveProperty('sentence');
  });

  test('a .docx draft (w:p paragraphs) gives the same finding', async () => {
    const r = await cli(['check', workbook, '--draft', docx, '--json']);
    expect(r.code).toBe(1);
    const found = claims(r.stdout);
    // Title 1, heading 2, the agreeing paragraph 3, this one 4.
    expect(found.map((f) => [f.paragraph, f.quote, f.expected, f.sheet, f.cell])).toEqual([
      [4, '45万元', '44.00', null, null],
    ]);
  });

  test('a draft that agrees adds nothing and exits 0', async () => {
    const r = await cli(['check', workbook, '--draft', clean, '--json']);
    expect(r.code).toBe(0);
    expect(claims(r.stdout)).toEqual([]);
  });
});

describe('check --draft, for people', () => {
  test('the disputed number with its paragraph, sentence and source cell; unchecked numbers listed', async () => {
    const r = await cli(['check', workbook, '--draft', txt]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain('文稿：报告.txt（3 段');
    expect(out).toMatch(/第3段 {2}45万元 {2}文稿核对 {2}/);
    expect(out).toContain(`原句：${DISAGREES}`);
    expect(out).toContain('来源：专项经费!C3');
    expect(out).toMatch(/未能对应到工作簿数字的 1 个数字/);
    expect(out).toMatch(/第3段 {2}22家 {2}/);
  });

  test('in English', async () => {
    const r = await cli(['check', workbook, '--draft', txt, '--lang', 'en-US']);
    expect(r.stdout).toMatch(/paragraph 3 {2}45万元 {2}Report draft {2}/);
    expect(r.stdout).toMatch(/1 numbers could not be tied/);
  });
});

describe('a draft that cannot be read exits 2 with one line naming it', () => {
  test.each<[string, () => Promise<string>, RegExp]>([
    ['a missing file', async () => path.join(dir, 'missing.txt'), /missing\.txt.*文件不存在/],
    [
      'a file of another kind',
      async () => {
        const f = path.join(dir, 'report.pdf');
        await writeFile(f, '%PDF-1.4');
        return f;
      },
      /report\.pdf.*\.docx 或 \.txt/,
    ],
    [
      'a .docx that is not a zip',
      async () => {
        const f = path.join(dir, 'fake.docx');
        await writeFile(f, 'plain text');
        return f;
      },
      /fake\.docx.*不是 Word \.docx 文档/,
    ],
    [
      'a .txt that is not UTF-8',
      async () => {
        const f = path.join(dir, 'gbk.txt');
        await writeFile(f, Buffer.from([0xd4, 0xa4, 0xcb, 0xe3, 0xff]));
        return f;
      },
      /gbk\.txt.*UTF-8/,
    ],
    [
      'an empty file',
      async () => {
        const f = path.join(dir, 'empty.txt');
        await writeFile(f, '');
        return f;
      },
      /empty\.txt.*文件为空/,
    ],
  ])('%s', async (_label, make, pattern) => {
    const file = await make();
    for (const json of [[], ['--json']]) {
      const r = await cli(['check', workbook, '--draft', file, ...json]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expectOneLine(r.stderr);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
