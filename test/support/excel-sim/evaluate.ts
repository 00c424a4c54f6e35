/**
 * A small formula evaluator, so that formulas written through the simulated Office.js API read back with a value
 * as they would in Excel (which calculates them; a write cannot supply a cached value).
 *
 * Supported: numbers, strings, TRUE/FALSE, error literals; references to a cell or a range, on the same sheet or
 * another (`C5`, `$L$4:$L$9`, `Sheet1!A1`, `'专项 经费'!C5`); the operators `+ - * / ^ & = <> < > <= >=`, unary
 * `+ -` and `%`; the functions SUM, SUMIFS, IF, IFERROR, ROUND, ABS, MIN, MAX, AND, OR, NOT. Arithmetic is in
 * binary floating point, as in Excel (which also shows at most 15 significant digits).
 *
 * Anything else (other functions, names, whole-column references, arrays, a range where one value is wanted) is
 * *unsupported*: the cell's value then reads as `''` and the simulator lists the cell in `stats.uncomputed`, so that
 * a test can assert that every formula it wrote was evaluated.
 */
import { MAX_ROWS, type Rect } from './address';

export interface ErrorValue {
  error: string;
}

/** A cell's value as formulas see it: `null` is an empty cell. */
export type Scalar = number | string | boolean | ErrorValue | null;

interface RangeValue {
  range: true;
  sheet: string | undefined;
  rect: Rect;
}

type Value = Scalar | RangeValue;

/** What the evaluator needs from the workbook. `sheet` undefined is the formula's own sheet. */
export interface EvalHost {
  /** A cell's value, or `#REF!` for a sheet that does not exist. */
  value(sheet: string | undefined, row: number, col: number): Scalar;
}

/** Thrown for syntax or functions the evaluator does not model. */
export class Unsupported extends Error {}

type Node =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'err'; v: string }
  | { t: 'ref'; sheet: string | undefined; rect: Rect; single: boolean }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'un'; op: string; e: Node }
  | { t: 'pct'; e: Node }
  | { t: 'bin'; op: string; l: Node; r: Node };

const isError = (v: unknown): v is ErrorValue => typeof v === 'object' && v !== null && 'error' in v;
const isRange = (v: Value): v is RangeValue => typeof v === 'object' && v !== null && 'range' in v;
const err = (e: string): ErrorValue => ({ error: e });

