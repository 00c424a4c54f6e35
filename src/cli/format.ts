/**
 * The human-readable output of `budget-review check`: the workbook, the tables found, the findings grouped by
 * severity and one summary line. Pure: an analysis in, lines out.
 */
import type { Analysis, CheckJson, Finding, Severity } from '../engine';
import type { CliStrings } from './strings';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

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

/** The engine writes `—` where a finding has no figure to compare (e.g. a table it could not map). */
function hasFigure(text: string): boolean {
  return text !== '' && text !== '—';
}

function findingLine(f: Finding, s: CliStrings): string {
  const parts = [cellRef(f.sheet, f.cell), f.rule, f.message];
  if (hasFigure(f.expected) || hasFigure(f.actual)) parts.push(s.expectedActual(f.expected, f.actual));
  return `    ${parts.filter((p) => p !== '').join('  ')}${f.rounding ? s.rounding : ''}`;
}

/**
 * The report's lines. `totals` are the engine's formatted totals (from `toCheckJson`), so that the CLI shows
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
    for (const t of analysis.tables) lines.push(`  ${t.sheet}  ${s.table(t.range, t.unit, t.title)}`);
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
  return lines;
}
