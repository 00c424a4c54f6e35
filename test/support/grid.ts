import type { Cell, Sheet, Workbook } from '../../src/engine/grid';

export type Input = string | number | null | undefined | Cell;

/** A cell from shorthand: numbers and strings as values, `{ v, fmt }` as given. */
export function cell(x: Input): Cell | null {
  if (x === null || x === undefined) return null;
  if (typeof x === 'object') return x;
  return { v: x };
}

/** A percentage stored as a fraction with a `0.00%` format. */
export function pct(fraction: number, fmt = '0.00%'): Cell {
  return { v: fraction, fmt };
}

export function sheet(name: string, rows: Input[][], extra: Partial<Sheet> = {}): Sheet {
  return { name, rows: rows.map((r) => r.map(cell)), ...extra };
}

export function book(...sheets: Sheet[]): Workbook {
  return { name: 'test.xlsx', sheets };
}
