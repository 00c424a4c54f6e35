/**
 * The human-readable output of `budget-review check`: the workbook, the tables found, the findings grouped by
 * severity and one summary line. Pure: an analysis in, lines out.
 */
import type { Analysis, CheckJson, DraftCheck, Finding, Severity } from '../engine';
import { ruleName, tableUnit } from '../engine/units';
import type { CliStrings } from './strings';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * Whether a character would let a workbook (a cell, a sheet name, a file name) talk to the terminal instead of being
 * shown: the C0 controls (ESC starts every escape sequence, BEL ends a window title), DEL, the C1 controls (0x9B is
 * an 8-bit CSI), the characters that break a line (a cell could print a fake last line such as 未发现问题。), and
 * the bidirectional formatting characters, which can make text read differently from what it holds.
 */
function unsafe(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Tab, line feed, vertical tab, form feed, carriage return, next line, line and paragraph separators. */
function spacing(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0x2028 || code === 0x2029;
}

function escaped(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

function rewrite(text: string, replace: (code: number) => string | undefined): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x1f && code < 0x7f) continue;
    const r = unsafe(code) ? replace(code) : undefined;
    if (r === undefined) continue;
    out += text.slice(from, i) + r;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Text from a workbook (or a file name) as it may be printed on a terminal: a tab or line break becomes a space,
 * every other control or bidirectional formatting character is shown as its escape, `\u001b`, as JSON writes it.
 * Every line the command line prints for people goes through this.
 */
export function visible(text: string): string {
  return rewrite(text, (code) => (spacing(code) ? ' ' : escaped(code)));
}

/**
 * A JSON document for stdout. `JSON.stringify` escapes the C0 controls but leaves DEL, the C1 controls, U+2028,
 * U+2029 and the bidirectional formatting characters raw; they are escaped too (`\u009b`), which leaves the
 * document exactly the same JSON value. (The raw line breaks left are the document's own indentation.)
 */
export function jsonText(value: unknown): string {
  return rewrite(JSON.stringify(value, null, 2), (code) => (code <= 0x1f ? undefined : escaped(code)));
}

/** A cell reference as Excel writes it: the sheet name quoted when it holds spaces or punctuation. */
export function cellRef(sheet: string, cell: string): string {
  const plain = /^[\p{L}\p{N}_.]+$/u.test(sheet) && !/^\d/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${cell}`;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * One finding: where, the rule's name in the user's language and the message. The message says what is wrong and
 * by how much; `expected` and `actual` stay in the JSON, where a program reads them (a bare "应为 60.00%，实为
 * 57.90%" after a low rate would say a rate should be 60%, which nobody means).
 */
function findingLine(f: Finding, s: CliStrings): string {
  const where = f.sheet === '' ? '' : cellRef(f.sheet, f.cell);
  const parts = [where, ruleName(s.lang, f.rule), f.message];
  return `    ${parts.filter((p) => p !== '').join('  ')}${f.rounding ? s.rounding : ''}`;
}

/**
 * The report's lines, safe to print (see {@link visible}). `totals` are the engine's formatted totals (from `toCheckJson`), so that the CLI shows
 * exactly the figures its JSON gives and does no arithmetic of its own.
 */
export function formatHuman(
  analysis: Analysis,
  totals: CheckJson['totals'],
  name: string,
  s: CliStrings,
): string[] {
  const lines: string[] = [s.workbook(name)];

  if (analysis.tables.length === 0) {
    lines.push(s.noTables);
  } else {
    lines.push(s.tablesHeading(analysis.tables.length));
    for (const t of analysis.tables)
      lines.push(`  ${t.sheet}  ${s.table(t.range, tableUnit(t, analysis), t.title)}`);
  }
  if (analysis.unrecognised.length > 0 && analysis.tables.length > 0) {
    lines.push(s.unrecognised(analysis.unrecognised.join(s.listSeparator)));
  }

  const counts = countBySeverity(analysis.findings);
  if (analysis.findings.length === 0) {
    lines.push(s.noFindings);
  } else {
    lines.push(s.findingsHeading(analysis.findings.length));
    for (const severity of SEVERITIES) {
      if (counts[severity] === 0) continue;
      lines.push(`  ${s.severityHeading(severity, counts[severity])}`);
      for (const f of analysis.findings) if (f.severity === severity) lines.push(findingLine(f, s));
    }
  }

  lines.push(
    s.summary(counts, {
      available: totals.available,
      spent: totals.spent,
      surplus: totals.surplus,
      rate: totals.rate,
      rateBase: analysis.options.rateBase,
    }),
  );
  // Sheet names, titles and messages quote the workbook: each line is shown, never obeyed, by the terminal.
  return lines.map(visible);
}

/**
 * The draft's part of the report (`check --draft`): each disputed number with its paragraph, its sentence and its
 * source cells, then the numbers tied to nothing (listed for people only, never findings). Safe to print.
 */
export function formatDraft(check: DraftCheck, name: string, s: CliStrings): string[] {
  const lines: string[] = [s.draftHeading(name, check.paragraphs, check.checked)];
  if (check.findings.length === 0) lines.push(`  ${s.noDraftFindings}`);
  else {
    lines.push(`  ${s.draftFindingsHeading(check.findings.length)}`);
    for (const severity of SEVERITIES) {
      const of = check.findings.filter((f) => f.severity === severity);
      if (of.length === 0) continue;
      lines.push(`  ${s.severityHeading(severity, of.length)}`);
      for (const f of of) {
        lines.push(
          `    ${s.paragraph(f.paragraph)}  ${f.quote}  ${ruleName(s.lang, f.rule)}  ${f.message}${f.rounding ? s.rounding : ''}`,
        );
        lines.push(`      ${s.inSentence(f.sentence)}`);
        if (f.related?.length)
          lines.push(
            `      ${s.sources(f.related.map((c) => cellRef(c.sheet, c.cell)).join(s.listSeparator))}`,
          );
      }
    }
  }
  if (check.unchecked.length > 0) {
    lines.push(`  ${s.uncheckedHeading(check.unchecked.length)}`);
    for (const u of check.unchecked) lines.push(`    ${s.paragraph(u.paragraph)}  ${u.quote}  ${u.sentence}`);
  }
  return lines.map(visible);
}
