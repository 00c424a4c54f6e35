/**
 * The layout fixtures themselves: the checked-in workbooks are what build.ts writes, and the expectations in
 * expected.ts point at cells and tables that exist in them. Independent of the engine.
 */
import * as os from 'os';
import * as path from 'path';
import { mkdtemp, readdir, rm } from 'fs/promises';
import { columnLetter, parseA1 } from '../../src/engine/grid';
import type { Cell, Sheet, Workbook } from '../../src/engine/grid';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { buildLayouts, LAYOUT_BUILDERS } from '../fixtures/layouts/build';
import { LAYOUTS } from '../fixtures/layouts/expected';

const DIR = path.join(__dirname, '..', 'fixtures', 'layouts');

function cellAt(sheet: Sheet, address: string): Cell | null | undefined {
  const p = parseA1(address);
  if (!p) return undefined;
  const r = p.row - (sheet.top ?? 0);
  const c = p.col - (sheet.left ?? 0);
  return sheet.rows[r]?.[c];
}

function filled(cell: Cell | null | undefined): boolean {
  return !!cell && (cell.error !== undefined || (cell.v !== null && cell.v !== ''));
}

describe('layout fixtures', () => {
  let tmp: string;
  const checkedIn = new Map<string, Workbook>();

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'layouts-'));
    await buildLayouts(tmp);
    for (const layout of LAYOUTS)
      checkedIn.set(layout.file, await readWorkbookFile(path.join(DIR, layout.file)));
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('has at least eight workbooks, each with expectations, all checked in', async () => {
    const files = Object.keys(LAYOUT_BUILDERS).sort();
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(LAYOUTS.map((l) => l.file).sort()).toEqual(files);
    const present = (await readdir(DIR)).filter((f) => f.endsWith('.xlsx')).sort();
    expect(present).toEqual(files);
  });

  it.each(LAYOUTS.map((l) => l.file))(
    'rebuilding %s gives the same cells, formats and merges',
    async (file) => {
      const rebuilt = await readWorkbookFile(path.join(tmp, file));
      expect(rebuilt).toEqual(checkedIn.get(file));
    },
  );

  it.each(LAYOUTS.map((l): [string, (typeof LAYOUTS)[number]] => [l.file, l]))(
    '%s: the expectations point at sheets, tables and cells that exist',
    (file, layout) => {
      const wb = checkedIn.get(file);
      expect(wb).toBeDefined();
      if (!wb) return;
      expect(wb.sheets.map((s) => s.name)).toEqual(layout.sheets);
      const problems: string[] = [];
      const sheet = (name: string): Sheet | undefined => wb.sheets.find((s) => s.name === name);
      for (const f of [...layout.findings, ...layout.infos]) {
        const s = sheet(f.sheet);
        if (!s) problems.push(`${f.sheet}: no such sheet`);
        else if (!filled(cellAt(s, f.cell))) problems.push(`${f.sheet}!${f.cell} (${f.rule}) is empty`);
      }
      for (const t of layout.tables) {
        const s = sheet(t.sheet);
        const [from, to] = t.range.split(':');
        const a = parseA1(from);
        const b = parseA1(to);
        if (!s || !a || !b) {
          problems.push(`${t.sheet}!${t.range}: no such sheet or range`);
          continue;
        }
        // The range's first and last rows hold something; every key column is inside the range.
        const rowFilled = (row: number) =>
          Array.from({ length: b.col - a.col + 1 }, (_, i) =>
            cellAt(s, `${columnLetter(a.col + i)}${row + 1}`),
          ).some(filled);
        if (!rowFilled(a.row)) problems.push(`${t.sheet}!${t.range}: first row is empty`);
        if (!rowFilled(b.row)) problems.push(`${t.sheet}!${t.range}: last row is empty`);
        for (const letter of Object.keys(t.fields)) {
          const c = parseA1(`${letter}1`);
          if (!c || c.col < a.col || c.col > b.col)
            problems.push(`${t.sheet}!${t.range}: column ${letter} outside`);
        }
      }
      for (const name of layout.unrecognised) if (!sheet(name)) problems.push(`${name}: no such sheet`);
      expect(problems).toEqual([]);
    },
  );
});
