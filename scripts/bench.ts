/**
 * Benchmark of `check` and `report` on a large ledger.
 *
 *   npx tsc -p tsconfig.build.json && node --expose-gc build/scripts/bench.js [--rows 100000] [--seed 1]
 *       [--runs 3] [--out-dir bench-output]
 *
 * 1. Generates a ledger of N rows with planted errors (scripts/gen-ledger.ts) into bench-output/ (git-ignored),
 *    in a child process so that the generator's memory is not counted below.
 * 2. Times, each run in a fresh process (so that no run's memory counts against another's): exceljs `readFile`
 *    alone, the .xlsx host's `readWorkbookFile` alone, the check path as `budget-review check` runs it (the package
 *    opened once for the grids and the run record → `analyze` → `toCheckJson`, with its split), and
 *    `budget-review report` itself (in process, writing into the output folder), each the median of `--runs` runs.
 * 3. Prints the times (report split by its own progress steps: reading, checking, writing), the ratios of check
 *    and of report to exceljs `readFile` alone (goals ≤ 1.5 and ≤ 2.5), both peaks of memory (RSS sampled every
 *    50 ms plus at each step's end, and the process's `resourceUsage().maxRSS`; goal ≤ 500 MB each), and whether
 *    the findings are exactly the planted errors (rule + sheet + cell), listing missing and extra ones.
 * 4. Hostile workbooks (scripts/bench-hostile.ts): time and peak memory of `check` on each, in its own process.
 *    `--hostile` runs this section alone.
 * 5. A batch (scripts/bench-batch.ts): `check <folder>` of 50 generated department workbooks against 50 single
 *    checks, as a ratio, and its peak memory against a folder of 10. `--batch` runs this section alone.
 *
 * Exit code 0 when every goal is met and the findings match exactly, 1 otherwise, 2 for bad usage.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import ExcelJS from 'exceljs';
import { analyze, buildNarrative, buildPlan, summarySheetName, toCheckJson } from '../src/engine';
import { applyPlan, readWorkbookSnapshot } from '../src/hosts/excel';
import { DESKTOP_LIMITS, WEB_LIMITS, type Limits } from '../test/support/excel-sim';
import { loadXlsx } from '../test/support/excel-sim/node';
import { run } from '../src/cli/main';
import { strings } from '../src/cli/strings';
import { readWorkbookFile } from '../src/hosts/xlsx/read';
import { skippedSheets } from '../src/hosts/xlsx/ownership';
import { openReportSource } from '../src/hosts/xlsx/write';
import { generateLedger, type PlantedError } from './gen-ledger';
import { hostileSection } from './bench-hostile';
import { batchSection } from './bench-batch';

const GOAL_RATIO = 1.5;
const GOAL_REPORT_RATIO = 2.5;
const GOAL_MB = 500;
const SAMPLE_MS = 50;
const MB = 1024 * 1024;

interface Options {
  rows: number;
  seed: number;
  runs: number;
  outDir: string;
}

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: bench [--rows N] [--seed S] [--runs R] [--out-dir DIR]\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { rows: 100_000, seed: 1, runs: 3, outDir: 'bench-output' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const int = (min: number): number => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min) usage(`${flag} must be an integer ≥ ${min}, not "${v}"`);
      return Number(v);
    };
    if (flag === '--rows') opts.rows = int(10);
    else if (flag === '--seed') opts.seed = int(0);
    else if (flag === '--runs') opts.runs = int(1);
    else if (flag === '--out-dir') opts.outDir = value();
    else usage(`unknown argument "${arg}"`);
  }
  return opts;
}

/** Records the highest RSS seen: sampled on a timer and whenever `mark()` is called. */
class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.peak = 0;
    this.mark();
    this.timer = setInterval(() => this.mark(), SAMPLE_MS);
  }

  /** A sample now (the timer cannot fire while synchronous code such as `analyze` runs). */
  mark(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
  }

  stop(): number {
    this.mark();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.peak;
  }
}

function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024; // maxRSS is in kilobytes
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;
const key = (f: { rule: string; sheet: string; cell: string }): string => `${f.rule} ${f.sheet}!${f.cell}`;

/** Child-process mode: generate the ledger and write the planted errors as JSON next to it. */
async function generateOnly(file: string, rows: number, seed: number): Promise<void> {
  const { planted } = await generateLedger(file, rows, seed);
  fs.writeFileSync(`${file}.planted.json`, JSON.stringify({ rows, seed, planted }, null, 1));
}

function generateInChild(file: string, rows: number, seed: number): Promise<PlantedError[]> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--generate-only', file, String(rows), String(seed)], {
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`ledger generator exited with code ${String(code)}`));
        return;
      }
      const json = JSON.parse(fs.readFileSync(`${file}.planted.json`, 'utf8')) as { planted: PlantedError[] };
      resolve(json.planted);
    });
  });
}

