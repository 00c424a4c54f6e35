/**
 * Every string the task pane shows or announces, one table per language. Components never hold text of their own:
 * they take a {@link Strings} from `useStrings()`, so that a missing translation is a compile error, not a blank.
 */
import {
  FIELDS,
  type Field,
  type Lang,
  type ReportSection,
  type RuleId,
  type Severity,
  type Unit,
} from '../engine';
import { FIELD_LABELS } from '../engine/messages';
import { RULE_NAMES } from '../engine/units';
import type { ExcelHostErrorCode } from '../hosts/excel/errors';
import type { DraftFileErrorCode } from './draft';

export type { Lang };

/** What the user was doing when an Excel call failed: decides what the message says was (not) written. */
export type ActionKind = 'settings' | 'check' | 'generate' | 'undo' | 'select' | 'save';

export interface Strings {
  /** `lang` attribute of the page. */
  htmlLang: string;
  appName: string;
  tagline: string;
  /** The header's switch: names the *other* language, in that language. */
  switchLanguage: string;
  switchLanguageLabel: string;
  loading: string;

  outsideTitle: string;
  outsideBody: string;
  outsideSteps: string[];
  requirementTitle: string;
  requirementBody: string;
  crashTitle: string;
  crashBody: string;
  reload: string;

  actionsLabel: string;
  check: string;
  checking: string;
  generate: string;
  generating: string;
  reading: string;
  /** The engine's check under way (in its worker). */
  checkingFigures: string;
  /** The narrative and the plan under way. */
  planning: string;
  writing: (percent: number) => string;
  writingLabel: string;
  checkLabel: string;
  /** Said when Excel has not answered for a while. */
  slowHint: string;
  cancelling: string;
  cancelledCheck: string;
  /** A report stopped before it wrote anything. */
  cancelledNothing: string;
  /** A report stopped while writing: what it had written was removed. */
  cancelledRemoved: string;

  tabsLabel: string;
  tabFindings: string;
  tabTables: string;
  tabDraft: string;
  tabReport: string;
  tabSettings: string;
  /** Said when an action (not the user) switched the view. */
  tabShown: (tab: string) => string;

  notCheckedYet: string;
  /** The heading of the findings' summary (where focus lands after a check). */
  summaryHeading: string;
  checkedSummary: (errors: number, warnings: number, infos: number) => string;
  noFindings: string;
  /** The check recognised no table: nothing was checked, which is not "no problems". */
  nothingRecognised: string;
  /** 生成 refused: no table was recognised, so there is nothing to report. */
  generateNothing: string;
  totalsLine: (t: { available?: string; spent?: string; surplus?: string; rate?: string }) => string;
  rateBaseNote: (base: string) => string;
  severity: Record<Severity, string>;
  severityPlural: Record<Severity, string>;
  rule: Record<RuleId, string>;
  rounding: string;
  /** The findings list's accessible name. */
  findingsListLabel: string;
  showMore: (shown: number, total: number) => string;
  /** How to use the findings list, with the mouse and the keyboard. */
  selectHint: string;
  /** Said once Excel has selected a finding's cell. */
  cellSelected: (where: string) => string;

  /** The 核对文稿 view. */
  draftIntro: string;
  draftTextLabel: string;
  draftTextPlaceholder: string;
  draftChooseFile: string;
  draftFileChosen: (name: string, paragraphs: number) => string;
  draftClearFile: string;
  draftFileError: Record<DraftFileErrorCode, string>;
  draftCheck: string;
  draftEmpty: string;
  draftNotChecked: string;
  draftSummary: (paragraphs: number, checked: number, disputed: number) => string;
  draftNoFindings: string;
  draftSelectHint: string;
  draftParagraph: (n: number) => string;
  draftExpected: (expected: string) => string;
  draftSources: (cells: string) => string;
  draftNoSource: string;
  draftUncheckedHeading: (count: number) => string;
  draftUncheckedNote: string;

  tablesIntro: string;
  noTables: string;
  unrecognisedSheets: (names: string) => string;
  tableHeading: (sheet: string, range: string) => string;
  unit: Record<Unit, string>;
  unitOf: (unit: string) => string;
  labelValueTable: string;
  column: (letter: string) => string;
  columnMeaningLabel: (sheet: string, letter: string, header: string) => string;
  noHeader: string;
  unknownField: string;
  ignoreColumn: string;
  resetColumn: string;
  resetColumnLabel: (letter: string) => string;
  corrected: string;
  fieldGroups: { amounts: string; rates: string; other: string; scores: string };
  field: Record<Field, string>;
  saveColumns: (changes: number) => string;
  columnsSaved: string;
  checkAgain: string;

