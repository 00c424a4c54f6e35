/**
 * Rule `claim`: every number of a report draft tied to the figure it states, and the draft's own arithmetic
 * (domain.md §6; the tie rules in docs/claim.md). Pure and synchronous: paragraphs and an analysis in, findings
 * and the numbers that could not be tied out.
 */
import type Decimal from 'decimal.js';
import { FIELD_LABELS, message } from '../messages';
import { D, ratio, roundHalfUp, showPercent, showWan, sum, unit as unitOf } from '../money';
import type { Analysis, Lang, Severity } from '../types';
import { numbersOf, paragraphsOf, sentenceOf, type DraftNumber, type Paragraph } from './extract';
import { subjectsOf, type Figure, type Subject, type Term } from './figures';

export { paragraphsOf } from './extract';

/** A finding about a number of the draft: `sheet` and `cell` are null, `paragraph` and `quote` say where (cli.md). */
export interface DraftFinding {
  rule: 'claim';
  severity: Severity;
  sheet: null;
  cell: null;
  /** The draft's paragraph, counting those that hold any non-white-space character from 1. */
  paragraph: number;
  /** The number exactly as written. */
  quote: string;
  expected: string;
  actual: string;
  rounding: boolean;
  message: string;
  /** The workbook cells the figure comes from. */
  related?: { sheet: string; cell: string }[];
  /** The sentence the number stands in, as written (for showing it in its context). */
  sentence: string;
}

/** A number the draft states that no rule could tie to a figure: listed for people, never a finding. */
export interface UncheckedNumber {
  paragraph: number;
  quote: string;
  sentence: string;
}

export interface DraftCheck {
  findings: DraftFinding[];
  unchecked: UncheckedNumber[];
  /** Numbers tied to a figure (agreeing or not). */
  checked: number;
  /** Non-empty paragraphs read. */
  paragraphs: number;
}

type Tie = Term | 'skip';

/** Words that decide the figure whatever else the clause says (the first that matches). */
const DOMINANT: readonly [RegExp, Tie][] = [
  [
    /低于|高于|表中为|\bstates\b|相差|比上年|比\d{4}年|减少|增加|增长|下降|减免|超过了|标准|每人|每户|每台|每家|补助\d/,
    'skip',
  ],
  [/超出|超支/, 'over'],
  [/降低/, 'reduction'],
  [/执行率|使用率/, 'rate'],
  [/控制率/, 'controlRate'],
  [/超编/, 'staffOver'],
];

/** Words of a term: the one nearest the number wins; at the same place, the earlier line. */
const POSITIONAL: readonly [RegExp, Term][] = [
  [/上年结转|结转结余|结转资金|结转|\d{4}年度?结余/g, 'carryOver'],
  [/调减/g, 'reduced'],
  [/全年可用资金|可用资金|全年预算数|全年预算|下达指标|预算指标|实际下达|调整后预算/g, 'available'],
  [/年初预算|年初|预算安排|预算数|安排资金|安排项目资金|安排/g, 'initial'],
  [/争取|追加|新增|收到|取得/g, 'added'],
  [/实际使用|使用|实际支出|支出|拨付|决算数|决算|发放|执行数/g, 'spent'],
  [/结余/g, 'surplus'],
];

const STAFF: readonly [RegExp, Term][] = [
  [/编外|聘用/g, 'contract'],
  [/编制/g, 'authorized'],
  [/在编|在职|实有/g, 'actualStaff'],
  [/退休/g, 'retired'],
];

const MONEY_UNITS = new Set(['万元', '元', '亿元']);
const COUNT_UNITS = new Set(['个', '项', '套', '台', '户', '家']);
const RATE_TERMS = new Set<Term>(['rate', 'reduction', 'change', 'controlRate', 'initialRate', 'share']);
const MONEY_TERMS = new Set<Term>([
  'initial',
  'carryOver',
  'added',
  'reduced',
  'available',
  'spent',
  'surplus',
  'over',
  'prevYear',
  'changeAmount',
]);
/** A level of government's share of a figure: 市级资金, 省级配套, 中央资金. */
const LEVEL = /中央|省级|市级|区级|县级/;
/** Free text of a paragraph: a reason or a note quotes other figures (结余原因：拨付…1016万元). */
const FREE_TEXT = /原因|说明：|备注：|说明:|备注:/;

