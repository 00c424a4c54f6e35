/**
 * The simulated Excel host is only useful if it is as strict as Excel: these tests pin down the rules the Office.js
 * host is tested against (load + sync before reading, queued writes, request limits, typed-input parsing).
 */
import type { ExcelRequestContext, ExcelWorksheet } from '../../../src/hosts/excel';
import { DESKTOP_LIMITS, ExcelSimulator, MB, SimOfficeError } from '../../support/excel-sim';

function emptyBook(): ExcelSimulator {
  return ExcelSimulator.fromWorkbook({ sheets: [{ name: 'Sheet1', rows: [] }] });
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return err instanceof SimOfficeError ? err.code : `not a RichApi.Error: ${String(err)}`;
  }
  return undefined;
}

function codeOfSync(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof SimOfficeError ? err.code : `not a RichApi.Error: ${String(err)}`;
  }
  return undefined;
}

const sheet1 = (context: ExcelRequestContext): ExcelWorksheet =>
  context.workbook.worksheets.getItem('Sheet1');

describe('the simulator: reading properties', () => {
  it('throws PropertyNotLoaded for a property never loaded', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange('A1');
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- read too early on purpose: the simulator must throw
      expect(codeOfSync(() => range.values)).toBe('PropertyNotLoaded');
      expect(codeOfSync(() => sheet1(context).name)).toBe('PropertyNotLoaded');
      expect(codeOfSync(() => context.workbook.worksheets.items)).toBe('PropertyNotLoaded');
    });
  });

  it('throws PropertyNotLoaded between load and sync, and returns the value after the sync', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange('A1:B1');
      range.values = [[1, 'x']];
      range.load('values');
      // eslint-disable-next-line office-addins/call-sync-before-read -- read too early on purpose: the simulator must throw
      expect(codeOfSync(() => range.values)).toBe('PropertyNotLoaded');
      await context.sync();
      expect(range.values).toEqual([[1, 'x']]);
      // Loading one property does not load another.
      // eslint-disable-next-line office-addins/load-object-before-read -- read too early on purpose: the simulator must throw
      expect(codeOfSync(() => range.formulas)).toBe('PropertyNotLoaded');
    });
  });

  it('does not let a written property be read back without a load', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange('A1');
      range.values = [['x']];
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- read too early on purpose: the simulator must throw
      expect(codeOfSync(() => range.values)).toBe('PropertyNotLoaded');
    });
  });

  it('keeps loaded values as a snapshot until loaded again', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange('A1');
      range.load('values');
      await context.sync();
      sheet1(context).getRange('A1').values = [[5]];
      await context.sync();
      expect(range.values).toEqual([['']]);
      range.load('values');
      await context.sync();
      expect(range.values).toEqual([[5]]);
    });
  });

  it('knows isNullObject only after a sync', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      const there = context.workbook.worksheets.getItemOrNullObject('sheet1');
      // eslint-disable-next-line office-addins/call-sync-before-read -- read too early on purpose: the simulator must throw
      expect(codeOfSync(() => missing.isNullObject)).toBe('PropertyNotLoaded');
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(there.isNullObject).toBe(false);
    });
  });

  it('refuses objects from a finished Excel.run', async () => {
    const sim = emptyBook();
    let kept: ExcelWorksheet | undefined;
    await sim.run(async (context) => {
      kept = sheet1(context);
      kept.load('name');
      await context.sync();
    });
    expect((kept as ExcelWorksheet).name).toBe('Sheet1'); // loaded values stay readable
    expect(codeOfSync(() => (kept as ExcelWorksheet).getRange('A1').load('values'))).toBe(
      'InvalidRequestContext',
    );
  });

  it('fails an operation on a sheet that does not exist at sync, with ItemNotFound', async () => {
    const sim = emptyBook();
    const code = await codeOf(
      sim.run(async (context) => {
        context.workbook.worksheets.getItem('Nope').getRange('A1').values = [[1]];
        await context.sync();
      }),
    );
    expect(code).toBe('ItemNotFound');
  });
});

