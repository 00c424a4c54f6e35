/**
 * The pane's views rendered to HTML (no browser): roles, names and aria labels in both languages. What a person does
 * with them (clicks, keys, Excel's answers) is tested in the browser, in test/e2e/.
 */
import * as path from 'path';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { analyze, type Lang } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { FindingsPanel } from '../../src/taskpane/components/FindingsPanel';
import { ErrorBar, NoticeBar } from '../../src/taskpane/components/Messages';
import { ReportPanel } from '../../src/taskpane/components/ReportPanel';
import { Shell } from '../../src/taskpane/components/Shell';
import { Standalone } from '../../src/taskpane/components/Standalone';
import { TablesPanel } from '../../src/taskpane/components/TablesPanel';
import type { CheckView } from '../../src/taskpane/engine/protocol';
import { checkView } from '../../src/taskpane/engine/run';
import { STRINGS } from '../../src/taskpane/i18n';
import type { Workbook } from '../../src/engine';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'kaifu-2020.xlsx');

let workbook: Workbook;
const analyses: Partial<Record<Lang, CheckView>> = {};

beforeAll(async () => {
  workbook = await readWorkbookFile(SAMPLE);
  analyses['zh-CN'] = checkView(analyze(workbook, { lang: 'zh-CN' }));
  analyses['en-US'] = checkView(analyze(workbook, { lang: 'en-US' }));
});

function html(lang: Lang, element: ReactElement): string {
  return renderToStaticMarkup(<Shell lang={lang}>{element}</Shell>);
}