/** Labels of the figures the narrative derives (FIELD_LABELS has the table fields). */
const TERM_LABELS: Record<Lang, Partial<Record<Term, string>>> = {
  'zh-CN': {
    over: '超出预算金额',
    authorized: '编制数',
    actualStaff: '实有人数',
    contract: '编外人数',
    retired: '退休人数',
    staffOver: '超编人数',
    controlRate: '在职人员控制率',
  },
  'en-US': {
    over: 'overspend',
    authorized: 'authorised posts',
    actualStaff: 'staff in post',
    contract: 'contract staff',
    retired: 'retired staff',
    staffOver: 'staff over the establishment',
    controlRate: 'staffing control rate',
  },
};

function termLabel(lang: Lang, term: Term): string {
  return TERM_LABELS[lang][term] ?? FIELD_LABELS[lang][term] ?? term;
}

function termOf(n: DraftNumber, clause: string): Tie | undefined {
  for (const [re, t] of DOMINANT) if (re.test(clause)) return t;
  if (n.unit === '人') return nearest(clause, STAFF);
  if (COUNT_UNITS.has(n.unit)) return 'count';
  return nearest(clause, POSITIONAL);
}

function nearest(clause: string, table: readonly [RegExp, Term][]): Term | undefined {
  let best: { end: number; term: Term } | undefined;
  for (const [re, term] of table) {
    re.lastIndex = 0;
    for (let m = re.exec(clause); m; m = re.exec(clause)) {
      const end = m.index + m[0].length;
      if (!best || end > best.end) best = { end, term };
    }
  }
  return best?.term;
}

interface Mention {
  start: number;
  end: number;
  name: string;
  subjects: Subject[];
}

/** For each character of a text, whether it stands in an aside: a bracketed remark （…） or (…). */
function asidesOf(text: string): boolean[] {
  const aside = new Array<boolean>(text.length).fill(false);
  let paren = 0;
  text.split('').forEach((ch, i) => {
    if (ch === '（' || ch === '(') paren++;
    if (paren > 0) aside[i] = true;
    if ((ch === '）' || ch === ')') && paren > 0) paren--;
  });
  return aside;
}

