/**
 * `budget-review check` through `run(argv, io)`, with stdout and stderr captured: the contract of cli.md (JSON
 * document, exit codes, one-line errors) on real .xlsx files built into a temporary directory.
 */
import { mkdir, writeFile } from 'fs/promises';
import * as path from 'path';
import { LEDGER_HEADER, tempDir, writeBytes, writeLedger } from '../fixtures/xlsx-host/build';
import { cli } from '../support/cli';

/** Exactly one line on stderr, and no trace of a stack. */
function expectOneLine(stderr: string): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.slice(0, -1)).not.toContain('\n');
  expect(stderr).not.toContain('    at ');
  expect(stderr).toMatch(/^budget-review: /);
}

let dir: string;
let cleanup: () => Promise<void>;
/** A ledger whose surplus is wrong: 98 − 93.10 = 4.90, not 5.00 (an error at D2). */
let wrong: string;
/** The same ledger, right. */
let clean: string;
/** A ledger with an execution rate of 50%. */
let lowRate: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-cli-'));
  wrong = await writeLedger(path.join(dir, '结余有误.xlsx'), '业务经费', [
    LEDGER_HEADER,
    ['档案整理', 98, 93.1, 5],
  ]);
  clean = await writeLedger(path.join(dir, 'clean.xlsx'), '业务经费', [
    LEDGER_HEADER,
    ['档案整理', 98, 93.1, 4.9],
  ]);
  lowRate = await writeLedger(path.join(dir, 'low-rate.xlsx'), '项目支出', [
    ['项目名称', '年初预算', '实际支出'],
    ['业务培训', 100, 50],
  ]);
});

afterAll(async () => {
  await cleanup();
});

describe('help and usage', () => {
  test.each([['--help'], ['-h'], ['check', '--help'], ['check', 'x.xlsx', '-h']])(
    '%s prints the usage on stdout and exits 0',
    async (...argv) => {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('budget-review check  <workbook.xlsx>');
      expect(r.stdout).toContain('--threshold');
      expect(r.stderr).toBe('');
    },
  );

  test('--help --lang en-US prints the English usage', async () => {
    const r = await cli(['--help', '--lang', 'en-US']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage:/);
  });

  test('no arguments print the usage on stderr and exit 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('budget-review check  <workbook.xlsx>');
  });

  test('the usage names every command', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toMatch(/budget-review report <workbook.xlsx> --out <new.xlsx>/);
    expect(r.stdout).toMatch(/budget-review demo/);
  });
});

