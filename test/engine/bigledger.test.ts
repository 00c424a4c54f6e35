/**
 * Big ledgers laid out five ways other than scripts/gen-ledger.ts's (test/fixtures/bigledger/generate.ts), at
 * 2,000 item rows so that the suite stays fast: `check` must give exactly the planted errors, the rounding
 * differences as info, the low-rate warnings and the input notes the generator expects, nothing more. The
 * 100,000-row runs, with timings, are test/fixtures/bigledger/run.ts.
 */
import * as os from 'os';
import * as path from 'path';
import { mkdtemp, rm } from 'fs/promises';
import { analyze, toCheckJson } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx/read';
import { compareFindings, describeComparison, errorsOnly } from '../fixtures/bigledger/compare';
import type { FoundFinding } from '../fixtures/bigledger/compare';
import {
  chineseNumber,
  generateBigLedger,
  VARIANT_IDS,
  VARIANTS,
  type GeneratedLedger,
  type VariantId,
} from '../fixtures/bigledger/generate';

const ROWS = 2000;
const SEED = 1;

describe('big ledgers laid out other ways (2,000 rows)', () => {
  let tmp: string;
  const generated = new Map<VariantId, GeneratedLedger>();
  const found = new Map<VariantId, FoundFinding[]>();

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bigledger-'));
    for (const v of VARIANT_IDS) {
      const file = path.join(tmp, `${v}.xlsx`);
      generated.set(v, await generateBigLedger(v, ROWS, SEED, file));
      const workbook = await readWorkbookFile(file);
      found.set(v, toCheckJson(analyze(workbook)).findings);
    }
  }, 60_000);

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('plants what it says: one of each error per 10,000 rows (at least one), sums on the totals', () => {
    for (const v of VARIANT_IDS) {
      const g = generated.get(v) as GeneratedLedger;
      const rules = g.planted.map((p) => p.rule);
      expect(rules.filter((r) => r === 'surplus')).toHaveLength(1);
      expect(rules.filter((r) => r === 'rate')).toHaveLength(1);
      const available = VARIANTS[v].availablePlant;
      expect(rules.filter((r) => r === 'available')).toHaveLength(
        available === 'none' ? 0 : available === 'pair' ? 2 : 1,
      );
      expect(rules.filter((r) => r === 'sum').length).toBeGreaterThanOrEqual(1);
      expect(g.expected.filter((e) => e.rounding).length).toBeGreaterThanOrEqual(3);
    }
    // The low-rate variant has many, the others none.
    expect(
      (generated.get('v5-low-rates') as GeneratedLedger).expected.filter((e) => e.rule === 'low-rate').length,
    ).toBeGreaterThan(ROWS / 3);
    for (const v of VARIANT_IDS.filter((x) => x !== 'v5-low-rates'))
      expect((generated.get(v) as GeneratedLedger).expected.some((e) => e.rule === 'low-rate')).toBe(false);
  });

  it('is deterministic', async () => {
    const file = path.join(tmp, 'again.xlsx');
    const again = await generateBigLedger('v3-two-row', ROWS, SEED, file);
    expect(again).toEqual(generated.get('v3-two-row'));
  });

  it('numbers outline groups past 99', () => {
    expect([1, 10, 11, 20, 99, 100, 101, 110, 115, 200, 1000].map(chineseNumber)).toEqual([
      '一',
      '十',
      '十一',
      '二十',
      '九十九',
      '一百',
      '一百零一',
      '一百一十',
      '一百一十五',
      '二百',
      '一千',
    ]);
  });

  describe.each(VARIANT_IDS.map((v) => [v, VARIANTS[v].description]))('%s: %s', (variant) => {
    const v = variant as VariantId;

    it('gives exactly the planted errors', () => {
      const [expected, errors] = errorsOnly(
        (generated.get(v) as GeneratedLedger).expected,
        found.get(v) as FoundFinding[],
      );
      expect(describeComparison(compareFindings(expected, errors), 20)).toEqual([]);
    });

    it('gives exactly the expected findings (errors, rounding info, low-rate warnings, input notes)', () => {
      const c = compareFindings(
        (generated.get(v) as GeneratedLedger).expected,
        found.get(v) as FoundFinding[],
      );
      expect(describeComparison(c, 20)).toEqual([]);
    });
  });
});
