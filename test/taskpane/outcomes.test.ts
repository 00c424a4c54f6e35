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
import { errorMessage, outcomeOf, stepMessage } from '../../src/taskpane/outcomes';
import type { Notice, ReviewState } from '../../src/taskpane/useReview';

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

  it('says that nothing was checked when no table was recognised (not a count of zero problems)', async () => {
    const prose = path.join(__dirname, '..', 'fixtures', 'empty-state', 'prose.xlsx');
    const none = checkView(analyze(await readWorkbookFile(prose), { lang: 'zh-CN' }));
    expect(none.tables).toEqual([]);
    const out = outcomeOf(idle({ busy: 'check' }), idle({ analysis: none }), zh, 'zh-CN');
    expect(out).toEqual({ message: zh.nothingRecognised, assertive: false, focus: 'summary' });
    expect(out?.message).not.toContain('校验完成');
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

describe('the run in its worker: progress, Cancel, Excel waiting, the engine failing', () => {
  const cancelled = (text: string): Notice => ({ intent: 'info', cancelled: true, text: () => text });

  it('says the step under way, the writing in quarters, nothing while cancelling or idle', () => {
    const run = idle({ busy: 'generate' });
    expect(stepMessage(run, zh)).toBe('正在读取工作簿…');
    expect(stepMessage({ ...run, phase: 'checking' }, zh)).toBe('正在核对各表的数字…');
    expect(stepMessage({ ...run, phase: 'planning' }, en)).toBe('Preparing the report…');
    expect(stepMessage({ ...run, phase: 'writing', progress: 0.1 }, zh)).toBe('正在写入工作表… 0%');
    expect(stepMessage({ ...run, phase: 'writing', progress: 0.49 }, zh)).toBe('正在写入工作表… 25%');
    expect(stepMessage({ ...run, phase: 'writing', progress: 0.5 }, zh)).toBe('正在写入工作表… 50%');
    expect(stepMessage({ ...run, phase: 'writing', progress: 1 }, zh)).toBe('正在写入工作表… 100%');
    expect(stepMessage({ ...run, cancelling: true }, zh)).toBeUndefined();
    expect(stepMessage(idle(), zh)).toBeUndefined();
    expect(stepMessage(idle({ busy: 'undo' }), zh)).toBeUndefined();
  });

  it('Cancel pressed: said once, politely, focus kept', () => {
    const run = idle({ busy: 'check', phase: 'checking' });
    expect(outcomeOf(run, { ...run, cancelling: true }, zh, 'zh-CN')).toEqual({
      message: '正在取消…',
      assertive: false,
    });
    const cancelling = { ...run, cancelling: true };
    expect(outcomeOf(cancelling, { ...cancelling, phase: 'planning' }, zh, 'zh-CN')).toBeUndefined();
  });

  it('a cancelled check: the notice, and focus back on 校验 (its Cancel button is gone)', () => {
    const out = outcomeOf(
      idle({ busy: 'check', phase: 'checking', cancelling: true }),
      idle({ notice: cancelled('已取消校验，工作簿未被改动。') }),
      zh,
      'zh-CN',
    );
    expect(out).toEqual({ message: '已取消校验，工作簿未被改动。', assertive: false, focus: 'check' });
  });

  it('a cancelled report, with or without a previous run: focus back on 生成报告, not on the old run', () => {
    const run = { created: ['执行汇总'], replaced: [], kept: [] };
    const out = outcomeOf(
      idle({ busy: 'generate', phase: 'writing', progress: 0.5, cancelling: true, run, tab: 'report' }),
      idle({ run, tab: 'report', notice: cancelled(zh.cancelledRemoved) }),
      zh,
      'zh-CN',
    );
    expect(out).toEqual({
      message: '已取消生成：本次新建的工作表已全部删除，原有工作表未被改动。',
      assertive: false,
      focus: 'generate',
    });
  });

  it('Excel waiting: the hint said once when it appears, not again while it stays, not while cancelling', () => {
    const run = idle({ busy: 'generate', phase: 'writing', progress: 0.25 });
    const slow = { ...run, slow: true };
    expect(outcomeOf(run, slow, zh, 'zh-CN')).toEqual({ message: zh.slowHint, assertive: false });
    expect(outcomeOf(slow, { ...slow, progress: 0.3 }, zh, 'zh-CN')).toBeUndefined();
    expect(outcomeOf(run, { ...slow, cancelling: true }, en, 'en-US')).toEqual({
      message: 'Cancelling…',
      assertive: false,
    });
    expect(outcomeOf(idle(), idle({ slow: true }), zh, 'zh-CN')).toBeUndefined();
  });

  it('the engine failing in its worker: the error, assertively, focus on it; a cancel whose clean-up failed too', () => {
    const failed = { action: 'check' as const, error: new Error('the engine stopped') };
    expect(
      outcomeOf(idle({ busy: 'check', phase: 'checking' }), idle({ error: failed }), zh, 'zh-CN'),
    ).toEqual({
      message: '校验失败：发生意外错误。只读取了工作簿，没有写入任何内容。',
      assertive: true,
      focus: 'error',
    });
    const notRolledBack = {
      action: 'generate' as const,
      error: new ExcelHostError('cancelled', { rolledBack: false }),
    };
    const out = outcomeOf(
      idle({ busy: 'generate', phase: 'writing', cancelling: true }),
      idle({ error: notRolledBack }),
      zh,
      'zh-CN',
    );
    expect(out?.assertive).toBe(true);
    expect(out?.focus).toBe('error');
    expect(out?.message).toContain('已取消。');
    expect(out?.message).toContain('删除报告工作表');
  });

  it('the removal of report sheets is announced in its own words, focus kept on its button', () => {
    const notice: Notice = { intent: 'success', text: (t) => t.undone('执行汇总、问题清单') };
    expect(
      outcomeOf(idle({ busy: 'undo', tab: 'report' }), idle({ notice, tab: 'report' }), zh, 'zh-CN'),
    ).toEqual({ message: '已删除报告工作表：执行汇总、问题清单', assertive: false, focus: undefined });
    expect(
      outcomeOf(idle({ busy: 'undo', tab: 'report' }), idle({ notice, tab: 'report' }), en, 'en-US')?.message,
    ).toBe('Removed the report sheets: 执行汇总、问题清单');
  });
});
