/**
 * Every text the command line shows, one table per language. Finding messages come from the engine, in the same
 * language; this table holds the CLI's own words.
 */
import type { Lang, RateBase, Severity } from '../engine';
import { READ_LIMITS, type LimitBreach, type LimitName } from '../engine/limits';
import type { DraftReadErrorCode } from '../hosts/docx/read';
import type { WorkbookReadErrorCode } from '../hosts/xlsx';
import { visible } from './format';

export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];
export const DEFAULT_LANG: Lang = 'zh-CN';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The name the command goes by in its messages. */
export const PROG = 'budget-review';

export interface CliStrings {
  /** The full help text, ending with a newline. */
  usage: string;
  /** Appended to a one-line usage error. */
  seeHelp: string;

  unknownCommand(command: string): string;
  unknownOption(option: string): string;
  missingValue(option: string): string;
  noValueExpected(option: string): string;
  missingFile: string;
  missingOut: string;
  extraArgument(arg: string): string;
  badThreshold(value: string): string;
  badLang(value: string): string;

  configNotFound(file: string): string;
  configUnreadable(file: string, detail: string): string;
  configBadJson(file: string, detail: string): string;
  configInvalid(file: string, problem: string): string;
  configNotObject: string;
  configUnknownKey(key: string): string;
  configBadLang(value: string): string;
  configBadThreshold: string;
  configBadRateBase: string;
  configBadOverrides: string;
  configBadScoring: string;
  configBadReport: string;
  configBadOverride(index: number, problem: string): string;
  overrideSheet: string;
  overrideColumn: string;
  overrideField: string;

  /**
   * The one stderr line for a workbook that cannot be read. For `too-large`, the limit passed (else read back from
   * the error's `detail`, `cells > 3000000 (明细)`).
   */
  readError(
    file: string,
    code: WorkbookReadErrorCode,
    detail: string | undefined,
    limit?: LimitBreach,
  ): string;
  internalError(message: string): string;

  progressReading(file: string): string;
  progressChecking: string;
  progressWriting(file: string): string;

  /** `report` and `demo`. */
  wroteWorkbook(file: string, sheets: string): string;
  wroteDocx(file: string): string;
  /** Generated sheets an earlier report wrote that this one keeps (changed since, or not provably its own). */
  keptSheets(sheets: string): string;
  writeError(file: string, detail: string): string;
  /** Two of the files the command reads and writes are one file; `option` is '' for the input workbook. */
  pathClash(a: { option: string; file: string }, b: { option: string; file: string }): string;
  /** The output's extension does not match the kind of the input (an .xlsm is written as .xlsm). */
  wrongExtension(out: string, extension: string, input: string): string;
  /** The write plan is invalid: a bug, never the user's file or the output path. */
  planError(detail: string): string;
  demoHeading(sample: string): string;
  demoTotals(totals: SummaryTotals): string;
  demoCounts(counts: Record<Severity, number>): string;
  demoTop(n: number): string;
  demoMore(n: number): string;

  /** The language of this table. */
  lang: Lang;
  /** No table was recognised in the workbook: nothing was checked (exit 2). */
  nothingChecked(file: string): string;
  workbook(name: string): string;
  tablesHeading(count: number): string;
  noTables: string;
  /** A table found: its title, or its range where it has none, and the unit of its figures where it has one. */
  table(range: string, unit: string | undefined, title: string | undefined): string;
  unrecognised(sheets: string): string;
  findingsHeading(count: number): string;
  noFindings: string;
  severityHeading(severity: Severity, count: number): string;
  rounding: string;
  summary(counts: Record<Severity, number>, totals: SummaryTotals): string;
  rateBase(base: RateBase): string;
  /** Shown for a total the workbook does not give. */
  none: string;
  listSeparator: string;

  /** `check --draft`. */
  draftReadError(file: string, code: DraftReadErrorCode, detail: string | undefined): string;
  draftHeading(name: string, paragraphs: number, checked: number): string;
  draftFindingsHeading(count: number): string;
  noDraftFindings: string;
  paragraph(n: number): string;
  /** The sentence a disputed number stands in. */
  inSentence(sentence: string): string;
  sources(cells: string): string;
  uncheckedHeading(count: number): string;

  /** Several workbooks (`check a.xlsx b.xlsx …`, `check <folder>`, `report --batch <folder>`). */
  batchNoDocx: string;
  /** `--draft` with several workbooks or a folder. */
  batchNoDraft: string;
  /** `--batch` names no folder. */
  batchNotFolder(path: string): string;
  /** A folder named on the command line holds no .xlsx / .xlsm workbook. */
  noWorkbooks(folder: string): string;
  /** A file left out of a folder's review, and why. */
  skipped(file: string, reason: SkipReason): string;
  /** `n/N name`, on stderr while a batch runs. */
  progressBatch(n: number, total: number, file: string): string;
  /** The last line of a batch's human output. */
  batchSummary(s: BatchCounts): string;
  wroteReview(file: string, workbooks: number): string;
  /** `report --batch` writes an .xlsx workbook. */
  reviewExtension(out: string): string;
  review: ReviewStrings;
}

