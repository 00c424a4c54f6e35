/**
 * Acceptance tests of detection and checking on real .xlsx files laid out the many ways finance staff lay them
 * out. The workbooks are checked in under test/fixtures/layouts (built by build.ts); what each must give was
 * worked out by hand against domain.md and is in expected.ts. These tests rebuild nothing.
 */
import * as path from 'path';
import { analyze, toCheckJson } from '../../src/engine';
import type { Analysis, Finding } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { LAYOUTS } from '../fixtures/layouts/expected';
import type { ExpectedFinding, ExpectedInfo, ExpectedSeverity, Layout } from '../fixtures/layouts/expected';

const DIR = path.join(__dirname, '..', 'fixtures', 'layouts');

const AMOUNT = /^-?\d+\.\d{2}$/;
const PERCENT = /^-?\d+\.\d{2}%$/;
const DECIMAL = /^-?\d+\.\d+$/;
const DECIMAL_PERCENT = /^-?\d+(\.\d+)?%$/;
const AMOUNT_RULES = new Set(['available', 'surplus']);

function at(f: { rule: string; sheet: string; cell: string }): string {
  return `${f.sheet}!${f.cell} ${f.rule}`;
}

function describeFinding(f: Finding): string {
  return `${at(f)} ${f.severity}${f.rounding ? ' (rounding)' : ''} expected=${f.expected} actual=${f.actual}: ${f.message}`;
}

function sameCell(
  a: { rule: string; sheet: string; cell: string },
  b: { rule: string; sheet: string; cell: string },
) {
  return a.rule === b.rule && a.sheet === b.sheet && a.cell === b.cell;
}

function severityMatches(want: ExpectedSeverity, got: string): boolean {
  return want === 'error-or-warning' ? got === 'error' || got === 'warning' : got === want;
}

/** Problems with one expected error/warning finding: missing, wrong severity, wrong figures, reported twice. */
function problemsWith(e: ExpectedFinding, findings: Finding[]): string[] {
  const here = findings.filter((f) => sameCell(f, e) && f.severity !== 'info');
  if (here.length === 0) {
    const infos = findings.filter((f) => sameCell(f, e));
    return [`missing: ${at(e)} ${e.severity} (${e.why})${infos.length ? ` — reported only as info` : ''}`];
  }
  const out: string[] = [];
  if (here.length > 1) out.push(`${at(e)} reported ${here.length} times`);
  const f = here[0];
  if (!severityMatches(e.severity, f.severity))
    out.push(`${at(e)}: severity ${f.severity}, want ${e.severity}`);
  if (f.rounding) out.push(`${at(e)}: marked rounding, but it is a real ${e.severity}`);
  if (e.expected !== undefined && f.expected !== e.expected) {
    out.push(`${at(e)}: expected "${f.expected}", want "${e.expected}"`);
  }
  if (e.actual !== undefined && f.actual !== e.actual)
    out.push(`${at(e)}: actual "${f.actual}", want "${e.actual}"`);
  return out;
}

function problemsWithInfo(e: ExpectedInfo, findings: Finding[]): string[] {
  const here = findings.filter((f) => sameCell(f, e));
  const f = here.find((x) => x.severity === 'info');
  if (!f) {
    const got = here.map((x) => x.severity).join(', ');
    return [`missing info: ${at(e)} (${e.why})${got ? ` — reported as ${got}` : ''}`];
  }
  const out: string[] = [];
  if (f.rounding !== e.rounding) out.push(`${at(e)}: rounding ${f.rounding}, want ${e.rounding}`);
  if (e.expected !== undefined && f.expected !== e.expected) {
    out.push(`${at(e)}: expected "${f.expected}", want "${e.expected}"`);
  }
  if (e.actual !== undefined && f.actual !== e.actual)
    out.push(`${at(e)}: actual "${f.actual}", want "${e.actual}"`);
  return out;
}

