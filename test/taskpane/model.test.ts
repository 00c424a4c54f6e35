/**
 * The task pane's plain logic: grouping findings, the columns of a table and their corrections, the threshold as
 * typed, the narrative as text, and what an error message says was (not) written.
 */
import * as path from 'path';
import {
  analyze,
  FIELDS,
  type Finding,
  type Narrative,
  type TableInfo,
  type Workbook,
} from '../../src/engine';
import { ExcelHostError } from '../../src/hosts/excel';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { STRINGS } from '../../src/taskpane/i18n';
import {
  analyzeOptions,
  chineseRuns,
  currentChoice,
  describeError,
  FIELD_GROUPS,
  groupFindings,
  mergeOverrides,
  narrativeText,
  overrideKey,
  parseThreshold,
  tableColumns,
  type Choice,
} from '../../src/taskpane/model';

const zh = STRINGS['zh-CN'];

function finding(severity: Finding['severity'], cell: string): Finding {
  return {
    rule: 'sum',
    severity,
    sheet: 'S',
    cell,
    expected: '1',
    actual: '2',
    rounding: false,
    message: cell,
  };
}

it('groups findings by severity, keeping their order', () => {
  const groups = groupFindings([
    finding('warning', 'A1'),
    finding('error', 'A2'),
    finding('warning', 'A3'),
    finding('info', 'A4'),
  ]);
  expect(groups.error.map((f) => f.cell)).toEqual(['A2']);
  expect(groups.warning.map((f) => f.cell)).toEqual(['A1', 'A3']);
  expect(groups.info.map((f) => f.cell)).toEqual(['A4']);
});

it('builds the engine options from the settings, the language and the owned sheets', () => {
  expect(analyzeOptions({}, 'zh-CN', ['执行汇总'])).toEqual({
    lang: 'zh-CN',
    threshold: 60,
    rateBase: 'available',
    overrides: [],
    skipSheets: ['执行汇总'],
  });
  const overrides = [{ sheet: 'S', column: 'C', field: null }];
  expect(analyzeOptions({ threshold: 30, rateBase: 'initial', overrides }, 'en-US', [])).toMatchObject({
    lang: 'en-US',
    threshold: 30,
    rateBase: 'initial',
    overrides,
  });
  const scoring = { weights: { execution: 20 } };
  expect(analyzeOptions({ scoring }, 'zh-CN', []).scoring).toBe(scoring);
});

it('offers every field the engine knows, each once', () => {
  const offered = FIELD_GROUPS.flatMap((g) => g.fields);
  expect([...offered].sort()).toEqual([...FIELDS].sort());
});

describe('tableColumns', () => {
  // 专项经费: 序号 | 项目名称 | 年初预算 | 备注, header on row 3 (B3:E3 in sheet coordinates, the grid from B2).
  const workbook: Workbook = {
    sheets: [
      {
        name: '专项经费',
        top: 1,
        left: 1,
        rows: [
          [{ v: '2020年专项经费' }],
          [{ v: '序号' }, { v: '项目名称' }, { v: '年初 预算' }, { v: '备注' }],
          [{ v: 1 }, { v: '甲' }, { v: 10 }, { v: '说明' }],
        ],
      },
    ],
  };
  const table: TableInfo = {
    sheet: '专项经费',
    range: 'B3:D4',
    unit: '万元',
    fields: { C: 'name', D: 'initial' },
    headers: { D: '年初预算' },
    kind: 'ledger',
  };

  it('lists every column of the range with its header words and field', () => {
    expect(tableColumns(table, [], workbook)).toEqual([
      { letter: 'B', header: '序号', detected: undefined, saved: undefined },
      { letter: 'C', header: '项目名称', detected: 'name', saved: undefined },
      { letter: 'D', header: '年初预算', detected: 'initial', saved: undefined },
    ]);
  });

  it('keeps listing a column corrected to "ignore" that the check no longer counts in the range', () => {
    const rows = tableColumns(table, [{ sheet: '专项经费', column: 'E', field: null }], workbook);
    expect(rows.map((r) => r.letter)).toEqual(['B', 'C', 'D', 'E']);
    expect(rows[3]).toEqual({ letter: 'E', header: '备注', detected: undefined, saved: null });
  });

  it('ignores corrections of other sheets', () => {
    const rows = tableColumns(table, [{ sheet: '其他', column: 'C', field: 'spent' }], workbook);
    expect(rows.map((r) => r.saved)).toEqual([undefined, undefined, undefined]);
  });

  it('works without the grids (header words from the engine only)', () => {
    expect(tableColumns(table, []).map((r) => r.header)).toEqual(['', '', '年初预算']);
  });
});

describe('column choices', () => {
  const row = { letter: 'C', header: 'x', detected: 'spent' as const, saved: undefined };

  it.each<[string, Parameters<typeof currentChoice>[0], Choice | undefined, Choice]>([
    ['detected', row, undefined, 'spent'],
    ['not recognised', { ...row, detected: undefined }, undefined, 'unknown'],
    ['saved correction', { ...row, saved: 'available' }, undefined, 'available'],
    ['saved ignore', { ...row, saved: null }, undefined, 'ignore'],
    ['pending over saved', { ...row, saved: null }, 'rate', 'rate'],
  ])('%s', (_name, r, pending, expected) => {
    expect(currentChoice(r, pending)).toBe(expected);
  });

  it('merges pending choices into the saved corrections (automatic removes one)', () => {
    const saved = [
      { sheet: 'A', column: 'C', field: 'spent' as const },
      { sheet: 'A', column: 'D', field: null },
    ];
    const pending = new Map([
      [overrideKey('A', 'D'), { sheet: 'A', letter: 'D', choice: 'auto' as Choice }],
      [overrideKey('B', 'e'), { sheet: 'B', letter: 'e', choice: 'ignore' as Choice }],
      [overrideKey('A', 'C'), { sheet: 'A', letter: 'C', choice: 'available' as Choice }],
    ]);
    expect(mergeOverrides(saved, pending)).toEqual([
      { sheet: 'B', column: 'E', field: null },
      { sheet: 'A', column: 'C', field: 'available' },
    ]);
  });
});

