/**
 * The pane's Word document is the command line's: the same bytes from the same code (document.ts), named after the
 * report's title.
 */
import { analyze, buildNarrative } from '../../src/engine';
import { narrativeToDocx } from '../../src/hosts/docx';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { docxBytes, docxFileName } from '../../src/taskpane/docx-export';
import { paragraphs, part, unzipDocx } from '../hosts/docx/ooxml';

test('the pane’s .docx has the paragraphs of the command line’s, title first', async () => {
  const analysis = analyze(await readWorkbookFile('samples/kaifu-2020.xlsx'));
  const narrative = buildNarrative(analysis, '执行汇总', { unitName: '长沙市开福区住房和城乡建设局' });
  const pane = paragraphs(
    part(await unzipDocx(Buffer.from(await docxBytes(narrative))), 'word/document.xml'),
  );
  const cli = paragraphs(part(await unzipDocx(await narrativeToDocx(narrative)), 'word/document.xml'));
  expect(pane.map((p) => p.text)).toEqual(cli.map((p) => p.text));
  expect(pane[0].text).toBe('长沙市开福区住房和城乡建设局2020年度部门整体支出绩效自评报告');
  expect(pane.map((p) => p.text)).toContain('五、绩效自评结果拟应用和公开情况');
});

test('the file is named after the title, without characters a file system refuses', () => {
  expect(docxFileName({ lang: 'zh-CN', title: '某局/2020年度:报告', sections: [] })).toBe(
    '某局_2020年度_报告.docx',
  );
  expect(docxFileName({ lang: 'zh-CN', title: '', sections: [] })).toBe('report.docx');
});
