/**
 * A finding says what is wrong, by how much with its unit, and what to do (issue: one message pattern per rule).
 * Checked on the sample workbook and on every published table the judge reads, in both languages.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze, type Finding, type Lang } from '../../src/engine';
import { readWorkbookFile } from '../../src/hosts/xlsx';
import { findingUnit } from '../../src/engine/units';
import { PUBLISHED_DIR } from '../fixtures/published';

const SAMPLE = path.join(__dirname, '../../samples/kaifu-2020.xlsx');
const PUBLISHED_FILES = fs
  .readdirSync(PUBLISHED_DIR)
  .filter((f) => f.endsWith('.xlsx'))
  .map((f) => path.join(PUBLISHED_DIR, f));

/** The actions a message may end with (the words after its last ；). */
const ACTIONS_ZH = /；(请[^；]+|如实为 0，请填写 0|无需更正)(（该单元格所在(行|列)已隐藏）)?$/;
const ACTIONS_EN =
  /; (correct|check|add|explain|enter|fix|remove|if it is zero|no correction needed)[^;]*( \(the cell's (row|column) is hidden\))?$/;

async function findings(file: string, lang: Lang) {
  const a = analyze(await readWorkbookFile(file), { lang });
  return { a, findings: a.findings };
}

describe.each<Lang>(['zh-CN', 'en-US'])('finding messages in %s', (lang) => {
  it.each([SAMPLE, ...PUBLISHED_FILES].map((f) => [path.basename(f), f]))(
    '%s: every message ends with what to do, and no unit is left unfilled',
    async (_name, file) => {
      const { findings: list } = await findings(file, lang);
      for (const f of list) {
        expect(f.message).not.toContain('\u0001');
        // The 口径 a 自评表 matches is said for information: nothing to do.
        if (f.rule === 'cross' && f.severity === 'info' && !f.rounding) continue;
        expect(f.message).toMatch(lang === 'zh-CN' ? ACTIONS_ZH : ACTIONS_EN);
      }
    },
  );
});

describe('units and actions on the sample', () => {
  let zh: Finding[];
  let en: Finding[];
  let unitOf: (f: Finding) => string;
  beforeAll(async () => {
    const a = await findings(SAMPLE, 'zh-CN');
    zh = a.findings;
    unitOf = (f) => findingUnit(f, a.a);
    en = (await findings(SAMPLE, 'en-US')).findings;
  });

  it('every amount, count and difference of a Chinese message carries its table’s unit', () => {
    let checked = 0;
    for (const f of zh) {
      const unit = unitOf(f);
      if (unit === '' || f.rule === 'staffing') continue;
      // Each figure of the finding, as the message shows it, is followed by the unit.
      for (const v of [f.expected, f.actual]) {
        if (!f.message.includes(v)) continue;
        expect(f.message).toContain(`${v}${unit}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('the figures of the errors, in their units', () => {
    const at = (cell: string) => zh.find((f) => f.cell === cell && f.severity === 'error')?.message ?? '';
    expect(at('C26')).toContain('1326.62万元，表中为 2135.74万元（相差 809.12万元）；请更正该数');
    expect(at('B7')).toContain(
      '38个，表中为 39个（相差 1个），同一数字在 租赁住房!F6 也写作 39个；请将各处一并更正',
    );
    expect(at('G26')).toContain('全年预算数 16.21万元、结余 16.21万元');
    expect(at('G26')).toMatch(/；请补列漏掉的项目，或更正合计$/);
    // Undecided: which of the items is wrong cannot be told, so each is to be checked.
    expect(at('H12')).toMatch(/有误；请逐项核对，更正有误的一项$/);
    // A rate carries its % sign and no unit.
    expect(at('F4')).toContain('= 98.69%，表中为 98.88%；请更正该数');
  });

  it('warnings say to explain; rounding differences need no correction', () => {
    for (const f of zh.filter((x) => x.rule === 'low-rate' || x.rule === 'overspend'))
      expect(f.message).toMatch(/；请(在自评报告中说明原因|说明超支原因，或按规定调整预算)$/);
    for (const f of zh.filter((x) => x.rounding)) expect(f.message).toMatch(/；无需更正$/);
  });

  it('English amounts are in 10,000 yuan; counts carry no unit word', () => {
    const c26 = en.find((f) => f.cell === 'C26' && f.severity === 'error')?.message ?? '';
    expect(c26).toContain(
      '1326.62 × 10,000 yuan; the sheet states 2135.74 × 10,000 yuan (off by 809.12 × 10,000 yuan)',
    );
    const b7 = en.find((f) => f.cell === 'B7' && f.severity === 'error')?.message ?? '';
    expect(b7).toContain('38; the sheet states 39 (off by 1)');
    expect(b7).toMatch(/; correct it everywhere it is stated$/);
  });
});
