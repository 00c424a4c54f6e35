/**
 * The shared checks of the acceptance suites (test/engine/adversarial*.test.ts): does an analysis give exactly the
 * findings and tables a workbook's expectations name, and what differs when it does not.
 */
import type { Finding, TableInfo } from '../../src/engine';
import { parseA1 } from '../../src/engine/grid';
import type {
  ExpectedFinding,
  ExpectedInfo,
  ExpectedSeverity,
  ExpectedTable,
} from '../fixtures/adversarial/expected';

export const AMOUNT = /^-?\d+\.\d{2}$/;
export const PERCENT = /^-?\d+\.\d{2}%$/;
export const DECIMAL = /^-?\d+\.\d+$/;
export const DECIMAL_PERCENT = /^-?\d+(\.\d+)?%$/;
export const AMOUNT_RULES = new Set(['available', 'surplus']);
export const PERCENT_RULES = new Set(['rate', 'reduction', 'change']);

export function at(f: { rule: string; sheet: string; cell: string }): string {
  return `${f.sheet}!${f.cell} ${f.rule}`;
}

export function describeFinding(f: Finding): string {
  return `${at(f)} ${f.severity}${f.rounding ? ' (rounding)' : ''} expected=${f.expected} actual=${f.actual}: ${f.message}`;
}

export function sameCell(
  a: { rule: string; sheet: string; cell: string },
  b: { rule: string; sheet: string; cell: string },
): boolean {
  return a.rule === b.rule && a.sheet === b.sheet && a.cell === b.cell;
}

export function severityMatches(want: ExpectedSeverity, got: string): boolean {
  return want === 'error-or-warning' ? got === 'error' || got === 'warning' : got === want;
}

export function problemsWith(e: ExpectedFinding, findings: Finding[]): string[] {
  const here = findings.filter((f) => sameCell(f, e) && f.severity !== 'info');
  if (here.length === 0) {
    const infos = findings.filter((f) => sameCell(f, e));
    const elsewhere = findings
      .filter((f) => f.sheet === e.sheet && f.cell === e.cell && f.rule !== e.rule)
      .map((f) => `${f.rule} ${f.severity}`);
    return [
      `missing: ${at(e)} ${e.severity} (${e.why})${infos.length ? ' — reported only as info' : ''}${
        elsewhere.length ? ` — that cell has: ${elsewhere.join(', ')}` : ''
      }`,
    ];
  }
  const out: string[] = [];
  if (here.length > 1) out.push(`${at(e)} reported ${here.length} times`);
  const f = here[0];
  if (!severityMatches(e.severity, f.severity))
    out.push(`${at(e)}: severity ${f.severity}, want ${e.severity}`);
  if (f.rounding) out.push(`${at(e)}: marked rounding, but it is a real ${e.severity}`);
  if (e.expected !== undefined && f.expected !== e.expected)
    out.push(`${at(e)}: expected "${f.expected}", want "${e.expected}"`);
  if (e.actual !== undefined && f.actual !== e.actual)
    out.push(`${at(e)}: actual "${f.actual}", want "${e.actual}"`);
  return out;
}

export function problemsWithInfo(e: ExpectedInfo, findings: Finding[]): string[] {
  const here = findings.filter((f) => sameCell(f, e));
  const f = here.find((x) => x.severity === 'info');
  if (!f) {
    const got = here.map((x) => x.severity).join(', ');
    return [`missing info: ${at(e)} (${e.why})${got ? ` — reported as ${got}` : ''}`];
  }
  const out: string[] = [];
  if (f.rounding !== e.rounding) out.push(`${at(e)}: rounding ${f.rounding}, want ${e.rounding}`);
  if (e.expected !== undefined && f.expected !== e.expected)
    out.push(`${at(e)}: expected "${f.expected}", want "${e.expected}"`);
  if (e.actual !== undefined && f.actual !== e.actual)
    out.push(`${at(e)}: actual "${f.actual}", want "${e.actual}"`);
  return out;
}

/** First and last 1-based rows and the column span (0-based) of a detected table's range. */
export function span(t: TableInfo): { top: number; bottom: number; left: number; right: number } | undefined {
  const [a, b] = t.range.split(':');
  const p = parseA1(a);
  const q = parseA1(b ?? a);
  if (!p || !q) return undefined;
  return { top: p.row + 1, bottom: q.row + 1, left: p.col, right: q.col };
}

export function colIndex(letter: string): number {
  return (parseA1(`${letter}1`) as { col: number }).col;
}

/** The detected table an expected one stands for: same sheet, same rows, its key columns inside the range. */
export function matchTable(
  e: Pick<ExpectedTable, 'sheet' | 'rows'> & { fields: object },
  tables: TableInfo[],
  taken: Set<TableInfo>,
): TableInfo | undefined {
  return tables.find((t) => {
    if (taken.has(t) || t.sheet !== e.sheet) return false;
    const s = span(t);
    if (!s || s.top !== e.rows[0] || s.bottom !== e.rows[1]) return false;
    return Object.keys(e.fields).every((l) => colIndex(l) >= s.left && colIndex(l) <= s.right);
  });
}

export function describeTable(t: TableInfo): string {
  return `${t.sheet}!${t.range} ${t.kind} ${t.unit} ${JSON.stringify(t.fields)}`;
}