/** Why a file of a folder is not reviewed. */
export type SkipReason = 'extension' | 'lock-file' | 'folder' | 'not-a-file' | 'output';

export interface BatchCounts {
  workbooks: number;
  unreadable: number;
  noTables: number;
  withErrors: number;
  findings: Record<Severity, number>;
  skipped: number;
}

/** The consolidated workbook of `report --batch`. */
export interface ReviewStrings {
  departmentsSheet: string;
  findingsSheet: string;
  departmentHeaders: string[];
  findingHeaders: string[];
  severity: Record<Severity, string>;
  unreadable(reason: string): string;
  noTables: string;
  noFindings: string;
}

/** Totals as shown: amounts in 万元 and the rate with its `%`, already formatted by the engine. */
export interface SummaryTotals {
  available: string | undefined;
  spent: string | undefined;
  surplus: string | undefined;
  rate: string | undefined;
  rateBase: RateBase;
}

const zhReadReasons: Record<WorkbookReadErrorCode, string> = {
  'not-found': '文件不存在',
  'not-a-file': '不是文件',
  unreadable: '无法读取文件',
  empty: '文件为空（0 字节）',
  xls: '不是 .xlsx 工作簿（是 Excel 97-2003 .xls 文件或加密的工作簿，请在 Excel 中另存为 .xlsx）',
  'not-zip': '不是 .xlsx 工作簿（缺少 zip 文件头）',
  'not-xlsx': '不是 .xlsx 工作簿（压缩包中没有工作表）',
  corrupt: '工作簿已损坏',
  'too-large': '工作簿过大',
};

const enReadReasons: Record<WorkbookReadErrorCode, string> = {
  'not-found': 'file not found',
  'not-a-file': 'not a file',
  unreadable: 'the file cannot be read',
  empty: 'the file is empty (0 bytes)',
  xls: 'not an .xlsx workbook (an Excel 97-2003 .xls file or a password-protected workbook; save it as .xlsx in Excel)',
  'not-zip': 'not an .xlsx workbook (zip signature missing)',
  'not-xlsx': 'not an .xlsx workbook (the zip file holds no worksheets)',
  corrupt: 'corrupt workbook',
  'too-large': 'workbook too large',
};

/** `1048576` → `1,048,576`; bytes in whole MB. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}
function megabytes(n: number): string {
  return `${count(Math.round(n / (1024 * 1024)))} MB`;
}

/** The limit of a `too-large` error's detail, `cells > 3000000 (明细)`, as WorkbookReadError writes it. */
function limitOfDetail(detail: string | undefined): LimitBreach | undefined {
  const m = /^(\w+) > (\d+)(?: \((.*)\))?$/.exec(detail ?? '');
  if (!m || !Object.prototype.hasOwnProperty.call(READ_LIMITS, m[1])) return undefined;
  return { limit: m[1] as LimitName, value: Number(m[2]), ...(m[3] === undefined ? {} : { where: m[3] }) };
}

/** What each limit says in Chinese: the whole reason, after 无法读取 … ：. */
const zhLimits: Record<LimitName, (value: number, where: string | undefined) => string> = {
  sheets: (v) => `工作簿过大：工作表超过 ${count(v)} 个`,
  cells: (v, w) => `工作簿过大：有内容的单元格超过 ${count(v)} 个${w ? `（读到工作表“${w}”时）` : ''}`,
  rowSpan: (v, w) => `工作簿过大：各工作表的行数合计超过 ${count(v)} 行${w ? `（读到工作表“${w}”时）` : ''}`,
  merges: (v, w) => `工作簿过大：合并单元格超过 ${count(v)} 处${w ? `（读到工作表“${w}”时）` : ''}`,
  mergeSpan: (v, w) => `工作表过大：${w ? `“${w}”的` : ''}合并单元格跨越的行合计超过 ${count(v)} 行`,
  cellText: (v, w) => `工作表过大：${w ?? '一个单元格'} 的文本超过 ${count(v)} 个字符（Excel 单元格的上限）`,
  sharedStrings: (v) => `工作簿过大：共享字符串超过 ${count(v)} 个`,
  textChars: (v) => `工作簿过大：文本合计超过 ${count(v)} 个字符`,
  partBytes: (v, w) => `工作簿过大：${w ?? '一个部件'} 解压后超过 ${megabytes(v)}`,
  totalBytes: (v) => `工作簿过大：解压后合计超过 ${megabytes(v)}`,
  zipEntries: (v) => `工作簿过大：压缩包中的文件超过 ${count(v)} 个`,
  xmlDepth: (v, w) => `工作簿过大：${w ?? ''} 的 XML 嵌套超过 ${count(v)} 层`,
  xmlRun: (v, w) => `工作簿过大：${w ?? ''} 中一段 XML 文本超过 ${count(v)} 个字符`,
};