function colIndex(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const node = this.comparison();
    this.ws();
    if (this.i !== this.s.length) throw new Unsupported(`unexpected "${this.s.slice(this.i)}"`);
    return node;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private peek(...ops: string[]): string | undefined {
    this.ws();
    return ops.find((op) => this.s.startsWith(op, this.i));
  }

  private comparison(): Node {
    let l = this.concat();
    for (;;) {
      const op = this.peek('<>', '<=', '>=', '=', '<', '>');
      if (!op) return l;
      this.i += op.length;
      l = { t: 'bin', op, l, r: this.concat() };
    }
  }

  private concat(): Node {
    let l = this.additive();
    while (this.peek('&')) {
      this.i++;
      l = { t: 'bin', op: '&', l, r: this.additive() };
    }
    return l;
  }

  private additive(): Node {
    let l = this.term();
    for (;;) {
      const op = this.peek('+', '-');
      if (!op) return l;
      this.i++;
      l = { t: 'bin', op, l, r: this.term() };
    }
  }

  private term(): Node {
    let l = this.power();
    for (;;) {
      const op = this.peek('*', '/');
      if (!op) return l;
      this.i++;
      l = { t: 'bin', op, l, r: this.power() };
    }
  }

  private power(): Node {
    let l = this.unary();
    while (this.peek('^')) {
      this.i++;
      l = { t: 'bin', op: '^', l, r: this.unary() };
    }
    return l;
  }

  private unary(): Node {
    const op = this.peek('+', '-');
    if (op) {
      this.i++;
      return { t: 'un', op, e: this.unary() };
    }
    let e = this.primary();
    while (this.peek('%')) {
      this.i++;
      e = { t: 'pct', e };
    }
    return e;
  }

  private primary(): Node {
    this.ws();
    const s = this.s;
    const rest = s.slice(this.i);
    if (rest.startsWith('(')) {
      this.i++;
      const e = this.comparison();
      if (!this.peek(')')) throw new Unsupported('missing )');
      this.i++;
      return e;
    }
    if (rest.startsWith('"')) {
      let j = this.i + 1;
      let out = '';
      for (;;) {
        if (j >= s.length) throw new Unsupported('unterminated string');
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            out += '"';
            j += 2;
            continue;
          }
          break;
        }
        out += s[j++];
      }
      this.i = j + 1;
      return { t: 'str', v: out };
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return { t: 'num', v: Number(num[0]) };
    }
    const errLit = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)/i.exec(rest);
    if (errLit) {
      this.i += errLit[0].length;
      return { t: 'err', v: errLit[0].toUpperCase() };
    }
    // A sheet prefix: 'quoted name'! or bare!
    let sheet: string | undefined;
    const quoted = /^'((?:[^']|'')+)'!/.exec(rest);
    const bare = /^([\p{L}_][\p{L}\p{N}_.]*)!/u.exec(rest);
    if (quoted) {
      sheet = quoted[1].replace(/''/g, "'");
      this.i += quoted[0].length;
    } else if (bare) {
      sheet = bare[1];
      this.i += bare[0].length;
    }
    const ref = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?(?![\w(!.])/.exec(
      s.slice(this.i),
    );
    if (ref) {
      this.i += ref[0].length;
      const r1 = Number(ref[2]) - 1;
      const c1 = colIndex(ref[1]);
      const r2 = ref[4] === undefined ? r1 : Number(ref[4]) - 1;
      const c2 = ref[3] === undefined ? c1 : colIndex(ref[3]);
      if (r1 >= MAX_ROWS || r2 >= MAX_ROWS) throw new Unsupported('row out of range');
      const rect = {
        top: Math.min(r1, r2),
        left: Math.min(c1, c2),
        bottom: Math.max(r1, r2),
        right: Math.max(c1, c2),
      };
      return { t: 'ref', sheet, rect, single: ref[3] === undefined };
    }
    if (sheet !== undefined) throw new Unsupported('a sheet reference to something other than cells');
    const ident = /^([A-Za-z_][A-Za-z0-9_.]*)/.exec(rest);
    if (ident) {
      this.i += ident[0].length;
      const name = ident[1].toUpperCase();
      if (this.peek('(')) {
        this.i++;
        const args: Node[] = [];
        if (this.peek(')')) {
          this.i++;
          return { t: 'call', name, args };
        }
        for (;;) {
          args.push(this.comparison());
          const sep = this.peek(',', ')');
          if (!sep) throw new Unsupported('expected , or )');
          this.i++;
          if (sep === ')') return { t: 'call', name, args };
        }
      }
      if (name === 'TRUE' || name === 'FALSE') return { t: 'bool', v: name === 'TRUE' };
      throw new Unsupported(`name ${ident[1]}`);
    }
    throw new Unsupported(`unexpected "${rest}"`);
  }
}

function toNumber(v: Scalar): number | ErrorValue {
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim();
    const n = t === '' ? NaN : Number(t.replace(/,/g, ''));
    return Number.isFinite(n) ? n : err('#VALUE!');
  }
  return v;
}

function toText(v: Scalar): string | ErrorValue {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(Number(v.toPrecision(15)));
  return v;
}

function toBool(v: Scalar): boolean | ErrorValue {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    return err('#VALUE!');
  }
  return v;
}

/** Excel's ordering for comparisons: numbers < text < booleans; an empty cell is 0, "" or FALSE as compared. */
function compare(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar): number => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  let x = a;
  let y = b;
  if (x === null) x = typeof y === 'string' ? '' : typeof y === 'boolean' ? false : 0;
  if (y === null) y = typeof x === 'string' ? '' : typeof x === 'boolean' ? false : 0;
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === 'string' && typeof y === 'string') {
    const p = x.toLowerCase();
    const q = y.toLowerCase();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  const p = Number(x);
  const q = Number(y);
  return p < q ? -1 : p > q ? 1 : 0;
}

