/**
 * The string tables: the same keys in both languages, nothing left empty, and the language Office's display
 * language picks.
 */
import { FIELDS } from '../../src/engine';
import { FIELD_LABELS } from '../../src/engine/messages';
import { joinNames, pickLang, STRINGS } from '../../src/taskpane/i18n';

/** Every key path of a table: strings as they are, functions as their arity (the same in both languages). */
function shape(value: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  const add = (inner: Map<string, string>) => inner.forEach((text, key) => out.set(key, text));
  if (typeof value === 'string') out.set(at, value);
  else if (typeof value === 'function') out.set(at, `function/${value.length}`);
  else if (Array.isArray(value)) value.forEach((v, i) => add(shape(v, `${at}[${i}]`)));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) add(shape(v, at ? `${at}.${k}` : k));
  }
  return out;
}

describe('string tables', () => {
  const zh = shape(STRINGS['zh-CN']);
  const en = shape(STRINGS['en-US']);

  it('have the same keys in both languages, and functions of the same arity', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    const arity = (table: Map<string, string>) =>
      [...table].filter(([, v]) => v.startsWith('function/')).sort();
    expect(arity(en)).toEqual(arity(zh));
  });

  it.each([
    ['zh-CN', zh],
    ['en-US', en],
  ])('leave nothing empty in %s', (_lang, table) => {
    const empty = [...table].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('write Chinese in the Chinese table and English in the English one', () => {
    expect(STRINGS['zh-CN'].appName).toBe('预算绩效自评助手');
    expect(STRINGS['en-US'].appName).toBe('Budget Review');
    const han = /[\u4e00-\u9fff]/;
    // The English table names Chinese only where it quotes the sheet's own words (units, examples).
    for (const key of [
      'check',
      'generate',
      'undo',
      'tabFindings',
      'tabTables',
      'tabReport',
      'tabSettings',
    ] as const) {
      expect(STRINGS['zh-CN'][key]).toMatch(han);
      expect(STRINGS['en-US'][key]).not.toMatch(han);
    }
  });

  it('label every field and rule in both languages', () => {
    for (const lang of ['zh-CN', 'en-US'] as const) {
      expect(Object.keys(STRINGS[lang].field)).toHaveLength(26);
      expect(Object.keys(STRINGS[lang].rule)).toHaveLength(15);
    }
  });
});

describe('pickLang', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['en-US', 'en-US'],
    ['en-GB', 'en-US'],
    ['fr-FR', 'en-US'],
    ['zhx', 'en-US'],
    ['', 'en-US'],
    [undefined, 'en-US'],
    [null, 'en-US'],
  ])('%s → %s', (display, lang) => {
    expect(pickLang(display)).toBe(lang);
  });
});

it('joins names with the list separator of the language', () => {
  expect(joinNames('zh-CN', ['执行汇总', '问题清单'])).toBe('执行汇总、问题清单');
  expect(joinNames('en-US', ['Summary', 'Findings'])).toBe('Summary, Findings');
});

describe('field names', () => {
  it('are the engine’s own words, in the pane as in the findings (one table)', () => {
    for (const field of FIELDS) {
      expect(STRINGS['zh-CN'].field[field]).toBe(FIELD_LABELS['zh-CN'][field]);
      const en = FIELD_LABELS['en-US'][field];
      expect(STRINGS['en-US'].field[field]).toBe(en.charAt(0).toUpperCase() + en.slice(1));
    }
  });
});
