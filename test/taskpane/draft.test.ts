/**
 * The 核对文稿 view's logic: a draft from pasted text or a chosen .docx (read in the page, as the command line reads it
 * in Node), the engine's request carrying it (the claim tie runs with the check, in the worker), and each disputed
 * number as shown: its sentence split around the quote and the source cell a click selects.
 */
import { readFileSync } from 'fs';
import { analyze, checkDraft } from '../../src/engine';
import { narrativeToDocx } from '../../src/hosts/docx';
import { docxParagraphs } from '../../src/hosts/docx/read';
import { bufferSource } from '../../src/hosts/xlsx/zip';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import {
  draftFromFile,
  draftFromText,
  DraftFileError,
  draftItems,
  hasText,
  paragraphsOfDocumentXml,
  splitSentence,
} from '../../src/taskpane/draft';
import { checkView } from '../../src/taskpane/engine/run';
import { book, sheet } from '../support/grid';

const REPORT = 'test/fixtures/claim/kaifu-2020-self-evaluation-report.txt';

describe('a draft from pasted text', () => {
  it('is one paragraph a line, whatever the line ends', () => {
    expect(draftFromText('\uFEFF一\r\n\r\n二\r三\n').paragraphs).toEqual(['一', '', '二', '三', '']);
  });
  it('holds text only when a line holds more than white space', () => {
    expect(hasText(draftFromText(' \n\t\n'))).toBe(false);
    expect(hasText(draftFromText('\n结余4.90万元'))).toBe(true);
    expect(hasText(undefined)).toBe(false);
  });
});

describe('a disputed number as the view shows it', () => {
  it('splits its sentence around the quote', () => {
    expect(splitSentence('使用180.03万元，资金执行率98.88%。', '98.88%')).toEqual({
      before: '使用180.03万元，资金执行率',
      quote: '98.88%',
      after: '。',
    });
    // A quote the sentence does not hold (never expected) shows the sentence without a highlight.
    expect(splitSentence('结余2万元。', '3万元')).toEqual({ before: '结余2万元。', quote: '', after: '' });
  });

  it('lists the source report’s errors first, each with the cell a click selects', async () => {
    const analysis = analyze(await readWorkbookFile('samples/kaifu-2020.xlsx'));
    const items = draftItems(checkDraft(analysis, readFileSync(REPORT, 'utf8').split(/\r?\n/)));
    const severities = items.map((i) => i.severity);
    expect(severities.indexOf('info')).toBeGreaterThan(severities.lastIndexOf('error'));
    const rate = items.find((i) => i.quote === '98.88%');
    expect(rate).toBeDefined();
    expect(rate?.before.endsWith('资金执行率')).toBe(true);
    expect(`${rate?.before}${rate?.quote}${rate?.after}`).toContain(
      '使用180.03万元，结余2.38万元，资金执行率98.88%',
    );
    expect(rate?.expected).toBe('98.69%');
    expect(rate?.source).toEqual({ sheet: '业务工作经费', cell: 'F4' });
    expect(rate?.sources[0]).toBe('业务工作经费!F4');
    const projects = items.find((i) => i.quote === '39个');
    expect(projects?.paragraph).toBe(50);
    expect(projects?.source?.sheet).toBe('租赁住房');
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
  });
});

describe('the engine request carries the draft', () => {
  const analysis = analyze(
    book(
      sheet('专项经费', [
        ['项目名称', '年初预算', '实际支出', '结余'],
        ['档案整理专项', 98, 93.1, 4.9],
      ]),
    ),
  );
  it('a check view without a draft has no draft part', () => {
    expect(checkView(analysis).draft).toBeUndefined();
  });
  it('a check view with one holds its findings, plain data that crosses to the worker', () => {
    const view = checkView(analysis, ['档案整理专项：实际使用95万元。']);
    expect(view.draft?.findings.map((f) => [f.paragraph, f.quote, f.expected])).toEqual([
      [1, '95万元', '93.10'],
    ]);
    expect(structuredClone(view.draft)).toEqual(view.draft);
  });
});

describe('a chosen file', () => {
  it('a .docx is read in the page as the command line reads it', async () => {
    const bytes = await narrativeToDocx({
      lang: 'zh-CN',
      title: '2020年度部门整体支出绩效自评报告',
      sections: [
        {
          level: 1,
          heading: '二、项目支出情况',
          paragraphs: ['档案整理专项：实际使用93.10万元，结余4.90万元。', 'A & B <c> “三公”'],
        },
      ],
    });
    const draft = await draftFromFile('报告.DOCX', new Uint8Array(bytes));
    expect(draft.fileName).toBe('报告.DOCX');
    expect(draft.paragraphs).toEqual(await docxParagraphs(bufferSource(bytes), '报告.docx'));
    expect(draft.paragraphs.filter((p) => /\S/.test(p))).toEqual([
      '2020年度部门整体支出绩效自评报告',
      '二、项目支出情况',
      '档案整理专项：实际使用93.10万元，结余4.90万元。',
      'A & B <c> “三公”',
    ]);
  });

  it('a .txt is its UTF-8 lines', async () => {
    const draft = await draftFromFile('a.txt', new TextEncoder().encode('一\n二'));
    expect(draft).toEqual({ paragraphs: ['一', '二'], fileName: 'a.txt' });
  });

  it.each<[string, string, Uint8Array, string]>([
    ['another kind', 'a.pdf', new Uint8Array([1]), 'kind'],
    ['an empty file', 'a.docx', new Uint8Array(0), 'empty'],
    ['a .docx that is not a zip', 'a.docx', new TextEncoder().encode('plain text'), 'not-docx'],
    ['a .txt that is not UTF-8', 'a.txt', new Uint8Array([0xd4, 0xa4, 0xff]), 'not-text'],
    ['a truncated zip', 'a.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'corrupt'],
  ])('%s is refused with its reason', async (_label, name, bytes, code) => {
    await expect(draftFromFile(name, bytes)).rejects.toEqual(expect.any(DraftFileError));
    await expect(draftFromFile(name, bytes)).rejects.toMatchObject({ code });
  });

  it('a document part inflating past the limit is too large', async () => {
    const bytes = await narrativeToDocx({ lang: 'zh-CN', title: 't', sections: [] });
    const tooBig = async (): Promise<Uint8Array> => {
      throw new DraftFileError('too-large');
    };
    await expect(draftFromFile('a.docx', new Uint8Array(bytes), tooBig)).rejects.toMatchObject({
      code: 'too-large',
    });
  });
});

describe('the paragraphs of a document part', () => {
  it('text runs joined, tabs and breaks kept, deleted runs and tab stops left out, entities decoded', () => {
    const xml =
      '<w:document><w:body>' +
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' +
      '<w:r><w:t>结余</w:t></w:r><w:r><w:t xml:space="preserve">4.90</w:t></w:r><w:r><w:t>万元</w:t></w:r></w:p>' +
      '<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>&amp;&#x4E07;</w:t></w:r></w:p>' +
      '<w:p><w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:ins><w:r><w:t>新</w:t></w:r></w:ins></w:p>' +
      '<w:p/>' +
      '</w:body></w:document>';
    expect(paragraphsOfDocumentXml(xml)).toEqual(['结余4.90万元', 'a\tb &万', '新', '']);
  });
  it('a document type declaration is refused (no entity is ever expanded)', () => {
    expect(() =>
      paragraphsOfDocumentXml(
        '<!DOCTYPE x [<!ENTITY a "b">]><w:document><w:p><w:t>&a;</w:t></w:p></w:document>',
      ),
    ).toThrow(DraftFileError);
  });
});
