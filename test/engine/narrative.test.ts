/**
 * Golden narrative tests on the sample workbook (the 2020 report's figures): the paragraphs the report
 * would carry, with every figure computed — a stated figure that a rule found wrong never appears as fact.
 */
import { analyze, buildNarrative, type Narrative } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { book, sheet } from '../support/grid';

const SAMPLE = 'samples/kaifu-2020.xlsx';

function all(n: Narrative): string[] {
  return n.sections.flatMap((s) => [s.heading, ...s.paragraphs]);
}

function section(n: Narrative, heading: RegExp): string[] {
  const i = n.sections.findIndex((s) => heading.test(s.heading));
  expect(i).toBeGreaterThanOrEqual(0);
  return n.sections[i].paragraphs;
}

describe('zh-CN narrative of the sample', () => {
  let n: Narrative;
  beforeAll(async () => {
    const wb = await readWorkbookFile(SAMPLE);
    n = buildNarrative(analyze(wb), '执行汇总');
  });

  test('follows the report: basics, spending, targets, problems', () => {
    expect(n.sections.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      '一、部门基本情况',
      '二、一般公共预算支出情况',
      '三、绩效目标完成情况',
      '四、存在的主要问题',
      '五、绩效自评结果',
    ]);
  });

  test('staffing with the control rate', () => {
    expect(section(n, /人员情况/)).toEqual([
      '本部门正式编制数52人；实际在编在职66人；编外聘用人员34人；退休人员203人。在职人员控制率为126.92%（实有人数÷编制数）。',
    ]);
  });

  test('basic expenditure and its parts, and the “三公” expenses against budget and last year', () => {
    expect(section(n, /基本支出情况/)).toEqual([
      '本年度基本支出3740.11万元，其中：人员经费3547.87万元，公用经费192.23万元。',
    ]);
    expect(section(n, /“三公”经费/)).toEqual([
      '“三公”经费预算数16.00万元，决算数3.91万元，其中公务接待费0.00万元，公务用车购置及运行费3.91万元。决算数比预算数降低75.56%。比上年决算9.53万元减少5.62万元（-58.97%）。',
    ]);
  });

  test('each project: allocation, carry-over, use, surplus, rate with its denominator, reason', () => {
    const text = all(n);
    expect(text).toContain(
      '3、档案整理专项：年初预算98.00万元，实际使用93.10万元，结余4.90万元，执行率95.00%（实际使用÷全年预算数）。结余原因：质保期满一年后支付。',
    );
    // The sheet states 244.05; 274.09 + 57.48 − 87.51 = 244.06 (a rounding difference): the text says 244.06.
    expect(text).toContain(
      '2、房产处遗、私改遗项目：上年结转274.09万元，本年争取（追加）57.48万元，全年可用资金331.57万元，实际使用87.51万元，结余244.06万元，执行率26.39%（实际使用÷全年预算数）。',
    );
    expect(text).toContain(
      '10、危房改造项目：上年结转68.59万元，本年争取（追加）207.71万元，全年可用资金276.30万元，实际使用96.00万元，结余180.30万元，执行率34.74%（实际使用÷全年预算数）。结余原因：年底关账时才收到资金，来不及付款。',
    );
  });

  test('a stated figure a rule found wrong is quoted only with its correct value', () => {
    const text = all(n).join('\n');
    // 业务工作经费 states 98.88%; 180.03 ÷ 182.42 = 98.69%.
    expect(section(n, /业务工作经费/)[0]).toContain('执行率98.69%（实际使用÷全年预算数）');
    expect(text).toContain(
      '业务工作经费!F4：“业务工作经费”的执行率应为 实际支出 ÷ 全年预算数（含上年结转） = 98.69%，表中为 98.88%。',
    );
    // 供排水's stated 147.10 is not the sum of its items (107.10), but no one cell can be shown wrong: the paragraph
    // quotes the stated figure, and the problems section says what disagrees.
    expect(text).toContain('实际使用147.10万元，结余20.88万元，执行率87.57%');
    expect(text).not.toMatch(/使用107\.10万元，结余60\.88/);
    // The 专项经费 total states 23765.94, 16.21 more than its projects in 全年预算数 and 结余 alike: as if one project
    // were left out of the table. The total row agrees with itself, so it is quoted as stated.
    expect(text).toContain('全年可用资金23765.94万元');
  });

  test('business funds list their items', () => {
    expect(section(n, /业务工作经费/)[1]).toMatch(
      /^业务工作经费包含13个项目：1、建设项目管理工作经费95.00万元；2、退休管理费专项14.25万元；.*13、以前年度结余4.35万元。$/,
    );
  });

  test('targets: the overrun of basic expenditure and why', () => {
    expect(section(n, /绩效目标完成情况/)[0]).toMatch(
      /^基本支出年初预算3392.25万元，实际支出3740.11万元，超出年初预算347.86万元，主要原因是.*本年新招录3个事业编人员/,
    );
  });

  test('the self-evaluation result: the department’s total and grade, and the (illustrative) project form', () => {
    expect(section(n, /绩效自评结果/)).toEqual([
      '按照预算决策、预算执行、预算监督、项目决策、资金使用、财务管理、项目组织管理、项目绩效8个方面进行综合评价，整体支出综合评分90.5分（满分100分），评价等次为“优”。',
      '既有多层住宅增设电梯项目自评得分78.6分（满分100分），评价等次为“中”；其中预算执行得分0.8分（分值10分，执行率8.00%）。',
      '失分较多的是：预算执行（分值10分，得分0.8分）；年内发放补助台数（分值10分，得分0.8分；偏差原因：未到资金使用期限，大量项目未完成竣工验收）；老旧小区居民出行条件（分值30分，得分27分）。',
    ]);
  });

  test('problems: low rates with reasons, staffing over 编制, figures that do not add up', () => {
    const low = section(n, /执行率偏低/);
    expect(low).toContain(
      '既有多层住宅增设电梯项目全年可用资金1000.00万元，实际使用80.00万元，执行率8.00%（实际使用÷全年预算数），低于60.00%。结余原因：未到资金使用期限，大量项目未完成竣工验收。',
    );
    expect(section(n, /超出编制/)).toEqual([
      '正式编制数52人，实际在编在职66人，超编14人，在职人员控制率126.92%。',
    ]);
    const wrong = section(n, /不一致/);
    expect(wrong[0]).toBe('经逐项复核，报表中有6处数据与其组成部分不一致，以下数字均按明细重新计算：');
    expect(wrong).toContain('租赁住房!B7：“合计”的个数应为下一级各项之和 38，表中为 39（相差 1）。');
    expect(wrong[wrong.length - 1]).toBe('另有4处四舍五入尾差，不影响结论，见“问题清单”表。');
  });
});

