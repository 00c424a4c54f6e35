/**
 * Table-driven tests of each rule on small grids: what is flagged (rule, cell, severity) and what holds.
 */
import { analyze, type Finding } from '../../src/engine';
import { book, pct, sheet, type Input } from '../support/grid';

const HEADER = [
  '项目名称',
  '年初预算',
  '上年结转',
  '本年追加',
  '调减',
  '全年预算数',
  '实际支出',
  '结余',
  '执行率',
];

function ledger(rows: Input[][], header: Input[] = HEADER, pre: Input[][] = [['单位：万元']]) {
  return book(sheet('明细', [...pre, header, ...rows]));
}

/** Without the low-rate warning, for tests about other rules. */
const noLowRate = { threshold: 0 };

function brief(fs: Finding[]) {
  return fs
    .filter((f) => f.severity !== 'info' || f.rounding)
    .map((f) => `${f.rule}:${f.cell}:${f.severity}`);
}

describe.each<[string, Input[][], string[]]>([
  ['a row that adds up', [['档案整理', 98, null, null, null, 98, 93.1, 4.9, pct(0.95)]], []],
  [
    'a wrong available',
    [['供排水', 340.74, 40, 20, 232.76, 168.98, 147.1, 21.88, pct(0.8705)]],
    ['available:F3:error'],
  ],
  [
    'a wrong surplus alone: one finding, not a cascade',
    [['电梯', null, null, 1000, null, 1000, 80, 925, pct(0.08)]],
    ['surplus:H3:error', 'low-rate:I3:warning'],
  ],
  [
    'a wrong rate',
    [['业务经费', 142.15, null, 40.27, null, 182.42, 180.03, 2.39, pct(0.9888)]],
    ['rate:I3:error'],
  ],
  [
    'a surplus off by one cent over three terms is rounding',
    [['处遗', null, 274.09, 57.48, null, null, 87.51, 244.05, null]],
    ['surplus:H3:info', 'low-rate:G3:warning'],
  ],
  [
    'a rate off by one unit of its last decimal is rounding',
    [['x', 100, null, null, null, 100, 57.64, 42.36, pct(0.5763)]],
    ['rate:I3:info', 'low-rate:I3:warning'],
  ],
  [
    'a whole-percent rate holds at its precision',
    [['x', 100, null, null, null, 100, 86.2, 13.8, pct(0.86, '0%')]],
    [],
  ],
  ['overspend', [['x', 100, null, null, null, 100, 120, -20, pct(1.2)]], ['overspend:G3:error']],
  ['no rate when available is 0', [['社工', 295, null, null, 295, 0, 0, 0, null]], []],
  ['a stated rate over a zero base', [['社工', 295, null, null, 295, 0, 0, 0, pct(0.5)]], ['rate:I3:error']],
])('%s', (_title, rows, expected) => {
  test('findings', () => {
    const a = analyze(ledger(rows));
    expect(brief(a.findings).sort()).toEqual([...expected].sort());
  });
});

