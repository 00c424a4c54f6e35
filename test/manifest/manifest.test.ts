import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  defaultSchemaDir,
  main,
  pngSize,
  validateManifest,
  type CheckResult,
  type ValidateOptions,
  type ValidationReport,
} from '../../scripts/validate-manifest';

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const SOURCE = fs.readFileSync(MANIFEST, 'utf8');
const OPTIONS: ValidateOptions = { projectRoot: ROOT };

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-review-manifest-'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes a copy of the manifest changed by `edit` (which must change it) and returns its path. */
function brokenCopy(name: string, edit: (xml: string) => string): string {
  const xml = edit(SOURCE);
  expect(xml).not.toBe(SOURCE);
  const file = path.join(tmp, `${name}.xml`);
  fs.writeFileSync(file, xml);
  return file;
}

function byCheck(report: ValidationReport, check: string): CheckResult {
  const found = report.results.find((r) => r.check === check);
  if (!found) throw new Error(`no "${check}" check in ${report.results.map((r) => r.check).join(', ')}`);
  return found;
}

function failed(report: ValidationReport): string[] {
  return report.results.filter((r) => r.status === 'fail').map((r) => r.check);
}

describe('the real manifest', () => {
  it('passes every check, the XSD included', async () => {
    const report = await validateManifest(MANIFEST, OPTIONS);
    expect(report.results.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => r.check)).toEqual([
      'xsd',
      'xml',
      'root',
      'id',
      'version',
      'locales',
      'host',
      'requirements',
      'permissions',
      'https',
      'ribbon',
      'resids',
      'strings',
      'icons',
    ]);
  });

  it('keeps every URL on https://localhost:3000/ (the production host is set at build time)', () => {
    const withoutComments = SOURCE.replace(/<!--[\s\S]*?-->/g, '');
    const urls = withoutComments.match(/https?:\/\/[^"<\s]+/g) ?? [];
    const namespaces = /^http:\/\/(schemas\.microsoft\.com|www\.w3\.org)\//;
    expect(urls.filter((u) => !u.startsWith('https://localhost:3000/') && !namespaces.test(u))).toEqual([]);
    expect(urls.filter((u) => u.startsWith('https://localhost:3000/')).length).toBeGreaterThan(5);
  });

  it('has the committed icons at 16, 32, 64, 80 and 128 px, as drawn by scripts/make-icons.js', () => {
    for (const size of [16, 32, 64, 80, 128]) {
      expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
    }
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'make-icons.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).not.toMatch(/STALE/);
    expect(run.status).toBe(0);
  });
});

describe('broken copies are reported', () => {
  it('wrong ExcelApi MinVersion', async () => {
    const file = brokenCopy('min-version', (x) =>
      x.replace('<Set Name="ExcelApi" MinVersion="1.7" />', '<Set Name="ExcelApi" MinVersion="1.9" />'),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual(['requirements']);
    expect(byCheck(report, 'requirements').detail).toMatch(/MinVersion is 1\.9, expected 1\.7/);
  });

  it('a resid with no resource', async () => {
    const file = brokenCopy('missing-resid', (x) =>
      x.replace('<Label resid="Group.Label" />', '<Label resid="Group.Missing" />'),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(report.ok).toBe(false);
    expect(failed(report)).toContain('resids');
    expect(byCheck(report, 'resids').detail).toMatch(/<Label resid="Group\.Missing">: no such resource/);
  });

  it('a resid pointing into the wrong kind of resource', async () => {
    const file = brokenCopy('wrong-kind', (x) =>
      x.replace('<Description resid="OpenTaskpane.Tooltip" />', '<Description resid="OpenTaskpane.Title" />'),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(byCheck(report, 'resids').detail).toMatch(/is in ShortStrings, expected LongStrings/);
  });

  it('an http URL', async () => {
    const file = brokenCopy('http', (x) =>
      x.split('https://localhost:3000/taskpane.html').join('http://localhost:3000/taskpane.html'),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(report.ok).toBe(false);
    expect(failed(report)).toContain('https');
    expect(byCheck(report, 'https').detail).toMatch(
      /SourceLocation: not https: http:\/\/localhost:3000\/taskpane\.html/,
    );
  });

  it('an http icon URL', async () => {
    const file = brokenCopy('http-icon', (x) =>
      x.replace('<IconUrl DefaultValue="https://', '<IconUrl DefaultValue="http://'),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(byCheck(report, 'https').detail).toMatch(/IconUrl: not https/);
  });

  it('a wrong permission', async () => {
    const file = brokenCopy('permission', (x) =>
      x.replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadDocument</Permissions>'),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual(['permissions']);
    expect(byCheck(report, 'permissions').detail).toMatch(/"ReadDocument", expected ReadWriteDocument/);
  });

  it('an element the XSD does not allow', async () => {
    const file = brokenCopy('xsd', (x) =>
      x.replace(
        '<Permissions>ReadWriteDocument</Permissions>',
        '<Permissions>ReadWriteDocument</Permissions>\n  <Bogus />',
      ),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual(['xsd']);
    expect(byCheck(report, 'xsd').detail).toMatch(/Bogus.*not expected/);
  });

  it('an icon of the wrong pixel size, and one that does not exist', async () => {
    const file = brokenCopy('icon-size', (x) =>
      x
        .replace('"https://localhost:3000/assets/icon-16.png"', '"https://localhost:3000/assets/icon-32.png"')
        .replace(
          '<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/icon-64.png" />',
          '<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/icon-65.png" />',
        ),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(failed(report)).toEqual(['icons']);
    const detail = byCheck(report, 'icons').detail;
    expect(detail).toMatch(/image Icon\.16x16: icon-32\.png is 32x32, expected 16x16/);
    expect(detail).toMatch(/HighResolutionIconUrl: .*icon-65\.png does not exist/);
  });

  it('a string without its en-US text', async () => {
    const file = brokenCopy('no-en-us', (x) =>
      x.replace('<bt:Override Locale="en-US" Value="Self-Evaluation" />', ''),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(failed(report)).toEqual(['strings']);
    expect(byCheck(report, 'strings').detail).toMatch(/ShortStrings OpenTaskpane\.Label: no en-US text/);
  });

  it('an Id that is not a GUID, and a non-Excel host', async () => {
    const file = brokenCopy('id-host', (x) =>
      x
        .replace(/<Id>[^<]+<\/Id>/, '<Id>budget-review</Id>')
        .replace('<Host Name="Workbook" />', '<Host Name="Document" />'),
    );
    const report = await validateManifest(file, OPTIONS);
    expect(failed(report)).toEqual(expect.arrayContaining(['id', 'host']));
  });

  it('XML that is not well-formed', async () => {
    const file = brokenCopy('ill-formed', (x) => x.replace('</Permissions>', '</Permission>'));
    const report = await validateManifest(file, OPTIONS);
    expect(failed(report)).toEqual(['xsd', 'xml']);
    expect(byCheck(report, 'xml').detail).toMatch(/not well-formed/);
  });
});

/** SHA-256 of each schema as published by Microsoft (see scripts/manifest-schemas/README.md). */
const SCHEMA_SHA256: Record<string, string> = {
  'MailAppVersionOverridesV1_0.xsd': '5b0dad21b7cc470fe3605c3ab941741fd4aa99839629492766717f4d7c24a5ce',
  'MailAppVersionOverridesV1_1.xsd': '7cc554a6fe708bf6bb9cb3eb205cafff1ae754d37ca38cfc6a78e87a2f8e2142',
  'OfficeAppBasicTypesV1_0.xsd': '7b083bd695dc254a9f21deb642bee9e2057a374bf49688f9b94be708b5dae653',
  'OfficeAppManifestV1_1.xsd': '387968c2fcd3ce89e92f7ec78b5a25d506a3ae49ae11e186fb58f6286b83b843',
  'TaskPaneAppVersionOverridesV1_0.xsd': 'e51d547366c9edc0be3bfe3f8d31db566fc7507ec22a7059833542e696224ae1',
};

describe('the schemas the XSD check uses', () => {
  it('are kept in the project, in scripts/manifest-schemas/', () => {
    expect(defaultSchemaDir(ROOT)).toBe(path.join(ROOT, 'scripts', 'manifest-schemas'));
  });

  it("are Microsoft's files, unmodified, with their licence notice beside them", () => {
    const dir = defaultSchemaDir(ROOT);
    const xsds = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.xsd'))
      .sort();
    expect(xsds).toEqual(Object.keys(SCHEMA_SHA256).sort());
    for (const f of xsds) {
      const sha = createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f)))
        .digest('hex');
      expect(`${f} ${sha}`).toBe(`${f} ${SCHEMA_SHA256[f]}`);
    }
    const notice = fs.readFileSync(path.join(dir, 'LICENSE.md'), 'utf8');
    expect(notice).toContain('Copyright (c) Microsoft Corporation');
    for (const f of xsds) expect(notice).toContain(f);
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const f of xsds) expect(readme).toContain(SCHEMA_SHA256[f]);
  });

  it('import one another by file name only: every import is one of the files kept', () => {
    const dir = defaultSchemaDir(ROOT);
    const imported = new Set<string>();
    for (const f of Object.keys(SCHEMA_SHA256)) {
      const xsd = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of xsd.matchAll(/schemaLocation="([^"]+)"/g)) imported.add(m[1]);
    }
    expect([...imported].sort()).toEqual(
      Object.keys(SCHEMA_SHA256)
        .filter((f) => f !== 'OfficeAppManifestV1_1.xsd')
        .sort(),
    );
  });

  it('fails with a clear message when the schemas folder is missing', async () => {
    const report = await validateManifest(MANIFEST, { ...OPTIONS, schemaDir: path.join(tmp, 'no-schemas') });
    expect(report.ok).toBe(false);
    expect(byCheck(report, 'xsd').detail).toMatch(/schema not found: .*OfficeAppManifestV1_1\.xsd/);
  });

  it('fails, naming the missing file, when a schema the main one imports is absent', async () => {
    const partial = path.join(tmp, 'partial-schemas');
    fs.mkdirSync(partial);
    for (const f of Object.keys(SCHEMA_SHA256)) {
      if (f !== 'TaskPaneAppVersionOverridesV1_0.xsd') {
        fs.copyFileSync(path.join(defaultSchemaDir(ROOT), f), path.join(partial, f));
      }
    }
    const report = await validateManifest(MANIFEST, { ...OPTIONS, schemaDir: partial });
    expect(report.ok).toBe(false);
    expect(byCheck(report, 'xsd')).toMatchObject({ status: 'fail' });
    expect(byCheck(report, 'xsd').detail).toMatch(/TaskPaneAppVersionOverridesV1_0\.xsd/);
  });
});

describe('command line', () => {
  it('prints one line per check and exits 0 on the real manifest', async () => {
    const lines: string[] = [];
    const code = await main(['--root', ROOT], (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines).toHaveLength(15);
    expect(lines.slice(0, 14).every((l) => l.startsWith('ok   '))).toBe(true);
    expect(lines[14]).toMatch(/manifest\.xml: valid \(14 checks\)$/);
  });

  it('exits 1 on a broken manifest and 2 on bad usage', async () => {
    const file = brokenCopy('cli', (x) => x.replace('MinVersion="1.7" />', 'MinVersion="1.8" />'));
    const lines: string[] = [];
    expect(await main([file, '--root', ROOT], (l) => lines.push(l))).toBe(1);
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL requirements +ExcelApi MinVersion is 1\.8/));
    expect(lines[lines.length - 1]).toMatch(/1 of 14 checks failed$/);
    expect(await main(['--assets'], () => undefined)).toBe(2);
    expect(await main(['--nope'], () => undefined)).toBe(2);
  });
});

describe('production manifest (webpack.config.js rewrites the base URL)', () => {
  function rewrite(baseUrl: string): { status: number | null; stdout: string; stderr: string } {
    const script = [
      "const w = require('./webpack.config.js');",
      "const fs = require('fs');",
      `const base = w.httpsUrl('ADDIN_BASE_URL', ${JSON.stringify(baseUrl)}, { base: true });`,
      "process.stdout.write(w.rewriteManifest(fs.readFileSync('manifest.xml', 'utf8'), base));",
    ].join('\n');
    return spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  }

  it('points every URL at ADDIN_BASE_URL and still validates', async () => {
    const run = rewrite('https://addins.example.cn/budget-review');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('localhost:3000/');
    expect(run.stdout).toContain(
      '<SourceLocation DefaultValue="https://addins.example.cn/budget-review/taskpane.html" />',
    );
    const file = path.join(tmp, 'production.xml');
    fs.writeFileSync(file, run.stdout);
    const report = await validateManifest(file, OPTIONS);
    expect(report.results.filter((r) => r.status !== 'ok')).toEqual([]);
  });

  it('refuses a base URL that is not https', () => {
    const run = rewrite('http://addins.example.cn/');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ADDIN_BASE_URL must use https/);
  });
});
