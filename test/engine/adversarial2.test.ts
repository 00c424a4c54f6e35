/**
 * Acceptance tests on a second set of adversarial workbooks, made the way finance officers make them: 决算 tables
 * with 科目编码, stale cached SUMs, formulas cached with binary-float noise, accounting formats, hidden columns and
 * rows, （一）/（二） groups with 小计 under a 合计, data-entry sheets of text numbers, rates as General fractions and
 * points, formula notes in headers, label/value pairs with a unit per label, and more (see build.ts).
 * The workbooks are checked in under test/fixtures/adversarial2 (built by build.ts); what each must give was worked
 * out by hand against domain.md and is in expected.ts.
 */
import * as os from 'os';
import * as path from 'path';
import { mkdtemp, readdir, rm } from 'fs/promises';
import { analyze, toCheckJson } from '../../src/engine';
import type { Analysis, TableInfo } from '../../src/engine';
import { parseA1 } from '../../src/engine/grid';
import type { Cell, Sheet, Workbook } from '../../src/engine/grid';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { ADVERSARIAL2_BUILDERS, buildAdversarial2 } from '../fixtures/adversarial2/build';
import { ADVERSARIAL2 } from '../fixtures/adversarial2/expected';
import type { Adversarial2 } from '../fixtures/adversarial2/expected';
import {
  AMOUNT,
  AMOUNT_RULES,
  DECIMAL,
  DECIMAL_PERCENT,
  PERCENT,
  PERCENT_RULES,
  at,
  describeFinding,
  describeTable,
  matchTable,
  problemsWith,
  problemsWithInfo,
  sameCell,
} from '../support/acceptance';

const DIR = path.join(__dirname, '..', 'fixtures', 'adversarial2');

