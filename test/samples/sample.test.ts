/**
 * The committed sample workbook never drifts from its data: a rebuild gives the same cells, formulas, number
 * formats and merges, and a few facts the rest of the project relies on hold.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { buildSample, expandRowTemplate, SAMPLE_PATH } from '../../samples/build-sample';
import { SAMPLE_PROPERTIES, SAMPLE_SHEETS } from '../../samples/kaifu-2020-data';
import { Dx, FormulaEvaluator } from '../../samples/formula';

interface CellSnapshot {
  value: unknown;
  formula?: string;
  numFmt?: string;
}

interface SheetSnapshot {
  name: string;
  merges: string[];
  cells: Record<string, CellSnapshot>;
}

/** Every non-empty cell of every sheet as exceljs reads it: value (a formula's cached result), formula, format. */
async function snapshot(file: string): Promise<SheetSnapshot[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => {
    const cells: Record<string, CellSnapshot> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const snap: CellSnapshot =
          cell.type === ExcelJS.ValueType.Formula
            ? { value: cell.result, formula: cell.formula }
            : { value: cell.value };
        if (cell.numFmt) snap.numFmt = cell.numFmt;
        cells[cell.address] = snap;
      });
    });
    return { name: ws.name, merges: [...(ws.model.merges ?? [])].sort(), cells };
  });
}

let tmpDir: string;
let rebuilt: string;
let committed: SheetSnapshot[];

beforeAll(async () => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-review-sample-'));
  rebuilt = path.join(tmpDir, 'kaifu-2020.xlsx');
  await buildSample(rebuilt);
  committed = await snapshot(SAMPLE_PATH);
});