/** The values of `attribute` on elements that have `marker` among their attributes. */
function attributes(markup: string, marker: string, attribute: string): string[] {
  const out: string[] = [];
  for (const tag of markup.match(/<[a-z][^>]*>/g) ?? []) {
    if (!tag.includes(marker)) continue;
    const m = new RegExp(`\\s${attribute}="([^"]*)"`).exec(tag);
    if (m) out.push(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  return out;
}

/** The text of `markup` with its tags taken out (entities of the markup decoded). */
function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('findings', () => {
  it.each<Lang>(['zh-CN', 'en-US'])(
    'are one tree: a group per severity, a tree item per finding, named by what it shows (%s)',
    (lang) => {
      const analysis = analyses[lang] as CheckView;
      const markup = html(lang, <FindingsPanel analysis={analysis} onSelect={() => undefined} />);
      expect(markup.match(/role="tree"/g)).toHaveLength(1);
      expect(attributes(markup, 'role="tree"', 'aria-label')).toEqual([
        lang === 'zh-CN' ? '问题清单' : 'Findings',
      ]);
      expect(attributes(markup, 'aria-level="1"', 'data-severity')).toEqual(['error', 'warning', 'info']);
      const items = attributes(markup, 'data-finding=', 'data-finding');
      expect(items).toHaveLength(analysis.findings.length);
      // No label of their own: a finding's name is its content (nothing said that is not shown).
      expect(attributes(markup, 'data-finding=', 'aria-label')).toEqual([]);
      expect(attributes(markup, 'data-finding=', 'aria-labelledby')).toEqual([]);
      expect(markup).not.toMatch(/按 Enter 在工作表中选中该单元格|Press Enter to select the cell/);
      expect(attributes(markup, 'data-finding=', 'role')).toEqual(items.map(() => 'treeitem'));
      // Nothing selected yet.
      expect(attributes(markup, 'role="treeitem"', 'aria-selected')).toEqual([]);
    },
  );

  it('show each finding’s cell, rule name, message (which says the figures), and the rounding tag', () => {
    const analysis = analyses['zh-CN'] as CheckView;
    const markup = html('zh-CN', <FindingsPanel analysis={analysis} onSelect={() => undefined} />);
    const text = textOf(markup);
    for (const f of analysis.findings) {
      expect(text).toContain(`${f.sheet}!${f.cell}`);
      expect(text).toContain(`${STRINGS['zh-CN'].rule[f.rule]}${f.message}`);
    }
    // No 应为/实为 tail and no English rule id in a Chinese card.
    expect(text).not.toMatch(/应为 \S+，实为/);
    expect(text).not.toMatch(/· (sum|rate|surplus|overspend|low-rate)\b/);
    expect(markup.match(/>尾差<\/span>/g)).toHaveLength(analysis.findings.filter((f) => f.rounding).length);
  });

  it('mark the selected finding, and only that one', () => {
    const analysis = analyses['zh-CN'] as CheckView;
    const chosen = analysis.findings.filter((f) => f.severity === 'warning')[1];
    const markup = html(
      'zh-CN',
      <FindingsPanel analysis={analysis} selected={chosen} onSelect={() => undefined} />,
    );
    expect(attributes(markup, 'aria-selected="true"', 'data-finding')).toEqual([
      `${chosen.sheet}!${chosen.cell}`,
    ]);
    expect(attributes(markup, 'role="treeitem"', 'aria-selected')).toEqual(['true']);
  });

  it('mark the Chinese inside English findings lang="zh-CN", and nothing in Chinese ones', () => {
    const en = html(
      'en-US',
      <FindingsPanel analysis={analyses['en-US'] as CheckView} onSelect={() => undefined} />,
    );
    const marked = [...en.matchAll(/<span lang="zh-CN">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(marked).toContain('专项经费');
    expect(marked).toContain('供排水项目经费');
    // Every Han character of the findings is inside such a span.
    const tree = en.slice(en.indexOf('role="tree"'));
    const outside = textOf(tree.replace(/<span lang="zh-CN">[^<]*<\/span>/g, ''));
    expect(outside).not.toMatch(/\p{Script=Han}/u);
    const zh = html(
      'zh-CN',
      <FindingsPanel analysis={analyses['zh-CN'] as CheckView} onSelect={() => undefined} />,
    );
    expect(zh).not.toContain('lang="zh-CN"');
  });

  it('open with a summary heading that focus can be sent to, with the counts', () => {
    const analysis = analyses['zh-CN'] as CheckView;
    const markup = html('zh-CN', <FindingsPanel analysis={analysis} onSelect={() => undefined} />);
    const errors = analysis.findings.filter((f) => f.severity === 'error').length;
    expect(markup).toMatch(/<h2 [^>]*tabindex="-1"[^>]*data-focus="summary"[^>]*>校验概况<\/h2>/);
    expect(markup).toContain(`>错误 ${errors}<`);
  });

  it('invite a check before there is one', () => {
    expect(html('zh-CN', <FindingsPanel analysis={undefined} onSelect={() => undefined} />)).toContain(
      '点击“校验”读取当前工作簿',
    );
  });
});

it('tables: each column of the open table has a list named after its sheet, letter and header', () => {
  const analysis = analyses['zh-CN'] as CheckView;
  const markup = html(
    'zh-CN',
    <TablesPanel
      analysis={analysis}
      workbook={workbook}
      overrides={[]}
      lang="zh-CN"
      busy={false}
      onSave={() => Promise.resolve(true)}
    />,
  );
  const first = analysis.tables[0];
  const names = attributes(markup, 'role="combobox"', 'aria-label');
  expect(names).toContain(`${first.sheet} 工作表 B 列（${first.headers.B}）的含义`);
  expect(markup).toContain('保存列的更正');
  // Each table's caption is a heading holding the header's button.
  const headings = [...markup.matchAll(/<h2[^>]*>(.*?)<\/h2>/g)].map((m) => textOf(m[1]));
  expect(headings).toHaveLength(analysis.tables.length);
  expect(headings[0]).toContain(`${first.sheet} ${first.range}`);
  // Nothing to save yet: the button says so (aria-disabled) and stays focusable.
  expect(markup).toMatch(/<button[^>]*aria-disabled="true"[^>]*>.*?保存列的更正/);
});

it('report: the removal is offered only when there is a report, and says what it removes and what Ctrl+Z does', () => {
  const props = {
    lang: 'zh-CN' as const,
    narrative: undefined,
    busy: false,
    undoing: false,
    onUndo: () => undefined,
    copy: () => Promise.resolve(true),
    exportDocx: () => Promise.resolve('report.docx'),
  };
  const none = html('zh-CN', <ReportPanel {...props} run={undefined} canUndo={false} />);
  expect(none).toContain('尚未生成');
  // Unavailable, but focusable (focus stays on it after a removal): aria-disabled, not disabled.
  expect(none).toMatch(/<button[^>]*aria-disabled="true"[^>]*>.*删除报告工作表/);
  expect(none).not.toMatch(/<button[^>]*\sdisabled=""[^>]*>.*删除报告工作表/);
  const run = { created: ['执行汇总', '问题清单'], replaced: [] };
  const some = html('zh-CN', <ReportPanel {...props} run={run} canUndo />);
  expect(some).toContain('已生成工作表：执行汇总、问题清单');
  expect(some).toMatch(
    /<h2 [^>]*tabindex="-1"[^>]*data-focus="run"[^>]*>已生成工作表：执行汇总、问题清单<\/h2>/,
  );
  expect(some).toContain('Excel 的撤销（Ctrl+Z）只能一步步撤回');
});

it('report: the preview offers the Word document beside the copy button, and names the report by its title', () => {
  const narrative = {
    lang: 'zh-CN' as const,
    title: '某局2020年度部门整体支出绩效自评报告',
    sections: [{ level: 1 as const, heading: '一、部门基本情况', paragraphs: ['本部门正式编制数52人。'] }],
  };
  const markup = html(
    'zh-CN',
    <ReportPanel
      lang="zh-CN"
      narrative={narrative}
      run={undefined}
      canUndo={false}
      busy={false}
      undoing={false}
      onUndo={() => undefined}
      copy={() => Promise.resolve(true)}
      exportDocx={() => Promise.resolve('x.docx')}
    />,
  );
  expect(markup).toMatch(/<button[^>]*data-testid="export-docx"[^>]*>.*导出 Word 文档/);
  expect(markup).not.toMatch(/<button[^>]*data-testid="export-docx"[^>]*disabled/);
  expect(markup).toContain('复制全文');
  expect(markup).toContain('某局2020年度部门整体支出绩效自评报告');
});

describe('message bars', () => {
  const noop = () => undefined;

  it('an error: a group named by its title (an id that exists), focusable, its close button says what it closes', () => {
    const markup = html(
      'zh-CN',
      <ErrorBar action="generate" error={new Error('boom')} onDismiss={noop} focusFallback={noop} />,
    );
    const [labelledby] = attributes(markup, 'data-testid="error-bar"', 'aria-labelledby');
    expect(markup).toContain(`id="${labelledby}"`);
    expect(markup).toMatch(new RegExp(`id="${labelledby}"[^>]*>生成失败<`));
    expect(attributes(markup, 'data-testid="error-bar"', 'tabindex')).toEqual(['-1']);
    expect(attributes(markup, 'data-testid="error-bar"', 'data-focus')).toEqual(['error']);
    expect(attributes(markup, '<button', 'aria-label')).toEqual(['关闭错误消息']);
    // Announced by the pane, not by an aria-live of its own.
    expect(attributes(markup, 'data-testid="error-bar"', 'aria-live')).toEqual([]);
  });

  it.each<[Lang, string, string]>([
    ['zh-CN', '完成', '关闭通知'],
    ['en-US', 'Done', 'Dismiss notice'],
  ])(
    'a notice: named by its kind, no reference to a missing title, a named close button (%s)',
    (lang, name, close) => {
      const notice = { intent: 'success' as const, text: () => 'ok' };
      const markup = html(
        lang,
        <NoticeBar notice={notice} lang={lang} onDismiss={noop} focusFallback={noop} />,
      );
      expect(attributes(markup, 'data-testid="notice-bar"', 'aria-label')).toEqual([name]);
      expect(attributes(markup, 'data-testid="notice-bar"', 'aria-labelledby')).toEqual([]);
      expect(attributes(markup, '<button', 'aria-label')).toEqual([close]);
    },
  );
});

it('the frame mounts both live regions, empty, before anything is said', () => {
  const markup = html('zh-CN', <p>pane</p>);
  expect(attributes(markup, 'data-live=', 'role')).toEqual(['status', 'alert']);
  expect(attributes(markup, 'data-live=', 'aria-live')).toEqual(['polite', 'assertive']);
  expect(markup).toMatch(/data-live="polite"><\/div>/);
  expect(markup).toMatch(/data-live="assertive"><\/div>/);
});

describe('outside Excel', () => {
  it.each<[Lang, string, string]>([
    ['zh-CN', '请在 Excel 中打开', 'Switch to English'],
    ['en-US', 'Open this in Excel', '切换到中文'],
  ])('says how to open the add-in (%s), with a language switch', (lang, title, switchLabel) => {
    const markup = renderToStaticMarkup(<Standalone kind="outside" initialLang={lang} />);
    expect(markup).toContain(title);
    expect(markup).toContain(`aria-label="${switchLabel}"`);
    expect(markup).toMatch(/<ol[^>]*>(<li>[^<]+<\/li>){3}<\/ol>/);
  });

  it('asks for ExcelApi 1.7 in an old Excel', () => {
    const markup = renderToStaticMarkup(<Standalone kind="old-excel" initialLang="zh-CN" />);
    expect(markup).toContain('此版本的 Excel 过旧');
    expect(markup).toContain('Excel API 1.7');
  });
});
