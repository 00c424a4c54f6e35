/**
 * The built task pane (dist/, as shipped) in headless Chromium at the task pane's width, with the simulated Excel
 * host answering in place of Office.js and the sample workbook loaded into it. Each state is saved as a screenshot
 * under test-output/screenshots/.
 *
 * Run with `npm run test:e2e` (it builds dist/ and the fake office.js first).
 */
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run, type CliIO } from '../../src/cli/main';
import { readDraftFile } from '../../src/hosts/docx/read';
import {
  analyze,
  buildNarrative,
  checkDraft,
  buildPlan,
  departmentOf,
  summarySheetName,
  type Analysis,
  type Lang,
  type Workbook,
} from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { draftFromText, draftItems } from '../../src/taskpane/draft';
import { STRINGS } from '../../src/taskpane/i18n';
import { narrativeText } from '../../src/taskpane/model';
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

jest.setTimeout(60_000);

let server: StaticServer;
let browser: Browser;
let workbook: Workbook;
const open: Pane[] = [];

beforeAll(async () => {
  requireBuilds();
  let file: Workbook;
  [server, browser, file] = await Promise.all([
    serveStatic('dist'),
    launchChromium(),
    readWorkbookFile(SAMPLE),
  ]);
  // The simulated Excel gets the sheets and the file's name (`Workbook.name`), as the Office.js host reads them.
  workbook = { name: file.name, sheets: file.sheets };
});

