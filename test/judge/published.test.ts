/**
 * Judging suite: the engine on workbooks built from tables that departments published (test/fixtures/published),
 * read from the checked-in .xlsx files as a user's workbook would be. Every known discrepancy must be found at its
 * cell, with the severity, `expected` and `cause` domain.md fixes; every rounding difference must be info with
 * rounding: true; nothing else may be flagged above info. A scoreboard per layout is printed at the end.
 *
 * Not part of `npm test` until the engine passes it: run with `npm run test:judge`.
 */
import * as os from 'os';
import * as path from 'path';
import { mkdtemp, readdir, readFile, rm } from 'fs/promises';
import { analyze, parseA1 } from '../../src/engine';
import type { Analysis, Cell, Sheet, Workbook } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { buildPublished } from '../fixtures/published/build';
import type { PublishedFixture } from '../fixtures/published/fixture';
import { PUBLISHED, PUBLISHED_DIR } from '../fixtures/published';
import { judge, PublishedScoreboard, type Verdict } from './judge-published';

const board = new PublishedScoreboard('Published tables (checked-in .xlsx):');
afterAll(() => console.log(board.render()));

describe.each(PUBLISHED.map((f): [string, PublishedFixture] => [f.file, f]))('%s', (file, fixture) => {
  let verdict: Verdict;

  beforeAll(async () => {
    const analysis: Analysis = analyze(await readWorkbookFile(path.join(PUBLISHED_DIR, file)));
    verdict = judge(fixture, analysis);
    board.add(fixture, verdict);
  });

  it('recognises a table on every sheet that has one', () => {
    expect(verdict.unrecognised).toEqual([]);
  });

  it('finds every known discrepancy at its cell, with its severity, expected value and cause', () => {
    expect(verdict.missing).toEqual([]);
  });

  it('flags nothing that holds (nothing above info elsewhere)', () => {
    expect(verdict.falseAlarms).toEqual([]);
  });

  it('reports every rounding difference as info with rounding: true', () => {
    expect(verdict.roundingMissing).toEqual([]);
  });
});

/* The fixtures themselves, independent of the engine. */

function cellAt(sheet: Sheet, address: string): Cell | null | undefined {
  const p = parseA1(address);
  if (!p) return undefined;
  return sheet.rows[p.row - (sheet.top ?? 0)]?.[p.col - (sheet.left ?? 0)];
}

function filled(cell: Cell | null | undefined): boolean {
  return !!cell && (cell.error !== undefined || (cell.v !== null && cell.v !== ''));
}

describe('published fixtures', () => {
  let tmp: string;
  const books = new Map<string, Workbook>();

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'published-'));
    await buildPublished(tmp);
    for (const f of PUBLISHED) books.set(f.file, await readWorkbookFile(path.join(PUBLISHED_DIR, f.file)));
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('has at least fifteen published tables and every workbook checked in', async () => {
    expect(PUBLISHED.filter((f) => !f.invented).length).toBeGreaterThanOrEqual(15);
    const present = (await readdir(PUBLISHED_DIR)).filter((f) => f.endsWith('.xlsx')).sort();
    expect(present).toEqual(PUBLISHED.map((f) => f.file).sort());
  });

  it.each(PUBLISHED.map((f) => f.file))('rebuilding %s gives the same bytes', async (file) => {
    const [built, checkedIn] = await Promise.all([
      readFile(path.join(tmp, file)),
      readFile(path.join(PUBLISHED_DIR, file)),
    ]);
    expect(built.equals(checkedIn)).toBe(true);
  });

  it.each(PUBLISHED.map((f): [string, PublishedFixture] => [f.file, f]))(
    '%s names its source and points its expectations at filled cells',
    (file, f) => {
      expect(f.source ?? f.sources).toBeDefined();
      if (!f.source) expect(f.invented).toBeTruthy();
      const book = books.get(file) as Workbook;
      const problems: string[] = [];
      for (const sheet of f.expect.sheets)
        if (!book.sheets.some((s) => s.name === sheet)) problems.push(`no sheet ${sheet}`);
      const targets: { sheet: string; cells: string[] }[] = [
        ...f.expect.wants.map((w) => ({ sheet: w.sheet, cells: [w.cell, ...(w.oneOf ?? [])] })),
        ...(f.expect.allowed ?? []).map((a) => ({ sheet: a.sheet, cells: [a.cell] })),
      ];
      for (const w of targets) {
        const sheet = book.sheets.find((s) => s.name === w.sheet);
        const cells = w.cells;
        for (const c of cells)
          if (!sheet || !filled(cellAt(sheet, c))) problems.push(`${w.sheet}!${c}: empty or missing`);
      }
      expect(problems).toEqual([]);
    },
  );
});