/** Rounds half away from zero, as Excel's ROUND. */
function round(x: number, digits: number): number {
  const d = Math.trunc(digits);
  const f = Math.pow(10, d);
  const scaled = Math.abs(x) * f;
  const r = Math.round(Number(scaled.toPrecision(15)));
  return (Math.sign(x) * r) / f;
}

class Evaluator {
  constructor(private readonly host: EvalHost) {}

  private cells(v: RangeValue): Scalar[] {
    const out: Scalar[] = [];
    for (let r = v.rect.top; r <= v.rect.bottom; r++) {
      for (let c = v.rect.left; c <= v.rect.right; c++) out.push(this.host.value(v.sheet, r, c));
    }
    return out;
  }

  scalar(node: Node): Scalar {
    const v = this.eval(node);
    if (isRange(v)) {
      if (v.rect.top === v.rect.bottom && v.rect.left === v.rect.right) {
        return this.host.value(v.sheet, v.rect.top, v.rect.left);
      }
      throw new Unsupported('a range where one value is wanted');
    }
    return v;
  }

  private number(node: Node): number | ErrorValue {
    return toNumber(this.scalar(node));
  }

  private eval(node: Node): Value {
    switch (node.t) {
      case 'num':
      case 'str':
      case 'bool':
        return node.v;
      case 'err':
        return err(node.v);
      case 'ref':
        return { range: true, sheet: node.sheet, rect: node.rect };
      case 'un': {
        const n = this.number(node.e);
        if (isError(n)) return n;
        return node.op === '-' ? -n : n;
      }
      case 'pct': {
        const n = this.number(node.e);
        return isError(n) ? n : n / 100;
      }
      case 'bin':
        return this.binary(node.op, node.l, node.r);
      case 'call':
        return this.call(node.name, node.args);
      default:
        throw new Unsupported('unknown node');
    }
  }

  private binary(op: string, l: Node, r: Node): Scalar {
    if (op === '&') {
      const a = toText(this.scalar(l));
      if (isError(a)) return a;
      const b = toText(this.scalar(r));
      if (isError(b)) return b;
      return a + b;
    }
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
      const a = this.scalar(l);
      if (isError(a)) return a;
      const b = this.scalar(r);
      if (isError(b)) return b;
      const c = compare(a, b);
      switch (op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        default:
          return c >= 0;
      }
    }
    const a = this.number(l);
    if (isError(a)) return a;
    const b = this.number(r);
    if (isError(b)) return b;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? err('#DIV/0!') : a / b;
      case '^': {
        const p = Math.pow(a, b);
        return Number.isFinite(p) ? p : err('#NUM!');
      }
      default:
        throw new Unsupported(`operator ${op}`);
    }
  }

  /** Numbers of arguments as SUM, MIN, MAX take them: from ranges only numbers, direct arguments coerced. */
  private numbers(args: Node[]): number[] | ErrorValue {
    const out: number[] = [];
    for (const a of args) {
      const v = this.eval(a);
      if (isRange(v)) {
        for (const x of this.cells(v)) {
          if (isError(x)) return x;
          if (typeof x === 'number') out.push(x);
        }
      } else {
        const n = toNumber(v);
        if (isError(n)) return n;
        out.push(n);
      }
    }
    return out;
  }

  private call(name: string, args: Node[]): Scalar {
    switch (name) {
      case 'SUM': {
        const ns = this.numbers(args);
        return isError(ns) ? ns : ns.reduce((s, n) => s + n, 0);
      }
      case 'MIN':
      case 'MAX': {
        const ns = this.numbers(args);
        if (isError(ns)) return ns;
        if (ns.length === 0) return 0;
        return name === 'MIN' ? Math.min(...ns) : Math.max(...ns);
      }
      case 'ABS': {
        const n = this.number(this.arg(args, 0));
        return isError(n) ? n : Math.abs(n);
      }
      case 'ROUND': {
        const x = this.number(this.arg(args, 0));
        if (isError(x)) return x;
        const d = this.number(this.arg(args, 1));
        return isError(d) ? d : round(x, d);
      }
      case 'IF': {
        const c = toBool(this.scalar(this.arg(args, 0)));
        if (isError(c)) return c;
        if (c) return args.length > 1 ? this.scalar(args[1]) : true;
        return args.length > 2 ? this.scalar(args[2]) : false;
      }
      case 'IFERROR': {
        const v = this.scalar(this.arg(args, 0));
        return isError(v) ? this.scalar(this.arg(args, 1)) : v;
      }
      case 'AND':
      case 'OR': {
        const bs: boolean[] = [];
        for (const a of args) {
          const b = toBool(this.scalar(a));
          if (isError(b)) return b;
          bs.push(b);
        }
        return name === 'AND' ? bs.every(Boolean) : bs.some(Boolean);
      }
      case 'NOT': {
        const b = toBool(this.scalar(this.arg(args, 0)));
        return isError(b) ? b : !b;
      }
      case 'SUMIFS':
        return this.sumifs(args);
      default:
        throw new Unsupported(`function ${name}`);
    }
  }

  private arg(args: Node[], i: number): Node {
    const a = args[i];
    if (!a) throw new Unsupported('missing argument');
    return a;
  }

  private sumifs(args: Node[]): Scalar {
    if (args.length < 3 || args.length % 2 === 0) throw new Unsupported('SUMIFS arguments');
    const sumRange = this.eval(args[0]);
    if (!isRange(sumRange)) return err('#VALUE!');
    const height = sumRange.rect.bottom - sumRange.rect.top + 1;
    const width = sumRange.rect.right - sumRange.rect.left + 1;
    const tests: { range: RangeValue; match: (v: Scalar) => boolean }[] = [];
    for (let i = 1; i < args.length; i += 2) {
      const range = this.eval(args[i]);
      if (!isRange(range)) return err('#VALUE!');
      if (
        range.rect.bottom - range.rect.top + 1 !== height ||
        range.rect.right - range.rect.left + 1 !== width
      ) {
        return err('#VALUE!');
      }
      const criterion = this.scalar(args[i + 1]);
      if (isError(criterion)) return criterion;
      tests.push({ range, match: criterionTest(criterion) });
    }
    let sum = 0;
    for (let dr = 0; dr < height; dr++) {
      for (let dc = 0; dc < width; dc++) {
        const ok = tests.every((t) =>
          t.match(this.host.value(t.range.sheet, t.range.rect.top + dr, t.range.rect.left + dc)),
        );
        if (!ok) continue;
        const v = this.host.value(sumRange.sheet, sumRange.rect.top + dr, sumRange.rect.left + dc);
        if (isError(v)) return v;
        if (typeof v === 'number') sum += v;
      }
    }
    return sum;
  }
}

