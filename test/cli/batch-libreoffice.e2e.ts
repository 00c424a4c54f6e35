/**
 * `budget-review report --batch` read by a real spreadsheet client: LibreOffice opens the consolidated workbook of
 * generated department workbooks and shows both sheets with the rows, names, figures and counts the writer wrote.
 *
 * A real-client test (run by `npm run test:e2e`): needs LibreOffice (`soffice`).
 */
import * as path from 'path';
import ExcelJS from 'exceljs';
import { run, type CliIO } from '../../src/cli/main';
import { generateDepartments } from '../fixtures/batch/generate';
import { tempDir } from '../fixtures/xlsx-host/build';
import { csvNumber, recalculatedValues, requireSoffice } from '../support/libreoffice';

let cleanup: () => Promise<void>;
let out: string;
let soffice: string;

beforeAll(async () => {
  soffice = requireSoffice();
  let dir: string;
  ({ dir, cleanup } = await tempDir('budget-review-batch-lo-'));
  await generateDepartments(path.join(dir, 'departments'), 12, 7);
  out = path.join(dir, 'review.xlsx');
  const io: CliIO = { stdout: { write: () => true }, stderr: { write: () => true } };
  const code = await run(['report', '--batch', path.join(dir, 'departments'), '--out', out], io);
  if (code !== 2) throw new Error(`report --batch exited ${code}`);
}, 120_000);

afterAll(async () => cleanup?.());

test('LibreOffice opens the consolidated workbook and shows what was written', async () => {
  const written = new ExcelJS.Workbook();
  await written.xlsx.readFile(out);
  const values = await recalculatedValues(out, { soffice });
  expect(Object.keys(values).sort()).toEqual(['部门汇总', '问题明细'].sort());
  for (const ws of written.worksheets) {
    const lo = values[ws.name].filter((row) => row.some((v) => v !== ''));
    expect(lo).toHaveLength(ws.rowCount);
    for (let r = 1; r <= ws.rowCount; r++) {
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = ws.getCell(r, c).value;
        const shown = lo[r - 1][c - 1] ?? '';
        if (v === null || v === undefined) expect(shown).toBe('');
        else if (typeof v === 'number') {
          const got = csvNumber(shown);
          expect(got).not.toBeNull();
          // A rate comes as a percentage (csvNumber reads 88.67% as 0.8867).
          if (ws.getCell(r, c).numFmt === '0.00%') expect(shown.endsWith('%')).toBe(true);
          expect(Math.abs((got ?? NaN) - v)).toBeLessThan(0.006);
        } else if (typeof v === 'object' && 'text' in v) expect(shown).toBe(String(v.text));
        else expect(shown).toBe(String(v));
      }
    }
  }
}, 120_000);