afterEach(async () => {
  for (const pane of open.splice(0)) await pane.context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function config(extra: Partial<HarnessConfig> = {}): { office: 'excel' } & HarnessConfig {
  return { office: 'excel', workbook, apiVersion: '1.17', displayLanguage: 'zh-CN', ...extra };
}

async function pane(options: Parameters<typeof openPane>[2]): Promise<Page> {
  const p = await openPane(browser, server.url, options);
  open.push(p);
  return p.page;
}

/** What the engine finds in the sample in Node: the reference the pane must agree with. */
function reference(options: { lang?: Lang; threshold?: number } = {}): Analysis {
  return analyze(workbook, { lang: options.lang ?? 'zh-CN', threshold: options.threshold });
}

function counts(analysis: Analysis): Record<'error' | 'warning' | 'info', number> {
  const out = { error: 0, warning: 0, info: 0 };
  for (const f of analysis.findings) out[f.severity]++;
  return out;
}

const sim = {
  sheetNames: (page: Page) => page.evaluate(() => window.__E2E__?.sim.sheetNames() ?? []),
  selection: (page: Page) => page.evaluate(() => window.__E2E__?.sim.selection()),
  activeSheet: (page: Page) => page.evaluate(() => window.__E2E__?.sim.activeSheet()),
  settings: (page: Page) => page.evaluate(() => window.__E2E__?.sim.settings() ?? {}),
};

async function check(page: Page, label = '校验'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.getByTestId('finding-counts').waitFor();
}

describe('outside Excel', () => {
  it('says how to open the add-in when Office.js cannot be loaded (a plain browser)', async () => {
    const page = await pane({ office: 'none' });
    await expectVisible(page.getByRole('heading', { name: '预算绩效自评助手' }));
    await expectVisible(page.getByText('请在 Excel 中打开'));
    expect(await page.getByTestId('outside-excel').innerText()).toContain('开始');
    await screenshot(page, '01-outside-excel');
    // Its language switch works there too.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expectVisible(page.getByText('Open this in Excel'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
  });

  it('says the same inside another Office application', async () => {
    const page = await pane(config({ host: 'Word' }));
    await expectVisible(page.getByText('请在 Excel 中打开'));
  });

  it('asks for a newer Excel when ExcelApi 1.7 is not supported', async () => {
    const page = await pane(config({ apiVersion: '1.6' }));
    await expectVisible(page.getByText('此版本的 Excel 过旧'));
    expect(await page.getByTestId('old-excel').innerText()).toContain('1.7');
    expect(await page.evaluate(() => window.__E2E__?.checks)).toContain('ExcelApi 1.7');
    await screenshot(page, '02-excel-api-1.6');
  });
});

describe('in Excel (simulated), with the sample workbook', () => {
  it('checks the workbook: the findings and their counts agree with the engine in Node', async () => {
    const page = await pane(config());
    await expectVisible(page.getByText('点击“校验”读取当前工作簿', { exact: false }));
    await check(page);
    const expected = reference();
    const n = counts(expected);
    const badges = page.getByTestId('finding-counts');
    expect(await badges.locator('[data-severity=error]').innerText()).toBe(`错误 ${n.error}`);
    expect(await badges.locator('[data-severity=warning]').innerText()).toBe(`警告 ${n.warning}`);
    expect(await badges.locator('[data-severity=info]').innerText()).toBe(`提示 ${n.info}`);
    for (const severity of ['error', 'warning', 'info'] as const) {
      const shown = page.locator(`[role=treeitem][data-severity=${severity}] [data-finding]`);
      expect(await shown.count()).toBe(n[severity]);
    }
    const cells = await page
      .locator('[data-finding]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-rule')} ${e.getAttribute('data-finding')}`),
      );
    const bySeverity = ['error', 'warning', 'info'].flatMap((s) =>
      expected.findings.filter((f) => f.severity === s).map((f) => `${f.rule} ${f.sheet}!${f.cell}`),
    );
    expect(cells).toEqual(bySeverity);
    // Each finding shows its rule's name, cell and message.
    const first = expected.findings.find((f) => f.severity === 'error');
    if (!first) throw new Error('the sample has errors');
    const item = page.locator(`[data-finding="${first.sheet}!${first.cell}"]`).first();
    const text = await item.innerText();
    expect(text).toContain(first.message);
    // The rule by its name, and no 应为/实为 tail: the message says the figures.
    expect(text).toContain(STRINGS['zh-CN'].rule[first.rule]);
    expect(text).not.toContain('实为');
    expect(await page.getByRole('tab', { name: /校验结果/ }).innerText()).toContain(
      `(${expected.findings.length})`,
    );
    await screenshot(page, '03-findings-zh');

    // Clicking a finding selects its cell; Enter on the next one does too.
    await item.click();
    expect(await until(() => sim.selection(page), `${first.sheet}!${first.cell}`)).toBe(
      `${first.sheet}!${first.cell}`,
    );
    expect(await sim.activeSheet(page)).toBe(first.sheet);
    const warning = expected.findings.find((f) => f.severity === 'warning' && f.sheet !== first.sheet);
    if (!warning) throw new Error('the sample has warnings on other sheets');
    await page.locator(`[data-finding="${warning.sheet}!${warning.cell}"]`).first().focus();
    await page.keyboard.press('Enter');
    expect(await until(() => sim.selection(page), `${warning.sheet}!${warning.cell}`)).toBe(
      `${warning.sheet}!${warning.cell}`,
    );
    expect(await sim.activeSheet(page)).toBe(warning.sheet);
    await screenshot(page, '04-finding-selected');
  });

  it('核对文稿: the source report pasted is checked with the workbook; a disputed number, shown in its sentence, selects its source cell', async () => {
    const text = readFileSync('test/fixtures/claim/kaifu-2020-self-evaluation-report.txt', 'utf8');
    const expected = draftItems(checkDraft(reference(), draftFromText(text).paragraphs));
    const rate = expected.find((i) => i.quote === '98.88%');
    if (!rate?.source) throw new Error('the source report’s 98.88% is disputed with a source cell');
    const page = await pane(config());
    await page.getByRole('tab', { name: /核对文稿/ }).click();
    await page.getByRole('textbox', { name: '报告文稿' }).fill(text);
    await page.getByRole('button', { name: '校验工作簿并核对文稿', exact: true }).click();
    await page.getByTestId('draft-result').waitFor({ timeout: 60_000 });
    // What the pane lists is what the engine says in Node, in the same order.
    const shown = await page
      .locator('[data-draft-finding]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-draft-finding')));
    expect(shown).toEqual(expected.map((i) => `${i.paragraph}:${i.quote}`));
    const item = page.locator(`[data-draft-finding="${rate.paragraph}:98.88%"]`);
    expect(await item.locator('mark').innerText()).toBe('98.88%');
    expect(await item.innerText()).toContain(rate.expected);
    await screenshot(page, '05-draft-checked');
    await item.click();
    const where = `${rate.source.sheet}!${rate.source.cell}`;
    expect(await until(() => sim.selection(page), where)).toBe(where);
    expect(await sim.activeSheet(page)).toBe(rate.source.sheet);
  });

  it('lists the tables with each column’s field and saves a correction for the next check', async () => {
    const page = await pane(config());
    await check(page);
    const expected = reference();
    await page.getByRole('tab', { name: /表格/ }).click();
    const tables = page.locator('[data-table]');
    expect(await tables.evaluateAll((els) => els.map((e) => e.getAttribute('data-table')))).toEqual(
      expected.tables.map((t) => `${t.sheet}!${t.range}`),
    );
    // The first table is open: 基本支出, its columns and their fields.
    const basic = expected.tables[0];
    const columnB = page.getByRole('combobox', {
      name: `${basic.sheet} 工作表 B 列（${basic.headers.B}）的含义`,
    });
    expect(await columnB.innerText()).toBe('年初预算');
    await screenshot(page, '05-tables-zh');

    // Correct column D (备注, taken as the reason) to "ignore this column", then save.
    const columnD = page.getByRole('combobox', { name: new RegExp(`^${basic.sheet} 工作表 D 列`) });
    await columnD.click();
    await screenshot(page, '06-tables-dropdown');
    await page.getByRole('option', { name: '忽略此列' }).click();
    expect(await columnD.innerText()).toBe('忽略此列');
    await page.getByRole('button', { name: '保存列的更正（1 处）' }).click();
    await expectVisible(page.getByText('列的更正已保存，下次校验时生效。'));
    expect(await sim.settings(page)).toEqual({
      'budgetReview.settings': { overrides: [{ sheet: basic.sheet, column: 'D', field: null }] },
    });
    // The next check uses it: the engine no longer reads column D.
    await page.getByRole('button', { name: '立即重新校验' }).click();
    await page.getByRole('tab', { name: /表格/ }).click();
    const again = page.getByRole('combobox', { name: new RegExp(`^${basic.sheet} 工作表 D 列`) });
    expect(await again.innerText()).toBe('忽略此列');
    await expectVisible(page.locator(`[data-column="${basic.sheet}!D"]`).getByText('已更正'));
    await screenshot(page, '07-tables-corrected');
  });

  it('generates the report with progress, previews and copies the narrative, and removes the report', async () => {
    const page = await pane(config({ latencyMs: 120 }));
    const before = await sim.sheetNames(page);
    // What the engine would write, computed in Node.
    const analysis = reference();
    const sheets = { existingSheets: before, owned: [] };
    // The department the workbook names heads the title, as the command line's report has it.
    const narrative = buildNarrative(analysis, summarySheetName('zh-CN', sheets), {
      unitName: departmentOf(workbook),
    });
    const plan = buildPlan(analysis, narrative, sheets);
    const generated = plan.sheets.map((s) => s.name);

    await page.getByRole('button', { name: '生成报告' }).click();
    await page.getByRole('progressbar', { name: '生成进度' }).waitFor();
    await page.waitForFunction(() => {
      const now = document.querySelector('[role=progressbar][aria-valuenow]')?.getAttribute('aria-valuenow');
      return now !== null && now !== undefined && Number(now) > 0;
    });
    await screenshot(page, '08-generating');
    await page.getByTestId('run').waitFor();
    const after = await sim.sheetNames(page);
    for (const name of generated) expect(after).toContain(name);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(await sim.activeSheet(page)).toBe(generated[0]);
    // The preview: the narrative's title, headings and paragraphs.
    const preview = page.getByTestId('narrative');
    await expectVisible(preview.getByRole('heading', { name: narrative.title }));
    for (const section of narrative.sections) {
      await expectVisible(preview.getByRole('heading', { name: section.heading, exact: true }));
    }
    expect(await preview.locator('p').count()).toBe(
      narrative.sections.reduce((n, s) => n + s.paragraphs.length, 0),
    );
    await screenshot(page, '09-report-zh');
    await page.getByRole('button', { name: '复制全文' }).click();
    await expectVisible(page.getByText('已复制到剪贴板', { exact: false }));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(narrativeText(narrative));

    // Removal: a confirmation that says what Ctrl+Z can and cannot do, then the sheets are removed.
    await page.getByRole('button', { name: '删除报告工作表' }).click();
    const dialog = page.getByRole('alertdialog');
    await expectVisible(dialog.getByText('Excel 的撤销（Ctrl+Z）只能一步步撤回', { exact: false }));
    expect(await dialog.innerText()).toContain(generated[0]);
    await screenshot(page, '10-undo-confirm', false);
    await dialog.getByRole('button', { name: '删除', exact: true }).click();
    await expectVisible(page.getByText('已删除报告工作表', { exact: false }));
    expect(await sim.sheetNames(page)).toEqual(before);
    await screenshot(page, '11-undone');
  });

  it('switches to English: labels, findings and the saved language', async () => {
    const page = await pane(config());
    await check(page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expectVisible(page.getByRole('button', { name: 'Check', exact: true }));
    await expectVisible(page.getByRole('button', { name: 'Generate report' }));
    await expectVisible(page.getByRole('tab', { name: /Findings/ }));
    await expectVisible(page.getByRole('heading', { name: 'Budget Review' }));
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    const english = reference({ lang: 'en-US' });
    const n = counts(english);
    expect(await page.getByTestId('finding-counts').innerText()).toContain(`Errors ${n.error}`);
    const first = english.findings[0];
    await expectVisible(page.getByText(first.message).first());
    const saved = { 'budgetReview.settings': { lang: 'en-US' } };
    expect(await until(() => sim.settings(page), saved)).toEqual(saved);
    await screenshot(page, '12-findings-en');
    // And back.
    await page.getByRole('button', { name: '切换到中文' }).click();
    await expectVisible(page.getByRole('button', { name: '校验', exact: true }));
  });

  it('validates and saves the settings; the next check uses the threshold', async () => {
    const page = await pane(config());
    await page.getByRole('tab', { name: '设置' }).click();
    const threshold = page.getByRole('textbox', { name: '执行率偏低的阈值（%）' });
    await threshold.fill('120');
    await expectVisible(page.getByText('请输入 0 到 100 之间的数字。'));
    expect(await page.getByRole('button', { name: '保存设置' }).isDisabled()).toBe(true);
    await screenshot(page, '13-settings-invalid');
    await threshold.fill('３０');
    await page.getByRole('radio', { name: '年初预算' }).check();
    await page.getByRole('button', { name: '保存设置' }).click();
    await expectVisible(page.getByText('设置已保存，下次校验时生效。'));
    expect(await sim.settings(page)).toEqual({
      'budgetReview.settings': { threshold: 30, rateBase: 'initial', lang: 'zh-CN' },
    });
    await check(page);
    const expected = analyze(workbook, { lang: 'zh-CN', threshold: 30, rateBase: 'initial' });
    const n = counts(expected);
    expect(await page.getByTestId('finding-counts').innerText()).toContain(`警告 ${n.warning}`);
    await expectVisible(page.getByText('执行率分母：年初预算'));
  });

  it('shows Excel’s error code and that the failed run removed what it had created', async () => {
    const page = await pane(config());
    const before = await sim.sheetNames(page);
    // Generate = read (2 requests), then the write's inventory (1), the new sheets (1), their layout: fail that.
    await page.evaluate(() => window.__E2E__?.sim.failSync(5, 'InvalidOperationInCellEditMode'));
    await page.getByRole('button', { name: '生成报告' }).click();
    const bar = page.getByTestId('error-bar');
    await bar.waitFor();
    const text = await bar.innerText();
    expect(text).toContain('生成失败');
    expect(text).toContain('错误代码：InvalidOperationInCellEditMode');
    expect(text).toContain('本次新建的工作表已全部自动删除');
    expect(text).toContain('请先按 Enter 或 Esc 结束编辑');
    expect(await sim.sheetNames(page)).toEqual(before);
    await screenshot(page, '14-excel-error');
  });

  it('starts in Office’s display language, and on defaults with a warning when the saved settings are invalid', async () => {
    const page = await pane(
      config({ displayLanguage: 'en-US', settings: { 'budgetReview.settings': { threshold: 'sixty' } } }),
    );
    await expectVisible(
      page.getByText("The workbook's saved settings are not valid; the defaults are used."),
    );
    await expectVisible(page.getByRole('button', { name: 'Check', exact: true }));
    await check(page, 'Check');
    const n = counts(reference({ lang: 'en-US' }));
    expect(await page.getByTestId('finding-counts').innerText()).toContain(`Warnings ${n.warning}`);
    await screenshot(page, '15-invalid-settings-en');
  });

  it('is usable with the keyboard alone', async () => {
    const page = await pane(config());
    await page.getByRole('button', { name: '校验', exact: true }).waitFor();
    // Tab order: the language switch, then Check.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('校验');
    await page.keyboard.press('Enter');
    await page.getByTestId('finding-counts').waitFor();
    // The tabs: arrow keys move between them, Enter opens one.
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('tab', { selected: true }).innerText()).toContain('表格');
    expect(await page.locator('[role=tabpanel]').getAttribute('data-tab')).toBe('tables');
  });

  it('never throws on the page', async () => {
    const p = await openPane(browser, server.url, config());
    open.push(p);
    await check(p.page);
    await p.page.getByRole('tab', { name: /表格/ }).click();
    await p.page.getByRole('tab', { name: '报告' }).click();
    await p.page.getByRole('tab', { name: '设置' }).click();
    expect(p.errors).toEqual([]);
  });
});

/** `read()` once it equals `wanted` (as JSON), or its last value after 5 s. */
async function until<T>(read: () => Promise<T>, wanted: T): Promise<T> {
  const deadline = Date.now() + 5_000;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(wanted) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
}

describe('the deliverable from the pane', () => {
  const said = (page: Page) =>
    page.evaluate(() => document.querySelector('[data-live=polite]')?.textContent ?? '');

  it('a workbook with no budget table: the check says nothing was recognised, and 生成报告 writes nothing', async () => {
    const prose = await readWorkbookFile(path.join('test', 'fixtures', 'empty-state', 'prose.xlsx'));
    const page = await pane(config({ workbook: { name: 'prose.xlsx', sheets: prose.sheets } }));
    const before = await sim.sheetNames(page);
    await page.getByRole('button', { name: '校验', exact: true }).click();
    const empty = page.locator('[data-empty=nothing-recognised]');
    await empty.waitFor();
    expect(await empty.innerText()).toBe(STRINGS['zh-CN'].nothingRecognised);
    expect(await page.getByText(STRINGS['zh-CN'].noFindings).count()).toBe(0);
    await page.waitForFunction(
      (text) => document.querySelector('[data-live=polite]')?.textContent?.includes(text) ?? false,
      STRINGS['zh-CN'].nothingRecognised,
    );
    await screenshot(page, '30-nothing-recognised');
    await page.getByRole('button', { name: '生成报告' }).click();
    await expectVisible(page.getByText(STRINGS['zh-CN'].generateNothing));
    expect(await sim.sheetNames(page)).toEqual(before);
  });

  it('checks the workbook again after 生成报告 with the same findings: its generated sheets are never read', async () => {
    const page = await pane(config());
    await check(page);
    const findings = () =>
      page
        .locator('[data-finding]')
        .evaluateAll((els) =>
          els.map((e) => `${e.getAttribute('data-rule')} ${e.getAttribute('data-finding')}`),
        );
    const first = await findings();
    expect(first.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: '生成报告' }).click();
    await page.getByTestId('run').waitFor();
    expect((await sim.sheetNames(page)).length).toBeGreaterThan(workbook.sheets.length);
    await page.getByRole('tab', { name: /校验结果/ }).click();
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-live=polite]')?.textContent?.startsWith('校验完成') ?? false,
    );
    expect(await said(page)).toMatch(/^校验完成/);
    expect(await findings()).toEqual(first);
  });

  it('downloads the Word document, with the paragraphs the command line writes', async () => {
    const page = await pane(config());
    await page.getByRole('button', { name: '生成报告' }).click();
    await page.getByTestId('run').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-docx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const dir = mkdtempSync(path.join(tmpdir(), 'pane-docx-'));
    const saved = path.join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    const fromPane = await readDraftFile(saved);
    await expectVisible(
      page.getByTestId('report-status').getByText(download.suggestedFilename(), { exact: false }),
    );

    const io: CliIO = { stdout: { write: () => true }, stderr: { write: () => true } };
    const docx = path.join(dir, 'report.docx');
    expect(await run(['report', SAMPLE, '--out', path.join(dir, 'out.xlsx'), '--docx', docx], io)).not.toBe(
      2,
    );
    const fromCli = await readDraftFile(docx);
    expect(fromPane.length).toBeGreaterThan(20);
    expect(fromPane).toEqual(fromCli);
  });
});
