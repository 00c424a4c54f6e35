/**
 * The .xlsx host's reader on real .xlsx files, built into a temporary directory by exceljs or, for what only
 * Excel writes, from raw SpreadsheetML (test/fixtures/xlsx-host/build.ts).
 */
import { readFile } from 'fs/promises';
import * as path from 'path';
import type { Cell, Sheet, Workbook } from '../../../src/engine/grid';
import { readWorkbookBuffer, readWorkbookFile, WorkbookReadError } from '../../../src/hosts/xlsx';
import { rawXlsx, tempDir, writeBytes, writeWorkbook, zipStore } from '../../fixtures/xlsx-host/build';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-xlsx-'));
});

afterAll(async () => {
  await cleanup();
});

/** The cell at an A1 address (0-based from the sheet's top-left, as the reader keeps top = left = 0). */
function at(sheet: Sheet, address: string): Cell | null | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m) throw new Error(`bad address ${address}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return sheet.rows[Number(m[2]) - 1]?.[col - 1];
}

function sheetNamed(wb: Workbook, name: string): Sheet {
  const sheet = wb.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

describe('readWorkbookFile on a workbook written by exceljs', () => {
  let wb: Workbook;
  let sheet: Sheet;
  const file = (): string => path.join(dir, '2020年 预算执行.xlsx');

  beforeAll(async () => {
    await writeWorkbook(file(), (book) => {
      const ws = book.addWorksheet('业务经费');
      ws.getCell('A1').value = '项目名称';
      ws.getCell('B1').value = 1500000;
      ws.getCell('C1').value = 12.5;
      ws.getCell('D1').value = -3.25;

      // Numbers as text, as forms often hold them.
      ws.getCell('A2').value = '1,500,000.00';
      ws.getCell('B2').value = '１４５００００';
      ws.getCell('C2').value = '98.88%';
      ws.getCell('D2').value = '12.5万元';
      ws.getCell('E2').value = '—';

      // Formulas with cached results.
      ws.getCell('A3').value = 2;
      ws.getCell('B3').value = 3;
      ws.getCell('C3').value = { formula: 'A3+B3', result: 5 };
      ws.getCell('D3').value = { formula: 'A3-A3', result: 0 };
      ws.getCell('E3').value = { formula: 'A3&"项"', result: '2项' };
      ws.getCell('F3').value = { formula: 'A3>B3', result: false };
      ws.getCell('G3').value = { formula: 'SUM(A3:B3)' };

      // A shared formula: C4 is the master, C5:C6 share it.
      for (const r of [4, 5, 6]) {
        ws.getCell(`A${r}`).value = r;
        ws.getCell(`B${r}`).value = 10 * r;
      }
      ws.getCell('C4').value = { formula: 'A4+B4', result: 44 };
      ws.getCell('C5').value = { sharedFormula: 'C4', result: 55 };
      ws.getCell('C6').value = { sharedFormula: 'C4', result: 66 };

      // Error values, as values and as formulas' cached results.
      ws.getCell('A7').value = { error: '#DIV/0!' };
      ws.getCell('B7').value = { error: '#N/A' };
      ws.getCell('C7').value = { formula: 'A3/0', result: { error: '#DIV/0!' } };
      ws.getCell('D7').value = { formula: '#REF!+1', result: { error: '#REF!' } };
      ws.getCell('E7').value = { formula: 'A2+1', result: { error: '#VALUE!' } };
      ws.getCell('F7').value = { error: '#NAME?' };
      ws.getCell('G7').value = { error: '#NUM!' };
      ws.getCell('H7').value = { error: '#NULL!' };

      // Number formats.
      ws.getCell('A8').value = 0.579;
      ws.getCell('A8').numFmt = '0.00%';
      ws.getCell('B8').value = 3740.1;
      ws.getCell('B8').numFmt = '#,##0.00';
      ws.getCell('C8').value = 7;
      ws.getCell('C8').numFmt = 'General';
      ws.getCell('D8').value = { formula: 'A8*2', result: 1.158 };
      ws.getCell('D8').numFmt = '0.0%';
      ws.getCell('E8').value = 98.88;
      ws.getCell('E8').numFmt = '0.00\\%';

      // Rich text, a hyperlink, a date, booleans.
      ws.getCell('A9').value = { richText: [{ text: '档案' }, { text: '整理', font: { bold: true } }] };
      ws.getCell('B9').value = { text: '财政局网站', hyperlink: 'https://example.org/' };
      ws.getCell('C9').value = new Date(Date.UTC(2020, 11, 31));
      ws.getCell('C9').numFmt = 'yyyy-mm-dd';
      ws.getCell('D9').value = true;
      ws.getCell('E9').value = false;

      // Row 10 is empty; row 11 is ragged (one cell); a styled empty cell is not content.
      ws.getCell('A11').value = '备注';
      ws.getCell('F11').numFmt = '0.00';

      // Merged ranges: a title across A12:D12 and a label down A13:A15.
      ws.mergeCells('A12:D12');
      ws.getCell('A12').value = '单位：万元';
      ws.mergeCells('A13:A15');
      ws.getCell('A13').value = '项目支出';
      ws.getCell('B13').value = 1;

      // Styled rows at the end hold nothing.
      ws.getCell('B30').numFmt = '0.00';

      const second = book.addWorksheet('基本支出（人员）');
      second.getCell('B2').value = '编制数';
      second.getCell('C2').value = 52;
      const hidden = book.addWorksheet('隐藏表');
      hidden.state = 'hidden';
      hidden.getCell('A1').value = 'hidden';
      book.addWorksheet('空表');
    });
    wb = await readWorkbookFile(file());
    sheet = wb.sheets[0];
  });

  test('names the workbook by the file base name and keeps every sheet in order, hidden ones too', () => {
    expect(wb.name).toBe('2020年 预算执行.xlsx');
    expect(wb.sheets.map((s) => s.name)).toEqual(['业务经费', '基本支出（人员）', '隐藏表', '空表']);
    for (const s of wb.sheets) {
      expect(s.top).toBe(0);
      expect(s.left).toBe(0);
    }
    expect(sheetNamed(wb, '隐藏表').rows).toEqual([[{ v: 'hidden' }]]);
    expect(sheetNamed(wb, '空表').rows).toEqual([]);
  });

  test.each<[string, Cell]>([
    ['A1', { v: '项目名称' }],
    ['B1', { v: 1500000 }],
    ['C1', { v: 12.5 }],
    ['D1', { v: -3.25 }],
    ['A2', { v: '1,500,000.00' }],
    ['B2', { v: '１４５００００' }],
    ['C2', { v: '98.88%' }],
    ['D2', { v: '12.5万元' }],
    ['E2', { v: '—' }],
  ])('numbers and text numbers: %s', (address, expected) => {
    expect(at(sheet, address)).toStrictEqual(expected);
  });

  test.each<[string, Cell]>([
    ['C3', { v: 5, f: 'A3+B3' }],
    ['D3', { v: 0, f: 'A3-A3' }],
    ['E3', { v: '2项', f: 'A3&"项"' }],
    ['F3', { v: false, f: 'A3>B3' }],
    ['G3', { v: null, f: 'SUM(A3:B3)' }],
  ])('a formula keeps its text without "=" and its cached result as the value: %s', (address, expected) => {
    expect(at(sheet, address)).toStrictEqual(expected);
  });

  test('a zero, empty or false cached result is kept (exceljs drops falsy results from cell.value)', () => {
    expect(at(sheet, 'D3')?.v).toBe(0);
    expect(at(sheet, 'F3')?.v).toBe(false);
  });

  test('a shared formula gives every cell its own formula and cached result', () => {
    expect(at(sheet, 'C4')).toStrictEqual({ v: 44, f: 'A4+B4' });
    expect(at(sheet, 'C5')).toStrictEqual({ v: 55, f: 'A5+B5' });
    expect(at(sheet, 'C6')).toStrictEqual({ v: 66, f: 'A6+B6' });
  });

  test.each<[string, Cell]>([
    ['A7', { v: null, error: '#DIV/0!' }],
    ['B7', { v: null, error: '#N/A' }],
    ['C7', { v: null, error: '#DIV/0!', f: 'A3/0' }],
    ['D7', { v: null, error: '#REF!', f: '#REF!+1' }],
    ['E7', { v: null, error: '#VALUE!', f: 'A2+1' }],
    ['F7', { v: null, error: '#NAME?' }],
    ['G7', { v: null, error: '#NUM!' }],
    ['H7', { v: null, error: '#NULL!' }],
  ])('an error value, as a value or a cached result, is `error` with v null: %s', (address, expected) => {
    expect(at(sheet, address)).toStrictEqual(expected);
  });

  test.each<[string, Cell]>([
    ['A8', { v: 0.579, fmt: '0.00%' }],
    ['B8', { v: 3740.1, fmt: '#,##0.00' }],
    ['C8', { v: 7 }],
    ['D8', { v: 1.158, f: 'A8*2', fmt: '0.0%' }],
    ['E8', { v: 98.88, fmt: '0.00\\%' }],
  ])('the number format is kept unless it is General: %s', (address, expected) => {
    expect(at(sheet, address)).toStrictEqual(expected);
  });

  test('rich text is joined into its plain text, a hyperlink gives its text', () => {
    expect(at(sheet, 'A9')).toStrictEqual({ v: '档案整理' });
    expect(at(sheet, 'B9')).toStrictEqual({ v: '财政局网站' });
  });

  test('a date is its Excel serial number, booleans stay booleans', () => {
    expect(at(sheet, 'C9')).toStrictEqual({ v: 44196, fmt: 'yyyy-mm-dd' });
    expect(at(sheet, 'D9')).toStrictEqual({ v: true });
    expect(at(sheet, 'E9')).toStrictEqual({ v: false });
  });

  test('empty rows are empty arrays, rows are ragged, styled empty cells and trailing rows are not content', () => {
    expect(sheet.rows[9]).toEqual([]);
    expect(sheet.rows[10]).toStrictEqual([{ v: '备注' }]);
    // The rows end at the last one holding a value: row 13 (rows 14-15 are only covered by a merge, 30 is styled).
    expect(sheet.rows).toHaveLength(13);
    for (const row of sheet.rows) {
      expect(Array.isArray(row)).toBe(true);
      if (row.length > 0) expect(row[row.length - 1]).not.toBeNull();
    }
  });

  test('merged ranges are 0-based inclusive, and only their top-left cell holds the value', () => {
    expect(sheet.merges).toEqual([
      { top: 11, left: 0, bottom: 11, right: 3 },
      { top: 12, left: 0, bottom: 14, right: 0 },
    ]);
    expect(at(sheet, 'A12')).toStrictEqual({ v: '单位：万元' });
    expect(at(sheet, 'B12') ?? null).toBeNull();
    expect(at(sheet, 'D12') ?? null).toBeNull();
    expect(at(sheet, 'A13')).toStrictEqual({ v: '项目支出' });
    expect(at(sheet, 'A14') ?? null).toBeNull();
    expect(at(sheet, 'B13')).toStrictEqual({ v: 1 });
    expect(sheetNamed(wb, '基本支出（人员）').merges).toBeUndefined();
  });

  test('a sheet that does not start at A1 still has its rows from sheet row 1', () => {
    const second = sheetNamed(wb, '基本支出（人员）');
    expect(second.rows).toStrictEqual([[], [null, { v: '编制数' }, { v: 52 }]]);
  });

  test('readWorkbookBuffer reads the same grids and takes the name it is given', async () => {
    const fromBuffer = await readWorkbookBuffer(await readFile(file()), 'upload.xlsx');
    expect(fromBuffer.name).toBe('upload.xlsx');
    expect(fromBuffer.sheets).toEqual(wb.sheets);
  });
});

describe('readWorkbookFile on SpreadsheetML as Excel writes it', () => {
  test('shared strings, inline strings, string/boolean/error results, bare shared-formula cells', async () => {
    const bytes = rawXlsx(
      [
        {
          name: '预算执行',
          sheetData:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>年初预算</t></is></c>' +
            '<c r="C1" t="inlineStr"><is><r><t>实际</t></r><r><rPr><b/></rPr><t>支出</t></r></is></c></row>' +
            '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>98</v></c><c r="C2" s="1"><v>93.1</v></c>' +
            '<c r="D2"><f>B2-C2</f><v>4.9000000000000057</v></c></row>' +
            '<row r="3"><c r="B3"><v>10</v></c><c r="C3" s="1"><v>4</v></c>' +
            '<c r="D3"><f t="shared" ref="D3:D5" si="0">B3-C3</f><v>6</v></c></row>' +
            '<row r="4"><c r="B4"><v>20</v></c><c r="C4" s="1"><v>5</v></c><c r="D4"><f t="shared" si="0"/><v>15</v></c></row>' +
            '<row r="5"><c r="B5"><v>0</v></c><c r="C5" s="1"><v>0</v></c><c r="D5"><f t="shared" si="0"/><v>0</v></c></row>' +
            '<row r="6"><c r="A6" t="str"><f>A2&amp;"合计"</f><v>档案整理合计</v></c>' +
            '<c r="B6" t="b"><f>B2&gt;C2</f><v>1</v></c>' +
            '<c r="C6" t="e"><f>C2/0</f><v>#DIV/0!</v></c>' +
            '<c r="D6" t="e"><v>#N/A</v></c><c r="E6" s="2"><v>0.579</v></c><c r="F6" s="3"><v>3740.1</v></c></row>' +
            '<row r="8"><c r="A8" s="4"><v>0</v></c><c r="B8" s="1"/></row>',
          after: '<mergeCells count="1"><mergeCell ref="A6:A7"/></mergeCells>',
        },
        {
          name: '说明',
          hidden: true,
          sheetData: '<row r="2"><c r="C2" t="inlineStr"><is><t>注：</t></is></c></row>',
        },
      ],
      {
        sharedStrings: ['项目名称', '档案整理'],
        numFmts: [{ id: 164, code: '#,##0.00_);[Red]\\(#,##0.00\\)' }],
        cellXfs: [2, 10, 164, 14],
        date1904: true,
      },
    );
    const file = await writeBytes(path.join(dir, 'excel-like.xlsx'), bytes);
    const wb = await readWorkbookFile(file);
    const [sheet, notes] = wb.sheets;
    expect(wb.sheets.map((s) => s.name)).toEqual(['预算执行', '说明']);
    expect(sheet.rows[0]).toStrictEqual([{ v: '项目名称' }, { v: '年初预算' }, { v: '实际支出' }]);
    expect(sheet.rows[1]).toStrictEqual([
      { v: '档案整理' },
      { v: 98 },
      { v: 93.1, fmt: '0.00' },
      { v: 4.9000000000000057, f: 'B2-C2' },
    ]);
    expect(at(sheet, 'D3')).toStrictEqual({ v: 6, f: 'B3-C3' });
    expect(at(sheet, 'D4')).toStrictEqual({ v: 15, f: 'B4-C4' });
    expect(at(sheet, 'D5')).toStrictEqual({ v: 0, f: 'B5-C5' });
    expect(sheet.rows[5]).toStrictEqual([
      { v: '档案整理合计', f: 'A2&"合计"' },
      { v: true, f: 'B2>C2' },
      { v: null, error: '#DIV/0!', f: 'C2/0' },
      { v: null, error: '#N/A' },
      { v: 0.579, fmt: '0.00%' },
      { v: 3740.1, fmt: '#,##0.00_);[Red]\\(#,##0.00\\)' },
    ]);
    // Serial 0 in the 1904 date system is 1904-01-01; the serial is what the cell holds, whatever the system.
    expect(at(sheet, 'A8')).toStrictEqual({ v: 0, fmt: 'mm-dd-yy' });
    expect(sheet.rows[7]).toHaveLength(1);
    expect(sheet.merges).toEqual([{ top: 5, left: 0, bottom: 6, right: 0 }]);
    expect(notes.rows).toStrictEqual([[], [null, null, { v: '注：' }]]);
  });

  test('a number format keeps its backslash escapes (exceljs removes them: 0.00\\% would become 0.00%)', async () => {
    const bytes = rawXlsx(
      [
        {
          name: '执行率',
          sheetData:
            '<row r="1"><c r="A1" s="1"><v>98.88</v></c><c r="B1" s="2"><v>0.9888</v></c>' +
            '<c r="C1" s="3"><v>3740.11</v></c><c r="D1" s="4"><v>12</v></c></row>',
        },
      ],
      {
        numFmts: [
          { id: 164, code: '0.00\\%' },
          { id: 165, code: '#,##0.00\\万\\元' },
          { id: 166, code: '0"%"' },
        ],
        cellXfs: [164, 10, 165, 166],
      },
    );
    const wb = await readWorkbookBuffer(bytes, 'escapes.xlsx');
    expect(wb.sheets[0].rows[0]).toStrictEqual([
      { v: 98.88, fmt: '0.00\\%' },
      { v: 0.9888, fmt: '0.00%' },
      { v: 3740.11, fmt: '#,##0.00\\万\\元' },
      { v: 12, fmt: '0"%"' },
    ]);
  });

  test('a date in the 1900 date system is its serial number', async () => {
    const bytes = rawXlsx(
      [
        {
          name: 'Sheet1',
          sheetData: '<row r="1"><c r="A1" s="1"><v>44196</v></c><c r="B1" s="1"><v>44196.5</v></c></row>',
        },
      ],
      { cellXfs: [14] },
    );
    const wb = await readWorkbookBuffer(bytes, 'dates.xlsx');
    expect(wb.sheets[0].rows[0]).toStrictEqual([
      { v: 44196, fmt: 'mm-dd-yy' },
      { v: 44196.5, fmt: 'mm-dd-yy' },
    ]);
  });
});

describe('a large sheet', () => {
  test('reads every row of a 5,000-row ledger', async () => {
    const file = path.join(dir, 'large.xlsx');
    await writeWorkbook(file, (book) => {
      const ws = book.addWorksheet('明细');
      ws.addRow(['项目名称', '年初预算', '实际支出', '结余']);
      for (let i = 0; i < 5000; i++) {
        const r = i + 2;
        ws.addRow([`项目${i}`, 100 + i, 90, { formula: `B${r}-C${r}`, result: 10 + i }]);
      }
    });
    const wb = await readWorkbookFile(file);
    const rows = wb.sheets[0].rows;
    expect(rows).toHaveLength(5001);
    expect(rows[5000]).toStrictEqual([
      { v: '项目4999' },
      { v: 5099 },
      { v: 90 },
      { v: 5009, f: 'B5001-C5001' },
    ]);
  });
});

describe('the package read part by part, through the zip directory', () => {
  const onlySheetsFirst = (names: string[]): string[] => {
    // Worksheets first and in reverse; the workbook, its relationships, the styles and the strings after them.
    const sheets = names.filter((n) => n.startsWith('xl/worksheets/'));
    const rest = names.filter((n) => !n.startsWith('xl/worksheets/'));
    return [...sheets.reverse(), ...rest.reverse()];
  };

  test('sheets come in workbook order, whatever the zip order and the part names', async () => {
    const bytes = rawXlsx(
      [
        { name: '封面', file: 'sheet3.xml', sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' },
        {
          name: '收入',
          file: 'sheet1.xml',
          sheetData: '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" s="1"><v>12.5</v></c></row>',
        },
        {
          name: '支出',
          file: 'sheet10.xml',
          hidden: true,
          sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>支出</t></is></c></row>',
        },
        { name: '附表', file: 'sheet2.xml', sheetData: '' },
      ],
      {
        sharedStrings: ['封面', '收入'],
        numFmts: [{ id: 164, code: '0.00\\%' }],
        cellXfs: [164],
        absoluteTargets: true,
        entryOrder: onlySheetsFirst,
        deflate: true,
      },
    );
    const file = await writeBytes(path.join(dir, 'order.xlsx'), bytes);
    for (const wb of [await readWorkbookFile(file), await readWorkbookBuffer(bytes, 'order.xlsx')]) {
      expect(wb.sheets.map((s) => s.name)).toEqual(['封面', '收入', '支出', '附表']);
      expect(wb.sheets.map((s) => s.rows)).toStrictEqual([
        [[{ v: '封面' }]],
        [[{ v: '收入' }, { v: 12.5, fmt: '0.00\\%' }]],
        [[{ v: '支出' }]],
        [],
      ]);
    }
  });

  test('merged ranges come from the sheet XML; a value stored inside a merge is not content', async () => {
    const bytes = rawXlsx(
      [
        {
          name: '明细',
          sheetData:
            '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c>' +
            '<c r="B1" t="inlineStr"><is><t>残留</t></is></c><c r="C1"><v>5</v></c></row>' +
            '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>' +
            '<row r="3"><c r="A3" t="inlineStr"><is><t>合计</t></is></c></row>' +
            '<row r="4"><c r="A4"><v>9</v></c></row>',
          after:
            '<mergeCells count="4"><mergeCell ref="A3:A4"/><mergeCell ref="$E$5:$F$6"/>' +
            '<mergeCell ref="A1:C1"/><mergeCell ref="D2"/></mergeCells>',
        },
      ],
      { entryOrder: onlySheetsFirst, deflate: true },
    );
    const [sheet] = (await readWorkbookBuffer(bytes, 'merges.xlsx')).sheets;
    expect(sheet.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 2 },
      { top: 1, left: 3, bottom: 1, right: 3 },
      { top: 2, left: 0, bottom: 3, right: 0 },
      { top: 4, left: 4, bottom: 5, right: 5 },
    ]);
    // B1, C1 and A4 lie inside merges; row 4 held nothing else, so the rows end at row 3.
    expect(sheet.rows).toStrictEqual([[{ v: '标题' }], [{ v: 1 }, { v: 2 }], [{ v: '合计' }]]);
  });

  test('shared formulas: each group by its index, relative references moved, absolute ones kept', async () => {
    const bytes = rawXlsx([
      {
        name: 'Sheet1',
        sheetData:
          '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>' +
          '<row r="2"><c r="A2"><f t="shared" ref="A2:C2" si="0">A1*2</f><v>2</v></c>' +
          '<c r="B2"><f t="shared" si="0"/><v>4</v></c><c r="C2"><f t="shared" si="0"/><v>6</v></c></row>' +
          '<row r="3"><c r="A3"><f t="shared" ref="A3:A4" si="1">$A$1+A2</f><v>3</v></c>' +
          '<c r="B3"><f t="shared" si="0"/><v>4</v></c></row>' +
          '<row r="4"><c r="A4"><f t="shared" si="1"/><v>4</v></c></row>',
      },
    ]);
    const [sheet] = (await readWorkbookBuffer(bytes, 'shared.xlsx')).sheets;
    expect(sheet.rows.slice(1)).toStrictEqual([
      [
        { v: 2, f: 'A1*2' },
        { v: 4, f: 'B1*2' },
        { v: 6, f: 'C1*2' },
      ],
      [
        { v: 3, f: '$A$1+A2' },
        { v: 4, f: 'B2*2' },
      ],
      [{ v: 4, f: '$A$1+A3' }],
    ]);
  });

  test('Chinese text split between inflated chunks is decoded whole', async () => {
    // exceljs's streaming reader decodes each chunk on its own and garbles a character cut in two.
    const strings = Array.from({ length: 4000 }, (_, i) => `第${i}项：档案整理及预算执行情况说明`);
    const sheetData = strings.map((_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`);
    for (const deflate of [false, true]) {
      const bytes = rawXlsx([{ name: '说明', sheetData: sheetData.join('') }], {
        sharedStrings: strings,
        deflate,
      });
      const file = await writeBytes(path.join(dir, `chinese-${deflate ? 'deflated' : 'stored'}.xlsx`), bytes);
      const [sheet] = (await readWorkbookFile(file)).sheets;
      expect(sheet.rows.map((row) => row[0]?.v)).toEqual(strings);
    }
  });

  test('inline strings drop phonetic runs and unescape _xHHHH_; ISO dates (t="d") arrive as their text', async () => {
    const bytes = rawXlsx([
      {
        name: 'Sheet1',
        sheetData:
          '<row r="1"><c r="A1" t="inlineStr"><is><t>甲_x000D_乙</t><rPh sb="0" eb="1"><t>こう</t></rPh></is></c>' +
          '<c r="B1" t="d"><v>2020-12-31T00:00:00</v></c><c r="C1" t="d"><v>2020-12-31T12:00:00Z</v></c></row>',
      },
    ]);
    const [sheet] = (await readWorkbookBuffer(bytes, 'inline.xlsx')).sheets;
    // A date cell is not a figure: its text reaches the engine, which reports it where an amount should be.
    expect(sheet.rows[0]).toStrictEqual([
      { v: '甲\r乙' },
      { v: '2020-12-31T00:00:00' },
      { v: '2020-12-31T12:00:00Z' },
    ]);
  });

  test('a damaged part, a part cut out of the file and malformed sheet XML each reject as corrupt', async () => {
    const sheetData = Array.from(
      { length: 300 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>项目${i}</t></is></c></row>`,
    ).join('');
    const good = rawXlsx([{ name: '明细', sheetData }], { deflate: true });
    const at = good.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;

    const damaged = Buffer.from(good);
    damaged.fill(0xff, at + 200, at + 400);
    const cut = Buffer.concat([good.subarray(0, at + 100), good.subarray(at + 600)]);
    const malformed = rawXlsx([{ name: '明细', sheetData: '<row r="1"><c r="A1"><v>1</v></row>' }]);

    for (const [name, bytes, detail] of [
      ['damaged.xlsx', damaged, /./],
      ['cut.xlsx', cut, /./],
      ['malformed.xlsx', malformed, /^明细: /],
    ] as const) {
      const file = await writeBytes(path.join(dir, name), bytes);
      for (const read of [() => readWorkbookFile(file), () => readWorkbookBuffer(bytes, name)]) {
        const err: unknown = await read().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(WorkbookReadError);
        expect((err as WorkbookReadError).code).toBe('corrupt');
        expect((err as WorkbookReadError).detail).toMatch(detail);
      }
    }
  });
});

describe('files that are not readable workbooks', () => {
  async function rejection(promise: Promise<unknown>): Promise<WorkbookReadError> {
    const err: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkbookReadError);
    return err as WorkbookReadError;
  }

  async function realXlsx(): Promise<Buffer> {
    const file = path.join(dir, 'real.xlsx');
    await writeWorkbook(file, (book) => {
      const ws = book.addWorksheet('业务经费');
      for (let r = 1; r <= 200; r++) ws.addRow([`项目${r}`, r, r * 2, `说明文字${r}`]);
    });
    return readFile(file);
  }

  const cases: [string, string, () => Promise<Buffer | string | null>, string, RegExp][] = [
    ['a missing file', 'missing.xlsx', async () => null, 'not-found', /file not found/],
    ['an empty (0-byte) file', 'empty.xlsx', async () => Buffer.alloc(0), 'empty', /the file is empty/],
    [
      'random bytes named .xlsx',
      'random.xlsx',
      async () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)),
      'not-zip',
      /zip signature missing/,
    ],
    [
      'a zip signature followed by garbage',
      'garbage.xlsx',
      async () => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 0x5a)]),
      'corrupt',
      /corrupt workbook/,
    ],
    [
      'a truncated real workbook',
      'truncated.xlsx',
      async () => {
        const bytes = await realXlsx();
        return bytes.subarray(0, Math.floor(bytes.length / 2));
      },
      'corrupt',
      /corrupt workbook/,
    ],
    [
      'a CSV file',
      'ledger.csv',
      async () => '项目名称,年初预算\n档案整理,98\n',
      'not-zip',
      /zip signature missing/,
    ],
    [
      'a text file renamed .xlsx',
      'notes.xlsx',
      async () => 'just some text\n',
      'not-zip',
      /zip signature missing/,
    ],
    [
      'an old .xls (OLE2) file',
      'old.xls',
      async () =>
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1000)]),
      'xls',
      /\.xls/,
    ],
    [
      'a zip file with no worksheets',
      'archive.xlsx',
      async () => zipStore([{ name: 'readme.txt', data: Buffer.from('hello') }]),
      'not-xlsx',
      /no worksheets/,
    ],
  ];

  test.each(cases)('%s rejects with WorkbookReadError', async (_label, name, content, code, reason) => {
    const file = path.join(dir, name);
    const data = await content();
    if (data !== null) await writeBytes(file, data);
    const err = await rejection(readWorkbookFile(file));
    expect(err.code).toBe(code);
    expect(err.file).toBe(file);
    expect(err.reason).toMatch(reason);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(reason);
    expect(err.message).not.toMatch(/\n/);
    if (data !== null) {
      const fromBuffer = await rejection(readWorkbookBuffer(Buffer.from(data), name));
      expect(fromBuffer.code).toBe(code);
      expect(fromBuffer.file).toBe(name);
    }
  });

  test('a directory rejects as not a file', async () => {
    const err = await rejection(readWorkbookFile(dir));
    expect(err.code).toBe('not-a-file');
    expect(err.message).toContain(dir);
  });
});
