/**
 * Judge B: `budget-review report` on ledger workbooks laid out unlike the sample (test/fixtures/adversarial-scores/
 * ledgers.ts). For each: the input file is untouched; every original sheet keeps every cell (value, formula, number
 * format) and merge; the generated sheets exist and carry the computed figures; the 分析说明 text gives the correct
 * rate and surplus with two decimals and never a wrong stated figure as a fact (only quoted, `表中为 …`); in the
 * output's raw sheet XML no generated cell holding the user's text is a formula; the .docx holds every paragraph.
 *
 * Failing tests here document bugs; they are kept on purpose.
 */
import { createHash } from 'crypto';
import { readFile } from 'fs/promises';
import JSZip from 'jszip';
import * as path from 'path';
import type { Cell, Workbook } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { LEDGER_WORKBOOKS, type LedgerCase } from '../fixtures/adversarial-scores/ledgers';
import { tempDir } from '../fixtures/xlsx-host/build';
import { cli } from '../support/cli';

jest.setTimeout(60_000);

const GENERATED = ['执行汇总', '问题清单', '分析说明'];

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

function cellKey(c: Cell | null | undefined): string {
  if (!c) return '';
  return JSON.stringify([c.v ?? null, c.error ?? null, c.f ?? null, c.fmt ?? null]);
}

/** Every cell (value, error, formula, number format) and every merge of `a` is in `b`. */
function sameSheet(a: Workbook['sheets'][number], b: Workbook['sheets'][number]): void {
  const rows = Math.max(a.rows.length, b.rows.length);
  const top = a.top ?? 0;
  const left = a.left ?? 0;
  expect([b.top ?? 0, b.left ?? 0]).toEqual([top, left]);
  for (let r = 0; r < rows; r++) {
    const cols = Math.max(a.rows[r]?.length ?? 0, b.rows[r]?.length ?? 0);
    for (let c = 0; c < cols; c++) {
      const x = cellKey(a.rows[r]?.[c]);
      const y = cellKey(b.rows[r]?.[c]);
      if (x !== y) throw new Error(`${a.name} row ${top + r + 1} col ${left + c + 1}: ${x} became ${y}`);
    }
  }
  expect(b.merges ?? []).toEqual(a.merges ?? []);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? m),
  );
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

/** The text of each <w:p> of a .docx body, tabs and breaks kept. */
async function docxParagraphs(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)]
      .map((m) => (m[0] === '<w:tab/>' ? '\t' : m[0] === '<w:br/>' ? '\n' : decode(m[1])))
      .join(''),
  );
}

interface RawCell {
  ref: string;
  formula?: string;
  text?: string;
}

/** The cells of a sheet of an .xlsx as stored: formula text and string content (shared, inline or cached). */
async function rawSheetCells(file: string, sheetName: string): Promise<RawCell[]> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const sheetTag = [...workbook.matchAll(/<sheet\b([^>]*)\/?>/g)].find(
    (m) => decode(attr(m[1], 'name') ?? '') === sheetName,
  );
  if (!sheetTag) throw new Error(`no sheet ${sheetName} in workbook.xml`);
  const rid = attr(sheetTag[1], 'r:id');
  const rel = [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)].find((m) => attr(m[1], 'Id') === rid);
  const target = attr(rel?.[1] ?? '', 'Target') ?? '';
  const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const xml = (await zip.file(part)?.async('string')) ?? '';
  if (!xml) throw new Error(`no part ${part} for ${sheetName}`);
  const sstXml = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  const sst = [...sstXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1].matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((t) => decode(t[1])).join(''),
  );
  const out: RawCell[] = [];
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const attrs = m[1];
    const inner = m[2] ?? '';
    const cell: RawCell = { ref: attr(attrs, 'r') ?? '?' };
    const f = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(inner);
    if (f) cell.formula = decode(f[1] ?? '');
    const t = attr(attrs, 't');
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
    if (t === 's' && v !== undefined) cell.text = sst[Number(v)];
    else if (t === 'inlineStr')
      cell.text = [...inner.matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((x) => decode(x[1])).join('');
    else if (t === 'str' && v !== undefined) cell.text = decode(v);
    out.push(cell);
  }
  return out;
}

/** A user text without what would make it a formula: `=HYPERLINK(…)` → `HYPERLINK(…)`, `＝1+1` → `1+1`. */
const payload = (t: string) =>
  t
    .trim()
    .replace(/^[=＝+＋\-－@＠]+/, '')
    .trim();

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('budget-review-adv-report-'));
});
afterAll(async () => cleanup());

