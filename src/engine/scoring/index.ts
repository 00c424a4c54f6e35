/**
 * Self-evaluation scoring (domain.md §4): the 项目支出绩效自评表 (a funds block and an indicator block) and the
 * 评分表 (评价内容 | 分值 | 得分, 合计, 等次). Each stated 得分 is checked against its points and its figures,
 * the 合计 against the scores, the 等次 against the band of the total, all with rule `score`.
 */
import type Decimal from 'decimal.js';
import { cellText, formatDecimals, toHalfWidth } from '../cells';
import { a1, someCell, type Sheet } from '../grid';
import { GRADE_LABEL, type Stated, type WorkLedger, type WorkRow } from '../ledger';
import { D, sum } from '../money';
import {
  addFinding,
  compareAmount,
  reportDifference,
  rowLabel,
  showPair,
  type RuleContext,
} from '../rules/context';
import {
  EngineUsageError,
  type Field,
  type Grade,
  type GradeBands,
  type ScoreItem,
  type ScoreTable,
  type ScoreWeights,
  type ScoringOptions,
} from '../types';
import { indicatorScore, readMeasure } from './targets';

export const DEFAULT_WEIGHTS: ScoreWeights = { execution: 10, output: 50, effect: 30, satisfaction: 10 };
export const DEFAULT_BANDS: GradeBands = { excellent: 90, good: 80, pass: 60 };

/** The grade of a total on the bands (lower bounds inclusive). */
export function gradeOf(total: Decimal, bands: GradeBands = DEFAULT_BANDS): Grade {
  if (total.gte(bands.excellent)) return '优';
  if (total.gte(bands.good)) return '良';
  if (total.gte(bands.pass)) return '中';
  return '差';
}

