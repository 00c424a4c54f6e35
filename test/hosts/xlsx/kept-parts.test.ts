/**
 * A report keeps the user's workbook whole. On the checked-in fixture `kept-parts.xlsx` (and its `.xlsm` twin; see
 * test/fixtures/xlsx-host/kept-parts.ts for what it holds and how it was written): a bar chart, a comment, data
 * validation, conditional formats with an x14 extension, defined names (a constant, a formula, local ones), a named
 * cell style, a custom default font, a hidden sheet, a calculation chain, printer settings, someone else's custom
 * XML part and an unknown part. `budget-review report` returns every original part unchanged, byte for byte, adds
 * its sheets (that LibreOffice opens the result is kept-parts.e2e.ts).
 *
 * These replace the tests that pinned what exceljs's round trip of the user's workbook lost (the default font, named
 * styles, constant and local defined names, calculation settings, notes on empty cells, the x14 part of data bars):
 * the user's parts no longer pass through any library.
 */
import { readFile } from 'fs/promises';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { parseRunRecord, RUN_RECORD_NAMESPACE } from '../../../src/engine/run-record';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { readOwnershipFile } from '../../../src/hosts/xlsx/write';
import { tempDir } from '../../fixtures/xlsx-host/build';
import {
  HIDDEN_SHEET,
  KEPT_PARTS_FILE,
  KEPT_SHEETS,
  keptPartsEntries,
  LEDGER_SHEET,
  type KeptPartsKind,
} from '../../fixtures/xlsx-host/kept-parts';
import { EDITED_PARTS, entries, expectAppendedOnly, rawBook, sha256, storedEntries } from './support';
import { cli } from '../../support/cli';

jest.setTimeout(60_000);

const GENERATED = ['执行汇总', '问题清单', '分析说明'];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-kept-'));
});
afterAll(async () => cleanup());