describe('sum', () => {
  const analyzeSum = (b: Parameters<typeof analyze>[0]) => analyze(b, noLowRate);
  test('合计 sums the items; a wrong total is one error at its cell', () => {
    const a = analyzeSum(
      ledger([
        ['a', 10, null, null, null, 10, 5, 5, null],
        ['b', 20, null, null, null, 20, 10, 10, null],
        ['合  计', 30, null, null, null, 34, 15, 19, null],
      ]),
    );
    // The total row agrees with itself (19 = 34 − 15) and exceeds its items by one whole row (4 in 全年预算数 and in
    // 结余, nothing spent): one finding on the total's row, as a row left out of the table.
    expect(brief(a.findings)).toEqual(['sum:F5:error']);
    expect(a.findings[0].expected).toBe('30.00');
    expect(a.findings[0].actual).toBe('34.00');
    expect(a.findings[0].cause).toBe('missing-row');
    expect(a.findings[0].related).toEqual([{ sheet: '明细', cell: 'H5' }]);
  });

  test('a total sums subtotals, never items and their subtotals together', () => {
    const a = analyzeSum(
      ledger([
        ['一、基本支出', null, null, null, null, null, null, null, null],
        ['人员经费', 100, null, null, null, 100, 90, 10, null],
        ['公用经费', 50, null, null, null, 50, 40, 10, null],
        ['小计', 150, null, null, null, 150, 130, 20, null],
        ['二、项目支出', null, null, null, null, null, null, null, null],
        ['项目甲', 200, null, null, null, 200, 150, 50, null],
        ['项目乙', 100, null, null, null, 100, 60, 40, null],
        ['小计', 300, null, null, null, 300, 215, 90, null],
        ['合计', 450, null, null, null, 450, 345, 110, null],
      ]),
    );
    // The second 小计 states 215 spent where its items give 210. Its 结余 90 (300 − 210) and the 合计's 110
    // (450 − 340) are right once that one wrong cell is set aside: one wrong cell, one finding.
    expect(brief(a.findings)).toEqual(['sum:G10:error']);
  });

  test('outline groups with stated values are checked against their children', () => {
    const a = analyzeSum(
      ledger([
        ['一、基本支出', 150, null, null, null, 150, 130, 20, null],
        ['（一）人员经费', 100, null, null, null, 100, 90, 10, null],
        ['（二）公用经费', 50, null, null, null, 50, 40, 10, null],
        ['二、项目支出', 300, null, null, null, 300, 200, 100, null],
        ['1、项目甲', 200, null, null, null, 200, 150, 50, null],
        ['2、项目乙', 105, null, null, null, 105, 50, 55, null],
        ['合计', 450, null, null, null, 450, 330, 120, null],
      ]),
    );
    // 项目乙's 105 makes group 二 (row 6) disagree with its children; the 合计 over the groups holds.
    expect(brief(a.findings)).toEqual(['sum:B6:error', 'sum:F6:error', 'sum:H6:error']);
  });

  test('a total over columns whose parts are all blank has nothing to sum', () => {
    const a = analyzeSum(
      ledger([
        ['a', null, null, null, null, 10, 5, 5, null],
        ['b', null, null, null, null, 20, 10, 10, null],
        ['合计', 999, null, null, null, 30, 15, 15, null],
      ]),
    );
    expect(brief(a.findings)).toEqual([]);
  });

  test('its rounding difference is info', () => {
    const a = analyzeSum(
      ledger(
        [
          ['人员经费', 3547.87],
          ['公用经费', 192.23],
          ['合计', 3740.11],
        ],
        ['项目', '实际支出'],
      ),
    );
    expect(a.findings.map((f) => [f.rule, f.cell, f.severity, f.rounding])).toEqual([
      ['sum', 'B5', 'info', true],
    ]);
  });

  test('其中 parts that exceed their row are an error', () => {
    const a = analyzeSum(
      ledger(
        [
          ['年度资金总额', 0, 0, 0],
          ['其中：当年财政拨款', 90, 89.974, 89.974],
          ['上年结转资金', null, null, null],
          ['其他资金', null, null, null],
        ],
        ['项目资金', '年初预算数', '全年预算数', '全年执行数'],
      ),
    );
    expect(
      brief(a.findings)
        .filter((f) => f.startsWith('sum'))
        .sort(),
    ).toEqual(['sum:B3:error', 'sum:C3:error', 'sum:D3:error'].sort());
  });

  test('counts are summed too', () => {
    const a = analyzeSum(
      ledger(
        [
          ['第一批', 6, 1991],
          ['第二批', 14, 2187],
          ['第三批', 11, 2241],
          ['第四批', 7, 664],
          ['合计', 39, 7083],
        ],
        ['批次', '项目个数', '套数'],
        [],
      ),
    );
    expect(brief(a.findings)).toEqual(['sum:B6:error']);
  });
});

describe('reduction and change', () => {
  test('a stated reduction and change are checked against their formulas', () => {
    const a = analyze(
      ledger(
        [
          ['“三公”经费', 16, 3.91, pct(0.7556), 9.53, pct(-0.5897)],
          ['公务接待费', 2, 0, pct(1), 0.5, pct(-0.9)],
        ],
        ['项目', '预算数', '决算数', '比预算降低', '上年决算数', '变动率'],
      ),
      noLowRate,
    );
    expect(brief(a.findings)).toEqual(['change:F4:error']);
    expect(a.findings[0].expected).toBe('-100.00%');
  });
});

describe('overspend of 基本支出 against its initial target is a warning', () => {
  test('warning', () => {
    const a = analyze(
      book(
        sheet('基本支出', [
          ['项目', '年初预算', '实际支出'],
          ['基本支出', 3392.25, 3740.11],
        ]),
      ),
    );
    expect(brief(a.findings)).toEqual(['overspend:C2:warning']);
  });
});