describe('bad usage exits 2 with one line on stderr', () => {
  const cases: [string, (f: string) => string[], RegExp][] = [
    ['a missing file argument', () => ['check'], /缺少工作簿文件参数/],
    ['only options', () => ['check', '--json'], /缺少工作簿文件参数/],
    ['an unknown option', (f) => ['check', f, '--verbose'], /--verbose/],
    ['an unknown short option', (f) => ['check', f, '-x'], /-x/],
    ['report with a second workbook', (f) => ['report', f, 'other.xlsx', '--out', 'x.xlsx'], /other\.xlsx/],
    [
      'report --batch with a workbook too',
      (f) => ['report', f, '--batch', 'dir', '--out', 'x.xlsx'],
      /\.xlsx/,
    ],
    [
      'report --batch with --docx',
      () => ['report', '--batch', 'dir', '--out', 'x.xlsx', '--docx', 'r.docx'],
      /--docx/,
    ],
    ['--threshold that is not a number', (f) => ['check', f, '--threshold', 'abc'], /abc/],
    ['--threshold below 0', (f) => ['check', f, '--threshold', '-1'], /-1/],
    ['--threshold above 100', (f) => ['check', f, '--threshold', '101'], /101/],
    ['--threshold with a percent sign', (f) => ['check', f, '--threshold=60%'], /60%/],
    ['--threshold without a value', (f) => ['check', f, '--threshold'], /--threshold/],
    ['--threshold followed by an option', (f) => ['check', f, '--threshold', '--json'], /--threshold/],
    ['--lang that is not offered', (f) => ['check', f, '--lang', 'fr-FR'], /fr-FR/],
    ['--lang without a value', (f) => ['check', f, '--lang'], /--lang/],
    ['--json with a value', (f) => ['check', f, '--json=yes'], /--json/],
    ['--config without a value', (f) => ['check', f, '--config'], /--config/],
    ['an unknown command', (f) => ['verify', f], /verify/],
    ['report without --out', (f) => ['report', f], /--out/],
    ['report with --json', (f) => ['report', f, '--out', 'x.xlsx', '--json'], /--json/],
    ['demo with a workbook argument', () => ['demo', 'x.xlsx'], /x\.xlsx/],
    ['an option instead of a command', (f) => ['--json', f], /--json/],
  ];

  test.each(cases)('%s', async (_label, argv, pattern) => {
    const r = await cli(argv(clean));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(pattern);
  });

  test('the message is in the language asked for, even when another argument is wrong', async () => {
    const r = await cli(['check', clean, '--lang', 'en-US', '--bogus']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain('unknown option --bogus');
  });
});

describe('the config file', () => {
  async function config(name: string, content: string): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  }

  const bad: [string, string | null, RegExp][] = [
    ['a missing config file', null, /不存在/],
    ['a config that is not JSON', '{ lang: zh-CN }', /JSON/],
    ['a config that is an array', '[1]', /对象/],
    ['an unknown key', '{ "treshold": 50 }', /treshold/],
    ['a bad lang', '{ "lang": "de" }', /de/],
    ['a threshold as text', '{ "threshold": "60" }', /threshold/],
    ['a threshold out of range', '{ "threshold": 150 }', /threshold/],
    ['a bad rateBase', '{ "rateBase": "budget" }', /rateBase/],
    ['overrides that are not an array', '{ "overrides": {} }', /overrides/],
    [
      'an override without a sheet',
      '{ "overrides": [{ "column": "C", "field": "spent" }] }',
      /overrides\[0\]/,
    ],
    [
      'an override with a bad column',
      '{ "overrides": [{ "sheet": "S", "column": "C1", "field": "spent" }] }',
      /column/,
    ],
    [
      'an override with an unknown field',
      '{ "overrides": [{ "sheet": "S", "column": "C", "field": "cost" }] }',
      /field/,
    ],
  ];

  test.each(bad)('%s exits 2 with one line naming the config file', async (label, content, pattern) => {
    const name = `cfg-${label.replace(/\W+/g, '-')}.json`;
    const file = content === null ? path.join(dir, 'no-such-config.json') : await config(name, content);
    const r = await cli(['check', clean, '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(pattern);
  });

  test('a directory given as the config file exits 2', async () => {
    const r = await cli(['check', clean, '--config', dir]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(dir);
  });

  test('a valid config is accepted, with a BOM, every key and overrides', async () => {
    const file = await config(
      'full.json',
      '\uFEFF' +
        JSON.stringify({
          lang: 'en-US',
          threshold: 55.5,
          rateBase: 'initial',
          overrides: [
            { sheet: '业务经费', column: 'b', field: 'initial' },
            { sheet: '业务经费', column: 'E', field: null },
          ],
        }),
    );
    const r = await cli(['check', clean, '--config', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Workbook: clean\.xlsx/);
  });

  test('the config sets the language, the command line wins over it', async () => {
    const file = await config('en.json', '{ "lang": "en-US" }');
    expect((await cli(['check', clean, '--config', file])).stdout).toMatch(/^Workbook:/);
    expect((await cli(['check', clean, '--config', file, '--lang', 'zh-CN'])).stdout).toMatch(/^工作簿：/);
  });

  test('the config sets the threshold, the command line wins over it', async () => {
    const file = await config('t40.json', '{ "threshold": 40 }');
    const rules = async (argv: string[]): Promise<string[]> => {
      const r = await cli(['check', lowRate, '--json', ...argv]);
      return (JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    };
    expect(await rules([])).toContain('low-rate');
    expect(await rules(['--config', file])).not.toContain('low-rate');
    expect(await rules(['--config', file, '--threshold', '60'])).toContain('low-rate');
    expect(await rules(['--threshold=40'])).not.toContain('low-rate');
  });
});

describe('files that cannot be read exit 2 with one line naming the file', () => {
  const files: [string, string, Buffer | string | null][] = [
    ['a missing file', 'missing.xlsx', null],
    ['an empty file', 'empty.xlsx', Buffer.alloc(0)],
    ['random bytes', 'random.xlsx', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31 + 7) % 256))],
    [
      'a zip signature and garbage',
      'damaged.xlsx',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(500, 1)]),
    ],
    ['a CSV file', 'ledger.csv', '项目名称,年初预算\n档案整理,98\n'],
    [
      'an old .xls file',
      'old.xls',
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]),
    ],
  ];

  test.each(files)('%s', async (_label, name, content) => {
    const file = path.join(dir, name);
    if (content !== null) await writeBytes(file, content);
    for (const extra of [[], ['--json'], ['--lang', 'en-US']]) {
      const r = await cli(['check', file, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expectOneLine(r.stderr);
      expect(r.stderr).toContain(file);
    }
  });

  test('a directory', async () => {
    const sub = path.join(dir, 'folder.xlsx');
    await mkdir(sub, { recursive: true });
    const r = await cli(['check', sub]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(sub);
  });

  test('the reason is in the language asked for', async () => {
    const missing = path.join(dir, 'nothing-here.xlsx');
    expect((await cli(['check', missing])).stderr).toContain('文件不存在');
    expect((await cli(['check', missing, '--lang', 'en-US'])).stderr).toContain('file not found');
    const en = path.join(dir, 'lang-en.json');
    await writeFile(en, '{ "lang": "en-US" }');
    expect((await cli(['check', missing, '--config', en])).stderr).toContain('file not found');
    const csv = path.join(dir, 'ledger.csv');
    expect((await cli(['check', csv, '--lang', 'en-US'])).stderr).toContain('zip signature missing');
  });
});

describe('--json', () => {
  const SEVERITIES = ['error', 'warning', 'info'];

  test('prints exactly one JSON document of the contract shape, named by the base name', async () => {
    const r = await cli(['check', wrong, '--json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const doc: unknown = JSON.parse(r.stdout);
    expect(r.stdout).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(typeof doc).toBe('object');
    const json = doc as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['findings', 'scores', 'tables', 'totals', 'workbook']);
    expect(json.workbook).toBe('结余有误.xlsx');
    expect(Array.isArray(json.findings)).toBe(true);
    expect(Array.isArray(json.tables)).toBe(true);
    expect(typeof json.totals).toBe('object');
    expect(Array.isArray(json.totals)).toBe(false);

    for (const f of json.findings as Record<string, unknown>[]) {
      expect(typeof f.rule).toBe('string');
      expect(SEVERITIES).toContain(f.severity);
      expect(typeof f.sheet).toBe('string');
      expect(f.cell).toMatch(/^[A-Z]{1,3}[1-9][0-9]*$/);
      expect(typeof f.expected).toBe('string');
      expect(typeof f.actual).toBe('string');
      expect(typeof f.rounding).toBe('boolean');
      expect(typeof f.message).toBe('string');
    }
    for (const t of json.tables as Record<string, unknown>[]) {
      expect(typeof t.sheet).toBe('string');
      expect(typeof t.range).toBe('string');
      expect(typeof t.unit).toBe('string');
      expect(typeof t.fields).toBe('object');
    }
    for (const value of Object.values(json.totals as Record<string, unknown>))
      expect(typeof value).toBe('string');
  });

  test('stdout stays pure JSON when stderr is a terminal showing progress', async () => {
    const r = await cli(['check', clean, '--json'], { tty: true });
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    expect(r.stderr).toContain('读取中');
    expect(r.stderr).toContain('校验中');
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  test('on a terminal, the progress line is cleared before an error line', async () => {
    const r = await cli(['check', path.join(dir, 'absent.xlsx')], { tty: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\r\x1b\[Kbudget-review: [^\r\n]*absent\.xlsx[^\r\n]*\n$/);
  });

  test('no progress when stderr is not a terminal', async () => {
    const r = await cli(['check', clean]);
    expect(r.stderr).toBe('');
  });
});

describe('exit codes 0 and 1 (these depend on the engine finding the wrong surplus)', () => {
  test('a wrong surplus is an error: exit 1, finding `surplus` at D2', async () => {
    const r = await cli(['check', wrong, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: { rule: string; severity: string; cell: string }[] };
    expect(json.findings).toContainEqual(
      expect.objectContaining({ rule: 'surplus', severity: 'error', cell: 'D2' }),
    );
  });

  test('a clean ledger: exit 0', async () => {
    const r = await cli(['check', clean, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { findings: { severity: string }[] };
    expect(json.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('warnings alone exit 0', async () => {
    const r = await cli(['check', lowRate, '--json']);
    const json = JSON.parse(r.stdout) as { findings: { severity: string }[] };
    expect(json.findings.some((f) => f.severity === 'error')).toBe(false);
    expect(r.code).toBe(0);
  });
});

describe('the human report', () => {
  test('names the workbook, lists tables and findings by severity and ends with the summary', async () => {
    const r = await cli(['check', wrong]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('工作簿：结余有误.xlsx');
    expect(r.stdout).toMatch(/识别到的表格（1）：\n {2}业务经费 {2}A1:D2 {2}单位：万元/);
    expect(r.stdout).toMatch(/ {2}错误（1）\n {4}业务经费!D2 {2}结余核对 {2}.*4\.90.*5\.00/);
    expect(r.stdout).not.toMatch(/应为 4\.90，实为/);
    const summary = lines[lines.length - 1];
    expect(summary).toMatch(/^汇总：错误 1，警告 0，提示 0；/);
    expect(summary).toContain('全年预算数 98.00 万元');
    expect(summary).toContain('实际支出 93.10 万元');
    expect(summary).toContain('结余 4.90 万元');
    expect(summary).toMatch(/执行率 95\.00%（分母：全年预算数/);
    expect(r.stderr).toBe('');
  });

  test('in English with --lang en-US', async () => {
    const r = await cli(['check', clean, '--lang', 'en-US']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Workbook: clean.xlsx');
    expect(r.stdout).toContain('No findings.');
    expect(lines[lines.length - 1]).toMatch(/^Summary: 0 errors, 0 warnings, 0 notes; available 98\.00 万元/);
  });

  test('groups errors before warnings before info', async () => {
    const file = await writeLedger(path.join(dir, 'mixed.xlsx'), '项目支出', [
      ['项目名称', '年初预算', '实际支出', '结余'],
      ['业务培训', 100, 50, 50],
      ['档案整理', 98, 93.1, 5],
    ]);
    const r = await cli(['check', file]);
    const order = ['错误', '警告', '提示']
      .map((word) => r.stdout.search(new RegExp(`^ {2}${word}（`, 'm')))
      .filter((i) => i >= 0);
    expect(order.length).toBeGreaterThanOrEqual(2);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('after --, an argument that looks like an option is the file', async () => {
    const r = await cli(['check', '--lang', 'en-US', '--', '--json']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toBe('budget-review: cannot read --json: file not found\n');
  });
});

describe('--config scoring', () => {
  test('grade bands from the config decide the computed grade, and a grade that misses them is an error', async () => {
    const book = await writeLedger(path.join(dir, 'scores.xlsx'), '评分表', [
      ['评价内容', '分值', '得分'],
      ['预算执行', 40, 36],
      ['项目绩效', 60, 50],
      ['合计', 100, 86],
      ['等次', '良'],
    ]);
    const plain = await cli(['check', book, '--json']);
    expect(plain.code).toBe(0);
    const config = path.join(dir, 'bands.json');
    await writeFile(config, JSON.stringify({ scoring: { bands: { excellent: 85, good: 75, pass: 60 } } }));
    const r = await cli(['check', book, '--json', '--config', config]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as {
      findings: { rule: string; cell: string; expected: string }[];
      scores: { grade: { computed: string } }[];
    };
    expect(json.scores[0].grade.computed).toBe('优');
    expect(json.findings.filter((f) => f.rule === 'score')).toEqual([
      expect.objectContaining({ cell: 'B5', expected: '优' }),
    ]);
  });

  test('bands that do not descend are a config error', async () => {
    const config = path.join(dir, 'bad-bands.json');
    await writeFile(config, JSON.stringify({ scoring: { bands: { excellent: 70, good: 80 } } }));
    const r = await cli(['check', clean, '--config', config]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain('scoring');
  });
});
