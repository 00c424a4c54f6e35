/**
 * The department a workbook states, read from the top of its sheets (src/engine/department.ts), on grids laid out as
 * forms print it.
 */
import { departmentOf } from '../../src/engine/department';
import type { Sheet } from '../../src/engine/grid';

function sheet(name: string, rows: (string | number | null)[][]): Sheet {
  return { name, rows: rows.map((r) => r.map((v) => (v === null ? null : { v }))) };
}

test.each([
  [
    'a 填报单位： line',
    [['2020年度表'], ['填报单位：长沙市开福区财政局', null, null, '单位：万元']],
    '长沙市开福区财政局',
  ],
  ['the unit on the same line after spaces', [['填报单位：开福区教育局      单位：万元']], '开福区教育局'],
  ['a label cell and the name in the next filled cell', [['单位名称', null, '开福区民政局']], '开福区民政局'],
  ['部门（单位）名称 with full-width brackets', [['部门（单位）名称：', '开福区司法局']], '开福区司法局'],
  ['填报单位 (盖章)', [['填报单位：开福区审计局（盖章）']], '开福区审计局'],
])('%s', (_label, rows, expected) => {
  expect(departmentOf({ sheets: [sheet('表', rows)] })).toBe(expected);
});

test.each([
  ['a unit line is no department', [['单位：万元'], ['项目名称', '实际支出']]],
  [
    'a 单位 column header is no department',
    [
      ['项目名称', '单位', '数量'],
      ['车辆', '辆', 3],
    ],
  ],
  ['a label with nothing after it', [['填报单位：'], ['项目名称', '实际支出']]],
  ['a label whose value is a unit', [['填报单位', '万元']]],
  [
    'a statement below the top rows',
    [...Array.from({ length: 12 }, () => ['x']), ['填报单位：开福区统计局']],
  ],
])('%s', (_label, rows) => {
  expect(departmentOf({ sheets: [sheet('表', rows as (string | number | null)[][])] })).toBeUndefined();
});

test.each([
  [
    'a 决算 table titled with its department and year',
    [['开福区住房和城乡建设局2020年度支出决算表']],
    '开福区住房和城乡建设局',
  ],
  [
    'a title with a space before the year',
    [['长沙市开福区财政局 2020年度“三公”经费支出决算表']],
    '长沙市开福区财政局',
  ],
  [
    'a 委员会',
    [['长沙市开福区发展和改革委员会2021年度部门整体支出绩效自评表']],
    '长沙市开福区发展和改革委员会',
  ],
])('%s', (_label, rows, expected) => {
  expect(departmentOf({ sheets: [sheet('表', rows)] })).toBe(expected);
});

test.each([
  ['a title that names no organisation', [['2020年度支出决算表']]],
  ['a title of a project, not an organisation', [['既有多层住宅增设电梯项目2020年度绩效自评表']]],
  ['a title below the top rows', [['x'], ['y'], ['z'], ['开福区住房和城乡建设局2020年度支出决算表']]],
])('%s', (_label, rows) => {
  expect(departmentOf({ sheets: [sheet('表', rows)] })).toBeUndefined();
});

test('a stated 填报单位 wins over a title', () => {
  const wb = {
    sheets: [sheet('决算', [['甲局2020年度支出决算表']]), sheet('自评', [['填报单位：乙局']])],
  };
  expect(departmentOf(wb)).toBe('乙局');
});

test('the first sheet that states it wins', () => {
  const wb = {
    sheets: [
      sheet('说明', [['本表说明']]),
      sheet('A', [['填报单位：甲局']]),
      sheet('B', [['填报单位：乙局']]),
    ],
  };
  expect(departmentOf(wb)).toBe('甲局');
});
