/**
 * The project stands alone: `npm install`, `npm run demo` and `npm test` read nothing outside the project folder and
 * need nothing but Node. Tests that need a real client (Chromium, LibreOffice) are `*.e2e.ts` files, run by
 * `npm run test:e2e` and CI; `npm test` runs the `*.test.ts(x)` files. The README and docs name only commands
 * that exist.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** Files under `dir` (relative to the project root) whose names match `pattern`, recursively. */
function files(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (pattern.test(entry.name)) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** Every file that `npm test`, `npm run demo` or `npm install` (its `prepare` script) loads or runs. */
const NODE_ONLY_FILES = [
  ...files('src', /\.(ts|tsx|html)$/),
  ...files('bin', /\.js$/),
  ...files('samples', /\.ts$/),
  ...files('scripts', /\.(ts|js)$/),
  ...files('test', /\.(ts|tsx)$/).filter(
    (f) => !f.endsWith('.e2e.ts') && !f.startsWith(path.join('test', 'e2e')),
  ),
  'jest.config.js',
  'webpack.config.js',
  'package.json',
];

/** What a file would use to reach outside the project folder: the folder beside it, or a machine's own paths. */
const OUTSIDE = [/\.\.\/shared\b/, /\.\.\\shared\b/, /['"`]\/(work|home|opt|srv|mnt)\//];

/** A real client named as a command to run, or the modules that drive one. */
const REAL_CLIENT = [
  /['"`](soffice|libreoffice|chromium|chromium-browser|google-chrome|xmllint)['"`]/,
  /from ['"]playwright-core['"]/,
  /from ['"][./]*(support\/libreoffice|e2e\/[\w-]+)['"]/,
];

describe('npm test, npm run demo and npm install need Node alone', () => {
  it('no file they load reads from outside the project folder', () => {
    const found = NODE_ONLY_FILES.flatMap((f) =>
      read(f)
        .split('\n')
        .flatMap((line, i) => (OUTSIDE.some((p) => p.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('no *.test.ts runs a real client: those tests are *.e2e.ts, run by npm run test:e2e', () => {
    const tests = NODE_ONLY_FILES.filter((f) => /\.test\.tsx?$/.test(f));
    expect(tests.length).toBeGreaterThan(20);
    const found = tests.flatMap((f) =>
      read(f)
        .split('\n')
        .flatMap((line, i) =>
          REAL_CLIENT.some((p) => p.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(found).toEqual([]);
  });

  it('the scripts they run call no program outside node_modules', () => {
    for (const name of ['prepare', 'test', 'typecheck', 'lint', 'format:check', 'test:unit', 'demo']) {
      const script = PKG.scripts[name];
      expect({ name, script }).toEqual({ name, script: expect.any(String) });
      expect({ name, script }).toEqual({
        name,
        script: expect.not.stringMatching(/soffice|xmllint|chromium|apt-get|brew |\.\.\//),
      });
    }
  });

  it('the real-client tests are where npm run test:e2e finds them', () => {
    const e2e = files('test', /\.e2e\.ts$/);
    expect(e2e).toEqual(expect.arrayContaining([path.join('test', 'hosts', 'xlsx', 'libreoffice.e2e.ts')]));
    expect(PKG.scripts['test:e2e']).toMatch(/jest -c jest\.e2e\.config\.js/);
    const config = createRequire(__filename)(path.join(ROOT, 'jest.e2e.config.js')) as {
      roots: string[];
      testMatch: string[];
    };
    expect(config.roots).toEqual(['<rootDir>/test']);
    expect(config.testMatch).toEqual(['**/*.e2e.ts']);
  });
});

describe('the README and docs', () => {
  const docs = ['README.md', ...files('docs', /\.md$/)];

  it('name only npm scripts that exist', () => {
    const missing: string[] = [];
    for (const doc of docs) {
      for (const m of read(doc).matchAll(/\bnpm (?:run ([\w:-]+)|(start|stop|test)\b)/g)) {
        const name = m[1] ?? m[2];
        if (PKG.scripts[name] === undefined) missing.push(`${doc}: npm ${m[1] ? 'run ' : ''}${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('point at nothing outside the project', () => {
    const found = docs.flatMap((doc) =>
      read(doc)
        .split('\n')
        .flatMap((line, i) => (/\.\.\/shared\b/.test(line) ? [`${doc}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