afterAll(() => {
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

function sheet(name: string): SheetSnapshot {
  const s = committed.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

function value(sheetName: string, address: string): unknown {
  return sheet(sheetName).cells[address]?.value;
}

describe('samples/kaifu-2020.xlsx', () => {
  test('equals a fresh build of samples/kaifu-2020-data.ts, cell by cell (run `npm run sample` after editing)', async () => {
    expect(committed).toEqual(await snapshot(rebuilt));
  });

  test('a rebuild gives the same bytes (fixed dates and zip timestamps)', () => {
    expect(fs.readFileSync(rebuilt).equals(fs.readFileSync(SAMPLE_PATH))).toBe(true);
  });

  test('has the sheets of the data, in order', () => {
    expect(committed.map((s) => s.name)).toEqual([
      '基本支出',
      '三公经费',
      '人员编制',
      '专项经费',
      '凯乐微谷补贴',
      '业务工作经费',
      '规划设计',
      '租赁住房',
      '项目预算执行',
      '自评得分',
      '电梯项目自评表',
      '支出决算表',
      '基本支出决算表',
      '三公经费支出决算表',
    ]);
    expect(SAMPLE_SHEETS.map((s) => s.name)).toEqual(committed.map((s) => s.name));
  });

  test('fixed workbook dates', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE_PATH);
    expect(wb.created.toISOString()).toBe(SAMPLE_PROPERTIES.created.toISOString());
    expect(wb.modified.toISOString()).toBe(SAMPLE_PROPERTIES.modified.toISOString());
  });

  test('专项经费: two-row header and the report’s stated totals', () => {
    const s = sheet('专项经费');
    expect(s.merges).toEqual(expect.arrayContaining(['A1:K1', 'C3:E3', 'A3:A4', 'K3:K4']));
    expect(value('专项经费', 'C3')).toBe('资金来源');
    expect(['C4', 'D4', 'E4'].map((a) => value('专项经费', a))).toEqual(['年初预算', '上年结转', '本年争取']);
    expect(value('专项经费', 'K2')).toBe('单位：万元');
    expect(value('专项经费', 'B26')).toBe('合计');
    expect(value('专项经费', 'C26')).toBe(2135.74);
    expect(value('专项经费', 'G26')).toBe(23765.94);
    expect(value('专项经费', 'H26')).toBe(13699.5);
    expect(value('专项经费', 'I26')).toBe(10066.44);
    expect(s.cells.J26).toEqual({ value: 0.5764, numFmt: '0.00%' });
    // the 13 projects carry 序号 1–13
    const numbered = Object.entries(s.cells).filter(
      ([a, c]) => /^A\d+$/.test(a) && typeof c.value === 'number',
    );
    expect(numbered.map(([, c]) => c.value)).toEqual(Array.from({ length: 13 }, (_x, i) => i + 1));
  });

  test('专项经费: derived figures are formulas with exact cached values; stated ones are typed as stated', () => {
    const s = sheet('专项经费');
    expect(s.cells.G12).toEqual({ value: 167.98, formula: 'C12+D12+E12-F12', numFmt: '#,##0.00' });
    expect(s.cells.H9).toEqual({ value: 87.51, formula: '50+37.51', numFmt: '#,##0.00' });
    expect(s.cells.I9).toEqual({ value: 244.05, numFmt: '#,##0.00' });
    expect(s.cells.H12).toEqual({ value: 147.1, numFmt: '#,##0.00' });
    expect(s.cells.E25).toEqual({ value: 933.4257, formula: "'凯乐微谷补贴'!B6/10000", numFmt: '#,##0.00' });
    expect(s.cells.H25.value).toBe(933.4254);
    expect(s.cells.I25.value).toBe(0.0003);
    expect(s.cells.J21).toEqual({ value: 0.96, numFmt: '0%' });
  });

  test('the other sheets state the report’s figures', () => {
    expect(['C4', 'C5', 'B6', 'C6'].map((a) => value('基本支出', a))).toEqual([
      3547.87, 192.23, 3392.25, 3740.11,
    ]);
    expect(sheet('三公经费').cells.D4).toEqual({ value: 0.7556, numFmt: '0.00%' });
    expect(['B2', 'B3', 'B4', 'B5'].map((a) => value('人员编制', a))).toEqual([52, 66, 34, 203]);
    expect(value('凯乐微谷补贴', 'A2')).toBe('单位：元');
    expect(value('凯乐微谷补贴', 'B4')).toBe(4667130);
    expect(sheet('业务工作经费').cells.F4).toEqual({ value: 0.9888, numFmt: '0.00%' });
    expect(value('业务工作经费', 'E4')).toBe(2.38);
    expect(value('业务工作经费', 'A21')).toBe('合计');
    expect(value('业务工作经费', 'C21')).toBe(180.03);
    expect(value('规划设计', 'C2')).toBe('支出金额（万元）');
    expect(value('规划设计', 'C6')).toBe(209.88);
    expect(['B7', 'C7', 'F6'].map((a) => value('租赁住房', a))).toEqual([39, 7083, 39]);
    expect(sheet('项目预算执行').cells.F6).toEqual({ value: 0.751, numFmt: '0.0%' });
    expect(value('自评得分', 'D11')).toBe(90.5);
    expect(value('自评得分', 'C12')).toBe('优');
  });
});

describe('sample builder helpers', () => {
  test('row templates', () => {
    expect(expandRowTemplate('C{r}+D{r}-F{r}', 12)).toBe('C12+D12-F12');
    expect(expandRowTemplate('SUM(E{r+1}:E{r+3})', 5)).toBe('SUM(E6:E8)');
    expect(expandRowTemplate('SUM(B{r-2}:B{r-1})', 6)).toBe('SUM(B4:B5)');
  });

  test('the formula evaluator is exact', () => {
    const cells: Record<string, string> = { A1: '0.1', A2: '0.2', B1: '3' };
    const ev = new FormulaEvaluator((sheetName, address) => {
      if (sheetName === "it's") return address === 'A1' ? { number: '10000' } : null;
      return cells[address] ? { number: cells[address] } : null;
    });
    expect(ev.evaluate('S', 'A1+A2').eq(new Dx('0.3'))).toBe(true);
    expect(ev.evaluate('S', 'SUM(A1:A3)*B1').toString()).toBe('0.9');
    expect(ev.evaluate('S', '-(A1-A2)/4').toString()).toBe('0.025');
    expect(ev.evaluate('S', "'it''s'!A1/10000").toString()).toBe('1');
    expect(() => ev.evaluate('S', 'A1/A9')).toThrow(/division by zero/);
  });
});
