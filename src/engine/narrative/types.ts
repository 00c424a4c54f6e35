/**
 * The narrative: the report's text as sections of paragraphs, in one language. The plan writes it one
 * paragraph per cell; the Word export writes it as headings and paragraphs.
 */
export interface NarrativeSection {
  /** 1: 一、 a chapter; 2: （一） a section; 3: 1、 a sub-section. */
  level: 1 | 2 | 3;
  heading: string;
  paragraphs: string[];
}

export interface Narrative {
  lang: 'zh-CN' | 'en-US';
  /** The document's title, e.g. 部门整体支出绩效自评报告（预算执行分析）. */
  title: string;
  sections: NarrativeSection[];
}