describe('parseThreshold', () => {
  it.each([
    ['60', 60],
    [' 59.5 ', 59.5],
    ['0', 0],
    ['100', 100],
    ['80%', 80],
    ['６０', 60],
    ['７５．５％', 75.5],
    ['.5', 0.5],
  ])('%j → %d', (text, value) => {
    expect(parseThreshold(text)).toBe(value);
  });

  it.each(['', 'abc', '-1', '100.01', '120', '1e2', '6 0', '60%%', 'NaN'])(
    '%j is not a threshold',
    (text) => {
      expect(parseThreshold(text)).toBeNull();
    },
  );
});

it('writes the narrative as text: title, headings and paragraphs', () => {
  const narrative: Narrative = {
    lang: 'zh-CN',
    title: '预算执行情况分析',
    sections: [
      { level: 1, heading: '一、部门基本情况', paragraphs: ['甲。', '乙。'] },
      { level: 2, heading: '（一）项目', paragraphs: [] },
    ],
  };
  expect(narrativeText(narrative)).toBe(
    '预算执行情况分析\n\n一、部门基本情况\n\n甲。\n\n乙。\n\n（一）项目\n',
  );
});

describe('describeError', () => {
  it('quotes Excel’s code, a hint for it, and that a failed run removed what it created', () => {
    const err = new ExcelHostError('excel', {
      excelCode: 'InvalidOperationInCellEditMode',
      detail: 'in cell edit mode',
      rolledBack: true,
    });
    expect(describeError(err, 'generate', zh)).toEqual({
      title: '生成失败',
      code: 'InvalidOperationInCellEditMode',
      reason: zh.hostReason.excel,
      hint: zh.excelHint.InvalidOperationInCellEditMode,
      written: zh.written.rolledBack,
      detail: 'in cell edit mode',
    });
  });

  it('says when the clean-up failed too', () => {
    const err = new ExcelHostError('excel', { excelCode: 'GeneralException', rolledBack: false });
    expect(describeError(err, 'generate', zh).written).toBe(zh.written.rollbackFailed);
  });

  it('says nothing was written when the plan was refused before any change', () => {
    const err = new ExcelHostError('conflict', { detail: '执行汇总' });
    const view = describeError(err, 'generate', zh);
    expect(view.code).toBe('conflict');
    expect(view.written).toBe(zh.written.nothing);
  });

  it('says a check only read the workbook', () => {
    const err = new ExcelHostError('excel', { excelCode: 'ItemNotFound' });
    const view = describeError(err, 'check', zh);
    expect(view.written).toBe(zh.written.readOnly);
    expect(view.hint).toBe(zh.excelHint.ItemNotFound);
  });

  it('treats anything else as unexpected, with its message', () => {
    const view = describeError(new TypeError('x is undefined'), 'check', STRINGS['en-US']);
    expect(view).toMatchObject({ reason: 'An unexpected error occurred.', detail: 'x is undefined' });
    expect(view.code).toBeUndefined();
  });
});

describe('chineseRuns (the Chinese inside English text, to mark lang="zh-CN")', () => {
  const chinese = (text: string) =>
    chineseRuns(text)
      .filter((r) => r.chinese)
      .map((r) => r.text);

  it.each<[string, string[]]>([
    ['spent of "供排水项目经费" should be the sum', ['供排水项目经费']],
    ['专项经费!H12', ['专项经费']],
    ['the surplus of "房产处遗、私改遗项目" (244.05)', ['房产处遗、私改遗项目']],
    ['2020年“三公”经费支出情况 · Unit: 10k yuan (万元)', ['2020年“三公”经费支出情况', '万元']],
    ['第3项 and 3740.11万元', ['第3项', '3740.11万元']],
    ['No Chinese here, “quoted” and 60.00%', []],
    ['', []],
  ])('%s', (text, expected) => {
    expect(chinese(text)).toEqual(expected);
    // The runs put back together are the text.
    expect(
      chineseRuns(text)
        .map((r) => r.text)
        .join(''),
    ).toBe(text);
  });

  it('marks every Han character of the sample’s English findings and tables', async () => {
    const wb = await readWorkbookFile(path.join(__dirname, '..', '..', 'samples', 'kaifu-2020.xlsx'));
    const a = analyze(wb, { lang: 'en-US' });
    const texts = [
      ...a.findings.flatMap((f) => [f.message, `${f.sheet}!${f.cell}`]),
      ...a.tables.flatMap((t) => [t.sheet, t.title ?? '', ...Object.values(t.headers)]),
    ];
    for (const text of texts) {
      const rest = chineseRuns(text)
        .filter((r) => !r.chinese)
        .map((r) => r.text)
        .join('');
      expect(rest).not.toMatch(/\p{Script=Han}/u);
    }
  });
});
