/** Where the pane runs, from Office's globals after Office.onReady. */
import { environmentOf, type OfficeLike } from '../../src/taskpane/environment';

/** The minor version of `1.x`: requirement sets compare as numbers per part (1.17 is above 1.7). */
const minor = (version: string): number => Number(version.split('.')[1] ?? 0);

function office(host: unknown, highest: string | null): OfficeLike {
  return {
    context: {
      host,
      displayLanguage: 'zh-CN',
      requirements: {
        isSetSupported: (name, version) =>
          highest !== null && name === 'ExcelApi' && minor(version ?? '1.1') <= minor(highest),
      },
    },
  };
}

it.each<[string, OfficeLike | undefined, unknown, ReturnType<typeof environmentOf>]>([
  ['no Office.js at all (a plain browser without the CDN)', undefined, undefined, 'outside'],
  ['Office.js in a plain browser (onReady reports no host)', { context: {} }, null, 'outside'],
  ['Word', office('Word', '1.7'), 'Word', 'outside'],
  ['Excel with ExcelApi 1.7', office('Excel', '1.7'), 'Excel', 'excel'],
  ['Excel with ExcelApi 1.17', office('Excel', '1.17'), 'Excel', 'excel'],
  ['Excel with ExcelApi 1.6', office('Excel', '1.6'), 'Excel', 'old-excel'],
  ['Excel without requirement sets', { context: { host: 'Excel' } }, 'Excel', 'old-excel'],
  ['the host from Office.context when onReady gives none', office('Excel', '1.9'), null, 'excel'],
])('%s', (_name, globalOffice, host, expected) => {
  expect(environmentOf(globalOffice, host)).toBe(expected);
});

it('takes a requirement check that throws as an old Excel', () => {
  const broken: OfficeLike = {
    context: {
      host: 'Excel',
      requirements: {
        isSetSupported: () => {
          throw new Error('not available');
        },
      },
    },
  };
  expect(environmentOf(broken, 'Excel')).toBe('old-excel');
});
