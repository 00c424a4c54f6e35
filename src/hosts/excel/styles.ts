/**
 * The Office.js host's style table: each named look of the write plan (`PlanStyle`) as Excel formatting. The .xlsx
 * host keeps its own table with the same looks (src/hosts/xlsx/styles.ts); keep the two in step.
 */
import type { PlanStyle } from '../../engine/plan-types';
import type {
  BorderLineStyle,
  BorderWeight,
  FontUnderline,
  HorizontalAlignment,
  VerticalAlignment,
} from './api';

/** One look: only what it sets. Colours are `#RRGGBB`. */
export interface Look {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  underline?: FontUnderline;
  fill?: string;
  horizontal?: HorizontalAlignment;
  vertical?: VerticalAlignment;
  wrap?: boolean;
  /** `all`: every edge of every cell; `top`: the top edge of every cell. */
  border?: { edges: 'all' | 'top'; style: BorderLineStyle; weight: BorderWeight; color: string };
}

/** The font of every generated cell, by plan language; a look changes only what it names. */
export const BASE_FONT: Record<'zh-CN' | 'en-US', { name: string; size: number }> = {
  'zh-CN': { name: '宋体', size: 11 },
  'en-US': { name: 'Calibri', size: 11 },
};

/** How a link cell looks unless its plan style sets a font colour: Excel's Hyperlink style. */
export const LINK_LOOK: Look = { color: '#0563C1', underline: 'Single' };

const THIN_GREY = { style: 'Continuous', weight: 'Thin', color: '#808080' } as const;

export const PLAN_LOOKS: Record<PlanStyle, Look> = {
  title: { bold: true, size: 14, horizontal: 'Center', vertical: 'Center' },
  header: {
    bold: true,
    fill: '#D9D9D9',
    border: { edges: 'all', ...THIN_GREY },
    horizontal: 'Center',
    vertical: 'Center',
    wrap: true,
  },
  group: { bold: true },
  total: { bold: true, border: { edges: 'top', ...THIN_GREY } },
  lowRate: { color: '#9C0006', fill: '#FFC7CE' },
  error: { color: '#C00000' },
  warning: { color: '#9C5700' },
  info: { color: '#1F4E79' },
  heading: { bold: true, size: 12 },
  paragraph: { wrap: true, vertical: 'Top' },
  note: { italic: true, color: '#808080' },
};

/** The look of a plan cell: its style over the link look for a link. */
export function lookOf(style: PlanStyle | undefined, link: boolean): Look | undefined {
  const planned = style === undefined ? undefined : PLAN_LOOKS[style];
  if (!link) return planned;
  return { ...LINK_LOOK, ...planned };
}

/** How many formatting operations applying a look to one range takes (for request-size estimates). */
export function lookOperations(look: Look): number {
  let n = 0;
  for (const key of [
    'bold',
    'italic',
    'size',
    'color',
    'underline',
    'fill',
    'horizontal',
    'vertical',
    'wrap',
  ] as const) {
    if (look[key] !== undefined) n++;
  }
  if (look.border) n += 3 * (look.border.edges === 'all' ? 6 : 2);
  return n;
}

/**
 * Column width in characters → points (as `RangeFormat.columnWidth` takes it). The plan's widths are what the .xlsx
 * host hands exceljs as `column.width`, which is the width the file stores (`<col width>`, padding included), so
 * this uses Excel's rule for turning that into pixels, for a font whose widest digit is 7 px (Calibri 11, and 等线
 * 11, zh-CN Excel's default): pixels = trunc((256 × w + trunc(128 / 7)) / 256 × 7); points = pixels × 72 / 96.
 * So 18 → 126 px → 94.5 pt, and Excel's default 9.140625 (shown as "8.43") → 64 px → 48 pt.
 */
export function charsToPoints(chars: number): number {
  if (chars <= 0) return 0;
  const pixels = Math.trunc(((256 * chars + Math.trunc(128 / 7)) / 256) * 7);
  return (pixels * 72) / 96;
}