describe.each(ADVERSARIAL2.map((wb): [string, Adversarial2] => [wb.file, wb]))(
  'adversarial2 %s',
  (file, wb) => {
    let analysis: Analysis;

    beforeAll(async () => {
      const workbook = await readWorkbookFile(path.join(DIR, file));
      analysis = analyze(workbook);
    });

    it('finds every planted error and warning, once, at its cell, with its severity and figures', () => {
      const problems = wb.findings.flatMap((e) => problemsWith(e, analysis.findings));
      expect(problems).toEqual([]);
    });

    it('flags nothing else as an error or a warning (everything else holds)', () => {
      const unexpected = analysis.findings
        .filter((f) => f.severity !== 'info')
        .filter((f) => !wb.findings.some((e) => sameCell(e, f)))
        .map(describeFinding);
      expect(unexpected).toEqual([]);
    });

    it('reports the expected infos (rounding differences with rounding: true, parsed text numbers)', () => {
      const problems = wb.infos.flatMap((e) => problemsWithInfo(e, analysis.findings));
      expect(problems).toEqual([]);
    });

    it('reports no other rounding difference, and every rounding difference as info', () => {
      const stray = analysis.findings
        .filter((f) => f.rounding)
        .filter((f) => f.severity !== 'info' || !wb.infos.some((e) => e.rounding && sameCell(e, f)))
        .map(describeFinding);
      expect(stray).toEqual([]);
    });

    it('detects exactly the expected tables, over the expected rows', () => {
      const taken = new Set<TableInfo>();
      const missing: string[] = [];
      for (const e of wb.tables) {
        const t = matchTable(e, analysis.tables, taken);
        if (t) taken.add(t);
        else
          missing.push(
            `missing: ${e.sheet} rows ${e.rows[0]}–${e.rows[1]} (${Object.keys(e.fields).join('')})`,
          );
      }
      const extra = analysis.tables.filter((t) => !taken.has(t)).map((t) => `extra: ${describeTable(t)}`);
      expect([...missing, ...extra]).toEqual([]);
    });

    it('gives each table its kind, unit and key fields', () => {
      const taken = new Set<TableInfo>();
      const problems: string[] = [];
      for (const e of wb.tables) {
        const t = matchTable(e, analysis.tables, taken);
        if (!t) continue; // reported by the previous test
        taken.add(t);
        const where = `${e.sheet}!${t.range}`;
        if (t.kind !== e.kind) problems.push(`${where}: kind ${t.kind}, want ${e.kind}`);
        if (e.unit !== undefined && t.unit !== e.unit)
          problems.push(`${where}: unit ${t.unit}, want ${e.unit}`);
        const wanted = new Set(Object.values(e.fields));
        for (const [letter, field] of Object.entries(e.fields)) {
          if (t.fields[letter] !== field)
            problems.push(`${where}: column ${letter} is ${t.fields[letter] ?? 'unmapped'}, want ${field}`);
        }
        for (const [letter, field] of Object.entries(t.fields)) {
          if (!(letter in e.fields) && wanted.has(field))
            problems.push(`${where}: column ${letter} is also ${field}`);
        }
        for (const letter of e.unmapped ?? []) {
          if (t.fields[letter] !== undefined)
            problems.push(`${where}: column ${letter} is ${t.fields[letter]}, but its header names no field`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('lists exactly the sheets without a table as unrecognised', () => {
      expect([...analysis.unrecognised].sort()).toEqual([...wb.unrecognised].sort());
    });

    it('writes amounts with two decimals and percentages with a % sign in the check JSON', () => {
      const json = toCheckJson(analysis);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      expect(json.workbook).toBe(file);
      const counts = new Set(wb.countCells ?? []);
      const problems: string[] = [];
      for (const f of json.findings) {
        const where = `${f.sheet}!${f.cell} ${f.rule}`;
        const amount = AMOUNT_RULES.has(f.rule) || (f.rule === 'sum' && !counts.has(`${f.sheet}!${f.cell}`));
        if (amount && !(AMOUNT.test(f.expected) && AMOUNT.test(f.actual)))
          problems.push(
            `${where}: amounts "${f.expected}" / "${f.actual}" are not in 万元 with two decimals`,
          );
        const noRate = wb.findings.some((e) => e.noRate && sameCell(e, f));
        if (PERCENT_RULES.has(f.rule) && !((noRate || PERCENT.test(f.expected)) && PERCENT.test(f.actual)))
          problems.push(`${where}: "${f.expected}" / "${f.actual}" are not percentages with two decimals`);
        for (const text of [f.expected, f.actual]) {
          if (f.rule === 'input') continue; // an input finding quotes the cell as typed
          if (DECIMAL.test(text) && !AMOUNT.test(text))
            problems.push(`${where}: "${text}" does not have two decimals`);
          if (DECIMAL_PERCENT.test(text) && !PERCENT.test(text))
            problems.push(`${where}: "${text}" is not a percentage with two decimals`);
        }
        if (!['error', 'warning', 'info'].includes(f.severity))
          problems.push(`${where}: severity ${f.severity}`);
        if (typeof f.message !== 'string' || f.message.trim() === '') problems.push(`${where}: no message`);
      }
      expect(problems).toEqual([]);
    });
  },
);

/* The fixtures themselves: checked in as build.ts writes them, and the expectations point at filled cells. */

function cellAt(sheet: Sheet, address: string): Cell | null | undefined {
  const p = parseA1(address);
  if (!p) return undefined;
  return sheet.rows[p.row - (sheet.top ?? 0)]?.[p.col - (sheet.left ?? 0)];
}

function filled(cell: Cell | null | undefined): boolean {
  return !!cell && (cell.error !== undefined || (cell.v !== null && cell.v !== ''));
}

describe('adversarial2 fixtures', () => {
  let tmp: string;
  const checkedIn = new Map<string, Workbook>();

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'adversarial2-'));
    await buildAdversarial2(tmp);
    for (const wb of ADVERSARIAL2) checkedIn.set(wb.file, await readWorkbookFile(path.join(DIR, wb.file)));
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('has at least fourteen workbooks, each with expectations, all checked in', async () => {
    const files = Object.keys(ADVERSARIAL2_BUILDERS).sort();
    expect(files.length).toBeGreaterThanOrEqual(14);
    expect(ADVERSARIAL2.map((w) => w.file).sort()).toEqual(files);
    const present = (await readdir(DIR)).filter((f) => f.endsWith('.xlsx')).sort();
    expect(present).toEqual(files);
  });

  it.each(ADVERSARIAL2.map((w) => w.file))(
    'rebuilding %s gives the same cells, formats and merges',
    async (file) => {
      const rebuilt = await readWorkbookFile(path.join(tmp, file));
      expect(rebuilt).toEqual(checkedIn.get(file));
    },
  );

  it.each(ADVERSARIAL2.map((w): [string, Adversarial2] => [w.file, w]))(
    '%s: the expectations name its sheets and point at filled cells',
    (file, wb) => {
      const book = checkedIn.get(file) as Workbook;
      expect(book.sheets.map((s) => s.name)).toEqual(wb.sheets);
      const problems: string[] = [];
      for (const e of [...wb.findings, ...wb.infos]) {
        const sheet = book.sheets.find((s) => s.name === e.sheet);
        if (!sheet) problems.push(`${at(e)}: no such sheet`);
        else if (!filled(cellAt(sheet, e.cell))) problems.push(`${at(e)}: the cell is empty`);
      }
      expect(problems).toEqual([]);
    },
  );
});
