/**
 * Reading a report draft: its paragraphs, the numbers each states with their units, and for each number the
 * words just before it (its clause), from which the figure it states is decided (docs/claim.md).
 *
 * Pure: text in, plain records out.
 */
import type Decimal from 'decimal.js';
import { D } from '../money';

/** The units a stated number can carry. `bare` is a number written without one (only kept after a rate word). */
export type ClaimUnit =
  '万元' | '元' | '亿元' | '%' | '个' | '项' | '套' | '人' | '台' | '户' | '家' | 'bare';

export interface Paragraph {
  /** Counted from 1 over the paragraphs that hold any non-white-space character. */
  index: number;
  /** The paragraph as written. */
  text: string;
  /**
   * The paragraph with quotation marks taken out (“三公”经费 reads as 三公经费), which names and words are matched
   * against; `origin[i]` is the index in `text` of `norm[i]`.
   */
  norm: string;
  origin: number[];
}

export interface DraftNumber {
  paragraph: Paragraph;
  /** Offsets in `paragraph.norm` of the number (without its unit) and of the end of its unit. */
  start: number;
  end: number;
  unitEnd: number;
  /** The number exactly as written (digits, separators and decimals, with its unit). */
  quote: string;
  /** The value in the unit as written (98.88 for 98.88%). */
  value: Decimal;
  /** Decimals as written. */
  dp: number;
  unit: ClaimUnit;
  /** The words between the previous number or punctuation and this number, parenthesised asides left out. */
  clause: string;
  /** Start offset in `norm` of the sentence (after the last 。；！？ before it). */
  sentence: number;
  /** Start offset of the clause in `norm`. */
  clauseStart: number;
}

const QUOTES = /[“”‘’"'「」『』]/;

/** Splits a draft into its non-empty paragraphs (lines of a text; the caller gives a .docx's `w:p` texts). */
export function paragraphsOf(texts: readonly string[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const text of texts) {
    if (!/\S/.test(text)) continue;
    const { norm, origin } = normalise(text);
    out.push({ index: out.length + 1, text, norm, origin });
  }
  return out;
}

/**
 * A text as names and words are matched against it: quotation marks taken out, full-width digits, point and
 * percent as their ASCII forms (the same for a draft and for the workbook's names). `origin[i]` is the index in
 * `text` of `norm[i]`.
 */
export function normalise(text: string): { norm: string; origin: number[] } {
  let norm = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (QUOTES.test(ch)) continue;
    const code = ch.charCodeAt(0);
    norm +=
      code >= 0xff10 && code <= 0xff19
        ? String.fromCharCode(code - 0xfee0)
        : ch === '．'
          ? '.'
          : ch === '％'
            ? '%'
            : ch;
    origin.push(i);
  }
  return { norm, origin };
}

const NUMBER = /(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?/g;
const UNITS: readonly ClaimUnit[] = ['亿元', '万元', '元', '%', '个', '项', '套', '人', '台', '户', '家'];
/** What may follow a unit character and make it something else: 元/平方米, 个月, 人次, 户次, 项目 is kept (39个项目). */
const NOT_AFTER: Partial<Record<ClaimUnit, RegExp>> = {
  元: /^[/／]/,
  万元: /^[/／]/,
  个: /^月/,
  人: /^次/,
  户: /^次/,
  项: /^目/,
};
/** Words after which a bare number states a rate (a percentage written without its sign). */
const RATE_BEFORE = /(执行率|使用率|控制率|降低率|增长率|增长|降低|下降)(为|是|达|达到)?$/;
const CLAUSE_END = /[，,。；;：:！？!?、\n\t]/;
const SENTENCE_END = /[。；;！？!?\n]/;

function unitAt(norm: string, at: number): { unit: ClaimUnit; end: number } | undefined {
  let i = at;
  while (i < norm.length && norm[i] === ' ') i++;
  for (const u of UNITS) {
    if (!norm.startsWith(u, i)) continue;
    const rest = norm.slice(i + u.length, i + u.length + 2);
    if (NOT_AFTER[u]?.test(rest)) return undefined;
    return { unit: u, end: i + u.length };
  }
  return undefined;
}

/**
 * The words before `at` back to the previous number or punctuation, leaving out parenthesised asides (（追加）,
 * （比年初预算多是因为…）); inside an aside, back to its opening bracket.
 */
function clauseBefore(norm: string, at: number, floor: number): { text: string; start: number } {
  let depth = 0;
  let text = '';
  let i = at - 1;
  for (; i >= floor; i--) {
    const ch = norm[i];
    if (ch === '）' || ch === ')') {
      depth++;
      continue;
    }
    if (ch === '（' || ch === '(') {
      if (depth === 0) break;
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (CLAUSE_END.test(ch)) break;
    text = ch + text;
  }
  return { text, start: i + 1 };
}

/** Every number of a paragraph that carries a unit, and bare numbers right after a rate word. */
export function numbersOf(p: Paragraph): DraftNumber[] {
  const out: DraftNumber[] = [];
  const norm = p.norm;
  let lastEnd = 0;
  let sentence = 0;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(norm); m; m = NUMBER.exec(norm)) {
    const start = m.index;
    const end = start + m[0].length;
    for (let i = lastEnd; i < start; i++) if (SENTENCE_END.test(norm[i])) sentence = i + 1;
    const before = norm[start - 1] ?? '';
    const after = norm[end] ?? '';
    // Part of a longer token (a code such as GB/T50328-2001, an ordinal 第3, a decimal run on) or a document number.
    if (/[A-Za-z.\-_/第〔[]/.test(before) || /[A-Za-z\d]/.test(after)) continue;
    let unit = unitAt(norm, end);
    if (!unit && after !== '.' && RATE_BEFORE.test(norm.slice(Math.max(0, start - 6), start))) {
      // A bare figure after a rate word, at the end of its clause: 增长 13.95。
      if (after === '' || CLAUSE_END.test(after) || after === ' ') unit = { unit: 'bare', end };
    }
    if (!unit) continue;
    const clause = clauseBefore(norm, start, Math.max(lastEnd, sentence));
    const digits = m[0].replace(/,/g, '');
    out.push({
      paragraph: p,
      start,
      end,
      unitEnd: unit.end,
      quote: p.text.slice(p.origin[start], p.origin[unit.end - 1] + 1),
      value: new D(digits),
      dp: m[2]?.length ?? 0,
      unit: unit.unit,
      clause: clause.text,
      clauseStart: clause.start,
      sentence,
    });
    lastEnd = unit.end;
  }
  return out;
}

/** The sentence of a number as written, for showing it in its context. */
export function sentenceOf(n: DraftNumber): string {
  const norm = n.paragraph.norm;
  let stop = n.unitEnd;
  while (stop < norm.length && !SENTENCE_END.test(norm[stop])) stop++;
  const from = n.paragraph.origin[n.sentence] ?? 0;
  const to = stop < norm.length ? n.paragraph.origin[stop] + 1 : n.paragraph.text.length;
  return n.paragraph.text.slice(from, to).trim();
}