  reportIntro: string;
  undoStackNote: string;
  notGenerated: string;
  generatedSheets: (names: string) => string;
  generatedNotice: (count: number) => string;
  keptSheets: (names: string) => string;
  migratedNotice: string;
  notActivated: string;
  replacedSheets: (names: string) => string;
  narrativePreview: string;
  copy: string;
  copied: string;
  copyFailed: string;
  exportDocx: string;
  exportingDocx: string;
  exportedDocx: (file: string) => string;
  exportDocxFailed: string;
  undo: string;
  undoing: string;
  undoConfirmTitle: string;
  undoConfirmBody: (names: string) => string;
  undoConfirmUnknown: string;
  undoConfirm: string;
  cancel: string;
  undone: (names: string) => string;
  undoNothing: string;
  undoSkipped: (names: string) => string;

  settingsIntro: string;
  reportSettings: string;
  unitName: string;
  unitNameHint: string;
  reportYear: string;
  reportYearHint: string;
  reportYearInvalid: string;
  reportSections: string;
  reportSectionsInvalid: string;
  sectionName: Record<ReportSection, string>;
  threshold: string;
  thresholdHint: string;
  thresholdInvalid: string;
  rateBase: string;
  rateBaseAvailable: string;
  rateBaseInitial: string;
  language: string;
  languageName: Record<Lang, string>;
  saveSettings: string;
  saving: string;
  settingsSaved: string;
  settingsInvalidLoaded: string;

  /** The notice bar's name, by its intent. */
  noticeLabel: { success: string; info: string; warning: string };
  dismissNotice: string;
  dismissError: string;
  /** An error as it is announced: the title, then the sentences that explain it. */
  errorAnnouncement: (title: string, sentences: string[]) => string;
  errorTitle: Record<ActionKind, string>;
  errorCode: (code: string) => string;
  hostReason: Record<ExcelHostErrorCode, string>;
  /** Extra advice for Excel error codes users meet. */
  excelHint: Record<string, string>;
  written: {
    readOnly: string;
    nothing: string;
    rolledBack: string;
    rollbackFailed: string;
    undoPartial: string;
    settingsNotSaved: string;
  };
  unexpected: string;
}

/**
 * The fields' names: the engine's own table (the words its messages use), so that the pane and the findings never
 * name a column differently. In English the pane's lists start with a capital.
 */
export function fieldLabels(lang: Lang): Record<Field, string> {
  const table = FIELD_LABELS[lang];
  const out = {} as Record<Field, string>;
  for (const field of FIELDS) {
    const label = table[field];
    if (label === undefined) throw new Error(`no ${lang} label for the field ${field}`);
    out[field] = lang === 'en-US' ? label.charAt(0).toUpperCase() + label.slice(1) : label;
  }
  return out;
}

