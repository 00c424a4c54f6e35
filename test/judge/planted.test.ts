/**
 * Judging suite: random consistent tables in each layout of domain.md §1 (test/judge/planted/layouts.ts, drawn with
 * fast-check from fixed seeds) must give nothing above info; with exactly one planted wrong cell (any field, any
 * depth, by an amount well outside rounding) they must give exactly one finding above info, where domain.md §3
 * puts it (test/judge/planted/model.ts `locate`: the planted cell, or by its tie rules the derived cell or the
 * total), with the cell's true value as `expected`; and the `cause` cases of §3 must name their cause.
 * Scoreboards per layout and planted kind, and per cause, are printed at the end.
 *
 * Not part of `npm test` until the engine passes it: run with `npm run test:judge`.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { analyze } from '../../src/engine';
import type { Finding } from '../../src/engine';
import { book } from '../support/grid';
import { CAUSES, type CauseCase } from './planted/causes';
import { LAYOUTS, R, type Draw, type LayoutName } from './planted/layouts';
import {
  Grid,
  locate,
  round,
  shown,
  type Figure,
  type Kind,
  type Located,
  type Table,
} from './planted/model';
import { PlantedScoreboard } from './planted/scoreboard';

const SEED = 20261205;
const CONSISTENT_PER_LAYOUT = 6;
const PLANTED_PER_LAYOUT = 24;
const PER_CAUSE = 4;

const board = new PlantedScoreboard();
const causeBoard = new PlantedScoreboard();
afterAll(() => {
  console.log(
    board.render('Planted wrong cell: pass/total per layout and planted kind (consistent: no finding)'),
  );
  console.log(causeBoard.render('Planted causes: pass/total'));
});

function describeFinding(f: Finding): string {
  const cause = (f as { cause?: string }).cause;
  return `${f.cell} ${f.rule} ${f.severity} expected=${f.expected} actual=${f.actual}${cause ? ` cause=${cause}` : ''}`;
}

function above(t: Table, plants: [string, Decimal][] = []): Finding[] {
  const sheet = {
    ...t.sheet,
    rows: t.sheet.rows.map((row, r) =>
      row.map((cell, c) => {
        const id = `${String.fromCharCode(65 + c)}${r + 1}`;
        const p = plants.find(([x]) => x === id);
        return p && cell ? { ...cell, v: p[1].toNumber() } : cell;
      }),
    ),
  };
  return analyze(book(sheet)).findings.filter((f) => f.severity !== 'info');
}

/* Consistent tables. */

const consistent: [string, LayoutName, Table][] = (Object.keys(LAYOUTS) as LayoutName[]).flatMap((name, i) =>
  fc
    .sample(
      fc.gen().map((g) => LAYOUTS[name](new R(g as Draw))),
      { seed: SEED + i, numRuns: CONSISTENT_PER_LAYOUT },
    )
    .map((t, j): [string, LayoutName, Table] => [`${name} #${j + 1} (${t.about})`, name, t]),
);

describe('a consistent table gives nothing above info', () => {
  it.each(consistent)('%s', (_label, name, t) => {
    const found = above(t).map(describeFinding);
    board.record(name, 'consistent', found.length === 0);
    expect(found).toEqual([]);
  });
});

/* One planted wrong cell. */

interface Planted {
  t: Table;
  f: Figure;
  wrong: Decimal;
  loc: Located;
}

/** A wrong value well outside rounding: ±10–60 % (at least 1.00 万元), or ±5–30 points for a rate. */
function wrongValue(r: R, f: Figure): Decimal {
  const up = r.bool();
  let d: Decimal;
  if (f.rate) d = new Decimal(r.int(500, 3000)).div(10000);
  else if (f.kind === 'score') d = new Decimal(r.int(100, 500)).div(100);
  else d = round(Decimal.max(f.value.abs().times(r.int(10, 60)).div(100), f.yuan ? 10000 : 1), 2);
  const plus = f.value.plus(d);
  const minus = f.value.minus(d);
  if (f.signed) return up ? plus : minus;
  return up || minus.lte(0) ? plus : minus;
}

function plant(r: R, t: Table): Planted {
  const plantable = [...t.figures.values()].filter((f) => f.plantable);
  const kinds = [...new Set(plantable.map((f) => f.kind))].sort();
  const kind = r.pick(kinds);
  const f = r.pick(plantable.filter((x) => x.kind === kind));
  const wrong = wrongValue(r, f);
  return { t, f, wrong, loc: locate(t, f.id, wrong) };
}

