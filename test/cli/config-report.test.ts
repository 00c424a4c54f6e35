/**
 * The report's settings in a `--config` file (unitName, year, sections): checked as the add-in checks its stored
 * ones (`checkReportOptions`), a year also accepted as a number, anything else one line naming the keys.
 */
import { parseConfig } from '../../src/cli/config';
import { strings } from '../../src/cli/strings';

const s = strings('zh-CN');
const problem = (p: string) => new Error(p);

test('the settings as given, the chapters in the report’s order', () => {
  const c = parseConfig(
    { unitName: ' 开福区住房和城乡建设局 ', year: 2020, sections: ['problems', 'spending'] },
    s,
    problem,
  );
  expect(c.report).toEqual({
    unitName: '开福区住房和城乡建设局',
    year: '2020',
    sections: ['spending', 'problems'],
  });
});

test('no report keys, no report settings', () => {
  expect(parseConfig({ threshold: 50 }, s, problem).report).toBeUndefined();
});

test.each([
  ['a year that is no year', { year: '20' }],
  ['a year as a fraction', { year: 2020.5 }],
  ['no chapters', { sections: [] }],
  ['a chapter the report has not', { sections: ['appendix'] }],
  ['a 单位名称 that is no text', { unitName: 42 }],
])('%s is refused with the report settings’ line', (_label, json) => {
  expect(() => parseConfig(json, s, problem)).toThrow(s.configBadReport);
});