const enLimits: Record<LimitName, (value: number, where: string | undefined) => string> = {
  sheets: (v) => `workbook too large: more than ${count(v)} sheets`,
  cells: (v, w) =>
    `workbook too large: more than ${count(v)} cells hold something${w ? ` (reached in sheet "${w}")` : ''}`,
  rowSpan: (v, w) =>
    `workbook too large: the sheets span more than ${count(v)} rows${w ? ` (reached in sheet "${w}")` : ''}`,
  merges: (v, w) =>
    `workbook too large: more than ${count(v)} merged ranges${w ? ` (reached in sheet "${w}")` : ''}`,
  mergeSpan: (v, w) =>
    `sheet too large: ${w ? `the merged ranges of "${w}"` : 'merged ranges'} span more than ${count(v)} rows`,
  cellText: (v, w) =>
    `sheet too large: ${w ?? 'a cell'} holds more than ${count(v)} characters (Excel's limit for a cell)`,
  sharedStrings: (v) => `workbook too large: more than ${count(v)} shared strings`,
  textChars: (v) => `workbook too large: more than ${count(v)} characters of text`,
  partBytes: (v, w) => `workbook too large: ${w ?? 'a part'} inflates to more than ${megabytes(v)}`,
  totalBytes: (v) => `workbook too large: the parts inflate to more than ${megabytes(v)}`,
  zipEntries: (v) => `workbook too large: the zip archive holds more than ${count(v)} files`,
  xmlDepth: (v, w) => `workbook too large: the XML of ${w ?? 'a part'} nests more than ${count(v)} deep`,
  xmlRun: (v, w) =>
    `workbook too large: ${w ?? 'a part'} holds a run of XML text longer than ${count(v)} characters`,
};

const zhDraftReasons: Record<DraftReadErrorCode, string> = {
  'not-found': '文件不存在',
  'not-a-file': '不是文件',
  unreadable: '无法读取文件',
  empty: '文件为空（0 字节）',
  kind: '文稿应为 .docx 或 .txt 文件',
  'not-docx': '不是 Word .docx 文档',
  'not-text': '不是 UTF-8 编码的文本文件',
  corrupt: '文档已损坏',
  'too-large': '文稿过大',
};

const enDraftReasons: Record<DraftReadErrorCode, string> = {
  'not-found': 'no such file',
  'not-a-file': 'not a file',
  unreadable: 'the file cannot be read',
  empty: 'the file is empty (0 bytes)',
  kind: 'a draft is a .docx or a .txt file',
  'not-docx': 'not a Word .docx document',
  'not-text': 'not a UTF-8 text file',
  corrupt: 'the document is damaged',
  'too-large': 'the draft is too large',
};

