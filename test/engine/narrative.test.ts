/**
 * The 自评报告 on the sample workbook (the 2020 report's figures) and on the layout fixtures: the source report's
 * five chapters, one figure per quantity (docs/figures.md), causes grouped, measures drawn from the findings, and no
 * cell address, formula or repeated clause in the prose.
 */
import { analyze, buildNarrative, type Narrative } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { readdirSync } from 'fs';
import { join } from 'path';
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

/** Cell addresses (专项经费!H12, B7) and formulas (=SUM(…), 实际支出 ÷ …=) that the prose must never hold. */
const ADDRESS =
  /[A-Za-z\u4e00-\u9fa5]+!\$?[A-Z]{1,3}\$?\d+|(?<![A-Za-z])[A-Z]{1,2}\d{1,5}(?![\d.%万元])|=\s*[A-Z(]|SUM\(/;

function prose(n: Narrative): string[] {
  return [n.title, ...all(n)];
}

/** A clause of 8 or more characters (between punctuation) said twice in one paragraph. */
function repeatedClause(p: string): string | undefined {
  const clauses = p.split(/[，。；：、（）]/).filter((c) => c.length >= 8);
  return clauses.find((c, i) => clauses.indexOf(c) !== i);
}

describe('基本支出 from a 决算 table by 经济分类 printed in two halves (人员经费 | 公用经费)', () => {
  it.each([
    // The published tables' 人员经费合计 and 公用经费合计; 基本支出 is their sum.
    ['p07-guihua-2024-jiben.xlsx', '5364.75', '4884.09', '480.66'],
    ['p04-putuo-czj-2024-jiben.xlsx', '2336.91', '2152.26', '184.65'],
  ])('%s', async (file, total, personnel, office) => {
    const a = analyze(await readWorkbookFile(join('test/fixtures/published', file)));
    expect(section(buildNarrative(a, '执行汇总'), /基本支出情况/)).toEqual([
      `本年度基本支出${total}万元，其中：人员经费${personnel}万元，公用经费${office}万元。`,
    ]);
  });
});

describe('zh-CN report of the sample', () => {
  let n: Narrative;
  beforeAll(async () => {
    const wb = await readWorkbookFile(SAMPLE);
    n = buildNarrative(analyze(wb), '执行汇总', { unitName: '长沙市开福区住房和城乡建设局' });
  });

  test('the title is 单位名称 + 年度 + 部门整体支出绩效自评报告 (the year from the tables’ titles)', () => {
    expect(n.title).toBe('长沙市开福区住房和城乡建设局2020年度部门整体支出绩效自评报告');
  });

  test('the source report’s five chapters, in its order', () => {
    expect(n.sections.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      '一、部门基本情况',
      '二、一般公共预算支出情况',
      '三、部门整体支出绩效情况',
      '四、存在的主要问题及下一步改进措施',
      '五、绩效自评结果拟应用和公开情况',
    ]);
    expect(n.sections.map((s) => s.heading)).toEqual(
      expect.arrayContaining(['（一）存在的主要问题', '（二）下一步改进措施']),
    );
  });

  test('no cell address or formula in the prose, no table caption as a heading', () => {
    for (const p of prose(n)) expect(p).not.toMatch(ADDRESS);
    const headings = n.sections.map((s) => s.heading);
    for (const h of headings) expect(h).not.toMatch(/^\d+、\d{4}年|表$|明细$/);
  });

  test('no clause repeated within a paragraph', () => {
    for (const p of all(n)) expect(repeatedClause(p)).toBeUndefined();
    expect(section(n, /绩效目标完成情况/)[0]).toBe(
      '基本支出年初预算3392.25万元，实际支出3740.11万元，超出年初预算347.86万元，主要原因是本年新招录3个事业编人员，工资福利调整，社保缴费基数调增，事业编人员增加车补等。',
    );
  });

  test('each project described once, with one figure; a detail table is its project’s breakdown', () => {
    const text = all(n).join('\n');
    expect(text.match(/施工图审查服务费/g)).toHaveLength(1);
    expect(text).not.toContain('150.20');
    expect(text.match(/凯乐微谷项目装配式建筑财政补贴资金：/g)).toHaveLength(1);
    expect(text).toContain('具体资金使用明细：市级资金466.71万元；区级资金466.71万元。');
    expect(text).toContain(
      '7、开福区规划设计项目：年初预算209.88万元，实际使用209.88万元，结余0.00万元，执行率100.00%（实际使用÷全年预算数）。具体资金使用明细：长沙市金霞副中心规划编制第三阶段服务设计费79.10万元；',
    );
  });

  test('figures as docs/figures.md says: stated where they hold, corrected and disputed ones said so', () => {
    const text = all(n).join('\n');
    // 供排水's 147.10 disagrees with its items (107.10), and no one cell can be shown wrong: quoted, and said so.
    expect(text).toContain('实际使用147.10万元（与明细之和107.10不符，待核实），结余20.88万元，执行率87.57%');
    // The 合计's 年初预算 2135.74 is wrong: the corrected figure, and what the table states.
    expect(text).toContain('年初预算1326.62万元（表中为2135.74，经核应为1326.62）');
    // 业务工作经费 states 98.88%; 180.03 ÷ 182.42 = 98.69%.
    expect(section(n, /业务工作经费/)[0]).toContain(
      '执行率98.69%（实际使用÷全年预算数；表中为98.88%，经核应为98.69%）',
    );
    // The 专项经费 合计 as stated where it holds: the same figures as the pane and 执行汇总.
    expect(text).toContain(
      '全年可用资金23765.94万元（与明细之和23749.73不符，待核实），实际使用13699.50万元，结余10066.44万元，执行率57.64%',
    );
    // A 结余原因 label only where there is a surplus.
    expect(text).toContain(
      '（2）公租房建设资金：本年争取（追加）1321.00万元，全年可用资金1321.00万元，实际使用1321.00万元，结余0.00万元，执行率100.00%（实际使用÷全年预算数）。说明：',
    );
    expect(text).not.toMatch(/结余0\.00万元[^。]*。结余原因/);
  });

  test('basics, basic expenditure and the “三公” expenses', () => {
    expect(section(n, /人员情况/)).toEqual([
      '本部门正式编制数52人；实际在编在职66人；编外聘用人员34人；退休人员203人。在职人员控制率为126.92%（实有人数÷编制数）。',
    ]);
    expect(section(n, /基本支出情况/)).toEqual([
      '本年度基本支出3740.11万元，其中：人员经费3547.87万元，公用经费192.23万元。',
    ]);
    expect(section(n, /“三公”经费/)).toEqual([
      '“三公”经费预算数16.00万元，决算数3.91万元，其中公务接待费0.00万元，公务用车购置及运行费3.91万元。决算数比预算数降低75.56%。比上年决算9.53万元减少5.62万元（-58.97%）。',
    ]);
  });

  test('the 决算 tables beside the ledger are reconciled, not narrated again', () => {
    // 基本支出 and the “三公” expenses are stated once (above), and the 支出决算表's 科目 are no projects.
    const chapter = n.sections.slice(
      n.sections.findIndex((s) => /^二、/.test(s.heading)),
      n.sections.findIndex((s) => /^三、/.test(s.heading)),
    );
    expect(
      all({ ...n, sections: chapter }).filter((t) => /决算表|社会保障和就业支出|工资福利支出/.test(t)),
    ).toEqual([]);
    expect(all(n).filter((t) => t.startsWith('本年度基本支出'))).toHaveLength(1);
    // 项目支出 in the problems table sums the projects: a total, not one of the projects of low rate.
    expect(section(n, /执行率偏低/).join('')).not.toContain('“项目支出”');
  });

  test('problems: low rates listed once in one paragraph, their causes grouped, not one sentence per row', () => {
    const low = section(n, /执行率偏低/);
    expect(low).toHaveLength(3);
    expect(low[1]).toBe(
      '执行率低于60.00%的项目共6个：“保障性安居工程专项资金”57.90%（其中“公积金增值收益”0.00%、“租赁住房专项资金”56.40%）；“房产处遗、私改遗项目”26.39%；“既有多层住宅增设电梯项目”8.00%；“危房改造项目”34.74%；“物业专职社工经费”0.00%；“职工住房补贴专项”0.00%，合计结余11203.01万元。',
    );
    expect(low[2]).toBe(
      '主要原因：一是审批、备案等前期程序尚未完成，资金拨付滞后（“保障性安居工程专项资金”）；二是项目尚在实施，未达到资金支付条件（“既有多层住宅增设电梯项目”）；三是资金到位较晚，年底关账前未能完成支付（“危房改造项目”“物业专职社工经费”）。“房产处遗、私改遗项目”“职工住房补贴专项”未说明结余原因，应予补充。',
    );
    const wrong = section(n, /不一致/);
    expect(wrong[0]).toMatch(
      /^经逐项复核，报表中有6处数据与其组成部分或其他报表不一致（明细见“问题清单”表）/,
    );
    expect(wrong[0]).toContain(
      '“项目支出”的使用表中为17619.64万元，与“开福区住房和城乡建设局2020年度支出决算表”不一致，经核应为13699.50万元',
    );
    expect(wrong[0]).toContain(
      '专项经费分配安排和使用情况“合计”的年初预算表中为2135.74万元，经核应为1326.62万元',
    );
    expect(wrong[1]).toBe('另有4处四舍五入尾差，不影响结论，见“问题清单”表。');
  });

  test('下一步改进措施 drawn from the findings', () => {
    const i = n.sections.findIndex((s) => s.heading === '（二）下一步改进措施');
    const measures = n.sections.slice(i + 1).filter((s) => s.level === 3);
    expect(measures.map((s) => s.heading)).toEqual([
      '1、加强预算执行管理，提高预算执行率',
      '2、提高预算编制的准确性',
      '3、加强机构编制管理',
      '4、加强报表审核，确保数据准确',
      '5、加强绩效目标管理',
    ]);
    expect(measures[0].paragraphs[0]).toContain('对年底才到位的资金，提前与财政部门沟通拨付时间');
    expect(measures[2].paragraphs[0]).toContain('超出编制14人');
  });

  test('五、the score and grade, and how the result is used', () => {
    expect(section(n, /绩效自评结果拟应用/)).toEqual([
      '按照预算决策、预算执行、预算监督、项目决策、资金使用、财务管理、项目组织管理、项目绩效8个方面进行综合评价，整体支出综合评分90.5分（满分100分），评价等次为“优”。',
      '自评结果将作为以后年度预算安排、政策调整和改进管理的重要依据，并按规定随部门决算向社会公开。',
    ]);
    expect(section(n, /绩效目标完成情况/)).toContain(
      '既有多层住宅增设电梯项目自评得分78.6分（满分100分），评价等次为“中”；其中预算执行得分0.8分（分值10分，执行率8.00%）。',
    );
  });

  test('the settings choose the chapters; the title without a 单位名称 is 年度 + the report’s name', async () => {
    const a = analyze(await readWorkbookFile(SAMPLE));
    const only = buildNarrative(a, '执行汇总', { sections: ['spending', 'problems'], year: '2021' });
    expect(only.title).toBe('2021年度部门整体支出绩效自评报告');
    expect(only.sections.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      '一、一般公共预算支出情况',
      '二、存在的主要问题及下一步改进措施',
    ]);
  });
});