interface Phase {
  times: number[];
  peakRss: number;
  /** For the check phase: the median split of a run into reading, analysing and the JSON document. */
  split?: { read: number; analyze: number; json: number };
  /** For the report phase: the median split of a run by the command's own progress steps. */
  reportSplit?: ReportSplit;
  findings?: ReturnType<typeof toCheckJson>['findings'];
}

/** `report` by its progress steps: reading (the package opened once), checking (analysis, narrative, plan), writing. */
interface ReportSplit {
  read: number;
  check: number;
  write: number;
}

type PhaseName = 'exceljs' | 'reader' | 'check' | 'report' | 'office';

interface OfficeRow {
  limits: string;
  read: { syncs: number; largestRequest: number; largestResponse: number };
  write: { syncs: number; largestRequest: number };
}

/**
 * The Office.js host on the simulated Excel: round trips and the largest request of reading the workbook and of
 * writing the generated sheets, under desktop Excel's limits and Excel on the web's (5 MB each way).
 */
async function officeOnly(file: string): Promise<void> {
  const out: OfficeRow[] = [];
  for (const [label, limits] of [
    ['desktop', DESKTOP_LIMITS],
    ['web', WEB_LIMITS],
  ] as [string, Limits][]) {
    const sim = await loadXlsx(file, { limits });
    sim.resetStats();
    const snapshot = await readWorkbookSnapshot(sim.run);
    const r = sim.stats();
    const analysis = analyze(snapshot.workbook, { skipSheets: snapshot.owned });
    const options = { existingSheets: snapshot.sheetNames, owned: snapshot.owned };
    const plan = buildPlan(analysis, buildNarrative(analysis, summarySheetName('zh-CN', options)), options);
    sim.resetStats();
    await applyPlan(sim.run, plan);
    const w = sim.stats();
    // Largest response Excel gave (a response over the limit is refused, and the host then reads in blocks).
    const answered = r.requests.filter((q) => q.outcome === 'ok');
    out.push({
      limits: label,
      read: {
        syncs: r.syncs,
        largestRequest: r.largestRequest,
        largestResponse: answered.reduce((m, q) => Math.max(m, q.responseBytes), 0),
      },
      write: { syncs: w.syncs, largestRequest: w.largestRequest },
    });
  }
  process.stdout.write(JSON.stringify(out));
}

/** Child-process mode: runs one phase `runs` times and prints its result as JSON on stdout. */
async function phaseOnly(name: PhaseName, file: string, runs: number): Promise<void> {
  const sampler = new RssSampler();
  const times: number[] = [];
  const reads: number[] = [];
  const analyses: number[] = [];
  const jsons: number[] = [];
  const reportSplits: ReportSplit[] = [];
  let findings: Phase['findings'];
  collectGarbage();
  sampler.start();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    if (name === 'exceljs') {
      await new ExcelJS.Workbook().xlsx.readFile(file);
    } else if (name === 'report') {
      const out = path.join(path.dirname(file), `report-of-${path.basename(file)}`);
      const silent = { write: () => true };
      // The command's progress (shown on a terminal) marks when it starts checking and writing.
      const s = strings('zh-CN');
      const marks: Partial<Record<'check' | 'write', number>> = {};
      const progress = {
        isTTY: true,
        write: (chunk: string): boolean => {
          if (chunk.includes(s.progressChecking)) marks.check ??= performance.now();
          if (chunk.includes(s.progressWriting('').trim())) marks.write ??= performance.now();
          return true;
        },
      };
      const code = await run(['report', file, '--out', out], { stdout: silent, stderr: progress });
      if (code !== 0 && code !== 1) throw new Error(`report exited with ${code}`);
      const end = performance.now();
      const check = marks.check ?? t0;
      const write = marks.write ?? end;
      reportSplits.push({ read: check - t0, check: write - check, write: end - write });
      fs.rmSync(out, { force: true });
    } else if (name === 'reader') {
      await readWorkbookFile(file);
    } else {
      // As `budget-review check` reads: the package opened once, its grids and the run record's ownership.
      const source = await openReportSource(file);
      await source.pkg.close();
      const workbook = source.pkg.workbook;
      const t1 = performance.now();
      sampler.mark();
      {
        const analysis = analyze(workbook, { skipSheets: skippedSheets(source.ownership) });
        const t2 = performance.now();
        sampler.mark();
        findings = toCheckJson(analysis).findings;
        const t3 = performance.now();
        reads.push(t1 - t0);
        analyses.push(t2 - t1);
        jsons.push(t3 - t2);
      }
    }
    times.push(performance.now() - t0);
    sampler.mark();
    process.stderr.write(`  ${name} run ${i + 1}/${runs}: ${secs(times[i])}\n`);
    collectGarbage();
  }
  const peakRss = Math.max(sampler.stop(), maxRssBytes());
  const out: Phase = { times, peakRss };
  if (name === 'check') {
    out.split = { read: median(reads), analyze: median(analyses), json: median(jsons) };
    out.findings = findings;
  }
  if (name === 'report') out.reportSplit = medianSplit(reportSplits);
  process.stdout.write(JSON.stringify(out));
}

