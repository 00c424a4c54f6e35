/**
 * The .xlsx host's style table: each named look of the write plan (`PlanStyle`) as exceljs formatting.
 * The Office.js host keeps its own table with the same looks; keep the two in step.
 */
import type ExcelJS from 'exceljs';
import type { PlanStyle } from '../../engine/plan-types';

/** The number format that keeps a cell text when the user edits it in Excel (built-in format 49). */
export const TEXT_FORMAT = '@';

/** The font of every generated cell, by plan language; a plan style changes only what it names. */
export const BASE_FONT: Record<'zh-CN' | 'en-US', Partial<ExcelJS.Font>> = {
  'zh-CN': { name: '宋体', size: 11 },
  'en-US': { name: 'Calibri', size: 11 },
};

/** How a link cell looks unless its plan style sets a font colour: Excel's Hyperlink style. */
export const LINK_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF0563C1' }, underline: true };

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };

function solid(argb: string): ExcelJS.FillPattern {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } };
}

/** One look: only the parts it sets; the writer merges them over the base font. */
export interface LookStyle {
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  border?: Partial<ExcelJS.Borders>;
  alignment?: Partial<ExcelJS.Alignment>;
}

export const PLAN_STYLES: Record<PlanStyle, LookStyle> = {
  title: {
    font: { bold: true, size: 14 },
    alignment: { horizontal: 'center', vertical: 'middle' },
  },
  header: {
    font: { bold: true },
    fill: solid('FFD9D9D9'),
    border: { top: THIN, left: THIN, bottom: THIN, right: THIN },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  },
  group: { font: { bold: true } },
  total: { font: { bold: true }, border: { top: THIN } },
  lowRate: { font: { color: { argb: 'FF9C0006' } }, fill: solid('FFFFC7CE') },
  error: { font: { color: { argb: 'FFC00000' } } },
  warning: { font: { color: { argb: 'FF9C5700' } } },
  info: { font: { color: { argb: 'FF1F4E79' } } },
  heading: { font: { bold: true, size: 12 } },
  paragraph: { alignment: { wrapText: true, vertical: 'top' } },
  note: { font: { italic: true, color: { argb: 'FF808080' } } },
};
