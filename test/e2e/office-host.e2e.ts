/**
 * The built task pane in headless Chromium against the stricter simulated Excel: reports generated twice and
 * removed, workbooks the command line wrote, cell-edit mode in the middle of a run, a protected workbook, a sheet id
 * recycled on the Mac; and the engine in its Web Worker: the pane keeps answering while a 100,000-row workbook is
 * checked, and Cancel stops the check. Every scenario ends with the user's sheets as they were.
 *
 * Run with `npm run test:e2e` (it builds dist/ and the fake office.js first).
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { Workbook } from '../../src/engine';
import { REGISTRY_SHEET } from '../../src/engine/plan-types';
import { RUN_RECORD_NAMESPACE } from '../../src/engine/run-record';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { reportWithCli, tempDir } from '../hosts/excel/fixtures';
import { readForHarness } from '../support/excel-sim/node';
import type { HarnessConfig } from './fake-office';
import {
  launchChromium,
  openPane,
  requireBuilds,
  SAMPLE,
  screenshot,
  serveStatic,
  type Pane,
  type StaticServer,
} from './support';

jest.setTimeout(240_000);

let server: StaticServer;
let browser: Browser;
let workbook: Workbook;
let user: string[];
let dir: string;
let cleanup: () => Promise<void>;
const open: Pane[] = [];

beforeAll(async () => {
  requireBuilds();
  let file: Workbook;
  [server, browser, file, { dir, cleanup }] = await Promise.all([
    serveStatic('dist'),
    launchChromium(),
    readWorkbookFile(SAMPLE),
    tempDir(),
  ]);
  workbook = { name: file.name, sheets: file.sheets };
  user = file.sheets.map((s) => s.name);
});

afterEach(async () => {
  for (const pane of open.splice(0)) await pane.context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cleanup?.();
});

function config(extra: Partial<HarnessConfig> = {}): { office: 'excel' } & HarnessConfig {
  return { office: 'excel', workbook, apiVersion: '1.17', displayLanguage: 'zh-CN', ...extra };
}

async function pane(options: Parameters<typeof openPane>[2]): Promise<Page> {
  const p = await openPane(browser, server.url, options);
  open.push(p);
  return p.page;
}

const sim = {
  sheetNames: (page: Page) => page.evaluate(() => window.__E2E__?.sim.sheetNames() ?? []),
  parts: (page: Page) =>
    page.evaluate(() => window.__E2E__?.sim.customXmlParts().map((p) => p.namespace) ?? []),
  cell: (page: Page, sheet: string, address: string) =>
    page.evaluate(([s, a]) => window.__E2E__?.sim.cell(s, a).value, [sheet, address] as const),
};

async function generate(page: Page): Promise<void> {
  await page.getByRole('button', { name: '生成报告' }).click();
  await page
    .getByTestId('notice-bar')
    .or(page.getByTestId('error-bar'))
    .first()
    .waitFor({ timeout: 120_000 });
}

async function remove(page: Page): Promise<string> {
  await page.getByRole('tab', { name: '报告' }).click();
  await page.getByRole('button', { name: '删除报告工作表' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '删除', exact: true }).click();
  const notice = page.getByTestId('notice-bar');
  await notice
    .getByText(/报告工作表/)
    .first()
    .waitFor();
  return notice.innerText();
}

describe('reports in the stricter simulated Excel', () => {
  it('generates twice, then removes the report: the user’s sheets as they were, no record left', async () => {
    const page = await pane(config());
    await generate(page);
    const first = await sim.sheetNames(page);
    expect(first.slice(0, user.length)).toEqual(user);
    await generate(page);
    expect(await sim.sheetNames(page)).toEqual(first);
    expect(await page.getByTestId('run').innerText()).toContain('已替换上次生成的');
    expect(await sim.parts(page)).toEqual([RUN_RECORD_NAMESPACE]);
    // The pane says what Ctrl+Z can and cannot do.
    await page.getByRole('tab', { name: '报告' }).click();
    await page.getByText('Excel 的撤销（Ctrl+Z）只能一步步撤回', { exact: false }).waitFor();
    const said = await remove(page);
    expect(said).toContain('已删除报告工作表');
    expect(await sim.sheetNames(page)).toEqual(user);
    expect(await sim.parts(page)).toEqual([]);
    await screenshot(page, '20-report-removed');
  });

  it('generates on a workbook the command line wrote: its report replaced, its hidden registry gone', async () => {
    const out = path.join(dir, 'cli-report.xlsx');
    await reportWithCli(SAMPLE, out);
    const { workbook: cli, facts } = await readForHarness(out);
    const page = await pane(
      config({
        workbook: { ...cli, name: 'cli-report.xlsx' },
        visibility: facts.visibility,
        customXmlParts: facts.customXmlParts,
      }),
    );
    const before = await sim.sheetNames(page);
    const generated = before.filter((n) => !user.includes(n) && n !== REGISTRY_SHEET);
    await generate(page);
    const after = await sim.sheetNames(page);
    expect(after.slice(0, user.length)).toEqual(user);
    expect(after.slice(user.length)).toEqual(generated); // the same names: replaced, not added beside
    expect(after).not.toContain(REGISTRY_SHEET);
    expect(await sim.parts(page)).toEqual([RUN_RECORD_NAMESPACE]);
    await screenshot(page, '21-cli-workbook-regenerated');
    await remove(page);
    expect(await sim.sheetNames(page)).toEqual(user);
  });

  it('waits while the user edits a cell in the middle of a run, says why, and finishes after it', async () => {
    const page = await pane(config({ latencyMs: 30 }));
    await page.evaluate(() => {
      const s = window.__E2E__?.sim;
      if (!s) return;
      let n = 0;
      // The report's sixth request (reading takes two, then the write's inventory, new sheets, layout, cells).
      s.onRequest(() => {
        if (++n === 6) s.enterCellEdit();
        return undefined;
      });
    });
    await page.getByRole('button', { name: '生成报告' }).click();
    await page
      .getByText('如果您正在编辑单元格，请按 Enter 或 Esc', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => window.__E2E__?.sim.waitingForCellEdit)).toBe(1);
    await screenshot(page, '22-waiting-for-cell-edit');
    await page.evaluate(() => window.__E2E__?.sim.exitCellEdit());
    await page.getByTestId('run').waitFor();
    const names = await sim.sheetNames(page);
    expect(names.slice(0, user.length)).toEqual(user);
    expect(names.length).toBeGreaterThan(user.length);
    expect(await page.getByTestId('error-bar').count()).toBe(0);
  });

  it('refuses to generate in a protected workbook, with the reason and how to fix it', async () => {
    const page = await pane(config({ protectedStructure: true }));
    await generate(page);
    const bar = await page.getByTestId('error-bar').innerText();
    expect(bar).toContain('工作簿结构受保护');
    expect(bar).toContain('没有写入任何内容');
    expect(await sim.sheetNames(page)).toEqual(user);
    await screenshot(page, '23-protected-workbook');
  });

  it('Mac: never removes a user’s sheet that got a deleted report sheet’s id', async () => {
    const page = await pane(config({ platform: 'mac' }));
    await generate(page);
    const names = await sim.sheetNames(page);
    const summary = names[user.length];
    await page.evaluate((name) => {
      const s = window.__E2E__?.sim;
      s?.deleteSheetNow(name);
      s?.addSheetNow('我的笔记', [['我自己的内容']]);
    }, summary);
    const said = await remove(page);
    expect(said).toContain('未删除：我的笔记');
    expect(await sim.sheetNames(page)).toEqual([...user, '我的笔记']);
    expect(await sim.cell(page, '我的笔记', 'A1')).toBe('我自己的内容');
  });
});

describe('the engine off the UI thread', () => {
  const big = (): { office: 'excel' } & HarnessConfig =>
    config({ workbook: { name: 'ledger.xlsx', sheets: [] }, ledgerRows: 100_000 });

  it('keeps the pane answering while a 100,000-row workbook is checked', async () => {
    const page = await pane(big());
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await page.locator('[data-testid=run-progress][data-phase=checking]').waitFor({ timeout: 120_000 });
    // Count timer ticks while the engine checks: a blocked UI thread would run none until the check ends.
    await page.evaluate(() => {
      const w = window as unknown as { __ticks: { checking: number; other: number } };
      w.__ticks = { checking: 0, other: 0 };
      setInterval(() => {
        const phase = document.querySelector('[data-testid=run-progress]')?.getAttribute('data-phase');
        if (phase === 'checking') w.__ticks.checking++;
        else w.__ticks.other++;
      }, 10);
    });
    // A click is handled meanwhile: the tables view opens while the check goes on.
    await page.getByRole('tab', { name: /表格/ }).click();
    expect(await page.getByRole('tab', { selected: true }).innerText()).toContain('表格');
    const stillChecking = await page.locator('[data-testid=run-progress][data-phase=checking]').count();
    await page
      .getByTestId('finding-counts')
      .or(page.locator('[data-table]'))
      .first()
      .waitFor({ timeout: 180_000 });
    const ticks = await page.evaluate(
      () => (window as unknown as { __ticks: { checking: number; other: number } }).__ticks,
    );
    console.log(`UI timer ticks while the worker checked 100,000 rows: ${ticks.checking}`);
    expect(stillChecking).toBe(1);
    expect(ticks.checking).toBeGreaterThan(20);
    await page.getByRole('tab', { name: /校验结果/ }).click();
    expect(await page.getByTestId('finding-counts').innerText()).toContain('错误 0');
  });

  it('stops the check on Cancel, and checks again afterwards', async () => {
    const page = await pane(big());
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await page.locator('[data-testid=run-progress][data-phase=checking]').waitFor({ timeout: 120_000 });
    await screenshot(page, '24-checking-with-cancel');
    await page.getByRole('button', { name: '取消', exact: true }).click();
    await page.getByTestId('notice-bar').getByText('已取消校验', { exact: false }).waitFor();
    expect(await page.getByTestId('run-progress').count()).toBe(0);
    expect(await page.getByTestId('finding-counts').count()).toBe(0);
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await page.getByTestId('finding-counts').waitFor({ timeout: 180_000 });
  });
});
