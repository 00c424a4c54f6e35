/**
 * Generates a large 专项经费明细 ledger for the benchmark, with a known set of planted errors.
 *
 * One sheet: a title row, a `单位：万元` row, the header
 *   序号 | 项目名称 | 年初预算 | 上年结转 | 本年追加 | 调减 | 全年预算数 | 实际支出 | 结余 | 执行率 | 结余原因
 * then N item rows and a 合计 row. Amounts are built from whole cents and computed with decimal.js; every row is
 * consistent (全年预算数 = 年初预算 + 上年结转 + 本年追加 − 调减, 结余 = 全年预算数 − 实际支出, 执行率 = 实际支出 ÷ 全年预算数
 * rounded half-up to 0.01%, between 62% and 100% so that no low-rate warning fires) except the planted cells:
 *
 * - 结余 (rule `surplus`): pairs of rows, one stating X more and one X less, X between 100.00 and 399.99, so that
 *   the 合计 still adds up and only the two rows are wrong.
 * - 全年预算数 (rule `available`): pairs of rows stating X more / X less than their parts give; their 实际支出, 结余
 *   and 执行率 are consistent with the stated (wrong) figure, so the identity is the only thing that fails. These
 *   rows always state 上年结转 or 本年追加, since with 年初预算 alone there is nothing to check.
 * - 执行率 (rule `rate`): 10 points off (down from 80% and above, up below that), so never below 60%.
 * - one 合计 cell (rule `sum`): the 合计 of 结余 stated between 100.00 and 999.99 too high. (The 合计 row's own
 *   结余 = 全年预算数 − 实际支出 identity disagrees on the same cell.)
 *
 * One of each per 10,000 rows (the pairs: one pair per 20,000 rows), at least one pair / one of each.
 * Deterministic: the same rows and seed give the same cells.
 */
import ExcelJS from 'exceljs';
import Decimal from 'decimal.js';

/** An exact decimal type of our own (decimal.js's global settings stay untouched). */
const Dx = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = Decimal;

export interface PlantedError {
  rule: string;
  sheet: string;
  cell: string;
}

export const LEDGER_SHEET = '专项经费明细';
export const LEDGER_HEADER = [
  '序号',
  '项目名称',
  '年初预算',
  '上年结转',
  '本年追加',
  '调减',
  '全年预算数',
  '实际支出',
  '结余',
  '执行率',
  '结余原因',
] as const;
/** 1-based row of the header; item rows follow it, then the 合计 row. */
export const LEDGER_HEADER_ROW = 3;
export const LEDGER_FIRST_ITEM_ROW = LEDGER_HEADER_ROW + 1;

/** Column letters of the amount and rate fields. */
export const COL = {
  initial: 'C',
  carryOver: 'D',
  added: 'E',
  reduced: 'F',
  available: 'G',
  spent: 'H',
  surplus: 'I',
  rate: 'J',
} as const;

const FIXED_DATE = new Date(Date.UTC(2021, 2, 15, 9, 0, 0));
const AMOUNT_FORMAT = '#,##0.00';
const RATE_FORMAT = '0.00%';

const STREETS = [
  '伍家岭街道',
  '新河街道',
  '通泰街街道',
  '望麓园街道',
  '湘雅路街道',
  '东风路街道',
  '清水塘街道',
  '大学城街道',
  '芙蓉北路街道',
  '四方坪街道',
  '秀峰街道',
  '月湖街道',
  '洪山街道',
  '浏阳河街道',
  '沙坪街道',
  '捞刀河街道',
];
const KINDS = [
  '老旧小区改造',
  '雨污分流改造',
  '既有住宅增设电梯补助',
  '公租房维修养护',
  '危旧房屋安全鉴定',
  '人防工程维护管理',
  '物业矛盾纠纷调处',
  '建筑工地扬尘治理',
  '排水管网普查',
  '黑臭水体整治',
  '城市雕塑管护',
  '棚改征收房源服务',
  '住房租赁补贴发放',
  '档案数字化整理',
  '施工图审查购买服务',
];
const REASONS = [
  '年底关账时才收到资金，来不及付款',
  '项目尚未完成竣工验收',
  '按合同约定质保期满后支付',
  '部分补助对象尚未完成审核',
  '项目分期实施，剩余资金结转下年使用',
];

