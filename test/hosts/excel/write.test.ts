/**
 * The Office.js host's writer on the simulated Excel host: plans the engine builds from real .xlsx files, written
 * cell for cell, in requests under Excel on the web's 5 MB cap, cleaned up after a failure, never touching a sheet
 * Budget Review did not create; and the removal of a report.
 */
import { readdirSync } from 'fs';
import * as path from 'path';
import type { WritePlan } from '../../../src/engine';
import { REGISTRY_SHEET } from '../../../src/engine/plan-types';
import { parseRunRecord, planSheetFingerprint, RUN_RECORD_NAMESPACE } from '../../../src/engine/run-record';
import {
  applyPlan,
  ExcelHostError,
  readWorkbookSnapshot,
  undoLastRun,
  type ApplyResult,
  type Capabilities,
} from '../../../src/hosts/excel';
import { checkSnapshot, planReport } from '../../../src/taskpane/report';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { ExcelSimulator, MB } from '../../support/excel-sim';
import { loadXlsx } from '../../support/excel-sim/node';
import { HOSTILE, SAMPLE, tempDir, writeLedger } from './fixtures';
import { sheetProblems } from './plan-check';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});

afterAll(async () => {
  await cleanup();
});

/** The engine's plan for what the simulator holds now, as the task pane builds it. */
async function planFor(sim: ExcelSimulator, lang: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<WritePlan> {
  const snapshot = await readWorkbookSnapshot(sim.run);
  return planReport(snapshot, checkSnapshot(snapshot, {}, lang), lang).plan;
}

/** The run record the simulated workbook holds (its one part in the record's namespace). */
function recordOf(sim: ExcelSimulator) {
  const parts = sim.customXmlParts().filter((p) => p.namespace === RUN_RECORD_NAMESPACE);
  expect(parts).toHaveLength(1);
  return parseRunRecord(parts[0].xml);
}

function allProblems(sim: ExcelSimulator, plan: WritePlan, caps: Partial<Capabilities> = {}): string[] {
  return plan.sheets.flatMap((s) => sheetProblems(sim, s, plan.lang, { indents: caps.indentLevel === true }));
}

async function rejection(p: Promise<unknown>): Promise<ExcelHostError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ExcelHostError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

function report(label: string, sim: ExcelSimulator, result: ApplyResult): void {
  const stats = sim.stats();
  console.log(
    `write, ${label}: ${stats.syncs} syncs (${result.cellRequests} with cells, ${result.retries} retries), ` +
      `largest request ${stats.largestRequest} B (estimated ${result.largestEstimate} B), total ${stats.totalRequestBytes} B`,
  );
}

describe('applyPlan on the sample workbook', () => {
  it.each([
    ['zh-CN', { mergedAreas: true, indentLevel: true }],
    ['en-US', {}],
  ] as const)('writes every cell of the plan (%s)', async (lang, caps) => {
    const sim = await loadXlsx(SAMPLE);
    const before = sim.sheetNames();
    const plan = await planFor(sim, lang);
    sim.resetStats();
    const progress: number[] = [];
    const result = await applyPlan(sim.run, plan, {
      capabilities: caps,
      onProgress: (f) => progress.push(f),
    });
    report(`sample (${lang})`, sim, result);

    expect(sim.sheetNames()).toEqual([...before, ...plan.sheets.map((s) => s.name)]);
    expect(result.created).toEqual(plan.sheets.map((s) => s.name));
    expect(allProblems(sim, plan, caps)).toEqual([]);
    expect(sim.stats().uncomputed).toEqual([]);
    expect(sim.stats().largestRequest).toBeLessThan(5 * MB);
    expect(sim.stats().syncs).toBe(result.syncs);

    // No sheet of its own (no hidden registry), no setting: the run record, a custom XML part.
    expect(sim.settings()).toEqual({});
    expect(recordOf(sim)?.sheets).toEqual(
      plan.sheets.map((s) => ({
        role: s.role,
        name: s.name,
        id: sim.sheetId(s.name),
        fingerprint: planSheetFingerprint(s),
      })),
    );
    expect(sim.activeSheet()).toBe(plan.sheets[0].name);
    expect(result.activated).toBe(true);

    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('replaces the sheets of an earlier run, and only those', async () => {
    const sim = await loadXlsx(SAMPLE);
    const user = sim.sheetNames();
    const first = await planFor(sim);
    await applyPlan(sim.run, first);
    const second = await planFor(sim);
    expect(second.replaces).toEqual(first.sheets.map((s) => s.name));
    expect(second.sheets.map((s) => s.name)).toEqual(first.sheets.map((s) => s.name));
    const result = await applyPlan(sim.run, second);
    expect(result.replaced).toEqual(first.sheets.map((s) => s.name));
    expect(sim.sheetNames()).toEqual([...user, ...second.sheets.map((s) => s.name)]);
    expect(allProblems(sim, second)).toEqual([]);
    expect(recordOf(sim)?.sheets.map((s) => s.id)).toEqual(second.sheets.map((s) => sim.sheetId(s.name)));
  });
});

describe('round trips of a re-run and of the removal', () => {
  it('stay constant on the sample: a re-run proves the old report before replacing it', async () => {
    const sim = await loadXlsx(SAMPLE);
    await applyPlan(sim.run, await planFor(sim));
    const plan = await planFor(sim);
    sim.resetStats();
    const rerun = await applyPlan(sim.run, plan);
    // sheets; record; the old report's content; new sheets; layout; cells; merges, deletions, record; activation
    expect(rerun.syncs).toBe(8);
    expect(sim.stats().syncs).toBe(8);
    report('sample, re-run', sim, rerun);
    sim.resetStats();
    const removed = await undoLastRun(sim.run);
    // sheets; record; the report's content; deletions and record
    expect(removed.syncs).toBe(4);
    expect(sim.stats().syncs).toBe(4);
  });
});

describe('applyPlan on the layout fixtures', () => {
  const LAYOUTS = path.join(__dirname, '..', '..', 'fixtures', 'layouts');
  const files = readdirSync(LAYOUTS).filter((f) => f.endsWith('.xlsx'));
  const caps = { mergedAreas: true, indentLevel: true };
  let indents = 0;

  it.each(files)('writes the plan of %s cell for cell, in a constant number of requests', async (file) => {
    const sim = await loadXlsx(path.join(LAYOUTS, file));
    const plan = await planFor(sim);
    for (const sheet of plan.sheets) {
      for (const row of sheet.rows)
        for (const cell of row) if (cell?.kind === 'text' && cell.indent) indents++;
    }
    sim.resetStats();
    const result = await applyPlan(sim.run, plan, { capabilities: caps });
    expect(allProblems(sim, plan, caps)).toEqual([]);
    expect(sim.stats().uncomputed).toEqual([]);
    // sheet list; new sheets; names and layout; cells; merges and record; activation
    expect(result.syncs).toBe(6);
  });

  it('indented some outline rows among them', () => {
    expect(indents).toBeGreaterThan(0);
  });
});

describe('applyPlan keeps text as text', () => {
  it('writes hostile project names as the exact text', async () => {
    const file = await writeLedger(path.join(dir, 'hostile.xlsx'), HOSTILE.length, (i) => HOSTILE[i]);
    const sim = await loadXlsx(file);
    const plan = await planFor(sim);
    const labels = plan.sheets[0].rows.map((row) => row[1]).filter((c) => c?.kind === 'text');
    for (const name of HOSTILE) expect(labels.map((c) => c?.kind === 'text' && c.text)).toContain(name);
    await applyPlan(sim.run, plan);
    expect(allProblems(sim, plan)).toEqual([]);
  });
});

describe('applyPlan: requests', () => {
  let ten: string;
  let lakh: string;
  let twenty: string;
  beforeAll(async () => {
    ten = await writeLedger(path.join(dir, 'ledger-10.xlsx'), 10);
    twenty = await writeLedger(path.join(dir, 'ledger-20000.xlsx'), 20_000);
    lakh = await writeLedger(path.join(dir, 'ledger-100000.xlsx'), 100_000);
  }, 120_000);

  it('writes 10 rows in a constant number of requests', async () => {
    const sim = await loadXlsx(ten);
    const plan = await planFor(sim);
    sim.resetStats();
    const result = await applyPlan(sim.run, plan);
    report('10 rows', sim, result);
    expect(result.cellRequests).toBe(1);
    expect(sim.stats().syncs).toBe(6); // sheet list, new sheets, their names and layout, cells, finish, activation
    expect(allProblems(sim, plan)).toEqual([]);
  });

  it('writes 100,000 rows in ~4 MB requests, every request under 5 MB', async () => {
    const sim = ExcelSimulator.fromWorkbook(await readWorkbookFile(lakh));
    const plan = await planFor(sim);
    sim.resetStats();
    const result = await applyPlan(sim.run, plan);
    report('100,000 rows', sim, result);
    const stats = sim.stats();
    expect(stats.largestRequest).toBeLessThan(5 * MB);
    expect(stats.largestRequest).toBeLessThanOrEqual(result.largestEstimate); // the estimate errs on the safe side
    // Requests grow with the bytes (≈ total / 4 MB at most, the estimate being on the safe side) plus a constant.
    expect(result.cellRequests).toBeLessThanOrEqual(Math.ceil(stats.totalRequestBytes / MB) + 1);
    expect(stats.syncs).toBe(result.cellRequests + 5);
    expect(allProblems(sim, plan, {})).toEqual([]);
    expect(stats.uncomputed).toEqual([]);
  }, 300_000);

  it('retries a block in halves when Excel refuses it as too large, and still writes everything', async () => {
    const sim = ExcelSimulator.fromWorkbook(await readWorkbookFile(twenty));
    const plan = await planFor(sim);
    let refused = 0;
    sim.onRequest((request) => {
      if (refused === 0 && request.bytes > MB) {
        refused++;
        return { code: 'RequestPayloadSizeLimitExceeded' };
      }
      return undefined;
    });
    sim.resetStats();
    const result = await applyPlan(sim.run, plan);
    report('20,000 rows, first big block refused', sim, result);
    expect(refused).toBe(1);
    expect(result.retries).toBe(1);
    expect(sim.stats().requests.filter((r) => r.outcome === 'RequestPayloadSizeLimitExceeded')).toHaveLength(
      1,
    );
    expect(allProblems(sim, plan)).toEqual([]);
  }, 120_000);

  it('keeps halving when Excel’s limit is far below the budget', async () => {
    const grids = await readWorkbookFile(twenty);
    const sim = ExcelSimulator.fromWorkbook(grids, { limits: { requestBytes: 700_000 } });
    const plan = await planFor(sim);
    sim.resetStats();
    const result = await applyPlan(sim.run, plan);
    report('20,000 rows, 700 kB limit', sim, result);
    expect(result.retries).toBeGreaterThan(1);
    const ok = sim.stats().requests.filter((r) => r.outcome === 'ok');
    expect(Math.max(...ok.map((r) => r.bytes))).toBeLessThan(700_000);
    expect(allProblems(sim, plan)).toEqual([]);
  }, 120_000);

  it('reports the cells requests of a small budget in step with the bytes', async () => {
    const sim = ExcelSimulator.fromWorkbook(await readWorkbookFile(twenty));
    const plan = await planFor(sim);
    sim.resetStats();
    const small = await applyPlan(sim.run, plan, { requestBudget: MB / 2 });
    expect(small.cellRequests).toBeGreaterThan(4);
    expect(sim.stats().largestRequest).toBeLessThan(MB / 2);
  }, 120_000);
});

describe('applyPlan after a failure', () => {
  /** A run that fails at its `n`-th sync, on a workbook that already holds an earlier run's report. */
  async function failAt(n: number) {
    const sim = await loadXlsx(SAMPLE);
    await applyPlan(sim.run, await planFor(sim));
    const namesBefore = sim.sheetNames();
    const idsBefore = namesBefore.map((name) => sim.sheetId(name));
    const partsBefore = sim.customXmlParts();
    const summary = sim.cell('执行汇总', 'A1').value;
    const plan = await planFor(sim);
    sim.resetStats();
    sim.failSync(n, 'GeneralException');
    const error = await rejection(applyPlan(sim.run, plan));
    return { sim, error, namesBefore, idsBefore, partsBefore, summary };
  }

  // Syncs of a rerun on the sample: 1 sheet list, 2 record, 3 the replaced sheets' content, 4 new sheets,
  // 5 names and layout, 6 cells, 7 merges, deletions and record.
  it.each([4, 5, 6, 7])(
    'at sync %i: removes what it created, restores what it replaced and the record, and rethrows',
    async (n) => {
      const { sim, error, namesBefore, idsBefore, partsBefore, summary } = await failAt(n);
      expect(error.code).toBe('excel');
      expect(error.excelCode).toBe('GeneralException');
      expect(error.rolledBack).toBe(true);
      expect(sim.sheetNames()).toEqual(namesBefore);
      expect(sim.customXmlParts()).toEqual(partsBefore);
      expect(sim.cell('执行汇总', 'A1').value).toBe(summary);
      // The same sheets: the earlier report kept, not re-created.
      expect(sim.sheetNames().map((name) => sim.sheetId(name))).toEqual(idsBefore);
      // And the earlier report is still provably Budget Review's.
      expect((await readWorkbookSnapshot(sim.run)).owned).toEqual(namesBefore.slice(-4));
    },
  );

  it('leaves no sheet behind when a first run fails while writing cells', async () => {
    const sim = await loadXlsx(SAMPLE);
    const before = sim.sheetNames();
    const plan = await planFor(sim);
    sim.resetStats();
    sim.failSync(4, 'GeneralException'); // sheet list, new sheets, names and layout, then the cells
    const error = await rejection(applyPlan(sim.run, plan));
    expect(error).toMatchObject({ code: 'excel', excelCode: 'GeneralException', rolledBack: true });
    expect(sim.sheetNames()).toEqual(before);
    expect(sim.settings()).toEqual({});
    expect(sim.customXmlParts()).toEqual([]);
  });

  it('keeps a sheet someone else added meanwhile under a name the run was about to give', async () => {
    const sim = await loadXlsx(SAMPLE);
    const before = sim.sheetNames();
    const plan = await planFor(sim);
    const contested = plan.sheets[1].name;
    sim.resetStats();
    sim.onRequest((request) => {
      // Between the request that adds the new sheets and the one that names them.
      if (request.index === 3) sim.addSheetNow(contested, [['someone else’s']]);
      return undefined;
    });
    const error = await rejection(applyPlan(sim.run, plan));
    expect(error).toMatchObject({ code: 'excel', excelCode: 'ItemAlreadyExists', rolledBack: true });
    expect(sim.sheetNames()).toEqual([...before, contested]);
    expect(sim.cell(contested, 'A1').value).toBe('someone else’s');
  });

  it('says so when the clean-up fails too', async () => {
    const sim = await loadXlsx(SAMPLE);
    const plan = await planFor(sim);
    sim.resetStats();
    sim.failSync(4, 'GeneralException');
    sim.failSync(6, 'GeneralException'); // the clean-up's second request
    const error = await rejection(applyPlan(sim.run, plan));
    expect(error.excelCode).toBe('GeneralException');
    expect(error.rolledBack).toBe(false);
    expect(error.rollbackError).toBeDefined();
  });
});

describe('applyPlan never touches a sheet it did not create', () => {
  it('refuses a plan that would create a sheet whose name a user sheet has', async () => {
    const sim = await loadXlsx(SAMPLE);
    const plan = await planFor(sim);
    // The user adds a sheet of that name between planning and writing.
    await sim.run(async (context) => {
      context.workbook.worksheets.add(plan.sheets[0].name).getRange('A1').values = [['mine']];
      await context.sync();
    });
    const before = sim.sheetNames();
    sim.resetStats();
    const error = await rejection(applyPlan(sim.run, plan));
    expect(error.code).toBe('conflict');
    expect(sim.sheetNames()).toEqual(before);
    expect(sim.cell(plan.sheets[0].name, 'A1').value).toBe('mine');
    expect(sim.undoDepth()).toBe(1); // the user's sheet alone: the run changed nothing
    expect(sim.customXmlParts()).toEqual([]);
  });

  it('refuses to replace a user sheet', async () => {
    const sim = await loadXlsx(SAMPLE);
    const plan = await planFor(sim);
    const error = await rejection(applyPlan(sim.run, { ...plan, replaces: ['专项经费'] }));
    expect(error.code).toBe('conflict');
    expect(error.detail).toContain('专项经费');
  });

  it('takes a visible sheet named like the old registry for what it is: a user’s sheet, read and kept', async () => {
    const grids = await readWorkbookFile(SAMPLE);
    grids.sheets.push({ name: REGISTRY_SHEET, rows: [[{ v: 'a user sheet' }]] });
    const sim = ExcelSimulator.fromWorkbook(grids);
    const snapshot = await readWorkbookSnapshot(sim.run);
    expect(snapshot.workbook.sheets.map((s) => s.name)).toContain(REGISTRY_SHEET);
    await applyPlan(sim.run, await planFor(sim));
    await undoLastRun(sim.run);
    expect(sim.cell(REGISTRY_SHEET, 'A1').value).toBe('a user sheet');
    expect(sim.visibility(REGISTRY_SHEET)).toBe('Visible');
  });

  it('refuses an invalid plan before sending anything', async () => {
    const sim = await loadXlsx(SAMPLE);
    const plan = await planFor(sim);
    sim.resetStats();
    const bad: WritePlan = {
      ...plan,
      sheets: [
        {
          ...plan.sheets[0],
          rows: [[{ kind: 'formula', formula: '=A1', cached: null, cachedType: 'number' }]],
        },
      ],
    };
    const error = await rejection(applyPlan(sim.run, bad));
    expect(error.code).toBe('plan');
    expect(sim.stats().syncs).toBe(0);
  });
});

describe('undoLastRun (removing the generated sheets)', () => {
  it('removes exactly the sheets of the report and the record', async () => {
    const sim = await loadXlsx(SAMPLE);
    const before = sim.sheetNames();
    const plan = await planFor(sim);
    await applyPlan(sim.run, plan);
    const result = await undoLastRun(sim.run);
    expect(result.deleted).toEqual(plan.sheets.map((s) => s.name));
    expect(result.skipped).toEqual([]);
    expect(sim.sheetNames()).toEqual(before);
    expect(sim.settings()).toEqual({});
    expect(sim.customXmlParts()).toEqual([]);
  });

  it('removes the sheets of the last of two runs', async () => {
    const sim = await loadXlsx(SAMPLE);
    const before = sim.sheetNames();
    await applyPlan(sim.run, await planFor(sim));
    await applyPlan(sim.run, await planFor(sim));
    await undoLastRun(sim.run);
    expect(sim.sheetNames()).toEqual(before);
  });

  it('leaves a sheet the user put in place of a deleted report sheet', async () => {
    const sim = await loadXlsx(SAMPLE);
    const plan = await planFor(sim);
    await applyPlan(sim.run, plan);
    const last = plan.sheets[plan.sheets.length - 1].name;
    await sim.run(async (context) => {
      context.workbook.worksheets.getItem(last).delete();
      context.workbook.worksheets.add(last).getRange('A1').values = [['my notes']];
      await context.sync();
    });
    const result = await undoLastRun(sim.run);
    expect(result.skipped).toEqual([{ name: last, reason: 'changed' }]);
    expect(sim.sheetNames()).toContain(last);
    expect(sim.cell(last, 'A1').value).toBe('my notes');
    for (const s of plan.sheets.slice(0, -1)) expect(sim.sheetNames()).not.toContain(s.name);
  });

  it('leaves a generated sheet the user wrote into, and says so', async () => {
    const sim = await loadXlsx(SAMPLE);
    const plan = await planFor(sim);
    await applyPlan(sim.run, plan);
    const summary = plan.sheets[0].name;
    sim.typeInto(summary, 'Z1', '我的备注');
    const result = await undoLastRun(sim.run);
    expect(result.skipped).toEqual([{ name: summary, reason: 'changed' }]);
    expect(result.deleted).toEqual(plan.sheets.slice(1).map((s) => s.name));
    expect(sim.cell(summary, 'Z1').value).toBe('我的备注');
  });

  it('does nothing without a record', async () => {
    const sim = await loadXlsx(SAMPLE);
    const before = sim.sheetNames();
    expect(await undoLastRun(sim.run)).toMatchObject({ deleted: [], skipped: [] });
    expect(sim.sheetNames()).toEqual(before);
  });
});
