/**
 * The look of the exported report, per language: the page, and the fonts, sizes and spacing of the title, the
 * three heading levels, the body and the page number.
 *
 * zh-CN follows 党政机关公文格式 (GB/T 9704-2012) as far as a narrative needs it: A4, margins that give the
 * 156 mm × 225 mm type area, 二号小标宋 title, 三号 黑体 / 楷体 / 仿宋 headings, 三号仿宋 body with a
 * two-character first-line indent and 28 pt fixed line spacing, and the page number as “— 1 —” in 四号宋体.
 * Latin letters and digits are set in Times New Roman.
 */

/** Twips (1/20 pt) in a millimetre: 1440 twips an inch, 25.4 mm an inch. */
const twipsOfMillimetres = (mm: number): number => Math.round((mm * 1440) / 25.4);

/** Fonts of a run: the East Asian font and the font for Latin letters and digits (ascii, hAnsi and cs). */
export interface FontPair {
  eastAsia: string;
  latin: string;
}

export interface TextStyle {
  font: FontPair;
  /** In half-points, as Word keeps it (w:sz): 32 is 16 pt. */
  size: number;
  bold: boolean;
}

export interface Spacing {
  /** Line height in twips: exact when `exact`, else in 240ths of a line (240 is single). */
  line: number;
  exact: boolean;
  before: number;
  after: number;
}

export interface Layout {
  page: {
    width: number;
    height: number;
    margin: { top: number; bottom: number; left: number; right: number; header: number; footer: number };
  };
  title: TextStyle & { spacing: Spacing };
  headings: Record<1 | 2 | 3, TextStyle & { spacing: Spacing }>;
  body: TextStyle & { spacing: Spacing; justify: boolean };
  /** The first-line indent of body and headings: in hundredths of a character (Word's firstLineChars) and in twips. */
  indent: { chars: number; twips: number } | null;
  pageNumber: TextStyle & { before: string; after: string };
  /** The run language (w:lang): Latin text and East Asian text. */
  language: { latin: string; eastAsia: string };
}

/** A4 portrait, in twips. */
const A4 = { width: 11906, height: 16838 };

const TIMES = 'Times New Roman';

/** The fonts that GB/T 9704 names, and what Word and LibreOffice are told to use where one isn't installed. */
export const ZH_FONTS = {
  title: '方正小标宋简体',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  fangsong: '仿宋_GB2312',
  songti: '宋体',
} as const;

const zhExact: Spacing = { line: 560, exact: true, before: 0, after: 0 };

export const ZH_CN: Layout = {
  page: {
    ...A4,
    margin: {
      top: twipsOfMillimetres(37),
      bottom: twipsOfMillimetres(35),
      left: twipsOfMillimetres(28),
      right: twipsOfMillimetres(26),
      header: twipsOfMillimetres(15),
      // The page number sits about 7 mm below the type area, whose foot is 35 mm above the page's edge.
      footer: twipsOfMillimetres(24),
    },
  },
  // Single spacing, so a title that runs to two lines isn't clipped; one 28 pt line of space below it.
  title: {
    font: { eastAsia: ZH_FONTS.title, latin: TIMES },
    size: 44,
    bold: true,
    spacing: { line: 240, exact: false, before: 0, after: 560 },
  },
  headings: {
    1: { font: { eastAsia: ZH_FONTS.heiti, latin: TIMES }, size: 32, bold: false, spacing: zhExact },
    2: { font: { eastAsia: ZH_FONTS.kaiti, latin: TIMES }, size: 32, bold: false, spacing: zhExact },
    3: { font: { eastAsia: ZH_FONTS.fangsong, latin: TIMES }, size: 32, bold: true, spacing: zhExact },
  },
  body: {
    font: { eastAsia: ZH_FONTS.fangsong, latin: TIMES },
    size: 32,
    bold: false,
    spacing: zhExact,
    justify: true,
  },
  // Two characters of 16 pt: 32 pt.
  indent: { chars: 200, twips: 640 },
  pageNumber: {
    font: { eastAsia: ZH_FONTS.songti, latin: ZH_FONTS.songti },
    size: 28,
    bold: false,
    before: '— ',
    after: ' —',
  },
  language: { latin: 'en-US', eastAsia: 'zh-CN' },
};

const ARIAL = 'Arial';
const enSingle = (before: number, after: number): Spacing => ({ line: 240, exact: false, before, after });

export const EN_US: Layout = {
  page: ZH_CN.page,
  title: {
    font: { eastAsia: ZH_FONTS.songti, latin: ARIAL },
    size: 32,
    bold: true,
    spacing: enSingle(0, 240),
  },
  headings: {
    1: {
      font: { eastAsia: ZH_FONTS.heiti, latin: ARIAL },
      size: 28,
      bold: true,
      spacing: enSingle(240, 120),
    },
    2: { font: { eastAsia: ZH_FONTS.heiti, latin: ARIAL }, size: 26, bold: true, spacing: enSingle(200, 80) },
    3: { font: { eastAsia: ZH_FONTS.heiti, latin: ARIAL }, size: 24, bold: true, spacing: enSingle(160, 80) },
  },
  body: {
    font: { eastAsia: ZH_FONTS.songti, latin: TIMES },
    size: 24,
    bold: false,
    spacing: enSingle(0, 120),
    justify: false,
  },
  indent: null,
  pageNumber: {
    font: { eastAsia: ZH_FONTS.songti, latin: TIMES },
    size: 20,
    bold: false,
    before: '',
    after: '',
  },
  language: { latin: 'en-US', eastAsia: 'zh-CN' },
};

/**
 * The font table (word/fontTable.xml) entries for the fonts the layouts use. For a font that may be missing
 * (仿宋_GB2312 and 楷体_GB2312 aren't on Windows 10 and later; 方正小标宋简体 is a commercial font), `altName`
 * names the font to use instead, and the character set and PANOSE lead Word's substitution to a font of the same
 * kind.
 */
export interface FontTableEntry {
  name: string;
  altName?: string;
  panose: string;
  charset: string;
  family: 'roman' | 'swiss' | 'modern' | 'auto';
  pitch: 'fixed' | 'variable';
}

const gbFont = (name: string, altName: string, panose: string): FontTableEntry => ({
  name,
  altName,
  panose,
  charset: '86',
  family: 'modern',
  pitch: 'fixed',
});

export const FONT_TABLE: readonly FontTableEntry[] = [
  { name: TIMES, panose: '02020603050405020304', charset: '00', family: 'roman', pitch: 'variable' },
  { name: ARIAL, panose: '020B0604020202020204', charset: '00', family: 'swiss', pitch: 'variable' },
  {
    name: ZH_FONTS.songti,
    altName: 'SimSun',
    panose: '02010600030101010101',
    charset: '86',
    family: 'auto',
    pitch: 'variable',
  },
  gbFont(ZH_FONTS.heiti, 'SimHei', '02010609060101010101'),
  gbFont('仿宋', 'FangSong', '02010609060101010101'),
  gbFont('楷体', 'KaiTi', '02010609060101010101'),
  gbFont(ZH_FONTS.fangsong, '仿宋', '02010609030101010101'),
  gbFont(ZH_FONTS.kaiti, '楷体', '02010609030101010101'),
  {
    name: ZH_FONTS.title,
    altName: ZH_FONTS.songti,
    panose: '02010600030101010101',
    charset: '86',
    family: 'auto',
    pitch: 'variable',
  },
];
