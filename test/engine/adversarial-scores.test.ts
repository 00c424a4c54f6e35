/**
 * Judge A: `budget-review check --json` on score sheets laid out unlike the sample (test/fixtures/adversarial-scores/
 * scores.ts). Every planted wrong 得分, 合计 / 总分 and 等次 must be found at its cell with rule `score` and
 * severity error; nothing that holds may be flagged; the JSON `scores` section must carry each item's points,
 * stated and computed score, the total and the computed grade (domain.md §4, the band of the true total).
 *
 * Expected values are computed by hand in the comments (≥: points × min(actual ÷ target, 1); ≤: points ×
 * min(target ÷ actual, 1)). Failing tests here document bugs; they are kept on purpose.
 */
import { writeFile } from 'fs/promises';
import * as path from 'path';
import { run, type CliIO } from '../../src/cli/main';
import type { CheckJson, ScoreJson } from '../../src/engine';
import {
  EDGE_CASES,
  PROVINCE_CONFIG,
  edgeGradeCell,
  s10PercentNumbers,
  s11ProvinceNoPointsColumn,
  s12ScoresWithUnit,
  s1NationalReordered,
  s2NationalCleanOffset,
  s3NoFundsBandEdge,
  s4Province2080,
  s5FundsZeroTotal,
  s6AspectsSeqReordered,
  s7AspectsLevel1Holds,
  s8Level1Level2Holds,
  s9BandEdges,
} from '../fixtures/adversarial-scores/scores';
import { tempDir } from '../fixtures/xlsx-host/build';

jest.setTimeout(30_000);

interface Checked {
  code: number;
  json: CheckJson;
  stderr: string;
}

async function check(file: string, extra: string[] = []): Promise<Checked> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
  };
  const code = await run(['check', file, '--json', ...extra], io);
  return { code, json: JSON.parse(stdout) as CheckJson, stderr };
}