/** 优秀 → 优, 良好 → 良, 合格 / 中等 → 中, 不合格 / 较差 → 差. */
export function readGrade(text: string): Grade | undefined {
  const s = toHalfWidth(text).replace(/[\s“”"'「」【】()（）]/g, '');
  if (/^(不合格|差|较差)/.test(s)) return '差';
  if (/^优/.test(s)) return '优';
  if (/^良/.test(s)) return '良';
  if (/^(中|合格|一般)/.test(s)) return '中';
  return undefined;
}

const WEIGHT_KEYS = ['execution', 'output', 'effect', 'satisfaction'] as const;
const BAND_KEYS = ['excellent', 'good', 'pass'] as const;

/**
 * Checks scoring options as a user wrote them (a config file, the add-in's settings): `weights` and `bands` with
 * numbers from 0 to 100, bands descending. Throws {@link EngineUsageError} naming the problem.
 */
export function checkScoringOptions(value: unknown): ScoringOptions {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const fail = (why: string): never => {
    throw new EngineUsageError(`scoring: ${why}`);
  };
  if (!isRecord(value)) return fail('must be an object with weights and bands');
  for (const key of Object.keys(value))
    if (key !== 'weights' && key !== 'bands') fail(`unknown key "${key}"`);
  const numbers = <K extends string>(
    v: unknown,
    what: string,
    keys: readonly K[],
  ): Partial<Record<K, number>> => {
    if (!isRecord(v)) return fail(`${what} must be an object`);
    const o: Partial<Record<K, number>> = {};
    for (const [k, n] of Object.entries(v)) {
      if (!(keys as readonly string[]).includes(k))
        fail(`unknown ${what} "${k}" (known: ${keys.join(', ')})`);
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 100)
        fail(`${what}.${k} must be a number from 0 to 100`);
      o[k as K] = n as number;
    }
    return o;
  };
  const out: ScoringOptions = {};
  if (value.weights !== undefined) out.weights = numbers(value.weights, 'weights', WEIGHT_KEYS);
  if (value.bands !== undefined) {
    const b = numbers(value.bands, 'bands', BAND_KEYS);
    const { excellent, good, pass } = { ...DEFAULT_BANDS, ...b };
    if (!(excellent > good && good > pass)) fail('bands must descend: excellent > good > pass');
    out.bands = b;
  }
  return out;
}

export function resolveScoring(options: ScoringOptions | undefined): {
  weights: ScoreWeights;
  bands: GradeBands;
} {
  return {
    weights: { ...DEFAULT_WEIGHTS, ...(options?.weights ?? {}) },
    bands: { ...DEFAULT_BANDS, ...(options?.bands ?? {}) },
  };
}

/** Whether a ledger is part of a score form (it has 分值 or 得分). */
export function isScoreLedger(l: WorkLedger): boolean {
  return l.fieldsPresent.has('points') || l.fieldsPresent.has('score');
}

/** A cell's text as shown: a number formatted as a percentage reads `95%` (0.95 stored). */
function columnText(l: WorkLedger, row: WorkRow, field: Field): string | undefined {
  const spec = l.raw.columns.find((c) => c.field === field);
  if (!spec) return undefined;
  const cell = l.raw.sheet.rows[row.rel]?.[spec.col];
  if (cell && typeof cell.v === 'number' && formatDecimals(cell.fmt)?.percent) {
    return `${new D(String(cell.v)).times(100).toString()}%`;
  }
  const t = cellText(cell).trim();
  return t || undefined;
}

/** The grade a sheet states: a 等次 row of a table, or a 等次 | 优 pair (or 等次：优) anywhere on it. */
function statedGrade(sheet: Sheet, ledgers: WorkLedger[]): { text: string; cell: string } | undefined {
  const top = sheet.top ?? 0;
  const left = sheet.left ?? 0;
  const first = new Set(ledgers.flatMap((l) => l.grades));
  const rows = [...first];
  for (let r = 0; r < sheet.rows.length; r++) if (!first.has(r)) rows.push(r);
  let found: { text: string; cell: string } | undefined;
  for (const r of rows) {
    // The label, then the first cell after it that holds something (a sparse row is walked by its cells).
    let label = -1;
    someCell(sheet.rows[r], (cell, c) => {
      if (label >= 0) {
        const v = cellText(cell).trim();
        if (!v) return false;
        if (readGrade(v)) found = { text: v, cell: a1(top + r, left + c) };
        label = -1;
        if (found) return true;
      }
      const t = toHalfWidth(cellText(cell)).replace(/\s+/g, '');
      const m = GRADE_LABEL.exec(t);
      if (!m || t.length > 12) return false;
      const rest = t.slice(m[0].length);
      if (rest && readGrade(rest)) found = { text: rest, cell: a1(top + r, left + c) };
      else label = c;
      return found !== undefined;
    });
    if (found) return found;
  }
  return undefined;
}

/** The form's 项目名称 | … value, which names what is scored. */
function projectName(sheet: Sheet): string | undefined {
  for (const cells of sheet.rows.slice(0, 12)) {
    if (!cells) continue;
    for (let c = 0; c < cells.length; c++) {
      if (!/^项目名称[:：]?$/.test(cellText(cells[c]).replace(/\s+/g, ''))) continue;
      for (let k = c + 1; k < cells.length; k++) {
        const v = cellText(cells[k]).trim();
        if (v) return v;
      }
    }
  }
  return undefined;
}

function shown(v: Decimal, dp: number): string {
  return showPair(v, v, dp)[0];
}

/** 得分 ≤ 分值, and 得分 equal to what its figures give. */
function checkScore(
  ctx: RuleContext,
  sheet: string,
  name: string,
  stated: Stated | undefined,
  points: Decimal | undefined,
  computed: Decimal | undefined,
  key: 'scoreMismatch' | 'scoreExecution' = 'scoreMismatch',
): void {
  if (!stated) return;
  if (points && stated.value.gt(points)) {
    // What the score should be, where its figures give it; else only its bound.
    const fit = computed && computed.lte(points) ? shown(computed, Math.max(2, stated.dp)) : undefined;
    addFinding(ctx, {
      rule: 'score',
      severity: 'error',
      sheet,
      cell: stated.cell,
      expected: fit ?? `≤ ${shown(points, stated.dp)}`,
      actual: shown(stated.value, stated.dp),
      key: 'scoreOverPoints',
      params: { name: rowLabel(ctx, name), points: shown(points, stated.dp) },
    });
    return;
  }
  if (!computed) return;
  // A score is points × a ratio, like a rate: one unit of its last shown decimal is rounding.
  reportDifference(ctx, {
    rule: 'score',
    sheet,
    stated,
    computed,
    outcome: compareAmount(stated, computed, 2),
    key,
    roundingKey: 'scoreRounding',
    params: { name: rowLabel(ctx, name) },
  });
}

/** Scores the score ledgers of one sheet into at most one form and any number of 评分表. */
export function scoreSheet(
  ctx: RuleContext,
  sheet: Sheet,
  ledgers: WorkLedger[],
  options: { weights: ScoreWeights; bands: GradeBands },
  /** The true value of a stated figure (corrected where the correction model found it wrong). */
  value: (s: Stated) => Decimal = (s) => s.value,
): ScoreTable[] {
  const out: ScoreTable[] = [];
  const funds = ledgers.find((l) => l.fieldsPresent.has('spent') || l.fieldsPresent.has('available'));
  const indicators = ledgers.filter(
    (l) =>
      l !== funds &&
      (l.fieldsPresent.has('target') || l.fieldsPresent.has('actualValue') || l.fieldsPresent.has('level1')),
  );
  const aspects = ledgers.filter((l) => l !== funds && !indicators.includes(l));
  const grade = statedGrade(sheet, ledgers);

  if (funds || indicators.length) {
    const title = projectName(sheet) ?? (funds ?? indicators[0]).raw.title;
    const table: ScoreTable = { sheet: sheet.name, ...(title ? { title } : {}), kind: 'form', items: [] };
    if (funds) {
      const row = funds.rows.find((r) => r.vals.points || r.vals.score) ?? funds.rows[0];
      if (row) {
        const v = row.vals;
        const rate =
          v.spent && v.available && !value(v.available).isZero()
            ? value(v.spent).div(value(v.available))
            : v.rate && value(v.rate);
        const points = v.points?.value ?? new D(options.weights.execution);
        const computed = rate ? points.times(D.min(rate, 1)) : undefined;
        table.execution = { points, ...(rate ? { rate } : {}), ...(computed ? { computed } : {}) };
        if (v.score) {
          table.execution.stated = v.score.value;
          table.execution.cell = v.score.cell;
        }
        checkScore(ctx, sheet.name, row.name, v.score, points, computed, 'scoreExecution');
      }
    }
    let total: WorkRow | undefined;
    for (const l of indicators) {
      let level1: string | undefined;
      let level2: string | undefined;
      for (const row of l.rows) {
        if (row.kind === 'total') {
          total = row;
          continue;
        }
        level1 = columnText(l, row, 'level1') ?? level1;
        level2 = columnText(l, row, 'level2') ?? level2;
        const v = row.vals;
        if (!v.points && !v.score) continue;
        const target = columnText(l, row, 'target');
        const actual = columnText(l, row, 'actualValue');
        const item: ScoreItem = {
          name: row.name,
          ...(level1 ? { level1 } : {}),
          ...(level2 ? { level2 } : {}),
        };
        if (target) item.target = target;
        if (actual) item.actual = actual;
        if (v.points) {
          item.points = v.points.value;
          const r = indicatorScore(v.points.value, readMeasure(target), readMeasure(actual));
          item.direction = r.direction;
          if (r.score) item.computed = r.score;
        }
        if (v.score) {
          item.stated = v.score.value;
          item.cell = v.score.cell;
        }
        if (row.reason) item.deviation = row.reason.trim();
        table.items.push(item);
        checkScore(ctx, sheet.name, row.name, v.score, v.points?.value, item.computed);
      }
    }
    finishTotal(ctx, table, total);
    if (grade && !out.length) applyGrade(ctx, table, grade, options.bands);
    out.push(table);
  }

  for (const l of aspects) {
    const table: ScoreTable = { sheet: sheet.name, title: l.raw.title, kind: 'aspects', items: [] };
    let total: WorkRow | undefined;
    for (const row of l.rows) {
      if (row.kind === 'total') {
        total ??= row;
        continue;
      }
      const v = row.vals;
      const item: ScoreItem = { name: row.name };
      if (v.points) item.points = v.points.value;
      if (v.score) {
        item.stated = v.score.value;
        item.cell = v.score.cell;
      }
      if (row.reason) item.deviation = row.reason.trim();
      table.items.push(item);
      checkScore(ctx, sheet.name, row.name, v.score, v.points?.value, undefined);
    }
    finishTotal(ctx, table, total);
    if (grade && !out.some((t) => t.grade?.cell === grade.cell)) applyGrade(ctx, table, grade, options.bands);
    out.push(table);
  }
  return out;
}

/** What a line truly scores: what its figures give, else the stated score capped at its points. */
function trueScore(i: { computed?: Decimal; stated?: Decimal; points?: Decimal }): Decimal | undefined {
  if (i.computed) return i.computed;
  if (i.stated && i.points && i.stated.gt(i.points)) return i.points;
  return i.stated;
}

/** The 合计 / 总分: the sum of the stated scores (the execution score too when its points are counted in). */
function finishTotal(ctx: RuleContext, table: ScoreTable, row: WorkRow | undefined): void {
  const statedScores = table.items.filter((i) => i.stated).map((i) => i.stated as Decimal);
  const trueScores = table.items.map(trueScore).filter((x): x is Decimal => !!x);
  const itemPoints = sum(table.items.map((i) => i.points).filter((x): x is Decimal => !!x));
  const exec = table.execution;
  // Whether the form's 总分 counts the execution points: its 分值 tells (10 + 90 = 100), else assume so.
  const statedPoints = row?.vals.points?.value;
  const withExecution =
    !!exec && (!statedPoints || !exec.points || statedPoints.eq(itemPoints.plus(exec.points)));
  if (withExecution && exec?.stated) statedScores.push(exec.stated);
  const execTrue = exec ? trueScore(exec) : undefined;
  if (withExecution && execTrue) trueScores.push(execTrue);
  table.total = trueScores.length ? { computed: sum(trueScores) } : {};
  if (row?.vals.points) table.total.points = row.vals.points.value;
  else if (itemPoints.gt(0))
    table.total.points = withExecution && exec?.points ? itemPoints.plus(exec.points) : itemPoints;
  const stated = row?.vals.score;
  if (!stated) return;
  table.total.stated = stated.value;
  table.total.cell = stated.cell;
  if (statedScores.length === 0) return;
  const expectedTotal = sum(statedScores);
  reportDifference(ctx, {
    rule: 'score',
    sheet: table.sheet,
    stated,
    computed: expectedTotal,
    outcome: compareAmount(stated, expectedTotal, statedScores.length),
    key: 'scoreTotal',
    roundingKey: 'scoreTotalRounding',
    params: {},
  });
}

function applyGrade(
  ctx: RuleContext,
  table: ScoreTable,
  grade: { text: string; cell: string },
  bands: GradeBands,
): void {
  const total = table.total;
  // The stated grade answers to the stated total (one wrong cell, one finding); with none, to the computed one.
  const basis = total?.stated ?? total?.computed;
  table.grade = { stated: grade.text, cell: grade.cell };
  // The computed grade is the band of the true total: the stated one unless a rule found it wrong.
  const totalWrong = ctx.findings.some(
    (f) => f.rule === 'score' && f.severity === 'error' && f.sheet === table.sheet && f.cell === total?.cell,
  );
  // The true total: what the scores truly add up to; with no scores to add, the stated total (if it holds).
  const trueTotal =
    total?.computed ?? (total?.stated !== undefined && !totalWrong ? total.stated : undefined);
  if (trueTotal) table.grade.computed = gradeOf(trueTotal, bands);
  if (!basis) return;
  const band = gradeOf(basis, bands);
  if (readGrade(grade.text) === band) return;
  addFinding(ctx, {
    rule: 'score',
    severity: 'error',
    sheet: table.sheet,
    cell: grade.cell,
    expected: band,
    actual: grade.text,
    key: 'scoreGrade',
    params: { total: shown(basis, 2) },
  });
}
