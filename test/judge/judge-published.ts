/**
 * Judging an analysis of a published-table fixture against what domain.md requires (the fixture's `expect`), and
 * keeping score across fixtures: per layout, how many workbooks pass whole, how many known discrepancies are found
 * at their cell, how many figures that hold are flagged (false alarms), how many rounding differences are reported
 * as info.
 */
import type { Analysis, Finding } from '../../src/engine';
import type { PublishedFixture, Want } from '../fixtures/published/fixture';

export interface Verdict {
  /** Sheets that must hold a table but are listed as unrecognised. */
  unrecognised: string[];
  /** Known discrepancies (errors / warnings) not reported as required. */
  missing: string[];
  /** Rounding differences not reported as info with rounding: true. */
  roundingMissing: string[];
  /** Findings above info where everything holds. */
  falseAlarms: string[];
  /** Known discrepancies found at their cell. */
  found: number;
  known: number;
  roundingFound: number;
  roundingKnown: number;
}

export function describeFinding(f: Finding): string {
  const cause = (f as { cause?: string }).cause;
  return `${f.sheet}!${f.cell} ${f.rule} ${f.severity}${f.rounding ? ' (rounding)' : ''} expected=${f.expected} actual=${f.actual}${
    cause ? ` cause=${cause}` : ''
  }: ${f.message}`;
}

function cellsOf(w: Want): string[] {
  return [w.cell, ...(w.oneOf ?? [])];
}

function atWant(f: Finding, w: Want): boolean {
  return f.sheet === w.sheet && cellsOf(w).includes(f.cell);
}

/** What is wrong with how `w` was reported ([] when it was reported as required). */
export function problemsWith(w: Want, findings: Finding[]): string[] {
  const where = `${w.sheet}!${cellsOf(w).join('|')}${w.rule ? ` ${w.rule}` : ''}`;
  const here = findings.filter((f) => atWant(f, w) && (!w.rule || f.rule === w.rule));
  const wantInfo = w.severity === 'info';
  const candidates = here.filter((f) => (wantInfo ? f.severity === 'info' : f.severity !== 'info'));
  if (candidates.length === 0) {
    const other = findings.filter((f) => atWant(f, w)).map((f) => `${f.rule} ${f.severity}`);
    return [
      `missing: ${where} ${w.severity} (${w.why})${other.length ? ` — that cell has: ${other.join(', ')}` : ''}`,
    ];
  }
  const out: string[] = [];
  if (!wantInfo && candidates.length > 1) out.push(`${where}: reported ${candidates.length} times`);
  const best =
    candidates.find((f) => w.expected === undefined || f.expected === w.expected) ??
    (candidates[0] as Finding);
  if (w.severity === 'error' && best.severity !== 'error')
    out.push(`${where}: severity ${best.severity}, want error`);
  if (w.severity === 'warning' && best.severity !== 'warning')
    out.push(`${where}: severity ${best.severity}, want warning`);
  if (wantInfo && w.rounding && !best.rounding) out.push(`${where}: info without rounding: true`);
  if (!wantInfo && best.rounding) out.push(`${where}: marked rounding, but it is a real ${w.severity}`);
  if (w.expected !== undefined && best.expected !== w.expected)
    out.push(`${where}: expected "${best.expected}", want "${w.expected}"`);
  const cause = (best as { cause?: string }).cause;
  if (w.cause !== undefined && cause !== w.cause)
    out.push(`${where}: cause ${cause ?? '(none)'}, want ${w.cause}`);
  return out;
}

export function judge(fixture: PublishedFixture, analysis: Analysis): Verdict {
  const { wants, allowed = [], sheets } = fixture.expect;
  const findings = analysis.findings;
  const discrepancies = wants.filter((w) => w.severity !== 'info');
  const roundings = wants.filter((w) => w.severity === 'info');
  const missing = discrepancies.flatMap((w) => problemsWith(w, findings));
  const roundingMissing = roundings.flatMap((w) => problemsWith(w, findings));
  const falseAlarms = findings
    .filter((f) => f.severity !== 'info')
    .filter((f) => !discrepancies.some((w) => atWant(f, w)))
    .filter((f) => !allowed.some((a) => a.sheet === f.sheet && a.cell === f.cell))
    .map(describeFinding);
  return {
    unrecognised: sheets.filter((s) => analysis.unrecognised.includes(s)),
    missing,
    roundingMissing,
    falseAlarms,
    found: discrepancies.filter((w) => problemsWith(w, findings).length === 0).length,
    known: discrepancies.length,
    roundingFound: roundings.filter((w) => problemsWith(w, findings).length === 0).length,
    roundingKnown: roundings.length,
  };
}

export function passes(v: Verdict): boolean {
  return (
    v.unrecognised.length === 0 &&
    v.missing.length === 0 &&
    v.roundingMissing.length === 0 &&
    v.falseAlarms.length === 0
  );
}

interface Row {
  workbooks: number;
  passed: number;
  found: number;
  known: number;
  falseAlarms: number;
  roundingFound: number;
  roundingKnown: number;
}

/** Scores kept across the fixtures of one test file, printed once at its end. */
export class PublishedScoreboard {
  private readonly rows = new Map<string, Row>();

  constructor(readonly title: string) {}

  add(fixture: PublishedFixture, v: Verdict): void {
    const key = fixture.layout;
    const r = this.rows.get(key) ?? {
      workbooks: 0,
      passed: 0,
      found: 0,
      known: 0,
      falseAlarms: 0,
      roundingFound: 0,
      roundingKnown: 0,
    };
    r.workbooks++;
    if (passes(v)) r.passed++;
    r.found += v.found;
    r.known += v.known;
    r.falseAlarms += v.falseAlarms.length;
    r.roundingFound += v.roundingFound;
    r.roundingKnown += v.roundingKnown;
    this.rows.set(key, r);
  }

  render(): string {
    const total: Row = {
      workbooks: 0,
      passed: 0,
      found: 0,
      known: 0,
      falseAlarms: 0,
      roundingFound: 0,
      roundingKnown: 0,
    };
    const lines = [
      this.title,
      'layout            workbooks passed  discrepancies found  false alarms  rounding infos',
    ];
    const line = (name: string, r: Row): string =>
      `${name.padEnd(18)}${`${r.passed}/${r.workbooks}`.padStart(16)}${`${r.found}/${r.known}`.padStart(21)}${String(
        r.falseAlarms,
      ).padStart(14)}${`${r.roundingFound}/${r.roundingKnown}`.padStart(16)}`;
    for (const [name, r] of [...this.rows.entries()].sort()) {
      lines.push(line(name, r));
      for (const k of Object.keys(total) as (keyof Row)[]) total[k] += r[k];
    }
    lines.push(line('all', total));
    return lines.join('\n');
  }
}
