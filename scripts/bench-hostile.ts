/**
 * The benchmark's section on hostile workbooks (test/fixtures/hostile/cases.ts): zip bombs of rows, nesting and
 * text, a merge over the whole sheet, 100,000 merges, 20,000 rows with a cell in column XFD, 5,000 sheets, 5 million
 * shared strings, cells past Excel's grid, terminal escapes. Each case is built in a child process into the output
 * folder, then checked (`budget-review check --json`, zh-CN) in a fresh process of its own, whose time and peak
 * memory (the kernel's high-water mark of its resident set) are measured.
 *
 * Goals, per case: `check` ends as the case says (refused with exit 2 and one line naming the limit, or checked
 * with its findings) within 30 s and 500 MB. A check still running after 120 s is stopped and fails.
 *
 *   npm run bench -- --hostile [--out-dir bench-output]     # this section alone
 *
 * This file is also the child processes' entry point (`--build NAME FILE`, `--check FILE`).
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { run, type CliIO } from '../src/cli/main';
import { HOSTILE_CASES, type HostileCase } from '../test/fixtures/hostile/cases';
import { writePackage } from '../test/fixtures/hostile/package';

const GOAL_SECONDS = 30;
const GOAL_MB = 500;
const STOP_AFTER_MS = 120_000;
const MB = 1024 * 1024;

interface Checked {
  code: number;
  /** The one stderr line, or a summary of the findings. */
  line: string;
  findings: string[];
  ms: number;
  peakRss: number;
}

/** Child: builds one case into `file`. */
async function buildChild(name: string, file: string): Promise<void> {
  const c = HOSTILE_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no hostile case ${name}`);
  await writePackage(file, c.build());
}

/** Child: `check --json` on `file`, with its time and this process's peak resident memory, as JSON on stdout. */
async function checkChild(file: string): Promise<void> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  };
  const t0 = performance.now();
  const code = await run(['check', file, '--json'], io);
  const ms = performance.now() - t0;
  let findings: string[] = [];
  let line = stderr.trimEnd();
  if (code !== 2) {
    const json = JSON.parse(stdout) as {
      findings: { rule: string; sheet: string; cell: string; severity: string }[];
    };
    findings = json.findings.map((f) => `${f.rule} ${f.sheet}!${f.cell}`);
    const errors = json.findings.filter((f) => f.severity === 'error').length;
    line = `checked: ${json.findings.length} findings, ${errors} errors`;
  }
  const out: Checked = { code, line, findings, ms, peakRss: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(JSON.stringify(out));
}

function child(args: string[], timeoutMs?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const timer =
      timeoutMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), timeoutMs).unref();
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(signal ? `stopped by ${signal}` : `exited with code ${String(code)}`));
    });
  });
}

function meets(c: HostileCase, r: Checked): boolean {
  const e = c.expect;
  if (e.exit === 2) return r.code === 2 && !r.line.includes('\n') && e.line.test(r.line);
  if (r.code !== 0 && r.code !== 1) return false;
  if (e.errors !== undefined && r.code !== (e.errors ? 1 : 0)) return false;
  return e.findings.every((want) => r.findings.some((f) => f === want || f.startsWith(`${want} `)));
}

/**
 * Builds and checks every hostile case, prints one line per case and a verdict; resolves to whether every case
 * met its goals.
 */
export async function hostileSection(outDir: string): Promise<boolean> {
  const dir = path.resolve(outDir, 'hostile');
  fs.mkdirSync(dir, { recursive: true });
  console.log(
    `hostile      check on each case in its own process (goals: as the case says, ≤ ${GOAL_SECONDS} s, ≤ ${GOAL_MB} MB)`,
  );
  let ok = true;
  for (const c of HOSTILE_CASES) {
    const file = path.join(dir, `${c.name}.xlsx`);
    if (!fs.existsSync(file)) await child(['--build', c.name, file]);
    const size = fs.statSync(file).size;
    let result: Checked | undefined;
    let failure = '';
    try {
      result = JSON.parse(await child(['--check', file], STOP_AFTER_MS)) as Checked;
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    const pass =
      result !== undefined &&
      meets(c, result) &&
      result.ms <= GOAL_SECONDS * 1000 &&
      result.peakRss <= GOAL_MB * MB;
    ok &&= pass;
    const kb = size < MB ? `${(size / 1024).toFixed(0)} KB` : `${(size / MB).toFixed(1)} MB`;
    const measured = result
      ? `exit ${result.code}  ${(result.ms / 1000).toFixed(2)} s  peak RSS ${(result.peakRss / MB).toFixed(0)} MB`
      : `failed: ${failure}`;
    console.log(`  ${c.name.padEnd(20)} ${kb.padStart(8)}  ${measured}  ${pass ? 'PASS' : 'FAIL'}`);
    console.log(`  ${''.padEnd(20)} ${c.title}: ${result?.line ?? ''}`);
  }
  console.log(`hostile      ${ok ? 'every case PASS' : 'FAIL'}`);
  return ok;
}

if (require.main === module) {
  const [mode, a, b] = process.argv.slice(2);
  const work =
    mode === '--build'
      ? buildChild(a, b)
      : mode === '--check'
        ? checkChild(a)
        : Promise.reject(new Error(`unknown mode ${mode}`));
  work.catch((err: unknown) => {
    process.stderr.write(
      `bench-hostile: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
}
