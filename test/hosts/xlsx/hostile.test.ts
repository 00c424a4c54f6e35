/**
 * The reader on hostile workbooks: the named cases of the read limits (test/fixtures/hostile, built by build.ts from
 * cases.ts), each through `check` as a user runs it, then the grids they give and the limits one by one on small
 * crafted packages. How long each takes and how much memory it needs is measured by the benchmark
 * (scripts/bench-hostile.ts), on these cases and on the large ones, never here.
 */
import * as path from 'path';
import { run, type CliIO } from '../../../src/cli/main';
import { columnLetter, type Sheet } from '../../../src/engine/grid';
import { READ_LIMITS } from '../../../src/engine/limits';
import { readWorkbookBuffer, readWorkbookFile, WorkbookReadError } from '../../../src/hosts/xlsx';
import { HOSTILE_CASES } from '../../fixtures/hostile/cases';
import { packageParts, zipParts, type Part } from '../../fixtures/hostile/package';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'hostile');

// A 20,000-row sheet is checked twice (human and JSON) on a shared machine: correctness here, speed in the bench.
jest.setTimeout(60_000);

async function check(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  };
  const code = await run(['check', ...argv], io);
  return { code, stdout, stderr };
}

async function rejection(promise: Promise<unknown>): Promise<WorkbookReadError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkbookReadError);
  return err as WorkbookReadError;
}

async function read(parts: Part[], name = 'crafted.xlsx'): Promise<Sheet[]> {
  return (await readWorkbookBuffer(await zipParts(parts), name)).sheets;
}

describe.each(HOSTILE_CASES.filter((c) => c.size === 'fixture').map((c) => [c.name, c] as const))(
  'check on the hostile fixture %s',
  (name, c) => {
    test(c.title, async () => {
      const file = path.join(DIR, `${name}.xlsx`);
      const result = await check([file]);
      const expected = c.expect;
      if (expected.exit === 2) {
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^budget-review: [^\n]*\n$/);
        expect(result.stderr).toMatch(expected.line);
        return;
      }
      if (expected.errors === undefined) expect([0, 1]).toContain(result.code);
      else expect(result.code).toBe(expected.errors ? 1 : 0);
      expect(result.stderr).toBe('');
      const json = await check([file, '--json']);
      const found = (JSON.parse(json.stdout) as { findings: { rule: string; sheet: string; cell: string }[] })
        .findings;
      const keys = found.map((f) => `${f.rule} ${f.sheet}!${f.cell}`);
      for (const want of expected.findings)
        expect(keys.some((k) => k === want || k.startsWith(`${want} `))).toBe(true);
    });
  },
);

describe('the grids of the hostile fixtures', () => {
  test('a cell in column XFD keeps its row sparse: the row holds its cells, the engine reads them', async () => {
    const [sheet] = (await readWorkbookFile(path.join(DIR, 'far-column.xlsx'))).sheets;
    expect(sheet.rows).toHaveLength(20_001);
    const row = sheet.rows[2];
    expect(row).toHaveLength(16_384);
    expect(Object.keys(row).map(Number)).toEqual([0, 1, 2, 3, 16_383]);
    expect(row[16_383]).toEqual({ v: '备注' });
    expect(row[3]).toEqual({ v: 45 });
    expect(row[100]).toBeUndefined();
  });

  test('a merge over the whole sheet is kept as its rectangle; the cells it covers are empty', async () => {
    const [, cover] = (await readWorkbookFile(path.join(DIR, 'whole-sheet-merge.xlsx'))).sheets;
    expect(cover.merges).toEqual([{ top: 0, left: 0, bottom: 1_048_575, right: 16_383 }]);
    expect(cover.rows).toStrictEqual([[{ v: '2020年度部门整体支出绩效自评' }]]);
  });

  test('every cell type reaches the engine: dates and what does not parse as their text, never dropped', async () => {
    const [sheet] = (await readWorkbookFile(path.join(DIR, 'cell-types.xlsx'))).sheets;
    expect(sheet.rows.slice(1, 11).map((r) => r[1])).toStrictEqual([
      { v: '2020-12-31T00:00:00' },
      { v: null, error: '#DIV/0!' },
      { v: '一百' },
      { v: true },
      { v: 'N/A', f: '"N/A"' },
      { v: '100' },
      { v: '12abc' },
      { v: 44196, fmt: 'yyyy-mm-dd' },
      { v: 'yes' },
      { v: 100 },
    ]);
  });

  test('control characters from `_xHHHH_` escapes and raw C1 and bidi characters are kept exactly in the grid', async () => {
    const [sheet] = (await readWorkbookFile(path.join(DIR, 'control-characters.xlsx'))).sheets;
    expect(sheet.name).toBe('明细\u202e表');
    expect(sheet.rows[0][0]).toEqual({ v: '\u001b]0;已通过审核\u00072020年项目支出\u001b[2J\u001b[H' });
    expect(sheet.rows[5][0]).toEqual({ v: '设备购置\u009b31m\u0085\u2066红字\u2069' });
  });
});