/** A small fast PRNG (sfc32) with 32-bit integer output, seeded deterministically. */
class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 20; i++) this.next();
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [lo, hi], both inclusive (hi − lo < 2^32). */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }

  /** True with probability percent / 100. */
  chance(percent: number): boolean {
    return this.next() % 100 < percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.next() % items.length];
  }
}

/** An amount of whole cents as 万元. */
function cents(n: number): Dec {
  return new Dx(n).div(100);
}

interface ItemRow {
  initial: Dec;
  carryOver?: Dec;
  added?: Dec;
  reduced?: Dec;
  available: Dec;
  spent: Dec;
  surplus: Dec;
  rate: Dec;
}

type Plant = { kind: 'surplus'; delta: Dec } | { kind: 'available'; delta: Dec } | { kind: 'rate' };

/** Spent as a share of available: k / 10000 of it, rounded down to whole cents. */
function spentOf(available: Dec, k: number): Dec {
  return available.times(100).times(k).div(10000).floor().div(100);
}

function rateOf(spent: Dec, available: Dec): Dec {
  return spent.div(available).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
}

function makeRow(rnd: Random, plant: Plant | undefined): ItemRow {
  // Planted rows have 年初预算 ≥ 2000.00 and no 调减, so a delta of up to 399.99 keeps every figure positive.
  const initial = cents(plant ? rnd.int(200_000, 500_000) : rnd.int(2_000, 500_000));
  const carryOver = rnd.chance(40) ? cents(rnd.int(100, 50_000)) : undefined;
  let added = rnd.chance(30) ? cents(rnd.int(100, 100_000)) : undefined;
  const reduced =
    !plant && rnd.chance(15) ? initial.times(rnd.int(1, 50)).div(100).times(100).floor().div(100) : undefined;
  if (plant?.kind === 'available' && !carryOver && !added) added = cents(rnd.int(100, 100_000));
  let available = initial;
  if (carryOver) available = available.plus(carryOver);
  if (added) available = available.plus(added);
  if (reduced) available = available.minus(reduced);
  const stated = plant?.kind === 'available' ? available.plus(plant.delta) : available;
  // The share spent, in 1/10000. A 结余 plant needs room below the true 结余 (≤ 80% spent: 结余 ≥ 400.00). A 全年预算数
  // plant must stay between 60% and 100% measured against either figure: 65–80% of an overstated one, 85–100% of
  // an understated one (its parts give at most 400.00 more, on at least 2000.00).
  let k: number;
  if (plant?.kind === 'surplus') k = rnd.int(6_200, 8_000);
  else if (plant?.kind === 'available')
    k = plant.delta.gt(0) ? rnd.int(6_500, 8_000) : rnd.int(8_500, 10_000);
  else k = rnd.int(6_200, 10_000);
  const spent = spentOf(stated, k);
  let surplus = stated.minus(spent);
  let rate = rateOf(spent, stated);
  if (plant?.kind === 'surplus') surplus = surplus.plus(plant.delta);
  if (plant?.kind === 'rate') rate = rate.gte('0.8') ? rate.minus('0.1') : rate.plus('0.1');
  return { initial, carryOver, added, reduced, available: stated, spent, surplus, rate };
}

/** Picks distinct item indexes for the planted errors. */
function choosePlants(rnd: Random, rows: number): Map<number, Plant> {
  const pairs = Math.max(1, Math.floor(rows / 20_000));
  const rates = Math.max(1, Math.floor(rows / 10_000));
  const needed = pairs * 4 + rates;
  if (rows < needed + 1) throw new Error(`a ledger needs at least ${needed + 1} rows`);
  const plants = new Map<number, Plant>();
  const take = (plant: Plant): void => {
    for (;;) {
      const i = rnd.int(0, rows - 1);
      if (!plants.has(i)) {
        plants.set(i, plant);
        return;
      }
    }
  };
  for (let p = 0; p < pairs; p++) {
    const x = cents(rnd.int(10_000, 39_999));
    take({ kind: 'surplus', delta: x });
    take({ kind: 'surplus', delta: x.negated() });
    const y = cents(rnd.int(10_000, 39_999));
    take({ kind: 'available', delta: y });
    take({ kind: 'available', delta: y.negated() });
  }
  for (let r = 0; r < rates; r++) take({ kind: 'rate' });
  return plants;
}

