/**
 * The Office.js host against what real Excel does and the simulator now models (test/support/excel-sim): Excel's own
 * undo stack, cell-edit mode, a protected structure, another workbook in focus, `null` reads past five million
 * cells, ids recycled on the Mac or changed by a reopen, very hidden sheets that cannot be deleted, workbooks the
 * command line wrote. Each scenario ends with the workbook as the user expects it: the user's sheets exactly as they
 * were, Budget Review's own sheets there or gone as asked, and nothing of the user's deleted.
 */
import { readdirSync } from 'fs';
import * as path from 'path';
import { REGISTRY_SHEET } from '../../../src/engine/plan-types';
import { planSheetFingerprint, RUN_RECORD_NAMESPACE } from '../../../src/engine/run-record';
import {
  applyPlan,
  ExcelHostError,
  LEGACY_SETTING,
  readWorkbookSnapshot,
  undoLastRun,
  type ApplyResult,
} from '../../../src/hosts/excel';
import { readWorkbookFile } from '../../../src/hosts/xlsx/read';
import { readUsedRanges } from '../../../src/hosts/excel/used-range';
import { fingerprintRead } from '../../../src/hosts/excel/record';
import { checkSnapshot, planReport } from '../../../src/taskpane/report';
import { ExcelSimulator, type LoadOptions } from '../../support/excel-sim';
import { loadXlsx } from '../../support/excel-sim/node';
import { HOSTILE, normalized, reportWithCli, SAMPLE, tempDir, writeLedger } from './fixtures';
import { asEarlierVersion } from '../xlsx/support';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});

afterAll(async () => {
  await cleanup();
});

/** What the pane does on 生成: read, check, plan (replacing only what is provably Budget Review's), write. */
async function generate(sim: ExcelSimulator): Promise<ApplyResult & { kept: string[] }> {
  const snapshot = await readWorkbookSnapshot(sim.run);
  const report = planReport(snapshot, checkSnapshot(snapshot, {}, 'zh-CN'), 'zh-CN');
  return { ...(await applyPlan(sim.run, report.plan, { proven: report.proven })), kept: report.kept };
}

