/**
 * Keyboard-only walks through the built task pane with the simulated Excel: every action is started from the
 * keyboard, and each step asserts where focus lands and what the live regions said (read from a log of every change
 * to them, so that "announced once" is counted, not assumed).
 */
import type { Browser, Page } from 'playwright-core';
import { analyze, type Analysis, type Finding, type Workbook } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import {
  accessibleNames,
  announced,
  announcements,
  clearAnnouncements,
  focused,
  recordAnnouncements,
  type Announcement,
  type FocusInfo,
} from './a11y';
import type { HarnessConfig } from './fake-office';
import {
  launchChromium,
  openPane,
  requireBuilds,
  SAMPLE,
  serveStatic,
  type Pane,
  type StaticServer,
} from './support';

jest.setTimeout(90_000);

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
  workbook = { sheets: file.sheets };
});

afterEach(async () => {
  for (const pane of open.splice(0)) await pane.context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pane(extra: Partial<HarnessConfig> = {}): Promise<Pane> {
  const p = await openPane(
    browser,
    server.url,
    { office: 'excel', workbook, apiVersion: '1.17', displayLanguage: 'zh-CN', ...extra },
    recordAnnouncements,
  );
  open.push(p);
  return p;
}

const sim = {
  sheetNames: (page: Page) => page.evaluate(() => window.__E2E__?.sim.sheetNames() ?? []),
  selection: (page: Page) => page.evaluate(() => window.__E2E__?.sim.selection()),
};

/** Waits until the Check button can be used (the settings are read), with focus on the page's start. */
async function ready(page: Page, check = '校验'): Promise<void> {
  await page
    .locator('button[data-focus="check"]:not([aria-disabled="true"])')
    .filter({ hasText: check })
    .waitFor();
}

/** Presses Tab until the focused element satisfies `is` (at most `limit` times). */
async function tabTo(page: Page, is: (f: FocusInfo) => boolean, limit = 40): Promise<FocusInfo> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (is(f)) return f;
  }
  throw new Error(`Tab never reached the element; focus is on ${JSON.stringify(await focused(page))}`);
}

/** Focus, once it satisfies `is` (focus moves in an effect after the render that shows the result). */
async function focusOn(page: Page, is: (f: FocusInfo) => boolean, what: string): Promise<FocusInfo> {
  const deadline = Date.now() + 10_000;
  let f = await focused(page);
  while (!is(f) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    f = await focused(page);
  }
  if (!is(f)) throw new Error(`focus is not on ${what}: ${JSON.stringify(f)}`);
  expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-tabster-dummy'))).toBe(false);
  return f;
}

const button = (name: string) => (f: FocusInfo) =>
  f.tag === 'button' && (f.text === name || f.label === name);

/** What was announced matching `text`: exactly once, and nothing said in the other politeness at the same time. */
async function announcedOnce(
  page: Page,
  text: string | RegExp,
  politeness: Announcement['politeness'],
): Promise<Announcement> {
  const said = await announced(page, text);
  await page.waitForTimeout(300); // anything said twice would be said by now
  const all = await announcements(page);
  const matching = all.filter((a) => (typeof text === 'string' ? a.text.includes(text) : text.test(a.text)));
  expect(matching).toHaveLength(1);
  expect(said.politeness).toBe(politeness);
  return said;
}

/** Waits until `text` is shown in the pane (outside the live regions). */
async function expectShown(page: Page, text: string): Promise<void> {
  await page.locator('main').getByText(text, { exact: false }).first().waitFor();
}

function reference(lang: 'zh-CN' | 'en-US' = 'zh-CN'): Analysis {
  return analyze(workbook, { lang });
}

function counts(analysis: Analysis): [number, number, number] {
  const n = (s: Finding['severity']) => analysis.findings.filter((f) => f.severity === s).length;
  return [n('error'), n('warning'), n('info')];
}