function medianSplit(splits: readonly ReportSplit[]): ReportSplit {
  return {
    read: median(splits.map((x) => x.read)),
    check: median(splits.map((x) => x.check)),
    write: median(splits.map((x) => x.write)),
  };
}

/** One run of a phase in a fresh process, so that no run's memory counts against another's. */
function runOnce(name: PhaseName, file: string): Promise<Phase> {
  return runChild(name, file) as Promise<Phase>;
}

function runChild(name: PhaseName, file: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--phase', name, file, '1'], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      execArgv: ['--expose-gc'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${name} phase exited with code ${String(code)}`));
      else resolve(JSON.parse(out) as unknown);
    });
  });
}

/** `runs` runs of a phase, each in its own process: the times, the highest peak, the median split. */
async function runPhase(name: PhaseName, file: string, runs: number): Promise<Phase> {
  const results: Phase[] = [];
  for (let i = 0; i < runs; i++) results.push(await runOnce(name, file));
  const out: Phase = {
    times: results.flatMap((r) => r.times),
    peakRss: Math.max(...results.map((r) => r.peakRss)),
    findings: results[results.length - 1].findings,
  };
  const reportSplits = results.map((r) => r.reportSplit).filter((x): x is ReportSplit => !!x);
  if (reportSplits.length) out.reportSplit = medianSplit(reportSplits);
  const splits = results.map((r) => r.split).filter((x): x is NonNullable<Phase['split']> => !!x);
  if (splits.length) {
    out.split = {
      read: median(splits.map((x) => x.read)),
      analyze: median(splits.map((x) => x.analyze)),
      json: median(splits.map((x) => x.json)),
    };
  }
  return out;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--generate-only') {
    await generateOnly(argv[1], Number(argv[2]), Number(argv[3]));
    return 0;
  }
  if (argv[0] === '--phase') {
    if (argv[1] === 'office') await officeOnly(argv[2]);
    else await phaseOnly(argv[1] as PhaseName, argv[2], Number(argv[3]));
    return 0;
  }
  if (argv[0] === '--hostile') {
    // The hostile workbooks alone (scripts/bench-hostile.ts).
    const dir = argv[1] === '--out-dir' && argv[2] ? argv[2] : 'bench-output';
    return (await hostileSection(dir)) ? 0 : 1;
  }
  if (argv[0] === '--batch') {
    // The batch review alone (scripts/bench-batch.ts): N workbooks at once against N single checks.
    const dir = argv[1] === '--out-dir' && argv[2] ? argv[2] : 'bench-output';
    return (await batchSection(dir)) ? 0 : 1;
  }
  const opts = parseArgs(argv);
  fs.mkdirSync(opts.outDir, { recursive: true });
  const file = path.resolve(opts.outDir, `ledger-${opts.rows}-s${opts.seed}.xlsx`);

  process.stderr.write(`generating ${opts.rows.toLocaleString('en-US')} rows (seed ${opts.seed}) …\n`);
  const g0 = performance.now();
  const planted = await generateInChild(file, opts.rows, opts.seed);
  const genMs = performance.now() - g0;
  const size = fs.statSync(file).size;
  console.log(
    `ledger       ${path.relative(process.cwd(), file)}: ${opts.rows.toLocaleString('en-US')} rows, ` +
      `${(size / MB).toFixed(1)} MB, ${planted.length} planted errors (generated in ${secs(genMs)})`,
  );

  const baseline = await runPhase('exceljs', file, opts.runs);
  const reader = await runPhase('reader', file, opts.runs);
  const check = await runPhase('check', file, opts.runs);
  const report = await runPhase('report', file, opts.runs);
  const findings = check.findings ?? [];

  const readMs = median(baseline.times);
  const ownReadMs = median(reader.times);
  const checkMs = median(check.times);
  const reportMs = median(report.times);
  const ratio = checkMs / readMs;
  const reportRatio = reportMs / readMs;
  const ratioOk = ratio <= GOAL_RATIO;
  const reportRatioOk = reportRatio <= GOAL_REPORT_RATIO;
  const memOk = check.peakRss <= GOAL_MB * MB;
  const reportMemOk = report.peakRss <= GOAL_MB * MB;
  const split = check.split ?? { read: 0, analyze: 0, json: 0 };
  const rsplit = report.reportSplit ?? { read: 0, check: 0, write: 0 };
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

  const list = (times: readonly number[]): string => times.map(secs).join(', ');
  console.log(
    `readFile     median ${secs(readMs)}  (runs: ${list(baseline.times)})  exceljs Workbook.xlsx.readFile alone; peak RSS ${mb(baseline.peakRss)}`,
  );
  console.log(
    `reader       median ${secs(ownReadMs)}  (runs: ${list(reader.times)})  readWorkbookFile alone (the .xlsx host); peak RSS ${mb(reader.peakRss)}`,
  );
  console.log(
    `check path   median ${secs(checkMs)}  (runs: ${list(check.times)})  open + ownership ${secs(split.read)} + analyze ${secs(split.analyze)} + toCheckJson ${secs(split.json)}`,
  );
  console.log(
    `report       median ${secs(reportMs)}  (runs: ${list(report.times)})  budget-review report: reading ${secs(rsplit.read)} + checking (analyze, narrative, plan) ${secs(rsplit.check)} + writing ${secs(rsplit.write)}`,
  );
  console.log(
    `ratio        check  ${ratio.toFixed(2)}  check ÷ exceljs readFile alone (goal ≤ ${GOAL_RATIO})  ${verdict(ratioOk)}`,
  );
  console.log(
    `ratio        report ${reportRatio.toFixed(2)}  report ÷ exceljs readFile alone (goal ≤ ${GOAL_REPORT_RATIO})  ${verdict(reportRatioOk)}`,
  );
  console.log(
    `             report in shares of exceljs readFile: reading ${(rsplit.read / readMs).toFixed(2)} + checking ${(rsplit.check / readMs).toFixed(2)} + writing ${(rsplit.write / readMs).toFixed(2)}`,
  );
  console.log(
    `             ${(checkMs / ownReadMs).toFixed(2)}  check ÷ the host's own read; analyze alone is ${(split.analyze / readMs).toFixed(2)} of exceljs readFile`,
  );
  console.log(`memory       check  peak RSS ${mb(check.peakRss)}  (goal ≤ ${GOAL_MB} MB)  ${verdict(memOk)}`);
  console.log(
    `memory       report peak RSS ${mb(report.peakRss)}  (goal ≤ ${GOAL_MB} MB)  ${verdict(reportMemOk)}`,
  );

  // The Office.js host on the simulated Excel, for a small ledger and this one.
  const small = path.resolve(opts.outDir, `ledger-1000-s${opts.seed}.xlsx`);
  await generateInChild(small, 1000, opts.seed);
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  for (const [rows, f] of [
    [1000, small],
    [opts.rows, file],
  ] as [number, string][]) {
    const office = (await runChild('office', f)) as OfficeRow[];
    for (const o of office) {
      console.log(
        `office.js    ${rows.toLocaleString('en-US').padStart(7)} rows, ${o.limits.padEnd(7)} read ${o.read.syncs} round trips ` +
          `(largest request ${kb(o.read.largestRequest)}, response ${kb(o.read.largestResponse)}); ` +
          `write ${o.write.syncs} round trips (largest request ${kb(o.write.largestRequest)}, limit 5 MiB)`,
      );
    }
  }

  const plantedKeys = new Set(planted.map(key));
  const plantedCells = new Set(planted.map((p) => `${p.sheet}!${p.cell}`));
  const foundKeys = new Set(findings.map(key));
  const missing = planted.filter((p) => !foundKeys.has(key(p)));
  const extra = findings.filter((f) => !plantedKeys.has(key(f)));
  const bySeverity = (s: string): number => findings.filter((f) => f.severity === s).length;
  const exact = missing.length === 0 && extra.length === 0;
  console.log(
    `findings     ${findings.length} (error ${bySeverity('error')}, warning ${bySeverity('warning')}, ` +
      `info ${bySeverity('info')}); planted ${planted.length}; missing ${missing.length}; extra ${extra.length}  ` +
      `${exact ? 'EXACT' : 'MISMATCH'}`,
  );
  const show = 20;
  for (const p of missing.slice(0, show)) console.log(`  missing    ${key(p)}`);
  if (missing.length > show) console.log(`  … and ${missing.length - show} more missing`);
  for (const f of extra.slice(0, show)) {
    const onPlanted = plantedCells.has(`${f.sheet}!${f.cell}`)
      ? '  (a second finding on a planted cell)'
      : '';
    console.log(
      `  extra      ${key(f)} [${f.severity}] expected ${f.expected}, actual ${f.actual}${onPlanted}`,
    );
  }
  if (extra.length > show) console.log(`  … and ${extra.length - show} more extra`);

  const hostileOk = await hostileSection(opts.outDir);
  const batchOk = await batchSection(opts.outDir);
  return ratioOk && reportRatioOk && memOk && reportMemOk && exact && hostileOk && batchOk ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
