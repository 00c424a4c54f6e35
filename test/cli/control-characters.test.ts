/**
 * A workbook must never talk to the terminal: escape sequences, line breaks and bidirectional overrides in cells,
 * sheet names and file names reach stdout and stderr shown, not obeyed (test/fixtures/hostile/control-characters.xlsx
 * holds a window title `ESC ] 0 ; … BEL`, a screen clear `ESC [ 2 J`, a fake "未发现问题。" last line, an 8-bit CSI
 * and a right-to-left override in the sheet name). `--json` stays exact JSON of the cells as they are.
 */
import { copyFile } from 'fs/promises';
import * as path from 'path';
import { jsonText, visible } from '../../src/cli/format';
import { tempDir, writeBytes } from '../fixtures/xlsx-host/build';
import { packageParts, zipParts } from '../fixtures/hostile/package';
import { cli } from '../support/cli';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'hostile', 'control-characters.xlsx');

/**
 * The characters a terminal could act on in `text`, as hex codes: every C0 control but the line feeds that end the
 * lines the command prints, DEL, the C1 controls, line and paragraph separators, bidirectional formatting.
 */
function raw(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (
      (c <= 0x1f && c !== 0x0a) ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x061c ||
      c === 0x200e ||
      c === 0x200f ||
      (c >= 0x2028 && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    ) {
      out.push(c.toString(16));
    }
  }
  return out;
}

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-ctl-'));
});

afterAll(async () => {
  await cleanup();
});

describe('the human output of check', () => {
  test('shows the escapes instead of printing them, and every finding stays on its own line', async () => {
    const { code, stdout, stderr } = await cli(['check', FIXTURE]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(raw(stdout)).toEqual([]);
    expect(stdout).toContain('\\u001b]0;已通过审核\\u0007');
    expect(stdout).toContain('\\u001b[2J');
    expect(stdout).toContain("'明细\\u202e表'!D5");
    // The fake lines are folded into the finding's own line: the report still ends with the real summary.
    const lines = stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('汇总：'))).toHaveLength(1);
    expect(lines.some((l) => l === '未发现问题。')).toBe(false);
    expect(lines.find((l) => l.includes('业务培训'))).toContain(
      '业务培训\\u001b[2J\\u001b[H 未发现问题。 汇总：错误 0',
    );
    expect(lines[lines.length - 2]).toMatch(/^汇总：错误 1，/);
  });

  test('the same in English', async () => {
    const { stdout } = await cli(['check', FIXTURE, '--lang', 'en-US']);
    expect(raw(stdout)).toEqual([]);
    expect(stdout).toMatch(/^Summary: 1 error/m);
  });
});

describe('--json', () => {
  test('is exact JSON of the cells as they are, with no raw control or bidi character in the bytes', async () => {
    const { code, stdout } = await cli(['check', FIXTURE, '--json']);
    expect(code).toBe(1);
    // The only raw control characters left are the document's own line feeds.
    expect(raw(stdout)).toEqual([]);
    const json = JSON.parse(stdout) as {
      findings: { sheet: string; message: string }[];
      tables: { title?: string }[];
    };
    expect(json.findings[0].sheet).toBe('明细\u202e表');
    expect(json.findings[0].message).toContain('业务培训\u001b[2J\u001b[H 未发现问题。 汇总：错误 0');
  });

  test('jsonText escapes what JSON.stringify leaves raw, and nothing changes the value', () => {
    const value = { s: 'a\u007fb\u009bc\u2028d\u202ee\u2066f\u001bg\nh', n: 1 };
    const text = jsonText(value);
    expect(raw(text)).toEqual([]);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('\\u009b');
  });
});

describe('file names and error messages', () => {
  test('a file name holding escapes is shown, in the report and in the one-line error', async () => {
    const named = path.join(dir, '预算\u001b]0;x\u0007.xlsx');
    await copyFile(FIXTURE, named);
    const ok = await cli(['check', named]);
    expect(raw(ok.stdout)).toEqual([]);
    expect(ok.stdout).toContain('工作簿：预算\\u001b]0;x\\u0007.xlsx');
    const missing = await cli(['check', path.join(dir, '没有\u001b[2J.xlsx')]);
    expect(missing.code).toBe(2);
    expect(raw(missing.stderr)).toEqual([]);
    expect(missing.stderr).toMatch(/^budget-review: 无法读取 .*没有\\u001b\[2J\.xlsx：文件不存在\n$/);
  });

  test('an error that quotes the workbook (a sheet name) is shown, not obeyed', async () => {
    const parts = packageParts({
      sheets: [
        {
          // XML cannot hold ESC itself; an 8-bit CSI (C1) it can.
          name: '表\u009b31m',
          rows: '<row r="1"><c r="A1"><v>1</v></c></row>',
          after: '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B1:C1"/></mergeCells>',
        },
      ],
    });
    const file = await writeBytes(path.join(dir, 'overlap.xlsx'), await zipParts(parts));
    const { code, stderr } = await cli(['check', file]);
    expect(code).toBe(2);
    expect(raw(stderr)).toEqual([]);
    // The place, shown; the library's English explanation is left to --lang en-US.
    expect(stderr).toContain('工作簿已损坏：表\\u009b31m');
    expect(stderr).not.toMatch(/merged ranges/);
  });

  test('visible keeps ordinary text, folds line breaks into spaces and escapes the rest', () => {
    expect(visible('项目名称 (A) 100%')).toBe('项目名称 (A) 100%');
    expect(visible('a\tb\r\nc\u2028d')).toBe('a b  c d');
    expect(visible('\u0000\u001b\u007f\u0085\u009b\u061c\u200f\u202a\u2069')).toBe(
      '\\u0000\\u001b\\u007f \\u009b\\u061c\\u200f\\u202a\\u2069',
    );
  });
});
