/**
 * What the pane announces, and where it sends focus, for each change of its state: the transitions useReview makes
 * for a check, a report, an undo, a save and their failures, on the sample workbook's real analysis.
 */
import * as path from 'path';
import { analyze } from '../../src/engine';
import { ExcelHostError } from '../../src/hosts/excel';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import type { CheckView } from '../../src/taskpane/engine/protocol';
import { checkView } from '../../src/taskpane/engine/run';
import { STRINGS } from '../../src/taskpane/i18n';
import { errorMessage, outcomeOf } from '../../src/taskpane/outcomes';
import type { ReviewState } from '../../src/taskpane/useReview';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'kaifu-2020.xlsx');
const zh = STRINGS['zh-CN'];
const en = STRINGS['en-US'];

let analysis: CheckView;

beforeAll(async () => {
  analysis = checkView(analyze(await readWorkbookFile(SAMPLE), { lang: 'zh-CN' }));
});

function idle(extra: Partial<ReviewState> = {}): ReviewState {
  return { lang: 'zh-CN', settings: {}, settingsLoaded: true, busy: null, tab: 'findings', ...extra };
}

const counts = () => {
  const n = (s: string) => analysis.findings.filter((f) => f.severity === s).length;
  return [n('error'), n('warning'), n('info')] as const;
};

describe('a check', () => {
  it('says that it started, politely, without moving focus', () => {
    expect(outcomeOf(idle(), idle({ busy: 'check' }), zh, 'zh-CN')).toEqual({
      message: '正在校验…',
      assertive: false,
    });
  });

  it('announces its counts and sends focus to the summary', () => {
    const [e, w, i] = counts();
    const out = outcomeOf(idle({ busy: 'check' }), idle({ analysis }), zh, 'zh-CN');
    expect(out).toEqual({
      message: `校验完成：错误 ${e} 个，警告 ${w} 个，提示 ${i} 个。`,
      assertive: false,
      focus: 'summary',
    });
  });

  it('says the view changed when it switched to the findings (after 立即重新校验 on another tab)', () => {
    const out = outcomeOf(idle({ busy: 'check', tab: 'tables' }), idle({ analysis }), en, 'en-US');
    expect(out?.message).toMatch(
      /^Check complete: \d+ errors, \d+ warnings, \d+ notes\. Showing Findings\.$/,
    );
  });

  it('when it fails: the error, assertively, once, and focus on it (not the last result)', () => {
    const error = {
      action: 'check' as const,
      error: new ExcelHostError('excel', { excelCode: 'AccessDenied' }),
    };
    const out = outcomeOf(idle({ busy: 'check', analysis }), idle({ analysis, error }), zh, 'zh-CN');
    expect(out).toEqual({
      message:
        '校验失败：Excel 拒绝了这次操作。工作簿或工作表受保护，无法修改：请取消保护后重试。只读取了工作簿，没有写入任何内容。',
      assertive: true,
      focus: 'error',
    });
  });
});

describe('a report', () => {
  const notice = { intent: 'success' as const, text: () => '报告已生成：新建了 4 个工作表。' };

  it('announces the notice and the switch to 报告, and sends focus to the generated sheets', () => {
    const out = outcomeOf(
      idle({ busy: 'generate', phase: 'writing', progress: 0.5 }),
      idle({ tab: 'report', notice }),
      zh,
      'zh-CN',
    );
    expect(out).toEqual({
      message: '报告已生成：新建了 4 个工作表。 已转到“报告”。',
      assertive: false,
      focus: 'run',
    });
  });

  it('progress while it writes says nothing more', () => {
    const writing = idle({ busy: 'generate', phase: 'writing', progress: 0.2 });
    expect(outcomeOf(writing, { ...writing, progress: 0.6 }, zh, 'zh-CN')).toBeUndefined();
  });

  it('a failure says what was written, in English too', () => {
    const error = {
      action: 'generate' as const,
      error: new ExcelHostError('excel', { excelCode: 'InvalidOperationInCellEditMode', rolledBack: true }),
    };
    expect(errorMessage(en, error)).toBe(
      'The report was not generated: Excel refused the operation. Excel is editing a cell: press Enter or Esc to finish, then try again. Every sheet this run had created was removed again; your own sheets were not changed.',
    );
  });
});

describe('notices without a new view', () => {
  it('an undo or a save is announced; focus stays where it is (on the button that did it)', () => {
    const notice = { intent: 'success' as const, text: () => '设置已保存，下次校验时生效。' };
    for (const busy of ['undo', 'save'] as const) {
      expect(
        outcomeOf(idle({ busy, tab: 'settings' }), idle({ notice, tab: 'settings' }), zh, 'zh-CN'),
      ).toEqual({
        message: '设置已保存，下次校验时生效。',
        assertive: false,
        focus: undefined,
      });
    }
  });

  it('the same notice object again is not announced again', () => {
    const notice = { intent: 'info' as const, text: () => 'x' };
    const state = idle({ notice });
    expect(outcomeOf(state, { ...state, tab: 'report' }, zh, 'zh-CN')).toBeUndefined();
  });
});

describe('errors nobody pressed a button for', () => {
  it('announce without taking focus: the settings at start, a language switch that was not saved, a cell', () => {
    const error = (action: 'settings' | 'save' | 'select') => ({ action, error: new Error('x') });
    expect(
      outcomeOf(idle({ busy: 'settings' }), idle({ error: error('settings') }), zh, 'zh-CN')?.focus,
    ).toBe(undefined);
    expect(outcomeOf(idle(), idle({ error: error('save') }), zh, 'zh-CN')?.focus).toBe(undefined);
    const selectOut = outcomeOf(idle({ analysis }), idle({ analysis, error: error('select') }), zh, 'zh-CN');
    expect(selectOut).toEqual({
      message: '无法选中该单元格：发生意外错误。只读取了工作簿，没有写入任何内容。',
      assertive: true,
      focus: undefined,
    });
  });
});

it('a tab the user picks is not announced (the tab says so itself)', () => {
  expect(outcomeOf(idle({ analysis }), idle({ analysis, tab: 'tables' }), zh, 'zh-CN')).toBeUndefined();
});