describe('en-US report of the sample', () => {
  let n: Narrative;
  beforeAll(async () => {
    n = buildNarrative(analyze(await readWorkbookFile(SAMPLE), { lang: 'en-US' }), 'Summary');
  });

  test('chapters and a project paragraph', () => {
    expect(n.title).toBe("2020 Self-Evaluation Report on the Department's Overall Expenditure Performance");
    expect(n.sections.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      '1. The department',
      '2. General public budget spending',
      '3. Performance of the overall expenditure',
      '4. Main problems and next steps',
      '5. Use and publication of the self-evaluation result',
    ]);
    expect(all(n)).toContain(
      '4. 既有多层住宅增设电梯项目 had 1000.00 (10k yuan) added during the year, 1000.00 (10k yuan) available for the year; it spent 80.00 (10k yuan), leaving 920.00 (10k yuan), an execution rate of 8.00% (spent ÷ the full-year budget). Reason for the surplus: 未到资金使用期限，大量项目未完成竣工验收.',
    );
    for (const p of prose(n)) expect(p).not.toMatch(ADDRESS);
  });

  test('problems quote stated and checked values', () => {
    expect(section(n, /do not add up/)[0]).toContain('states 98.88%; checked, it should be 98.69%');
    expect(section(n, /authorised posts/)).toEqual([
      'There are 66 staff in post against 52 authorised posts, 14 over, a staffing control rate of 126.92%.',
    ]);
  });
});

