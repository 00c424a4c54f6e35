/**
 * Self-evaluation scoring: indicator scores by direction (capped at their points), grade bands, and the rule
 * `score` on score sheets laid out in different ways — wrong scores, totals and grades planted, found at their
 * cells, and nothing that holds flagged.
 */
import fc from 'fast-check';
import { analyze, toCheckJson, type Finding } from '../../src/engine';
import { D } from '../../src/engine/money';
import { gradeOf, readGrade } from '../../src/engine/scoring';
import { indicatorScore, readMeasure } from '../../src/engine/scoring/targets';
import { book, pct, sheet, type Input } from '../support/grid';

const errors = (fs: Finding[]) =>
  fs.filter((f) => f.severity !== 'info').map((f) => `${f.rule}:${f.cell}:${f.severity}`);

describe('indicator scores', () => {
  test.each<[string, string, string, string | undefined, string]>([
    // points, target, actual → score, direction
    ['20', '≥200台', '200台', '20', '≥'],
    ['20', '≥200台', '150台', '15', '≥'],
    ['20', '≥200台', '260台', '20', '≥'], // capped at the points
    ['15', '不低于95%', '100%', '15', '≥'],
    ['15', '≥90%', '60%', '10', '≥'],
    ['10', '≤5天', '4天', '10', '≤'],
    ['10', '≤5天', '8天', '6.25', '≤'],
    ['10', '不超过100万元', '125万元', '8', '≤'],
    ['10', '=100%', '100%', '10', '='],
    ['10', '=100%', '80%', '8', '='],
    ['10', '200', '100', '5', '≥'], // no sign: 正向
    ['10', '≥0', '0', '10', '≥'], // zero target met
    ['10', '≤0', '0', '10', '≤'],
    ['10', '≤0', '2', '0', '≤'],
    ['10', '≥200台', '', undefined, '≥'], // no actual: the stated score stands
  ])('%s points, target %s, actual %s → %s', (points, target, actual, score, direction) => {
    const r = indicatorScore(new D(points), readMeasure(target), readMeasure(actual || undefined));
    expect(r.direction).toBe(direction);
    expect(r.score?.toString()).toBe(score);
  });

  test('qualitative indicators are the user’s tier', () => {
    expect(indicatorScore(new D(30), readMeasure('明显改善'), readMeasure('明显改善'))).toEqual({
      direction: 'qualitative',
    });
  });

  test('a score never exceeds its points', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 100000 }),
        fc.integer({ min: 0, max: 100000 }),
        fc.constantFrom('≥', '≤', '=', ''),
        (points, t, a, dir) => {
          const r = indicatorScore(
            new D(points).div(100),
            readMeasure(`${dir}${t / 100}`),
            readMeasure(`${a / 100}`),
          );
          if (r.score) {
            expect(r.score.lte(new D(points).div(100))).toBe(true);
            expect(r.score.gte(0)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('grade bands (财预〔2020〕10号)', () => {
  test.each([
    ['59.99', '差'],
    ['60', '中'],
    ['79.99', '中'],
    ['80', '良'],
    ['89.99', '良'],
    ['90', '优'],
    ['100', '优'],
    ['0', '差'],
  ])('%s → %s', (total, grade) => expect(gradeOf(new D(total))).toBe(grade));

  test('configurable bands', () => {
    expect(gradeOf(new D(85), { excellent: 85, good: 75, pass: 60 })).toBe('优');
  });

  test.each([
    ['优', '优'],
    ['优秀', '优'],
    ['“良”', '良'],
    ['良好', '良'],
    ['合格', '中'],
    ['中', '中'],
    ['不合格', '差'],
    ['差', '差'],
  ])('reads %s as %s', (text, grade) => expect(readGrade(text)).toBe(grade));
});

/** The national 项目支出绩效自评表, with the given scores, total and grade. */
function form(
  over: { fundsScore?: Input; scores?: Input[]; total?: Input; grade?: string; funds?: Input[][] } = {},
) {
  const s = over.scores ?? [20, 15, 10, 27, 10];
  return sheet('电梯自评表', [
    ['项目支出绩效自评表'],
    ['（2020年度）'],
    ['项目名称', '既有多层住宅增设电梯项目（示例）'],
    ['主管部门', '区住建局', null, '实施单位', '区住建局'],
    ['项目资金（万元）', null, '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ...(over.funds ?? [
      [null, '年度资金总额', 1000, 1000, 80, 10, pct(0.08), over.fundsScore ?? 0.8],
      [null, '其中：当年财政拨款', 1000, 1000, 80, '—', '—', '—'],
      [null, '上年结转资金', null, null, null, '—', '—', '—'],
      [null, '其他资金', null, null, null, '—', '—', '—'],
    ]),
    ['年度总体目标', '预期目标', null, null, '实际完成情况'],
    [null, '完成既有住宅增设电梯安装200台', null, null, '完成200台'],
    [
      '绩效指标',
      '一级指标',
      '二级指标',
      '三级指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因分析及改进措施',
    ],
    [null, '产出指标', '数量指标', '增设电梯台数', '≥200台', '200台', 20, s[0]],
    [null, null, '质量指标', '验收合格率', '≥95%', '100%', 15, s[1]],
    [null, null, '时效指标', '补助发放及时率', '≥90%', '60%', 15, s[2], '未到资金使用期限'],
    [null, '效益指标', '社会效益指标', '居民出行条件改善', '明显改善', '明显改善', 30, s[3]],
    [null, '满意度指标', '服务对象满意度指标', '居民满意度', '≥90%', '92%', 10, s[4]],
    ['总分', null, null, null, null, null, 100, over.total ?? 82.8],
    ['自评等次', over.grade ?? '良'],
  ]);
}

describe('the 项目支出绩效自评表', () => {
  test('a form that holds raises nothing but its low execution rate', () => {
    const a = analyze(book(form()));
    expect(errors(a.findings)).toEqual(['low-rate:G6:warning']);
    const t = a.scores[0];
    expect(t.kind).toBe('form');
    expect(t.title).toBe('既有多层住宅增设电梯项目（示例）');
    expect(t.items.map((i) => [i.name, i.level1, i.level2, i.direction, i.computed?.toString()])).toEqual([
      ['增设电梯台数', '产出指标', '数量指标', '≥', '20'],
      ['验收合格率', '产出指标', '质量指标', '≥', '15'],
      ['补助发放及时率', '产出指标', '时效指标', '≥', '10'],
      ['居民出行条件改善', '效益指标', '社会效益指标', 'qualitative', undefined],
      ['居民满意度', '满意度指标', '服务对象满意度指标', '≥', '10'],
    ]);
    expect(t.execution?.computed?.toString()).toBe('0.8');
    expect(t.total?.computed?.toString()).toBe('82.8');
    expect(t.grade).toEqual({ stated: '良', cell: 'B19', computed: '良' });
  });

  test('a wrong score, a score over its points, a wrong total and a wrong grade, each at its cell', () => {
    const a = analyze(book(form({ scores: [20, 16, 12, 27, 10], fundsScore: 1.5, total: 91, grade: '良' })));
    expect(errors(a.findings).sort()).toEqual(
      [
        'low-rate:G6:warning',
        'score:H6:error', // execution: min(8%, 100%) × 10 = 0.8, not 1.5
        'score:H14:error', // 16 > its 15 points
        'score:H15:error', // 15 × 60% ÷ 90% = 10, not 12
        'score:H18:error', // 1.5 + 20 + 16 + 12 + 27 + 10 = 86.5, not 91 (far beyond rounding in whole scores)
        'score:B19:error', // 91 is 优, not 良
      ].sort(),
    );
    const byCell = Object.fromEntries(a.findings.map((f) => [f.cell, f]));
    expect(byCell.H15.expected).toBe('10.00');
    expect(byCell.H18.expected).toBe('86.50');
    expect(byCell.B19.expected).toBe('优');
  });

  test('a rounding-level difference in a score is info', () => {
    // 15 × 65% ÷ 90% = 10.8333…: 10.83 holds, 10.84 is one unit off in its last decimal.
    const s = form({ scores: [20, 15, 10.84, 27, 10], total: 83.64 });
    s.rows[14][5] = { v: '65%' };
    const a = analyze(book(s));
    const info = a.findings.filter((f) => f.rule === 'score');
    expect(info.map((f) => [f.cell, f.severity, f.rounding])).toEqual([['H15', 'info', true]]);
  });

  test('a funds total of 0 above its 其中 parts (a published form’s mistake) is a sum error', () => {
    const a = analyze(
      book(
        form({
          funds: [
            [null, '年度资金总额', 0, 0, 0, 10, null, 10],
            [null, '其中：当年财政拨款', 90, 89.974, 89.974, '—', '—', '—'],
            [null, '上年结转资金', null, null, null, '—', '—', '—'],
            [null, '其他资金', null, null, null, '—', '—', '—'],
          ],
          total: 92,
          grade: '优',
        }),
      ),
    );
    // The funds block's complete breakdown is a sum (rule `sum`), as anywhere else; `score` is for 得分, 总分 and 等次.
    expect(
      errors(a.findings)
        .filter((f) => f.startsWith('sum') || f.startsWith('score'))
        .sort(),
    ).toEqual(['sum:C6:error', 'sum:D6:error', 'sum:E6:error']);
  });

  test('the JSON document has a scores section', () => {
    const json = toCheckJson(analyze(book(form())));
    expect(json.scores[0]).toMatchObject({
      sheet: '电梯自评表',
      kind: 'form',
      execution: { rate: '8.00%', points: '10', computed: '0.8', stated: '0.8', cell: 'H6' },
      total: { points: '100', stated: '82.8', computed: '82.8', cell: 'H18' },
      grade: { stated: '良', computed: '良', cell: 'B19' },
    });
    expect(json.scores[0].items[2]).toMatchObject({
      name: '补助发放及时率',
      target: '≥90%',
      actual: '60%',
      points: '15',
      computed: '10',
      stated: '10',
    });
  });
});

describe('评分表 laid out in different ways', () => {
  test('aspects with 合计 and a 等次 row (the source report: 90.5, 优)', () => {
    const a = analyze(
      book(
        sheet('自评', [
          ['2020年度部门整体支出绩效自评得分'],
          ['序号', '评价内容', '分值', '得分'],
          [1, '预算决策', 10, 9],
          [2, '预算执行', 20, 18],
          [3, '预算监督', 10, 9.5],
          [4, '项目绩效', 60, 54],
          ['合计', null, 100, 90.5],
          ['等次', null, '优'],
        ]),
      ),
    );
    expect(errors(a.findings)).toEqual([]);
    expect(a.scores[0]).toMatchObject({ kind: 'aspects', grade: { stated: '优', computed: '优' } });
    expect(a.scores[0].total?.computed?.toString()).toBe('90.5');
  });

  test('columns in another order, a wrong total and a wrong grade written as 评价等次：良', () => {
    const a = analyze(
      book(
        sheet('评分', [
          ['得分', '评价指标', '权重'],
          [8, '决策', 10],
          [25, '过程', 30],
          [50, '产出与效益', 60],
          [85, '总计', 100],
          ['评价等次：优'],
        ]),
      ),
    );
    // 8 + 25 + 50 = 83, not 85; 85 is 良, not 优.
    expect(errors(a.findings).sort()).toEqual(['score:A5:error', 'score:A6:error']);
  });

  test('a score above its points', () => {
    const a = analyze(
      book(
        sheet('评分', [
          ['评价内容', '分值', '得分'],
          ['预算执行', 10, 12],
          ['合计', 10, 12],
        ]),
      ),
    );
    expect(errors(a.findings)).toEqual(['score:C2:error']);
  });

  test('the total never exceeds the sum of the points when every score is within its points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 100 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (rows) => {
          const data: Input[][] = [['评价内容', '分值', '得分']];
          rows.forEach(([p, share], i) => data.push([`方面${i + 1}`, p, (p * share) / 100]));
          const a = analyze(book(sheet('评分', data)));
          const t = a.scores[0];
          const pointsSum = rows.reduce((s, [p]) => s + p, 0);
          expect(t.total?.computed?.lte(pointsSum) ?? true).toBe(true);
          expect(errors(a.findings)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
