/**
 * Checks a generated sheet in the simulated Excel host cell by cell against the write plan: content (text stays the
 * exact text, numbers are numbers, formulas are the plan's formulas and compute to the engine's cached results,
 * links), number formats, looks, widths, frozen panes and merges.
 */
import { a1, columnLetter } from '../../../src/engine/grid';
import type { PlanCell, PlanSheet, PlanStyle, WritePlan } from '../../../src/engine/plan-types';
import { charsToPoints } from '../../../src/hosts/excel';
import type { CellInfo, ExcelSimulator } from '../../support/excel-sim';

/** The looks as the brief for both hosts states them (not the host's own table: an independent statement). */
export const EXPECTED_LOOKS: Record<PlanStyle, Partial<CellInfo>> = {
  title: { bold: true, fontSize: 14 },
  header: { bold: true, fill: '#D9D9D9' },
  group: { bold: true },
  total: { bold: true },
  lowRate: { fill: '#FFC7CE', fontColor: '#9C0006' },
  error: { fontColor: '#C00000' },
  warning: { fontColor: '#9C5700' },
  info: { fontColor: '#1F4E79' },
  heading: { bold: true, fontSize: 12 },
  paragraph: { wrapText: true },
  note: { italic: true, fontColor: '#808080' },
};

const BASE_FONT = { 'zh-CN': '宋体', 'en-US': 'Calibri' } as const;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/** What is wrong with one cell, or null. */
function cellProblem(cell: PlanCell | null, info: CellInfo): string | null {
  if (cell === null) {
    return info.value === null && info.formula === undefined
      ? null
      : `expected empty, got ${JSON.stringify(info)}`;
  }
  switch (cell.kind) {
    case 'text':
      if (info.value !== cell.text || info.formula !== undefined || info.error !== undefined) {
        return `text ${JSON.stringify(cell.text)} became ${JSON.stringify({ v: info.value, f: info.formula, e: info.error })}`;
      }
      if (info.numberFormat !== '@') return `text cell format ${info.numberFormat}`;
      return null;
    case 'number':
      if (
        typeof info.value !== 'number' ||
        !close(info.value, Number(cell.value)) ||
        info.formula !== undefined
      ) {
        return `number ${cell.value} became ${JSON.stringify(info.value)}`;
      }
      if (info.numberFormat !== (cell.format ?? 'General')) return `number format ${info.numberFormat}`;
      return null;
    case 'formula': {
      if (info.formula !== `=${cell.formula}`)
        return `formula ${cell.formula} became ${String(info.formula)}`;
      if (info.numberFormat !== (cell.format ?? 'General')) return `formula format ${info.numberFormat}`;
      if (cell.cached === null) return null;
      if (cell.cachedType === 'number') {
        const ok = typeof info.value === 'number' && close(info.value, Number(cell.cached));
        return ok
          ? null
          : `=${cell.formula} computes ${JSON.stringify(info.value)}, the plan caches ${cell.cached}`;
      }
      return info.value === cell.cached ? null : `=${cell.formula} computes ${JSON.stringify(info.value)}`;
    }
    case 'link': {
      const text = cell.text === '' ? `${cell.sheet}!${cell.cell}` : cell.text;
      if (info.value !== text || info.formula !== undefined)
        return `link text became ${JSON.stringify(info.value)}`;
      const ref = `'${cell.sheet.replace(/'/g, "''")}'!${cell.cell}`;
      if (info.hyperlink?.documentReference !== ref) {
        return `link to ${JSON.stringify(info.hyperlink?.documentReference)}, expected ${ref}`;
      }
      if (info.fontColor !== '#0563C1' && cell.style === undefined) return `link colour ${info.fontColor}`;
      return null;
    }
    default:
      return 'unknown kind';
  }
}

function lookProblem(cell: PlanCell, info: CellInfo, lang: WritePlan['lang'], wrap: boolean): string | null {
  const expected: Partial<CellInfo> = {
    fontName: BASE_FONT[lang],
    ...(wrap ? { wrapText: true } : {}),
    ...(cell.style ? EXPECTED_LOOKS[cell.style] : {}),
  };
  for (const [key, value] of Object.entries(expected)) {
    const got = (info as unknown as Record<string, unknown>)[key];
    if (got !== value)
      return `${key} ${JSON.stringify(got)}, expected ${JSON.stringify(value)} (${cell.style ?? 'no style'})`;
  }
  if (
    cell.style === 'header' &&
    !(info.borders.top && info.borders.bottom && info.borders.left && info.borders.right)
  ) {
    return 'header without borders';
  }
  if (cell.style === 'total' && !info.borders.top) return 'total without a top border';
  return null;
}

/** Every difference between a sheet in the simulator and its plan (at most `limit`). */
export function sheetProblems(
  sim: ExcelSimulator,
  sheet: PlanSheet,
  lang: WritePlan['lang'],
  options: { indents: boolean; limit?: number },
): string[] {
  const limit = options.limit ?? 20;
  const out: string[] = [];
  const wrap = new Set(sheet.wrapColumns);
  for (let r = 0; r < sheet.rows.length && out.length < limit; r++) {
    const row = sheet.rows[r];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      const address = a1(r, c);
      const info = sim.cell(sheet.name, address);
      const problem = cellProblem(cell, info) ?? (cell ? lookProblem(cell, info, lang, wrap.has(c)) : null);
      if (problem) out.push(`${sheet.name}!${address}: ${problem}`);
      if (cell?.kind === 'text' && cell.indent) {
        const want = options.indents ? cell.indent : 0;
        if (info.indentLevel !== want)
          out.push(`${sheet.name}!${address}: indent ${info.indentLevel}, expected ${want}`);
      }
    }
  }
  sheet.widths.forEach((w, c) => {
    const got = sim.columnWidth(sheet.name, c);
    if (got !== charsToPoints(w))
      out.push(`${sheet.name} column ${columnLetter(c)}: width ${got} pt for ${w} chars`);
  });
  const freeze = sheet.freeze && (sheet.freeze.rows > 0 || sheet.freeze.columns > 0) ? sheet.freeze : null;
  const gotFreeze = sim.freeze(sheet.name);
  if (JSON.stringify(gotFreeze) !== JSON.stringify(freeze)) {
    out.push(`${sheet.name}: frozen ${JSON.stringify(gotFreeze)}, expected ${JSON.stringify(freeze)}`);
  }
  const merges = sheet.merges.filter((m) => m.bottom > m.top || m.right > m.left);
  const key = (m: { top: number; left: number; bottom: number; right: number }): string =>
    `${m.top},${m.left},${m.bottom},${m.right}`;
  const got = sim.merges(sheet.name).map(key).sort();
  if (JSON.stringify(got) !== JSON.stringify(merges.map(key).sort()))
    out.push(`${sheet.name}: merges ${got.join(' ')}`);
  return out.slice(0, limit);
}