const zh: CliStrings = {
  usage: `用法：
  ${PROG} check  <workbook.xlsx> [--draft report.docx|report.txt] [--json] [--lang zh-CN|en-US] [--threshold 60] [--config FILE]
  ${PROG} check  <a.xlsx> <b.xlsx>… | <文件夹> [--json] [--lang …] [--threshold …] [--config FILE]
  ${PROG} report <workbook.xlsx> --out <new.xlsx> [--docx <report.docx>] [--lang …] [--threshold …] [--config FILE]
  ${PROG} report --batch <文件夹> --out <review.xlsx> [--lang …] [--threshold …] [--config FILE]
  ${PROG} demo   [--out-dir out] [--lang …]

check  校验工作簿中填报的每一个数字（合计、全年预算数、结余、执行率……），列出问题和汇总；
       可一次校验多个工作簿或一个文件夹中的全部 .xlsx / .xlsm（--json 时输出一个 { "workbooks": […] } 文档）。
report 另存一个新工作簿：保留全部原有工作表，新增“执行汇总”“问题清单”“分析说明”；--docx 另写 Word 报告。
       --batch：审核文件夹中的全部工作簿，写出一个汇总工作簿（每个部门一行，另列全部问题）。
demo   在内置样例工作簿上运行 report，结果写入 out/。

选项：
  --json               在标准输出打印一个 JSON 文档（不打印其他内容）
  --lang zh-CN|en-US   输出语言，默认 zh-CN
  --threshold N        低执行率提醒阈值（百分数，0–100），默认 60
  --config FILE        JSON 配置文件，可含 lang、threshold、rateBase（available|initial）、
                       overrides（[{ "sheet", "column", "field" }]）、scoring（自评权重 weights 与
                       等次下限 bands）；命令行选项优先
  --draft FILE         （check）同时核对报告文稿（.docx 或 .txt）中的每个数字与工作簿是否一致
  --out FILE           （report）要写入的新工作簿，不能是输入文件本身
  --docx FILE          （report）同时写出 Word 报告
  --batch DIR          （report）审核文件夹中的全部工作簿，--out 为汇总工作簿
  --out-dir DIR        （demo）输出目录，默认 out
  -h, --help           显示本帮助

退出码：0 没有错误；1 至少有一个错误；2 用法错误、无法读取文件或未识别到表格（多个工作簿时取最严重者）。
`,
  seeHelp: `（运行 ${PROG} --help 查看用法）`,

  unknownCommand: (c) => `未知命令“${c}”`,
  unknownOption: (o) => `未知选项 ${o}`,
  missingValue: (o) => `选项 ${o} 缺少取值`,
  noValueExpected: (o) => `选项 ${o} 不带取值`,
  missingFile: '缺少工作簿文件参数',
  missingOut: '缺少 --out：请指定要写入的新工作簿（原文件不会被修改）',
  extraArgument: (a) => `多余的参数“${a}”`,
  badThreshold: (v) => `--threshold 的取值“${v}”无效：应为 0 到 100 之间的数`,
  badLang: (v) => `--lang 的取值“${v}”无效：应为 zh-CN 或 en-US`,

  configNotFound: (f) => `配置文件 ${f} 不存在`,
  configUnreadable: (f, d) => `无法读取配置文件 ${f}：${d}`,
  configBadJson: (f, d) => `配置文件 ${f} 不是有效的 JSON：${d}`,
  configInvalid: (f, p) => `配置文件 ${f} 无效：${p}`,
  configNotObject: '顶层应为一个 JSON 对象',
  configUnknownKey: (k) =>
    `未知的键“${k}”（可用：lang、threshold、rateBase、overrides、scoring、unitName、year、sections）`,
  configBadLang: (v) => `lang 的取值“${v}”无效：应为 zh-CN 或 en-US`,
  configBadThreshold: 'threshold 应为 0 到 100 之间的数',
  configBadRateBase: 'rateBase 应为 "available" 或 "initial"',
  configBadOverrides: 'overrides 应为数组',
  configBadScoring:
    'scoring 应为 { "weights": { execution, output, effect, satisfaction }, "bands": { excellent, good, pass } }，取值为 0 到 100 的数，等次下限依次递减',
  configBadReport:
    'unitName 应为文本，year 应为四位年份，sections 应为 basics、spending、performance、problems、results 中的若干项',
  configBadOverride: (i, p) => `overrides[${i}]：${p}`,
  overrideSheet: 'sheet 应为工作表名称（文本）',
  overrideColumn: 'column 应为列字母，如 "C"',
  overrideField: 'field 应为字段名（如 "spent"）或 null',

  readError: (file, code, detail, limit = code === 'too-large' ? limitOfDetail(detail) : undefined) =>
    visible(
      limit
        ? `无法读取 ${file}：${zhLimits[limit.limit](limit.value, limit.where)}`
        : `无法读取 ${file}：${zhReadReasons[code]}${zhDetail(detail) ? `：${zhDetail(detail)}` : ''}`,
    ),
  internalError: (m) => `内部错误：${m}`,

  progressReading: (f) => `读取中… ${visible(f)}`,
  progressChecking: '校验中…',
  progressWriting: (f) => `写入中… ${visible(f)}`,

  wroteWorkbook: (f, sheets) => visible(`已写入工作簿：${f}（新增工作表：${sheets}；原有工作表未改动）`),
  wroteDocx: (f) => visible(`已写入 Word 文档：${f}`),
  keptSheets: (names) =>
    visible(`以下工作表生成后被修改过（或无法确认由本程序生成），已保留，新报告改用了其他名称：${names}`),
  writeError: (f, d) => visible(`无法写入 ${f}${zhDetail(d) ? `：${zhDetail(d)}` : ''}`),
  pathClash: (a, b) =>
    visible(
      b.option === ''
        ? `${a.option} ${a.file} 就是输入的工作簿 ${b.file}，不能覆盖输入文件；未写入任何文件`
        : `${a.option} ${a.file} 与 ${b.option} ${b.file} 是同一个文件；未写入任何文件`,
    ),
  wrongExtension: (out, ext, input) =>
    visible(
      `--out ${out} 的扩展名应为 ${ext}（${input} 是 ${ext} 类型的工作簿，Excel 不会打开扩展名不符的文件）；未写入任何文件`,
    ),
  planError: (d) =>
    visible(
      `内部错误：生成的写入计划无效${zhDetail(d) ? `（${zhDetail(d)}）` : ''}，这是本程序的缺陷，与输出文件无关；未写入任何文件`,
    ),
  demoHeading: (s) => visible(`样例工作簿：${s}`),
  demoTotals: (t) =>
    `全年预算数 ${wan(t.available, '万元', zh.none)}，实际支出 ${wan(t.spent, '万元', zh.none)}，` +
    `结余 ${wan(t.surplus, '万元', zh.none)}，执行率 ${t.rate ?? zh.none}（分母：${zh.rateBase(t.rateBase)}）`,
  demoCounts: (c) => `问题：错误 ${c.error}，警告 ${c.warning}，提示 ${c.info}`,
  demoTop: (n) => `主要问题（前 ${n} 条）：`,
  demoMore: (n) => `……另有 ${n} 条，见“问题清单”工作表。`,

  lang: 'zh-CN',
  nothingChecked: (f) =>
    visible(
      `${f} 中没有识别出任何预算表格，未核对任何数字（这不表示没有问题）；请检查表头是否为“项目、年初预算、实际支出”等`,
    ),
  workbook: (n) => `工作簿：${n}`,
  tablesHeading: (n) => `识别到的表格（${n}）：`,
  noTables: '未识别到表格。',
  table: (range, unit, title) => `${range}${unit ? `  单位：${unit}` : ''}${title ? `  ${title}` : ''}`,
  unrecognised: (s) => `未识别出表格的工作表：${s}`,
  findingsHeading: (n) => `问题（${n}）：`,
  noFindings: '未发现问题。',
  severityHeading: (s, n) => `${{ error: '错误', warning: '警告', info: '提示' }[s]}（${n}）`,
  rounding: '（尾差）',
  summary: (c, t) =>
    `汇总：错误 ${c.error}，警告 ${c.warning}，提示 ${c.info}；` +
    `全年预算数 ${wan(t.available, '万元', zh.none)}，实际支出 ${wan(t.spent, '万元', zh.none)}，` +
    `结余 ${wan(t.surplus, '万元', zh.none)}，执行率 ${t.rate ?? zh.none}（分母：${zh.rateBase(t.rateBase)}）`,
  rateBase: (b) => (b === 'initial' ? '年初预算数' : '全年预算数（含上年结转）'),
  none: '—',
  listSeparator: '、',

  batchNoDocx: '--docx 不能与 --batch 同用：批量审核只写一个汇总工作簿',
  batchNoDraft: '--draft 只能与一个工作簿同用：文稿核对的是一个部门的工作簿',
  batchNotFolder: (d) => visible(`--batch ${d} 不是文件夹：请指定存放各部门工作簿的文件夹`),
  noWorkbooks: (d) => visible(`文件夹 ${d} 中没有 .xlsx 或 .xlsm 工作簿`),
  skipped: (f, r) =>
    visible(
      `已跳过 ${f}：${{ extension: '不是 .xlsx / .xlsm 工作簿', 'lock-file': 'Excel 打开文件时留下的临时锁文件（~$ 开头）', folder: '是子文件夹（不逐层查找）', 'not-a-file': '不是普通文件', output: '是本次要写出的汇总工作簿' }[r]}`,
    ),
  progressBatch: (n, total, f) => `${n}/${total} ${visible(f)}`,
  batchSummary: (c) =>
    `共 ${c.workbooks} 个工作簿：有错误的 ${c.withErrors} 个，无法读取 ${c.unreadable} 个，未识别到表格 ${c.noTables} 个` +
    `${c.skipped ? `，跳过其他文件 ${c.skipped} 个` : ''}；问题合计：错误 ${c.findings.error}，警告 ${c.findings.warning}，提示 ${c.findings.info}`,
  wroteReview: (f, n) => visible(`已写入汇总工作簿：${f}（${n} 个工作簿；原文件未改动）`),
  reviewExtension: (f) => visible(`--out ${f} 的扩展名应为 .xlsx（汇总工作簿是 .xlsx 文件）；未写入任何文件`),
  review: {
    departmentsSheet: '部门汇总',
    findingsSheet: '问题明细',
    departmentHeaders: [
      '文件',
      '部门（单位）',
      '全年预算数（万元）',
      '实际支出（万元）',
      '结余（万元）',
      '执行率',
      '错误',
      '警告',
      '提示',
      '得分',
      '等次',
      '最主要的问题',
    ],
    findingHeaders: ['文件', '工作表', '单元格', '规则', '严重程度', '说明'],
    severity: { error: '错误', warning: '警告', info: '提示' },
    unreadable: (r) => `无法读取：${r}`,
    noTables: '未识别到任何表格，没有校验任何数字',
    noFindings: '未发现问题',
  },
  draftReadError: (file, code, detail) =>
    visible(`无法读取文稿 ${file}：${zhDraftReasons[code]}${detail ? `：${detail}` : ''}`),
  draftHeading: (name, paragraphs, checked) => `文稿：${name}（${paragraphs} 段，核对了 ${checked} 个数字）`,
  draftFindingsHeading: (count) => `文稿中 ${count} 个数字有问题：`,
  noDraftFindings: '文稿中已核对的数字与工作簿一致。',
  paragraph: (n) => `第${n}段`,
  inSentence: (sentence) => `原句：${sentence}`,
  sources: (cells) => `来源：${cells}`,
  uncheckedHeading: (count) => `未能对应到工作簿数字的 ${count} 个数字（仅列出，不作为问题）：`,
};