/** A count with its noun: `1 note`, `2 notes`, `0 notes`. */
function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const zh: Strings = {
  htmlLang: 'zh-CN',
  appName: '预算绩效自评助手',
  tagline: '核对预算表格中的数字，生成绩效自评报告的汇总表和分析文字。原有工作表不会被修改。',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English',
  loading: '正在加载…',

  outsideTitle: '请在 Excel 中打开',
  outsideBody:
    '预算绩效自评助手是 Excel 加载项，需要在 Excel（Microsoft 365、Excel 2021 及以上或 Excel 网页版）中运行，直接在浏览器里打开无法读取工作簿。',
  outsideSteps: [
    '在 Excel 中打开要检查的预算工作簿；',
    '在“开始”选项卡点击“绩效自评”按钮（未看到时：开始 → 加载项，添加“预算绩效自评助手”）；',
    '任务窗格打开后，点击“校验”。',
  ],
  requirementTitle: '此版本的 Excel 过旧',
  requirementBody:
    '预算绩效自评助手需要 Excel API 1.7 及以上。请使用 Microsoft 365、Excel 2021 及以上版本或 Excel 网页版，或更新 Office 后重试。',
  crashTitle: '任务窗格出错了',
  crashBody: '显示时发生意外错误，工作簿未被修改。请重新加载任务窗格；如反复出现，请把下面的信息告诉管理员。',
  reload: '重新加载',

  actionsLabel: '操作',
  check: '校验',
  checking: '正在校验…',
  generate: '生成报告',
  generating: '正在生成…',
  reading: '正在读取工作簿…',
  checkingFigures: '正在核对各表的数字…',
  planning: '正在生成报告内容…',
  writing: (p) => `正在写入工作表… ${p}%`,
  writingLabel: '生成进度',
  checkLabel: '校验进度',
  slowHint: 'Excel 暂未响应：如果您正在编辑单元格，请按 Enter 或 Esc 结束编辑，操作随后会继续。',
  cancelling: '正在取消…',
  cancelledCheck: '已取消校验，工作簿未被改动。',
  cancelledNothing: '已取消生成，未写入任何内容。',
  cancelledRemoved: '已取消生成：本次新建的工作表已全部删除，原有工作表未被改动。',

  tabsLabel: '视图',
  tabFindings: '校验结果',
  tabTables: '表格',
  tabDraft: '核对文稿',
  tabReport: '报告',
  tabSettings: '设置',
  tabShown: (tab) => `已转到“${tab}”。`,

  notCheckedYet: '点击“校验”读取当前工作簿，核对各表中的合计、全年预算数、结余和执行率。',
  summaryHeading: '校验概况',
  checkedSummary: (e, w, i) => `校验完成：错误 ${e} 个，警告 ${w} 个，提示 ${i} 个。`,
  noFindings: '未发现问题：各表的合计、结余和执行率均相符。',
  nothingRecognised:
    '未识别出任何预算表格，没有核对任何数字（这不表示没有问题）。请确认表格有“项目”“年初预算”“实际支出”等表头。',
  generateNothing: '未识别出任何预算表格，没有可写入报告的内容：未生成任何工作表。',
  totalsLine: (t) =>
    [
      t.available !== undefined ? `全年预算数 ${t.available} 万元` : '',
      t.spent !== undefined ? `实际支出 ${t.spent} 万元` : '',
      t.surplus !== undefined ? `结余 ${t.surplus} 万元` : '',
      t.rate !== undefined ? `执行率 ${t.rate}` : '',
    ]
      .filter((s) => s !== '')
      .join('，'),
  rateBaseNote: (base) => `执行率分母：${base}`,
  severity: { error: '错误', warning: '警告', info: '提示' },
  severityPlural: { error: '错误', warning: '警告', info: '提示' },
  rule: RULE_NAMES['zh-CN'],
  rounding: '尾差',
  findingsListLabel: '问题清单',
  showMore: (shown, total) => `显示全部 ${total} 条（当前 ${shown} 条）`,
  selectHint:
    '点击一条问题（或按 Enter）即在工作表中选中其单元格。键盘：↑ ↓ 逐条移动，PageUp / PageDown 跳到上一组 / 下一组，← → 收起 / 展开一组，Home / End 到第一条 / 最后一条。',
  cellSelected: (where) => `已在工作表中选中 ${where}。`,

  draftIntro: '粘贴报告文稿或选择 .docx 文件，与工作簿一同校验：文稿中的每个数字都会对应到它所说的表格数字。',
  draftTextLabel: '报告文稿',
  draftTextPlaceholder: '在此粘贴报告文字，每段一行',
  draftChooseFile: '选择 .docx 文件',
  draftFileChosen: (name, n) => `已读取 ${name}（${n} 段）`,
  draftClearFile: '改为粘贴文字',
  draftFileError: {
    kind: '文稿应为 .docx 或 .txt 文件。',
    empty: '文件为空。',
    'too-large': '文稿过大。',
    'not-docx': '不是 Word .docx 文档。',
    'not-text': '不是 UTF-8 编码的文本文件。',
    corrupt: '文档已损坏，无法读取。',
  },
  draftCheck: '校验工作簿并核对文稿',
  draftEmpty: '请先粘贴文稿或选择文件。',
  draftNotChecked: '文稿尚未核对。',
  draftSummary: (p, c, d) => `文稿共 ${p} 段，核对了 ${c} 个数字，其中 ${d} 个有问题。`,
  draftNoFindings: '已核对的数字与工作簿一致。',
  draftSelectHint: '点击一个数字，即在工作表中选中它的来源单元格。',
  draftParagraph: (n) => `第${n}段`,
  draftExpected: (e) => `应为 ${e}`,
  draftSources: (cells) => `来源：${cells}`,
  draftNoSource: '（按文稿自身的数字计算）',
  draftUncheckedHeading: (n) => `未能对应的数字（${n} 个）`,
  draftUncheckedNote: '这些数字在工作簿中找不到对应项，只列出，不算问题。',

  tablesIntro: '识别到的表格及每列的含义。识别有误时，在下拉框中更正，保存后下次校验按更正后的含义计算。',
  noTables: '尚未识别到表格。请先点击“校验”。',
  unrecognisedSheets: (names) => `以下工作表未识别到表格：${names}`,
  tableHeading: (sheet, range) => `${sheet}  ${range}`,
  unit: { 万元: '万元', 元: '元' },
  unitOf: (u) => `单位：${u}`,
  labelValueTable: '“名称 | 数值”形式的表格（如 编制数 | 52），无需设置列。',
  column: (l) => `${l} 列`,
  columnMeaningLabel: (sheet, l, h) => `${sheet} 工作表 ${l} 列${h ? `（${h}）` : ''}的含义`,
  noHeader: '（无表头）',
  unknownField: '未识别',
  ignoreColumn: '忽略此列',
  resetColumn: '恢复自动',
  resetColumnLabel: (l) => `${l} 列恢复自动识别`,
  corrected: '已更正',
  fieldGroups: { amounts: '金额', rates: '比率', other: '名称与说明', scores: '评分表' },
  field: fieldLabels('zh-CN'),
  saveColumns: (n) => (n > 0 ? `保存列的更正（${n} 处）` : '保存列的更正'),
  columnsSaved: '列的更正已保存，下次校验时生效。',
  checkAgain: '立即重新校验',

  reportIntro:
    '“生成报告”新建“执行汇总”“问题清单”“分析说明”等工作表，写入汇总数字、问题和报告文字；原有工作表不会被修改。再次生成会替换上次生成、且生成后未被修改的工作表。',
  undoStackNote:
    'Excel 的撤销（Ctrl+Z）只能一步步撤回报告的部分写入，不能一次删除整份报告：请用“删除报告工作表”。删除工作表后（包括再次生成时替换旧报告），Excel 无法再撤销此前的操作。',
  notGenerated: '尚未生成。点击“生成报告”。',
  generatedSheets: (names) => `已生成工作表：${names}`,
  generatedNotice: (n) => `报告已生成：新建了 ${n} 个工作表。`,
  keptSheets: (names) =>
    `以下工作表生成后被修改过（或无法确认由本加载项生成），已保留，新报告改用了其他名称：${names}。`,
  migratedNotice: '旧版本留下的隐藏记录（“_BudgetReview”工作表）已移除，现改为随工作簿保存的记录。',
  notActivated: '另一个工作簿当前处于活动状态，未能切换到新报告：请回到此工作簿查看。',
  replacedSheets: (names) => `已替换上次生成的：${names}`,
  narrativePreview: '分析说明预览',
  copy: '复制全文',
  copied: '已复制到剪贴板，可粘贴到 Word 报告中。',
  copyFailed: '无法访问剪贴板，请在预览中选中文字后按 Ctrl+C 复制。',
  exportDocx: '导出 Word 文档',
  exportingDocx: '正在生成 Word 文档…',
  exportedDocx: (file) => `已生成 Word 文档“${file}”，请在浏览器的下载中查看。`,
  exportDocxFailed: '无法生成 Word 文档，请重试；如仍失败，可复制全文粘贴到 Word 中。',
  undo: '删除报告工作表',
  undoing: '正在删除…',
  undoConfirmTitle: '删除报告工作表？',
  undoConfirmBody: (names) =>
    `将删除本加载项生成、且生成后未被修改的工作表：${names}。您自己的工作表和您修改过的工作表都不会被删除。`,
  undoConfirmUnknown:
    '将删除本加载项生成、且生成后未被修改的工作表（如有）。您自己的工作表和您修改过的工作表都不会被删除。',
  undoConfirm: '删除',
  cancel: '取消',
  undone: (names) => `已删除报告工作表：${names}`,
  undoNothing: '没有可删除的报告工作表。',
  undoSkipped: (names) => `以下工作表生成后被修改过，或无法确认由本加载项生成，未删除：${names}`,

  settingsIntro: '这些设置随工作簿保存，下次校验时生效。',
  reportSettings: '自评报告',
  unitName: '单位名称',
  unitNameHint:
    '报告标题为“单位名称 + 年度 + 部门整体支出绩效自评报告”；留空时使用工作簿中“单位名称”“填报单位”所填内容。',
  reportYear: '年度',
  reportYearHint: '留空时取表格标题中的年份。',
  reportYearInvalid: '请输入四位年份，如 2020。',
  reportSections: '报告包含的部分',
  reportSectionsInvalid: '请至少选择一个部分。',
  sectionName: {
    basics: '一、部门基本情况',
    spending: '二、一般公共预算支出情况',
    performance: '三、部门整体支出绩效情况',
    problems: '四、存在的主要问题及下一步改进措施',
    results: '五、绩效自评结果拟应用和公开情况',
  },
  threshold: '执行率偏低的阈值（%）',
  thresholdHint: '执行率低于此值时给出警告，默认 60。',
  thresholdInvalid: '请输入 0 到 100 之间的数字。',
  rateBase: '执行率的分母',
  rateBaseAvailable: '全年预算数（含上年结转）',
  rateBaseInitial: '年初预算',
  language: '语言（界面、问题说明和报告）',
  languageName: { 'zh-CN': '中文', 'en-US': 'English' },
  saveSettings: '保存设置',
  saving: '正在保存…',
  settingsSaved: '设置已保存，下次校验时生效。',
  settingsInvalidLoaded: '工作簿中保存的设置无效，已改用默认设置。',

  noticeLabel: { success: '完成', info: '提示', warning: '注意' },
  dismissNotice: '关闭通知',
  dismissError: '关闭错误消息',
  errorAnnouncement: (title, sentences) => `${title}：${sentences.join('')}`,
  errorTitle: {
    settings: '读取设置失败',
    check: '校验失败',
    generate: '生成失败',
    undo: '撤销失败',
    select: '无法选中该单元格',
    save: '保存失败',
  },
  errorCode: (code) => `错误代码：${code}`,
  hostReason: {
    conflict: '要生成的工作表与本加载项未创建的工作表冲突（同名或会被替换）。',
    plan: '生成的写入计划无效。',
    excel: 'Excel 拒绝了这次操作。',
    'last-visible-sheet': '工作簿必须至少保留一个可见的工作表。',
    settings: '工作簿中保存的设置无效。',
    protected: '工作簿结构受保护，无法添加或删除工作表：请在“审阅”选项卡取消“保护工作簿”后重试。',
    cancelled: '已取消。',
  },
  excelHint: {
    InvalidOperationInCellEditMode: 'Excel 正在编辑单元格：请先按 Enter 或 Esc 结束编辑，再重试。',
    InactiveWorkbook: '另一个工作簿当前处于活动状态：请点击此工作簿中的任意单元格，再重试。',
    RequestPayloadSizeLimitExceeded: '一次写入的数据超过了 Excel 网页版的 5 MB 上限。',
    ResponsePayloadSizeLimitExceeded: '一次读取的数据超过了 Excel 网页版的 5 MB 上限。',
    ItemNotFound: '找不到该工作表或单元格，可能已被删除或改名：请重新校验。',
    InvalidOperation: '该工作表可能已隐藏或受保护。',
    AccessDenied: '工作簿或工作表受保护，无法修改：请取消保护后重试。',
    ItemAlreadyExists: '已有同名工作表。',
  },
  written: {
    readOnly: '只读取了工作簿，没有写入任何内容。',
    nothing: '没有写入任何内容，工作簿保持原样。',
    rolledBack: '本次新建的工作表已全部自动删除，原有工作表未被改动。',
    rollbackFailed:
      '自动清理未能完成：工作簿中可能留有本次生成的部分工作表，请检查后用“删除报告工作表”或手动删除。原有工作表未被改动。',
    undoPartial: '可能只删除了部分生成的工作表，请重新校验查看当前状态。原有工作表未被改动。',
    settingsNotSaved: '设置未保存。',
  },
  unexpected: '发生意外错误。',
};

