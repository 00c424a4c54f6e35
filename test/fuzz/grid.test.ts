/**
 * Fuzzing the engine with grids as hosts can hand them: random sheets of random cells (numbers of every size, text
 * that reads as a number or as a header word, errors, booleans, formats, formulas), sparse rows with a cell far to
 * the right, offsets, merges (overlapping ones too: the Office.js host does not check), several sheets. `analyze`
 * must never throw (bad data is a finding, architecture.md) and must point every finding at a cell of its sheet.
 *
 * A fixed seed and a modest number of runs keep the suite quick and repeatable; a failure prints its seed and the
 * shrunk grid, which becomes a named regression test.
 */
import fc from 'fast-check';
import { analyze, toCheckJson } from '../../src/engine';
import { parseA1, type Cell, type Merge, type Row, type Sheet, type Workbook } from '../../src/engine/grid';
import { FIELD_WORDS } from '../../src/engine/vocabulary';

const SEED = 20_201_231;
const RUNS = 150;

const WORDS = [
  ...Object.values(FIELD_WORDS).flat(),
  '合计',
  '合  计',
  '小计',
  '总计',
  '其中：',
  '其中：财政拨款',
  '一、基本支出',
  '（一）人员经费',
  '1、办公费',
  '单位：万元',
  '单位：元',
  '金额单位：元',
  '编制数',
  '实有人数',
  '退休',
  '得分',
  '分值',
  '总分',
  '等次',
  '优',
  '良',
  '注：本表数据来源于决算',
  '2120101 行政运行',
  '212-01-01',
  '—',
  '/',
];

const numberText = fc.oneof(
  fc.constantFrom(
    '1,500,000.00',
    '１４５００００',
    '98.88%',
    '12.5万元',
    '¥100',
    '18分',
    '-0',
    '1e5',
    '0x1A',
    '',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => `${n}.${Math.abs(n % 100)}`),
);

const number = fc.oneof(
  fc.integer({ min: -1e6, max: 1e8 }),
  fc.integer({ min: 0, max: 1e8 }).map((n) => n / 100),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
  fc.constantFrom(0, -0, 0.1 + 0.2, 1e21, 5e-324, Number.MAX_SAFE_INTEGER),
);

