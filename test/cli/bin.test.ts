/**
 * The real command: `node bin/budget-review.js` over the compiled build/. The build runs first, in beforeAll,
 * so that this test checks the code as it is now and cannot pass on a stale or missing build.
 */
import { execFile, spawn } from 'child_process';
import { mkdir, readdir, readFile, writeFile } from 'fs/promises';
import * as path from 'path';
import { promisify } from 'util';
import { LEDGER_HEADER, tempDir, writeLedger } from '../fixtures/xlsx-host/build';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'budget-review.js');

// Each test starts a Node process; leave room for a loaded machine.
jest.setTimeout(30_000);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bin and resolves with its exit code and output, whatever the code. */
async function bin(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let dir: string;
let cleanup: () => Promise<void>;
let wrong: string;

beforeAll(async () => {
  // `npm run build:cli`, without npm: the TypeScript compiler of this project over tsconfig.build.json.
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
  });
  ({ dir, cleanup } = await tempDir('budget-review-bin-'));
  wrong = await writeLedger(path.join(dir, 'ledger.xlsx'), '业务经费', [
    LEDGER_HEADER,
    ['档案整理', 98, 93.1, 5],
  ]);
}, 120_000);

afterAll(async () => {
  await cleanup();
});

test('check --json prints one JSON document and exits with the findings code', async () => {
  const r = await bin(['check', wrong, '--json']);
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(Object.keys(json).sort()).toEqual(['findings', 'scores', 'tables', 'totals', 'workbook']);
  expect(json.workbook).toBe('ledger.xlsx');
  const errors = (json.findings as { severity: string }[]).filter((f) => f.severity === 'error');
  expect(r.code).toBe(errors.length > 0 ? 1 : 0);
});

test('a file that cannot be read exits 2 with one line and no stack trace', async () => {
  const missing = path.join(dir, 'missing.xlsx');
  const r = await bin(['check', missing, '--json']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(missing);
  expect(r.stderr).not.toContain('    at ');
});

test('--help exits 0, no arguments exit 2', async () => {
  expect((await bin(['--help'])).code).toBe(0);
  expect((await bin([])).code).toBe(2);
});

test('a report killed while it writes leaves its output as it was; the next run removes its temporary file', async () => {
  const sub = path.join(dir, 'killed');
  await mkdir(sub);
  const out = path.join(sub, 'report.xlsx');
  await writeFile(out, 'an earlier report');
  const big = await writeLedger(path.join(sub, 'big.xlsx'), '业务经费', [
    LEDGER_HEADER,
    ...Array.from({ length: 20_000 }, (_, i) => [`项目${i + 1}`, 100, 90, 10]),
  ]);
  let killedWhileWriting = false;
  for (let attempt = 0; attempt < 3 && !killedWhileWriting; attempt++) {
    const child = spawn(process.execPath, [BIN, 'report', big, '--out', out], {
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if ((await readdir(sub)).some((n) => n.endsWith('.tmp'))) {
        child.kill('SIGKILL');
        killedWhileWriting = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await exited;
    if (!killedWhileWriting) await writeFile(out, 'an earlier report');
  }
  expect(killedWhileWriting).toBe(true);
  const left = (await readdir(sub)).filter((n) => n.endsWith('.tmp'));
  expect(left).toHaveLength(1);
  expect(await readFile(out, 'utf8')).toBe('an earlier report');

  const r = await bin(['report', big, '--out', out]);
  expect([0, 1]).toContain(r.code);
  expect((await readdir(sub)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect((await readFile(out)).subarray(0, 2).toString('latin1')).toBe('PK');
}, 180_000);
