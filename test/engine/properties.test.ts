/**
 * Property tests of the identities the rules rely on.
 */
import fc from 'fast-check';
import { analyze } from '../../src/engine';
import { dec, roundHalfUp, showPercent, showWan, sum, yuanToWan } from '../../src/engine/money';
import { book, sheet, type Input } from '../support/grid';

/** An amount in cents as a decimal string, e.g. 123456 → "1234.56". */
const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => dec(c).div(100));

describe('money', () => {
  test('parts always sum to the total after 元 → 万元', () => {
    fc.assert(
      fc.property(fc.array(cents(10_000_000_00), { minLength: 1, maxLength: 30 }), (parts) => {
        const total = sum(parts);
        expect(sum(parts.map(yuanToWan)).eq(yuanToWan(total))).toBe(true);
      }),
    );
  });

  test('rounding twice changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 8 }), (n, scale) => {
        const x = dec(n).div(dec(10).pow(scale));
        const once = roundHalfUp(x, 2);
        expect(roundHalfUp(once, 2).eq(once)).toBe(true);
        expect(showWan(dec(showWan(x))) === showWan(x)).toBe(true);
      }),
    );
  });

  test('half-up, never banker’s rounding', () => {
    expect(showWan(dec('0.125'))).toBe('0.13');
    expect(showWan(dec('0.135'))).toBe('0.14');
    expect(showWan(dec('-0.125'))).toBe('-0.13');
    expect(showPercent(dec('0.576425'))).toBe('57.64%');
    expect(showPercent(dec('0.576450'))).toBe('57.65%');
  });
});

describe('engine', () => {
  test('a surplus row built from random decimals never raises a finding', () => {
    fc.assert(
      fc.property(
        cents(5_000_000),
        cents(1_000_000),
        cents(1_000_000),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (initial, carry, added, reducePct, spendPct) => {
          const gross = initial.plus(carry).plus(added);
          const reduced = roundHalfUp(gross.times(reducePct).div(200), 2);
          const available = gross.minus(reduced);
          const spent = roundHalfUp(available.times(spendPct).div(100), 2);
          const surplus = available.minus(spent);
          const rate = available.isZero()
            ? null
            : { v: roundHalfUp(spent.div(available), 4).toNumber(), fmt: '0.00%' };
          const row: Input[] = [
            '项目',
            initial.toNumber(),
            carry.toNumber(),
            added.toNumber(),
            reduced.toNumber(),
            available.toNumber(),
            spent.toNumber(),
            surplus.toNumber(),
            rate,
          ];
          const header = [
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
          const a = analyze(book(sheet('s', [header, row])), { threshold: 0 });
          expect(a.findings).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a 元 table whose total is the exact sum never raises a sum finding', () => {
    fc.assert(
      fc.property(fc.array(cents(100_000_000_00), { minLength: 2, maxLength: 12 }), (parts) => {
        const rows: Input[][] = parts.map((p, i) => [`项目${i + 1}`, p.toNumber()]);
        rows.push(['合计', sum(parts).toNumber()]);
        const a = analyze(book(sheet('s', [['单位：元'], ['项目', '实际支出'], ...rows])));
        expect(a.findings.filter((f) => f.rule === 'sum')).toEqual([]);
        expect(a.ledgers[0].totals.spent?.eq(yuanToWan(sum(parts)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
