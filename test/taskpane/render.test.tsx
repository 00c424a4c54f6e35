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
import { ReportPanel } from '../../src/taskpane/components/ReportPanel';
import { Shell } from '../../src/taskpane/components/Shell';
import { Standalone } from '../../src/taskpane/components/Standalone';
import { TablesPanel } from '../../src/taskpane/components/TablesPanel';
import type { CheckView } from '../../src/taskpane/engine/protocol';
import { checkView } from '../../src/taskpane/engine/run';
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

describe('findings', () => {
  it.each<[Lang, string, string]>([
    ['zh-CN', '错误，合计核对，专项经费!H12：', '按 Enter 在工作表中选中该单元格'],
    ['en-US', 'Error, Totals, 专项经费!H12: ', 'Press Enter to select the cell in the sheet'],
  ])('are buttons named by severity, rule, cell and message (%s)', (lang, start, end) => {
    const analysis = analyses[lang] as CheckView;
    const markup = html(lang, <FindingsPanel analysis={analysis} onSelect={() => undefined} />);
    const labels = attributes(markup, 'data-finding=', 'aria-label');
    expect(labels).toHaveLength(analysis.findings.length);
    expect(labels[0].startsWith(start)).toBe(true);
    expect(labels[0].endsWith(end)).toBe(true);
    expect(attributes(markup, 'data-finding=', 'type')).toEqual(labels.map(() => 'button'));
  });

  it('are grouped in sections labelled by their headings, with counts', () => {
    const analysis = analyses['zh-CN'] as CheckView;
    const markup = html('zh-CN', <FindingsPanel analysis={analysis} onSelect={() => undefined} />);
    const errors = analysis.findings.filter((f) => f.severity === 'error').length;
    expect(attributes(markup, '<section', 'data-severity')).toEqual(['error', 'warning', 'info']);
    expect(markup).toContain(`aria-label="错误 ${errors} 个"`);
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
  expect(none).toMatch(/<button[^>]*disabled=""[^>]*>.*删除报告工作表/);
  const run = { created: ['执行汇总', '问题清单'], replaced: [] };
  const some = html('zh-CN', <ReportPanel {...props} run={run} canUndo />);
  expect(some).toContain('已生成工作表：执行汇总、问题清单');
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
