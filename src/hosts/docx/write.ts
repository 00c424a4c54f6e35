/**
 * The Word export: a narrative as a .docx, headings as Word headings (so the navigation pane lists them) and
 * paragraphs as body text, laid out as layout.ts says for the narrative's language.
 *
 * Text is written literally: every string goes into a run's text (never into the `docx` package's `children`
 * strings, where "CURRENT" or "TOTAL_PAGES" would become a page-number field), XML escaping is the package's, a
 * line break in a string becomes a line break and a tab a tab, and characters XML can't hold are dropped.
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  TextRun,
} from 'docx';
import type { IParagraphStylePropertiesOptions, IRunStylePropertiesOptions } from 'docx';
import type { Narrative } from '../../engine/narrative/types';
import { writeBytesAtomically } from '../files';
import { EN_US, FONT_TABLE, ZH_CN } from './layout';
import type { FontTableEntry, Layout, Spacing, TextStyle } from './layout';

/** Characters XML 1.0 can't hold (controls other than tab, line feed and carriage return; U+FFFE, U+FFFF). */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** A surrogate without its other half, which UTF-8 can't encode. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text as a Word document can hold it: invalid characters dropped, a lone surrogate made U+FFFD. */
export function xmlSafeText(text: string): string {
  return text.replace(XML_INVALID, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** The runs of a literal text: one per piece between tabs and line breaks. */
function runsOf(text: string): TextRun[] {
  const runs: TextRun[] = [];
  xmlSafeText(text)
    .split(/\r\n|\r|\n/)
    .forEach((line, lineIndex) => {
      line.split('\t').forEach((piece, pieceIndex) => {
        const br = lineIndex > 0 && pieceIndex === 0 ? 1 : undefined;
        if (pieceIndex > 0) runs.push(new TextRun({ children: [new Tab()] }));
        if (piece !== '' || br !== undefined || runs.length === 0)
          runs.push(new TextRun({ text: piece, break: br }));
      });
    });
  return runs;
}

function runProperties(style: TextStyle, layout: Layout): IRunStylePropertiesOptions {
  const { eastAsia, latin } = style.font;
  return {
    font: { ascii: latin, hAnsi: latin, cs: latin, eastAsia },
    size: style.size,
    sizeComplexScript: style.size,
    bold: style.bold,
    boldComplexScript: style.bold,
    language: { value: layout.language.latin, eastAsia: layout.language.eastAsia },
  };
}

function spacingOf(spacing: Spacing): IParagraphStylePropertiesOptions['spacing'] {
  return {
    line: spacing.line,
    lineRule: spacing.exact ? LineRuleType.EXACT : LineRuleType.AUTO,
    before: spacing.before,
    after: spacing.after,
  };
}

function indentOf(layout: Layout): IParagraphStylePropertiesOptions['indent'] {
  return layout.indent
    ? { firstLine: layout.indent.twips, firstLineChars: layout.indent.chars }
    : { firstLine: 0, firstLineChars: 0 };
}

const NO_INDENT = { firstLine: 0, firstLineChars: 0 };

function headingStyle(layout: Layout, level: 1 | 2 | 3) {
  const style = layout.headings[level];
  return {
    run: runProperties(style, layout),
    paragraph: {
      spacing: spacingOf(style.spacing),
      indent: indentOf(layout),
      alignment: AlignmentType.LEFT,
      keepNext: true,
      keepLines: true,
      outlineLevel: level - 1,
    },
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** word/fontTable.xml: each font with its substitute, character set, family and pitch. */
export function fontTableXml(fonts: readonly FontTableEntry[] = FONT_TABLE): string {
  const entries = fonts.map(
    (f) =>
      `<w:font w:name="${escapeXml(f.name)}">` +
      (f.altName ? `<w:altName w:val="${escapeXml(f.altName)}"/>` : '') +
      `<w:panose1 w:val="${f.panose}"/><w:charset w:val="${f.charset}"/>` +
      `<w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries.join('') +
    '</w:fonts>'
  );
}

export class NarrativeDocxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NarrativeDocxError';
  }
}

function layoutOf(narrative: Narrative): Layout {
  if (narrative.lang === 'zh-CN') return ZH_CN;
  if (narrative.lang === 'en-US') return EN_US;
  throw new NarrativeDocxError(`unknown narrative language: ${String(narrative.lang)}`);
}

const HEADING = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function buildDocument(narrative: Narrative): Document {
  const layout = layoutOf(narrative);
  const children: Paragraph[] = [];
  if (narrative.title.trim() !== '') {
    children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: runsOf(narrative.title) }));
  }
  narrative.sections.forEach((section, i) => {
    if (section.level !== 1 && section.level !== 2 && section.level !== 3) {
      throw new NarrativeDocxError(`section ${i} has level ${String(section.level)}; a level is 1, 2 or 3`);
    }
    // A section without a heading adds its paragraphs only: an empty heading would be an empty line.
    if (section.heading.trim() !== '') {
      children.push(new Paragraph({ heading: HEADING[section.level], children: runsOf(section.heading) }));
    }
    for (const text of section.paragraphs) children.push(new Paragraph({ children: runsOf(text) }));
  });

  const { page, pageNumber } = layout;
  const pageNumberRun = runProperties(pageNumber, layout);
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        indent: NO_INDENT,
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
        children: [
          ...(pageNumber.before ? [new TextRun({ ...pageNumberRun, text: pageNumber.before })] : []),
          new TextRun({ ...pageNumberRun, children: [PageNumber.CURRENT] }),
          ...(pageNumber.after ? [new TextRun({ ...pageNumberRun, text: pageNumber.after })] : []),
        ],
      }),
    ],
  });

  const body = layout.body;
  return new Document({
    title: xmlSafeText(narrative.title),
    creator: 'Budget Review',
    lastModifiedBy: 'Budget Review',
    styles: {
      default: {
        document: {
          run: runProperties(body, layout),
          paragraph: { spacing: { before: 0, after: 0 } },
        },
        title: {
          run: runProperties(layout.title, layout),
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: spacingOf(layout.title.spacing),
            indent: NO_INDENT,
            keepNext: true,
          },
        },
        heading1: headingStyle(layout, 1),
        heading2: headingStyle(layout, 2),
        heading3: headingStyle(layout, 3),
      },
      paragraphStyles: [
        {
          id: 'Normal',
          name: 'Normal',
          quickFormat: true,
          run: runProperties(body, layout),
          paragraph: {
            alignment: body.justify ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
            spacing: spacingOf(body.spacing),
            indent: indentOf(layout),
          },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: page.width, height: page.height, orientation: PageOrientation.PORTRAIT },
            margin: { ...page.margin, gutter: 0 },
          },
        },
        footers: { default: footer },
        children,
      },
    ],
  });
}

/** The narrative as the bytes of a .docx file. */
export async function narrativeToDocx(narrative: Narrative): Promise<Buffer> {
  const doc = buildDocument(narrative);
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}

/**
 * Writes the narrative as a .docx at `file`: into a temporary file beside it, flushed, then renamed over it, so the
 * file is never seen half written and an existing file is left as it was if writing fails (files.ts; the temporary
 * files of a killed earlier run are removed first). A failure to write rejects with {@link OutputFileError}.
 */
export async function writeNarrativeDocx(narrative: Narrative, file: string): Promise<void> {
  const bytes = await narrativeToDocx(narrative);
  await writeBytesAtomically(file, bytes);
}
