/**
 * The batch section of `npm run bench`: a folder of N generated department workbooks (test/fixtures/batch/
 * generate.ts) reviewed at once against the same N workbooks checked one by one.
 *
 * Each measurement runs in a fresh process (its peak memory is its own):
 * - `check --json <folder>` (one process for the N workbooks);
 * - N single `check --json <file>` runs in one process, one after the other (the per-workbook work without Node's
 *   start-up, so that the ratio shows what the batch itself costs or saves, not process creation);
 * - `report --batch <folder> --out …`;
 * - `check --json` on a folder of N ÷ 5 workbooks (from the same seed), for the memory.
 * The batch's peak memory is compared with the N single checks run in one process: close to 1, because one workbook
 * is let go before the next is read (what a batch keeps is each workbook's findings). Against the folder of N ÷ 5 it
 * is shown too: what grows there is the modules and compiled code a longer run warms up, and the findings.
 * Printed as ratios and peaks; the times are shown only beside them.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { run } from '../src/cli/main';
import { generateDepartments } from '../test/fixtures/batch/generate';

const MB = 1024 * 1024;
/** Goals: the batch costs no more than the single checks (with a margin for a noisy machine), memory stays flat. */
const GOAL_RATIO = 1.1;
const GOAL_MEMORY_GROWTH = 1.25;

type Mode = 'batch' | 'singles' | 'report';

interface Measured {
  ms: number;
  peakRss: number;
}

const silent = { write: (): boolean => true };

/** Child-process mode: runs one measurement and prints it as JSON on stdout. */
async function measure(mode: Mode, dir: string, out: string): Promise<void> {
  let peak = 0;
  const mark = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(mark, 20);
  const io = { stdout: silent, stderr: silent };
  const t0 = performance.now();
  if (mode === 'batch') {
    await run(['check', dir, '--json'], io);
  } else if (mode === 'report') {
    await run(['report', '--batch', dir, '--out', out], io);
  } else {
    const files = fs
      .readdirSync(dir)
      .filter((f) => /\.xlsx$/i.test(f))
      .sort();
    for (const f of files) {
      await run(['check', path.join(dir, f), '--json'], io);
      mark();
    }
  }
  const ms = performance.now() - t0;
  clearInterval(timer);
  mark();
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(JSON.stringify({ ms, peakRss: peak } satisfies Measured));
}

function inChild(mode: Mode, dir: string, out = ''): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, ['--measure', mode, dir, out], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let text = '';
    proc.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${mode} exited with code ${String(code)}`));
      else resolve(JSON.parse(text) as Measured);
    });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function best(mode: Mode, dir: string, runs: number, out = ''): Promise<Measured> {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(await inChild(mode, dir, out));
  return { ms: median(all.map((m) => m.ms)), peakRss: Math.max(...all.map((m) => m.peakRss)) };
}

/** Runs the section; true when its goals are met. */
export async function batchSection(outDir: string, count = 50, runs = 3): Promise<boolean> {
  const dir = path.resolve(outDir, `batch-${count}`);
  const small = path.resolve(outDir, `batch-${Math.max(2, Math.round(count / 5))}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(small, { recursive: true, force: true });
  await generateDepartments(dir, count, 2020);
  await generateDepartments(small, Math.max(2, Math.round(count / 5)), 2020);
  const review = path.resolve(outDir, `review-${count}.xlsx`);

  const batch = await best('batch', dir, runs);
  const singles = await best('singles', dir, runs);
  const report = await best('report', dir, runs, review);
  const fewer = await best('batch', small, runs);

  const ratio = batch.ms / singles.ms;
  const reportRatio = report.ms / singles.ms;
  const growth = batch.peakRss / fewer.peakRss;
  const overSingles = batch.peakRss / singles.peakRss;
  const mb = (b: number): string => `${(b / MB).toFixed(0)} MB`;
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  console.log(
    `batch        ${count} workbooks: check <folder> ÷ ${count} single checks = ${ratio.toFixed(2)} ` +
      `(goal ≤ ${GOAL_RATIO})  ${verdict(ratio <= GOAL_RATIO)}`,
  );
  console.log(
    `batch        report --batch ÷ ${count} single checks = ${reportRatio.toFixed(2)} (the consolidated workbook written)`,
  );
  console.log(
    `batch        peak RSS: check <folder> of ${count} ${mb(batch.peakRss)}, of ${Math.round(count / 5)} ${mb(fewer.peakRss)} ` +
      `(ratio ${growth.toFixed(2)}); ${count} single checks in one process ${mb(singles.peakRss)}; ` +
      `report --batch ${mb(report.peakRss)}`,
  );
  console.log(
    `batch        peak RSS of check <folder> ÷ ${count} single checks in one process = ${overSingles.toFixed(2)} ` +
      `(goal ≤ ${GOAL_MEMORY_GROWTH})  ${verdict(overSingles <= GOAL_MEMORY_GROWTH)}`,
  );
  return ratio <= GOAL_RATIO && overSingles <= GOAL_MEMORY_GROWTH;
}

if (require.main === module) {
  const [mode, a, b, c] = process.argv.slice(2);
  const done =
    mode === '--measure'
      ? measure(a as Mode, b, c).then(() => true)
      : batchSection(mode === '--out-dir' && a ? a : 'bench-output', b === '--count' && c ? Number(c) : 50);
  done.then(
    (ok) => {
      process.exitCode = ok ? 0 : 1;
    },
    (err: unknown) => {
      process.stderr.write(`bench-batch: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
