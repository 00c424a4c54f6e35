/**
 * The Word export read by a real word processor: LibreOffice (headless) converts the .docx to plain text and to
 * flat ODF, and must find the same paragraphs in the same order, the headings as headings of their levels, the
 * page and margins, and the fonts and spacing of body and headings.
 *
 * A real-client test (run by `npm run test:e2e`): needs LibreOffice (`soffice`, or `SOFFICE` naming it), and fails
 * with the package to install when it is missing.
 */
import { execFile } from 'child_process';
import { existsSync } from 'fs';
import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Narrative } from '../../../src/engine/narrative/types';
import { narrativeToDocx } from '../../../src/hosts/docx';
import { requireSoffice } from '../../support/libreoffice';
import { EN_NARRATIVE, textsOf, ZH_NARRATIVE } from './fixture';
import { attr, decodeXml, elements, firstTag } from './ooxml';

let dir: string;
let soffice: string;

/** Converts the narrative's .docx with LibreOffice to the given filter's format, and returns the file's text. */
async function convert(narrative: Narrative, name: string, format: string, ext: string): Promise<string> {
  const docx = path.join(dir, `${name}.docx`);
  await writeFile(docx, await narrativeToDocx(narrative));
  const outDir = path.join(dir, 'out');
  const args = [
    `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
    '--headless',
    '--norestore',
    '--convert-to',
    format,
    '--outdir',
    outDir,
    docx,
  ];
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(soffice, args, { timeout: 120_000 }, (error, out, err) =>
      error
        ? reject(new Error(`soffice failed: ${error.message}\n${err}`))
        : resolve({ stdout: out, stderr: err }),
    );
  });
  const file = path.join(outDir, `${name}.${ext}`);
  // soffice exits 0 even when it could not load or convert the file.
  if (!existsSync(file)) throw new Error(`soffice wrote no ${file}\nstdout: ${stdout}\nstderr: ${stderr}`);
  return readFile(file, 'utf8');
}

/** Plain text as LibreOffice writes it: one line a paragraph (a line break in a paragraph is a line too). */
const linesOf = (text: string): string[] =>
  text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n$/, '')
    .split('\n');

const expectedLines = (narrative: Narrative): string[] => textsOf(narrative).join('\n').split('\n');

/** A length in ODF (e.g. "0.389in", "2.8cm", "16pt") in points. */
function points(length: string | undefined): number {
  const m = /^(-?[\d.]+)(in|cm|mm|pt)$/.exec(length ?? '');
  if (!m) throw new Error(`not a length: ${length}`);
  const perUnit = { in: 72, cm: 72 / 2.54, mm: 72 / 25.4, pt: 1 }[m[2] as 'in' | 'cm' | 'mm' | 'pt'];
  return Number(m[1]) * perUnit;
}

const mm = (length: string | undefined): number => (points(length) * 25.4) / 72;

/** The text of an ODF element, with <text:s text:c="n"/> as n spaces, <text:tab/> as a tab, and tags dropped. */
function odfText(xml: string): string {
  return decodeXml(
    xml
      .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, n: string | undefined) =>
        ' '.repeat(Number(n ?? 1)),
      )
      .replace(/<text:tab\s*\/>/g, '\t')
      .replace(/<text:line-break\s*\/>/g, '\n')
      .replace(/<[^>]+>/g, ''),
  );
}

/** The properties of a paragraph style in a flat ODF document. */
function odfStyle(fodt: string, name: string): { paragraph: string; text: string } {
  const style = elements(fodt, 'style:style').find(
    (s) => attr(firstTag(s, 'style:style'), 'style:name') === name,
  );
  if (!style) throw new Error(`no style ${name} in the flat ODF`);
  return {
    paragraph: firstTag(style, 'style:paragraph-properties') ?? '',
    text: firstTag(style, 'style:text-properties') ?? '',
  };
}

describe('the Word export read by LibreOffice', () => {
  let zhText: string;
  let enText: string;
  let fodt: string;

  beforeAll(async () => {
    soffice = requireSoffice();
    dir = await mkdtemp(path.join(tmpdir(), 'budget-review-docx-lo-'));
    // One at a time: LibreOffice instances sharing a profile don't run side by side.
    zhText = await convert(ZH_NARRATIVE, 'zh', 'txt:Text (encoded):UTF8', 'txt');
    enText = await convert(EN_NARRATIVE, 'en', 'txt:Text (encoded):UTF8', 'txt');
    fodt = await convert(ZH_NARRATIVE, 'zh', 'fodt', 'fodt');
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads every paragraph, in order, with the text as written', () => {
    expect(linesOf(zhText)).toEqual(expectedLines(ZH_NARRATIVE));
    expect(linesOf(enText)).toEqual(expectedLines(EN_NARRATIVE));
  });

  it('reads the headings as headings of their levels', () => {
    const headings = elements(fodt, 'text:h').map((h) => [
      Number(attr(firstTag(h, 'text:h'), 'text:outline-level')),
      odfText(h),
    ]);
    expect(headings).toEqual(ZH_NARRATIVE.sections.map((s) => [s.level, s.heading]));
  });

  it('reads an A4 page with margins of 37 mm at the top and 28 and 26 mm at the sides', () => {
    const layout = elements(fodt, 'style:page-layout-properties')
      .map((tag) => firstTag(tag, 'style:page-layout-properties'))
      .find((tag) => attr(tag, 'fo:page-width') !== undefined);
    expect(mm(attr(layout, 'fo:page-width'))).toBeCloseTo(210, 0);
    expect(mm(attr(layout, 'fo:page-height'))).toBeCloseTo(297, 0);
    expect(mm(attr(layout, 'fo:margin-top'))).toBeCloseTo(37, 0);
    expect(mm(attr(layout, 'fo:margin-left'))).toBeCloseTo(28, 0);
    expect(mm(attr(layout, 'fo:margin-right'))).toBeCloseTo(26, 0);
    // LibreOffice counts the footer into the bottom margin, so the page's foot isn't compared here.
  });

  it('reads body text as 16 pt 仿宋_GB2312, 28 pt lines, indented 32 pt, and the headings in their fonts', () => {
    const body = odfStyle(fodt, 'Standard');
    expect(attr(body.text, 'style:font-name-asian')).toBe('仿宋_GB2312');
    expect(points(attr(body.text, 'style:font-size-asian'))).toBeCloseTo(16, 1);
    expect(attr(body.text, 'style:font-name')).toBe('Times New Roman');
    expect(points(attr(body.paragraph, 'fo:line-height'))).toBeCloseTo(28, 0);
    expect(points(attr(body.paragraph, 'fo:text-indent'))).toBeCloseTo(32, 0);

    expect(attr(odfStyle(fodt, 'Title').text, 'style:font-name-asian')).toBe('方正小标宋简体');
    expect(points(attr(odfStyle(fodt, 'Title').text, 'style:font-size-asian'))).toBeCloseTo(22, 1);
    expect(attr(odfStyle(fodt, 'Heading_20_1').text, 'style:font-name-asian')).toBe('黑体');
    expect(attr(odfStyle(fodt, 'Heading_20_2').text, 'style:font-name-asian')).toBe('楷体_GB2312');
    expect(attr(odfStyle(fodt, 'Heading_20_3').text, 'style:font-name-asian')).toBe('仿宋_GB2312');
    expect(attr(odfStyle(fodt, 'Heading_20_3').text, 'style:font-weight-asian')).toBe('bold');
  });
});