describe('en-US narrative of the sample', () => {
  let n: Narrative;
  beforeAll(async () => {
    n = buildNarrative(analyze(await readWorkbookFile(SAMPLE), { lang: 'en-US' }), 'Summary');
  });

  test('chapters and a project paragraph', () => {
    expect(n.sections.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      '1. The department',
      '2. General public budget spending',
      '3. Performance targets',
      '4. Main problems',
      '5. Self-evaluation result',
    ]);
    expect(all(n)).toContain(
      '4. 既有多层住宅增设电梯项目 had 1000.00 (10k yuan) added during the year, 1000.00 (10k yuan) available for the year; it spent 80.00 (10k yuan), leaving 920.00 (10k yuan), an execution rate of 8.00% (spent ÷ the full-year budget). Reason for the surplus: 未到资金使用期限，大量项目未完成竣工验收.',
    );
  });

  test('problems quote stated and correct values', () => {
    const wrong = section(n, /do not add up/);
    expect(wrong.join('\n')).toContain(
      '业务工作经费!F4: the execution rate of "业务工作经费" should be spent ÷ the full-year budget (with carry-over) = 98.69%; the sheet states 98.88%.',
    );
    expect(section(n, /authorised posts/)).toEqual([
      'There are 66 staff in post against 52 authorised posts, 14 over, a staffing control rate of 126.92%.',
    ]);
  });
});

describe('narrative of other workbooks', () => {
  test('a workbook with nothing wrong says so', () => {
    const wb = book(
      sheet('项目', [
        ['项目名称', '全年预算数', '实际支出', '结余'],
        ['甲', 100, 80, 20],
        ['乙', 50, 45, 5],
        ['合计', 150, 125, 25],
      ]),
    );
    const n = buildNarrative(analyze(wb), '执行汇总');
    expect(section(n, /不一致/)).toEqual(['经逐项复核，报表中各项合计、结余和执行率与明细数据一致。']);
    expect(section(n, /绩效目标完成情况/)).toEqual(['各项支出均未超出预算。']);
    expect(all(n)).toContain(
      '1、甲：全年可用资金100.00万元，实际使用80.00万元，结余20.00万元，执行率80.00%（实际使用÷全年预算数）。',
    );
  });

  test('the rate denominator follows the option', () => {
    const wb = book(
      sheet('项目', [
        ['项目名称', '年初预算', '上年结转', '全年预算数', '实际支出'],
        ['甲', 100, 20, 120, 90],
      ]),
    );
    const n = buildNarrative(analyze(wb, { rateBase: 'initial' }), '执行汇总');
    expect(all(n).join('')).toContain('执行率90.00%（实际使用÷年初预算）');
  });

  test('a big ledger lists the first items and points at the summary sheet', () => {
    const rows = [['项目名称', '全年预算数', '实际支出']] as (string | number)[][];
    for (let i = 1; i <= 100; i++) rows.push([`项目${i}`, 100, 90]);
    const n = buildNarrative(analyze(book(sheet('明细', rows))), '执行汇总');
    expect(all(n)).toContain('其余60个项目的执行情况见“执行汇总”表。');
  });
});