describe('the simulator: requests', () => {
  it('counts syncs, including Excel.run’s own final sync of queued operations', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      await context.sync();
      await context.sync();
      sheet1(context).getRange('A1').values = [[1]];
    });
    const stats = sim.stats();
    expect(stats.syncs).toBe(3);
    expect(stats.requests.map((r) => r.kind)).toEqual(['explicit', 'explicit', 'implicit']);
    expect(stats.requests[2].bytes).toBeGreaterThan(0);
    expect(sim.cell('Sheet1', 'A1').value).toBe(1);
  });

  it('applies nothing of a request over 5 MB and fails it with RequestPayloadSizeLimitExceeded', async () => {
    const sim = emptyBook();
    const big = Array.from({ length: 6_000 }, (_, i) => [`${'数据'.repeat(150)}${i}`]); // ≈ 5.4 MB in UTF-8
    const code = await codeOf(
      sim.run(async (context) => {
        context.workbook.worksheets.add('Before');
        sheet1(context).getRange('B1').values = [['small']];
        sheet1(context).getRange('A1:A6000').values = big;
        await context.sync();
      }),
    );
    expect(code).toBe('RequestPayloadSizeLimitExceeded');
    expect(sim.sheetNames()).toEqual(['Sheet1']);
    expect(sim.cell('Sheet1', 'B1').value).toBeNull();
    expect(sim.usedRange('Sheet1')).toBeNull();
    const last = sim.stats().requests.at(-1);
    expect(last?.bytes).toBeGreaterThan(5 * MB);
    expect(last?.outcome).toBe('RequestPayloadSizeLimitExceeded');
  });

  it('keeps what ran before a failing operation (a request is not a transaction)', async () => {
    const sim = emptyBook();
    const code = await codeOf(
      sim.run(async (context) => {
        context.workbook.worksheets.add('A');
        context.workbook.worksheets.add('a'); // names compare without case
        context.workbook.worksheets.add('B');
        await context.sync();
      }),
    );
    expect(code).toBe('ItemAlreadyExists');
    expect(sim.sheetNames()).toEqual(['Sheet1', 'A']);
  });

  it('answers a read of more than 5 million cells with null (current Excel), or fails it (older builds)', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange('A1:F1000000');
      range.load('values, formulas');
      await context.sync();
      expect(range.values).toBeNull();
      expect(range.formulas).toBeNull();
    });
    const old = ExcelSimulator.fromWorkbook(
      { sheets: [{ name: 'Sheet1', rows: [] }] },
      { limits: { overLimitRead: 'error' } },
    );
    const code = await codeOf(
      old.run(async (context) => {
        sheet1(context).getRange('A1:F1000000').load('values');
        await context.sync();
      }),
    );
    expect(code).toBe('RangeExceedsLimit');
  });

  it('fails a response over 5 MB on the web, not on the desktop', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => [{ v: `${'文'.repeat(1_000)}${i}` }]);
    const grid = { sheets: [{ name: 'Big', rows }] };
    const read = async (sim: ExcelSimulator): Promise<string | undefined> =>
      codeOf(
        sim.run(async (context) => {
          context.workbook.worksheets.getItem('Big').getUsedRange().load('values');
          await context.sync();
        }),
      );
    expect(await read(ExcelSimulator.fromWorkbook(grid))).toBe('ResponsePayloadSizeLimitExceeded');
    expect(await read(ExcelSimulator.fromWorkbook(grid, { limits: DESKTOP_LIMITS }))).toBeUndefined();
  });

  it('fails a chosen sync with an injected code, before applying it', async () => {
    const sim = emptyBook();
    sim.failSync(2, 'InvalidOperationInCellEditMode');
    const code = await codeOf(
      sim.run(async (context) => {
        context.workbook.worksheets.add('One');
        await context.sync();
        context.workbook.worksheets.add('Two');
        await context.sync();
      }),
    );
    expect(code).toBe('InvalidOperationInCellEditMode');
    expect(sim.sheetNames()).toEqual(['Sheet1', 'One']);
  });

  it('will not delete or hide the last visible sheet', async () => {
    const sim = emptyBook();
    expect(
      await codeOf(
        sim.run(async (context) => {
          sheet1(context).delete();
          await context.sync();
        }),
      ),
    ).toBe('InvalidOperation');
    expect(
      await codeOf(
        sim.run(async (context) => {
          sheet1(context).visibility = 'VeryHidden';
          await context.sync();
        }),
      ),
    ).toBe('InvalidOperation');
  });
});

