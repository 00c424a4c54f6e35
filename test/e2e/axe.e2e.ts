/**
 * axe-core over every state of the built task pane (start, a check in progress and cancelled, findings, tables and
 * an open column list, 核对文稿 empty and checked, report with its notice, settings and an invalid threshold, the
 * undo dialog, an error), in zh-CN and en-US, at 320 and 450 CSS pixels wide. Fails on any serious or critical violation of the project's own markup: the one exclusion, Fluent's
 * focus sentinels, is defined (and argued) by `isFluentOwn` in a11y.ts. Each run's violations, of any impact and
 * with their owner, are written to test-output/a11y/axe.json for the record.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { Workbook } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { axe, BLOCKING, isFluentOwn, violations, type Violation } from './a11y';
import {
  launchChromium,
  openPane,
  requireBuilds,
  ROOT,
  SAMPLE,
  serveStatic,
  type Pane,
  type StaticServer,
} from './support';

jest.setTimeout(180_000);

let server: StaticServer;
let browser: Browser;
let workbook: Workbook;
const open: Pane[] = [];
const report: Record<string, (Violation & { owner: 'project' | 'fluent' })[]> = {};

beforeAll(async () => {
  requireBuilds();
  let file: Workbook;
  [server, browser, file] = await Promise.all([
    serveStatic('dist'),
    launchChromium(),
    readWorkbookFile(SAMPLE),
  ]);
  workbook = { sheets: file.sheets };
});

afterEach(async () => {
  for (const pane of open.splice(0)) await pane.context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  const dir = path.join(ROOT, 'test-output', 'a11y');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'axe.json'), JSON.stringify(report, null, 2) + '\n');
});

const WORDS = {
  'zh-CN': {
    check: '校验',
    generate: '生成报告',
    tables: /^表格/,
    settings: '设置',
    undo: '删除报告工作表',
    threshold: '执行率偏低的阈值（%）',
    invalid: '请输入 0 到 100 之间的数字。',
    draft: '核对文稿',
    draftText: '报告文稿',
    draftCheck: '校验工作簿并核对文稿',
    cancel: '取消',
    waiting: 'Excel 暂未响应',
    cancelled: '已取消校验',
  },
  'en-US': {
    check: 'Check',
    generate: 'Generate report',
    tables: /^Tables/,
    settings: 'Settings',
    undo: 'Remove report sheets',
    threshold: 'Low execution rate threshold (%)',
    invalid: 'Enter a number from 0 to 100.',
    draft: 'Check draft',
    draftText: 'Report draft',
    draftCheck: 'Check the workbook and the draft',
    cancel: 'Cancel',
    waiting: 'Excel has not answered yet',
    cancelled: 'Check cancelled',
  },
} as const;

type Lang = keyof typeof WORDS;

/** The pane's states in the order a person reaches them, each checked by axe where it stands. */
async function walk(page: Page, lang: Lang, scan: (state: string) => Promise<void>): Promise<void> {
  const w = WORDS[lang];
  const enabled = (name: string) =>
    page
      .locator('button:not([disabled]):not([aria-disabled="true"])')
      .filter({ hasText: new RegExp(`^${name}$`) })
      .first()
      .waitFor();
  await enabled(w.check);
  await scan('start');

  // A slow Excel holds the run on screen: its progress, Excel's wait hint and Cancel, then the cancelled notice.
  const latency = (ms: number) =>
    page.evaluate((value) => {
      const handle = window.__E2E__;
      if (!handle) throw new Error('no simulator');
      handle.latency.ms = value;
    }, ms);
  await latency(3_000);
  await page.getByRole('button', { name: w.check, exact: true }).click();
  await page.locator('[data-testid=run-progress]').waitFor();
  await page.getByText(w.waiting).first().waitFor();
  await scan('checking');
  await page.getByRole('button', { name: w.cancel, exact: true }).click();
  await latency(0);
  await page.getByText(w.cancelled).first().waitFor();
  await page.getByTestId('run-progress').waitFor({ state: 'detached' });
  await scan('cancelled');
  await enabled(w.check);

  await page.getByRole('button', { name: w.check, exact: true }).click();
  await page.getByTestId('finding-counts').waitFor();
  await scan('findings');

  await page.getByRole('tab', { name: w.tables }).click();
  await page.locator('[data-table]').first().waitFor();
  await scan('tables');
  await page.getByRole('combobox').first().click();
  await page.getByRole('listbox').waitFor();
  await scan('tables-column-list');
  await page.keyboard.press('Escape');
  await page.getByRole('listbox').waitFor({ state: 'hidden' });

  // 核对文稿: empty, then the source report checked with the workbook (its disputed numbers and unchecked list).
  await page.getByRole('tab', { name: w.draft }).click();
  const draft = page.getByRole('textbox', { name: w.draftText });
  await draft.waitFor();
  await scan('draft');
  await draft.fill(readFileSync('test/fixtures/claim/kaifu-2020-self-evaluation-report.txt', 'utf8'));
  await page.getByRole('button', { name: w.draftCheck, exact: true }).click();
  await page.locator('[data-draft-finding]').first().waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=draft-result] summary').first().click();
  await scan('draft-checked');

  await page.getByRole('tab', { name: w.settings }).click();
  const threshold = page.getByRole('textbox', { name: w.threshold });
  await threshold.waitFor();
  await scan('settings');
  await threshold.fill('120');
  await page.getByText(w.invalid).waitFor();
  await scan('settings-invalid');
  await threshold.fill('60');

  await page.getByRole('button', { name: w.generate, exact: true }).click();
  await page.getByTestId('run').waitFor();
  await scan('report');

  await page.getByRole('button', { name: w.undo }).click();
  const dialog = page.locator('[role=dialog], [role=alertdialog]');
  await dialog.waitFor();
  await page.waitForTimeout(300); // the surface's opening motion (reduced, but still a frame or two)
  await scan('dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // The next write of cells fails like Excel in cell-edit mode; the run removes what it created.
  await page.evaluate(() => {
    const sim = window.__E2E__?.sim;
    if (!sim) throw new Error('no simulator');
    let failed = false;
    sim.onRequest((request) => {
      if (failed || !request.actions.some((a) => a.a === 'SetProperty' && a.n === 'Formulas'))
        return undefined;
      failed = true;
      return { code: 'InvalidOperationInCellEditMode' };
    });
  });
  await page.getByRole('button', { name: w.generate, exact: true }).click();
  await page.getByTestId('error-bar').waitFor();
  await scan('error');
}

