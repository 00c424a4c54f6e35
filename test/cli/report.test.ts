/**
 * `budget-review report` and `demo` end to end on real files: the input untouched, every source cell kept, the
 * generated sheets written with the engine's figures, and the .docx holding the same narrative. That a real
 * spreadsheet client recalculates every summary formula to its cached value is report-libreoffice.e2e.ts
 * (`npm run test:e2e`).
 */
import { createHash } from 'crypto';
import { existsSync } from 'fs';
import { readFile } from 'fs/promises';
import JSZip from 'jszip';
import * as path from 'path';
import { analyze, buildNarrative, departmentOf, type Cell, type Workbook } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { tempDir, writeLedger } from '../fixtures/xlsx-host/build';
import { cli } from '../support/cli';

const SAMPLE = path.resolve('samples/kaifu-2020.xlsx');

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

function cellKey(c: Cell | null | undefined): string {
  if (!c) return '';
  return JSON.stringify([c.v ?? null, c.error ?? null, c.f ?? null, c.fmt ?? null]);
}

function sameSheet(a: Workbook['sheets'][number], b: Workbook['sheets'][number]): void {
  const rows = Math.max(a.rows.length, b.rows.length);
  for (let r = 0; r < rows; r++) {
    const cols = Math.max(a.rows[r]?.length ?? 0, b.rows[r]?.length ?? 0);
    for (let c = 0; c < cols; c++) {
      const x = cellKey(a.rows[r]?.[c]);
      const y = cellKey(b.rows[r]?.[c]);
      if (x !== y) throw new Error(`${a.name} row ${r + 1} col ${c + 1}: ${x} became ${y}`);
    }
  }
  expect(b.merges ?? []).toEqual(a.merges ?? []);
}

async function docxText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-report-'));
});
afterAll(async () => cleanup());

describe('report on the sample workbook', () => {
  let out: string;
  let docx: string;
  let result: { code: number; stdout: string; stderr: string };
  let before: string;

  beforeAll(async () => {
    out = path.join(dir, 'report.xlsx');
    docx = path.join(dir, 'report.docx');
    before = await sha(SAMPLE);
    result = await cli(['report', SAMPLE, '--out', out, '--docx', docx]);
  });

  test('exits 1 (the sample has errors) and says where it wrote', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(out);
    expect(result.stdout).toContain(docx);
  });

  test('leaves the input untouched and keeps every source cell', async () => {
    expect(await sha(SAMPLE)).toBe(before);
    const input = await readWorkbookFile(SAMPLE);
    const output = await readWorkbookFile(out);
    expect(output.sheets.slice(0, input.sheets.length).map((s) => s.name)).toEqual(
      input.sheets.map((s) => s.name),
    );
    for (let i = 0; i < input.sheets.length; i++) sameSheet(input.sheets[i], output.sheets[i]);
    expect(output.sheets.map((s) => s.name).slice(input.sheets.length)).toEqual([
      '执行汇总',
      '问题清单',
      '分析说明',
      '得分核对',
    ]);
  });

  test('the narrative sheet and the .docx hold the same narrative, with computed figures', async () => {
    const output = await readWorkbookFile(out);
    const sheet = output.sheets.find((s) => s.name === '分析说明');
    const cells = (sheet?.rows ?? []).map((r) => String(r?.[0]?.v ?? ''));
    const input = await readWorkbookFile(SAMPLE);
    const n = buildNarrative(analyze(input), '执行汇总', { unitName: departmentOf(input) });
    expect(cells).toEqual([n.title, ...n.sections.flatMap((s) => [s.heading, ...s.paragraphs])]);
    // The department the sample's tables name heads the title.
    expect(cells[0]).toBe('长沙市开福区住房和城乡建设局2020年度部门整体支出绩效自评报告');
    // 业务工作经费 states 98.88%; the text gives 98.69%.
    expect(cells.join('\n')).toContain('执行率98.69%');
    const text = await docxText(docx);
    for (const s of n.sections) for (const p of s.paragraphs) expect(text).toContain(p);
  });

  test('a second report on the output replaces the generated sheets, never a user’s', async () => {
    const again = path.join(dir, 'again.xlsx');
    const r = await cli(['report', out, '--out', again]);
    expect(r.stderr).toBe('');
    const names = (await readWorkbookFile(again)).sheets.map((s) => s.name);
    expect(names.filter((n) => n === '执行汇总')).toHaveLength(1);
    expect(names.slice(-4)).toEqual(['执行汇总', '问题清单', '分析说明', '得分核对']);
    expect(names).toHaveLength((await readWorkbookFile(SAMPLE)).sheets.length + 4);
  });
});

describe('report on a workbook that names a sheet like the generated ones', () => {
  test('the generated summary takes a suffixed name; the user’s sheet is untouched', async () => {
    const input = await writeLedger(path.join(dir, 'own-summary.xlsx'), '执行汇总', [
      ['项目名称', '全年预算数', '实际支出', '结余'],
      ['=HYPERLINK("http://example.com","x")', 100, 90, 10],
      ['+1', 50, 45, 5],
    ]);
    const out = path.join(dir, 'own-summary-out.xlsx');
    const r = await cli(['report', input, '--out', out]);
    expect(r.code).toBe(0);
    const book = await readWorkbookFile(out);
    expect(book.sheets.map((s) => s.name)).toEqual(['执行汇总', '执行汇总 (2)', '问题清单', '分析说明']);
    const summary = book.sheets[1];
    const names = summary.rows.map((row) => row?.[1]).filter((c): c is Cell => !!c);
    const hostile = names.find((c) => String(c.v).startsWith('=HYPERLINK'));
    expect(hostile).toEqual(expect.objectContaining({ v: '=HYPERLINK("http://example.com","x")' }));
    expect(hostile?.f).toBeUndefined();
    expect(names.find((c) => c.v === '+1')?.f).toBeUndefined();
  });
});

describe('report errors', () => {
  test('--out naming the input is refused with exit 2 and one line', async () => {
    const r = await cli(['report', SAMPLE, '--out', SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(SAMPLE);
  });
  test('a missing input', async () => {
    const r = await cli(['report', path.join(dir, 'nope.xlsx'), '--out', path.join(dir, 'x.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.xlsx');
    expect(existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  });
});

describe('demo', () => {
  test('writes the report of the sample under --out-dir and exits 0', async () => {
    const outDir = path.join(dir, 'demo');
    const r = await cli(['demo', '--out-dir', outDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(outDir, 'kaifu-2020-report.xlsx'))).toBe(true);
    expect(existsSync(path.join(outDir, 'kaifu-2020-report.docx'))).toBe(true);
    expect(r.stdout).toMatch(/问题：错误 \d+，警告 \d+，提示 \d+/);
    expect(r.stdout).toContain('业务工作经费!F4');
  });
});
