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

/** The error code of a run that queues `act` and syncs (undefined when it succeeds). */
function attempt(
  sim: ExcelSimulator,
  act: (context: ExcelRequestContext) => unknown,
): Promise<string | undefined> {
  return codeOf(
    sim.run(async (context) => {
      act(context);
      await context.sync();
    }),
  );
}

/** A method's result (`ClientResult`), read after the sync that ran it. */
const resultOf = <T>(result: { value: T }): T => result.value;

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

describe('the simulator: what Excel refuses', () => {
  it('will not delete a very hidden sheet until it is made Hidden (office-js#365)', async () => {
    const sim = ExcelSimulator.fromWorkbook(
      {
        sheets: [
          { name: 'Sheet1', rows: [] },
          { name: 'Secret', rows: [] },
        ],
      },
      { visibility: { Secret: 'VeryHidden' } },
    );
    const code = await codeOf(
      sim.run(async (context) => {
        context.workbook.worksheets.getItem('Secret').delete();
        await context.sync();
      }),
    );
    expect(code).toBe('GeneralException');
    expect(sim.sheetNames()).toEqual(['Sheet1', 'Secret']);
    await sim.run(async (context) => {
      const secret = context.workbook.worksheets.getItem('Secret');
      secret.visibility = 'Hidden';
      secret.delete();
      await context.sync();
    });
    expect(sim.sheetNames()).toEqual(['Sheet1']);
  });

  it('fails every request while a cell is edited, until edit mode ends, unless the run delays for it', async () => {
    const sim = emptyBook();
    sim.enterCellEdit();
    const write = (options: { delayForCellEdit?: boolean }) =>
      sim.run(options, async (context) => {
        sheet1(context).getRange('A1').values = [['x']];
        await context.sync();
      });
    expect(await codeOf(write({}))).toBe('InvalidOperationInCellEditMode');
    expect(await codeOf(write({}))).toBe('InvalidOperationInCellEditMode');
    expect(sim.cell('Sheet1', 'A1').value).toBeNull();
    const delayed = write({ delayForCellEdit: true });
    await sim.whenWaitingForCellEdit();
    expect(sim.waitingForCellEdit).toBe(1);
    expect(sim.cell('Sheet1', 'A1').value).toBeNull();
    sim.exitCellEdit();
    await delayed;
    expect(sim.cell('Sheet1', 'A1').value).toBe('x');
    expect(await codeOf(write({}))).toBeUndefined();
  });

  it('keeps the sheets of a workbook whose structure is protected, and still lets cells change', async () => {
    const sim = ExcelSimulator.fromWorkbook({
      sheets: [
        { name: 'Sheet1', rows: [] },
        { name: 'Sheet2', rows: [] },
      ],
    });
    sim.setStructureProtected(true);
    const attempts: [string, (context: ExcelRequestContext) => void][] = [
      ['add', (c) => c.workbook.worksheets.add('New')],
      ['rename', (c) => (sheet1(c).name = 'Other')],
      ['hide', (c) => (sheet1(c).visibility = 'Hidden')],
    ];
    for (const [, act] of attempts) expect(await attempt(sim, act)).toBe('AccessDenied');
    await sim.run(async (context) => {
      const protection = context.workbook.protection;
      protection.load('protected');
      sheet1(context).getRange('A1').values = [[1]];
      await context.sync();
      expect(protection.protected).toBe(true);
    });
    expect(sim.cell('Sheet1', 'A1').value).toBe(1);
    expect(sim.sheetNames()).toEqual(['Sheet1', 'Sheet2']);
  });

  it('refuses sheet changes and activation with InactiveWorkbook while another workbook has the focus', async () => {
    const sim = emptyBook();
    sim.setFocus(false);
    for (const act of [
      (c: ExcelRequestContext) => c.workbook.worksheets.add('New'),
      (c: ExcelRequestContext) => sheet1(c).activate(),
      (c: ExcelRequestContext) => sheet1(c).freezePanes.freezeRows(1),
      (c: ExcelRequestContext) => sheet1(c).getRange('A1').select(),
    ]) {
      expect(await attempt(sim, act)).toBe('InactiveWorkbook');
    }
    await sim.run(async (context) => {
      sheet1(context).getRange('A1').values = [['still written']];
      await context.sync();
    });
    expect(sim.cell('Sheet1', 'A1').value).toBe('still written');
    sim.setFocus(true);
    await sim.run(async (context) => {
      context.workbook.worksheets.add('New');
      await context.sync();
    });
    expect(sim.sheetNames()).toEqual(['Sheet1', 'New']);
  });

  it.each(['mac', 'web'] as const)(
    'gives a deleted sheet’s id to the next new sheet on the Mac, never on the web (%s)',
    async (platform) => {
      const sim = ExcelSimulator.fromWorkbook(
        {
          sheets: [
            { name: 'Sheet1', rows: [] },
            { name: 'Old', rows: [] },
          ],
        },
        { platform },
      );
      const old = sim.sheetId('Old');
      await sim.run(async (context) => {
        context.workbook.worksheets.getItem('Old').delete();
        await context.sync();
        context.workbook.worksheets.add('New');
        await context.sync();
      });
      expect(sim.sheetId('New') === old).toBe(platform === 'mac');
    },
  );

  it('gives every sheet a new id when the workbook is reopened', () => {
    const sim = emptyBook();
    const before = sim.sheetId('Sheet1');
    sim.reopen();
    expect(sim.sheetId('Sheet1')).not.toBe(before);
  });
});