describe.each(Object.entries(LEDGER_WORKBOOKS))('report on %s', (key, build) => {
  let c: LedgerCase;
  let out: string;
  let docx: string;
  let before: string;
  let result: { code: number; stdout: string; stderr: string };
  let input: Workbook;
  let output: Workbook;
  let narrative: string[];

  beforeAll(async () => {
    c = await build(dir);
    out = path.join(dir, `${key}-out.xlsx`);
    docx = path.join(dir, `${key}.docx`);
    before = await sha(c.file);
    input = await readWorkbookFile(c.file);
    result = await cli(['report', c.file, '--out', out, '--docx', docx]);
    output = await readWorkbookFile(out);
    const sheet = output.sheets.find((s) => s.name === '分析说明');
    narrative = (sheet?.rows ?? []).map((r) => String(r?.[0]?.v ?? '')).filter((t) => t !== '');
  });

  test('runs without a usage error and leaves the input file untouched', async () => {
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    expect(await sha(c.file)).toBe(before);
  });

  test('every original sheet keeps every cell (value, formula, number format) and merge', () => {
    expect(output.sheets.slice(0, input.sheets.length).map((s) => s.name)).toEqual(
      input.sheets.map((s) => s.name),
    );
    for (let i = 0; i < input.sheets.length; i++) sameSheet(input.sheets[i], output.sheets[i]);
  });

  test('the generated sheets exist after the original ones', () => {
    const added = output.sheets.slice(input.sheets.length).map((s) => s.name);
    for (const name of GENERATED) expect(added).toContain(name);
    expect(narrative.length).toBeGreaterThan(3);
  });

  test('the narrative gives each project’s computed 执行率 and 结余 with two decimals', () => {
    for (const e of c.expected) {
      const name = e.project.trim();
      const own = narrative.filter((p) => p.includes(`${name}：`));
      if (own.length === 0) throw new Error(`no paragraph for “${name}” in:\n${narrative.join('\n')}`);
      if (e.rate) expect(own.join('\n')).toContain(`执行率${e.rate}%`);
      if (e.surplus) expect(own.join('\n')).toContain(`结余${e.surplus}万元`);
    }
  });

  test('a wrong stated figure appears only quoted (表中为 …), and the problems section quotes it', () => {
    const text = narrative.join('\n');
    const unquoted = text.replace(/表中为\s*[^\s，。；）]+/g, '');
    for (const e of c.expected) {
      if (!e.wrong) continue;
      expect(unquoted).not.toMatch(e.wrong);
      const quoted = [...text.matchAll(/表中为\s*([^\s，。；）]+)/g)].map((m) => m[1]);
      expect(quoted.some((q) => e.wrong?.test(q))).toBe(true);
    }
  });

  test('no figure built on a cell a rule found wrong is asserted', () => {
    const text = narrative.join('\n').replace(/表中为\s*[^\s，。；）]+/g, '');
    for (const re of c.notClaimed ?? []) expect(text).not.toMatch(re);
  });

  test('the summary sheet carries the computed 结余 and 执行率', () => {
    const summary = output.sheets.find((s) => s.name === '执行汇总');
    expect(summary).toBeDefined();
    const rows = summary?.rows ?? [];
    const headerIndex = rows.findIndex((r) => r?.some((x) => x?.v === '结余'));
    expect(headerIndex).toBeGreaterThanOrEqual(0);
    const header = rows[headerIndex] ?? [];
    const col = (pred: (t: string) => boolean) => header.findIndex((x) => pred(String(x?.v ?? '')));
    const nameCol = col((t) => t === '项目');
    const surplusCol = col((t) => t === '结余');
    const rateCol = col((t) => t.startsWith('执行率'));
    for (const e of c.expected) {
      const row = rows.find((r) => String(r?.[nameCol]?.v ?? '').trim() === e.project.trim());
      if (!row) throw new Error(`no summary row for “${e.project}”`);
      expect(row[nameCol]?.v).toBe(e.project);
      if (e.surplus) expect(Math.abs(Number(row[surplusCol]?.v) - Number(e.surplus))).toBeLessThan(0.005);
      if (e.rate) expect(Math.abs(Number(row[rateCol]?.v) - Number(e.rate) / 100)).toBeLessThan(0.00005);
    }
  });

  test('in the raw sheet XML, no generated cell holding the user’s text is a formula', async () => {
    const texts = c.userTexts.map((t) => t.trim());
    const bad: string[] = [];
    for (const name of GENERATED) {
      for (const cell of await rawSheetCells(out, name)) {
        const holdsUserText = cell.text !== undefined && texts.some((t) => cell.text?.includes(t));
        if (cell.formula !== undefined && holdsUserText)
          bad.push(`${name}!${cell.ref} <f>${cell.formula}</f> holds “${cell.text}”`);
        if (cell.formula !== undefined) {
          const f = cell.formula.trim();
          if (/HYPERLINK/i.test(f) || c.userTexts.some((t) => payload(t) !== '' && f === payload(t)))
            bad.push(`${name}!${cell.ref} <f>${f}</f> is the user’s text`);
        }
      }
    }
    expect(bad).toEqual([]);
    // And the hostile names are there, as text.
    const summary = await rawSheetCells(out, '执行汇总');
    for (const e of c.expected) {
      const hit = summary.find((x) => x.text === e.project);
      expect(hit).toBeDefined();
      expect(hit?.formula).toBeUndefined();
    }
  });

  test('the .docx holds every paragraph of 分析说明', async () => {
    const paragraphs = await docxParagraphs(docx);
    const body = paragraphs.join('\n');
    const missing = narrative.filter((p) => !body.includes(p));
    expect(missing).toEqual([]);
  });
});