describe('keyboard alone, zh-CN', () => {
  it('校验: focus on the summary, the result announced once; the findings are one widget of arrow keys', async () => {
    const { page } = await pane();
    await ready(page);
    await tabTo(page, button('校验'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    const [e, w, i] = counts(reference());
    const said = await announcedOnce(page, `校验完成：错误 ${e} 个，警告 ${w} 个，提示 ${i} 个。`, 'polite');
    expect(said.lang).toBe('zh-CN');
    // The tab did not change (the pane starts on 校验结果): nothing about a switch.
    expect(said.text).not.toContain('已转到');
    await focusOn(page, (f) => f.focus === 'summary' && f.text === '校验概况', 'the summary heading');
    expect((await announcements(page)).filter((a) => a.politeness === 'assertive')).toEqual([]);

    // Tab enters the findings at the first group; arrow keys move within.
    const findings = reference().findings;
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    const infos = findings.filter((f) => f.severity === 'info');
    let f = await tabTo(page, (x) => x.role === 'treeitem', 3);
    expect(f.text).toBe(`错误 ${e}`);
    await page.keyboard.press('ArrowDown');
    f = await focusOn(page, (x) => x.finding !== null, 'the first finding');
    expect(f.finding).toBe(`${errors[0].sheet}!${errors[0].cell}`);
    await page.keyboard.press('ArrowDown');
    f = await focusOn(
      page,
      (x) => x.finding === `${errors[1].sheet}!${errors[1].cell}`,
      'the second finding',
    );
    await page.keyboard.press('End');
    const last = infos[infos.length - 1];
    await focusOn(page, (x) => x.finding === `${last.sheet}!${last.cell}`, 'the last finding (End)');
    await page.keyboard.press('Home');
    await focusOn(page, (x) => x.role === 'treeitem' && x.text === `错误 ${e}`, 'the first group (Home)');

    // A jump per group: Page Down to the next group, Page Up from a finding to its own group, then the previous.
    await page.keyboard.press('PageDown');
    await focusOn(page, (x) => x.text === `警告 ${w}`, 'the warnings (Page Down)');
    await page.keyboard.press('PageDown');
    await focusOn(page, (x) => x.text === `提示 ${i}`, 'the notes (Page Down)');
    await page.keyboard.press('PageUp');
    await focusOn(page, (x) => x.text === `警告 ${w}`, 'the warnings (Page Up)');
    await page.keyboard.press('ArrowDown');
    await focusOn(page, (x) => x.finding === `${warnings[0].sheet}!${warnings[0].cell}`, 'the first warning');
    await page.keyboard.press('PageUp');
    await focusOn(page, (x) => x.text === `警告 ${w}`, 'its own group (Page Up)');

    // ← folds the group (and → opens it again); its findings leave the page and come back.
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('[role=treeitem][data-severity=warning]').getAttribute('aria-expanded')).toBe(
      'false',
    );
    // (Fluent unmounts the folded findings when its collapse motion ends; a key in that frame would land on one.)
    await page.locator('[role=treeitem][data-severity=warning] [role=group]').waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowDown');
    await focusOn(page, (x) => x.text === `提示 ${i}`, 'the next group past the folded one');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('[role=treeitem][data-severity=warning]').getAttribute('aria-expanded')).toBe(
      'true',
    );

    // Enter selects the finding's cell: Excel selects it, the item is aria-selected, and it is announced once.
    await page.keyboard.press('ArrowDown');
    const target = warnings[0];
    const where = `${target.sheet}!${target.cell}`;
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    await announcedOnce(page, `已在工作表中选中 ${where}。`, 'polite');
    expect(await sim.selection(page)).toBe(where);
    const item = page.locator('[data-item="warning:0"]');
    expect(await item.getAttribute('data-finding')).toBe(where);
    expect(await item.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[role=treeitem][aria-selected]').count()).toBe(1);
    await focusOn(page, (x) => x.finding === where, 'the selected finding');

    // One Tab stop: Tab leaves the list, Shift+Tab comes back to the same finding.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[role=tree]') ?? null)).toBeNull();
    await page.keyboard.press('Shift+Tab');
    await focusOn(page, (x) => x.finding === where, 'the finding Tab left from');
  });

  it('names each finding by what it shows, and each group by its label', async () => {
    const { page } = await pane();
    await ready(page);
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await page.getByTestId('finding-counts').waitFor();
    const names = await accessibleNames(page, '[role=treeitem]');
    const shown = await page
      .locator('[role=treeitem]')
      .evaluateAll((els) => els.map((el) => (el.firstElementChild as HTMLElement).innerText));
    const squash = (s: string) => s.replace(/\s+/g, '');
    expect(names.map(squash)).toEqual(shown.map(squash));
    const [e] = counts(reference());
    expect(names[0]).toBe(`错误 ${e}`);
    // Nothing said that is not shown: no "press Enter" on every item.
    expect(names.some((n) => /Enter/.test(n))).toBe(false);
  });

  it('生成报告: focus on the report, the switch to 报告 announced; undo confirmed in an alert dialog', async () => {
    const { page } = await pane({ latencyMs: 150 });
    await ready(page);
    const before = await sim.sheetNames(page);
    await tabTo(page, button('生成报告'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    // While it runs, the button keeps focus (aria-disabled), so focus never falls to the page.
    await focusOn(page, (f) => f.text === '正在生成…', 'the busy Generate button');
    const said = await announcedOnce(page, '报告已生成：新建了', 'polite');
    expect(said.text).toMatch(/^报告已生成：新建了 \d+ 个工作表。 已转到“报告”。$/);
    await focusOn(
      page,
      (f) => f.focus === 'run' && f.text.startsWith('已生成工作表：'),
      'the generated sheets',
    );
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('报告');
    expect((await announcements(page)).filter((a) => a.text.includes('正在生成…'))).toHaveLength(1);

    // The undo dialog: an alertdialog that opens on Cancel; Escape and Cancel both return focus to the trigger.
    await tabTo(page, button('删除报告工作表'), 3);
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog').waitFor();
    await focusOn(page, button('取消'), 'Cancel');
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
    await focusOn(page, button('删除报告工作表'), 'the removal button after Escape');
    await page.keyboard.press('Enter');
    await focusOn(page, button('取消'), 'Cancel');
    await page.keyboard.press('Tab');
    await focusOn(page, button('删除'), 'Remove');
    await page.keyboard.press('Tab'); // the focus stays in the dialog
    await focusOn(page, button('取消'), 'Cancel (focus trapped in the dialog)');
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
    await focusOn(page, button('删除报告工作表'), 'the removal button after Cancel');
    expect((await sim.sheetNames(page)).length).toBeGreaterThan(before.length);

    // Confirmed: the sheets go, focus stays on the (now unavailable) trigger, the result is announced once.
    await page.keyboard.press('Enter');
    await focusOn(page, button('取消'), 'Cancel');
    await page.keyboard.press('Tab');
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    await announcedOnce(page, '已删除报告工作表：', 'polite');
    expect(await sim.sheetNames(page)).toEqual(before);
    const trigger = await focusOn(page, button('删除报告工作表'), 'the removal button after deleting');
    expect(trigger.tag).toBe('button');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-disabled'))).toBe('true');

    // Dismissing the notice (its close button says what it closes) returns focus to where it was.
    const close = page.getByRole('button', { name: '关闭通知' });
    expect(await page.getByRole('group', { name: '完成' }).count()).toBe(1);
    await close.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('notice-bar').waitFor({ state: 'detached' });
    await focusOn(page, button('删除报告工作表'), 'the removal button after dismissing the notice');
  });

  it('a failed 生成 is announced assertively once and takes focus; dismissing it returns to 生成报告', async () => {
    const { page } = await pane();
    await ready(page);
    const before = await sim.sheetNames(page);
    await page.evaluate(() => {
      const s = window.__E2E__?.sim;
      if (!s) throw new Error('no simulator');
      let failed = false;
      s.onRequest((request) => {
        if (failed || !request.actions.some((a) => a.a === 'SetProperty' && a.n === 'Formulas'))
          return undefined;
        failed = true;
        return { code: 'InvalidOperationInCellEditMode' };
      });
    });
    await tabTo(page, button('生成报告'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    const said = await announcedOnce(page, '生成失败：', 'assertive');
    expect(said.text).toBe(
      '生成失败：Excel 拒绝了这次操作。Excel 正在编辑单元格：请先按 Enter 或 Esc 结束编辑，再重试。本次新建的工作表已全部自动删除，原有工作表未被改动。',
    );
    expect(said.lang).toBe('zh-CN');
    // The old result is not repeated, and no polite message says anything about it.
    expect((await announcements(page)).filter((a) => a.politeness === 'polite').map((a) => a.text)).toEqual([
      '正在生成…',
    ]);
    await focusOn(page, (f) => f.focus === 'error' && f.testId === 'error-bar', 'the error bar');
    expect(await page.getByRole('group', { name: '生成失败' }).count()).toBe(1);
    expect(await sim.sheetNames(page)).toEqual(before);
    const close = await tabTo(page, (f) => f.label === '关闭错误消息', 2);
    expect(close.tag).toBe('button');
    await page.keyboard.press('Enter');
    await page.getByTestId('error-bar').waitFor({ state: 'detached' });
    await focusOn(page, button('生成报告'), 'the Generate button');
  });

  it('both save buttons keep focus and announce the result; 立即重新校验 switches back and says so', async () => {
    const { page } = await pane();
    await ready(page);
    // Settings: the tab by arrow keys, the threshold typed, Save by Enter.
    await tabTo(page, (f) => f.role === 'tab');
    // 校验结果 → 表格 → 核对文稿 → 报告 → 设置.
    for (let n = 0; n < 4; n++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('设置');
    await tabTo(page, (f) => f.tag === 'input');
    // A value out of range: said once, assertively, as it turns invalid (not again on the next key).
    await page.keyboard.press('Control+A');
    await clearAnnouncements(page);
    await page.keyboard.type('1200');
    await announcedOnce(page, '请输入 0 到 100 之间的数字。', 'assertive');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('30');
    await tabTo(page, button('保存设置'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    await announcedOnce(page, '设置已保存，下次校验时生效。', 'polite');
    await focusOn(page, button('保存设置'), 'the Save settings button');

    // Columns: check, open 表格, correct a column from the keyboard, save.
    await page.getByRole('button', { name: '校验', exact: true }).focus();
    await page.keyboard.press('Enter');
    await focusOn(page, (f) => f.focus === 'summary', 'the summary');
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await page.locator('[role=tabpanel]').getAttribute('data-tab')).toBe('tables');
    // The 14 captions are headings (level 2), one per table.
    const tables = reference().tables;
    expect(await page.getByRole('tabpanel').getByRole('heading', { level: 2 }).count()).toBe(tables.length);
    await tabTo(page, (f) => f.role === 'combobox');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await tabTo(page, (f) => f.tag === 'button' && f.text.startsWith('保存列的更正（'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    await announcedOnce(page, '列的更正已保存，下次校验时生效。', 'polite');
    // Nothing is pending now: the button is aria-disabled but keeps focus.
    await focusOn(page, button('保存列的更正'), 'the Save columns button');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-disabled'))).toBe('true');

    // 立即重新校验 from the notice: the result, the switch back to 校验结果, and focus on the summary.
    await page.getByRole('button', { name: '立即重新校验' }).focus();
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    const said = await announcedOnce(page, '校验完成：', 'polite');
    expect(said.text).toMatch(/ 已转到“校验结果”。$/);
    await focusOn(page, (f) => f.focus === 'summary', 'the summary');
  });
});

/** Every later sync of the simulated Excel waits `ms` (to hold a step of a run on screen). */
function latency(page: Page, ms: number): Promise<void> {
  return page.evaluate((value) => {
    const handle = window.__E2E__;
    if (!handle) throw new Error('no simulator');
    handle.latency.ms = value;
  }, ms);
}

describe('keyboard alone, a run in progress (zh-CN)', () => {
  it('a slow check: its step and Excel’s wait said once each; Cancel keeps focus, is said, and hands focus back to 校验', async () => {
    const { page } = await pane();
    await ready(page);
    await latency(page, 3_000);
    await tabTo(page, button('校验'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    await focusOn(page, (f) => f.text === '正在校验…', 'the busy Check button');
    await page.locator('[data-testid=run-progress][data-phase=reading]').waitFor();
    // The step, once it has lasted a second; then what may hold Excel up, once it has not answered for a while.
    await announcedOnce(page, '正在读取工作簿…', 'polite');
    const hint = await announcedOnce(page, 'Excel 暂未响应', 'polite');
    expect(hint.text).toBe(
      'Excel 暂未响应：如果您正在编辑单元格，请按 Enter 或 Esc 结束编辑，操作随后会继续。',
    );
    await expectShown(page, 'Excel 暂未响应');

    // Cancel from the keyboard: the next Tab stop after the busy Check button is past Generate, on Cancel.
    await tabTo(page, button('取消'), 4);
    await page.keyboard.press('Enter');
    await announcedOnce(page, '正在取消…', 'polite');
    await focusOn(page, button('正在取消…'), 'the Cancel button while cancelling');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-disabled'))).toBe('true');
    await latency(page, 0);
    const said = await announcedOnce(page, '已取消校验，工作簿未被改动。', 'polite');
    expect(said.lang).toBe('zh-CN');
    await focusOn(page, (f) => f.focus === 'check' && f.text === '校验', 'the Check button after cancelling');
    expect(await page.getByTestId('run-progress').count()).toBe(0);
    expect(await page.getByTestId('finding-counts').count()).toBe(0);
    // Nothing assertive, and no step said after the cancel.
    const all = await announcements(page);
    expect(all.filter((a) => a.politeness === 'assertive')).toEqual([]);
    const afterCancel = all.slice(all.findIndex((a) => a.text === '正在取消…') + 1).map((a) => a.text);
    expect(afterCancel).toEqual(['已取消校验，工作簿未被改动。']);
  });

  it('a report cancelled while it writes: the writing said, the sheets removed, focus back on 生成报告', async () => {
    const { page } = await pane();
    await ready(page);
    const before = await sim.sheetNames(page);
    await latency(page, 700);
    await tabTo(page, button('生成报告'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=run-progress][data-phase=writing]').waitFor({ timeout: 30_000 });
    const writing = await announced(page, /^正在写入工作表… \d+%$/);
    expect(writing.politeness).toBe('polite');
    await tabTo(page, button('取消'), 4);
    await page.keyboard.press('Enter');
    await announcedOnce(page, '正在取消…', 'polite');
    await focusOn(page, button('正在取消…'), 'the Cancel button while cancelling');
    const said = await announcedOnce(page, '已取消生成：', 'polite');
    expect(said.text).toBe('已取消生成：本次新建的工作表已全部删除，原有工作表未被改动。');
    await focusOn(
      page,
      (f) => f.focus === 'generate' && f.text === '生成报告',
      'the Generate button after cancelling',
    );
    expect(await sim.sheetNames(page)).toEqual(before);
    expect((await announcements(page)).filter((a) => a.politeness === 'assertive')).toEqual([]);
    // The view did not switch to a report that does not exist.
    expect(await page.getByRole('tab', { selected: true }).innerText()).toContain('校验结果');
  });
});

describe('keyboard alone, en-US', () => {
  it('announces in English, with the Chinese names marked as Chinese', async () => {
    const { page } = await pane({ displayLanguage: 'en-US' });
    await ready(page, 'Check');
    await tabTo(page, button('Check'));
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    const [e, w, i] = counts(reference('en-US'));
    const said = await announcedOnce(
      page,
      `Check complete: ${e} errors, ${w} warnings, ${i} notes.`,
      'polite',
    );
    expect(said.lang).toBe('en-US');
    await focusOn(page, (f) => f.focus === 'summary' && f.text === 'Summary of the check', 'the summary');

    // Every Chinese run inside a finding is in a lang="zh-CN" span; the rest of the finding is English.
    const first = reference('en-US').findings.find((f) => f.severity === 'error') as Finding;
    const item = page.locator(`[data-finding="${first.sheet}!${first.cell}"]`).first();
    const marked = await item.locator('[lang="zh-CN"]').allInnerTexts();
    expect(marked).toContain(first.sheet);
    const unmarked = await item.evaluate((el) => {
      const out: string[] = [];
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (!n.parentElement?.closest('[lang="zh-CN"]')) out.push(n.textContent ?? '');
      }
      return out.join('');
    });
    expect(unmarked).not.toMatch(/\p{Script=Han}/u);

    // The selection is confirmed in English, the sheet's name marked as Chinese inside the message.
    await tabTo(page, (f) => f.role === 'treeitem', 3);
    await page.keyboard.press('ArrowDown');
    await clearAnnouncements(page);
    await page.keyboard.press('Enter');
    const where = `${first.sheet}!${first.cell}`;
    await announcedOnce(page, `Selected ${where} in the sheet.`, 'polite');
    expect(await page.locator('[data-live=polite] [lang="zh-CN"]').innerText()).toBe(first.sheet);
  });
});