const planted: [string, LayoutName, Kind, Planted][] = (Object.keys(LAYOUTS) as LayoutName[]).flatMap(
  (name, i) =>
    fc
      .sample(
        fc.gen().map((g) => {
          const r = new R(g as Draw);
          return plant(r, LAYOUTS[name](r));
        }),
        { seed: SEED + 100 + i, numRuns: PLANTED_PER_LAYOUT },
      )
      .map((p, j): [string, LayoutName, Kind, Planted] => [
        `${name} #${j + 1} ${p.f.kind} ${p.f.id} ${p.f.value.toFixed()} → ${p.wrong.toFixed()} (${p.t.about}; ${p.loc.how} ${p.loc.cells.join('|')})`,
        name,
        p.f.kind,
        p,
      ]),
);

describe('one planted wrong cell gives one finding, where domain.md §3 puts it, with the true value', () => {
  it.each(planted)('%s', (_label, name, kind, p) => {
    // Where §3 corrects a derived cell to a value other than the truth (a tie) or corrects nothing (at the total),
    // a low rate that follows from the figures as corrected may be reported too.
    const found = above(p.t, [[p.f.id, p.wrong]]).filter(
      (f) => p.loc.how === 'unique' || f.rule !== 'low-rate',
    );
    const problems: string[] = [];
    if (found.length !== 1)
      problems.push(`${found.length} findings above info: ${found.map(describeFinding).join('; ')}`);
    const at = found.find((f) => p.loc.cells.includes(f.cell));
    if (!at)
      problems.push(`nothing at ${p.loc.cells.join(' or ')} (candidates ${p.loc.candidates.join(', ')})`);
    else if (p.loc.value !== undefined) {
      const fig = p.t.figures.get(at.cell) as Figure;
      const want = shown(fig, p.loc.value);
      if (at.expected !== want) problems.push(`${at.cell}: expected "${at.expected}", want "${want}"`);
    }
    board.record(name, kind, problems.length === 0);
    expect(problems).toEqual([]);
  });
});

/* The causes of domain.md §3. */

const causeCases: [string, CauseCase][] = CAUSES.flatMap(([cause, make], i) => {
  const out: CauseCase[] = [];
  const pool = fc.sample(
    fc.gen().map((g) => make(new R(g as Draw))),
    { seed: SEED + 200 + i, numRuns: PER_CAUSE * 8 },
  );
  for (const c of pool) if (c && out.length < PER_CAUSE) out.push(c);
  return out.map((c, j): [string, CauseCase] => [`${cause} #${j + 1}: ${c.about} (${c.table.about})`, c]);
});

describe('the cause of a planted error is named where one explanation fits', () => {
  it('draws every cause', () => {
    const drawn = new Set(causeCases.map(([, c]) => c.cause));
    expect([...drawn].sort()).toEqual([...new Set(CAUSES.map(([c]) => c))].sort());
  });

  it.each(causeCases)('%s', (_label, c) => {
    const found = above(c.table, c.plants);
    const problems: string[] = [];
    if (found.length !== 1)
      problems.push(`${found.length} findings above info: ${found.map(describeFinding).join('; ')}`);
    const at = found.find((f) =>
      c.row !== undefined ? Number(/\d+$/.exec(f.cell)?.[0]) === c.row : c.cells.includes(f.cell),
    );
    if (!at) problems.push(`nothing at ${c.row !== undefined ? `row ${c.row}` : c.cells.join(' or ')}`);
    else {
      if (c.expected !== undefined && at.expected !== c.expected)
        problems.push(`${at.cell}: expected "${at.expected}", want "${c.expected}"`);
      const cause = (at as { cause?: string }).cause;
      if (cause !== c.cause) problems.push(`${at.cell}: cause ${cause ?? '(none)'}, want ${c.cause}`);
    }
    causeBoard.record(c.table.layout, c.cause, problems.length === 0);
    expect(problems).toEqual([]);
  });
});

/* The reference reading itself, on small tables whose answer is worked out by hand from domain.md §3. */

