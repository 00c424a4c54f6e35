/**
 * Random consistent tables in the layouts of domain.md §1, drawn with fast-check (`fc.gen()`), each with every
 * identity the spec states among its figures. Amounts are exact decimals with two decimals, in 万元 or 元; rates
 * are fractions shown `0.00%`; no rate is below the 60% threshold and nothing is overspent, so that a consistent
 * table gives nothing above info.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { Grid, round, type Kind, type Table } from './model';

/** fast-check's `gen` value: draws from an arbitrary builder. */
export type Draw = <T, A extends unknown[]>(arb: (...args: A) => fc.Arbitrary<T>, ...args: A) => T;

export class R {
  constructor(private readonly g: Draw) {}
  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }
  bool(): boolean {
    return this.g(fc.boolean);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
  /** An amount with two decimals between `min` and `max` (in the table's unit). */
  amount(min: number, max: number): Decimal {
    return new Decimal(this.int(Math.round(min * 100), Math.round(max * 100))).div(100);
  }
}

const ZERO = new Decimal(0);
const sum = (xs: Decimal[]): Decimal => xs.reduce((a, b) => a.plus(b), ZERO);
const NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ITEMS = [
  '办公经费',
  '会议费',
  '培训费',
  '差旅费',
  '物业管理费',
  '信息化建设',
  '保障性住房维修',
  '城市管理执法',
  '档案数字化',
  '专项审计',
  '公租房运营',
  '人才引进补贴',
  '安全生产检查',
  '绿化养护',
];

/** Scale of amounts: 万元 tables up to a few thousand, 元 tables up to a few tens of millions. */
function scale(yuan: boolean): number {
  return yuan ? 10000 : 1;
}

/** Spent as a share (65%–100%) of available, rounded to two decimals. */
function spentOf(r: R, available: Decimal): Decimal {
  return round(available.times(r.int(65, 100)).div(100), 2);
}

