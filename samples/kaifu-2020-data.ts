/**
 * The figures of 长沙市开福区住房和城乡建设局《2020年度部门整体支出绩效自评报告》 (the seed report), as a finance
 * officer would keep them in Excel. `build-sample.ts` turns this data into `samples/kaifu-2020.xlsx`.
 *
 * How to read it:
 * - Typed amounts and counts (`wan`, `yuan`, `count`) are figures the report states, written exactly as the report
 *   writes them, even where the report's own figures do not add up (those disagreements are the point of the sample).
 *   The few typed values the report implies rather than states are explained where they occur: 可用资金 equal to the
 *   single figure of a one-source allocation (安排资金98万元), 0 spent where the report says nothing was paid, 0 结余
 *   where it says 全部拨付, and the 100-point 分值 of 自评得分.
 * - Typed rates (`rate`) are the report's own (75.56%, 98.88%, 57.64%, 63.52%, 75.1%) or, elsewhere, what an officer
 *   would type: the exact rate rounded to the cell's format, so they agree with their row by construction.
 * - Every other value the report's own sentence makes plain is a formula (`fx`, `fxRate`), never a typed number: the
 *   workbook shows how it was derived, and the builder computes its cached value exactly (decimal.js). Formulas use
 *   `{r}` for the row they sit on (`{r+1}`, `{r-2}` for neighbours).
 * - Where the report gives no basis for a figure the cell is blank.
 * - Amounts are in 万元 unless the sheet says `单位：元`. Rates are fractions (`0.5764`) shown with `0.00%`.
 */

/** One cell as the officer typed it. */
export type CellData =
  | null
  | string
  | { kind: 'number'; value: string; fmt: string }
  | { kind: 'formula'; formula: string; fmt: string };

/** How a row looks; the builder styles each kind the same way on every sheet. */
export type RowStyle = 'title' | 'subtitle' | 'unit' | 'header' | 'data' | 'total' | 'blank';

export interface RowData {
  style: RowStyle;
  /** Cells from column A; a shorter row leaves the rest empty. */
  cells: CellData[];
}

export interface SheetData {
  name: string;
  /** Column widths in characters, from column A. */
  widths: number[];
  rows: RowData[];
  /** Merged ranges in A1 notation. */
  merges: string[];
  /** Rows (1-based) frozen at the top of the sheet. */
  frozenRows?: number;
  /** Columns whose text wraps (long notes and reasons). */
  wrapColumns?: string[];
}

export const AMOUNT_FORMAT = '#,##0.00';
export const RATE_FORMAT = '0.00%';
export const COUNT_FORMAT = '0';

/** An amount as the report states it (万元, or 元 on a sheet whose unit row says so). */
export function wan(value: string): CellData {
  return { kind: 'number', value, fmt: AMOUNT_FORMAT };
}

/** An amount in 元 (same format; the sheet's `单位：元` row sets the unit). */
export const yuan = wan;

/** A count of people, projects or flats. */
export function count(value: string): CellData {
  return { kind: 'number', value, fmt: COUNT_FORMAT };
}

/** A rate stored as a fraction: `rate('0.5764')` shows as 57.64%. */
export function rate(fraction: string, fmt: string = RATE_FORMAT): CellData {
  return { kind: 'number', value: fraction, fmt };
}

/** A formula giving an amount; the builder computes its cached value. */
export function fx(formula: string): CellData {
  return { kind: 'formula', formula, fmt: AMOUNT_FORMAT };
}

/** A formula giving a rate (a fraction shown as a percentage). */
export function fxRate(formula: string): CellData {
  return { kind: 'formula', formula, fmt: RATE_FORMAT };
}

const title = (text: string): RowData => ({ style: 'title', cells: [text] });
const blank: RowData = { style: 'blank', cells: [] };
const data = (...cells: CellData[]): RowData => ({ style: 'data', cells });
const total = (...cells: CellData[]): RowData => ({ style: 'total', cells });
const header = (...cells: CellData[]): RowData => ({ style: 'header', cells });
const _ = null;

