/**
 * What a cell's formula refers to. A stated figure that is a formula over other figures (结余 = G12 − H12,
 * 小计 = SUM(E6:E8)) follows them: when the correction model changes one of them, Excel would recompute it, so it is
 * not a second wrong cell but a consequence. And a SUM whose range leaves out rows of its group names them.
 */
import { columnIndex } from '../address';

export interface Reference {
  /** The sheet named in the reference, or undefined for the formula's own sheet. */
  sheet?: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const REF =
  /(?:(?:'((?:[^']|'')+)'|([^\s!'"(),+\-*/^&=<>:;{}[\]]+))!)?\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?/g;

const cache = new Map<string, Reference[]>();

/** The cell and range references of a formula (text inside string literals is skipped). */
export function references(formula: string): Reference[] {
  const hit = cache.get(formula);
  if (hit) return hit;
  const out: Reference[] = [];
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  for (const m of code.matchAll(REF)) {
    const at = m.index ?? 0;
    const before = at === 0 ? '' : code[at - 1];
    const after = code[at + m[0].length] ?? '';
    // Part of a longer name (a function such as LOG10(, a defined name): not a reference.
    if (/[A-Za-z0-9_.$]/.test(before) || /[A-Za-z0-9_(]/.test(after)) continue;
    const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
    const c1 = columnIndex(m[3]);
    const r1 = Number(m[4]) - 1;
    const c2 = m[5] ? columnIndex(m[5]) : c1;
    const r2 = m[6] ? Number(m[6]) - 1 : r1;
    if (c1 < 0 || c2 < 0 || r1 < 0 || r2 < 0) continue;
    out.push({
      ...(sheet !== undefined ? { sheet } : {}),
      top: Math.min(r1, r2),
      left: Math.min(c1, c2),
      bottom: Math.max(r1, r2),
      right: Math.max(c1, c2),
    });
  }
  if (cache.size > 5000) cache.clear();
  cache.set(formula, out);
  return out;
}

/** Whether a formula on `ownSheet` refers to the cell at (row, col) of `sheet`. */
export function refersTo(
  formula: string,
  ownSheet: string,
  sheet: string,
  row: number,
  col: number,
): boolean {
  for (const r of references(formula)) {
    const s = r.sheet ?? ownSheet;
    if (s.toLowerCase() !== sheet.toLowerCase()) continue;
    if (row >= r.top && row <= r.bottom && col >= r.left && col <= r.right) return true;
  }
  return false;
}
