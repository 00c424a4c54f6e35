/**
 * Both hosts apply the same plan to the same workbook: the generated sheets must hold the same cells (values,
 * formulas, text, number formats) whether the .xlsx host wrote them to a file (read back with `readWorkbookFile`) or
 * the Office.js host wrote them into the simulated Excel host.
 */
import * as path from 'path';
import { analyze, buildNarrative, buildPlan, summarySheetName, type WritePlan } from '../../../src/engine';
import type { Cell, Workbook } from '../../../src/engine/grid';
import { REGISTRY_SHEET } from '../../../src/engine/plan-types';
import { applyPlan } from '../../../src/hosts/excel';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { readOwnershipFile, writeReportFile } from '../../../src/hosts/xlsx/write';
import { loadXlsx } from '../../support/excel-sim/node';
import { cellsByAddress, HOSTILE, SAMPLE, tempDir, writeLedger } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});

afterAll(async () => {
  await cleanup();
});

/** The plan as the command line builds it for a file. */
async function cliPlan(file: string): Promise<WritePlan> {
  const workbook = await readWorkbookFile(file);
  const ownership = await readOwnershipFile(file);
  const analysis = analyze(workbook, { skipSheets: ownership.owned });
  const options = { existingSheets: ownership.sheetNames, owned: ownership.owned };
  return buildPlan(
    analysis,
    buildNarrative(analysis, summarySheetName(analysis.options.lang, options)),
    options,
  );
}

/** Equal cells; numbers to 1e-9 (Excel computes formulas in binary floating point, the plan caches decimals). */
function same(x: Cell | undefined, y: Cell | undefined): boolean {
  if (x === undefined || y === undefined) return x === y;
  if (typeof x.v === 'number' && typeof y.v === 'number') {
    if (Math.abs(x.v - y.v) > 1e-9 * Math.max(1, Math.abs(x.v))) return false;
    return JSON.stringify({ ...x, v: 0 }) === JSON.stringify({ ...y, v: 0 });
  }
  return JSON.stringify(x) === JSON.stringify(y);
}

function differences(a: Workbook, b: Workbook, sheets: string[]): string[] {
  const out: string[] = [];
  for (const name of sheets) {
    const left = a.sheets.find((s) => s.name === name);
    const right = b.sheets.find((s) => s.name === name);
    if (!left || !right) {
      out.push(`${name}: missing on one side`);
      continue;
    }
    const l = cellsByAddress(left);
    const r = cellsByAddress(right);
    for (const address of new Set([...l.keys(), ...r.keys()])) {
      const x = l.get(address);
      const y = r.get(address);
      // A formula the .xlsx host wrote without a cached value reads back as null; Excel computes one.
      if (x?.f !== undefined && x.v === null && y?.f === x.f) continue;
      if (!same(x, y)) {
        out.push(`${name}!${address}: xlsx ${JSON.stringify(x)} / excel ${JSON.stringify(y)}`);
      }
      if (out.length > 20) return out;
    }
  }
  return out;
}

describe('the Office.js host and the .xlsx host write the same cells', () => {
  it.each([
    ['the sample workbook', async () => SAMPLE],
    [
      'a ledger with hostile project names',
      async () => writeLedger(path.join(dir, 'hostile.xlsx'), HOSTILE.length, (i) => HOSTILE[i]),
    ],
  ])('for %s', async (_what, input) => {
    const file = await input();
    const plan = await cliPlan(file);

    const out = path.join(dir, `${path.basename(file, '.xlsx')}-report.xlsx`);
    await writeReportFile(file, plan, out);
    const written = await readWorkbookFile(out);

    const sim = await loadXlsx(file);
    await applyPlan(sim.run, plan);
    const simulated = sim.toWorkbook();

    // Both hosts record their run in a custom XML part: neither writes a registry sheet.
    const generated = plan.sheets.map((s) => s.name);
    expect(written.sheets.map((s) => s.name)).not.toContain(REGISTRY_SHEET);
    expect(written.sheets.map((s) => s.name)).toEqual(simulated.sheets.map((s) => s.name));
    expect(differences(written, simulated, generated)).toEqual([]);
    for (const name of generated) {
      const merges = (wb: Workbook): unknown => wb.sheets.find((s) => s.name === name)?.merges ?? [];
      expect(merges(simulated)).toEqual(merges(written));
    }
  });
});
