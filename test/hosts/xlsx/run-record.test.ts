/**
 * The run record in the package: written as Excel stores a custom XML part added by `customXmlParts.add()`, read
 * back to decide which sheets a re-run may replace (only those provably untouched), and the one-time migration from
 * the previous version's `_BudgetReview` registry sheet.
 */
import * as path from 'path';
import JSZip from 'jszip';
import { REGISTRY_MARK, REGISTRY_SHEET } from '../../../src/engine/plan-types';
import {
  parseRunRecord,
  planSheetFingerprint,
  RUN_RECORD_NAMESPACE,
  type RunRecord,
} from '../../../src/engine/run-record';
import { sheetFingerprint } from '../../../src/hosts/xlsx/ownership';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { readOwnershipFile, writeReportFile as writeReport } from '../../../src/hosts/xlsx/write';
import { tempDir } from '../../fixtures/xlsx-host/build';
import {
  buildInput,
  editPackage,
  editPart,
  findingsSheet,
  FULL_PLAN,
  HIDDEN,
  narrativeSheet,
  planOf,
  PROJECTS,
  rawBook,
  sheetXml,
  SOURCE,
  summarySheet,
} from './support';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-record-'));
});

afterAll(async () => {
  await cleanup();
});

let counter = 0;
function file(name: string): string {
  counter += 1;
  return path.join(dir, `${counter}-${name}`);
}