const en: CliStrings = {
  usage: `Usage:
  ${PROG} check  <workbook.xlsx> [--draft report.docx|report.txt] [--json] [--lang zh-CN|en-US] [--threshold 60] [--config FILE]
  ${PROG} check  <a.xlsx> <b.xlsx>... | <folder> [--json] [--lang ...] [--threshold ...] [--config FILE]
  ${PROG} report <workbook.xlsx> --out <new.xlsx> [--docx <report.docx>] [--lang ...] [--threshold ...] [--config FILE]
  ${PROG} report --batch <folder> --out <review.xlsx> [--lang ...] [--threshold ...] [--config FILE]
  ${PROG} demo   [--out-dir out] [--lang ...]

check  checks every stated figure of a budget workbook (totals, available budget, surplus, execution
       rate, ...) and lists the findings and the totals; several workbooks or a folder's .xlsx / .xlsm
       files at once (with --json, one { "workbooks": [...] } document).
report writes a new workbook: every original sheet kept, plus the summary, findings and narrative
       sheets; --docx also writes the narrative as a Word document. --batch reviews a folder's
       workbooks into one consolidated workbook (a row per department, and every finding).
demo   runs report on the bundled sample workbook, writing into out/.

Options:
  --json               print one JSON document on stdout (and nothing else)
  --lang zh-CN|en-US   language of the output (default zh-CN)
  --threshold N        low execution rate threshold, in percent (0-100, default 60)
  --config FILE        a JSON file with lang, threshold, rateBase (available|initial) and
                       overrides ([{ "sheet", "column", "field" }]) and scoring (weights and grade
                       bands); command-line options win
  --draft FILE         (check) also check every number of a report draft (.docx or .txt) against the workbook
  --out FILE           (report) the new workbook to write; never the input itself
  --docx FILE          (report) also write the narrative as a Word document
  --batch DIR          (report) review every workbook of a folder; --out is the consolidated workbook
  --out-dir DIR        (demo) where to write, default out
  -h, --help           show this help

Exit codes: 0 no errors; 1 at least one error; 2 bad usage, a file that cannot be read or no table
recognised (for several workbooks, the worst of them).
`,
  seeHelp: ` (run ${PROG} --help for usage)`,

  unknownCommand: (c) => `unknown command "${c}"`,
  unknownOption: (o) => `unknown option ${o}`,
  missingValue: (o) => `option ${o} needs a value`,
  noValueExpected: (o) => `option ${o} takes no value`,
  missingFile: 'missing the workbook file argument',
  missingOut: 'missing --out: name the new workbook to write (the input is never modified)',
  extraArgument: (a) => `unexpected argument "${a}"`,
  badThreshold: (v) => `invalid --threshold "${v}": expected a number from 0 to 100`,
  badLang: (v) => `invalid --lang "${v}": expected zh-CN or en-US`,

  configNotFound: (f) => `config file ${f}: file not found`,
  configUnreadable: (f, d) => `config file ${f}: cannot be read: ${d}`,
  configBadJson: (f, d) => `config file ${f}: not valid JSON: ${d}`,
  configInvalid: (f, p) => `config file ${f}: ${p}`,
  configNotObject: 'the top level must be a JSON object',
  configUnknownKey: (k) =>
    `unknown key "${k}" (known: lang, threshold, rateBase, overrides, scoring, unitName, year, sections)`,
  configBadLang: (v) => `invalid lang "${v}": expected zh-CN or en-US`,
  configBadThreshold: 'threshold must be a number from 0 to 100',
  configBadRateBase: 'rateBase must be "available" or "initial"',
  configBadOverrides: 'overrides must be an array',
  configBadScoring:
    'scoring must be { "weights": { execution, output, effect, satisfaction }, "bands": { excellent, good, pass } } with numbers from 0 to 100, bands descending',
  configBadReport:
    'unitName must be text, year a four-digit year, sections a list of basics, spending, performance, problems, results',
  configBadOverride: (i, p) => `overrides[${i}]: ${p}`,
  overrideSheet: 'sheet must be a sheet name (text)',
  overrideColumn: 'column must be a column letter such as "C"',
  overrideField: 'field must be a field name (such as "spent") or null',

  readError: (file, code, detail, limit = code === 'too-large' ? limitOfDetail(detail) : undefined) =>
    visible(
      limit
        ? `cannot read ${file}: ${enLimits[limit.limit](limit.value, limit.where)}`
        : `cannot read ${file}: ${enReadReasons[code]}${detail ? `: ${detail}` : ''}`,
    ),
  internalError: (m) => `internal error: ${m}`,

  progressReading: (f) => `Reading... ${visible(f)}`,
  progressChecking: 'Checking...',
  progressWriting: (f) => `Writing... ${visible(f)}`,

  wroteWorkbook: (f, sheets) =>
    visible(`Wrote the workbook ${f} (new sheets: ${sheets}; the original sheets are unchanged)`),
  wroteDocx: (f) => visible(`Wrote the Word document ${f}`),
  keptSheets: (names) =>
    visible(
      `Kept, because they were changed after they were generated (or cannot be proven Budget Review's); the new report uses other names: ${names}`,
    ),
  writeError: (f, d) => visible(`cannot write ${f}: ${d}`),
  pathClash: (a, b) =>
    visible(
      b.option === ''
        ? `${a.option} ${a.file} is the input workbook ${b.file}, which is never overwritten; nothing was written`
        : `${a.option} ${a.file} and ${b.option} ${b.file} are the same file; nothing was written`,
    ),
  wrongExtension: (out, ext, input) =>
    visible(
      `--out ${out} must end in ${ext} (${input} is a ${ext} workbook, and Excel will not open it under another extension); nothing was written`,
    ),
  planError: (d) =>
    visible(
      `internal error: the write plan is invalid (${d}); this is a bug in this program, not a problem with the output file; nothing was written`,
    ),
  demoHeading: (s) => visible(`Sample workbook: ${s}`),
  demoTotals: (t) =>
    `available ${wan(t.available, '万元', en.none)}, spent ${wan(t.spent, '万元', en.none)}, ` +
    `surplus ${wan(t.surplus, '万元', en.none)}, rate ${t.rate ?? en.none} (of ${en.rateBase(t.rateBase)})`,
  demoCounts: (c) =>
    `Findings: ${counted(c.error, 'error', 'errors')}, ${counted(c.warning, 'warning', 'warnings')}, ${counted(c.info, 'note', 'notes')}`,
  demoTop: (n) => `Main findings (first ${n}):`,
  demoMore: (n) => `... and ${n} more in the Findings sheet.`,

  lang: 'en-US',
  nothingChecked: (f) =>
    visible(
      `no budget table was recognised in ${f}, so no figure was checked (this does not mean there are no problems); check that the headers name items, budgets and spending`,
    ),
  workbook: (n) => `Workbook: ${n}`,
  tablesHeading: (n) => `Tables found (${n}):`,
  noTables: 'No tables recognised.',
  table: (range, unit, title) =>
    `${range}${unit ? `  unit: ${UNIT_EN[unit] ?? unit}` : ''}${title ? `  ${title}` : ''}`,
  unrecognised: (s) => `Sheets with no recognised table: ${s}`,
  findingsHeading: (n) => `Findings (${n}):`,
  noFindings: 'No findings.',
  severityHeading: (s, n) =>
    `${{ error: n === 1 ? 'Error' : 'Errors', warning: n === 1 ? 'Warning' : 'Warnings', info: n === 1 ? 'Note' : 'Notes' }[s]} (${n})`,
  rounding: ' (rounding)',
  summary: (c, t) =>
    `Summary: ${counted(c.error, 'error', 'errors')}, ${counted(c.warning, 'warning', 'warnings')}, ${counted(c.info, 'note', 'notes')}; ` +
    `available ${wan(t.available, '万元', en.none)}, spent ${wan(t.spent, '万元', en.none)}, ` +
    `surplus ${wan(t.surplus, '万元', en.none)}, rate ${t.rate ?? en.none} (of ${en.rateBase(t.rateBase)})`,
  rateBase: (b) => (b === 'initial' ? 'the initial budget' : 'the available budget, incl. carry-over'),
  none: '-',
  listSeparator: ', ',

  batchNoDocx: '--docx cannot be used with --batch: a batch review writes one consolidated workbook',
  batchNoDraft: '--draft goes with one workbook: a draft is checked against one department’s workbook',
  batchNotFolder: (d) =>
    visible(`--batch ${d} is not a folder: name the folder of the departments' workbooks`),
  noWorkbooks: (d) => visible(`the folder ${d} holds no .xlsx or .xlsm workbook`),
  skipped: (f, r) =>
    visible(
      `skipped ${f}: ${{ extension: 'not an .xlsx / .xlsm workbook', 'lock-file': 'a lock file Excel leaves while a workbook is open (~$…)', folder: 'a subfolder (folders are not searched recursively)', 'not-a-file': 'not a regular file', output: 'the consolidated workbook this run writes' }[r]}`,
    ),
  progressBatch: (n, total, f) => `${n}/${total} ${visible(f)}`,
  batchSummary: (c) =>
    `${c.workbooks} workbook(s): ${c.withErrors} with errors, ${c.unreadable} unreadable, ${c.noTables} with no table recognised` +
    `${c.skipped ? `, ${c.skipped} other file(s) skipped` : ''}; findings: ${c.findings.error} error(s), ${c.findings.warning} warning(s), ${c.findings.info} info`,
  wroteReview: (f, n) =>
    visible(`Wrote the consolidated workbook ${f} (${n} workbook(s); the inputs are unchanged)`),
  reviewExtension: (f) =>
    visible(`--out ${f} must end in .xlsx (the consolidated workbook is an .xlsx file); nothing was written`),
  review: {
    departmentsSheet: 'Departments',
    findingsSheet: 'All findings',
    departmentHeaders: [
      'File',
      'Department',
      'Available (万元)',
      'Spent (万元)',
      'Surplus (万元)',
      'Execution rate',
      'Errors',
      'Warnings',
      'Info',
      'Score',
      'Grade',
      'Worst finding',
    ],
    findingHeaders: ['File', 'Sheet', 'Cell', 'Rule', 'Severity', 'Message'],
    severity: { error: 'Error', warning: 'Warning', info: 'Info' },
    unreadable: (r) => `cannot be read: ${r}`,
    noTables: 'no table recognised, no figure was checked',
    noFindings: 'no findings',
  },
  draftReadError: (file, code, detail) =>
    visible(`cannot read the draft ${file}: ${enDraftReasons[code]}${detail ? `: ${detail}` : ''}`),
  draftHeading: (name, paragraphs, checked) =>
    `Draft: ${name} (${paragraphs} paragraphs, ${checked} numbers checked)`,
  draftFindingsHeading: (count) => `${count} numbers of the draft disagree with the workbook:`,
  noDraftFindings: 'Every number of the draft that was checked agrees with the workbook.',
  paragraph: (n) => `paragraph ${n}`,
  inSentence: (sentence) => `in: ${sentence}`,
  sources: (cells) => `from: ${cells}`,
  uncheckedHeading: (count) =>
    `${count} numbers could not be tied to a figure of the workbook (listed only, not findings):`,
};