describe('the simulator: custom XML parts', () => {
  const NS = 'urn:example:1';
  it('adds, finds by namespace, reads, rewrites and deletes a part', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      const part = context.workbook.customXmlParts.add(`<a xmlns="${NS}"><b/></a>`);
      part.load('id');
      context.workbook.customXmlParts.add('<other xmlns="urn:other"/>');
      await context.sync();
      const found = context.workbook.customXmlParts.getByNamespace(NS);
      found.load('items/id');
      const count = found.getCount();
      expect(codeOfSync(() => resultOf(count))).toBe('PropertyNotLoaded');
      await context.sync();
      expect(resultOf(count)).toBe(1);
      expect(found.items.map((p) => p.id)).toEqual([part.id]);
      const xml = found.items[0].getXml();
      await context.sync();
      expect(resultOf(xml)).toBe(`<a xmlns="${NS}"><b/></a>`);
      found.items[0].setXml(`<a xmlns="${NS}"><c/></a>`);
      await context.sync();
    });
    expect(sim.customXmlParts().map((p) => [p.namespace, p.xml])).toEqual([
      [NS, `<a xmlns="${NS}"><c/></a>`],
      ['urn:other', '<other xmlns="urn:other"/>'],
    ]);
    await sim.run(async (context) => {
      const found = context.workbook.customXmlParts.getByNamespace(NS);
      found.load('items');
      await context.sync();
      found.items[0].delete();
      await context.sync();
    });
    expect(sim.customXmlParts().map((p) => p.namespace)).toEqual(['urn:other']);
  });

  it('refuses text that is not XML', async () => {
    const sim = emptyBook();
    const code = await codeOf(
      sim.run(async (context) => {
        context.workbook.customXmlParts.add('not xml');
        await context.sync();
      }),
    );
    expect(code).toBe('InvalidArgument');
  });
});

describe('the simulator: Excel’s undo stack', () => {
  async function write(sim: ExcelSimulator, address: string, value: string): Promise<void> {
    await sim.run(async (context) => {
      sheet1(context).getRange(address).values = [[value]];
      await context.sync();
    });
  }

  it('keeps one record per sync that changed something; Ctrl+Z takes the last back', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      sheet1(context).getRange('A1').values = [['one']];
      await context.sync();
      context.workbook.worksheets.add('Added').getRange('B2').values = [['two']];
      await context.sync();
      sheet1(context).getRange('A1').load('values');
      await context.sync(); // a read: no record
    });
    expect(sim.undoDepth()).toBe(2);
    expect(sim.userUndo()).toBe(true);
    expect(sim.sheetNames()).toEqual(['Sheet1']);
    expect(sim.cell('Sheet1', 'A1').value).toBe('one');
    expect(sim.userUndo()).toBe(true);
    expect(sim.cell('Sheet1', 'A1').value).toBeNull();
    expect(sim.userUndo()).toBe(false);
  });

  it('takes custom XML part changes back like any other change', async () => {
    const sim = emptyBook();
    await sim.run(async (context) => {
      context.workbook.customXmlParts.add('<a xmlns="urn:x"/>');
      await context.sync();
    });
    expect(sim.userUndo()).toBe(true);
    expect(sim.customXmlParts()).toEqual([]);
  });

  it('cannot undo past a deleted sheet, on any platform', async () => {
    const sim = ExcelSimulator.fromWorkbook({
      sheets: [
        { name: 'Sheet1', rows: [] },
        { name: 'Gone', rows: [] },
      ],
    });
    await write(sim, 'A1', 'before');
    await sim.run(async (context) => {
      sheet1(context).getRange('A2').values = [['same request, before the delete']];
      context.workbook.worksheets.getItem('Gone').delete();
      sheet1(context).getRange('A3').values = [['same request, after it']];
      await context.sync();
    });
    expect(sim.undoDepth()).toBe(1);
    sim.userUndo();
    expect(sim.cell('Sheet1', 'A3').value).toBeNull();
    expect(sim.cell('Sheet1', 'A2').value).toBe('same request, before the delete');
    expect(sim.userUndo()).toBe(false);
    expect(sim.sheetNames()).toEqual(['Sheet1']);
  });

  it.each(['web', 'windows'] as const)(
    'can undo a rename on the web, not on Windows or the Mac (%s)',
    async (platform) => {
      const sim = ExcelSimulator.fromWorkbook({ sheets: [{ name: 'Sheet1', rows: [] }] }, { platform });
      await write(sim, 'A1', 'x');
      await sim.run(async (context) => {
        sheet1(context).name = 'Renamed';
        await context.sync();
      });
      expect(sim.undoDepth()).toBe(platform === 'web' ? 2 : 0);
    },
  );

  it('clears the stack when a setting is written (reported, not documented)', async () => {
    const sim = emptyBook();
    await write(sim, 'A1', 'x');
    await sim.run(async (context) => {
      context.workbook.settings.add('k', 1);
      await context.sync();
    });
    expect(sim.undoDepth()).toBe(0);
  });

  it('merges a run into one record with mergeUndoGroup, and refuses an API without undo in it', async () => {
    const sim = emptyBook();
    await sim.run({ mergeUndoGroup: true }, async (context) => {
      sheet1(context).getRange('A1').values = [['a']];
      await context.sync();
      sheet1(context).getRange('A2').values = [['b']];
      await context.sync();
    });
    expect(sim.undoDepth()).toBe(1);
    sim.userUndo();
    expect([sim.cell('Sheet1', 'A1').value, sim.cell('Sheet1', 'A2').value]).toEqual([null, null]);
    const code = await codeOf(
      sim.run({ mergeUndoGroup: true }, async (context) => {
        context.workbook.worksheets.add('X');
        await context.sync();
        context.workbook.worksheets.getItem('X').delete();
        await context.sync();
      }),
    );
    expect(code).toBe('UndoNotSupported');
    expect(sim.sheetNames()).toEqual(['Sheet1', 'X']);
  });
});