describe('the kept-parts fixture', () => {
  it.each(['xlsx', 'xlsm'] as KeptPartsKind[])('is what its builder writes (%s)', async (kind) => {
    const checkedIn = await entries(KEPT_PARTS_FILE[kind]);
    const built = keptPartsEntries(kind);
    expect([...checkedIn.keys()]).toEqual(built.map((e) => e.name));
    for (const e of built) expect([e.name, checkedIn.get(e.name)?.equals(e.data)]).toEqual([e.name, true]);
  });

  it('is a workbook exceljs 4.4 cannot read ("reading \'anchors\'"), as the report used to fail on it', async () => {
    const err = await new ExcelJS.Workbook().xlsx.readFile(KEPT_PARTS_FILE.xlsx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("reading 'anchors'");
  });

  it('is read by check', async () => {
    const r = await cli(['check', KEPT_PARTS_FILE.xlsx, '--json']);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as { tables: { sheet: string; range: string }[] };
    expect(json.tables).toEqual([expect.objectContaining({ sheet: LEDGER_SHEET, range: 'A2:E7' })]);
  });
});

describe.each(['xlsx', 'xlsm'] as KeptPartsKind[])('report on kept-parts.%s', (kind) => {
  const input = KEPT_PARTS_FILE[kind];
  let out: string;
  let result: { code: number; stdout: string; stderr: string };
  let before: string;

  beforeAll(async () => {
    out = path.join(dir, `report.${kind}`);
    before = await sha256(input);
    result = await cli(['report', input, '--out', out]);
  });

  it('succeeds, and leaves the input as it was', async () => {
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    expect(await sha256(input)).toBe(before);
  });

  it('returns every original part unchanged, byte for byte, as stored', async () => {
    const [a, b] = await Promise.all([storedEntries(input), storedEntries(out)]);
    const [x, y] = await Promise.all([entries(input), entries(out)]);
    const unchanged: string[] = [];
    for (const [name, stored] of a) {
      const copy = b.get(name);
      expect([name, copy !== undefined]).toEqual([name, true]);
      if (EDITED_PARTS.includes(name)) continue;
      expect([name, y.get(name)?.equals(x.get(name)!)]).toEqual([name, true]);
      expect([name, copy!.data.equals(stored.data), copy!.crc32]).toEqual([name, true, stored.crc32]);
      unchanged.push(name);
    }
    // Everything that carries the chart, the comment, the styles' looks, the custom XML, the macros…
    for (const part of [
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/drawings/drawing1.xml',
      'xl/charts/chart1.xml',
      'xl/comments1.xml',
      'xl/drawings/vmlDrawing1.vml',
      'xl/printerSettings/printerSettings1.bin',
      'xl/calcChain.xml',
      'xl/theme/theme1.xml',
      'xl/sharedStrings.xml',
      'xl/budgetNotes/notes1.xml',
      'customXml/item1.xml',
      'customXml/itemProps1.xml',
      'docProps/app.xml',
      ...(kind === 'xlsm' ? ['xl/vbaProject.bin'] : []),
    ]) {
      expect(unchanged).toContain(part);
    }
  });

  it('changes the workbook part only to list the new sheets and their print titles and filters: names, views and everything else as they were', async () => {
    const [x, y] = await Promise.all([entries(input), entries(out)]);
    const a = x.get('xl/workbook.xml')!.toString('utf8');
    const b = y.get('xl/workbook.xml')!.toString('utf8');
    const added = /(<sheet name="执行汇总"[\s\S]*)<\/sheets>/.exec(b)![1];
    // The new sheets' names follow the user's, local to the new sheets (positions 3 and 4).
    const names = /(<definedName name="_xlnm\.Print_Titles" localSheetId="3">[\s\S]*)<\/definedNames>/.exec(
      b,
    )![1];
    expect(b.replace(added, '').replace(names, '')).toBe(a);
    expect(added).toMatch(/^(<sheet name="[^"]+" sheetId="\d+" r:id="rId\d+"\/>){3}$/);
    expect(names).toBe(
      `<definedName name="_xlnm.Print_Titles" localSheetId="3">'执行汇总'!$1:$2</definedName>` +
        `<definedName name="_xlnm._FilterDatabase" localSheetId="3" hidden="1">'执行汇总'!$A$2:$K$8</definedName>` +
        `<definedName name="_xlnm.Print_Titles" localSheetId="4">'问题清单'!$1:$2</definedName>` +
        `<definedName name="_xlnm._FilterDatabase" localSheetId="4" hidden="1">'问题清单'!$A$2:$I$5</definedName>`,
    );
    expect(b).toContain('<definedName name="低执行率阈值">0.6</definedName>');
  });

  it('only appends to the styles, the relationships and the content types', async () => {
    const [x, y] = await Promise.all([entries(input), entries(out)]);
    expectAppendedOnly(x.get('xl/styles.xml')!.toString('utf8'), y.get('xl/styles.xml')!.toString('utf8'));
    for (const part of ['xl/_rels/workbook.xml.rels', '[Content_Types].xml']) {
      const a = x.get(part)!.toString('utf8');
      const b = y.get(part)!.toString('utf8');
      const close = a.lastIndexOf('</');
      expect(b.slice(0, close)).toBe(a.slice(0, close));
      expect(b.slice(b.lastIndexOf('</'))).toBe(a.slice(close));
    }
  });

  it('keeps the kind of workbook: the content type of its workbook part', async () => {
    const raw = await rawBook(out);
    const main =
      kind === 'xlsm'
        ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
    expect(raw.contentTypes).toContain(`<Override PartName="/xl/workbook.xml" ContentType="${main}"/>`);
  });

  it('adds the generated sheets and a run record beside the other custom XML part', async () => {
    const raw = await rawBook(out);
    expect(raw.sheets.map((s) => s.name)).toEqual([...KEPT_SHEETS, ...GENERATED]);
    expect(raw.sheets.find((s) => s.name === HIDDEN_SHEET)?.state).toBe('hidden');
    const item = await raw.zip.file('customXml/item2.xml')!.async('string');
    expect(item).toContain(`xmlns="${RUN_RECORD_NAMESPACE}"`);
    expect(parseRunRecord(item)?.sheets.map((s) => s.name)).toEqual(GENERATED);
    expect(await raw.zip.file('customXml/item1.xml')!.async('string')).toContain('department-metadata');
    expect((await readOwnershipFile(out)).owned).toEqual(GENERATED);
  });

  it('keeps every original sheet as the reader reads it', async () => {
    const [a, b] = await Promise.all([readWorkbookFile(input), readWorkbookFile(out)]);
    expect(b.sheets.slice(0, a.sheets.length)).toEqual(a.sheets);
  });

  it('comes back whole from a second report on its output', async () => {
    const again = path.join(dir, `again.${kind}`);
    const r = await cli(['report', out, '--out', again]);
    expect(r.stderr).toBe('');
    const [x, y] = await Promise.all([entries(input), entries(again)]);
    for (const [name, data] of x) {
      if (EDITED_PARTS.includes(name)) continue;
      expect([name, y.get(name)?.equals(data)]).toEqual([name, true]);
    }
    expect((await rawBook(again)).sheets.map((s) => s.name)).toEqual([...KEPT_SHEETS, ...GENERATED]);
  });

  it('refuses an --out with the other kind’s extension, saying which to use, and writes nothing', async () => {
    const wrong = path.join(dir, `wrong.${kind === 'xlsx' ? 'xlsm' : 'xlsx'}`);
    const r = await cli(['report', input, '--out', wrong, '--lang', 'en-US']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`must end in .${kind}`);
    await expect(readFile(wrong)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