describe('the report on the layout fixtures', () => {
  const dir = 'test/fixtures/layouts';
  const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
  test.each(files)('%s: five chapters, no address, no repeated clause, each project once', async (file) => {
    const a = analyze(await readWorkbookFile(join(dir, file)));
    const n = buildNarrative(a, '执行汇总');
    expect(n.sections.filter((s) => s.level === 1).map((s) => s.heading.slice(2))).toEqual([
      '部门基本情况',
      '一般公共预算支出情况',
      '部门整体支出绩效情况',
      '存在的主要问题及下一步改进措施',
      '绩效自评结果拟应用和公开情况',
    ]);
    expect(n.title).toMatch(/部门整体支出绩效自评报告$/);
    for (const p of prose(n)) expect(p).not.toMatch(ADDRESS);
    for (const p of all(n)) expect(repeatedClause(p)).toBeUndefined();
    const projects = all(n)
      .map((p) => /^(?:\d+|（\d+）)、?([^：]+)：/.exec(p)?.[1])
      .filter((x): x is string => !!x);
    const top = all(n)
      .map((p) => /^\d+、([^：]+)：/.exec(p)?.[1])
      .filter((x): x is string => !!x);
    expect(new Set(top).size).toBe(top.length);
    expect(projects.length).toBeGreaterThanOrEqual(top.length);
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
    expect(section(n, /^（一）存在的主要问题/)).toEqual([
      '经逐项复核，未发现预算执行率偏低、超支、超编或报表数据不一致的问题。',
    ]);
    expect(n.sections.some((s) => /不一致/.test(s.heading))).toBe(false);
    expect(section(n, /绩效目标完成情况/)).toEqual(['【请补充：绩效目标设置和完成情况。】']);
    expect(n.title).toBe('部门整体支出绩效自评报告');
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