describe.each<[Lang, number]>([
  ['zh-CN', 320],
  ['zh-CN', 450],
  ['en-US', 320],
  ['en-US', 450],
])('axe-core, %s at %i px', (lang, width) => {
  it('finds no serious or critical violation in any state', async () => {
    const p = await openPane(browser, server.url, {
      office: 'excel',
      workbook,
      apiVersion: '1.17',
      displayLanguage: lang,
    });
    open.push(p);
    await p.page.setViewportSize({ width, height: 820 });
    const blocking: string[] = [];
    await walk(p.page, lang, async (state) => {
      const found = violations(await axe(p.page));
      report[`${lang} ${width}px ${state}`] = found.map((v) => ({
        ...v,
        owner: isFluentOwn(v) ? 'fluent' : 'project',
      }));
      for (const v of found) {
        if (v.impact !== undefined && BLOCKING.includes(v.impact) && !isFluentOwn(v)) {
          blocking.push(`${state}: ${v.rule} (${v.impact}) ${v.help}\n    ${v.targets.join('\n    ')}`);
        }
      }
    });
    expect(blocking).toEqual([]);
    expect(p.errors).toEqual([]);
  });
});

describe('what counts as Fluent’s own markup', () => {
  it('is tabster’s focus sentinels alone: the same violation on an element of the page counts', async () => {
    const p = await openPane(browser, server.url, {
      office: 'excel',
      workbook,
      apiVersion: '1.17',
      displayLanguage: 'zh-CN',
    });
    open.push(p);
    await p.page.locator('[data-tabster-dummy]').first().waitFor({ state: 'attached' });
    // An aria-hidden focusable element of the pane's own (what a careless change could add).
    await p.page.evaluate(() => {
      const own = document.createElement('i');
      own.setAttribute('aria-hidden', 'true');
      own.tabIndex = 0;
      own.id = 'own-hidden-focusable';
      document.querySelector('main')?.append(own);
    });
    const found = violations(await axe(p.page)).filter((v) => v.rule === 'aria-hidden-focus');
    expect(found).toHaveLength(1);
    const [v] = found;
    expect(v.targets).toContain('#own-hidden-focusable');
    expect(isFluentOwn(v)).toBe(false);
    const sentinels = { ...v, targets: [], html: v.html.filter((h) => h.includes('data-tabster-dummy')) };
    expect(sentinels.html.length).toBeGreaterThan(0);
    expect(isFluentOwn(sentinels)).toBe(true);
  });
});
