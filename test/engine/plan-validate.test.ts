import { PlanError, validatePlan } from '../../src/engine/plan-validate';
import type { PlanCell, PlanSheet, WritePlan } from '../../src/engine/plan-types';
import { isCellRef, parseA1, parseRangeA1, sheetNameProblem } from '../../src/engine/address';

function plan(cells: (PlanCell | null)[][], extra: Partial<PlanSheet> = {}): WritePlan {
  return {
    lang: 'zh-CN',
    replaces: [],
    registry: { name: '_BudgetReview', rows: ['执行汇总'] },
    sheets: [
      { role: 'summary', name: '执行汇总', rows: cells, widths: [], merges: [], wrapColumns: [], ...extra },
    ],
  };
}

describe('validatePlan', () => {
  test('accepts a plan of every cell kind', () => {
    expect(() =>
      validatePlan(
        plan([
          [
            { kind: 'text', text: '=HYPERLINK("x")', indent: 2 },
            { kind: 'number', value: '1.5' },
            { kind: 'formula', formula: 'A1', cached: '1', cachedType: 'number' },
            { kind: 'link', text: '', sheet: '专项经费', cell: 'B2' },
          ],
        ]),
        ['专项经费'],
      ),
    ).not.toThrow();
  });

  test.each<[string, WritePlan]>([
    ['a bad sheet name', { ...plan([]), sheets: [{ ...plan([]).sheets[0], name: 'a/b' }] }],
    ['a number that is no number', plan([[{ kind: 'number', value: 'NaN' }]])],
    ['a formula with =', plan([[{ kind: 'formula', formula: '=A1', cached: null, cachedType: 'text' }]])],
    [
      'a formula kept as text',
      plan([[{ kind: 'formula', formula: 'A1', cached: null, cachedType: 'text', format: '@' }]]),
    ],
    ['text over the cell limit', plan([[{ kind: 'text', text: 'x'.repeat(32768) }]])],
    ['a link to a missing sheet', plan([[{ kind: 'link', text: 'x', sheet: 'nowhere', cell: 'A1' }]])],
    ['a link to a bad cell', plan([[{ kind: 'link', text: 'x', sheet: '执行汇总', cell: 'A0' }]])],
    ['an unknown style', plan([[{ kind: 'text', text: 'x', style: 'fancy' as never }]])],
    [
      'a merge that loses a cell',
      plan(
        [
          [
            { kind: 'text', text: 'a' },
            { kind: 'text', text: 'b' },
          ],
        ],
        { merges: [{ top: 0, left: 0, bottom: 0, right: 1 }] },
      ),
    ],
    ['a width out of range', plan([], { widths: [300] })],
    ['a bad indent', plan([[{ kind: 'text', text: 'a', indent: 251 }]])],
  ])('refuses %s', (_what, p) => {
    expect(() => validatePlan(p, ['专项经费'])).toThrow(PlanError);
  });

  test('refuses two sheets of one name, whatever their case', () => {
    const p = plan([]);
    p.sheets.push({ ...p.sheets[0], name: p.sheets[0].name.toUpperCase() });
    p.sheets.push({ ...p.sheets[0], name: 'Sheet' }, { ...p.sheets[0], name: 'SHEET' });
    expect(() => validatePlan(p)).toThrow(/two plan sheets/);
  });
});

describe('addresses', () => {
  test('A1 references inside Excel grid only', () => {
    expect(parseA1('$B$12')).toEqual({ row: 11, col: 1 });
    expect(parseA1('XFD1048576')).toEqual({ row: 1048575, col: 16383 });
    expect(parseA1('XFE1')).toBeNull();
    expect(parseA1('A1048577')).toBeNull();
    expect(parseRangeA1('K26:A3')).toEqual({ top: 2, left: 0, bottom: 25, right: 10 });
    expect(isCellRef('A3:K26')).toBe(true);
    expect(isCellRef('A3:K26:B1')).toBe(false);
    expect(sheetNameProblem('History')).toMatch(/reserved/);
    expect(sheetNameProblem("'a")).not.toBeNull();
    expect(sheetNameProblem('执行汇总')).toBeNull();
  });
});