const num = (d: Dec | undefined): number | null => (d === undefined ? null : d.toNumber());

/**
 * Writes a ledger of `rows` item rows to `path` (exceljs streaming writer) and returns where the planted
 * errors are. The same `rows` and `seed` always give the same workbook.
 */
export async function generateLedger(
  path: string,
  rows: number,
  seed: number,
): Promise<{ planted: PlantedError[] }> {
  if (!Number.isInteger(rows) || rows < 1) throw new Error('rows must be a positive integer');
  const rnd = new Random(seed);
  const plants = choosePlants(rnd, rows);
  const planted: PlantedError[] = [];

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: true,
  });
  wb.creator = 'budget-review bench';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet(LEDGER_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: LEDGER_HEADER_ROW }],
  });
  ws.columns = [
    { width: 8, style: { numFmt: '0' } },
    { width: 36 },
    ...Array.from({ length: 7 }, () => ({ width: 14, style: { numFmt: AMOUNT_FORMAT } })),
    { width: 10, style: { numFmt: RATE_FORMAT } },
    { width: 36 },
  ];

  const title = ws.addRow(['2020年专项经费明细表']);
  title.getCell(1).font = { bold: true, size: 14 };
  title.getCell(1).alignment = { horizontal: 'center' };
  ws.mergeCells('A1:K1');
  title.commit();
  const unit = ws.addRow([]);
  unit.getCell(11).value = '单位：万元';
  unit.getCell(11).alignment = { horizontal: 'right' };
  unit.commit();
  const header = ws.addRow([...LEDGER_HEADER]);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.commit();

  const zero = new Dx(0);
  const totals = {
    initial: zero,
    carryOver: zero,
    added: zero,
    reduced: zero,
    available: zero,
    spent: zero,
    surplus: zero,
  };
  for (let i = 0; i < rows; i++) {
    const plant = plants.get(i);
    const r = makeRow(rnd, plant);
    const excelRow = LEDGER_FIRST_ITEM_ROW + i;
    if (plant) {
      const col =
        plant.kind === 'surplus' ? COL.surplus : plant.kind === 'available' ? COL.available : COL.rate;
      planted.push({ rule: plant.kind, sheet: LEDGER_SHEET, cell: `${col}${excelRow}` });
    }
    const name = `${rnd.pick(STREETS)}${rnd.pick(KINDS)}（${i + 1}）`;
    const reason = r.rate.lt('0.9') ? rnd.pick(REASONS) : null;
    const row = ws.addRow([
      i + 1,
      name,
      num(r.initial),
      num(r.carryOver),
      num(r.added),
      num(r.reduced),
      num(r.available),
      num(r.spent),
      num(r.surplus),
      num(r.rate),
      reason,
    ]);
    row.commit();
    totals.initial = totals.initial.plus(r.initial);
    if (r.carryOver) totals.carryOver = totals.carryOver.plus(r.carryOver);
    if (r.added) totals.added = totals.added.plus(r.added);
    if (r.reduced) totals.reduced = totals.reduced.plus(r.reduced);
    totals.available = totals.available.plus(r.available);
    totals.spent = totals.spent.plus(r.spent);
    totals.surplus = totals.surplus.plus(r.surplus);
  }

  const totalRow = LEDGER_FIRST_ITEM_ROW + rows;
  const wrongTotal = totals.surplus.plus(cents(rnd.int(10_000, 99_999)));
  planted.push({ rule: 'sum', sheet: LEDGER_SHEET, cell: `${COL.surplus}${totalRow}` });
  const total = ws.addRow([
    null,
    '合计',
    num(totals.initial),
    num(totals.carryOver),
    num(totals.added),
    num(totals.reduced),
    num(totals.available),
    num(totals.spent),
    num(wrongTotal),
    num(rateOf(totals.spent, totals.available)),
    null,
  ]);
  total.eachCell((cell) => {
    cell.font = { bold: true };
  });
  total.commit();
  ws.commit();
  await wb.commit();
  planted.sort((a, b) => cellOrder(a.cell) - cellOrder(b.cell));
  return { planted };
}

/** Sort key: row, then column. */
function cellOrder(cell: string): number {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  return m ? Number(m[2]) * 100 + (m[1].charCodeAt(0) - 64) : 0;
}