describe('the simulator: typed input', () => {
  /** What Excel makes of each string written to `values` of a General cell. */
  const TYPED: [string, Partial<ReturnType<ExcelSimulator['cell']>>][] = [
    ['=HYPERLINK("http://x","y")', { formula: '=HYPERLINK("http://x","y")' }],
    ['+1', { value: 1, formula: undefined }],
    ['-2', { value: -2, formula: undefined }],
    ['+A1', { formula: '=+A1' }],
    ['-1+1', { formula: '=-1+1', value: 0 }],
    ['@SUM(A1)', { formula: '=SUM(A1)' }],
    // Full-width ＝ (U+FF1D) is not Excel's formula prefix: the entry stays text.
    ['＝1+1', { value: '＝1+1', formula: undefined }],
    ['\t=1+1', { value: '\t=1+1', formula: undefined }],
    ['12.5', { value: 12.5 }],
    ['1,234', { value: 1234, numberFormat: '#,##0' }],
    ['50%', { value: 0.5, numberFormat: '0%' }],
    ['(12)', { value: -12 }],
    ['TRUE', { value: true }],
    ['#N/A', { value: null, error: '#N/A' }],
    ['2020-01-01', { value: 43831, numberFormat: 'm/d/yyyy' }],
    ['1/2', { value: 45293, numberFormat: 'm/d/yyyy' }], // 2 January of the simulator's year (2024)
    ["'=x", { value: '=x', quotePrefix: true, formula: undefined }],
    ['-', { value: '-' }],
    ['项目', { value: '项目' }],
  ];

  it.each(TYPED)('parses %j as Excel parses typed input', async (input, expected) => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      sheet1(context).getRange('B2').values = [[input]];
      await context.sync();
    });
    // Absent keys as undefined, so that `formula: undefined` asserts "no formula".
    expect({ formula: undefined, error: undefined, ...sim.cell('Sheet1', 'B2') }).toMatchObject(expected);
  });

  it('rejects a malformed formula with InvalidArgument', async () => {
    const sim = emptyBook();
    const code = await codeOf(
      sim.run(async (context) => {
        sheet1(context).getRange('A1').values = [['=1+']];
        await context.sync();
      }),
    );
    expect(code).toBe('InvalidArgument');
  });

  it('keeps every string as text in a cell formatted @ before the write', async () => {
    const inputs = TYPED.map(([input]) => input).filter((s) => !s.startsWith("'"));
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange(`A1:A${inputs.length}`);
      range.numberFormat = inputs.map(() => ['@']);
      range.values = inputs.map((s) => [s]);
      await context.sync();
    });
    inputs.forEach((input, i) => {
      const cell = sim.cell('Sheet1', `A${i + 1}`);
      expect({ input, value: cell.value, formula: cell.formula, error: cell.error }).toEqual({
        input,
        value: input,
        formula: undefined,
        error: undefined,
      });
    });
  });

  it('still takes a leading apostrophe as the quote prefix in an @ cell', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange('A1:A2');
      range.numberFormat = [['@'], ['@']];
      range.values = [["'quoted"], ["''quoted"]];
      await context.sync();
    });
    expect(sim.cell('Sheet1', 'A1').value).toBe('quoted');
    expect(sim.cell('Sheet1', 'A2').value).toBe("'quoted");
  });

  it('parses the string when @ comes after the value', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const range = sheet1(context).getRange('A1');
      range.values = [['=1+1']];
      range.numberFormat = [['@']];
      await context.sync();
    });
    expect(sim.cell('Sheet1', 'A1')).toMatchObject({ formula: '=1+1', value: 2, numberFormat: '@' });
  });

  it('treats formulas written through `formulas` the same way, and computes what it can', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      sheet1(context).getRange('A1:D1').formulas = [
        [3, '=A1*2', '=IF(A1=0,"",B1/A1)', '=VLOOKUP(1,A1:B1,2)'],
      ];
      const read = sheet1(context).getRange('A1:D1');
      read.load('values, formulas');
      await context.sync();
      expect(read.values).toEqual([[3, 6, 2, '']]);
      expect(read.formulas).toEqual([[3, '=A1*2', '=IF(A1=0,"",B1/A1)', '=VLOOKUP(1,A1:B1,2)']]);
    });
    expect(sim.stats().uncomputed).toEqual(['Sheet1!D1']);
  });
});

describe('the simulator: addresses and state', () => {
  it('gives addresses as Office.js does, quoting sheet names that need it', async () => {
    const sim = ExcelSimulator.fromWorkbook({
      sheets: ['专项经费', 'My Sheet', "O'Brien", 'A1', 'Sheet1'].map((name) => ({ name, rows: [] })),
    });
    const addresses = await sim.run(async (context) => {
      const ranges = ['专项经费', 'My Sheet', "O'Brien", 'A1', 'Sheet1'].map((name) => {
        const range = context.workbook.worksheets.getItem(name).getRange('B2:C3');
        range.load('address');
        return range;
      });
      const one = context.workbook.worksheets.getItem('Sheet1').getRange('C4');
      one.load('address');
      await context.sync();
      return [...ranges.map((r) => r.address), one.address];
    });
    expect(addresses).toEqual([
      '专项经费!B2:C3',
      "'My Sheet'!B2:C3",
      "'O''Brien'!B2:C3",
      "'A1'!B2:C3",
      'Sheet1!B2:C3',
      'Sheet1!C4',
    ]);
  });

  it('keeps settings for the workbook across runs', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      context.workbook.settings.add('k', { a: [1, 2] });
      await context.sync();
    });
    const value = await sim.run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject('k');
      setting.load('value');
      await context.sync();
      return setting.value;
    });
    expect(value).toEqual({ a: [1, 2] });
    expect(sim.settings()).toEqual({ k: { a: [1, 2] } });
  });

  it('exports its sheets as grids', async () => {
    const sim = ExcelSimulator.fromWorkbook({
      sheets: [
        {
          name: 'S',
          rows: [
            [
              { v: 1, fmt: '0.00' },
              { v: null, f: 'A1/0', error: '#DIV/0!' },
            ],
          ],
        },
      ],
    });
    expect(sim.toWorkbook()).toEqual({
      sheets: [
        {
          name: 'S',
          top: 0,
          left: 0,
          rows: [
            [
              { v: 1, fmt: '0.00' },
              { v: null, f: 'A1/0', error: '#DIV/0!' },
            ],
          ],
        },
      ],
    });
  });
});