const value: fc.Arbitrary<Cell['v']> = fc.oneof(
  { weight: 4, arbitrary: number },
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: numberText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const cell: fc.Arbitrary<Cell | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 8,
    arbitrary: fc.record(
      {
        v: value,
        fmt: fc.constantFrom(
          '0.00',
          '#,##0.00',
          '0.00%',
          '0%',
          '@',
          'General',
          'yyyy-mm-dd',
          '0.0"万元"',
          '[Red]0.00',
        ),
        f: fc.constantFrom('SUM(B2:B9)', 'B2-C2', 'C2/B2', '""'),
      },
      { requiredKeys: ['v'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('#DIV/0!', '#REF!', '#N/A', '#VALUE!').map((error) => ({ v: null, error })),
  },
);

/** A row, now and then with a cell far to the right (a sparse row, as the .xlsx reader gives one). */
const row: fc.Arbitrary<Row> = fc
  .tuple(
    fc.array(cell, { maxLength: 12 }),
    fc.option(fc.tuple(fc.integer({ min: 300, max: 16_383 }), cell), { freq: 8 }),
  )
  .map(([cells, far]) => {
    if (!far || far[1] === null) return cells;
    const out: Row = cells.slice();
    out[far[0]] = far[1];
    return out;
  });

const merge: fc.Arbitrary<Merge> = fc
  .tuple(fc.nat(40), fc.nat(14), fc.nat(6), fc.nat(5))
  .map(([top, left, h, w]) => ({ top, left, bottom: top + h, right: left + w }));

const HEADER_WORDS = Object.values(FIELD_WORDS).flat();

/** Rows laid out as a ledger (a header of field words, names and figures beneath), here and there disturbed. */
const ledgerRows: fc.Arbitrary<Row[]> = fc
  .tuple(
    fc.array(fc.constantFrom(...HEADER_WORDS), { minLength: 2, maxLength: 8 }),
    fc.array(
      fc.tuple(fc.constantFrom(...WORDS, '档案整理', '业务培训', '合计'), fc.array(number, { maxLength: 8 })),
      {
        maxLength: 25,
      },
    ),
    fc.array(fc.tuple(fc.nat(30), fc.nat(9), cell), { maxLength: 6 }),
    fc.array(row, { maxLength: 3 }),
  )
  .map(([header, body, noise, above]) => {
    const rows: Row[] = [...above, ['项目名称', ...header].map((v) => ({ v }))];
    for (const [name, figures] of body) rows.push([{ v: name }, ...figures.map((v) => ({ v, fmt: '0.00' }))]);
    for (const [r, c, x] of noise) {
      const target = rows[r % rows.length].slice();
      target[c] = x;
      rows[r % rows.length] = target;
    }
    return rows;
  });

const sheetOf = (name: string): fc.Arbitrary<Sheet> =>
  fc
    .record({
      rows: fc.oneof(ledgerRows, fc.array(row, { maxLength: 40 })),
      top: fc.oneof(fc.constant(0), fc.nat(5)),
      left: fc.oneof(fc.constant(0), fc.nat(5)),
      merges: fc.array(merge, { maxLength: 6 }),
    })
    .map(({ rows, top, left, merges }) => {
      const shifted = merges.map((m) => ({
        top: m.top + top,
        left: m.left + left,
        bottom: m.bottom + top,
        right: m.right + left,
      }));
      const sheet: Sheet = { name, rows, top, left };
      if (shifted.length) sheet.merges = shifted;
      return sheet;
    });

const workbook: fc.Arbitrary<Workbook> = fc
  .uniqueArray(fc.constantFrom('明细', '业务经费', '专项', 'Sheet1', '自评表', '决算表'), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((names) => fc.tuple(...names.map(sheetOf)))
  .map((sheets) => ({ name: 'fuzz.xlsx', sheets }));

/** Whether an A1 address lies on the part of the sheet its grid covers (its origin counts, for `mapping`). */
function onSheet(sheet: Sheet, address: string): boolean {
  const at = parseA1(address);
  if (!at) return false;
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  let width = 0;
  for (const r of sheet.rows) width = Math.max(width, r?.length ?? 0);
  if (at.row === top && at.col === left) return true;
  return at.row >= top && at.row < top + sheet.rows.length && at.col >= left && at.col < left + width;
}

describe('analyze on random grids', () => {
  test('never throws, and every finding is on a cell of its sheet', () => {
    let tables = 0;
    let findings = 0;
    fc.assert(
      fc.property(
        workbook,
        fc.constantFrom<'zh-CN' | 'en-US'>('zh-CN', 'en-US'),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom<'available' | 'initial'>('available', 'initial'),
        (wb, lang, threshold, rateBase) => {
          const analysis = analyze(wb, { lang, threshold, rateBase });
          tables += analysis.tables.length;
          findings += analysis.findings.length;
          for (const f of analysis.findings) {
            const sheet = wb.sheets.find((s) => s.name === f.sheet);
            expect(sheet).toBeDefined();
            expect({
              finding: `${f.rule} ${f.sheet}!${f.cell}`,
              on: onSheet(sheet as Sheet, f.cell),
            }).toEqual({
              finding: `${f.rule} ${f.sheet}!${f.cell}`,
              on: true,
            });
          }
          expect(() => JSON.stringify(toCheckJson(analysis))).not.toThrow();
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // The grids are worth their time: most runs find tables, and findings in them.
    expect(tables).toBeGreaterThan(RUNS);
    expect(findings).toBeGreaterThan(RUNS);
  });

  test('a sparse row reads as the same row padded with empty cells', () => {
    fc.assert(
      fc.property(workbook, (wb) => {
        const dense: Workbook = {
          ...wb,
          sheets: wb.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => Array.from(r, (c) => c ?? null)) })),
        };
        expect(toCheckJson(analyze(wb))).toEqual(toCheckJson(analyze(dense)));
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
  });
});