/** A report the command line writes on the sample, as the version before the run record wrote it. */
async function cliAsEarlierVersion(name: string): Promise<string> {
  const current = path.join(dir, `current-${name}`);
  await reportWithCli(SAMPLE, current);
  const out = path.join(dir, name);
  await asEarlierVersion(current, out);
  return out;
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

/** The named sheets of the simulated workbook, cell by cell (for "exactly as they were"). */
function sheetsOf(sim: ExcelSimulator, names: string[]): ReturnType<typeof normalized> {
  const all = sim.toWorkbook();
  return normalized({ sheets: all.sheets.filter((s) => names.includes(s.name)) });
}

/** The sample loaded, with its user sheets' names and cells as they start. */
async function sample(options: LoadOptions = {}) {
  const sim = await loadXlsx(SAMPLE, options);
  const user = sim.sheetNames();
  return { sim, user, cells: sheetsOf(sim, user) };
}

const platforms = ['web', 'windows', 'mac'] as const;

describe('generate twice, then remove, on every platform', () => {
  it.each(platforms)(
    '%s: the second run replaces the first, the removal leaves the user’s sheets alone',
    async (p) => {
      const { sim, user, cells } = await sample({ platform: p });
      const first = await generate(sim);
      const second = await generate(sim);
      expect(second.replaced).toEqual(first.created);
      expect(second.created).toEqual(first.created);
      expect(sim.sheetNames()).toEqual([...user, ...second.created]);
      const removed = await undoLastRun(sim.run);
      expect(removed.deleted).toEqual(second.created);
      expect(sim.sheetNames()).toEqual(user);
      expect(sheetsOf(sim, user)).toEqual(cells);
      expect(sim.customXmlParts()).toEqual([]);
      expect(sim.settings()).toEqual({});
    },
  );
});

describe('Excel’s own undo (Ctrl+Z) after a report', () => {
  it('whatever Ctrl+Z takes back, the record still matches: the removal then leaves exactly the user’s sheets', async () => {
    const probe = await sample();
    await generate(probe.sim);
    const depth = probe.sim.undoDepth();
    expect(depth).toBeGreaterThan(3); // one record per request: Excel's stack holds the report's steps
    for (let k = 1; k <= depth; k++) {
      const { sim, user, cells } = await sample();
      await generate(sim);
      for (let i = 0; i < k; i++) expect(sim.userUndo()).toBe(true);
      const snapshot = await readWorkbookSnapshot(sim.run);
      expect(snapshot.changed).toEqual([]);
      const removed = await undoLastRun(sim.run);
      expect(removed.skipped).toEqual([]);
      expect(sim.sheetNames()).toEqual(user);
      expect(sheetsOf(sim, user)).toEqual(cells);
      expect(sim.customXmlParts()).toEqual([]);
    }
  });

  it('a report generated after Ctrl+Z replaces what Ctrl+Z left, and nothing is left twice', async () => {
    const { sim, user, cells } = await sample();
    const first = await generate(sim);
    sim.userUndo(); // the last request: merges and the final record
    sim.userUndo(); // the cells
    const second = await generate(sim);
    expect(second.created).toEqual(first.created);
    expect(sim.sheetNames()).toEqual([...user, ...second.created]);
    expect(sheetsOf(sim, user)).toEqual(cells);
  });

  it('cannot go back past a re-run or a removal (Excel does not undo a deleted sheet)', async () => {
    const { sim } = await sample();
    await generate(sim);
    await generate(sim);
    // The re-run deleted the first report's sheets; at most the record written after that can be taken back.
    expect(sim.undoDepth()).toBeLessThanOrEqual(1);
    await undoLastRun(sim.run);
    while (sim.userUndo()) {
      // a part restored by Ctrl+Z names sheets that are gone: harmless
    }
    const snapshot = await readWorkbookSnapshot(sim.run);
    expect(snapshot.owned).toEqual([]);
  });
});

describe('cell-edit mode in the middle of a run', () => {
  it.each([
    ['reading the sheets', 1],
    ['adding the sheets', 2],
    ['writing the cells', 4],
    ['finishing', 5],
  ])('waits while the user edits a cell (%s), then finishes the report', async (_when, at) => {
    const { sim, user, cells } = await sample();
    const plan = planReport(
      await readWorkbookSnapshot(sim.run),
      checkSnapshot(await readWorkbookSnapshot(sim.run), {}, 'zh-CN'),
      'zh-CN',
    ).plan;
    sim.resetStats();
    sim.onRequest((request) => {
      if (request.index === at) sim.enterCellEdit();
      return undefined;
    });
    const running = applyPlan(sim.run, plan);
    await sim.whenWaitingForCellEdit();
    expect(sim.waitingForCellEdit).toBe(1);
    sim.typeInto(user[0], 'Z99', '正在输入');
    sim.exitCellEdit();
    const result = await running;
    expect(sim.sheetNames()).toEqual([...user, ...result.created]);
    expect(sim.stats().requests.every((r) => r.outcome === 'ok')).toBe(true);
    expect(sim.cell(user[0], 'Z99').value).toBe('正在输入');
    const after = sheetsOf(sim, user);
    delete after[user[0]].cells.Z99;
    expect(after).toEqual(cells);
  });

  it('the removal and the read wait too', async () => {
    const { sim, user } = await sample();
    await generate(sim);
    sim.enterCellEdit();
    const removing = undoLastRun(sim.run);
    await sim.whenWaitingForCellEdit();
    sim.exitCellEdit();
    await removing;
    expect(sim.sheetNames()).toEqual(user);
  });
});

describe('a workbook whose structure is protected', () => {
  it('is read and checked, but a report is refused before anything changes, with its own reason', async () => {
    const { sim, user, cells } = await sample({ protectedStructure: true });
    const snapshot = await readWorkbookSnapshot(sim.run);
    expect(snapshot.workbook.sheets.map((s) => s.name)).toEqual(user);
    const error = await rejection(generate(sim));
    expect(error.code).toBe('protected');
    expect(sim.sheetNames()).toEqual(user);
    expect(sheetsOf(sim, user)).toEqual(cells);
    expect(sim.customXmlParts()).toEqual([]);
    expect(sim.undoDepth()).toBe(0);
  });

  it('keeps the report when the removal is asked while protected, and removes it once unprotected', async () => {
    const { sim, user } = await sample();
    const report = await generate(sim);
    sim.setStructureProtected(true);
    expect((await rejection(undoLastRun(sim.run))).code).toBe('protected');
    expect(sim.sheetNames()).toEqual([...user, ...report.created]);
    sim.setStructureProtected(false);
    await undoLastRun(sim.run);
    expect(sim.sheetNames()).toEqual(user);
  });
});

describe('another workbook in focus (InactiveWorkbook)', () => {
  it('when the focus goes before the sheets are added: says so, and the workbook is as it was', async () => {
    const { sim, user, cells } = await sample({ platform: 'windows' });
    sim.onRequest((request) => {
      if (request.index === 2) sim.setFocus(false);
      return undefined;
    });
    const error = await rejection(generate(sim));
    expect(error).toMatchObject({ code: 'excel', excelCode: 'InactiveWorkbook', rolledBack: true });
    expect(sim.sheetNames()).toEqual(user);
    expect(sheetsOf(sim, user)).toEqual(cells);
    expect(sim.customXmlParts()).toEqual([]);
  });

  it('when the focus goes at the end of a re-run: the clean-up cannot finish, and the next run or removal can', async () => {
    const { sim, user, cells } = await sample({ platform: 'windows' });
    await generate(sim);
    const snapshot = await readWorkbookSnapshot(sim.run);
    const plan = planReport(snapshot, checkSnapshot(snapshot, {}, 'zh-CN'), 'zh-CN').plan;
    sim.resetStats();
    sim.onRequest((request) => {
      // 1 sheets, 2 record, 3 content of the old report, 4 add, 5 layout, 6 cells, 7 merges and deletions
      if (request.index === 7) sim.setFocus(false);
      return undefined;
    });
    const error = await rejection(applyPlan(sim.run, plan));
    expect(error).toMatchObject({ code: 'excel', excelCode: 'InactiveWorkbook', rolledBack: false });
    // Two reports' sheets are left (the old ones under temporary names): every one is provably Budget Review's.
    sim.setFocus(true);
    const left = await readWorkbookSnapshot(sim.run);
    expect(left.owned).toHaveLength(2 * plan.sheets.length);
    expect(left.workbook.sheets.map((s) => s.name)).toEqual(user);
    const again = await generate(sim);
    expect(sim.sheetNames()).toEqual([...user, ...again.created]);
    await undoLastRun(sim.run);
    expect(sim.sheetNames()).toEqual(user);
    expect(sheetsOf(sim, user)).toEqual(cells);
  });

  it('when the focus goes just before the report is shown: the report stays, not activated', async () => {
    const { sim, user } = await sample({ platform: 'mac' });
    sim.onRequest((request) => {
      if (request.index === 6) sim.setFocus(false); // 1 sheets, 2 add, 3 layout, 4 cells, 5 finish, 6 activate
      return undefined;
    });
    const result = await generate(sim);
    expect(result.activated).toBe(false);
    expect(sim.sheetNames()).toEqual([...user, ...result.created]);
    expect((await readWorkbookSnapshot(sim.run)).owned).toEqual(result.created);
  });
});

describe('sheet ids that are not to be trusted', () => {
  it('Mac: a user’s sheet that got a deleted report sheet’s id is never deleted or replaced', async () => {
    const { sim, user, cells } = await sample({ platform: 'mac' });
    const report = await generate(sim);
    const summary = report.created[0];
    const summaryId = sim.sheetId(summary);
    sim.deleteSheetNow(summary);
    sim.addSheetNow('我的笔记', [['记录', 1]]);
    expect(sim.sheetId('我的笔记')).toBe(summaryId); // the recycled id
    const snapshot = await readWorkbookSnapshot(sim.run);
    expect(snapshot.changed).toEqual(['我的笔记']);
    expect(snapshot.workbook.sheets.map((s) => s.name)).toEqual([...user, '我的笔记']);
    const again = await generate(sim);
    expect(sim.cell('我的笔记', 'A1').value).toBe('记录');
    const removed = await undoLastRun(sim.run);
    expect(removed.deleted).toEqual(again.created);
    expect(sim.sheetNames()).toEqual([...user, '我的笔记']);
    expect(sheetsOf(sim, user)).toEqual(cells);
  });

  it('after a reopen (new ids), the report is still found by name and content, and replaced', async () => {
    const { sim, user } = await sample();
    const report = await generate(sim);
    sim.reopen();
    const again = await generate(sim);
    expect(again.replaced).toEqual(report.created);
    expect(sim.sheetNames()).toEqual([...user, ...again.created]);
  });

  it('a user’s sheet named like a report sheet after the report was removed by hand is the user’s', async () => {
    const { sim, user } = await sample();
    const report = await generate(sim);
    for (const name of report.created) sim.deleteSheetNow(name);
    sim.addSheetNow(report.created[0], [['我自己的汇总']]);
    const again = await generate(sim);
    expect(again.created[0]).not.toBe(report.created[0]);
    expect(sim.cell(report.created[0], 'A1').value).toBe('我自己的汇总');
    await undoLastRun(sim.run);
    expect(sim.sheetNames()).toEqual([...user, report.created[0]]);
  });
});

describe('reads that come back null past Excel’s cell limit', () => {
  it('reads in smaller blocks: the same grids, the same report, the same removal', async () => {
    const normal = await sample();
    const small = await sample({ limits: { readCells: 60 } });
    const a = await readWorkbookSnapshot(normal.sim.run);
    const b = await readWorkbookSnapshot(small.sim.run);
    expect(b.blocked).toBe(true);
    expect(normalized(b.workbook)).toEqual(normalized(a.workbook));
    expect(small.sim.stats().requests.every((r) => r.outcome === 'ok')).toBe(true);
    const first = await generate(small.sim);
    const second = await generate(small.sim);
    expect(second.replaced).toEqual(first.created);
    await undoLastRun(small.sim.run);
    expect(small.sim.sheetNames()).toEqual(small.user);
  });
});

describe('workbooks the command line wrote', () => {
  it('with an older version’s very hidden registry: replaced in place, the registry unhidden and deleted', async () => {
    const out = await cliAsEarlierVersion('cli-legacy.xlsx');
    const sim = await loadXlsx(out);
    const names = sim.sheetNames();
    const user = (await readWorkbookFile(SAMPLE)).sheets.map((s) => s.name);
    const cells = sheetsOf(sim, user);
    expect(names).toContain(REGISTRY_SHEET);
    expect(sim.visibility(REGISTRY_SHEET)).toBe('VeryHidden');
    const snapshot = await readWorkbookSnapshot(sim.run);
    expect(snapshot.legacy.map((l) => l.name)).toEqual(
      names.filter((n) => !user.includes(n) && n !== REGISTRY_SHEET),
    );
    const report = await generate(sim);
    expect(report.kept).toEqual([]);
    expect(report.migrated).toBe(true);
    expect(report.replaced).toEqual(snapshot.legacy.map((l) => l.name));
    expect(sim.sheetNames()).toEqual([...user, ...report.created]);
    expect(sheetsOf(sim, user)).toEqual(cells);
    expect((await readWorkbookSnapshot(sim.run)).owned).toEqual(report.created);
    await undoLastRun(sim.run);
    expect(sim.sheetNames()).toEqual(user);
  });

  it('with an older add-in’s records too (the setting): both removed by the first report', async () => {
    const out = await cliAsEarlierVersion('cli-legacy-setting.xlsx');
    const probe = await loadXlsx(out);
    expect(probe.sheetNames()).toContain(REGISTRY_SHEET);
    const user = (await readWorkbookFile(SAMPLE)).sheets.map((s) => s.name);
    const generated = probe.sheetNames().filter((n) => !user.includes(n) && n !== REGISTRY_SHEET);
    const sim = await loadXlsx(out, {
      settings: {
        [LEGACY_SETTING]: {
          version: 1,
          sheets: generated.map((name) => ({ name, id: probe.sheetId(name) })),
        },
      },
    });
    const report = await generate(sim);
    expect(report.migrated).toBe(true);
    expect(sim.settings()).toEqual({});
    expect(sim.sheetNames()).toEqual([...user, ...report.created]);
  });

  it('keeps a generated sheet the user changed in a workbook an older version wrote, and says so', async () => {
    const out = await cliAsEarlierVersion('cli-legacy-changed.xlsx');
    const sim = await loadXlsx(out);
    expect(sim.sheetNames()).toContain(REGISTRY_SHEET);
    const user = (await readWorkbookFile(SAMPLE)).sheets.map((s) => s.name);
    const summary = sim.sheetNames().find((n) => !user.includes(n)) as string;
    sim.typeInto(summary, 'A1', '我改过的标题');
    const report = await generate(sim);
    expect(report.kept).toContain(summary);
    expect(report.created[0]).not.toBe(summary);
    expect(sim.cell(summary, 'A1').value).toBe('我改过的标题');
    expect(sim.sheetNames()).not.toContain(REGISTRY_SHEET);
    await undoLastRun(sim.run);
    expect(sim.sheetNames()).toEqual([...user, summary]);
  });

  it('with its run record part (ids `sheetId:N`, not Office.js ids): matched by name and content', async () => {
    const cli = path.join(dir, 'cli.xlsx');
    await reportWithCli(SAMPLE, cli);
    const user = (await readWorkbookFile(SAMPLE)).sheets.map((s) => s.name);
    const sim = await loadXlsx(cli);
    expect(sim.customXmlParts().map((p) => p.namespace)).toEqual([RUN_RECORD_NAMESPACE]);
    const generated = sim.sheetNames().filter((n) => !user.includes(n));
    expect(generated.length).toBeGreaterThan(0);
    const cells = sheetsOf(sim, user);
    // Every sheet the command line wrote has the fingerprint it recorded, as Excel reads it back.
    const read = await readWorkbookSnapshot(sim.run);
    expect(read.owned).toEqual(generated);
    expect(read.changed).toEqual([]);
    const report = await generate(sim);
    expect(report.replaced).toEqual(generated);
    expect(sim.sheetNames()).toEqual([...user, ...report.created]);
    expect(sheetsOf(sim, user)).toEqual(cells);
    expect(sim.customXmlParts().filter((p) => p.namespace === RUN_RECORD_NAMESPACE)).toHaveLength(1);
  });
});

describe('the fingerprint recorded at creation is what Excel reads back', () => {
  const LAYOUTS = path.join(__dirname, '..', '..', 'fixtures', 'layouts');
  it.each([
    ['the sample', async () => SAMPLE],
    [
      'hostile project names',
      async () => writeLedger(path.join(dir, 'hostile.xlsx'), HOSTILE.length, (i) => HOSTILE[i]),
    ],
    ...readdirSync(LAYOUTS)
      .filter((f) => f.endsWith('.xlsx'))
      .map((f): [string, () => Promise<string>] => [f, async () => path.join(LAYOUTS, f)]),
  ])('for %s: the plan’s fingerprint equals the read-back one for every sheet', async (_what, input) => {
    const sim = await loadXlsx(await input());
    const snapshot = await readWorkbookSnapshot(sim.run);
    const { plan } = planReport(snapshot, checkSnapshot(snapshot, {}, 'zh-CN'), 'zh-CN');
    await applyPlan(sim.run, plan);
    const read = await sim.run(async (context) => {
      const targets = plan.sheets.map((s) => ({
        sheet: context.workbook.worksheets.getItem(s.name),
        arrays: ['formulas'] as const,
      }));
      return (
        await readUsedRanges(context, targets, { mergedAreas: false, indentLevel: false, pageLayout: false })
      ).reads;
    });
    expect(read.map(fingerprintRead)).toEqual(plan.sheets.map(planSheetFingerprint));
  });
});