// ---------------------------------------------------------------------------------------------------------------
// 基本支出 — 二、(1) and 三、(二). The report gives the basic-expenditure target (年初绩效目标申报 3392.25) only as a total,
// so the 年初预算 of 人员经费 and 公用经费 is blank. 3547.87 + 192.23 = 3740.10, the report states 3740.11: kept.
const basic: SheetData = {
  name: '基本支出',
  widths: [14, 14, 14, 70],
  merges: ['A1:D1'],
  wrapColumns: ['D'],
  rows: [
    title('2020年基本支出情况'),
    { style: 'unit', cells: ['单位：万元'] },
    header('项目', '年初预算', '实际支出', '备注'),
    data(
      '人员经费',
      _,
      wan('3547.87'),
      '在职人员工资、津贴补贴、奖金；退休人员各项补贴；社会保障缴费、临聘人员经费、住房公积金等',
    ),
    data(
      '公用经费',
      _,
      wan('192.23'),
      '办公费、邮电费、维修费、“三公”经费、其他交通费用、工会经费及其他商品和服务支出',
    ),
    total(
      '合计',
      wan('3392.25'),
      wan('3740.11'),
      '超出年初预算347.86万元：本年新招录3个事业编人员，工资福利调整，社保缴费基数调增，事业编人员增加车补等',
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 三公经费 — 二、(1) 3. As in published 决算 tables, 合计 comes first. The report states the change as
// “支出比2019年减少5.62万元”: 上年决算数 is kept as the formula 3.91+5.62, and the change is typed as the rate an
// officer would write next to it, −5.62 ÷ 9.53 = −58.97% (the domain's 变动率 is a rate, not an amount).
const threePublic: SheetData = {
  name: '三公经费',
  widths: [24, 12, 12, 14, 14, 14, 48],
  merges: ['A1:G1'],
  wrapColumns: ['G'],
  rows: [
    title('2020年“三公”经费支出情况'),
    { style: 'unit', cells: [_, _, _, _, _, _, '单位：万元'] },
    header('项目', '预算数', '决算数', '比预算降低', '上年决算数', '比上年增减', '说明'),
    total(
      '合计',
      wan('16'),
      wan('3.91'),
      rate('0.7556'),
      fx('3.91+5.62'),
      rate('-0.5897'),
      '公车改革处置了一批公车，只保留一台人防指挥通讯用车',
    ),
    data('公务接待费', _, wan('0')),
    data('公务用车购置及运行费', _, wan('3.91')),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 人员编制 — 一、1). A label/value table with no header row.
const staffing: SheetData = {
  name: '人员编制',
  widths: [24, 10],
  merges: ['A1:B1'],
  rows: [
    title('2020年末人员情况'),
    data('编制数', count('52')),
    data('实有人数（在编在职）', count('66')),
    data('编外聘用', count('34')),
    data('退休人员', count('203')),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 专项经费 — 二、(2) 1), the 13 projects. Two-row header: 资金来源 over 年初预算 | 上年结转 | 本年争取.
//
// Placement of the report's words: 年初预算 / 安排 → 年初预算; 结转结余 → 上年结转; 争取 / 收到 / 取得 → 本年争取;
// 调减指标 → 调减. 可用资金 is typed where the report gives one figure for the whole allocation (安排资金98万元 is both
// 年初预算 and 可用资金) and a formula (年初预算 + 上年结转 + 本年争取 − 调减) where it has several sources.
//
// Outline: the 13 projects carry 序号 1–13 (numbers); the sub-rows carry （1）（2）… in the 序号 column and belong
// to the project above them. The 合计 sums the 13 projects, never the sub-rows.
//
// 1 保障性安居工程专项资金: modelled as a project row over three sub-rows, one per fund the report names (公积金增值收益
//   500, 公租房建设资金 1321, 租赁住房专项资金 17750). The project row's 本年争取 / 可用资金 / 实际使用 are =SUM formulas over
//   the sub-rows. Its 结余 8239.15 is the figure of 四、2 (住房租赁市场发展项目结余8239.15万元), which is exactly
//   500 + 17750 − 10010.85: so 公积金增值收益 was not spent (typed 0; the report's 使用13699.5 agrees with that) and the
//   公租房 payments 1016 + 305 used the 1321 in full.
// 2 房产处遗: 使用 is the formula 50+37.51 (the report states the two uses); 结余 244.05 as stated (the figures give 244.06).
// 5 供排水: project row over its five uses a–e (here （1）–（5）). The report states 实际支出147.1 for the project, while
//   its listed uses b–e add to 107.10 and use a states no amount; the sub-rows keep the figures as stated.
// 11 物业专职社工: 年初预算 295, all of it 调减 to the streets; 319.50 received at year end and not paid (使用 0).
// 13 凯乐微谷: the report states 元; the 元 figures sit on sheet 凯乐微谷补贴 and this row divides them by 10,000.
//
// 执行率 mixes typed rates (rounded as an officer would type them) and formulas =实际使用/可用资金. 经济发展奖励资金's
// rate is typed 96% with a whole-percent format (44 ÷ 46 = 95.65%): right at the precision it is shown with.

/** The row of the 合计 on 凯乐微谷补贴 (1-based), referenced from 专项经费. */
const KAILE_TOTAL_ROW = 6;
const KAILE = `'凯乐微谷补贴'!`;

const available = fx('C{r}+D{r}+E{r}-F{r}');
const surplus = fx('G{r}-H{r}');
const execRate = fxRate('H{r}/G{r}');

const special: SheetData = {
  name: '专项经费',
  widths: [6, 40, 12, 12, 12, 12, 12, 12, 12, 10, 46],
  merges: ['A1:K1', 'A3:A4', 'B3:B4', 'C3:E3', 'F3:F4', 'G3:G4', 'H3:H4', 'I3:I4', 'J3:J4', 'K3:K4'],
  frozenRows: 4,
  wrapColumns: ['B', 'K'],
  rows: [
    title('2020年专项经费分配安排和使用情况表'),
    { style: 'unit', cells: [_, _, _, _, _, _, _, _, _, _, '单位：万元'] },
    header(
      '序号',
      '项目名称',
      '资金来源',
      _,
      _,
      '调减',
      '可用资金',
      '实际使用',
      '结余',
      '执行率',
      '结余原因',
    ),
    header(_, _, '年初预算', '上年结转', '本年争取'),
    // 1
    data(
      count('1'),
      '保障性安居工程专项资金',
      _,
      _,
      fx('SUM(E{r+1}:E{r+3})'),
      _,
      fx('SUM(G{r+1}:G{r+3})'),
      fx('SUM(H{r+1}:H{r+3})'),
      wan('8239.15'),
      execRate,
      '住房租赁市场发展项目市领导小组对后续批次房源筹集未及时备案，备案后才能拨付资金',
    ),
    data('（1）', '公积金增值收益', _, _, wan('500'), _, wan('500'), wan('0'), surplus, execRate),
    data(
      '（2）',
      '公租房建设资金',
      _,
      _,
      wan('1321'),
      _,
      wan('1321'),
      fx('1016+305'),
      surplus,
      execRate,
      '拨付2019年度军民融合科技城企业自建公租房项目：中央资金1016万元、省级配套资金305万元',
    ),
    data(
      '（3）',
      '租赁住房专项资金',
      _,
      _,
      wan('17750'),
      _,
      wan('17750'),
      wan('10010.85'),
      surplus,
      execRate,
      '后续批次房源筹集未及时备案，资金拨付滞后',
    ),
    // 2
    data(
      count('2'),
      '房产处遗、私改遗项目',
      _,
      wan('274.09'),
      wan('57.48'),
      _,
      available,
      fx('50+37.51'),
      wan('244.05'),
      execRate,
    ),
    // 3
    data(
      count('3'),
      '档案整理专项',
      wan('98'),
      _,
      _,
      _,
      wan('98'),
      wan('93.10'),
      wan('4.90'),
      rate('0.95'),
      '质保期满一年后支付',
    ),
    // 4
    data(
      count('4'),
      '既有多层住宅增设电梯项目',
      _,
      _,
      wan('1000'),
      _,
      wan('1000'),
      wan('80'),
      wan('920'),
      rate('0.08'),
      '未到资金使用期限，大量项目未完成竣工验收',
    ),
    // 5
    data(
      count('5'),
      '供排水项目经费',
      wan('340.74'),
      wan('40'),
      wan('20'),
      wan('232.76'),
      available,
      wan('147.1'),
      surplus,
      execRate,
    ),
    data(
      '（1）',
      '乡镇污水处理厂运行经费',
      wan('340.74'),
      wan('40'),
      _,
      wan('232.76'),
      _,
      _,
      _,
      _,
      '区财政调减指标232.76万元到沙坪、捞刀河街道',
    ),
    data('（2）', '涝湖片区、金霞片区雨污改造专项规划调整及编制项目服务费', _, _, _, _, _, wan('15.12')),
    data('（3）', '黑臭水体整治项目设计费', _, _, _, _, _, wan('72.96')),
    data('（4）', '大明污水处理站设备维修改造采购项目第三批5％采购尾款', _, _, _, _, _, wan('4.83')),
    data('（5）', '大明污水处理站西侧调节池清淤及附属设施工程款', _, _, _, _, _, wan('14.19')),
    // 6
    data(
      count('6'),
      '棚改征收购房奖励项目',
      wan('137'),
      _,
      _,
      _,
      wan('137'),
      wan('107'),
      wan('30'),
      rate('0.781'),
      '东风路街道要求暂缓发放已审批的10户征收户',
    ),
    // 7
    data(
      count('7'),
      '开福区规划设计项目',
      wan('209.88'),
      _,
      _,
      _,
      wan('209.88'),
      wan('209.88'),
      wan('0'),
      rate('1'),
    ),
    // 8
    data(
      count('8'),
      '施工图审查服务费',
      wan('200'),
      wan('11.07'),
      _,
      _,
      available,
      wan('161.27'),
      wan('49.8'),
      execRate,
      '年底关账前才收到审图机构发票资料，来不及走付款流程',
    ),
    // 9
    data(
      count('9'),
      '经济发展奖励资金',
      wan('46'),
      _,
      _,
      _,
      wan('46'),
      wan('44'),
      wan('2'),
      rate('0.96', '0%'),
      '1家企业自愿放弃奖励资金申领',
    ),
    // 10
    data(
      count('10'),
      '危房改造项目',
      _,
      wan('68.59'),
      fx('188+19.71'),
      _,
      available,
      wan('96'),
      wan('180.3'),
      execRate,
      '年底关账时才收到资金，来不及付款',
    ),
    // 11
    data(
      count('11'),
      '物业专职社工经费',
      wan('295'),
      _,
      wan('319.50'),
      wan('295'),
      available,
      wan('0'),
      surplus,
      execRate,
      '年初预算全部调减分配到街道；年底关账时收到市级2019年1月至2020年4月经费，未能及时拨付',
    ),
    // 12
    data(
      count('12'),
      '疫情防控补助资金',
      _,
      _,
      wan('448'),
      _,
      wan('448'),
      wan('408.35'),
      wan('39.65'),
      rate('0.9115'),
      '需逐户上门收集困难群体银行卡信息，部分保障对象长期无法联系',
    ),
    // 13
    data(
      count('13'),
      '凯乐微谷项目装配式建筑财政补贴资金',
      _,
      _,
      fx(`${KAILE}B${KAILE_TOTAL_ROW}/10000`),
      _,
      fx('E{r}'),
      fx(`${KAILE}C${KAILE_TOTAL_ROW}/10000`),
      fx(`${KAILE}D${KAILE_TOTAL_ROW}/10000`),
      execRate,
      '市级资金结余3元',
    ),
    total(
      _,
      '合计',
      wan('2135.74'),
      _,
      _,
      _,
      wan('23765.94'),
      wan('13699.5'),
      wan('10066.44'),
      rate('0.5764'),
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 凯乐微谷补贴 — 二、(2) 1) 13, in 元 as the report states it: 市级 4667130, 区级 4667127, 区级全部拨付, 市级结余3元.
const kaile: SheetData = {
  name: '凯乐微谷补贴',
  widths: [14, 16, 16, 12],
  merges: ['A1:D1'],
  rows: [
    title('凯乐微谷项目装配式建筑财政补贴资金'),
    { style: 'unit', cells: ['单位：元'] },
    header('项目', '本年下达', '实际支出', '结余'),
    data('市级资金', yuan('4667130'), fx('B{r}-D{r}'), yuan('3')),
    data('区级资金', yuan('4667127'), yuan('4667127'), yuan('0')),
    total('合计', fx('SUM(B{r-2}:B{r-1})'), fx('SUM(C{r-2}:C{r-1})'), fx('SUM(D{r-2}:D{r-1})')),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 业务工作经费 — 二、(2) 2). Two tables, one below the other: (a) the summary row as the report states it
// (180.03 ÷ 182.42 = 98.69%, the report says 98.88%; 182.42 − 180.03 = 2.39, the report says 2.38), (b) the 13 items
// (they add to 180.03). 年中新增 marks the items the report names as added during the year.
const BUSINESS_ITEMS: [string, string, string?][] = [
  ['建设项目管理工作经费', '95'],
  ['退休管理费专项', '14.25'],
  ['住房保障专项', '9.5'],
  ['住房保障档案整理及数字化管理', '12'],
  ['全区职工住房补贴申报审核专项', '11.4'],
  ['派驻组纪检工作经费', '10', '年中新增'],
  ['残疾人就业保障金', '7.03'],
  ['项目建设先进集体奖励', '3', '年中新增'],
  ['污染防治先进集体奖励', '3', '年中新增'],
  ['蓝天保卫战月度考核资金', '3'],
  ['春节慰问费', '5', '年中新增'],
  ['民兵整组工作经费', '2.5'],
  ['以前年度结余', '4.35'],
];

const business: SheetData = {
  name: '业务工作经费',
  widths: [14, 30, 12, 12, 12, 12, 44],
  merges: ['A1:G1', 'A6:D6'],
  wrapColumns: ['G'],
  rows: [
    title('2020年业务工作经费执行情况'),
    { style: 'unit', cells: ['单位：万元'] },
    header('项目', '年初预算', '下达指标', '使用', '结余', '资金执行率', '说明'),
    data(
      '业务工作经费',
      wan('142.15'),
      wan('182.42'),
      wan('180.03'),
      wan('2.38'),
      rate('0.9888'),
      '比年初预算多是因为年中新增纪检组工作经费、先进集体奖、春节慰问费等',
    ),
    blank,
    { style: 'subtitle', cells: ['业务工作经费明细（单位：万元）'] },
    header('序号', '项目名称', '支出金额', '备注'),
    ...BUSINESS_ITEMS.map(([name, amount, note], i) =>
      data(count(String(i + 1)), name, wan(amount), note ?? _),
    ),
    total('合计', _, wan('180.03')),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 规划设计 — 二、(2) 1) 7, the report's own table: unit in the header cell, 合计 in the 序号 column.
const planning: SheetData = {
  name: '规划设计',
  widths: [8, 46, 18, 40],
  merges: ['A1:D1'],
  wrapColumns: ['B', 'D'],
  rows: [
    title('开福区规划设计项目资金使用明细'),
    header('序号', '项目名称', '支出金额（万元）', '备注'),
    data(count('1'), '长沙市金霞副中心规划编制第三阶段服务设计费', wan('79.10')),
    data(count('2'), '开福区桃花溪流域概念规划前期咨询服务费', wan('29.50')),
    data(
      count('3'),
      '桃花溪流域总体概念规划设计费',
      wan('101.28'),
      '该项目总额168.8万元，分两笔支付，已结清',
    ),
    total('合计', _, wan('209.88')),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 租赁住房 — 二、(2) 1) 1. Two tables side by side (a blank column D between them): the batches, and the split by
// type. The report says 39 projects; its batches give 6 + 14 + 11 + 7 = 38 and its types 10 + 16 + 12 = 38.
const rental: SheetData = {
  name: '租赁住房',
  widths: [12, 12, 12, 4, 14, 12],
  merges: ['A1:F1'],
  rows: [
    title('2020年中央财政支持住房租赁发展试点奖补项目申报情况'),
    header('批次', '项目个数', '套数', _, '项目', '项目个数'),
    data('第一批', count('6'), count('1991'), _, '新建项目', count('10')),
    data('第二批', count('14'), count('2187'), _, '改造项目', count('16')),
    data('第三批', count('11'), count('2241'), _, '盘活项目', count('12')),
    data('第四批', count('7'), count('664'), _, '合计', count('39')),
    total('合计', count('39'), count('7083')),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 项目预算执行 — 四、存在的主要问题, the three problems as a small ledger. The first row is the report's wider total
// (2277.89 / 27736.61 / 17619.64 / 10116.97 / 63.52%), named 项目支出 and not 合计 because the sheet holds none of
// its parts. 职工住房补贴: 年初申请1300, 实际未进行拨付 (0). 施工图审查: the 成本目标 200 against 150.2 actually paid
// from it, 75.1% with one decimal as the report writes it. 下达指标 is blank where the report gives none.
const execution: SheetData = {
  name: '项目预算执行',
  widths: [26, 12, 12, 12, 12, 12, 60],
  merges: ['A1:G1'],
  wrapColumns: ['G'],
  rows: [
    title('2020年项目支出预算执行存在的主要问题'),
    { style: 'unit', cells: ['单位：万元'] },
    header('项目', '年初预算', '下达指标', '使用', '结余', '资金使用率', '原因说明'),
    data(
      '项目支出',
      wan('2277.89'),
      wan('27736.61'),
      wan('17619.64'),
      wan('10116.97'),
      rate('0.6352'),
      '住房租赁市场发展项目市领导小组对后续批次房源筹集未及时备案，备案后才能拨付资金，结余8239.15万元',
    ),
    data(
      '职工住房补贴专项',
      wan('1300'),
      _,
      wan('0'),
      _,
      _,
      '补贴政策修改意见2020年5月才出台，补贴管理系统未升级，无法录入系统审批',
    ),
    data(
      '施工图审查服务费（成本目标）',
      wan('200'),
      _,
      wan('150.2'),
      wan('49.8'),
      rate('0.751', '0.0%'),
      '年底关账前才收到审图机构发票资料，来不及走付款流程',
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 自评得分 — 五. The report states the total 90.5 and the grade 优 over eight aspects without their weights or
// scores, so those cells are blank; the 分值 of the total is the 100-point scale the grade bands use.
const ASPECTS = [
  '预算决策',
  '预算执行',
  '预算监督',
  '项目决策',
  '资金使用',
  '财务管理',
  '项目组织管理',
  '项目绩效',
];

const score: SheetData = {
  name: '自评得分',
  widths: [8, 20, 10, 10],
  merges: ['A1:D1', 'A11:B11', 'A12:B12', 'C12:D12'],
  rows: [
    title('2020年度部门整体支出绩效自评得分'),
    header('序号', '评价内容', '分值', '得分'),
    ...ASPECTS.map((aspect, i) => data(count(String(i + 1)), aspect)),
    total('合计', _, count('100'), { kind: 'number', value: '90.5', fmt: '0.0' }),
    total('等次', _, '优'),
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// 电梯项目自评表 — an ILLUSTRATIVE 项目支出绩效自评表 (财预〔2020〕10号 form) for the elevator programme, whose funds the
// report gives (二、(2) 4: 1000 obtained, 80 used; 三、(二) 4: 200 elevators installed). The report states no
// indicators, targets or scores for it: those are examples, marked as such in the sheet's note row.
const pts = (value: string): CellData => ({ kind: 'number', value, fmt: '0.0' });
const elevatorForm: SheetData = {
  name: '电梯项目自评表',
  widths: [16, 12, 16, 22, 14, 14, 8, 8, 36],
  merges: [
    'A1:I1',
    'A2:I2',
    'B3:I3',
    'B4:D4',
    'F4:I4',
    'A5:A9',
    'A10:A11',
    'B10:D10',
    'E10:I10',
    'B11:D11',
    'E11:I11',
    'A12:A18',
    'B13:B16',
    'A19:F19',
    'B20:I20',
    'A21:I21',
  ],
  wrapColumns: ['B', 'E', 'I'],
  rows: [
    title('项目支出绩效自评表'),
    { style: 'subtitle', cells: ['（2020年度）'] },
    data('项目名称', '既有多层住宅增设电梯项目'),
    data('主管部门', '长沙市开福区住房和城乡建设局', _, _, '实施单位', '长沙市开福区住房和城乡建设局'),
    header('项目资金（万元）', _, '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'),
    data(_, '年度资金总额', _, wan('1000'), wan('80'), pts('10'), fxRate('E{r}/D{r}'), pts('0.8')),
    data(_, '其中：当年财政拨款', _, wan('1000'), wan('80'), '—', '—', '—'),
    data(_, '上年结转资金', _, _, _, '—', '—', '—'),
    data(_, '其他资金', _, _, _, '—', '—', '—'),
    data('年度总体目标', '预期目标', _, _, '实际完成情况'),
    data(
      _,
      '出台实施方案，完成既有住宅增设电梯安装200台，按每台10万元发放补助',
      _,
      _,
      '出台《开福区既有多层住宅增设电梯实施方案》，完成增设电梯安装200台；8个项目竣工验收并发放补助',
    ),
    header(
      '绩效指标',
      '一级指标',
      '二级指标',
      '三级指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因分析及改进措施',
    ),
    data(_, '产出指标', '数量指标', '增设电梯安装台数', '≥200台', '200台', pts('20'), pts('20')),
    data(_, _, '质量指标', '竣工验收合格率', '≥95%', '100%', pts('10'), pts('10')),
    data(
      _,
      _,
      '时效指标',
      '年内发放补助台数',
      '≥100台',
      '8台',
      pts('10'),
      pts('0.8'),
      '未到资金使用期限，大量项目未完成竣工验收',
    ),
    data(_, _, '成本指标', '每台补助标准', '≤10万元', '10万元', pts('10'), pts('10')),
    data(_, '效益指标', '社会效益指标', '老旧小区居民出行条件', '明显改善', '明显改善', pts('30'), pts('27')),
    data(_, '满意度指标', '服务对象满意度指标', '加装电梯居民满意度', '≥90%', '95%', pts('10'), pts('10')),
    total('总分', _, _, _, _, _, pts('100'), pts('78.6')),
    data('自评等次', '中'),
    {
      style: 'unit',
      cells: ['注：本表为示例：报告未载明该项目的绩效指标、指标值和得分，表中指标与得分仅用于演示自评计分。'],
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// The 决算 tables a department keeps beside its execution ledger (the published 部门决算 forms: 支出决算表 by 功能分类
// 科目, 基本支出决算表 by 经济分类, “三公”经费支出决算表), so that the figures the report quotes can be reconciled across
// tables (rule cross). The report publishes none of these tables: their totals are the report's own figures —
// 基本支出 3740.11, 人员经费 3547.87, 公用经费 192.23, “三公” 16 / 3.91 (公务接待 0, 公务用车 3.91), and 项目支出 13699.5,
// the 使用 of 二、(2) 1) — and their breakdown by 科目 is illustrative (noted on each sheet), chosen to add up exactly.
// Section 四 states 项目支出 使用 17619.64 (sheet 项目预算执行): the report's two totals disagree, which is what rule
// cross shows.
const DEPT = '开福区住房和城乡建设局';
const ILLUSTRATIVE = '注：本表合计数为报告所载数字；各科目的分项为示例数据，仅用于演示表间核对。';

const expenditure: SheetData = {
  name: '支出决算表',
  widths: [12, 34, 14, 14, 14],
  merges: ['A1:E1', 'A4:B4'],
  rows: [
    title(`${DEPT}2020年度支出决算表`),
    { style: 'unit', cells: [_, _, _, _, '单位：万元'] },
    header('科目编码', '科目名称', '本年支出合计', '基本支出', '项目支出'),
    total('合计', _, wan('17439.61'), wan('3740.11'), wan('13699.5')),
    data('208', '社会保障和就业支出', wan('410.25'), wan('410.25'), _),
    data('20805', '行政事业单位养老支出', wan('410.25'), wan('410.25'), _),
    data('210', '卫生健康支出', wan('120.36'), wan('120.36'), _),
    data('21011', '行政事业单位医疗', wan('120.36'), wan('120.36'), _),
    data('212', '城乡社区支出', wan('4748.91'), wan('2905.3'), wan('1843.61')),
    data('21201', '城乡社区管理事务', wan('4748.91'), wan('2905.3'), wan('1843.61')),
    data('221', '住房保障支出', wan('12160.09'), wan('304.2'), wan('11855.89')),
    data('22101', '保障性安居工程支出', wan('11331.85'), _, wan('11331.85')),
    data('22102', '住房改革支出', wan('828.24'), wan('304.2'), wan('524.04')),
    { style: 'unit', cells: [ILLUSTRATIVE] },
  ],
};

// Two halves side by side, as the national form prints it: 人员经费 (301, 303) on the left, 公用经费 (302, 310) on the
// right, each 合计 on the last row. 人员经费 3547.87 + 公用经费 192.23 = 3740.10: the report's 基本支出 is 3740.11.
const basicFinal: SheetData = {
  name: '基本支出决算表',
  widths: [10, 30, 12, 4, 10, 30, 12],
  merges: ['A1:G1'],
  rows: [
    title(`${DEPT}2020年度基本支出决算表`),
    { style: 'unit', cells: [_, _, _, _, _, _, '单位：万元'] },
    header('科目编码', '人员经费', '决算数', _, '科目编码', '公用经费', '决算数'),
    data('301', '工资福利支出', wan('3120.45'), _, '302', '商品和服务支出', wan('180.5')),
    data('30101', '基本工资', wan('820.36'), _, '30201', '办公费', wan('42.18')),
    data('30102', '津贴补贴', wan('1050.12'), _, '30207', '邮电费', wan('6.35')),
    data('30103', '奖金', wan('260'), _, '30211', '差旅费', wan('8.2')),
    data('30107', '绩效工资', wan('310.25'), _, '30213', '维修（护）费', wan('15.6')),
    data('30108', '机关事业单位基本养老保险缴费', wan('298.4'), _, '30217', '公务接待费', wan('0')),
    data('30110', '职工基本医疗保险缴费', wan('120.36'), _, '30228', '工会经费', wan('28.45')),
    data('30113', '住房公积金', wan('260.96'), _, '30231', '公务用车运行维护费', wan('3.91')),
    data('303', '对个人和家庭的补助', wan('427.42'), _, '30239', '其他交通费用', wan('45.8')),
    data('30302', '退休费', wan('380.12'), _, '30299', '其他商品和服务支出', wan('30.01')),
    data('30399', '其他对个人和家庭的补助', wan('47.3'), _, '310', '资本性支出', wan('11.73')),
    data(_, _, _, _, '31002', '办公设备购置', wan('11.73')),
    total('人员经费合计', _, wan('3547.87'), _, '公用经费合计', _, wan('192.23')),
    { style: 'unit', cells: [ILLUSTRATIVE] },
  ],
};

// Items as rows, 预算数 | 决算数 (as a 决算说明 prints it), 合计 on top and the car costs broken down under 其中. The
// report states 预算数 16 as a total only: its split (公务用车 13, 公务接待 3) is illustrative; the 决算数 are the report's.
const threePublicFinal: SheetData = {
  name: '三公经费支出决算表',
  widths: [30, 12, 12],
  merges: ['A1:C1'],
  rows: [
    title(`${DEPT}2020年度“三公”经费支出决算表`),
    { style: 'unit', cells: [_, _, '单位：万元'] },
    header('项目', '预算数', '决算数'),
    total('合计', wan('16'), wan('3.91')),
    data('1.因公出国（境）费', wan('0'), wan('0')),
    data('2.公务用车购置及运行维护费', wan('13'), wan('3.91')),
    data('其中：（1）公务用车购置费', wan('0'), wan('0')),
    data('（2）公务用车运行维护费', wan('13'), wan('3.91')),
    data('3.公务接待费', wan('3'), wan('0')),
    { style: 'unit', cells: ['注：预算数的分项为示例数据；合计与决算数为报告所载数字。'] },
  ],
};

export const SAMPLE_SHEETS: SheetData[] = [
  basic,
  threePublic,
  staffing,
  special,
  kaile,
  business,
  planning,
  rental,
  execution,
  score,
  elevatorForm,
  expenditure,
  basicFinal,
  threePublicFinal,
];

/** Workbook properties: fixed, so that a rebuild gives the same workbook. */
export const SAMPLE_PROPERTIES = {
  creator: '开福区住房和城乡建设局财务股',
  title: '2020年度部门整体支出绩效自评基础数据',
  created: new Date(Date.UTC(2021, 2, 15, 9, 0, 0)),
  modified: new Date(Date.UTC(2021, 2, 15, 9, 0, 0)),
};
