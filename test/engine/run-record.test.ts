import {
  FingerprintHasher,
  fingerprintCells,
  parseRunRecord,
  planSheetFingerprint,
  RUN_RECORD_NAMESPACE,
  serializeRunRecord,
  type RunRecord,
} from '../../src/engine/run-record';
import type { PlanSheet } from '../../src/engine/plan-types';

const record: RunRecord = {
  version: 1,
  created: '2026-12-05T08:00:00.000Z',
  sheets: [
    { role: 'summary', name: '执行汇总', id: '{ABC}', fingerprint: '0123456789abcdef' },
    { role: 'findings', name: `问题"清单'<&>\u0001`, fingerprint: 'ffffffffffffffff' },
  ],
};

describe('run record', () => {
  test('round-trips through its XML, names with quotes, markup and control characters included', () => {
    const xml = serializeRunRecord(record);
    expect(xml).toContain(`xmlns="${RUN_RECORD_NAMESPACE}"`);
    expect(parseRunRecord(xml)).toEqual(record);
  });

  test.each([
    ['not a string', 42],
    ['another namespace', '<run xmlns="urn:other" version="1"/>'],
    ['another version', `<run xmlns="${RUN_RECORD_NAMESPACE}" version="2"/>`],
    ['a DTD', `<!DOCTYPE run [<!ENTITY x "y">]><run xmlns="${RUN_RECORD_NAMESPACE}" version="1"/>`],
    [
      'an unknown role',
      `<run xmlns="${RUN_RECORD_NAMESPACE}" version="1"><sheet role="x" name="a" fingerprint="f"/></run>`,
    ],
    ['another element', `<run xmlns="${RUN_RECORD_NAMESPACE}" version="1"><other/></run>`],
    [
      'a bare ampersand',
      `<run xmlns="${RUN_RECORD_NAMESPACE}" version="1"><sheet role="summary" name="a&b" fingerprint="f"/></run>`,
    ],
    [
      'a sheet without fingerprint',
      `<run xmlns="${RUN_RECORD_NAMESPACE}" version="1"><sheet role="summary" name="a"/></run>`,
    ],
  ])('refuses %s', (_what, xml) => {
    expect(parseRunRecord(xml)).toBeNull();
  });

  test('an empty record is a record', () => {
    expect(parseRunRecord(`<run xmlns="${RUN_RECORD_NAMESPACE}" version="1" created=""/>`)).toEqual({
      version: 1,
      created: '',
      sheets: [],
    });
  });
});

describe('fingerprint', () => {
  const cells = (values: (string | number | null)[][]) =>
    values.flatMap((row, r) => row.map((value, c) => ({ row: r, col: c, value })));

  test('depends on every value and position, not on formula text or empty cells', () => {
    const base = fingerprintCells(cells([['a', 1, '=SUM(A1)']]));
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintCells(cells([['a', 1, "='x'!A1"]]))).toBe(base);
    expect(fingerprintCells(cells([['a', 1, '=SUM(A1)', '', null]]))).toBe(base);
    expect(fingerprintCells(cells([['a', 2, '=SUM(A1)']]))).not.toBe(base);
    expect(fingerprintCells(cells([['b', 1, '=SUM(A1)']]))).not.toBe(base);
    expect(fingerprintCells(cells([['a', 1, 'SUM(A1)']]))).not.toBe(base);
    expect(fingerprintCells(cells([[null, 'a', 1, '=SUM(A1)']]))).not.toBe(base);
    expect(fingerprintCells(cells([['a', '1', '=SUM(A1)']]))).not.toBe(base);
  });

  test('a plan sheet fingerprints as the cells a host writes read back', () => {
    const sheet: PlanSheet = {
      role: 'summary',
      name: '执行汇总',
      rows: [
        [
          { kind: 'text', text: '项目' },
          { kind: 'number', value: '3740.110' },
        ],
        [
          { kind: 'formula', formula: 'B1*2', cached: '7480.22', cachedType: 'number' },
          { kind: 'link', text: '', sheet: '专项经费', cell: 'H12' },
          null,
          { kind: 'text', text: '' },
        ],
      ],
      widths: [],
      merges: [],
      wrapColumns: [],
    };
    expect(planSheetFingerprint(sheet)).toBe(
      fingerprintCells(
        cells([
          ['项目', 3740.11],
          ['=B1*2', '专项经费!H12'],
        ]),
      ),
    );
  });
});

describe('fingerprint, fed a cell at a time', () => {
  test('is the same 64-bit value as before (the record written by either host stays readable by the other)', () => {
    expect(
      fingerprintCells([
        { row: 0, col: 0, value: '项目' },
        { row: 1, col: 2, value: 3740.11 },
      ]),
    ).toBe('25c377862e14a99a');
  });

  test('gives every prefix’s fingerprint and goes on after it', () => {
    const cells = [
      { row: 0, col: 0, value: 'a' },
      { row: 0, col: 1, value: 2 },
      { row: 3, col: 0, value: '=A1' },
    ];
    const hasher = new FingerprintHasher();
    cells.forEach((c, i) => {
      hasher.add(c.row, c.col, c.value);
      expect(hasher.digest()).toBe(fingerprintCells(cells.slice(0, i + 1)));
    });
    const copy = hasher.clone();
    copy.add(9, 9, 'x');
    expect(hasher.digest()).toBe(fingerprintCells(cells));
  });
});