/** The custom XML parts of a package whose root is in the run record's namespace, with their record. */
async function records(zip: JSZip): Promise<{ part: string; xml: string; record: RunRecord | null }[]> {
  const out: { part: string; xml: string; record: RunRecord | null }[] = [];
  for (const name of Object.keys(zip.files).filter((n) => /^customXml\/item\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    if (xml.includes(`xmlns="${RUN_RECORD_NAMESPACE}"`))
      out.push({ part: name, xml, record: parseRunRecord(xml) });
  }
  return out;
}

describe('the run record, as Excel stores a custom XML part', () => {
  let out: string;

  beforeAll(async () => {
    const input = await buildInput(file('in.xlsx'));
    out = file('out.xlsx');
    await writeReport(input, FULL_PLAN(), out);
  });

  it('is customXml/itemN.xml, with its properties part, related from the workbook, with content types', async () => {
    const raw = await rawBook(out);
    const found = await records(raw.zip);
    expect(found.map((r) => r.part)).toEqual(['customXml/item1.xml']);
    expect(raw.relsXml).toMatch(
      /<Relationship Id="rId\d+" Type="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/relationships\/customXml" Target="..\/customXml\/item1.xml"\/>/,
    );
    const itemRels = await raw.zip.file('customXml/_rels/item1.xml.rels')!.async('string');
    expect(itemRels).toContain(
      'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps1.xml"',
    );
    const props = await raw.zip.file('customXml/itemProps1.xml')!.async('string');
    expect(props).toMatch(
      /^<\?xml[^>]*\?>\s*<ds:datastoreItem ds:itemID="\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}" xmlns:ds="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/customXml">/,
    );
    expect(props).toContain(`<ds:schemaRef ds:uri="${RUN_RECORD_NAMESPACE}"/>`);
    expect(raw.contentTypes).toContain(
      '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>',
    );
    // The item itself is application/xml: by the package's Default for .xml, or by an Override.
    expect(raw.contentTypes).toMatch(
      /<Default Extension="xml" ContentType="application\/xml"\/>|<Override PartName="\/customXml\/item1.xml" ContentType="application\/xml"\/>/,
    );
  });

  it('lists each generated sheet with its package sheetId and the fingerprint of its cells', async () => {
    const raw = await rawBook(out);
    const [{ record }] = await records(raw.zip);
    expect(record).not.toBeNull();
    const plan = FULL_PLAN();
    expect(record!.sheets).toEqual(
      plan.sheets.map((s) => ({
        role: s.role,
        name: s.name,
        id: `sheetId:${raw.sheets.find((x) => x.name === s.name)!.sheetId}`,
        fingerprint: planSheetFingerprint(s),
      })),
    );
    // …which is the fingerprint of the sheet as a reader reads it back from the file.
    const grids = (await readWorkbookFile(out)).sheets;
    for (const s of record!.sheets) {
      expect([s.name, sheetFingerprint(grids.find((g) => g.name === s.name)!)]).toEqual([
        s.name,
        s.fingerprint,
      ]);
    }
  });

  it('makes the recorded sheets the ones a re-run may replace', async () => {
    expect(await readOwnershipFile(out)).toMatchObject({
      sheetNames: [SOURCE, PROJECTS, HIDDEN, '执行汇总', '问题清单', '分析说明'],
      owned: ['执行汇总', '问题清单', '分析说明'],
      recordParts: ['customXml/item1.xml'],
    });
  });

  it('is replaced by a re-run: one record, of the new sheets, and the old one’s parts gone', async () => {
    const { owned } = await readOwnershipFile(out);
    const second = file('second.xlsx');
    await writeReport(out, planOf([summarySheet(), narrativeSheet()], owned), second);
    const raw = await rawBook(second);
    const found = await records(raw.zip);
    expect(found).toHaveLength(1);
    expect(found[0].record!.sheets.map((s) => s.name)).toEqual(['执行汇总', '分析说明']);
    const parts = Object.keys(raw.zip.files).filter((n) => n.startsWith('customXml/') && !n.endsWith('/'));
    expect(parts.sort()).toEqual([
      'customXml/_rels/item1.xml.rels',
      'customXml/item1.xml',
      'customXml/itemProps1.xml',
    ]);
    expect((raw.relsXml.match(/relationships\/customXml"/g) ?? []).length).toBe(1);
    expect(raw.sheets.map((s) => s.name)).toEqual([SOURCE, PROJECTS, HIDDEN, '执行汇总', '分析说明']);
  });
});

describe('only provably untouched sheets are replaced', () => {
  let first: string;

  beforeAll(async () => {
    const input = await buildInput(file('in.xlsx'));
    first = file('first.xlsx');
    await writeReport(input, FULL_PLAN(), first);
  });

  async function edited(
    name: string,
    change: (zip: JSZip, part: (sheet: string) => string) => Promise<void>,
  ) {
    const copy = file(name);
    const { promises: fsp } = await import('fs');
    await fsp.copyFile(first, copy);
    const raw = await rawBook(copy);
    await editPackage(copy, (zip) => change(zip, (sheet) => raw.sheets.find((s) => s.name === sheet)!.part));
    return copy;
  }

  it('a sheet whose cells the user changed is the user’s from then on', async () => {
    const copy = await edited('changed.xlsx', (zip, part) =>
      editPart(zip, part('执行汇总'), (xml) => xml.replace('>正常<', '>已核实<')),
    );
    expect((await readOwnershipFile(copy)).owned).toEqual(['问题清单', '分析说明']);
    // Asked to replace it anyway, the writer refuses.
    await expect(
      writeReport(copy, planOf([findingsSheet('新清单')], ['执行汇总']), file('x.xlsx')),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('a formula replaced by a typed value is a change; a recalculated cached value is not', async () => {
    const formulaChanged = await edited('formula.xlsx', (zip, part) =>
      editPart(zip, part('执行汇总'), (xml) =>
        xml.replace('<f>SUM(B3:B4)</f>', '<f>SUM(B3:B4)</f><v>1</v>').replace('<v>4320.61</v>', ''),
      ),
    );
    expect((await readOwnershipFile(formulaChanged)).owned).toContain('执行汇总');
    const valueTyped = await edited('typed.xlsx', (zip, part) =>
      editPart(zip, part('执行汇总'), (xml) =>
        xml.replace(/<c r="B5"([^>]*)><f>[^<]*<\/f><v>[^<]*<\/v><\/c>/, '<c r="B5"$1><v>4320.61</v></c>'),
      ),
    );
    expect((await readOwnershipFile(valueTyped)).owned).not.toContain('执行汇总');
  });

  it('a renamed generated sheet is left alone', async () => {
    const copy = await edited('renamed.xlsx', (zip) =>
      editPart(zip, 'xl/workbook.xml', (xml) => xml.replace('name="执行汇总"', 'name="汇总备份"')),
    );
    const ownership = await readOwnershipFile(copy);
    expect(ownership.owned).toEqual(['问题清单', '分析说明']);
    expect(ownership.sheetNames).toContain('汇总备份');
  });

  it('a user’s sheet that took a recorded name (different content) is never taken', async () => {
    const copy = await edited('taken.xlsx', async (zip, part) => {
      // The user deleted the generated summary and renamed their own sheet to its name.
      const target = part('执行汇总');
      await editPart(zip, 'xl/workbook.xml', (xml) =>
        xml.replace(/<sheet name="执行汇总"[^>]*\/>/, '').replace(/name="收入支出决算表"/, 'name="执行汇总"'),
      );
      zip.remove(target);
    });
    const ownership = await readOwnershipFile(copy);
    expect(ownership.owned).toEqual(['问题清单', '分析说明']);
  });

  it('a record that is not valid is not trusted, and is replaced by a valid one', async () => {
    const copy = await edited('garbled.xlsx', (zip) =>
      editPart(zip, 'customXml/item1.xml', (xml) => xml.replace('version="1"', 'version="9"')),
    );
    const ownership = await readOwnershipFile(copy);
    expect(ownership.owned).toEqual([]);
    expect(ownership.recordParts).toEqual(['customXml/item1.xml']);
    const out = file('garbled-out.xlsx');
    await writeReport(copy, planOf([summarySheet('执行汇总 (2)')]), out);
    const raw = await rawBook(out);
    const found = await records(raw.zip);
    expect(found).toHaveLength(1);
    expect(found[0].record!.sheets.map((s) => s.name)).toEqual(['执行汇总 (2)']);
    expect(raw.sheets.map((s) => s.name)).toContain('执行汇总');
  });

  it('finds a record LibreOffice related from the package instead of the workbook, and replaces it there', async () => {
    const copy = await edited('package-related.xlsx', async (zip) => {
      await editPart(zip, 'xl/_rels/workbook.xml.rels', (xml) =>
        xml.replace(/<Relationship [^>]*relationships\/customXml"[^>]*\/>/, ''),
      );
      await editPart(zip, '_rels/.rels', (xml) =>
        xml.replace(
          '</Relationships>',
          '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/></Relationships>',
        ),
      );
    });
    const ownership = await readOwnershipFile(copy);
    expect(ownership.owned).toEqual(['执行汇总', '问题清单', '分析说明']);
    const out = file('package-related-out.xlsx');
    await writeReport(copy, planOf([summarySheet()], ownership.owned), out);
    const raw = await rawBook(out);
    expect(await raw.zip.file('_rels/.rels')!.async('string')).not.toContain('customXml');
    expect(await records(raw.zip)).toHaveLength(1);
    expect(raw.sheets.map((s) => s.name)).toEqual([SOURCE, PROJECTS, HIDDEN, '执行汇总']);
  });
});

describe('a workbook written by the previous version (a very hidden _BudgetReview sheet)', () => {
  async function legacy(p: string, state: 'veryHidden' | 'hidden' | 'visible'): Promise<string> {
    return buildInput(p, (book) => {
      book.addWorksheet('执行汇总').getCell('A1').value = '预算执行汇总';
      book.addWorksheet('问题清单').getCell('A1').value = '问题清单';
      const registry = book.addWorksheet(REGISTRY_SHEET, { state });
      [REGISTRY_MARK, '执行汇总', '问题清单', '已删除的表'].forEach((name, i) => {
        registry.getCell(i + 1, 1).value = name;
      });
    });
  }

  it('is honoured once: its sheets are replaced, it is removed, and a run record is written', async () => {
    const input = await legacy(file('legacy.xlsx'), 'veryHidden');
    const ownership = await readOwnershipFile(input);
    expect(ownership).toMatchObject({
      owned: ['执行汇总', '问题清单'],
      legacyRegistry: REGISTRY_SHEET,
      recordParts: [],
    });
    const out = file('legacy-out.xlsx');
    await writeReport(
      input,
      planOf([summarySheet(), findingsSheet(), narrativeSheet()], ownership.owned),
      out,
    );
    const raw = await rawBook(out);
    expect(raw.sheets.map((s) => s.name)).toEqual([
      SOURCE,
      PROJECTS,
      HIDDEN,
      '执行汇总',
      '问题清单',
      '分析说明',
    ]);
    expect(await sheetXml(raw, '执行汇总')).toContain('2020年预算执行汇总');
    const found = await records(raw.zip);
    expect(found.map((r) => r.record?.sheets.map((s) => s.name))).toEqual([
      ['执行汇总', '问题清单', '分析说明'],
    ]);
    expect(await readOwnershipFile(out)).toMatchObject({ owned: ['执行汇总', '问题清单', '分析说明'] });
    expect((await readOwnershipFile(out)).legacyRegistry).toBeUndefined();
  });

  it('as a hidden sheet too, as that version accepted it', async () => {
    const input = await legacy(file('legacy-hidden.xlsx'), 'hidden');
    expect(await readOwnershipFile(input)).toMatchObject({ owned: ['执行汇总', '问题清单'] });
  });

  it('but a visible sheet of that name is a user’s sheet: not trusted, and kept', async () => {
    const input = await legacy(file('legacy-visible.xlsx'), 'visible');
    const ownership = await readOwnershipFile(input);
    expect(ownership.owned).toEqual([]);
    expect(ownership.legacyRegistry).toBeUndefined();
    const out = file('legacy-visible-out.xlsx');
    await writeReport(input, planOf([summarySheet('执行汇总 (2)')]), out);
    expect((await rawBook(out)).sheets.map((s) => s.name)).toEqual([
      SOURCE,
      PROJECTS,
      HIDDEN,
      '执行汇总',
      '问题清单',
      REGISTRY_SHEET,
      '执行汇总 (2)',
    ]);
  });

  it('is ignored once a run record exists', async () => {
    const input = await legacy(file('legacy-and-record.xlsx'), 'veryHidden');
    const first = file('legacy-first.xlsx');
    await writeReport(input, planOf([narrativeSheet()], []), first);
    // The migration removed it; were it back (an old add-in), the record still decides.
    expect((await rawBook(first)).sheets.map((s) => s.name)).not.toContain(REGISTRY_SHEET);
    expect((await readOwnershipFile(first)).owned).toEqual(['分析说明']);
  });
});