function rateOf(spent: Decimal, available: Decimal): Decimal | null {
  return available.isZero() ? null : round(spent.div(available), 4);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Ledger: outline groups (一、 / （一）/ 1、) with totals in the group row or in a 小计 row, at two depths; 合计 on  */
/* top or at the bottom; 全年预算数 | 实际支出 (| 结余 | 执行率).                                                    */
/* ------------------------------------------------------------------------------------------------------------ */

interface Node {
  label: string;
  children: Node[];
  style: 'header' | 'subtotal';
  available: Decimal;
  spent: Decimal;
}

export function ledger(r: R): Table {
  const yuan = r.bool();
  const full = r.bool();
  const totalTop = r.bool();
  const k = scale(yuan);
  let n = 0;
  const item = (label: string): Node => {
    const available = r.amount(1 * k, 2000 * k);
    return { label, children: [], style: 'header', available, spent: spentOf(r, available) };
  };
  const groups: Node[] = [];
  const nTop = r.int(2, 3);
  for (let i = 0; i < nTop; i++) {
    const deep = r.bool();
    const children: Node[] = [];
    if (deep) {
      const nSub = r.int(2, 3);
      for (let j = 0; j < nSub; j++) {
        const items = Array.from({ length: r.int(2, 3) }, (_, m) =>
          item(`${m + 1}、${ITEMS[n++ % ITEMS.length]}`),
        );
        children.push({
          label: `（${NUM[j]}）${ITEMS[n++ % ITEMS.length]}类`,
          children: items,
          style: r.bool() ? 'header' : 'subtotal',
          available: sum(items.map((x) => x.available)),
          spent: sum(items.map((x) => x.spent)),
        });
      }
    } else {
      const items = Array.from({ length: r.int(2, 4) }, (_, m) =>
        item(`${m + 1}、${ITEMS[n++ % ITEMS.length]}`),
      );
      children.push(...items);
    }
    groups.push({
      label: `${NUM[i]}、${ITEMS[n++ % ITEMS.length]}项目`,
      children,
      style: 'header',
      available: sum(children.map((x) => x.available)),
      spent: sum(children.map((x) => x.spent)),
    });
  }
  const g = new Grid();
  g.text(0, 0, '部门预算执行情况表');
  g.text(1, full ? 4 : 2, yuan ? '单位：元' : '单位：万元');
  const heads = ['项目名称', '全年预算数', '实际支出', ...(full ? ['结余', '执行率'] : [])];
  heads.forEach((h, c) => g.text(2, c, h));
  let row = 3;
  const yuanFlag = yuan ? { yuan: true } : {};
  /** Writes one row of figures; returns the ids of its available and spent cells. */
  const line = (label: string, node: { available: Decimal; spent: Decimal }, kind: Kind | null): string[] => {
    g.text(row, 0, label);
    const derived = kind !== null;
    const a = g.figure(row, 1, node.available, { kind: kind ?? 'part', derived, ...yuanFlag });
    const s = g.figure(row, 2, node.spent, { kind: kind ?? 'part', derived, ...yuanFlag });
    const ids = [a, s];
    g.notAbove(s, a);
    if (full) {
      const sur = g.figure(row, 3, node.available.minus(node.spent), {
        kind: kind ?? 'surplus',
        derived: true,
        ...yuanFlag,
      });
      g.sum(sur, [a], [s]);
      const rate = rateOf(node.spent, node.available);
      const rt = g.figure(row, 4, rate, { kind: kind ?? 'rate', derived: true, rate: true });
      g.ratio(rt, [s], [a]);
      ids.push(sur);
    }
    row++;
    return ids;
  };
  const columnSums = (target: string[], parts: string[][]): void => {
    target.forEach((t, c) =>
      g.sum(
        t,
        parts.map((p) => p[c]),
      ),
    );
  };
  const emit = (node: Node): string[] => {
    if (node.children.length === 0) {
      const ids = line(node.label, node, null);
      // Now and then a partial breakdown: one 其中 line under the item (domain.md §1 "Partial 其中": it may not
      // exceed its row, and nothing more). It is never planted.
      if (r.int(0, 4) === 0) {
        const available = round(node.available.times(r.int(20, 80)).div(100), 2);
        const part = { available, spent: Decimal.min(spentOf(r, available), node.spent) };
        const before = new Set(g.figures.keys());
        const sub = line('其中：政府采购', part, null);
        for (const [id, f] of g.figures) if (!before.has(id)) g.figures.set(id, { ...f, plantable: false });
        g.notAbove(sub[0], ids[0]);
        g.notAbove(sub[1], ids[1]);
      }
      return ids;
    }
    if (node.style === 'header') {
      const ids = line(node.label, node, 'subtotal');
      const parts = node.children.map(emit);
      columnSums(ids, parts);
      return ids;
    }
    g.text(row++, 0, node.label);
    const parts = node.children.map(emit);
    const ids = line('小计', node, 'subtotal');
    columnSums(ids, parts);
    return ids;
  };
  const all = {
    available: sum(groups.map((x) => x.available)),
    spent: sum(groups.map((x) => x.spent)),
  };
  let totalIds: string[] = [];
  if (totalTop) totalIds = line('合计', all, 'total');
  const tops = groups.map(emit);
  if (!totalTop) totalIds = line('合计', all, 'total');
  columnSums(totalIds, tops);
  return g.table(
    'ledger',
    '执行情况',
    `ledger ${yuan ? '元' : '万元'} ${full ? '4 columns' : '2 columns'} 合计 ${totalTop ? 'top' : 'bottom'}`,
  );
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Execution ledger: 年初预算 | 上年结转 | 本年追加 | 调减 | 全年预算数 | 实际支出 | 结余 | 执行率, 合计 top or bottom.  */
/* ------------------------------------------------------------------------------------------------------------ */

export function execution(r: R): Table {
  const yuan = r.bool();
  const k = scale(yuan);
  const totalTop = r.bool();
  const n = r.int(3, 7);
  const rows = Array.from({ length: n }, (_, i) => {
    const initial = r.amount(10 * k, 3000 * k);
    const carry = r.bool() ? r.amount(1 * k, 500 * k) : null;
    const added = r.bool() ? r.amount(1 * k, 800 * k) : null;
    const reduced = r.int(0, 3) === 0 ? round(initial.times(r.int(1, 20)).div(100), 2) : null;
    const available = initial
      .plus(carry ?? ZERO)
      .plus(added ?? ZERO)
      .minus(reduced ?? ZERO);
    const spent = spentOf(r, available);
    return { name: ITEMS[i % ITEMS.length], initial, carry, added, reduced, available, spent };
  });
  const col = <K extends keyof (typeof rows)[number]>(key: K): (Decimal | null)[] =>
    rows.map((x) => x[key] as Decimal | null);
  const tot = (xs: (Decimal | null)[]): Decimal | null =>
    xs.every((x) => x === null) ? null : sum(xs.map((x) => x ?? ZERO));
  const g = new Grid();
  g.text(0, 0, '2023年度项目资金执行情况表');
  g.text(1, 8, yuan ? '单位：元' : '单位：万元');
  [
    '项目名称',
    '年初预算',
    '上年结转',
    '本年追加',
    '调减',
    '全年预算数',
    '实际支出',
    '结余',
    '执行率',
  ].forEach((h, c) => g.text(2, c, h));
  const yuanFlag = yuan ? { yuan: true } : {};
  const kinds: Kind[] = ['initial', 'carryOver', 'added', 'reduced', 'available', 'spent', 'surplus'];
  const lineIds: string[][] = [];
  let totalRow = -1;
  let row = 3;
  const write = (name: string, v: (Decimal | null)[], isTotal: boolean): string[] => {
    g.text(row, 0, name);
    const ids = v.map((x, c) =>
      g.figure(row, 1 + c, x, {
        kind: isTotal ? 'total' : kinds[c],
        derived: isTotal || c >= 4,
        ...yuanFlag,
      }),
    );
    const [ini, car, add, red, ava, spe, sur] = ids;
    const present = (i: number, id: string): string[] => (v[i] === null ? [] : [id]);
    g.sum(ava, [ini, ...present(1, car), ...present(2, add)], present(3, red));
    g.sum(sur, [ava], [spe]);
    g.notAbove(spe, ava);
    const available = v[4] as Decimal;
    const rt = g.figure(row, 8, rateOf(v[5] as Decimal, available), {
      kind: isTotal ? 'total' : 'rate',
      derived: true,
      rate: true,
    });
    g.ratio(rt, [spe], [ava]);
    if (isTotal) totalRow = row;
    row++;
    return ids;
  };
  const totals = [
    tot(col('initial')),
    tot(col('carry')),
    tot(col('added')),
    tot(col('reduced')),
    tot(col('available')),
    tot(col('spent')),
    tot(rows.map((x) => x.available.minus(x.spent))),
  ];
  let totalIds: string[] = [];
  if (totalTop) totalIds = write('合计', totals, true);
  for (const x of rows)
    lineIds.push(
      write(
        x.name,
        [x.initial, x.carry, x.added, x.reduced, x.available, x.spent, x.available.minus(x.spent)],
        false,
      ),
    );
  if (!totalTop) totalIds = write('合计', totals, true);
  totalIds.forEach((t, c) => {
    if (totals[c] === null) return;
    g.sum(
      t,
      lineIds.map((ids) => ids[c]),
    );
  });
  const t = g.table(
    'execution',
    '执行情况',
    `execution ${yuan ? '元' : '万元'} ${n} items 合计 ${totalTop ? 'top' : 'bottom'}`,
  );
  return { ...t, about: `${t.about} (合计 row ${totalRow + 1})` };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Function classification: 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出, 类 / 款 / 项, every code form.        */
/* ------------------------------------------------------------------------------------------------------------ */

export type CodeForm = 'split' | 'text' | 'number' | 'joined' | 'hyphen';
const CLASSES: [string, string][] = [
  ['201', '一般公共服务支出'],
  ['208', '社会保障和就业支出'],
  ['210', '卫生健康支出'],
  ['212', '城乡社区支出'],
  ['221', '住房保障支出'],
];
const ITEM_NAMES = ['行政运行', '一般行政管理事务', '机关服务', '事业运行', '其他支出'];

interface CodeNode {
  code: string;
  name: string;
  children: CodeNode[];
  basic: Decimal;
  project: Decimal;
}

export function functional(r: R): Table {
  const yuan = r.bool();
  const k = scale(yuan);
  const form = r.pick<CodeForm>(['split', 'text', 'number', 'joined', 'hyphen']);
  const totalTop = r.bool();
  const leaf = (code: string, name: string): CodeNode => {
    const basic = r.int(0, 4) === 0 ? ZERO : r.amount(1 * k, 1500 * k);
    const project = r.bool() ? ZERO : r.amount(1 * k, 900 * k);
    return {
      code,
      name,
      children: [],
      basic: basic.isZero() && project.isZero() ? r.amount(1 * k, 99 * k) : basic,
      project,
    };
  };
  const node = (code: string, name: string, children: CodeNode[]): CodeNode => ({
    code,
    name,
    children,
    basic: sum(children.map((c) => c.basic)),
    project: sum(children.map((c) => c.project)),
  });
  const classes: CodeNode[] = [];
  const picked = CLASSES.slice(0, r.int(2, 4));
  for (const [code, name] of picked) {
    if (r.int(0, 5) === 0) {
      classes.push(leaf(code, name));
      continue;
    }
    const kuan: CodeNode[] = [];
    for (let j = 1; j <= r.int(1, 3); j++) {
      const kc = `${code}${String(j).padStart(2, '0')}`;
      if (r.int(0, 5) === 0) {
        kuan.push(leaf(kc, `${name.slice(0, 2)}事务${j}`));
        continue;
      }
      const xiang = Array.from({ length: r.int(1, 3) }, (_, m) =>
        leaf(`${kc}${String(m === 2 ? 99 : m + 1).padStart(2, '0')}`, ITEM_NAMES[m === 2 ? 4 : m]),
      );
      kuan.push(node(kc, `${name.slice(0, 2)}事务${j}`, xiang));
    }
    classes.push(node(code, name, kuan));
  }
  const g = new Grid();
  const lead = form === 'split' ? 4 : form === 'joined' ? 1 : 2;
  g.text(0, 0, '一般公共预算财政拨款支出决算表');
  g.text(1, lead + 2, yuan ? '单位：元' : '单位：万元');
  const heads =
    form === 'split'
      ? ['类', '款', '项', '科目名称']
      : form === 'joined'
        ? ['科目编码及名称']
        : ['科目编码', '科目名称'];
  [...heads, '合计', '基本支出', '项目支出'].forEach((h, c) => g.text(2, c, h));
  const yuanFlag = yuan ? { yuan: true } : {};
  let row = 3;
  const writeCode = (code: string, name: string): void => {
    switch (form) {
      case 'split':
        g.text(row, 0, code.slice(0, 3), '@');
        g.text(row, 1, code.slice(3, 5) || null, '@');
        g.text(row, 2, code.slice(5, 7) || null, '@');
        g.text(row, 3, name);
        break;
      case 'text':
        g.text(row, 0, code, '@');
        g.text(row, 1, name);
        break;
      case 'number':
        g.number(row, 0, Number(code));
        g.text(row, 1, name);
        break;
      case 'joined':
        g.text(row, 0, `${code} ${name}`);
        break;
      case 'hyphen':
        g.text(row, 0, [code.slice(0, 3), code.slice(3, 5), code.slice(5, 7)].filter((s) => s).join('-'));
        g.text(row, 1, name);
        break;
    }
  };
  /** Writes a row; returns [合计, 基本, 项目] ids. A zero 项目支出 is left blank (as published tables leave it). */
  const write = (
    code: string | null,
    name: string,
    basic: Decimal,
    project: Decimal,
    kind: Kind | null,
  ): string[] => {
    if (code === null) g.text(row, lead - 1, name);
    else writeCode(code, name);
    const isParent = kind !== null;
    const t = g.figure(row, lead, basic.plus(project), {
      kind: kind ?? 'row-total',
      derived: true,
      ...yuanFlag,
    });
    const b = g.figure(row, lead + 1, basic.isZero() && !isParent ? null : basic, {
      kind: kind ?? 'part',
      derived: isParent,
      ...yuanFlag,
    });
    const p = g.figure(row, lead + 2, project.isZero() ? null : project, {
      kind: kind ?? 'part',
      derived: isParent,
      ...yuanFlag,
    });
    g.sum(t, [b, p]);
    row++;
    return [t, b, p];
  };
  const emit = (n: CodeNode): string[] => {
    if (n.children.length === 0) return write(n.code, n.name, n.basic, n.project, null);
    const ids = write(n.code, n.name, n.basic, n.project, 'code-parent');
    const parts = n.children.map(emit);
    ids.forEach((id, c) =>
      g.sum(
        id,
        parts.map((p) => p[c]),
      ),
    );
    return ids;
  };
  const all = { basic: sum(classes.map((c) => c.basic)), project: sum(classes.map((c) => c.project)) };
  let totalIds: string[] = [];
  if (totalTop) totalIds = write(null, '合计', all.basic, all.project, 'total');
  const tops = classes.map(emit);
  if (!totalTop) totalIds = write(null, '合计', all.basic, all.project, 'total');
  totalIds.forEach((id, c) =>
    g.sum(
      id,
      tops.map((p) => p[c]),
    ),
  );
  return g.table(
    'function-codes',
    '支出决算表',
    `function codes ${form} ${yuan ? '元' : '万元'} 合计 ${totalTop ? 'top' : 'bottom'}`,
  );
}

/* ------------------------------------------------------------------------------------------------------------ */
/* 三公 with year on year: 预算数 | 决算数 | 上年决算数 | 比上年增减额 | 增减率 (or 本年预算数 | 上年预算数 | …).       */
/* ------------------------------------------------------------------------------------------------------------ */

export function sangong(r: R): Table {
  const budgetOnly = r.bool();
  const yuan = r.int(0, 3) === 0;
  const k = scale(yuan);
  const amt = (zeroChance: number): Decimal =>
    r.int(0, zeroChance) === 0 ? ZERO : r.amount(0.5 * k, 60 * k);
  /** Last year's figure: within half to one and a half times this year's, or nothing. */
  const last = (x: Decimal): Decimal =>
    x.isZero() || r.int(0, 5) === 0
      ? r.bool()
        ? ZERO
        : r.amount(0.5 * k, 60 * k)
      : round(x.times(r.int(50, 150)).div(100), 2);
  // 决算数 is 65–100 % of 预算数 (no overspend, no low rate); 上年 is near this year.
  const budgetCol = budgetOnly ? null : [amt(2), amt(2), amt(5), amt(5)];
  const thisYear = budgetCol ? budgetCol.map((b) => spentOf(r, b)) : [amt(2), amt(2), amt(5), amt(5)];
  const items = {
    abroad: [thisYear[0], last(thisYear[0])],
    buy: [thisYear[1], last(thisYear[1])],
    run: [thisYear[2], last(thisYear[2])],
    host: [thisYear[3], last(thisYear[3])],
  };
  const g = new Grid();
  g.text(0, 0, budgetOnly ? '“三公”经费预算表' : '“三公”经费支出决算表');
  const heads = budgetOnly
    ? ['项目', '本年预算数', '上年预算数', '增减额', '增减率']
    : ['项目', '预算数', '决算数', '上年决算数', '比上年增减额', '增减率'];
  g.text(1, heads.length - 1, yuan ? '单位：元' : '单位：万元');
  heads.forEach((h, c) => g.text(2, c, h));
  const yuanFlag = yuan ? { yuan: true } : {};
  const labels = [
    '合计',
    '因公出国（境）费',
    '公务用车购置及运行维护费',
    '其中：公务用车购置费',
    '公务用车运行维护费',
    '公务接待费',
  ];
  const cur = [items.abroad[0], items.buy[0], items.run[0], items.host[0]];
  const prev = [items.abroad[1], items.buy[1], items.run[1], items.host[1]];
  const rowsCur = [sum(cur), cur[0], cur[1].plus(cur[2]), cur[1], cur[2], cur[3]];
  const rowsPrev = [sum(prev), prev[0], prev[1].plus(prev[2]), prev[1], prev[2], prev[3]];
  const budget = budgetCol
    ? [
        sum(budgetCol),
        budgetCol[0],
        budgetCol[1].plus(budgetCol[2]),
        budgetCol[1],
        budgetCol[2],
        budgetCol[3],
      ]
    : null;
  const colIds: string[][] = [];
  labels.forEach((label, i) => {
    const row = 3 + i;
    g.text(row, 0, label);
    const kind: Kind | null = i === 0 ? 'total' : i === 2 ? 'subtotal' : null;
    const derivedRow = kind !== null;
    const ids: string[] = [];
    let c = 1;
    if (budget)
      ids.push(g.figure(row, c++, budget[i], { kind: kind ?? 'part', derived: derivedRow, ...yuanFlag }));
    const cId = g.figure(row, c++, rowsCur[i], { kind: kind ?? 'part', derived: derivedRow, ...yuanFlag });
    if (budget) g.notAbove(cId, ids[0]);
    const pId = g.figure(row, c++, rowsPrev[i], { kind: kind ?? 'prev', derived: derivedRow, ...yuanFlag });
    const dId = g.figure(row, c++, rowsCur[i].minus(rowsPrev[i]), {
      kind: 'changeAmount',
      derived: true,
      signed: true,
      ...yuanFlag,
    });
    g.sum(dId, [cId], [pId]);
    const rt = rowsPrev[i].isZero() ? null : round(rowsCur[i].minus(rowsPrev[i]).div(rowsPrev[i]), 4);
    const rId = g.figure(row, c++, rt, { kind: 'change', derived: true, rate: true, signed: true });
    g.ratio(rId, [cId], [pId], [pId]);
    ids.push(cId, pId, dId);
    colIds.push(ids);
  });
  const width = colIds[0].length;
  for (let c = 0; c < width; c++) {
    g.sum(colIds[0][c], [colIds[1][c], colIds[2][c], colIds[5][c]]);
    g.sum(colIds[2][c], [colIds[3][c], colIds[4][c]]);
  }
  return g.table(
    'sangong',
    '三公经费',
    `三公 ${budgetOnly ? 'budget yoy' : '预算/决算 yoy'} ${yuan ? '元' : '万元'}`,
  );
}

/* ------------------------------------------------------------------------------------------------------------ */
/* 三公 as the national form prints it: ONE row of figures, the items as columns, each over 预算数 | 决算数:        */
/* 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 (小计 | 公务用车购置费 | 公务用车运行维护费) | 公务接待费     */
/* (p08 in test/fixtures/published), with or without a group header 财政拨款“三公”经费 above the items.          */
/* ------------------------------------------------------------------------------------------------------------ */

export function sangongWide(r: R): Table {
  const yuan = r.int(0, 3) === 0;
  const k = scale(yuan);
  const amt = (zeroChance: number): Decimal =>
    r.int(0, zeroChance) === 0 ? ZERO : r.amount(0.5 * k, 60 * k);
  const budget = [amt(2), amt(2), amt(5), amt(5)]; // 出国, 购置, 运行, 接待
  const spent = budget.map((b) => spentOf(r, b));
  const columns = (v: Decimal[]) => [sum(v), v[0], v[1].plus(v[2]), v[1], v[2], v[3]];
  const b = columns(budget);
  const s = columns(spent);
  const g = new Grid();
  const last = 11;
  g.merged(0, 0, 0, last, '财政拨款“三公”经费支出决算表');
  g.text(1, last, yuan ? '单位：元' : '单位：万元');
  const group = r.bool();
  const top = group ? 3 : 2;
  if (group) g.merged(2, 0, 2, last, '财政拨款“三公”经费');
  g.merged(top, 0, top + 1, 1, '合计');
  g.merged(top, 2, top + 1, 3, '因公出国（境）费');
  g.merged(top, 4, top, 9, '公务用车购置及运行维护费');
  g.merged(top + 1, 4, top + 1, 5, '小计');
  g.merged(top + 1, 6, top + 1, 7, '公务用车购置费');
  g.merged(top + 1, 8, top + 1, 9, '公务用车运行维护费');
  g.merged(top, 10, top + 1, 11, '公务接待费');
  const fields = top + 2;
  for (let c = 0; c <= last; c++) g.text(fields, c, c % 2 === 0 ? '预算数' : '决算数');
  const row = fields + 1;
  const yuanFlag = yuan ? { yuan: true } : {};
  const ids: [string, string][] = b.map((bv, i) => {
    const kind: Kind = i === 0 ? 'total' : i === 2 ? 'subtotal' : 'part';
    const derived = i === 0 || i === 2;
    const bId = g.figure(row, 2 * i, bv, { kind, derived, ...yuanFlag });
    const sId = g.figure(row, 2 * i + 1, s[i], { kind, derived, ...yuanFlag });
    g.notAbove(sId, bId);
    return [bId, sId];
  });
  for (const f of [0, 1]) {
    g.sum(ids[0][f], [ids[1][f], ids[2][f], ids[5][f]]);
    g.sum(ids[2][f], [ids[3][f], ids[4][f]]);
  }
  return g.table(
    'sangongWide',
    '三公经费支出决算表',
    `三公 one row ${group ? 'grouped ' : ''}${yuan ? '元' : '万元'}`,
  );
}

/* ------------------------------------------------------------------------------------------------------------ */
/* 经济分类: 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 (or one 决算数 column), 301 / 302 / 303 / 310 with their */
/* 款, 人员经费 = 301 + 303 and 公用经费 = 302 + 310 below.                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

const ECON: [string, string, [string, string][]][] = [
  [
    '301',
    '工资福利支出',
    [
      ['30101', '基本工资'],
      ['30102', '津贴补贴'],
      ['30103', '奖金'],
      ['30107', '绩效工资'],
      ['30108', '机关事业单位基本养老保险缴费'],
      ['30113', '住房公积金'],
    ],
  ],
  [
    '302',
    '商品和服务支出',
    [
      ['30201', '办公费'],
      ['30205', '水费'],
      ['30206', '电费'],
      ['30211', '差旅费'],
      ['30216', '培训费'],
      ['30228', '工会经费'],
      ['30299', '其他商品和服务支出'],
    ],
  ],
  [
    '303',
    '对个人和家庭的补助',
    [
      ['30302', '退休费'],
      ['30305', '生活补助'],
      ['30309', '奖励金'],
    ],
  ],
  [
    '310',
    '资本性支出',
    [
      ['31002', '办公设备购置'],
      ['31007', '信息网络及软件购置更新'],
    ],
  ],
];

export function economic(r: R): Table {
  const three = r.bool();
  const yuan = r.bool();
  const k = scale(yuan);
  const g = new Grid();
  g.text(0, 0, '一般公共预算基本支出表');
  g.text(1, three ? 4 : 2, yuan ? '单位：元' : '单位：万元');
  (three
    ? ['科目编码', '科目名称', '合计', '基本支出', '项目支出']
    : ['科目编码', '科目名称', '决算数']
  ).forEach((h, c) => g.text(2, c, h));
  const yuanFlag = yuan ? { yuan: true } : {};
  const classes = ECON.map(([code, name, kuan]) => ({
    code,
    name,
    kuan: kuan.slice(0, r.int(1, kuan.length)).map(([kc, kn]) => {
      const basic = r.amount(0.5 * k, 800 * k);
      const project = three && r.bool() ? r.amount(0.5 * k, 300 * k) : ZERO;
      return { code: kc, name: kn, basic, project };
    }),
  }));
  const width = three ? 3 : 1;
  let row = 3;
  const write = (
    code: string | null,
    name: string,
    basic: Decimal,
    project: Decimal,
    kind: Kind | null,
  ): string[] => {
    if (code !== null) g.text(row, 0, code, '@');
    g.text(row, 1, name);
    const derived = kind !== null;
    const ids: string[] = [];
    if (three) {
      const t = g.figure(row, 2, basic.plus(project), {
        kind: kind ?? 'row-total',
        derived: true,
        ...yuanFlag,
      });
      const b = g.figure(row, 3, basic, { kind: kind ?? 'part', derived, ...yuanFlag });
      const p = g.figure(row, 4, project.isZero() && !derived ? null : project, {
        kind: kind ?? 'part',
        derived,
        ...yuanFlag,
      });
      g.sum(t, [b, p]);
      ids.push(t, b, p);
    } else {
      ids.push(g.figure(row, 2, basic, { kind: kind ?? 'part', derived, ...yuanFlag }));
    }
    row++;
    return ids;
  };
  const classTotals = classes.map((c) => ({
    basic: sum(c.kuan.map((x) => x.basic)),
    project: sum(c.kuan.map((x) => x.project)),
  }));
  const all = {
    basic: sum(classTotals.map((c) => c.basic)),
    project: sum(classTotals.map((c) => c.project)),
  };
  const totalIds = write(null, '合计', all.basic, all.project, 'total');
  const classIds: string[][] = [];
  classes.forEach((c, i) => {
    const ids = write(c.code, c.name, classTotals[i].basic, classTotals[i].project, 'code-parent');
    const parts = c.kuan.map((x) => write(x.code, x.name, x.basic, x.project, null));
    for (let j = 0; j < width; j++)
      g.sum(
        ids[j],
        parts.map((p) => p[j]),
      );
    classIds.push(ids);
  });
  for (let j = 0; j < width; j++)
    g.sum(
      totalIds[j],
      classIds.map((p) => p[j]),
    );
  const staff = {
    basic: classTotals[0].basic.plus(classTotals[2].basic),
    project: classTotals[0].project.plus(classTotals[2].project),
  };
  const office = {
    basic: classTotals[1].basic.plus(classTotals[3].basic),
    project: classTotals[1].project.plus(classTotals[3].project),
  };
  const staffIds = write(null, '人员经费', staff.basic, staff.project, 'subtotal');
  const officeIds = write(null, '公用经费', office.basic, office.project, 'subtotal');
  for (let j = 0; j < width; j++) {
    g.sum(staffIds[j], [classIds[0][j], classIds[2][j]]);
    g.sum(officeIds[j], [classIds[1][j], classIds[3][j]]);
  }
  return g.table(
    'economic-codes',
    '基本支出',
    `经济分类 ${three ? '合计|基本|项目' : '决算数'} ${yuan ? '元' : '万元'}`,
  );
}

/* ------------------------------------------------------------------------------------------------------------ */
/* 自评表 funds block: national (年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金 × 年初预算数 | 全年预算数 |  */
/* 全年执行数 | 分值 | 执行率 | 得分) or Sichuan (总额 / 其中：财政资金 / 财政专户管理资金 / 单位资金 / 其他资金 ×       */
/* 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分).                                                 */
/* ------------------------------------------------------------------------------------------------------------ */

export function selfEvaluation(r: R): Table {
  const sichuan = r.bool();
  const parts = sichuan
    ? ['其中：财政资金', '财政专户管理资金', '单位资金', '其他资金']
    : ['其中：当年财政拨款', '上年结转资金', '其他资金'];
  const g = new Grid();
  g.text(0, 0, sichuan ? '部门预算项目支出绩效自评表(2023年度)' : '项目支出绩效自评表（2023年度）');
  g.text(1, 0, '项目名称');
  g.text(1, 1, '城市管理执法专项');
  const heads = sichuan
    ? ['年度预算数(万元)', '年初预算', '调整后预算数', '预算执行数', '预算执行率', '权重', '得分']
    : ['项目资金（万元）', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'];
  heads.forEach((h, c) => g.text(2, c, h));
  const vals = parts.map((_, i) => {
    const used = i === 0 || r.int(0, 2) === 0;
    if (!used) return null;
    const initial = r.amount(1, 400);
    const available = r.bool() ? initial : initial.plus(r.amount(1, 100));
    return { initial, available, spent: spentOf(r, available) };
  });
  const colTotals = (key: 'initial' | 'available' | 'spent'): Decimal =>
    sum(vals.map((v) => (v ? v[key] : ZERO)));
  const total = {
    initial: colTotals('initial'),
    available: colTotals('available'),
    spent: colTotals('spent'),
  };
  const points = new Decimal(sichuan ? 10 : r.pick([10, 20]));
  const write = (
    row: number,
    label: string,
    v: { initial: Decimal; available: Decimal; spent: Decimal } | null,
    isTotal: boolean,
  ): string[] => {
    g.text(row, 0, label);
    const kindOf = (k: Kind): Kind => (isTotal ? 'total' : k === 'available' ? 'available' : 'part');
    const ids = [
      g.figure(row, 1, v ? v.initial : null, { kind: kindOf('part'), derived: isTotal }),
      g.figure(row, 2, v ? v.available : null, { kind: kindOf('available'), derived: isTotal }),
      g.figure(row, 3, v ? v.spent : null, { kind: kindOf('part'), derived: isTotal }),
    ];
    g.notAbove(ids[2], ids[1]);
    const rateCol = sichuan ? 4 : 5;
    if (isTotal || (sichuan && v)) {
      const rt = g.figure(row, rateCol, v ? rateOf(v.spent, v.available) : null, {
        kind: 'rate',
        derived: true,
        rate: true,
      });
      g.ratio(rt, [ids[2]], [ids[1]]);
    }
    if (isTotal) {
      const pCol = sichuan ? 5 : 4;
      g.number(row, pCol, points.toNumber());
      const pId = g.id(row, pCol);
      g.figures.set(pId, { id: pId, value: points, dp: 0, kind: 'score', derived: false, plantable: false });
      const score = round(
        Decimal.min((v as { spent: Decimal }).spent.div((v as { available: Decimal }).available), 1).times(
          points,
        ),
        2,
      );
      const sId = g.figure(row, 6, score, { kind: 'score', derived: true, fmt: '0.00' });
      g.score(sId, ids[2], ids[1], pId);
    } else if (sichuan) {
      g.text(row, 5, '/');
      g.text(row, 6, '/');
    }
    return ids;
  };
  const totalIds = write(3, sichuan ? '总额' : '年度资金总额：', total, true);
  const partIds = parts.map((label, i) => write(4 + i, label, vals[i], false));
  for (let c = 0; c < 3; c++)
    g.sum(
      totalIds[c],
      partIds.map((p) => p[c]),
    );
  return g.table('self-evaluation', '自评表', `自评表 ${sichuan ? 'Sichuan' : 'national'} funds block`);
}

export const LAYOUTS = {
  ledger,
  execution,
  functional,
  sangong,
  economic,
  selfEvaluation,
  // Last, so that the layouts before it keep their seeds.
  sangongWide,
} as const;
export type LayoutName = keyof typeof LAYOUTS;