/** Findings that are not info, as `rule:sheet!cell:severity`, sorted. */
const flagged = (j: CheckJson) =>
  j.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.rule}:${f.sheet}!${f.cell}:${f.severity}`)
    .sort();

/** Rounding-level score findings (info): none of these workbooks has one. */
const scoreInfo = (j: CheckJson) =>
  j.findings.filter((f) => f.rule === 'score' && f.severity === 'info').map((f) => `${f.sheet}!${f.cell}`);

const finding = (j: CheckJson, sheet: string, cell: string) =>
  j.findings.find((f) => f.sheet === sheet && f.cell === cell && f.rule === 'score');

const num = (v: unknown): number => Number(v);
const item = (t: ScoreJson, name: string) => t.items.find((i) => i.name === name);
const only = (j: CheckJson, sheet: string): ScoreJson => {
  const ts = j.scores.filter((t) => t.sheet === sheet);
  expect(ts).toHaveLength(1);
  return ts[0];
};

/** An item's points, stated and (for quantitative indicators) computed score. */
function expectItem(
  t: ScoreJson,
  name: string,
  points: number,
  stated: number,
  computed: number | 'qualitative',
): void {
  const i = item(t, name);
  expect(i).toBeDefined();
  expect(num(i?.points)).toBe(points);
  expect(num(i?.stated)).toBe(stated);
  if (computed === 'qualitative') {
    // The user's tier stands: no computed score, or the stated one.
    if (i?.computed !== undefined) expect(num(i.computed)).toBe(stated);
  } else expect(num(i?.computed)).toBeCloseTo(computed, 4);
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-adv-scores-'));
});
afterAll(async () => cleanup());

describe('S1 national form, columns reordered, targets ≥ / 不低于 / = / ≤ / qualitative', () => {
  const SHEET = '项目自评表';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s1NationalReordered(dir));
  });

  test('exactly the four planted cells are score errors', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(flagged(r.json)).toEqual(
      [
        `score:${SHEET}!E16:error`, // ≤30天 done in 36天: 5 × 30/36 = 4.17, not 5
        `score:${SHEET}!E17:error`, // 6 over its 5 points
        `score:${SHEET}!E21:error`, // 9 + 20 + 13.5 + 10 + 5 + 6 + 13.5 + 9 + 9.5 = 95.5, not 96.5
        `score:${SHEET}!B22:error`, // 良: 96.5 (and the true 93.64) is 优
      ].sort(),
    );
  });

  test('a one-decimal score that its figures give (10 × 90/95 = 9.47 shown as 9.5) is not flagged', () => {
    // The 得分 column is General and shows one decimal at most (13.5, 9.5): domain.md §2 compares at that.
    expect(finding(r.json, SHEET, 'E20')).toBeUndefined();
    expect(scoreInfo(r.json)).toEqual([]);
  });

  test('the planted findings carry the right expected values', () => {
    expect(num(finding(r.json, SHEET, 'E16')?.expected)).toBeCloseTo(4.17, 1);
    expect(num(finding(r.json, SHEET, 'E21')?.expected)).toBe(95.5);
    expect(finding(r.json, SHEET, 'B22')?.expected).toBe('优');
  });

  test('the scores section: items, execution, total and computed grade', () => {
    const t = only(r.json, SHEET);
    expect(t.kind).toBe('form');
    expect(t.items.map((i) => i.name)).toEqual([
      '改造小区个数',
      '加装电梯台数',
      '竣工验收合格率',
      '项目完成时限',
      '单台补助标准',
      '居民生活条件改善',
      '长效管理机制',
      '居民满意度',
    ]);
    expectItem(t, '改造小区个数', 20, 20, 20);
    expectItem(t, '加装电梯台数', 15, 13.5, 13.5); // 15 × 180/200
    expectItem(t, '竣工验收合格率', 10, 10, 10);
    expectItem(t, '项目完成时限', 5, 5, 5 * (30 / 36));
    expectItem(t, '单台补助标准', 5, 6, 5); // 12万元 ≤ 15万元: full points
    expectItem(t, '居民生活条件改善', 15, 13.5, 'qualitative');
    expectItem(t, '长效管理机制', 10, 9, 'qualitative');
    expectItem(t, '居民满意度', 10, 9.5, (10 * 90) / 95);
    expect(t.execution).toMatchObject({
      points: '10',
      rate: '90.00%',
      computed: '9',
      stated: '9',
      cell: 'H6',
    });
    expect(t.total).toMatchObject({ points: '100', stated: '96.5', cell: 'E21' });
    // 9 + 20 + 13.5 + 10 + 4.1667 + 5 + 13.5 + 9 + 9.4737 = 93.6404
    expect(num(t.total?.computed)).toBeCloseTo(93.6404, 3);
    expect(t.grade).toMatchObject({ stated: '良', cell: 'B22', computed: '优' });
  });
});

describe('S2 national form shifted to column B, 绩效指标 column, one-decimal formats: everything holds', () => {
  const SHEET = '培训项目自评';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s2NationalCleanOffset(dir));
  });

  test('nothing is flagged', () => {
    expect(flagged(r.json)).toEqual([]);
    expect(scoreInfo(r.json)).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('the scores section', () => {
    const t = only(r.json, SHEET);
    expect(t.items).toHaveLength(7);
    expectItem(t, '培训人次', 20, 20, 20);
    expectItem(t, '培训合格率', 15, 14.7, (15 * 93) / 95);
    expectItem(t, '补贴发放及时率', 10, 10, 10);
    expectItem(t, '人均培训成本', 5, 4.7, (5 * 800) / 850);
    expectItem(t, '就业能力提升', 20, 17, 'qualitative');
    expectItem(t, '学员满意度', 10, 10, 10);
    expect(t.execution).toMatchObject({ points: '10', rate: '97.50%', computed: '9.75', stated: '9.8' });
    expect(t.total).toMatchObject({ points: '100', stated: '96.2', cell: 'I19' });
    expect(num(t.total?.computed)).toBeCloseTo(96.1401, 3);
    expect(t.grade).toMatchObject({ stated: '优秀', computed: '优', cell: 'C20' });
  });
});

describe('S3 form without a funds block, 得分 before 分值, 总分 89.99 stated 优', () => {
  const SHEET = '公厕建设绩效自评';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s3NoFundsBandEdge(dir));
  });

  test('only the grade is wrong: 89.99 is 良', () => {
    expect(flagged(r.json)).toEqual([`score:${SHEET}!A9:error`]);
    expect(finding(r.json, SHEET, 'A9')?.expected).toBe('良');
    expect(r.code).toBe(1);
  });

  test('the scores section: four indicators, total 89.99, grade 良', () => {
    const t = only(r.json, SHEET);
    expect(t.items.map((i) => i.name)).toEqual(['新建公厕座数', '验收合格率', '环境卫生改善', '群众满意度']);
    expectItem(t, '群众满意度', 20, 15, 15); // 20 × 71.25/95
    expect(t.total).toMatchObject({ points: '100', stated: '89.99', computed: '89.99', cell: 'F8' });
    expect(t.grade).toMatchObject({ stated: '优', cell: 'A9', computed: '良' });
  });
});

describe('S4 a province form: 执行 20 + 指标 80', () => {
  const SHEET = '道路硬化项目';
  let r: Checked;
  beforeAll(async () => {
    const config = path.join(dir, 'province.json');
    await writeFile(config, JSON.stringify(PROVINCE_CONFIG));
    r = await check(await s4Province2080(dir), ['--config', config]);
  });

  test('the execution score 17 is wrong (20 × 95% = 19); nothing else is flagged', () => {
    expect(flagged(r.json)).toEqual([`score:${SHEET}!H4:error`]);
    expect(num(finding(r.json, SHEET, 'H4')?.expected)).toBe(19);
  });

  test('execution on 20 points, the true total 89 and its grade 良', () => {
    const t = only(r.json, SHEET);
    expect(t.execution).toMatchObject({
      points: '20',
      rate: '95.00%',
      computed: '19',
      stated: '17',
      cell: 'H4',
    });
    expect(t.items).toHaveLength(6);
    expectItem(t, '道路硬化里程', 20, 19, 19);
    expectItem(t, '工期', 10, 9, 9); // 10 × 180/200
    expectItem(t, '运输成本降低率', 15, 12, 12); // 15 × 8/10
    expect(t.total).toMatchObject({ points: '100', stated: '87', computed: '89', cell: 'H16' });
    // The stated 总分 adds up its stated scores, but one of them is wrong: the true total is 89, 良.
    expect(t.grade).toMatchObject({ stated: '良', cell: 'B17', computed: '良' });
  });
});

describe('S5 a funds total of 0 / 0 / 0 above its 其中 parts, in another column order', () => {
  const SHEET = '污水处理项目自评';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s5FundsZeroTotal(dir));
  });

  test('sum errors at the three cells of 年度资金总额, nothing else', () => {
    expect(flagged(r.json)).toEqual([
      `sum:${SHEET}!C4:error`,
      `sum:${SHEET}!D4:error`,
      `sum:${SHEET}!E4:error`,
    ]);
    expect(num(r.json.findings.find((f) => f.sheet === SHEET && f.cell === 'D4')?.expected)).toBe(90);
  });

  test('the scores section: four indicators, total 98, grade 优', () => {
    const t = only(r.json, SHEET);
    expect(t.items).toHaveLength(4);
    expectItem(t, '出水达标率', 20, 20, 20);
    expect(t.total).toMatchObject({ points: '100', stated: '98', computed: '98', cell: 'G14' });
    expect(t.grade).toMatchObject({ stated: '优', computed: '优', cell: 'B15' });
  });
});

describe('S6 评分表 with 序号, 得分 before 分值, the eight aspects of the source report', () => {
  const SHEET = '整体支出评分';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s6AspectsSeqReordered(dir));
  });

  test('the score over its points, the wrong 合计 and the wrong 等次, each at its cell', () => {
    expect(flagged(r.json)).toEqual([
      `score:${SHEET}!C11:error`, // Σ 91.5, not 90.5
      `score:${SHEET}!C12:error`, // 良好; 90.5 is 优
      `score:${SHEET}!C5:error`, // 11 > 10
    ]);
    expect(num(finding(r.json, SHEET, 'C11')?.expected)).toBe(91.5);
    expect(finding(r.json, SHEET, 'C12')?.expected).toBe('优');
  });

  test('the scores section: eight aspects and the computed grade 优', () => {
    const t = only(r.json, SHEET);
    expect(t.kind).toBe('aspects');
    expect(t.items.map((i) => [i.name, num(i.points), num(i.stated)])).toEqual([
      ['预算决策', 10, 9],
      ['预算执行', 15, 14.5],
      ['预算监督', 10, 11],
      ['项目决策', 10, 9],
      ['资金使用', 15, 13],
      ['财务管理', 10, 9.5],
      ['项目组织管理', 10, 8],
      ['项目绩效', 20, 17.5],
    ]);
    expect(t.total).toMatchObject({ points: '100', stated: '90.5', cell: 'C11' });
    expect(t.grade).toMatchObject({ stated: '良好', cell: 'C12', computed: '优' });
  });

  test('the computed total counts the over-points score at its points (§4: a score never exceeds its points)', () => {
    // 9 + 14.5 + 10 + 9 + 13 + 9.5 + 8 + 17.5 = 90.5
    expect(num(only(r.json, SHEET).total?.computed)).toBe(90.5);
  });
});

describe('S7 评分表 of 决策 / 过程 / 产出 / 效益, 分值 first, 评价等次：良 in a merged row', () => {
  test('80 exactly is 良: nothing flagged, grade computed 良', async () => {
    const r = await check(await s7AspectsLevel1Holds(dir));
    expect(flagged(r.json)).toEqual([]);
    expect(r.code).toBe(0);
    const t = only(r.json, '评分');
    expect(t.items.map((i) => i.name)).toEqual(['决策', '过程', '产出', '效益']);
    expect(t.total).toMatchObject({ points: '100', stated: '80', computed: '80', cell: 'C7' });
    expect(t.grade).toMatchObject({ stated: '良', cell: 'A8', computed: '良' });
  });
});

describe('S8 一级指标 | 二级指标 | 分值 | 得分 (the 部门整体支出 indicator system), 合计 79.99, 合格', () => {
  const SHEET = '部门整体评价';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s8Level1Level2Holds(dir));
  });

  test('nothing is flagged', () => {
    expect(flagged(r.json)).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('eleven scored rows, total 79.99 out of 100, grade computed 中', () => {
    const t = only(r.json, SHEET);
    expect(t.items).toHaveLength(11);
    expect(t.items.every((i) => i.name !== '' && i.name !== '合计')).toBe(true);
    expect(t.total).toMatchObject({ points: '100', stated: '79.99', computed: '79.99', cell: 'D14' });
    expect(t.grade).toMatchObject({ stated: '合格', cell: 'C15', computed: '中' });
  });
});

describe('S9 band edges 89.99 / 90, 79.99 / 80, 59.99 / 60, grades 优秀 / 良好 / 合格 / 不合格', () => {
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s9BandEdges(dir));
  });

  test('only the grades that are not the band of their total are flagged, at the grade cell', () => {
    const planted = EDGE_CASES.slice(6); // 边界7–10
    expect(flagged(r.json)).toEqual(planted.map((c) => `score:${c.sheet}!${edgeGradeCell(c)}:error`).sort());
    for (const c of planted) expect(finding(r.json, c.sheet, edgeGradeCell(c))?.expected).toBe(c.band);
  });

  test.each(EDGE_CASES.map((c) => [c.sheet, c.total, c.grade, c.band] as const))(
    '%s: total %s stated %s → computed %s',
    (sheet, total, grade, band) => {
      const t = only(r.json, sheet);
      expect(num(t.total?.computed)).toBe(total);
      expect(t.grade).toMatchObject({ stated: grade, computed: band });
    },
  );
});

describe('S10 percentages stored as numbers with a % format', () => {
  const SHEET = '设备采购自评';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s10PercentNumbers(dir));
  });

  test('only the planted G11 is flagged (100% target, 70% done: 7, not 10)', () => {
    expect(flagged(r.json)).toEqual([`score:${SHEET}!G11:error`]);
    expect(num(finding(r.json, SHEET, 'G11')?.expected)).toBe(7);
  });

  test('85.5% stored as 0.855 against ≥95% gives 18, and 92% stored as 0.92 against ≥90% gives 10', () => {
    const t = only(r.json, SHEET);
    expectItem(t, '采购执法记录仪台数', 20, 18, 18); // 20 × 180/200, target typed as the number 200
    expectItem(t, '设备验收合格率', 20, 18, 18);
    expectItem(t, '采购完成及时率', 10, 10, 7);
    expectItem(t, '执法人员满意度', 10, 10, 10);
    expect(t.items).toHaveLength(5);
  });

  test('total 94 stated, 91 true, grade 优', () => {
    const t = only(r.json, SHEET);
    expect(t.total).toMatchObject({ points: '100', stated: '94', computed: '91', cell: 'G14' });
    expect(t.grade).toMatchObject({ stated: '优', computed: '优', cell: 'B15' });
  });
});

describe('S11 a province form with no 分值 in its funds block: 预算执行 weighs 20 by --config', () => {
  const SHEET = '绿化养护自评';
  let file: string;
  let config: string;
  beforeAll(async () => {
    file = await s11ProvinceNoPointsColumn(dir);
    config = path.join(dir, 'province-s11.json');
    await writeFile(config, JSON.stringify(PROVINCE_CONFIG));
  });

  test('with the province weights, 19 = 20 × 95% holds and nothing is flagged', async () => {
    const r = await check(file, ['--config', config]);
    expect(flagged(r.json)).toEqual([]);
    const t = only(r.json, SHEET);
    expect(t.execution).toMatchObject({
      points: '20',
      rate: '95.00%',
      computed: '19',
      stated: '19',
      cell: 'G4',
    });
    expect(t.items).toHaveLength(4);
    expect(t.total).toMatchObject({ points: '100', stated: '94', computed: '94', cell: 'H13' });
    expect(t.grade).toMatchObject({ stated: '优', computed: '优', cell: 'B14' });
  });

  test('with the national default (10 points), the same 19 is over its points', async () => {
    const r = await check(file);
    expect(flagged(r.json)).toContain(`score:${SHEET}!G4:error`);
  });
});

describe('S12 评分表 with scores typed as text with their unit (18分, 16.5分)', () => {
  const SHEET = '自评打分';
  let r: Checked;
  beforeAll(async () => {
    r = await check(await s12ScoresWithUnit(dir));
  });

  test('no score cell is silently dropped: each is read, or reported with rule input (domain.md §1)', () => {
    const t = only(r.json, SHEET);
    const read = new Set(t.items.map((i) => i.cell));
    const reported = new Set(r.json.findings.filter((f) => f.rule === 'input').map((f) => f.cell));
    for (const cell of ['C2', 'C3', 'C4', 'C5']) expect(read.has(cell) || reported.has(cell)).toBe(true);
  });

  test('read as numbers (分 is the score’s own unit, as 万元 is an amount’s): nothing wrong, grade 良', () => {
    expect(flagged(r.json).filter((f) => f.startsWith('score:'))).toEqual([]);
    const t = only(r.json, SHEET);
    expect(t.items.map((i) => num(i.stated))).toEqual([18, 16.5, 35, 16.5]);
    expect(t.total).toMatchObject({ points: '100', stated: '86', computed: '86', cell: 'C6' });
    expect(t.grade).toMatchObject({ stated: '良', computed: '良', cell: 'B7' });
  });
});