/**
 * Whether a detail (a library's message) holds English words. Part names (`xl/worksheets/sheet1.xml`), element
 * names in angle brackets, cell references and numbers are no words.
 */
function englishWords(detail: string): boolean {
  const rest = detail
    .replace(/\S*[/.!]\S*/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\b[A-Z]{1,3}\d+\b/g, ' ');
  return /[A-Za-z]{2,}/.test(rest);
}

/**
 * A detail as a Chinese line shows it: whole where it holds no English words; else only the place it names before
 * its first colon (a sheet, a cell: `执行汇总!B3`), the English explanation left to `--lang en-US`; else nothing.
 */
function zhDetail(detail: string | undefined): string {
  if (!detail) return '';
  if (!englishWords(detail)) return detail;
  const colon = detail.indexOf(': ');
  const place = colon > 0 ? detail.slice(0, colon) : '';
  if (place === '' || englishWords(place)) return '';
  const known = zhReaderMessage(detail.slice(colon + 2));
  return known ? `${place}：${known}` : place;
}

/**
 * The workbook reader's own messages about a sheet (src/hosts/xlsx/sheet-xml.ts), said in Chinese; a library's
 * message is not translated (undefined).
 */
function zhReaderMessage(message: string): string | undefined {
  let m = /^row (\d+) lies beyond Excel's last row \((\d+)\)$/.exec(message);
  if (m) return `第 ${m[1]} 行超出 Excel 的最后一行（${m[2]}）`;
  m = /^cell (\S+) lies beyond Excel's last column \(XFD\)$/.exec(message);
  if (m) return `单元格 ${m[1]} 超出 Excel 的最后一列（XFD）`;
  m = /^merged range (\S*) lies beyond Excel's grid$/.exec(message);
  if (m) return `合并区域 ${m[1]} 超出 Excel 的表格范围`;
  m = /^merged ranges (\S+) and (\S+) overlap$/.exec(message);
  if (m) return `合并区域 ${m[1]} 与 ${m[2]} 重叠`;
  return undefined;
}

/** A count with its noun: `1 note`, `2 notes`, `0 notes`. */
function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The units of a table's figures, in English. */
const UNIT_EN: Record<string, string> = {
  万元: '10k yuan',
  元: 'yuan',
  人: 'persons',
  分: 'points',
  个: 'items',
  户: 'households',
  套: 'units',
  台: 'machines',
  辆: 'vehicles',
  家: 'firms',
  次: 'times',
};

function wan(amount: string | undefined, unit: string, none: string): string {
  return amount === undefined ? none : `${amount} ${unit}`;
}

const TABLES: Record<Lang, CliStrings> = { 'zh-CN': zh, 'en-US': en };

export function strings(lang: Lang): CliStrings {
  return TABLES[lang];
}