/** A ledger sheet's rows as XML, for the crafted packages below. */
const LEDGER =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>年初预算</t></is></c></row>' +
  '<row r="2"><c r="A2" t="inlineStr"><is><t>档案整理</t></is></c><c r="B2"><v>98</v></c></row>';

describe('each read limit, on a small crafted package', () => {
  test('XML nested deeper than the limit is refused before the parser holds it', async () => {
    const deep = '<x>'.repeat(READ_LIMITS.xmlDepth + 10) + '</x>'.repeat(READ_LIMITS.xmlDepth + 10);
    const err = await rejection(read(packageParts({ sheets: [{ name: '明细', rows: LEDGER + deep }] })));
    expect(err.code).toBe('too-large');
    expect(err.limit).toEqual({ limit: 'xmlDepth', value: 256, where: '明细' });
    expect(err.detail).toBe('xmlDepth > 256 (明细)');
  });

  test('nesting in workbook.xml, styles and relationships is bounded too (exceljs parses those parts)', async () => {
    const deep = '<x>'.repeat(300) + '</x>'.repeat(300);
    for (const part of ['xl/workbook.xml', 'xl/styles.xml', 'xl/_rels/workbook.xml.rels']) {
      const parts = packageParts({ sheets: [{ name: '明细', rows: LEDGER }] });
      const p = parts.find((x) => x.name === part) as Part;
      const xml = p.data as string;
      const at = xml.indexOf('>', xml.indexOf('<', xml.indexOf('?>') + 2)) + 1;
      p.data = xml.slice(0, at) + deep + xml.slice(at);
      const err = await rejection(read(parts));
      expect(err.limit).toEqual({ limit: 'xmlDepth', value: 256, where: part });
    }
  });

  test('a text run longer than the parser may hold is refused, and so is a cell past 32,767 characters', async () => {
    const run = await rejection(
      read(
        packageParts({
          sheets: [
            {
              name: '明细',
              rows: `${LEDGER}<row r="3"><c r="A3" t="inlineStr"><is><t>${'x'.repeat(2 * READ_LIMITS.xmlRun)}</t></is></c></row>`,
            },
          ],
        }),
      ),
    );
    expect(run.limit?.limit).toBe('xmlRun');
    // A shared string just within Excel's limit is read; one more character is not.
    const fits = await read(
      packageParts({
        sheets: [{ name: '明细', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
        sharedStrings: ['甲'.repeat(32_767)],
      }),
    );
    expect((fits[0].rows[0][0]?.v as string).length).toBe(32_767);
    const over = await rejection(
      read(
        packageParts({
          sheets: [{ name: '明细', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
          sharedStrings: ['甲'.repeat(32_768)],
        }),
      ),
    );
    expect(over.limit).toEqual({ limit: 'cellText', value: 32_767, where: 'sharedStrings #0' });
    // A formula counts as the cell's text.
    const formula = await rejection(
      read(
        packageParts({
          sheets: [
            { name: '明细', rows: `<row r="1"><c r="B1"><f>${'A1+'.repeat(11_000)}1</f><v>1</v></c></row>` },
          ],
        }),
      ),
    );
    expect(formula.limit).toEqual({ limit: 'cellText', value: 32_767, where: '明细!B1' });
  });

  test("rows spanned over the sheets: a cell in Excel's last row costs its rows, five such sheets are too many", async () => {
    const tall = (i: number) => ({
      name: `表${i}`,
      rows: `<row r="1048576"><c r="A1048576"><v>${i}</v></c></row>`,
    });
    const four = await read(packageParts({ sheets: [1, 2, 3, 4].map(tall) }));
    expect(four[0].rows).toHaveLength(1_048_576);
    expect(four[0].rows[1_048_575]).toEqual([{ v: 1 }]);
    expect(four[0].rows[0]).toEqual([]);
    const five = await rejection(read(packageParts({ sheets: [1, 2, 3, 4, 5].map(tall) })));
    expect(five.limit).toEqual({ limit: 'rowSpan', value: 4 * 1_048_576, where: '表5' });
  });

  test('the rows merges span: 16,384 full-height merges over 300 rows that hold cells are too many', async () => {
    const rows = Array.from(
      { length: 300 },
      (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>1</v></c></row>`,
    ).join('');
    const merges = Array.from(
      { length: 16_384 },
      (_, c) => `<mergeCell ref="${columnLetter(c)}1:${columnLetter(c)}1048576"/>`,
    );
    const err = await rejection(
      read(
        packageParts({
          sheets: [{ name: '明细', rows, after: `<mergeCells>${merges.join('')}</mergeCells>` }],
        }),
      ),
    );
    expect(err.limit).toEqual({ limit: 'mergeSpan', value: 4 * 1_048_576, where: '明细' });
    // A few of them are read, each kept as a rectangle.
    const few = await read(
      packageParts({
        sheets: [{ name: '明细', rows, after: `<mergeCells>${merges.slice(0, 3).join('')}</mergeCells>` }],
      }),
    );
    expect(few[0].merges).toHaveLength(3);
    expect(few[0].rows).toHaveLength(1);
  });

  test('a cell that names a shared string the table does not have is a corrupt workbook, as Excel has it', async () => {
    const err = await rejection(
      read(
        packageParts({
          sheets: [{ name: '明细', rows: '<row r="1"><c r="A1" t="s"><v>7</v></c></row>' }],
          sharedStrings: ['甲'],
        }),
      ),
    );
    expect(err.code).toBe('corrupt');
    expect(err.detail).toBe('明细: 明细!A1 refers to shared string "7", the table has 1');
  });

  test('a merge beyond the grid and a cell past XFD after cells without addresses are corrupt', async () => {
    const merge = await rejection(
      read(
        packageParts({
          sheets: [
            { name: '明细', rows: LEDGER, after: '<mergeCells><mergeCell ref="A1:XFE2"/></mergeCells>' },
          ],
        }),
      ),
    );
    expect(merge.code).toBe('corrupt');
    expect(merge.detail).toBe("明细: merged range A1:XFE2 lies beyond Excel's grid");
    const walk = await rejection(
      read(
        packageParts({
          sheets: [{ name: '明细', rows: `<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>` }],
        }),
      ),
    );
    expect(walk.code).toBe('corrupt');
  });

  test('cells and rows as they are counted: a repeated address counts again, a declared count is not trusted', async () => {
    const parts = packageParts({
      sheets: [{ name: '明细', rows: '<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>' }],
      sharedStrings: ['甲'],
    });
    const sst = parts.find((p) => p.name === 'xl/sharedStrings.xml') as Part;
    sst.data = (sst.data as string).replace(
      'count="1" uniqueCount="1"',
      'count="999999999" uniqueCount="999999999"',
    );
    const [sheet] = await read(parts);
    expect(sheet.rows).toStrictEqual([[{ v: 2 }]]);
  });

  test('the CLI names the limit in the language asked for', async () => {
    const file = path.join(DIR, 'cell-too-long.xlsx');
    const zh = await check([file]);
    expect(zh.stderr).toBe(
      `budget-review: 无法读取 ${file}：工作表过大：明细!A5 的文本超过 32,767 个字符（Excel 单元格的上限）\n`,
    );
    const en = await check([file, '--lang', 'en-US']);
    expect(en.stderr).toBe(
      `budget-review: cannot read ${file}: sheet too large: 明细!A5 holds more than 32,767 characters (Excel's limit for a cell)\n`,
    );
  });
});

describe('XML entities', () => {
  const laughs =
    '<!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' +
    Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`,
    ).join('') +
    ']>';
  const external = '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';

  test('entity expansion (a billion laughs) is refused, not expanded', async () => {
    const parts = packageParts({
      sheets: [{ name: '明细', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>' }],
    });
    const sheet = parts.find((p) => p.name === 'xl/worksheets/sheet1.xml') as Part;
    sheet.data = (sheet.data as string).replace('<worksheet', `${laughs}<worksheet`);
    const err = await rejection(read(parts));
    expect(err.code).toBe('corrupt');
    expect(err.message).not.toContain('哈哈');
  });

  test('an external entity is never read: the workbook is refused and nothing of the file leaks', async () => {
    for (const part of ['xl/sharedStrings.xml', 'xl/workbook.xml']) {
      const parts = packageParts({
        sheets: [{ name: '明细', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }],
        sharedStrings: ['甲'],
      });
      const p = parts.find((x) => x.name === part) as Part;
      const xml = (p.data as string).replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', '');
      p.data = `${external}${xml.replace('甲', '&xxe;').replace('name="明细"', 'name="&xxe;"')}`;
      const err = await rejection(read(parts));
      expect(err.code).toBe('corrupt');
      expect(err.message).not.toMatch(/root:|\/bin\//);
    }
  });
});