describe('the reference reading of domain.md §3', () => {
  const d = (x: string | number): Decimal => new Decimal(x);

  /** 项目 | 实际支出 with the given items and a 合计 below them. */
  function oneColumn(items: string[]): { t: Table; ids: string[]; total: string } {
    const g = new Grid();
    const ids = items.map((v, i) => g.figure(i, 1, d(v), { kind: 'part', derived: false }));
    const total = g.figure(
      items.length,
      1,
      items.map(d).reduce((a, b) => a.plus(b)),
      {
        kind: 'total',
        derived: true,
      },
    );
    g.sum(total, ids);
    return { t: g.table('hand', 's', 'hand'), ids, total };
  }

  it('a wrong part of a one-column total ties with the total: the derived total is corrected', () => {
    const { t, ids, total } = oneColumn(['10.00', '20.00', '30.00']);
    const loc = locate(t, ids[1], d('25.00'));
    expect(loc).toMatchObject({ cells: [total], how: 'derived-tie' });
    expect(loc.value?.toFixed(2)).toBe('65.00');
  });

  it('a wrong part under a subtotal that the 合计 confirms is reported once, at the subtotal', () => {
    const g = new Grid();
    const a1 = g.figure(1, 1, d('10.00'), { kind: 'part', derived: false });
    const a2 = g.figure(2, 1, d('20.00'), { kind: 'part', derived: false });
    const a = g.figure(0, 1, d('30.00'), { kind: 'subtotal', derived: true });
    const b1 = g.figure(4, 1, d('5.00'), { kind: 'part', derived: false });
    const b = g.figure(3, 1, d('5.00'), { kind: 'subtotal', derived: true });
    const total = g.figure(5, 1, d('35.00'), { kind: 'total', derived: true });
    g.sum(a, [a1, a2]);
    g.sum(b, [b1]);
    g.sum(total, [a, b]);
    const loc = locate(g.table('hand', 's', 'hand'), a1, d('12.00'));
    expect(loc).toMatchObject({ cells: [a], how: 'at-total', candidates: [a1, a2] });
    expect(loc.value).toBeUndefined();
  });

  it('a wrong 全年预算数 is the one cell that explains its row, its 结余, its 执行率 and its column', () => {
    const g = new Grid();
    const row = (r: number, values: string[], kindTotal: boolean): string[] => {
      const [ini, add, ava, spe, sur] = values.map((v, c) =>
        g.figure(r, c + 1, d(v), {
          kind: kindTotal ? 'total' : (['initial', 'added', 'available', 'spent', 'surplus'] as Kind[])[c],
          derived: kindTotal || c === 2 || c === 4,
        }),
      );
      g.sum(ava, [ini, add]);
      g.sum(sur, [ava], [spe]);
      const rt = g.figure(r, 6, d(values[3]).div(d(values[2])).toDecimalPlaces(4), {
        kind: 'rate',
        derived: true,
        rate: true,
      });
      g.ratio(rt, [spe], [ava]);
      g.notAbove(spe, ava);
      return [ini, add, ava, spe, sur];
    };
    const x = row(0, ['100.00', '20.00', '120.00', '90.00', '30.00'], false);
    const y = row(1, ['50.00', '0.00', '50.00', '45.00', '5.00'], false);
    const t = row(2, ['150.00', '20.00', '170.00', '135.00', '35.00'], true);
    t.forEach((id, c) => g.sum(id, [x[c], y[c]]));
    const loc = locate(g.table('hand', 's', 'hand'), x[2], d('130.00'));
    expect(loc).toMatchObject({ cells: [x[2]], how: 'unique' });
    expect(loc.value?.toFixed(2)).toBe('120.00');
  });

  it('the source report’s 资金执行率 98.88% is wrong: 180.03 ÷ 182.42 = 98.69%', () => {
    const g = new Grid();
    const ava = g.figure(0, 1, d('182.42'), { kind: 'available', derived: false });
    const spe = g.figure(0, 2, d('180.03'), { kind: 'spent', derived: false });
    const rt = g.figure(0, 3, d('0.9869'), { kind: 'rate', derived: true, rate: true });
    g.ratio(rt, [spe], [ava]);
    const t = g.table('hand', 's', 'hand');
    const loc = locate(t, rt, d('0.9888'));
    expect(loc).toMatchObject({ cells: [rt], how: 'unique' });
    expect(shown(t.figures.get(rt) as Figure, loc.value as Decimal)).toBe('98.69%');
  });

  it('a stated figure within the rounding tolerance is no failure (2940.05 against 2940.06 over four terms)', () => {
    const { t, ids } = oneColumn(['2106.66', '326.72', '60.99', '445.69']);
    const total = [...t.figures.values()].find((f) => f.kind === 'total') as Figure;
    expect(() => locate(t, total.id, d('2940.05'))).toThrow(/broke nothing/);
    expect(ids).toHaveLength(4);
  });
});
