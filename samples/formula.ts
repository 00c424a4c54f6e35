/**
 * A small exact evaluator for the sample workbook's formulas, so that every formula cell is written with the
 * cached value Excel would show, computed in decimal arithmetic (never binary floating point).
 *
 * It understands what the sample uses and nothing more: numbers, + − × ÷, parentheses, unary minus, cell
 * references (`G12`, `'凯乐微谷补贴'!B6`) and SUM over a range (`SUM(E6:E8)`). Blank cells count as 0.
 */
import Decimal from 'decimal.js';

/** An exact decimal type of our own, so that the global decimal.js settings are never touched. */
export const Dx = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** What a cell holds, as the evaluator needs it: a number, a formula, text or nothing. */
export type EvalCell = { number: string } | { formula: string } | { text: string } | null;

/** Looks a cell up by sheet name and A1 address. */
export type CellLookup = (sheet: string, address: string) => EvalCell;

/** Evaluates formulas of one workbook, remembering each result. */
export class FormulaEvaluator {
  private readonly memo = new Map<string, Decimal>();
  private readonly active = new Set<string>();

  constructor(private readonly lookup: CellLookup) {}

  /** The value of a cell: its number, its formula's result, or 0 when blank. Text in arithmetic is an error. */
  valueOf(sheet: string, address: string): Decimal {
    const key = `${sheet}!${address}`;
    const known = this.memo.get(key);
    if (known) return known;
    const cell = this.lookup(sheet, address);
    let value: Decimal;
    if (cell === null) value = new Dx(0);
    else if ('number' in cell) value = new Dx(cell.number);
    else if ('text' in cell) throw new Error(`${key}: text "${cell.text}" used in arithmetic`);
    else {
      if (this.active.has(key)) throw new Error(`${key}: circular reference`);
      this.active.add(key);
      value = this.evaluate(sheet, cell.formula);
      this.active.delete(key);
    }
    this.memo.set(key, value);
    return value;
  }

  /** Evaluates a formula (without `=`) as if it sat on `sheet`. */
  evaluate(sheet: string, formula: string): Decimal {
    const parser = new Parser(formula, sheet, this);
    const value = parser.parseExpression();
    parser.expectEnd();
    return value;
  }
}

const REF = /^(?:'((?:[^']|'')+)'!|([A-Za-z0-9_\u4e00-\u9fff]+)!)?\$?([A-Z]{1,3})\$?([0-9]{1,7})/;

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly sheet: string,
    private readonly evaluator: FormulaEvaluator,
  ) {}

  parseExpression(): Decimal {
    let value = this.parseTerm();
    for (;;) {
      this.skipSpace();
      const op = this.text[this.pos];
      if (op !== '+' && op !== '-') return value;
      this.pos++;
      const rhs = this.parseTerm();
      value = op === '+' ? value.plus(rhs) : value.minus(rhs);
    }
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected text');
  }

  private parseTerm(): Decimal {
    let value = this.parseFactor();
    for (;;) {
      this.skipSpace();
      const op = this.text[this.pos];
      if (op !== '*' && op !== '/') return value;
      this.pos++;
      const rhs = this.parseFactor();
      if (op === '/' && rhs.isZero()) this.fail('division by zero');
      value = op === '*' ? value.times(rhs) : value.div(rhs);
    }
  }

  private parseFactor(): Decimal {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('-')) {
      this.pos++;
      return this.parseFactor().negated();
    }
    if (rest.startsWith('+')) {
      this.pos++;
      return this.parseFactor();
    }
    if (rest.startsWith('(')) {
      this.pos++;
      const value = this.parseExpression();
      this.expect(')');
      return value;
    }
    const sum = /^SUM\(/i.exec(rest);
    if (sum) {
      this.pos += sum[0].length;
      const value = this.parseRangeSum();
      this.expect(')');
      return value;
    }
    const num = /^[0-9]+(?:\.[0-9]+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return new Dx(num[0]);
    }
    const ref = this.parseRef();
    if (ref) return this.evaluator.valueOf(ref.sheet, ref.address);
    return this.fail('expected a number, a reference or SUM');
  }

  private parseRangeSum(): Decimal {
    const from = this.parseRef();
    if (!from) return this.fail('expected a range');
    this.expect(':');
    const to = this.parseRef();
    if (!to) return this.fail('expected the end of a range');
    const a = splitAddress(from.address);
    const b = splitAddress(to.address);
    let total = new Dx(0);
    for (let r = Math.min(a.row, b.row); r <= Math.max(a.row, b.row); r++) {
      for (let c = Math.min(a.col, b.col); c <= Math.max(a.col, b.col); c++) {
        total = total.plus(this.evaluator.valueOf(from.sheet, letters(c) + String(r)));
      }
    }
    return total;
  }

  private parseRef(): { sheet: string; address: string } | null {
    this.skipSpace();
    const m = REF.exec(this.text.slice(this.pos));
    if (!m) return null;
    this.pos += m[0].length;
    const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? this.sheet);
    return { sheet, address: m[3] + m[4] };
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  private skipSpace(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  private fail(why: string): never {
    throw new Error(`formula "${this.text}" on ${this.sheet}, at ${this.pos}: ${why}`);
  }
}

/** `B12` → 1-based row and column. */
export function splitAddress(address: string): { row: number; col: number } {
  const m = /^([A-Z]{1,3})([0-9]{1,7})$/.exec(address);
  if (!m) throw new Error(`not an A1 address: ${address}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** 1-based column number → letters: 1 → A, 27 → AA. */
export function letters(col: number): string {
  let n = col;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
