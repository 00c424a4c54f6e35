/**
 * Fuzzing the .xlsx reader with crafted packages: a small valid workbook whose parts (workbook.xml, a worksheet, the
 * shared strings, the styles, the relationships) are replaced by random SpreadsheetML, mutated character by
 * character, cut short or left out, and whose zip bytes are mutated or cut. The reader must either return grids
 * (which `analyze` then reads without throwing) or reject with a `WorkbookReadError`: never another exception,
 * never a hang (every loop of the reader is bounded by its input; the suite finishing is the proof).
 *
 * A fixed seed and a modest number of runs keep the suite quick and repeatable.
 */
import fc from 'fast-check';
import { analyze } from '../../src/engine';
import { readWorkbookBuffer, WorkbookReadError } from '../../src/hosts/xlsx';
import { packageParts, zipParts, type Part } from '../fixtures/hostile/package';

const SEED = 20_210_331;
const RUNS = 120;

jest.setTimeout(120_000);

const BASE_ROWS =
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
  '<row r="2"><c r="A2" t="inlineStr"><is><t>档案整理</t></is></c><c r="B2" s="1"><v>98</v></c><c r="C2"><f>B2*0.95</f><v>93.1</v></c></row>' +
  '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="1"><v>98</v></c><c r="C3"><v>93.1</v></c></row>';

function base(): Part[] {
  return packageParts({
    sheets: [
      { name: '明细', rows: BASE_ROWS, after: '<mergeCells count="1"><mergeCell ref="A5:C5"/></mergeCells>' },
      { name: '说明', rows: '<row r="1"><c r="A1" t="s"><v>3</v></c></row>' },
    ],
    sharedStrings: ['项目名称', '年初预算', '实际支出', '合计'],
    numFmts: [{ id: 164, code: '#,##0.00' }],
    cellXfs: [164],
  });
}

const PART_NAMES = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/worksheets/sheet1.xml',
  'xl/worksheets/sheet2.xml',
  'xl/styles.xml',
  'xl/sharedStrings.xml',
];

/** Attribute values a hostile file might give: addresses past the grid, huge and negative numbers, junk. */
const attrValue = fc.oneof(
  fc.constantFrom(
    'A1',
    'XFD1048576',
    'XFE1',
    'A0',
    'A1048577',
    'ZZZZZZZZ9',
    '$B$2',
    'A1:C3',
    'C3:A1',
    'A1:XFD1048576',
  ),
  fc.constantFrom('s', 'str', 'inlineStr', 'b', 'e', 'd', 'n', 'x', ''),
  fc.constantFrom('0', '1', '-1', '4294967296', '1e9', '99999999999999999999', 'NaN', 'shared', 'array'),
  fc.string({ maxLength: 6 }),
);

const attrName = fc.constantFrom(
  'r',
  't',
  's',
  'ref',
  'si',
  'name',
  'sheetId',
  'r:id',
  'Id',
  'Type',
  'Target',
  'numFmtId',
  'formatCode',
  'count',
);

const TAGS = [
  'row',
  'c',
  'v',
  'f',
  'is',
  't',
  'r',
  'rPh',
  'si',
  'sst',
  'sheetData',
  'mergeCells',
  'mergeCell',
  'worksheet',
  'workbook',
  'sheets',
  'sheet',
  'workbookPr',
  'Relationships',
  'Relationship',
  'styleSheet',
  'numFmts',
  'numFmt',
  'cellXfs',
  'xf',
  'fonts',
  'font',
  'definedNames',
  'definedName',
  'x',
];

/** Random SpreadsheetML-ish XML: elements of the format's vocabulary, random attributes and text, sometimes broken. */
const xml: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('&amp;', '&lt;', '_x001B_', '&#0;', '&bogus;', ']]>', '<![CDATA[x]]>', '<!-- c -->'),
    ),
    fc
      .tuple(
        fc.constantFrom(...TAGS),
        fc.array(fc.tuple(attrName, attrValue), { maxLength: 3 }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.boolean(),
      )
      .map(([tag, attrs, children, close]) => {
        const a = attrs.map(([k, v]) => ` ${k}="${v.replace(/["<&]/g, '')}"`).join('');
        return `<${tag}${a}>${(children as string[]).join('')}${close ? `</${tag}>` : ''}`;
      }),
  ),
})).node;