describe('input', () => {
  test('text numbers are used and reported as info; the row is still checked', () => {
    const a = analyze(ledger([['x', '1,000.00', null, null, null, '１０００', '600', '500', '60.00%']]));
    const byRule = a.findings.map((f) => `${f.rule}:${f.cell}:${f.severity}`);
    expect(byRule).toEqual(
      expect.arrayContaining([
        'input:B3:info',
        'input:F3:info',
        'input:G3:info',
        'input:H3:info',
        'input:I3:info',
        'surplus:H3:error',
      ]),
    );
  });

  test('error values and words in number cells are warnings; negatives are errors', () => {
    const a = analyze(
      ledger([
        ['x', 100, null, null, null, 100, { v: null, error: '#DIV/0!' }, 5, null],
        ['y', 100, null, null, null, '待定', 50, 50, null],
        ['z', 100, null, null, null, 100, -5, 105, null],
      ]),
      noLowRate,
    );
    expect(brief(a.findings).sort()).toEqual(
      ['input:G3:warning', 'input:F4:warning', 'input:G5:error'].sort(),
    );
  });

  test('a dash means not applicable', () => {
    const a = analyze(ledger([['x', 100, '—', '-', '/', 100, 50, 50, pct(0.5)]]));
    expect(brief(a.findings)).toEqual(['low-rate:I3:warning']);
  });
});

describe('unit', () => {
  test('an amount in 元 typed into a 万元 column', () => {
    const a = analyze(
      ledger(
        [
          ['a', 100, 100],
          ['b', 120, 110],
          ['c', 4667130, 4667130],
          ['d', 90, 90],
        ],
        ['项目', '全年预算数', '实际支出'],
      ),
    );
    expect(brief(a.findings).sort()).toEqual(['unit:B5:warning', 'unit:C5:warning']);
  });

  test('元 tables are converted exactly', () => {
    const a = analyze(
      ledger([['凯乐微谷', 4667130, 4667127, 3]], ['项目', '可用资金', '实际使用', '结余'], [['单位：元']]),
    );
    expect(a.findings).toEqual([]);
    expect(a.ledgers[0].rows[0].surplus?.toString()).toBe('0.0003');
  });
});

describe('staffing', () => {
  test('actual over authorised is a warning; the control rate is computed', () => {
    const a = analyze(
      book(
        sheet('人员', [
          ['编制数', 52],
          ['实有人数', 66],
          ['退休人员', 203],
        ]),
      ),
    );
    expect(brief(a.findings)).toEqual(['staffing:B2:warning']);
    expect(a.staffing?.controlRate?.toFixed(4)).toBe('1.2692');
    expect(a.staffing?.retired).toBe(203);
  });
  test('within authorised: nothing', () => {
    const a = analyze(
      book(
        sheet('人员', [
          ['编制数', 52],
          ['实有人数', 50],
        ]),
      ),
    );
    expect(a.findings).toEqual([]);
  });
});

describe('mapping and unrecognised sheets', () => {
  test('a rate column with nothing to check it against', () => {
    const a = analyze(ledger([['a', 100, pct(0.5)]], ['项目', '实际支出', '执行率']));
    expect(brief(a.findings)).toEqual(['mapping:C2:warning']);
  });
  test('a sheet with no table is reported', () => {
    const a = analyze(book(sheet('说明', [['本表由财务股填报。']])));
    expect(a.unrecognised).toEqual(['说明']);
    expect(a.findings.map((f) => f.rule)).toEqual(['mapping']);
  });
});

describe('options', () => {
  test('threshold and rate base', () => {
    const rows = [['x', 200, 11.07, null, null, 211.07, 150.2, 60.87, pct(0.751)]];
    const byInitial = analyze(ledger(rows), { rateBase: 'initial', threshold: 80 });
    expect(brief(byInitial.findings)).toEqual(['low-rate:I3:warning']);
    const byAvailable = analyze(ledger(rows));
    expect(brief(byAvailable.findings)).toEqual(['rate:I3:error']);
    expect(byAvailable.findings[0].expected).toBe('71.16%');
  });
  test('misuse throws', () => {
    expect(() => analyze(ledger([]), { threshold: 300 })).toThrow(/threshold/);
  });
  test('English messages', () => {
    const a = analyze(ledger([['电梯', null, null, 1000, null, 1000, 80, 925, null]]), {
      lang: 'en-US',
      threshold: 0,
    });
    expect(a.findings[0].message).toMatch(/surplus of "电梯" should be/);
  });
});
