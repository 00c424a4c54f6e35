/**
 * `budget-review report` on the sample workbook, read by a real spreadsheet client: LibreOffice opens the report,
 * recalculates every formula, and each summary formula must come to the value the writer cached (the value a
 * viewer that does not recalculate shows).
 *
 * A real-client test (run by `npm run test:e2e`): needs LibreOffice (`soffice`), and fails with the package to
 * install when it is missing.
 */
import * as path from 'path';
import { run, type CliIO } from '../../src/cli/main';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { tempDir } from '../fixtures/xlsx-host/build';
import { csvCell, csvNumber, recalculatedValues, requireSoffice } from '../support/libreoffice';

const SAMPLE = path.resolve(__dirname, '..', '..', 'samples', 'kaifu-2020.xlsx');

let dir: string;
let cleanup: () => Promise<void>;
let soffice: string;
let out: string;

beforeAll(async () => {
  soffice = requireSoffice();
  ({ dir, cleanup } = await tempDir('budget-review-report-lo-'));
  out = path.join(dir, 'report.xlsx');
  let stderr = '';
  const io: CliIO = {
    stdout: { write: () => true },
    stderr: { write: (c: string) => (stderr += c) },
  };
  const code = await run(['report', SAMPLE, '--out', out], io);
  // 1: the sample has errors, which the report lists; anything else is a failure to write it.
  if (code !== 1 || stderr !== '') throw new Error(`report exited ${code}: ${stderr}`);
});

afterAll(async () => cleanup?.());

test('every summary formula of the report on the sample recalculates in LibreOffice to its cached value', async () => {
  const output = await readWorkbookFile(out);
  const values = await recalculatedValues(out, { soffice });
  let checked = 0;
  for (const name of ['执行汇总']) {
    const sheet = output.sheets.find((s) => s.name === name);
    sheet?.rows.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell?.f) return;
        const address = `${String.fromCharCode(65 + c)}${r + 1}`;
        const lo = csvCell(values[name], address);
        if (typeof cell.v === 'number') {
          const got = csvNumber(lo);
          if (got === null)
            throw new Error(`${name}!${address}: LibreOffice gives "${lo}", cached ${cell.v}`);
          expect(Math.abs(got - cell.v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(cell.v)));
        } else expect(lo).toBe(String(cell.v ?? ''));
        checked++;
      }),
    );
  }
  expect(checked).toBeGreaterThan(100);
}, 120_000);
