/**
 * The benchmark's ledger generator: checked independently of the engine, by recomputing every row with
 * decimal.js from what exceljs reads back. The only disagreements must be the planted ones.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import Decimal from 'decimal.js';
import {
  COL,
  generateLedger,
  LEDGER_FIRST_ITEM_ROW,
  LEDGER_HEADER,
  LEDGER_HEADER_ROW,
  LEDGER_SHEET,
  type PlantedError,
} from '../../scripts/gen-ledger';

const Dx = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const ROWS = 20_000; // one pair of each paired error, two rate errors
const SEED = 7;

let tmpDir: string;
let file: string;
let planted: PlantedError[];
let ws: ExcelJS.Worksheet;

beforeAll(async () => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-review-ledger-'));
  file = path.join(tmpDir, 'ledger.xlsx');
  ({ planted } = await generateLedger(file, ROWS, SEED));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(LEDGER_SHEET);
  if (!sheet) throw new Error('ledger sheet missing');
  ws = sheet;
}, 120_000);

afterAll(() => {
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

function dec(row: number, col: string): Decimal | undefined {
  const v = ws.getCell(`${col}${row}`).value;
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'number') throw new Error(`${col}${row} is not a number: ${String(v)}`);
  return new Dx(v);
}

const AMOUNT_COLS = [
  COL.initial,
  COL.carryOver,
  COL.added,
  COL.reduced,
  COL.available,
  COL.spent,
  COL.surplus,
];

describe('generateLedger', () => {
  test('layout: title, unit row, header, items, 合计', () => {
    expect(ws.getCell('A1').value).toBe('2020年专项经费明细表');
    expect(ws.getCell('K2').value).toBe('单位：万元');
    expect((ws.getRow(LEDGER_HEADER_ROW).values as unknown[]).slice(1)).toEqual([...LEDGER_HEADER]);
    expect(ws.getCell(`B${LEDGER_FIRST_ITEM_ROW + ROWS}`).value).toBe('合计');
    expect(ws.getCell(`C${LEDGER_FIRST_ITEM_ROW}`).numFmt).toBe('#,##0.00');
    expect(ws.getCell(`J${LEDGER_FIRST_ITEM_ROW}`).numFmt).toBe('0.00%');
    expect(ws.rowCount).toBe(LEDGER_FIRST_ITEM_ROW + ROWS);
  });

  test('plants one of each per 10,000 rows (pairs per 20,000) and one wrong 合计', () => {
    const count = (rule: string): number => planted.filter((p) => p.rule === rule).length;
    expect(count('surplus')).toBe(2);
    expect(count('available')).toBe(2);
    expect(count('rate')).toBe(2);
    expect(planted.filter((p) => p.rule === 'sum')).toEqual([
      { rule: 'sum', sheet: LEDGER_SHEET, cell: `${COL.surplus}${LEDGER_FIRST_ITEM_ROW + ROWS}` },
    ]);
    expect(new Set(planted.map((p) => p.cell)).size).toBe(planted.length);
  });

  test('every disagreement in the workbook is a planted one, far beyond rounding', () => {
    const found: string[] = [];
    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok) problems.push(what);
    };
    const totals = Object.fromEntries(AMOUNT_COLS.map((c) => [c, new Dx(0)])) as Record<string, Decimal>;
    const last = LEDGER_FIRST_ITEM_ROW + ROWS - 1;
    for (let r = LEDGER_FIRST_ITEM_ROW; r <= last; r++) {
      for (const c of AMOUNT_COLS) {
        const v = dec(r, c);
        if (v === undefined) continue;
        check(v.decimalPlaces() <= 2, `${c}${r} has more than 2 decimals`);
        check(v.gt(0) || (c === COL.surplus && v.isZero()), `${c}${r} is not positive`);
        totals[c] = totals[c].plus(v);
      }
      const initial = dec(r, COL.initial) as Decimal;
      const parts = initial
        .plus(dec(r, COL.carryOver) ?? 0)
        .plus(dec(r, COL.added) ?? 0)
        .minus(dec(r, COL.reduced) ?? 0);
      const available = dec(r, COL.available) as Decimal;
      const spent = dec(r, COL.spent) as Decimal;
      const surplus = dec(r, COL.surplus) as Decimal;
      const rate = dec(r, COL.rate) as Decimal;
      const trueRate = spent.div(available);
      // no low rate and no overspend, measured against either available figure
      for (const base of [available, parts]) {
        check(spent.lte(base), `row ${r} overspends`);
        check(spent.div(base).gte('0.6'), `row ${r} has a low rate`);
      }
      check(rate.decimalPlaces() <= 4 && rate.gte('0.6') && rate.lte(1), `${COL.rate}${r} out of range`);
      if (!parts.eq(available)) {
        check(parts.minus(available).abs().gte(100), `${COL.available}${r} is off by too little`);
        found.push(`available ${COL.available}${r}`);
      }
      if (!available.minus(spent).eq(surplus)) {
        check(
          available.minus(spent).minus(surplus).abs().gte(100),
          `${COL.surplus}${r} is off by too little`,
        );
        found.push(`surplus ${COL.surplus}${r}`);
      }
      if (!trueRate.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).eq(rate)) {
        check(trueRate.minus(rate).abs().gte('0.05'), `${COL.rate}${r} is off by too little`);
        found.push(`rate ${COL.rate}${r}`);
      }
    }
    expect(problems).toEqual([]);
    const t = last + 1;
    for (const c of AMOUNT_COLS) {
      if (!(dec(t, c) as Decimal).eq(totals[c])) found.push(`sum ${c}${t}`);
    }
    const tAvail = dec(t, COL.available) as Decimal;
    const tSpent = dec(t, COL.spent) as Decimal;
    expect(
      (dec(t, COL.initial) as Decimal)
        .plus(dec(t, COL.carryOver) as Decimal)
        .plus(dec(t, COL.added) as Decimal)
        .minus(dec(t, COL.reduced) as Decimal)
        .eq(tAvail),
    ).toBe(true);
    expect(
      tSpent
        .div(tAvail)
        .toDecimalPlaces(4, Decimal.ROUND_HALF_UP)
        .eq(dec(t, COL.rate) as Decimal),
    ).toBe(true);
    // The wrong 合计 结余 also disagrees with the 合计 row's own 全年预算数 − 实际支出, on the same cell.
    expect(tAvail.minus(tSpent).eq(dec(t, COL.surplus) as Decimal)).toBe(false);

    expect(found.sort()).toEqual(planted.map((p) => `${p.rule} ${p.cell}`).sort());
  });

  test('is deterministic for a seed and differs across seeds', async () => {
    const again = await generateLedger(path.join(tmpDir, 'again.xlsx'), 50, SEED);
    const same = await generateLedger(path.join(tmpDir, 'same.xlsx'), 50, SEED);
    const other = await generateLedger(path.join(tmpDir, 'other.xlsx'), 50, SEED + 1);
    expect(same.planted).toEqual(again.planted);
    expect(other.planted).not.toEqual(again.planted);
    const read = async (name: string): Promise<unknown[]> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(tmpDir, name));
      const rows: unknown[] = [];
      wb.getWorksheet(LEDGER_SHEET)?.eachRow((row) => rows.push(row.values));
      return rows;
    };
    expect(await read('same.xlsx')).toEqual(await read('again.xlsx'));
  });
});
