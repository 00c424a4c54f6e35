/**
 * How the simulated Excel turns a string written to `Range.values` or `Range.formulas` into cell content: as Excel
 * parses what a person types into a cell. The rules, in order:
 *
 * 1. `''` clears the cell's value (its format stays).
 * 2. A leading apostrophe makes the rest text (`'=x` → the text `=x`), whatever the number format; the cell
 *    remembers the quote prefix.
 * 3. A cell whose number format is text (`@`) takes the string as text, unparsed.
 * 4. `=…` is a formula (a lone `=` is text).
 * 5. `+…` and `-…`: a number when the whole string is one (`+1` → 1, `-2` → -2), else a formula with the sign kept
 *    (`+A1` → `=+A1`, `-1+1` → `=-1+1`); a lone `+` or `-` is text. (Excel's Lotus-compatible entry; modelled on
 *    what SpreadJS documents as Excel's behaviour, not measured in Excel.)
 * 6. `@…` is a formula: `@SUM(A1)` → `=SUM(A1)` (Excel's old function prefix; current Excel shows the same error
 *    dialog for `@name` that it shows for a bad formula).
 * 7. An error literal (`#N/A`, `#DIV/0!`, …, any case) is that error value.
 * 8. `TRUE` / `FALSE` (any case) is a boolean.
 * 9. A number in the en-US form: optional sign, digits with or without `,` thousands groups, decimals, exponent,
 *    spaces around it, `(1,234.5)` as a negative, a trailing `%` (divided by 100). Thousands groups and `%` give the
 *    cell a number format when it has none (`#,##0`, `#,##0.00`, `0%`, `0.00%`).
 * 10. A date `yyyy-m-d` or `yyyy/m/d`, or `m/d` and `m-d` (in `currentYear`), is its serial number with the format
 *     `m/d/yyyy` when the cell has none.
 * 11. Anything else is text, as typed: full-width `＝1+1` is text (Excel's parser knows only the ASCII `=`; the
 *     Japanese IME's conversion of full-width input happens before Excel sees it), and so are `\t=1+1` and ` =1`.
 *
 * Not modelled: currency symbols, times, fractions (`1 1/2`), other date forms and locales, full-width digits,
 * AutoCorrect. A formula is checked only for balanced parentheses and quotes and a complete last operand (Excel
 * rejects a malformed formula with `InvalidArgument`); it is stored as written (Excel would upper-case names).
 */
import { SimOfficeError } from './errors';

export type Parsed =
  | { kind: 'empty' }
  | { kind: 'text'; text: string; quote?: true }
  | { kind: 'number'; value: number; format?: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; error: string }
  | { kind: 'formula'; formula: string };

/** Excel's error values. */
export const ERROR_VALUES = [
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
];
const ERRORS = new Map(ERROR_VALUES.map((e) => [e.toUpperCase(), e]));

const NUMBER = /^ *(\()?([+-])?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%)?(\))? *$/;

function parseNumber(s: string): { value: number; format?: string } | null {
  const m = NUMBER.exec(s);
  if (!m) return null;
  const [, open, sign, body, exp, percent, close] = m;
  if (Boolean(open) !== Boolean(close)) return null;
  if (open && sign) return null;
  const grouped = body.includes(',');
  if (grouped && exp !== undefined) return null;
  let value = Number(body.replace(/,/g, '') + (exp !== undefined ? `e${exp}` : ''));
  if (!Number.isFinite(value)) return null;
  if (percent) value /= 100;
  if (sign === '-' || open) value = -value;
  if (value === 0) value = 0; // no -0
  const decimals = body.includes('.') && !/\.$/.test(body);
  let format: string | undefined;
  if (percent) format = decimals ? '0.00%' : '0%';
  else if (grouped) format = decimals ? '#,##0.00' : '#,##0';
  return format === undefined ? { value } : { value, format };
}

/** Days from 1899-12-30 (Excel's day 0 in the 1900 system, leap-year bug included for dates after Feb 1900). */
function dateSerial(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 9999) return null;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  const serial = Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000);
  return serial < 61 ? serial - 1 : serial;
}

function parseDate(s: string, currentYear: number): number | null {
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) return dateSerial(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) return dateSerial(currentYear, Number(m[1]), Number(m[2]));
  return null;
}

/**
 * Whether a formula (with its `=`) is well-formed enough for Excel to accept: parentheses and string quotes balance
 * and it does not end in an operator.
 */
export function formulaLooksValid(formula: string): boolean {
  const body = formula.slice(1);
  if (body.trim() === '') return false;
  let depth = 0;
  let inString = false;
  let inQuoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inString) {
      if (ch === '"') {
        if (body[i + 1] === '"') i++;
        else inString = false;
      }
    } else if (inQuoted) {
      if (ch === "'") {
        if (body[i + 1] === "'") i++;
        else inQuoted = false;
      }
    } else if (ch === '"') inString = true;
    else if (ch === "'") inQuoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  if (inString || inQuoted || depth !== 0) return false;
  return !/[-+*/^&=<>,(:]\s*$/.test(body);
}

/**
 * Parses a string as typed input into a cell whose number format is `cellFormat`. Throws `InvalidArgument` for a
 * formula Excel would reject.
 */
export function parseInput(input: string, cellFormat: string, currentYear: number): Parsed {
  if (input === '') return { kind: 'empty' };
  if (input.startsWith("'")) return { kind: 'text', text: input.slice(1), quote: true };
  if (cellFormat === '@') return { kind: 'text', text: input };
  const first = input[0];
  if (first === '=') return input.length === 1 ? { kind: 'text', text: input } : checkedFormula(input);
  if (first === '+' || first === '-') {
    const n = parseNumber(input);
    if (n) return { kind: 'number', ...n };
    return input.length === 1 ? { kind: 'text', text: input } : checkedFormula(`=${input}`);
  }
  if (first === '@' && input.length > 1) return checkedFormula(`=${input.slice(1)}`);
  const error = ERRORS.get(input.toUpperCase());
  if (error) return { kind: 'error', error };
  if (/^(true|false)$/i.test(input)) return { kind: 'boolean', value: input.toUpperCase() === 'TRUE' };
  const n = parseNumber(input);
  if (n) return { kind: 'number', ...n };
  const serial = parseDate(input, currentYear);
  if (serial !== null) return { kind: 'number', value: serial, format: 'm/d/yyyy' };
  return { kind: 'text', text: input };
}

function checkedFormula(formula: string): Parsed {
  if (!formulaLooksValid(formula)) {
    throw new SimOfficeError('InvalidArgument', `The formula contains an error: ${formula}`, 'Range.values');
  }
  return { kind: 'formula', formula };
}
