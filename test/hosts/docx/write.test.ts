/**
 * The Word export, read back from the .docx it writes: page setup (A4, GB/T 9704 margins), every heading and
 * paragraph in order and taken literally, Word heading styles, and the fonts, sizes and spacing that title,
 * headings, body and page number resolve to through document defaults and styles.
 */
import { mkdtemp, readdir, readFile, rm, mkdir, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import type { Narrative } from '../../../src/engine/narrative/types';
import { narrativeToDocx, NarrativeDocxError, writeNarrativeDocx } from '../../../src/hosts/docx';
import { EN_NARRATIVE, LITERALS, textsOf, ZH_NARRATIVE } from './fixture';
import {
  attr,
  elements,
  firstTag,
  footerParts,
  paragraphs,
  part,
  Styles,
  unzipDocx,
  type Para,
  type Parts,
} from './ooxml';

const twips = (mm: number): number => Math.round((mm * 1440) / 25.4);

interface Read {
  parts: Parts;
  document: string;
  styles: Styles;
  paras: Para[];
}

async function read(narrative: Narrative): Promise<Read> {
  const parts = await unzipDocx(await narrativeToDocx(narrative));
  const document = part(parts, 'word/document.xml');
  return { parts, document, styles: new Styles(part(parts, 'word/styles.xml')), paras: paragraphs(document) };
}

describe('narrativeToDocx, zh-CN', () => {
  let doc: Read;
  beforeAll(async () => {
    doc = await read(ZH_NARRATIVE);
  });

  it('is an A4 portrait page with the GB/T 9704 margins (37, 35, 28 and 26 mm)', () => {
    const sectPr = elements(doc.document, 'w:sectPr');
    expect(sectPr).toHaveLength(1);
    const size = firstTag(sectPr[0], 'w:pgSz');
    expect(attr(size, 'w:w')).toBe('11906');
    expect(attr(size, 'w:h')).toBe('16838');
    expect(attr(size, 'w:orient') ?? 'portrait').toBe('portrait');
    const margin = firstTag(sectPr[0], 'w:pgMar');
    expect(Number(attr(margin, 'w:top'))).toBe(twips(37));
    expect(Number(attr(margin, 'w:bottom'))).toBe(twips(35));
    expect(Number(attr(margin, 'w:left'))).toBe(twips(28));
    expect(Number(attr(margin, 'w:right'))).toBe(twips(26));
    // The type area GB/T 9704 asks for: 156 mm × 225 mm.
    expect(11906 - twips(28) - twips(26)).toBeCloseTo(twips(156), -1);
    expect(16838 - twips(37) - twips(35)).toBeCloseTo(twips(225), -1);
  });

  it('has the title, every heading and every paragraph, in order, as given', () => {
    expect(doc.paras.map((p) => p.text)).toEqual(textsOf(ZH_NARRATIVE));
  });

  it('takes text literally: formulas, field names, XML and markup stay text, with no field in the body', () => {
    const texts = doc.paras.map((p) => p.text);
    for (const literal of LITERALS) expect(texts).toContain(literal);
    expect(texts).toContain('实际下达部门预算指标23765.94万元，使用13699.5万元，资金使用率57.64％。');
    expect(doc.paras.some((p) => p.runs.some((r) => r.field))).toBe(false);
    expect(doc.document).not.toMatch(/<w:(fldChar|instrText|fldSimple)[\s/>]/);
    // A tab stays a tab and a line break a line break, within one paragraph.
    expect(texts).toContain('第一行\t制表符后\n第二行');
    expect(doc.document).toMatch(/<w:tab\/>/);
    expect(doc.document).toMatch(/<w:br\/>/);
  });

  it('makes the title a Title paragraph and each heading a Word heading of its level', () => {
    const styleOf = new Map(doc.paras.map((p) => [p.text, p.style]));
    expect(styleOf.get(ZH_NARRATIVE.title)).toBe('Title');
    for (const section of ZH_NARRATIVE.sections) {
      expect(styleOf.get(section.heading)).toBe(`Heading${section.level}`);
    }
    for (const level of [1, 2, 3]) {
      const style = doc.styles.get(`Heading${level}`);
      expect(style.name?.toLowerCase()).toBe(`heading ${level}`);
      // An outline level, so the navigation pane lists the heading whichever client opens it.
      expect(doc.styles.paraProps(`Heading${level}`).outlineLevel).toBe(level - 1);
    }
  });

  it('sets body text in 三号仿宋 (16 pt, 仿宋_GB2312, Latin in Times New Roman), 28 pt exact, indented 2 characters', () => {
    const headings = new Set([ZH_NARRATIVE.title, ...ZH_NARRATIVE.sections.map((s) => s.heading)]);
    const body = doc.paras.filter((p) => !headings.has(p.text));
    expect(body).toHaveLength(ZH_NARRATIVE.sections.flatMap((s) => s.paragraphs).length);
    for (const p of body) {
      expect(p.style === undefined || p.style === 'Normal').toBe(true);
      expect(p.runs.length).toBeGreaterThan(0);
      for (const run of p.runs) {
        expect(doc.styles.runProps(p.style, run.rPr)).toMatchObject({
          eastAsia: '仿宋_GB2312',
          ascii: 'Times New Roman',
          hAnsi: 'Times New Roman',
          size: 32,
        });
        expect(doc.styles.runProps(p.style, run.rPr).bold ?? false).toBe(false);
      }
      expect(doc.styles.paraProps(p.style, p.pPr)).toMatchObject({
        line: 560,
        lineRule: 'exact',
        firstLineChars: 200,
        firstLine: 640,
        jc: 'both',
      });
    }
  });

  it('sets the title in 二号 bold 方正小标宋简体, centred, and the headings in 三号 黑体, 楷体 and bold 仿宋', () => {
    const title = doc.paras[0];
    expect(title.style).toBe('Title');
    expect(doc.styles.runProps('Title', title.runs[0].rPr)).toMatchObject({
      eastAsia: '方正小标宋简体',
      ascii: 'Times New Roman',
      size: 44,
      bold: true,
    });
    expect(doc.styles.paraProps('Title', title.pPr)).toMatchObject({ jc: 'center', firstLine: 0 });

    const expected = {
      1: { eastAsia: '黑体', bold: false },
      2: { eastAsia: '楷体_GB2312', bold: false },
      3: { eastAsia: '仿宋_GB2312', bold: true },
    } as const;
    for (const p of doc.paras.filter((q) => q.style?.startsWith('Heading'))) {
      const level = Number(p.style?.slice('Heading'.length)) as 1 | 2 | 3;
      for (const run of p.runs) {
        const props = doc.styles.runProps(p.style, run.rPr);
        expect(props).toMatchObject({
          eastAsia: expected[level].eastAsia,
          ascii: 'Times New Roman',
          size: 32,
        });
        expect(props.bold ?? false).toBe(expected[level].bold);
      }
      expect(doc.styles.paraProps(p.style, p.pPr)).toMatchObject({ line: 560, lineRule: 'exact' });
    }
  });

  it('names a font to use instead of each GB font a computer may lack, in the font table', () => {
    const fonts = new Map(
      elements(part(doc.parts, 'word/fontTable.xml'), 'w:font').map((f) => [
        attr(firstTag(f, 'w:font'), 'w:name'),
        {
          altName: attr(firstTag(f, 'w:altName'), 'w:val'),
          charset: attr(firstTag(f, 'w:charset'), 'w:val'),
        },
      ]),
    );
    expect(fonts.get('仿宋_GB2312')).toEqual({ altName: '仿宋', charset: '86' });
    expect(fonts.get('楷体_GB2312')).toEqual({ altName: '楷体', charset: '86' });
    expect(fonts.get('方正小标宋简体')).toEqual({ altName: '宋体', charset: '86' });
    // Every font the styles, the body and the footer name is in the table.
    const xml = ['word/styles.xml', 'word/document.xml', ...footerParts(doc.parts)].map((name) =>
      part(doc.parts, name),
    );
    const used = new Set(
      xml
        .flatMap((x) => elements(x, 'w:rFonts'))
        .flatMap((tag) =>
          ['w:eastAsia', 'w:ascii', 'w:hAnsi', 'w:cs']
            .map((a) => attr(tag, a))
            .filter((f) => f !== undefined),
        ),
    );
    expect(used).toContain('仿宋_GB2312');
    expect([...used].filter((font) => !fonts.has(font))).toEqual([]);
  });

  it('numbers pages “— 1 —” centred in the footer, in 四号宋体', () => {
    const footers = footerParts(doc.parts);
    expect(footers).toHaveLength(1);
    const [p] = paragraphs(part(doc.parts, footers[0]));
    expect(p.text).toBe('—  —');
    expect(p.runs.some((r) => r.field)).toBe(true);
    expect(part(doc.parts, footers[0])).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(doc.styles.paraProps(p.style, p.pPr).jc).toBe('center');
    expect(doc.styles.paraProps(p.style, p.pPr).firstLine ?? 0).toBe(0);
    for (const run of p.runs) {
      expect(doc.styles.runProps(p.style, run.rPr)).toMatchObject({
        eastAsia: '宋体',
        ascii: '宋体',
        size: 28,
      });
    }
    expect(firstTag(doc.document, 'w:footerReference')).toBeDefined();
  });

  it('gives the document its title in the document properties', () => {
    expect(part(doc.parts, 'docProps/core.xml')).toContain(`<dc:title>${ZH_NARRATIVE.title}</dc:title>`);
  });
});

describe('narrativeToDocx, en-US', () => {
  let doc: Read;
  beforeAll(async () => {
    doc = await read(EN_NARRATIVE);
  });

  it('has every text in order, headings as Word headings', () => {
    expect(doc.paras.map((p) => p.text)).toEqual(textsOf(EN_NARRATIVE));
    expect(doc.paras.map((p) => p.style)).toEqual([
      'Title',
      'Heading1',
      undefined,
      'Heading2',
      undefined,
      'Heading3',
      undefined,
      undefined,
    ]);
  });

  it('sets body text in 12 pt Times New Roman with normal spacing and no first-line indent', () => {
    for (const p of doc.paras.filter((q) => q.style === undefined)) {
      for (const run of p.runs) {
        expect(doc.styles.runProps(p.style, run.rPr)).toMatchObject({
          ascii: 'Times New Roman',
          hAnsi: 'Times New Roman',
          size: 24,
        });
      }
      const para = doc.styles.paraProps(p.style, p.pPr);
      expect(para.lineRule ?? 'auto').toBe('auto');
      expect(para.line ?? 240).toBe(240);
      expect(para.firstLine ?? 0).toBe(0);
      expect(para.firstLineChars ?? 0).toBe(0);
    }
  });

  it('sets the title and headings in bold Arial', () => {
    for (const p of doc.paras.filter((q) => q.style !== undefined)) {
      for (const run of p.runs) {
        expect(doc.styles.runProps(p.style, run.rPr)).toMatchObject({
          ascii: 'Arial',
          hAnsi: 'Arial',
          bold: true,
        });
      }
    }
  });

  it('keeps the A4 page and numbers pages with a bare number', () => {
    const size = firstTag(doc.document, 'w:pgSz');
    expect([attr(size, 'w:w'), attr(size, 'w:h')]).toEqual(['11906', '16838']);
    const [p] = paragraphs(part(doc.parts, footerParts(doc.parts)[0]));
    expect(p.text).toBe('');
    expect(p.runs.some((r) => r.field)).toBe(true);
  });
});

describe('narrativeToDocx, edge cases', () => {
  it('drops characters XML cannot hold and keeps the rest', async () => {
    const doc = await read({
      lang: 'zh-CN',
      title: '标题\u0007',
      sections: [
        { level: 1, heading: '一、\u0000概况', paragraphs: ['甲\u0001乙\u000B丙', '孤\uD800半', '𠀀扩展B'] },
      ],
    });
    expect(doc.paras.map((p) => p.text)).toEqual(['标题', '一、概况', '甲乙丙', '孤\uFFFD半', '𠀀扩展B']);
    expect(doc.document).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('leaves out an empty title and an empty heading, but keeps empty paragraphs', async () => {
    const doc = await read({
      lang: 'zh-CN',
      title: '  ',
      sections: [{ level: 2, heading: '', paragraphs: ['正文', ''] }],
    });
    expect(doc.paras.map((p) => [p.style, p.text])).toEqual([
      [undefined, '正文'],
      [undefined, ''],
    ]);
  });

  it('refuses a section level other than 1, 2 or 3 and an unknown language', async () => {
    const badLevel = { lang: 'zh-CN', title: 't', sections: [{ level: 4, heading: 'h', paragraphs: [] }] };
    await expect(narrativeToDocx(badLevel as unknown as Narrative)).rejects.toThrow(NarrativeDocxError);
    const badLang = { lang: 'fr-FR', title: 't', sections: [] };
    await expect(narrativeToDocx(badLang as unknown as Narrative)).rejects.toThrow(/language/);
  });
});

describe('writeNarrativeDocx', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'budget-review-docx-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the .docx, replacing a file already there, and leaves no temporary file', async () => {
    const file = path.join(dir, '2020年 自评报告.docx');
    await writeFile(file, 'old');
    await writeNarrativeDocx(ZH_NARRATIVE, file);
    const parts = await unzipDocx(await readFile(file));
    expect(paragraphs(part(parts, 'word/document.xml')).map((p) => p.text)).toEqual(textsOf(ZH_NARRATIVE));
    expect(await readdir(dir)).toEqual(['2020年 自评报告.docx']);
  });

  it('fails without leaving a temporary file, and leaves what was at the path as it was', async () => {
    const target = path.join(dir, 'report.docx');
    await mkdir(target);
    await writeFile(path.join(target, 'keep.txt'), 'kept');
    await expect(writeNarrativeDocx(ZH_NARRATIVE, target)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['report.docx']);
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('kept');

    await expect(writeNarrativeDocx(ZH_NARRATIVE, path.join(dir, 'missing', 'r.docx'))).rejects.toThrow(
      /ENOENT/,
    );
  });
});