/** A SUMIFS criterion: a number (equal to it), or text with an optional comparison operator. */
function criterionTest(criterion: Scalar): (v: Scalar) => boolean {
  if (typeof criterion === 'number' || typeof criterion === 'boolean') {
    return (v) => v !== null && typeof v === typeof criterion && v === criterion;
  }
  const text = criterion === null ? '' : String(criterion);
  const m = /^(<>|<=|>=|=|<|>)?(.*)$/s.exec(text) as RegExpExecArray;
  const op = m[1] ?? '=';
  const operand = m[2];
  const n = operand.trim() === '' ? NaN : Number(operand);
  if (Number.isFinite(n)) {
    return (v) => {
      if (typeof v !== 'number') return op === '<>';
      switch (op) {
        case '=':
          return v === n;
        case '<>':
          return v !== n;
        case '<':
          return v < n;
        case '>':
          return v > n;
        case '<=':
          return v <= n;
        default:
          return v >= n;
      }
    };
  }
  if (operand === '') {
    return (v) => (op === '<>' ? v !== null && v !== '' : v === null || v === '');
  }
  const target = operand.toLowerCase();
  if (op !== '=' && op !== '<>') throw new Unsupported('text comparison criteria');
  return (v) => (typeof v === 'string' && v.toLowerCase() === target) === (op === '=');
}

/**
 * Evaluates a formula (with its leading `=`). Throws {@link Unsupported} for what the evaluator does not model.
 * A formula whose result is a single-cell reference gives that cell's value (0 for an empty cell).
 */
export function evaluate(formula: string, host: EvalHost): Exclude<Scalar, null> {
  const node = new Parser(formula.slice(1)).parse();
  const v = new Evaluator(host).scalar(node);
  return v === null ? 0 : v;
}