/** The subjects' names found in a text, longest first, never overlapping, outside 《…》 titles of documents. */
function mentionsIn(text: string, byName: Map<string, Subject[]>, names: string[]): Mention[] {
  const taken = new Array<boolean>(text.length).fill(false);
  // Inside an aside (a bracketed remark) a name is an example, not the subject: 如…春节慰问费等.
  const aside = asidesOf(text);
  let depth = 0;
  text.split('').forEach((ch, i) => {
    if (ch === '《') depth++;
    if (depth > 0) taken[i] = true;
    if (ch === '》' && depth > 0) depth--;
  });
  const out: Mention[] = [];
  for (const name of names) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      let free = true;
      for (let i = at; i < at + name.length && free; i++) free = !taken[i];
      if (!free) continue;
      for (let i = at; i < at + name.length; i++) taken[i] = true;
      if (aside[at]) continue;
      out.push({ start: at, end: at + name.length, name, subjects: byName.get(name) ?? [] });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A name compared against (与“支出决算表”不一致, 与上年相比): the reference of a comparison, not the subject of the
 * numbers after it, which stay with the name before it.
 */
function isReference(text: string, m: Mention): boolean {
  return (
    /(与|同|和|跟)$/.test(text.slice(Math.max(0, m.start - 1), m.start)) &&
    /^表?(中的?)?(同一)?(数字|数据)?(不一致|一致|相符|不符|相比|比较)/.test(text.slice(m.end))
  );
}

type Verdict = 'agrees' | 'rounding' | 'differs';

/** The true figure in the unit the draft wrote it in. */
function inDraftUnit(n: DraftNumber, value: Decimal): Decimal {
  switch (n.unit) {
    case '元':
      return value.times(10000);
    case '亿元':
      return value.div(10000);
    case '%':
    case 'bare':
      return value.times(100);
    default:
      return value;
  }
}

function verdict(n: DraftNumber, value: Decimal): Verdict {
  const truth = inDraftUnit(n, value);
  if (roundHalfUp(truth, n.dp).eq(n.value)) return 'agrees';
  // A count is a whole number: it has no rounding.
  if (COUNT_UNITS.has(n.unit) || n.unit === '人') return 'differs';
  // A rounding difference (尾差): the workbook's figures are kept to 0.01 (万元, or percentage points), so a figure
  // made from them may be off by 0.01 before the draft rounds it to its own decimals. 2.38万元 for 2.39 is 尾差;
  // 45万元 for 44.00 and 94.9% for 94.99% are not.
  const tail = n.unit === '%' || n.unit === 'bare' ? TAIL : inDraftUnit(n, TAIL);
  const slack = tail.plus(unitOf(n.dp).div(2));
  return truth.minus(n.value).abs().lte(slack) ? 'rounding' : 'differs';
}

/** The workbook's 尾差: 0.01 万元, or 0.01 percentage points as a rate is written. */
const TAIL = new D('0.01');

function show(n: DraftNumber, term: Term, value: Decimal): string {
  if (n.unit === '%' || n.unit === 'bare' || RATE_TERMS.has(term)) return showPercent(value);
  if (MONEY_UNITS.has(n.unit)) return showWan(value);
  return value.toString();
}

/** The value a number states in 万元 (amounts) or as a fraction (percentages). */
function draftValue(n: DraftNumber): Decimal {
  return n.value.div(inDraftUnit(n, new D(1)));
}

function fits(n: DraftNumber, term: Term, figure: Figure): boolean {
  if (n.unit === '%' || n.unit === 'bare') return RATE_TERMS.has(term);
  if (MONEY_UNITS.has(n.unit)) return MONEY_TERMS.has(term);
  if (n.unit === '人')
    return ['authorized', 'actualStaff', 'contract', 'retired', 'staffOver'].includes(term);
  // A count is tied only to a column that counts the same thing (个数 for 个, 套数 for 套).
  return term === 'count' && (figure.header === undefined || figure.header.includes(n.unit));
}

interface Tied {
  n: DraftNumber;
  subject: Subject;
  term: Term;
  figure: Figure;
  verdict: Verdict;
}

/**
 * Checks a draft against an analysed workbook. `texts` are the draft's paragraphs as read (lines of a .txt, the
 * `w:p` of a .docx); empty ones are not counted.
 */
export function checkDraft(analysis: Analysis, texts: readonly string[]): DraftCheck {
  const lang = analysis.options.lang;
  const paragraphs = paragraphsOf(texts);
  const subjects = subjectsOf(analysis);
  const staffing = subjects.find((s) => s.key === 'staffing');
  const byName = new Map<string, Subject[]>();
  for (const s of subjects) for (const n of new Set(s.names)) byName.set(n, [...(byName.get(n) ?? []), s]);
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);

  const findings: DraftFinding[] = [];
  const unchecked: UncheckedNumber[] = [];
  const flagged = new Set<DraftNumber>();
  const agreed = new Set<DraftNumber>();
  const tiedAll: Tied[] = [];
  const numbersBy = new Map<Paragraph, DraftNumber[]>();
  let checked = 0;
  let heading: Paragraph | undefined;
  let previous: Paragraph | undefined;

  const finding = (
    n: DraftNumber,
    severity: Severity,
    expected: string,
    msg: string,
    related?: { sheet: string; cell: string }[],
  ): void => {
    flagged.add(n);
    findings.push({
      rule: 'claim',
      severity,
      sheet: null,
      cell: null,
      paragraph: n.paragraph.index,
      quote: n.quote,
      expected,
      actual: n.quote,
      rounding: severity === 'info',
      message: msg,
      ...(related && related.length ? { related: dedupe(related) } : {}),
      sentence: sentenceOf(n),
    });
  };

  const firstStated = new Map<string, Tied>();

  for (const p of paragraphs) {
    const numbers = numbersOf(p);
    numbersBy.set(p, numbers);
    const mentions = mentionsIn(p.norm, byName, names);
    const asides = asidesOf(p.norm);
    const near = [p, previous, heading].filter((x): x is Paragraph => !!x).map((x) => x.norm);
    const headingMentions = heading ? mentionsIn(heading.norm, byName, names) : [];
    const free = p.norm.search(FREE_TEXT);

    // The nearest name before the number that can stand here (a short or shared name needs its table named
    // nearby), else the heading's.
    const usable = (m: Mention): Subject[] => {
      const here = m.subjects.filter(
        (s) =>
          s.unique.has(m.name) ||
          s.context.length === 0 ||
          s.context.some((c) => near.some((t) => t.includes(c))),
      );
      // A long name shared by several rows (施工图审查服务费 in two tables) may be any of them.
      return here.length || m.name.length < 6 ? here : m.subjects;
    };
    const subjectOf = (n: DraftNumber): Mention | undefined => {
      const before = mentions.filter((x) => x.end <= n.start && !isReference(p.norm, x)).reverse();
      return [...before, ...[...headingMentions].reverse()].find((x) => usable(x).length > 0);
    };
    const levels = numbers.map((x) => LEVEL.exec(x.clause)?.[0]);

    const tie = (n: DraftNumber, i: number): Tied | undefined => {
      if (free >= 0 && free < n.start) return undefined;
      // A number inside a name (…第三批5％采购尾款) is part of the name.
      if (mentions.some((m) => n.start >= m.start && n.start < m.end)) return undefined;
      const m = n.unit === '人' ? undefined : subjectOf(n);
      const clause = stripNames(n.clause, m && m.start >= n.clauseStart ? [m] : [], n);
      if (/等/.test(clause)) return undefined;
      // 执行率偏低的项目共3个：甲…；乙…，合计结余X: a total over the several items the sentence (to its 。) lists, not the
      // last one's figure.
      const from = Math.max(...['。', '！', '？', '. '].map((end) => p.norm.lastIndexOf(end, n.start))) + 1;
      const listed = new Set(mentions.filter((x) => x.start >= from && x.end <= n.start).map((x) => x.name));
      if (/合计|共计|累计/.test(clause) && listed.size > 1) return undefined;
      // 争取市级资金188万元，区级资金19.71万元: each level is a part of the figure, not the figure.
      const level = levels[i];
      if (
        level &&
        numbers.some((x, j) => j !== i && x.sentence === n.sentence && levels[j] && levels[j] !== level)
      )
        return undefined;
      let term = termOf(n, clause);
      if (term === 'skip') return undefined;
      let candidates: Subject[];
      if (n.unit === '人' || term === 'controlRate' || term === 'staffOver') {
        candidates = staffing ? [staffing] : [];
      } else {
        candidates = m ? usable(m) : [];
        // No word names the figure: 支出 in the subject's name, or the subject's only money figure; never for a
        // number in an aside (…101.28万元（该项目总额168.8万元，分两笔支付）): a remark's figure is another one.
        if (term === undefined && asides[n.start]) return undefined;
        if (term === undefined && m && /支出$/.test(m.name)) term = 'spent';
        if (term === undefined && MONEY_UNITS.has(n.unit))
          term = candidates.map((c) => c.moneyTerms).find((t) => t.length === 1)?.[0];
      }
      if (!term) return undefined;
      let best: Tied | undefined;
      for (const subject of candidates) {
        const figure = subject.figure(term);
        if (!figure || !fits(n, term, figure)) continue;
        const v = verdict(n, figure.value);
        const t: Tied = { n, subject, term, figure, verdict: v };
        if (!best || rank(v) < rank(best.verdict)) best = t;
        else if (rank(v) === rank(best.verdict) && figure.value.eq(best.figure.value))
          // The same figure in two tables (a 合计 of 个数 on both sides of a sheet): both are its source.
          best = { ...best, figure: { ...best.figure, cells: [...best.figure.cells, ...figure.cells] } };
      }
      return best;
    };

    for (const [i, n] of numbers.entries()) {
      const tied = tie(n, i);
      if (!tied) {
        if (n.unit !== 'bare')
          unchecked.push({ paragraph: p.index, quote: n.quote, sentence: sentenceOf(n) });
        continue;
      }
      checked++;
      tiedAll.push(tied);
      const what = whatOf(tied.subject, tied.term);
      const expected = show(n, tied.term, tied.figure.value);
      const key = `${tied.subject.key}|${tied.term}`;
      const first = firstStated.get(key);
      if (!first) firstStated.set(key, tied);
      if (n.unit === 'bare') {
        finding(
          n,
          'warning',
          expected,
          message(lang, 'claimNoPercent', { what, actual: n.quote, expected }),
          tied.figure.cells,
        );
        continue;
      }
      if (tied.verdict === 'agrees') {
        agreed.add(n);
        continue;
      }
      if (tied.verdict === 'rounding') {
        finding(
          n,
          'info',
          expected,
          message(lang, 'claimRounding', { what, actual: n.quote, expected }),
          tied.figure.cells,
        );
        continue;
      }
      const source = sourceOf(tied.figure);
      const twice = first && first.n.paragraph !== p && !first.n.value.eq(n.value) ? first : undefined;
      finding(
        n,
        'error',
        expected,
        twice
          ? message(lang, 'claimTwice', {
              what,
              actual: n.quote,
              first: String(twice.n.paragraph.index),
              other: twice.n.quote,
              expected,
              source,
            })
          : message(lang, 'claimWrong', { what, actual: n.quote, expected, source }),
        tied.figure.cells,
      );
    }

    if (numbers.length === 0 && p.norm.length <= 60) heading = p;
    previous = p;
  }

  draftArithmetic();

  return { findings, unchecked, checked, paragraphs: paragraphs.length };

  function whatOf(subject: Subject, term: Term): string {
    const label = termLabel(lang, term);
    if (subject.key === 'staffing') return label;
    return lang === 'zh-CN' ? `“${subject.label}”的${label}` : `the ${label} of “${subject.label}”`;
  }

  function sourceOf(figure: Figure): string {
    return dedupe(figure.cells)
      .slice(0, 3)
      .map((c) => `${c.sheet}!${c.cell}`)
      .join(lang === 'zh-CN' ? '、' : ', ');
  }

  /** The draft's own arithmetic, for numbers the workbook did not already decide. */
  function draftArithmetic(): void {
    for (const numbers of numbersBy.values()) {
      for (const n of numbers) {
        if (flagged.has(n) || agreed.has(n)) continue;
        if (n.unit === '%') rateInSentence(n, numbers);
        else if (COUNT_UNITS.has(n.unit) || n.unit === '人') countAgainstParts(n, numbers);
      }
    }
  }

  /** A rate stated with its two amounts in the same sentence: 使用180.03万元 … 执行率98.88%. */
  function rateInSentence(n: DraftNumber, numbers: DraftNumber[]): void {
    if (termOf(n, n.clause) !== 'rate') return;
    const same = numbers.filter(
      (x) => x.sentence === n.sentence && x.start < n.start && MONEY_UNITS.has(x.unit),
    );
    const last = (t: Term): DraftNumber | undefined => same.filter((x) => termOf(x, x.clause) === t).pop();
    const spent = last('spent');
    const available = last('available') ?? last('initial');
    if (!spent || !available) return;
    const computed = ratio(draftValue(spent), draftValue(available));
    if (!computed) return;
    const v = verdict(n, computed);
    if (v === 'agrees') return;
    const expected = showPercent(computed);
    finding(
      n,
      v === 'rounding' ? 'info' : 'error',
      expected,
      message(lang, 'claimRate', {
        actual: n.quote,
        spent: spent.quote,
        available: available.quote,
        expected,
      }),
    );
  }

  /** A count followed by 其中 and its parts: 39个 … 第一批6个 … 第四批7个. */
  function countAgainstParts(n: DraftNumber, numbers: DraftNumber[]): void {
    const norm = n.paragraph.norm;
    const rest = numbers.filter((x) => x.start > n.start && x.unit === n.unit);
    const sentenceEnd = nextSentence(norm, n.unitEnd);
    const qi = norm.indexOf('其中', n.unitEnd);
    if (qi < 0 || qi >= sentenceEnd) return;
    const groups: DraftNumber[][] = [
      rest.filter((x) => x.start > qi && x.start < sentenceEnd),
      rest.filter((x) => x.start > sentenceEnd && x.start < nextSentence(norm, sentenceEnd + 1)),
    ].filter((g) => g.length >= 2);
    if (!groups.length) return;
    const sums = groups.map((g) => sum(g.map((x) => x.value)));
    if (sums.some((s) => s.eq(n.value))) return;
    if (!sums.every((s) => s.eq(sums[0]))) return;
    const parts = groups[groups.length - 1].map((x) => x.value.toString()).join(' + ');
    finding(
      n,
      'error',
      sums[0].toString(),
      message(lang, 'claimCount', { actual: n.quote, expected: sums[0].toString(), parts }),
    );
  }
}

function nextSentence(norm: string, from: number): number {
  for (let i = from; i < norm.length; i++) if (/[。；;！？!?]/.test(norm[i])) return i;
  return norm.length;
}

function rank(v: Verdict): number {
  return v === 'agrees' ? 0 : v === 'rounding' ? 1 : 2;
}

/** The clause without the names it mentions (专项经费分配安排和使用情况 names a table, not 安排 or 使用). */
function stripNames(clause: string, mentions: Mention[], n: DraftNumber): string {
  let out = '';
  for (let i = 0; i < clause.length; i++) {
    const at = n.clauseStart + i;
    if (!mentions.some((m) => at >= m.start && at < m.end)) out += clause[i];
  }
  return out;
}

function dedupe(cells: { sheet: string; cell: string }[]): { sheet: string; cell: string }[] {
  const seen = new Set<string>();
  return cells.filter((c) => {
    const k = `${c.sheet}!${c.cell}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