describe.each(LAYOUTS.map((layout): [string, Layout] => [layout.file, layout]))(
  'layout %s',
  (file, layout) => {
    let analysis: Analysis;

    beforeAll(async () => {
      const workbook = await readWorkbookFile(path.join(DIR, file));
      analysis = analyze(workbook);
    });

    it('reads the workbook the builder wrote', () => {
      expect(analysis.workbook).toBe(file);
    });

    it('finds every planted error and warning, once, at its cell, with its severity and figures', () => {
      const problems = layout.findings.flatMap((e) => problemsWith(e, analysis.findings));
      expect(problems).toEqual([]);
    });

    it('flags nothing else as an error or a warning (everything else holds)', () => {
      const unexpected = analysis.findings
        .filter((f) => f.severity !== 'info')
        .filter((f) => !layout.findings.some((e) => sameCell(e, f)))
        .map(describeFinding);
      expect(unexpected).toEqual([]);
    });

    it('reports the expected infos (rounding differences with rounding: true, parsed text numbers)', () => {
      const problems = layout.infos.flatMap((e) => problemsWithInfo(e, analysis.findings));
      expect(problems).toEqual([]);
    });

    it('reports no other rounding difference, and every rounding difference as info', () => {
      const stray = analysis.findings
        .filter((f) => f.rounding)
        .filter((f) => f.severity !== 'info' || !layout.infos.some((e) => e.rounding && sameCell(e, f)))
        .map(describeFinding);
      expect(stray).toEqual([]);
    });

    it('detects exactly the expected tables', () => {
      const got = analysis.tables.map((t) => `${t.sheet}!${t.range}`).sort();
      const want = layout.tables.map((t) => `${t.sheet}!${t.range}`).sort();
      expect(got).toEqual(want);
    });

    it('gives each table its kind, unit and key fields', () => {
      const problems: string[] = [];
      for (const e of layout.tables) {
        const t = analysis.tables.find((x) => x.sheet === e.sheet && x.range === e.range);
        if (!t) continue; // reported by the previous test
        const where = `${e.sheet}!${e.range}`;
        if (t.kind !== e.kind) problems.push(`${where}: kind ${t.kind}, want ${e.kind}`);
        if (e.unit !== undefined && t.unit !== e.unit)
          problems.push(`${where}: unit ${t.unit}, want ${e.unit}`);
        for (const [letter, field] of Object.entries(e.fields)) {
          if (t.fields[letter] !== field)
            problems.push(`${where}: column ${letter} is ${t.fields[letter]}, want ${field}`);
          for (const [other, f] of Object.entries(t.fields)) {
            if (other !== letter && f === field) problems.push(`${where}: column ${other} is also ${field}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('lists exactly the sheets without a table as unrecognised', () => {
      expect([...analysis.unrecognised].sort()).toEqual([...layout.unrecognised].sort());
    });

    it('writes amounts with two decimals and rates with a % sign in the check JSON', () => {
      const json = toCheckJson(analysis);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      expect(json.workbook).toBe(file);
      expect(json.tables).toHaveLength(analysis.tables.length);
      const counts = new Set(layout.countCells ?? []);
      const problems: string[] = [];
      for (const f of json.findings) {
        const where = `${f.sheet}!${f.cell} ${f.rule}`;
        const amount = AMOUNT_RULES.has(f.rule) || (f.rule === 'sum' && !counts.has(`${f.sheet}!${f.cell}`));
        if (amount && !(AMOUNT.test(f.expected) && AMOUNT.test(f.actual))) {
          problems.push(
            `${where}: amounts "${f.expected}" / "${f.actual}" are not in 万元 with two decimals`,
          );
        }
        if (f.rule === 'rate' && !(PERCENT.test(f.expected) && PERCENT.test(f.actual))) {
          problems.push(
            `${where}: rates "${f.expected}" / "${f.actual}" are not percentages with two decimals`,
          );
        }
        // Any figure written as a plain decimal or a percentage (whatever the rule) has exactly two decimals.
        for (const text of [f.expected, f.actual]) {
          if (DECIMAL.test(text) && !AMOUNT.test(text))
            problems.push(`${where}: "${text}" does not have two decimals`);
          if (DECIMAL_PERCENT.test(text) && !PERCENT.test(text)) {
            problems.push(`${where}: "${text}" is not a percentage with two decimals`);
          }
        }
        if (!['error', 'warning', 'info'].includes(f.severity))
          problems.push(`${where}: severity ${f.severity}`);
        if (typeof f.message !== 'string' || f.message.trim() === '') problems.push(`${where}: no message`);
      }
      const { available, spent, surplus, rate } = json.totals;
      for (const [name, v] of Object.entries({ available, spent, surplus })) {
        if (v !== undefined && !AMOUNT.test(v))
          problems.push(`totals.${name} "${v}" is not in 万元 with two decimals`);
      }
      if (rate !== undefined && !PERCENT.test(rate))
        problems.push(`totals.rate "${rate}" is not a percentage`);
      expect(problems).toEqual([]);
    });
  },
);
