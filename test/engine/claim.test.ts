/**
 * Rule `claim` (domain.md §6, docs/claim.md): every number of a report draft tied to the figure it states. On a small
 * ledger built here, on the engine's own narrative of the sample workbook (which must raise nothing), and on the
 * source report's text (test/fixtures/claim/, copied whole) against the sample workbook, which must raise the
 * report's own three discrepancies at their paragraphs.
 */
import { readFileSync } from 'fs';
import { analyze, buildNarrative, checkDraft, type Analysis, type Lang } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { book, sheet } from '../support/grid';

const SAMPLE = 'samples/kaifu-2020.xlsx';
const REPORT = 'test/fixtures/claim/kaifu-2020-self-evaluation-report.txt';

/** One ledger: 档案整理专项 98 | 93.10 | 4.90 and 经济发展奖励资金 46 | 44 | 2, all consistent. */
function ledger(): Analysis {
  return analyze(
    book(
      sheet('专项经费', [
        ['项目名称', '年初预算', '实际支出', '结余'],
        ['档案整理专项', 98, 93.1, 4.9],
        ['经济发展奖励资金', 46, 44, 2],
      ]),
    ),
  );
}

describe('a draft against a small ledger', () => {
  const analysis = ledger();

  test('the ledger itself is clean', () => {
    expect(analysis.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('numbers that agree with their figures give no finding, and are counted as checked', () => {
    const r = checkDraft(analysis, [
      '档案整理专项：2020年安排资金98万元，实际使用93.10万元，结余4.90万元。',
      '经济发展奖励资金：年初预算46万元，实际使用44万元，结余2万元。',
    ]);
    expect(r.findings).toEqual([]);
    expect(r.checked).toBe(6);
    expect(r.paragraphs).toBe(2);
  });

  test('one number that disagrees gives exactly one finding with paragraph, quote, expected and related', () => {
    const r = checkDraft(analysis, [
      '',
      '档案整理专项：2020年安排资金98万元，实际使用93.10万元，结余4.90万元。',
      '   ',
      '经济发展奖励资金：年初预算46万元，实际使用４５万元，结余2万元。',
    ]);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f).toMatchObject({
      rule: 'claim',
      severity: 'error',
      sheet: null,
      cell: null,
      // Blank paragraphs are not counted: the second paragraph that holds text.
      paragraph: 2,
      // As written, full-width digits included.
      quote: '４５万元',
      expected: '44.00',
      actual: '４５万元',
      rounding: false,
    });
    expect(f.related).toEqual([{ sheet: '专项经费', cell: 'C3' }]);
    expect(f.sentence).toContain('实际使用４５万元');
    expect(f.message).toContain('经济发展奖励资金');
  });

  test('a difference of 0.01 (尾差) is info; more than that is an error', () => {
    const r = checkDraft(analysis, ['档案整理专项实际使用93.1万元，结余4.9万元，执行率94.9%。']);
    // 93.10 ÷ 98 = 95.00% (94.9976…) written 94.9% is off by more than rounding; 93.1 and 4.9 agree.
    expect(r.findings.map((f) => [f.quote, f.severity])).toEqual([['94.9%', 'error']]);
    const near = checkDraft(analysis, ['档案整理专项：实际使用93.11万元。']);
    expect(near.findings.map((f) => [f.quote, f.severity, f.rounding])).toEqual([
      ['93.11万元', 'info', true],
    ]);
  });

  test('numbers tied to nothing are unchecked, never findings', () => {
    const r = checkDraft(analysis, [
      '本部门由1个行政单位及5个二级机构组成。',
      '全年完成公租房实物配租495户，投入1200万元对安置小区实施雨污分流改造。',
    ]);
    expect(r.findings).toEqual([]);
    expect(r.checked).toBe(0);
    expect(r.unchecked.map((u) => [u.paragraph, u.quote])).toEqual([
      [1, '1个'],
      [1, '5个'],
      [2, '495户'],
      [2, '1200万元'],
    ]);
    expect(r.unchecked[3].sentence).toBe(
      '全年完成公租房实物配租495户，投入1200万元对安置小区实施雨污分流改造。',
    );
  });
});

describe('the engine’s own narrative of the sample, checked as a draft', () => {
  test.each<Lang>(['zh-CN', 'en-US'])('%s raises nothing', async (lang) => {
    const analysis = analyze(await readWorkbookFile(SAMPLE), { lang });
    const n = buildNarrative(analysis, '执行汇总');
    const texts = n.sections.flatMap((s) => [s.heading, ...s.paragraphs]);
    const r = checkDraft(analysis, texts);
    expect(r.findings).toEqual([]);
    if (lang === 'zh-CN') {
      // It is tied, not skipped: three in four of the numbers of the narrative's five chapters are checked (the
      // rest are the year, counts of projects and households, and figures of remarks quoted from the sheets).
      expect(r.checked).toBeGreaterThan(100);
      expect(r.checked).toBeGreaterThan(3 * r.unchecked.length);
    }
  });
});

describe('the source report against the sample workbook', () => {
  let analysis: Analysis;
  let lines: string[];
  /** The paragraph number (non-empty lines counted from 1) of the line that contains `text`. */
  const paragraphOf = (text: string): number => {
    const nonEmpty = lines.filter((l) => /\S/.test(l));
    const i = nonEmpty.findIndex((l) => l.includes(text));
    expect(i).toBeGreaterThanOrEqual(0);
    return i + 1;
  };

  beforeAll(async () => {
    analysis = analyze(await readWorkbookFile(SAMPLE));
    lines = readFileSync(REPORT, 'utf8').split(/\r?\n/);
    // The fixture's first line names where the text comes from; the report follows it verbatim.
    expect(lines[0]).toMatch(/^# 出处：长沙市开福区住房和城乡建设局 2020年度部门整体支出绩效自评报告/);
  });

  test('资金执行率98.88% is 180.03 ÷ 182.42 = 98.69%, at the 业务工作经费 paragraph', () => {
    const r = checkDraft(analysis, lines);
    const at = paragraphOf('资金执行率98.88%');
    expect(at).toBe(97);
    const f = r.findings.filter((x) => x.quote === '98.88%');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      paragraph: at,
      severity: 'error',
      expected: '98.69%',
      sheet: null,
      cell: null,
    });
    expect(f[0].related).toEqual(expect.arrayContaining([{ sheet: '业务工作经费', cell: 'F4' }]));
  });

  test('39 rental projects are 6 + 14 + 11 + 7 = 38', () => {
    const r = checkDraft(analysis, lines);
    const at = paragraphOf('年内申报租赁住房奖补项目39个');
    expect(at).toBe(50);
    const f = r.findings.filter((x) => x.quote === '39个');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ paragraph: at, severity: 'error', expected: '38' });
    expect(f[0].related).toEqual(expect.arrayContaining([{ sheet: '租赁住房', cell: 'B7' }]));
  });

  test('the 专项经费 totals of sections 二 and 四 differ, and section 四’s are named as stated twice', () => {
    const r = checkDraft(analysis, lines);
    const two = paragraphOf('2020年初预算安排专项经费2135.74万元');
    const four = paragraphOf('2020年初预算安排专项经费2277.89万元');
    expect([two, four]).toEqual([47, 122]);
    const atFour = r.findings.filter((x) => x.paragraph === four);
    // 全年 27736.61, used 17619.64, left 10116.97 and 63.52% each disagree with section 二's and the workbook's.
    expect(atFour.map((x) => [x.quote, x.expected])).toEqual([
      ['2277.89万元', '1326.62'],
      ['27736.61万元', '23765.94'],
      ['17619.64万元', '13699.50'],
      ['10116.97万元', '10066.44'],
      ['63.52%', '57.64%'],
    ]);
    for (const x of atFour.slice(1)) expect(x.message).toContain(`第${two}段`);
    // Section 二 agrees with the workbook except its 年初 2135.74, which the workbook's own parts give as 1326.62.
    expect(r.findings.filter((x) => x.paragraph === two).map((x) => x.quote)).toEqual(['2135.74万元']);
  });

  test('nothing else is an error, and the report’s other figures are checked', () => {
    const r = checkDraft(analysis, lines);
    const errors = r.findings.filter((x) => x.severity === 'error');
    expect(errors.map((x) => x.paragraph).sort((a, b) => a - b)).toEqual([
      47, 50, 97, 122, 122, 122, 122, 122,
    ]);
    // 2.38 for 182.42 − 180.03 = 2.39 and 244.05 for 244.06 are the workbook's own 尾差.
    expect(r.findings.filter((x) => x.severity === 'info').map((x) => [x.paragraph, x.quote])).toEqual([
      [52, '244.05万元'],
      [97, '2.38万元'],
    ]);
    expect(r.checked).toBeGreaterThan(90);
    // Numbers it cannot tie (staff counts of other things, households, document numbers) are listed, not errors.
    expect(r.unchecked.some((u) => u.quote === '6487套')).toBe(true);
  });
});
