/**
 * The run record in the package: written as Excel stores a custom XML part added by `customXmlParts.add()`, read
 * back to decide which sheets a re-run may replace (only those provably untouched), and the one-time migration from
 * the previous version's `_BudgetReview` registry sheet.
 */
import * as path from 'path';
import JSZip from 'jszip';
import { REGISTRY_SHEET } from '../../../src/engine/plan-types';
import { run } from '../../../src/cli/main';
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
import { SAMPLE } from '../excel/fixtures';
import {
  asEarlierVersion,
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
    expect(await readOwnershipFile(copy)).toMatchObject({
      owned: ['问题清单', '分析说明'],
      changed: ['执行汇总'],
    });
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
    expect(ownership.changed).toEqual(['执行汇总']);
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
  const sink = { write: () => true };
  let user: string[];
  let generated: string[];
  let legacyBook: string;
  /** A report of this version on the sample, which the earlier version's copies are made from. */
  let current: string;

  /** `budget-review report`, its exit code and what it printed. */
  async function report(input: string, out: string): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const code = await run(['report', input, '--out', out], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: sink,
    });
    return { code, stdout };
  }

  beforeAll(async () => {
    user = (await readWorkbookFile(SAMPLE)).sheets.map((s) => s.name);
    current = file('current.xlsx');
    expect((await report(SAMPLE, current)).code).toBeLessThan(2);
    legacyBook = file('legacy.xlsx');
    generated = await asEarlierVersion(current, legacyBook);
  });

  it('lists its sheets as that version’s, with their content’s fingerprint, and none as owned', async () => {
    const ownership = await readOwnershipFile(legacyBook);
    expect(ownership).toMatchObject({
      owned: [],
      changed: [],
      legacyRegistry: REGISTRY_SHEET,
      recordParts: [],
    });
    expect(ownership.legacy.map((l) => l.name)).toEqual(generated);
    const grids = (await readWorkbookFile(legacyBook)).sheets;
    for (const l of ownership.legacy)
      expect(l.fingerprint).toBe(sheetFingerprint(grids.find((g) => g.name === l.name)!));
    // The narrative's title, as that sheet states it (the report's name).
    expect(ownership.legacy.find((l) => l.name === '分析说明')?.title).toMatch(/部门整体支出绩效自评报告$/);
  });

  it('check leaves the sheets it lists out, as it does Budget Review’s own: the same findings as the input', async () => {
    const findings = async (input: string): Promise<unknown> => {
      let stdout = '';
      await run(['check', input, '--json'], {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: sink,
      });
      return (JSON.parse(stdout) as { findings: unknown }).findings;
    };
    expect(await findings(legacyBook)).toEqual(await findings(SAMPLE));
  });

  it('is honoured once: sheets proven the engine’s output are replaced, the registry removed, a record written', async () => {
    const out = file('legacy-out.xlsx');
    const { stdout } = await report(legacyBook, out);
    const raw = await rawBook(out);
    // The same names, in place of the old ones (the narrative, whose title named another file, included).
    expect(raw.sheets.map((s) => s.name)).toEqual([...user, ...generated]);
    expect(stdout).not.toContain('已保留');
    const found = await records(raw.zip);
    expect(found.map((r) => r.record?.sheets.map((s) => s.name))).toEqual([generated]);
    const after = await readOwnershipFile(out);
    expect(after).toMatchObject({ owned: generated, legacy: [], changed: [] });
    expect(after.legacyRegistry).toBeUndefined();
  });

  it('as a hidden sheet too, as that version accepted it', async () => {
    const hidden = file('legacy-hidden.xlsx');
    await asEarlierVersion(current, hidden, 'hidden');
    const ownership = await readOwnershipFile(hidden);
    expect(ownership.legacy.map((l) => l.name)).toEqual(generated);
    expect(ownership.legacyRegistry).toBe(REGISTRY_SHEET);
  });

  it('keeps a sheet it lists that the user changed, says so, and writes the new report beside it', async () => {
    const changed = file('legacy-changed.xlsx');
    const { promises: fsp } = await import('fs');
    await fsp.copyFile(legacyBook, changed);
    const summary = generated[0];
    const part = (await rawBook(changed)).sheets.find((s) => s.name === summary)!.part;
    await editPackage(changed, (zip) =>
      editPart(zip, part, (xml) => xml.replace(/(<c r="A1"[^>]*><is><t[^>]*>)[^<]*/, '$1我改过的标题')),
    );
    const out = file('legacy-changed-out.xlsx');
    const { stdout } = await report(changed, out);
    expect(stdout).toContain(`已保留，新报告改用了其他名称：${summary}`);
    const raw = await rawBook(out);
    const names = raw.sheets.map((s) => s.name);
    expect(names.slice(0, user.length + 1)).toEqual([...user, summary]);
    expect(names).not.toContain(REGISTRY_SHEET);
    expect(await sheetXml(raw, summary)).toContain('我改过的标题');
    // The new summary took another name; the others, proven unchanged, were replaced in place.
    const record = (await records(raw.zip))[0].record!;
    expect(record.sheets.map((s) => s.name)).not.toContain(summary);
    expect(record.sheets).toHaveLength(generated.length);
    expect((await readOwnershipFile(out)).owned).toEqual(record.sheets.map((s) => s.name));
  });

  it('but a visible sheet of that name is a user’s sheet: not trusted, and kept', async () => {
    const visible = file('legacy-visible.xlsx');
    await asEarlierVersion(current, visible, 'visible');
    const ownership = await readOwnershipFile(visible);
    expect(ownership).toMatchObject({ owned: [], legacy: [] });
    expect(ownership.legacyRegistry).toBeUndefined();
    const out = file('legacy-visible-out.xlsx');
    await report(visible, out);
    const names = (await rawBook(out)).sheets.map((s) => s.name);
    expect(names.slice(0, user.length + generated.length + 1)).toEqual([
      ...user,
      ...generated,
      REGISTRY_SHEET,
    ]);
    expect(names.length).toBeGreaterThan(user.length + generated.length + 1);
  });

  it('the writer refuses to replace a sheet it lists whose content is not what replaces it', async () => {
    const input = await buildInput(file('in.xlsx'));
    const first = file('writer-first.xlsx');
    await writeReport(input, planOf([summarySheet()]), first);
    const old = file('writer-legacy.xlsx');
    await asEarlierVersion(first, old);
    expect((await readOwnershipFile(old)).legacy.map((l) => l.name)).toEqual(['执行汇总']);
    // What replaces it differs in one cell, and nothing proves the old sheet the engine's output.
    const other = summarySheet();
    other.rows[0][0] = { kind: 'text', text: '另一个标题', style: 'title' };
    await expect(writeReport(old, planOf([other], ['执行汇总']), file('x.xlsx'))).rejects.toMatchObject({
      code: 'conflict',
    });
    // The same content is the engine's own output: replaced, and the registry removed.
    const out = file('writer-legacy-out.xlsx');
    await writeReport(old, planOf([summarySheet()], ['执行汇总']), out);
    expect((await rawBook(out)).sheets.map((s) => s.name)).toEqual([SOURCE, PROJECTS, HIDDEN, '执行汇总']);
  });
});
