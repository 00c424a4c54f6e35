/** Narratives for the Word export's tests, in the words of the seed report (kaifu-2020). */
import type { Narrative } from '../../../src/engine/narrative/types';

/** Strings that a careless writer would interpret: formulas, page-number field names, XML, template markup. */
export const LITERALS = [
  '=SUM(B2:B9)',
  '+86 0731-84XXXXXX',
  '-3.25',
  'CURRENT',
  'TOTAL_PAGES',
  '<w:t>&amp; 不是标记</w:t>',
  '{{title}} **不加粗** <b>不加粗</b> ${x}',
  '  前后各有两个空格  ',
];

export const ZH_NARRATIVE: Narrative = {
  lang: 'zh-CN',
  title: '长沙市开福区住房和城乡建设局2020年度部门整体支出绩效自评报告',
  sections: [
    {
      level: 1,
      heading: '一、部门基本情况',
      paragraphs: [
        '本部门正式编制数52人，实际在编在职数66人；编外长期聘用人员34人；退休人员203人。',
        '打赢“蓝天保卫战”、“碧水攻坚战”必须久久为功，落实建筑工地扬尘治理“8个100%”要求。',
      ],
    },
    { level: 2, heading: '（一）基本支出情况', paragraphs: ['2020年我局基本支出3740.11万元，其中：'] },
    {
      level: 3,
      heading: '1、人员经费支出3547.87万元',
      paragraphs: ['基本支出人员经费主要用于：在职人员工资、津贴补贴、奖金；退休人员各项补贴。'],
    },
    {
      level: 3,
      heading: '2．公用经费支出192.23万元',
      paragraphs: ['公用经费主要用于办公费、邮电费、维修费、“三公”经费等。'],
    },
    {
      level: 1,
      heading: '二、项目支出情况',
      paragraphs: [
        '实际下达部门预算指标23765.94万元，使用13699.5万元，资金使用率57.64％。',
        '“三公”经费决算数比预算数降低75.56%。',
        ...LITERALS,
        '第一行\t制表符后\n第二行',
      ],
    },
    { level: 2, heading: '（二）存在的问题', paragraphs: [] },
  ],
};

export const EN_NARRATIVE: Narrative = {
  lang: 'en-US',
  title: 'Overall Departmental Expenditure Performance Self-Evaluation Report, 2020',
  sections: [
    {
      level: 1,
      heading: '1. About the department',
      paragraphs: ['The department has 52 established posts and 66 staff in post.'],
    },
    {
      level: 2,
      heading: '(1) Basic expenditure',
      paragraphs: ['Basic expenditure was 37.4011 million yuan.'],
    },
    { level: 3, heading: '1) Staff costs', paragraphs: ['=1+1', 'Staff costs were 35.4787 million yuan.'] },
  ],
};

/** The texts of a narrative's paragraphs, in order: title, then each section's heading and paragraphs. */
export function textsOf(narrative: Narrative): string[] {
  return [narrative.title, ...narrative.sections.flatMap((s) => [s.heading, ...s.paragraphs])];
}