const en: Strings = {
  htmlLang: 'en-US',
  appName: 'Budget Review',
  tagline:
    "Checks the figures of your budget tables and writes the self-evaluation report's summary sheets and text. Your own sheets are never changed.",
  switchLanguage: '中文',
  switchLanguageLabel: '切换到中文',
  loading: 'Loading…',

  outsideTitle: 'Open this in Excel',
  outsideBody:
    'Budget Review is an Excel add-in: it runs inside Excel (Microsoft 365, Excel 2021 or later, or Excel on the web). Opened directly in a browser it cannot read a workbook.',
  outsideSteps: [
    'Open the budget workbook in Excel;',
    'on the Home tab select Self-Evaluation (if it is missing: Home → Add-ins, add Budget Review);',
    'when the task pane opens, select Check.',
  ],
  requirementTitle: 'This version of Excel is too old',
  requirementBody:
    'Budget Review needs Excel API 1.7 or later: use Microsoft 365, Excel 2021 or later, or Excel on the web, or update Office and try again.',
  crashTitle: 'Something went wrong',
  crashBody:
    'An unexpected error occurred while showing the pane; the workbook was not changed. Reload the pane; if it happens again, give the details below to your administrator.',
  reload: 'Reload',

  actionsLabel: 'Actions',
  check: 'Check',
  checking: 'Checking…',
  generate: 'Generate report',
  generating: 'Generating…',
  reading: 'Reading the workbook…',
  checkingFigures: 'Checking the figures…',
  planning: 'Preparing the report…',
  writing: (p) => `Writing sheets… ${p}%`,
  writingLabel: 'Progress',
  checkLabel: 'Check progress',
  slowHint:
    'Excel has not answered yet: if you are editing a cell, press Enter or Esc to finish; the work goes on after that.',
  cancelling: 'Cancelling…',
  cancelledCheck: 'Check cancelled; the workbook was not changed.',
  cancelledNothing: 'Report cancelled; nothing was written.',
  cancelledRemoved:
    'Report cancelled: every sheet it had created was removed again; your own sheets were not changed.',

  tabsLabel: 'Views',
  tabFindings: 'Findings',
  tabTables: 'Tables',
  tabDraft: 'Check draft',
  tabReport: 'Report',
  tabSettings: 'Settings',
  tabShown: (tab) => `Showing ${tab}.`,

  notCheckedYet:
    'Select Check to read this workbook and check its totals, full-year budgets, surpluses and execution rates.',
  summaryHeading: 'Summary of the check',
  checkedSummary: (e, w, i) =>
    `Check complete: ${counted(e, 'error', 'errors')}, ${counted(w, 'warning', 'warnings')}, ${counted(i, 'note', 'notes')}.`,
  noFindings: 'No problems found: the totals, surpluses and rates all agree.',
  nothingRecognised:
    'No budget table was recognised, so no figure was checked (this does not mean there are no problems). Check that the tables have headers such as item, initial budget and spent.',
  generateNothing: 'No budget table was recognised, so there is nothing to report: no sheet was generated.',
  totalsLine: (t) =>
    [
      t.available !== undefined ? `Full-year budget ${t.available} (10k yuan)` : '',
      t.spent !== undefined ? `spent ${t.spent}` : '',
      t.surplus !== undefined ? `surplus ${t.surplus}` : '',
      t.rate !== undefined ? `rate ${t.rate}` : '',
    ]
      .filter((s) => s !== '')
      .join(', '),
  rateBaseNote: (base) => `Rate denominator: ${base}`,
  severity: { error: 'Error', warning: 'Warning', info: 'Note' },
  severityPlural: { error: 'Errors', warning: 'Warnings', info: 'Notes' },
  rule: RULE_NAMES['en-US'],
  rounding: 'rounding',
  findingsListLabel: 'Findings',
  showMore: (shown, total) => `Show all ${total} (showing ${shown})`,
  selectHint:
    'Select a finding (or press Enter on it) to select its cell in the sheet. Keys: ↑ ↓ move between findings, Page Up / Page Down jump to the previous / next group, ← → collapse / expand a group, Home / End go to the first / last.',
  cellSelected: (where) => `Selected ${where} in the sheet.`,

  draftIntro:
    'Paste the report draft or choose a .docx; it is checked with the workbook: every number in it is tied to the figure it states.',
  draftTextLabel: 'Report draft',
  draftTextPlaceholder: 'Paste the report text here, one paragraph a line',
  draftChooseFile: 'Choose a .docx file',
  draftFileChosen: (name, n) => `Read ${name} (${n} paragraphs)`,
  draftClearFile: 'Paste text instead',
  draftFileError: {
    kind: 'A draft is a .docx or a .txt file.',
    empty: 'The file is empty.',
    'too-large': 'The draft is too large.',
    'not-docx': 'Not a Word .docx document.',
    'not-text': 'Not a UTF-8 text file.',
    corrupt: 'The document is damaged and cannot be read.',
  },
  draftCheck: 'Check the workbook and the draft',
  draftEmpty: 'Paste a draft or choose a file first.',
  draftNotChecked: 'The draft has not been checked yet.',
  draftSummary: (p, c, d) => `${p} paragraphs, ${c} numbers checked, ${d} disputed.`,
  draftNoFindings: 'Every number checked agrees with the workbook.',
  draftSelectHint: 'Select a number to select its source cell in the sheet.',
  draftParagraph: (n) => `Paragraph ${n}`,
  draftExpected: (e) => `expected ${e}`,
  draftSources: (cells) => `From: ${cells}`,
  draftNoSource: '(from the draft’s own figures)',
  draftUncheckedHeading: (n) => `Numbers not tied to the workbook (${n})`,
  draftUncheckedNote: 'No figure of the workbook matches these; they are listed only, not findings.',

  tablesIntro:
    'The tables found and what each column means. Correct a column in its list; once saved, the next check uses the correction.',
  noTables: 'No tables yet. Select Check first.',
  unrecognisedSheets: (names) => `No table was recognised on: ${names}`,
  tableHeading: (sheet, range) => `${sheet}  ${range}`,
  unit: { 万元: '10k yuan (万元)', 元: 'yuan (元)' },
  unitOf: (u) => `Unit: ${u}`,
  labelValueTable: 'A label | value table (e.g. 编制数 | 52): no columns to set.',
  column: (l) => `Column ${l}`,
  columnMeaningLabel: (sheet, l, h) => `Meaning of column ${l}${h ? ` (${h})` : ''} on sheet ${sheet}`,
  noHeader: '(no header)',
  unknownField: 'Not recognised',
  ignoreColumn: 'Ignore this column',
  resetColumn: 'Automatic',
  resetColumnLabel: (l) => `Recognise column ${l} automatically again`,
  corrected: 'corrected',
  fieldGroups: { amounts: 'Amounts', rates: 'Rates', other: 'Names and notes', scores: 'Score tables' },
  field: fieldLabels('en-US'),
  saveColumns: (n) => (n > 0 ? `Save column corrections (${n})` : 'Save column corrections'),
  columnsSaved: 'Column corrections saved; the next check uses them.',
  checkAgain: 'Check again now',

  reportIntro:
    'Generate report adds the sheets Summary, Findings and Narrative (and more where needed) with the figures, the problems found and the report text; your own sheets are not changed. Generating again replaces the generated sheets nobody changed since.',
  undoStackNote:
    "Excel's Undo (Ctrl+Z) takes back a report's writing one step at a time and cannot remove a whole report: use Remove report sheets. Excel cannot undo past a deleted sheet, so after removing a report (or generating again, which replaces the old one) Ctrl+Z no longer reaches earlier changes.",
  notGenerated: 'Nothing generated yet. Select Generate report.',
  generatedSheets: (names) => `Sheets generated: ${names}`,
  generatedNotice: (n) => `Report generated: ${n} sheets added.`,
  keptSheets: (names) =>
    `Kept, because they were changed after they were generated (or cannot be proven Budget Review's); the new report uses other names: ${names}.`,
  migratedNotice:
    'The hidden record an older version kept (the sheet _BudgetReview) was removed; the record now travels with the workbook.',
  notActivated:
    'Another workbook has the focus, so the new report was not shown: switch back to this workbook to see it.',
  replacedSheets: (names) => `Replaced from the last run: ${names}`,
  narrativePreview: 'Narrative preview',
  copy: 'Copy text',
  copied: 'Copied to the clipboard: paste it into the Word report.',
  copyFailed: 'The clipboard is not available: select the text in the preview and press Ctrl+C.',
  exportDocx: 'Download Word document',
  exportingDocx: 'Making the Word document…',
  exportedDocx: (file) => `The Word document "${file}" was made: see your browser\'s downloads.`,
  exportDocxFailed: 'The Word document could not be made. Try again, or copy the text into Word.',
  undo: 'Remove report sheets',
  undoing: 'Removing…',
  undoConfirmTitle: 'Remove the report sheets?',
  undoConfirmBody: (names) =>
    `This deletes the sheets Budget Review generated that nobody changed since: ${names}. Your own sheets, and generated sheets you changed, are kept.`,
  undoConfirmUnknown:
    'This deletes the sheets Budget Review generated that nobody changed since (if any). Your own sheets, and generated sheets you changed, are kept.',
  undoConfirm: 'Remove',
  cancel: 'Cancel',
  undone: (names) => `Removed the report sheets: ${names}`,
  undoNothing: 'There are no report sheets to remove.',
  undoSkipped: (names) =>
    `Kept, because they were changed after they were generated or cannot be proven Budget Review's: ${names}`,

  settingsIntro: 'These settings are kept in the workbook and apply from the next check.',
  reportSettings: 'Self-evaluation report',
  unitName: 'Name of the unit',
  unitNameHint:
    "The report's title is the unit's name, the year and the report's name; left empty, the name the workbook gives (单位名称, 填报单位) is used.",
  reportYear: 'Year',
  reportYearHint: "Left empty, the year in the tables' titles is used.",
  reportYearInvalid: 'Enter a four-digit year, such as 2020.',
  reportSections: "The report's chapters",
  reportSectionsInvalid: 'Choose at least one chapter.',
  sectionName: {
    basics: '1. The department',
    spending: '2. General public budget spending',
    performance: '3. Performance of the overall expenditure',
    problems: '4. Main problems and next steps',
    results: '5. Use and publication of the self-evaluation result',
  },
  threshold: 'Low execution rate threshold (%)',
  thresholdHint: 'Rates below this value are flagged; the default is 60.',
  thresholdInvalid: 'Enter a number from 0 to 100.',
  rateBase: 'Execution rate denominator',
  rateBaseAvailable: 'Full-year budget (with carry-over)',
  rateBaseInitial: 'Initial budget',
  language: 'Language (pane, findings and report)',
  languageName: { 'zh-CN': '中文', 'en-US': 'English' },
  saveSettings: 'Save settings',
  saving: 'Saving…',
  settingsSaved: 'Settings saved; they apply from the next check.',
  settingsInvalidLoaded: "The workbook's saved settings are not valid; the defaults are used.",

  noticeLabel: { success: 'Done', info: 'Note', warning: 'Warning' },
  dismissNotice: 'Dismiss notice',
  dismissError: 'Dismiss error message',
  errorAnnouncement: (title, sentences) => `${title}: ${sentences.join(' ')}`,
  errorTitle: {
    settings: 'Could not read the settings',
    check: 'The check failed',
    generate: 'The report was not generated',
    undo: 'Undo failed',
    select: 'Could not select the cell',
    save: 'Could not save',
  },
  errorCode: (code) => `Error code: ${code}`,
  hostReason: {
    conflict:
      'A sheet to generate clashes with a sheet Budget Review did not create (same name, or replaced).',
    plan: 'The write plan is not valid.',
    excel: 'Excel refused the operation.',
    'last-visible-sheet': 'A workbook must keep at least one visible sheet.',
    settings: "The workbook's saved settings are not valid.",
    protected:
      "The workbook's structure is protected, so no sheet can be added or removed: on the Review tab, turn off Protect Workbook, then try again.",
    cancelled: 'Cancelled.',
  },
  excelHint: {
    InvalidOperationInCellEditMode: 'Excel is editing a cell: press Enter or Esc to finish, then try again.',
    InactiveWorkbook: 'Another workbook has the focus: click any cell in this workbook, then try again.',
    RequestPayloadSizeLimitExceeded: "A write was larger than Excel on the web's 5 MB limit.",
    ResponsePayloadSizeLimitExceeded: "A read was larger than Excel on the web's 5 MB limit.",
    ItemNotFound: 'The sheet or cell was not found; it may have been deleted or renamed: check again.',
    InvalidOperation: 'The sheet may be hidden or protected.',
    AccessDenied: 'The workbook or sheet is protected: unprotect it and try again.',
    ItemAlreadyExists: 'A sheet with that name already exists.',
  },
  written: {
    readOnly: 'The workbook was only read; nothing was written.',
    nothing: 'Nothing was written; the workbook is unchanged.',
    rolledBack: 'Every sheet this run had created was removed again; your own sheets were not changed.',
    rollbackFailed:
      'The clean-up did not finish: some generated sheets may be left; check and use Remove report sheets or delete them. Your own sheets were not changed.',
    undoPartial:
      'Only some generated sheets may have been deleted: check again to see the current state. Your own sheets were not changed.',
    settingsNotSaved: 'The settings were not saved.',
  },
  unexpected: 'An unexpected error occurred.',
};

export const STRINGS: Record<Lang, Strings> = { 'zh-CN': zh, 'en-US': en };

/** zh-CN for a Chinese display language (`zh`, `zh-CN`, `zh-TW`, …), else en-US. */
export function pickLang(displayLanguage: string | undefined | null): Lang {
  return typeof displayLanguage === 'string' && /^zh\b/i.test(displayLanguage) ? 'zh-CN' : 'en-US';
}

/** The list separator of a language (、 in Chinese). */
export function joinNames(lang: Lang, names: readonly string[]): string {
  return names.join(lang === 'zh-CN' ? '、' : ', ');
}