type Mutation =
  | { kind: 'replace'; part: string; body: string }
  | { kind: 'edit'; part: string; at: number[]; text: string }
  | { kind: 'cut'; part: string; at: number }
  | { kind: 'drop'; part: string }
  | { kind: 'bytes'; at: number[]; byte: number }
  | { kind: 'truncate'; at: number };

const partName = fc.constantFrom(...PART_NAMES);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), part: partName, body: xml }),
  fc.record({
    kind: fc.constant('edit' as const),
    part: partName,
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    text: fc.oneof(fc.string({ maxLength: 4 }), xml),
  }),
  fc.record({ kind: fc.constant('cut' as const), part: partName, at: fc.nat() }),
  fc.record({ kind: fc.constant('drop' as const), part: partName }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    byte: fc.nat(255),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Wraps random content in its part's root element, so that the parsers get past the root to the content. */
function wrap(part: string, body: string): string {
  const root = part.endsWith('.rels')
    ? 'Relationships'
    : part.includes('worksheets/')
      ? 'worksheet'
      : part.endsWith('workbook.xml')
        ? 'workbook'
        : part.endsWith('styles.xml')
          ? 'styleSheet'
          : part.endsWith('sharedStrings.xml')
            ? 'sst'
            : 'Types';
  return `<?xml version="1.0" encoding="UTF-8"?><${root}>${body}</${root}>`;
}

async function apply(mutations: Mutation[]): Promise<Buffer> {
  let parts = base();
  const text = (name: string): string | undefined =>
    parts.find((p) => p.name === name)?.data as string | undefined;
  const set = (name: string, data: string): void => {
    const p = parts.find((x) => x.name === name);
    if (p) p.data = data;
  };
  const byteMutations: Mutation[] = [];
  for (const m of mutations) {
    if (m.kind === 'replace') set(m.part, wrap(m.part, m.body));
    else if (m.kind === 'edit') {
      let t = text(m.part);
      if (t === undefined) continue;
      for (const at of m.at) {
        const i: number = at % (t.length + 1);
        t = t.slice(0, i) + m.text + t.slice(i + (at % 3));
      }
      set(m.part, t);
    } else if (m.kind === 'cut') {
      const t = text(m.part);
      if (t !== undefined) set(m.part, t.slice(0, m.at % (t.length + 1)));
    } else if (m.kind === 'drop') parts = parts.filter((p) => p.name !== m.part);
    else byteMutations.push(m);
  }
  let bytes = await zipParts(parts, { deflate: mutations.length % 2 === 0 });
  for (const m of byteMutations) {
    if (m.kind === 'bytes') {
      bytes = Buffer.from(bytes);
      for (const at of m.at) bytes[at % bytes.length] = m.byte;
    } else if (m.kind === 'truncate') {
      bytes = bytes.subarray(0, m.at % (bytes.length + 1));
    }
  }
  return bytes;
}

describe('the reader on crafted packages', () => {
  test('the unmutated package reads (the mutations start from a workbook that works)', async () => {
    const wb = await readWorkbookBuffer(await apply([]), 'base.xlsx');
    expect(wb.sheets.map((s) => s.name)).toEqual(['明细', '说明']);
    expect(analyze(wb).tables).toHaveLength(1);
  });

  test('returns grids or rejects with WorkbookReadError, never anything else', async () => {
    const outcomes = { read: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const bytes = await apply(mutations);
        let workbook;
        try {
          workbook = await readWorkbookBuffer(bytes, 'fuzz.xlsx');
        } catch (err) {
          if (!(err instanceof WorkbookReadError)) throw err;
          expect(err.message).not.toContain('\n');
          outcomes.refused++;
          return;
        }
        outcomes.read++;
        for (const sheet of workbook.sheets) expect(Array.isArray(sheet.rows)).toBe(true);
        analyze(workbook);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both ends are reached: some mutations leave a readable workbook, others are refused.
    expect(outcomes.read).toBeGreaterThan(RUNS / 20);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 20);
  });
});
