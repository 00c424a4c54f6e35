/**
 * Offline validation of the add-in's XML manifest.
 *
 *   npm run validate
 *   npx tsc -p tsconfig.build.json && node build/scripts/validate-manifest.js [manifest.xml]
 *       [--assets DIR] [--schemas DIR] [--root DIR]
 *
 * Run from the project root (npm run does that). Defaults: manifest.xml, assets/, and Microsoft's manifest schemas
 * in scripts/manifest-schemas/ (kept in the project, unmodified; see the README and LICENSE.md there). A production
 * manifest can be checked too: `node build/scripts/validate-manifest.js dist/manifest.xml --assets dist/assets`.
 *
 * 1. XSD: libxml2's xmllint compiled to WebAssembly (the `xmllint-wasm` package), run on the schemas read from
 *    disk: no native binary, no network (the schemas' imports are resolved among the files handed to it).
 * 2. Structure (parsed with xml2js): a GUID Id, the Workbook host, ExcelApi 1.7, ReadWriteDocument, https URLs,
 *    a Home-tab ShowTaskpane button, every resid defined with the right kind, a zh-CN and an en-US text for every
 *    string, and every icon URL pointing at a PNG in assets/ of the right pixel size.
 *
 * Prints one line per check; exit code 0 when nothing failed, 1 when a check failed, 2 for bad usage.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';

export type CheckStatus = 'ok' | 'fail' | 'warn';

export interface CheckResult {
  /** Short name of the check, e.g. `requirements`. */
  check: string;
  status: CheckStatus;
  /** What was checked or, on failure, what is wrong (one line). */
  detail: string;
}

export interface ValidationReport {
  manifest: string;
  ok: boolean;
  results: CheckResult[];
}

export interface ValidateOptions {
  /** Project root: assets/ and scripts/manifest-schemas/ are found from here. Default: cwd. */
  projectRoot?: string;
  /** Folder the icon URLs' `assets/…` paths resolve in. Default: `<projectRoot>/assets`. */
  assetsDir?: string;
  /** Folder holding OfficeAppManifestV1_1.xsd and the schemas it imports. Default: `<projectRoot>/scripts/manifest-schemas`. */
  schemaDir?: string;
}

/** The settings the add-in is built for; the checks compare against these. */
export const EXPECTED = {
  host: 'Workbook',
  requirementSet: 'ExcelApi',
  minVersion: '1.7',
  permission: 'ReadWriteDocument',
  locales: ['zh-CN', 'en-US'],
  tab: 'TabHome',
  mainSchema: 'OfficeAppManifestV1_1.xsd',
  iconUrlSize: 32,
  highResolutionIconUrlSize: 64,
} as const;

const SCHEMA_DIR_FROM_ROOT = path.join('scripts', 'manifest-schemas');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){3}$/;
const HAN = /\p{Script=Han}/u;
const MAX_LISTED = 5;

// ---------------------------------------------------------------------------------------------------------------
// XML tree (xml2js output normalised into a small typed shape; namespace prefixes dropped)

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
}

interface Xml2JsNode {
  '#name'?: string;
  $?: Record<string, string>;
  _?: string;
  $$?: Xml2JsNode[];
}

interface Xml2Js {
  parseString(
    xml: string,
    options: Record<string, unknown>,
    callback: (err: Error | null, result: Record<string, Xml2JsNode> | null) => void,
  ): void;
  processors: { stripPrefix(name: string): string };
}

// xml2js ships no types; it is installed with office-addin-manifest. Loaded lazily, typed by the shape above.
function loadXml2Js(): Xml2Js {
  return createRequire(__filename)('xml2js') as Xml2Js;
}

function toNode(raw: Xml2JsNode, name: string): XmlNode {
  return {
    name,
    attrs: { ...(raw.$ ?? {}) },
    text: (raw._ ?? '').trim(),
    children: (raw.$$ ?? []).map((c) => toNode(c, c['#name'] ?? '')),
  };
}

export function parseXml(xml: string): Promise<XmlNode> {
  const xml2js = loadXml2Js();
  const strip = xml2js.processors.stripPrefix;
  return new Promise((resolve, reject) => {
    xml2js.parseString(
      xml,
      {
        explicitChildren: true,
        preserveChildrenOrder: true,
        explicitCharkey: true,
        charsAsChildren: false,
        tagNameProcessors: [strip],
        attrNameProcessors: [strip],
        strict: true,
      },
      (err, result) => {
        if (err) return reject(err);
        const rootName = result ? Object.keys(result)[0] : undefined;
        if (!result || !rootName) return reject(new Error('empty document'));
        resolve(toNode(result[rootName], rootName));
      },
    );
  });
}

function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Walks the tree depth-first, calling `visit` with each node and the names of its ancestors. */
function walk(
  node: XmlNode,
  visit: (n: XmlNode, ancestors: readonly string[]) => void,
  ancestors: string[] = [],
) {
  visit(node, ancestors);
  for (const c of node.children) walk(c, visit, [...ancestors, node.name]);
}

function findAll(root: XmlNode, predicate: (n: XmlNode, ancestors: readonly string[]) => boolean): XmlNode[] {
  const out: XmlNode[] = [];
  walk(root, (n, a) => {
    if (predicate(n, a)) out.push(n);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// PNG

/** Pixel size of a PNG file, read from its IHDR chunk; undefined when the file is not a PNG. */
export function pngSize(file: string): { width: number; height: number } | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(24);
    if (fs.readSync(fd, head, 0, 24, 0) < 24) return undefined;
    const signature = head
      .subarray(0, 8)
      .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    if (!signature || head.toString('ascii', 12, 16) !== 'IHDR') return undefined;
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  } finally {
    fs.closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

function listed(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_LISTED).join('; ');
  return problems.length > MAX_LISTED ? `${shown}; and ${problems.length - MAX_LISTED} more` : shown;
}

function result(check: string, problems: readonly string[], okDetail: string): CheckResult {
  return problems.length === 0
    ? { check, status: 'ok', detail: okDetail }
    : { check, status: 'fail', detail: listed(problems) };
}

export function defaultSchemaDir(projectRoot: string): string {
  return path.resolve(projectRoot, SCHEMA_DIR_FROM_ROOT);
}

/** The line of an xmllint message (`manifest.xml:37: Schemas validity error : …` → `line 37: Schemas validity error : …`). */
function xmllintLines(output: string, fileName: string): string[] {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/(fails to validate|validates)$/.test(l))
    .map((l) => (l.startsWith(`${fileName}:`) ? `line ${l.slice(fileName.length + 1)}` : l));
}

/**
 * (a) XSD validation with libxml2 (xmllint compiled to WebAssembly), offline: the main schema and every other .xsd
 * in `schemaDir` are handed to it by file name, which is how the schemas import one another.
 */
export async function checkXsd(manifestPath: string, schemaDir: string): Promise<CheckResult> {
  const check = 'xsd';
  const schema = path.join(schemaDir, EXPECTED.mainSchema);
  if (!fs.existsSync(schema)) {
    return {
      check,
      status: 'fail',
      detail:
        `schema not found: ${schema} (the project keeps OfficeAppManifestV1_1.xsd and the XSDs it imports in ` +
        `${SCHEMA_DIR_FROM_ROOT}; pass --schemas DIR to use another folder)`,
    };
  }
  const fileName = 'manifest.xml';
  const imports = fs
    .readdirSync(schemaDir)
    .filter((f) => f.endsWith('.xsd') && f !== EXPECTED.mainSchema)
    .sort()
    .map((f) => ({ fileName: f, contents: fs.readFileSync(path.join(schemaDir, f)) }));
  try {
    const run = await validateXML({
      xml: [{ fileName, contents: fs.readFileSync(manifestPath) }],
      schema: [{ fileName: EXPECTED.mainSchema, contents: fs.readFileSync(schema) }],
      preload: imports,
    });
    if (run.valid) return { check, status: 'ok', detail: `valid against ${EXPECTED.mainSchema}` };
    const errors = xmllintLines(run.rawOutput, fileName);
    return { check, status: 'fail', detail: listed(errors.length > 0 ? errors : ['(no message)']) };
  } catch (err) {
    // xmllint exits 1 when the document is not well-formed, 5 when a schema does not compile.
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : String(err);
    const errors = xmllintLines(message, fileName);
    return {
      check,
      status: 'fail',
      detail: `xmllint exit ${String(code ?? '?')}: ${listed(errors.length > 0 ? errors : ['(no message)'])}`,
    };
  }
}

/** Value of a localisable setting: DefaultValue plus `<Override Locale Value>` children. */
interface Localised {
  where: string;
  defaultValue: string | undefined;
  overrides: Map<string, string>;
}

function localised(node: XmlNode, where: string): Localised {
  const overrides = new Map<string, string>();
  for (const o of childrenNamed(node, 'Override')) {
    if (o.attrs.Locale !== undefined) overrides.set(o.attrs.Locale, o.attrs.Value ?? '');
  }
  return { where, defaultValue: node.attrs.DefaultValue, overrides };
}

/** Problems when a string lacks a non-empty zh-CN or en-US text (the default counts as DefaultLocale). */
function localeProblems(s: Localised, defaultLocale: string): string[] {
  const problems: string[] = [];
  for (const locale of EXPECTED.locales) {
    const text = locale === defaultLocale ? s.defaultValue : s.overrides.get(locale);
    if (text === undefined || text.trim() === '') problems.push(`${s.where}: no ${locale} text`);
    else if (locale === 'zh-CN' && !HAN.test(text))
      problems.push(`${s.where}: zh-CN text "${text}" has no Chinese`);
  }
  return problems;
}

type ResourceKind = 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings';

/** Which resource table a `resid` on an element of this name must point into. */
function residKind(elementName: string, ancestors: readonly string[]): ResourceKind | undefined {
  switch (elementName) {
    case 'Image':
      return 'Images';
    case 'SourceLocation':
    case 'LearnMoreUrl':
    case 'FunctionFile':
    case 'Script':
    case 'Page':
      return 'Urls';
    case 'Label':
    case 'Title':
      return 'ShortStrings';
    case 'Description':
      return ancestors.includes('Supertip') || ancestors.includes('GetStarted') ? 'LongStrings' : undefined;
    default:
      return undefined;
  }
}

function httpsProblem(where: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return `${where}: empty URL`;
  try {
    return new URL(value).protocol === 'https:' ? undefined : `${where}: not https: ${value}`;
  } catch {
    return `${where}: not a URL: ${value}`;
  }
}

/** Maps an icon URL to the file in assetsDir (`…/assets/x.png` → `<assetsDir>/x.png`). */
function assetFileFor(url: string, assetsDir: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const at = pathname.lastIndexOf('/assets/');
  return at < 0 ? undefined : path.join(assetsDir, pathname.slice(at + '/assets/'.length));
}

/** (b) Structural checks on the parsed manifest. */
export function checkStructure(root: XmlNode, assetsDir: string): CheckResult[] {
  const results: CheckResult[] = [];
  const text = (name: string) => child(root, name)?.text;

  // root
  results.push(
    result(
      'root',
      root.name === 'OfficeApp' && root.attrs.type === 'TaskPaneApp'
        ? []
        : [
            `root is <${root.name} xsi:type="${root.attrs.type ?? ''}">, expected <OfficeApp xsi:type="TaskPaneApp">`,
          ],
      'OfficeApp xsi:type="TaskPaneApp"',
    ),
  );

  // Id, Version
  const id = text('Id') ?? '';
  results.push(result('id', GUID.test(id) ? [] : [`Id "${id}" is not a GUID`], `Id ${id} is a GUID`));
  const version = text('Version') ?? '';
  results.push(
    result(
      'version',
      VERSION.test(version) ? [] : [`Version "${version}" is not n.n.n.n`],
      `Version ${version}`,
    ),
  );

  // Locales: DefaultLocale, DisplayName, Description
  const defaultLocale = text('DefaultLocale') ?? '';
  const localeIssues: string[] = [];
  if (!(EXPECTED.locales as readonly string[]).includes(defaultLocale)) {
    localeIssues.push(`DefaultLocale "${defaultLocale}" is not one of ${EXPECTED.locales.join(', ')}`);
  }
  for (const name of ['DisplayName', 'Description']) {
    const node = child(root, name);
    if (!node) localeIssues.push(`<${name}> missing`);
    else localeIssues.push(...localeProblems(localised(node, name), defaultLocale));
  }
  results.push(
    result(
      'locales',
      localeIssues,
      `DefaultLocale ${defaultLocale}; DisplayName, Description in zh-CN and en-US`,
    ),
  );

  // Host
  const hosts = childrenNamed(child(root, 'Hosts'), 'Host').map((h) => h.attrs.Name ?? '');
  const versionOverrides = child(root, 'VersionOverrides');
  const voHosts = childrenNamed(child(versionOverrides, 'Hosts'), 'Host').map((h) => h.attrs.type ?? '');
  const hostIssues: string[] = [];
  if (!hosts.includes(EXPECTED.host))
    hostIssues.push(`<Hosts> has [${hosts.join(', ')}], no ${EXPECTED.host}`);
  for (const h of hosts.filter((x) => x !== EXPECTED.host)) hostIssues.push(`unexpected host ${h}`);
  if (versionOverrides && !voHosts.includes(EXPECTED.host)) {
    hostIssues.push(`VersionOverrides <Hosts> has [${voHosts.join(', ')}], no xsi:type="${EXPECTED.host}"`);
  }
  results.push(result('host', hostIssues, `Host ${EXPECTED.host} (Excel)`));

  // Requirements
  const sets = child(child(root, 'Requirements'), 'Sets');
  const reqIssues: string[] = [];
  const excelSets = childrenNamed(sets, 'Set').filter((s) => s.attrs.Name === EXPECTED.requirementSet);
  if (!sets) reqIssues.push('<Requirements><Sets> missing');
  else if (excelSets.length === 0) reqIssues.push(`no <Set Name="${EXPECTED.requirementSet}">`);
  for (const s of excelSets) {
    const v = s.attrs.MinVersion ?? sets?.attrs.DefaultMinVersion;
    if (v !== EXPECTED.minVersion) {
      reqIssues.push(
        `${EXPECTED.requirementSet} MinVersion is ${v ?? '(none)'}, expected ${EXPECTED.minVersion}`,
      );
    }
  }
  results.push(
    result('requirements', reqIssues, `${EXPECTED.requirementSet} MinVersion ${EXPECTED.minVersion}`),
  );

  // Permissions
  const permission = text('Permissions') ?? '';
  results.push(
    result(
      'permissions',
      permission === EXPECTED.permission
        ? []
        : [`Permissions "${permission}", expected ${EXPECTED.permission}`],
      EXPECTED.permission,
    ),
  );

  // https everywhere
  const urlIssues: string[] = [];
  let urlCount = 0;
  const urlHolders = new Set(['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation']);
  walk(root, (n, ancestors) => {
    const inResources = ancestors.includes('Resources');
    const isUrlSetting =
      (urlHolders.has(n.name) && n.attrs.resid === undefined) || (inResources && n.name !== 'String');
    if (isUrlSetting && n.attrs.DefaultValue !== undefined) {
      urlCount++;
      const p = httpsProblem(`${n.name}${n.attrs.id ? ` ${n.attrs.id}` : ''}`, n.attrs.DefaultValue);
      if (p) urlIssues.push(p);
      for (const o of childrenNamed(n, 'Override')) {
        const q = httpsProblem(`${n.name} (${o.attrs.Locale ?? '?'})`, o.attrs.Value);
        if (q) urlIssues.push(q);
      }
    }
    if (n.name === 'AppDomain') {
      urlCount++;
      const p = httpsProblem('AppDomain', n.text);
      if (p) urlIssues.push(p);
    }
    for (const [k, v] of Object.entries(n.attrs)) {
      if (!k.startsWith('xmlns') && /^http:\/\//i.test(v) && !isUrlSetting && n.name !== 'Override')
        urlIssues.push(`${n.name} ${k}: ${v}`);
    }
  });
  results.push(result('https', urlIssues, `all ${urlCount} URLs are https`));

  // Resources
  const resources = child(versionOverrides, 'Resources');
  const tables = new Map<ResourceKind, Map<string, XmlNode>>();
  for (const kind of ['Images', 'Urls', 'ShortStrings', 'LongStrings'] as const) {
    const entries = new Map<string, XmlNode>();
    for (const e of child(resources, kind)?.children ?? []) if (e.attrs.id) entries.set(e.attrs.id, e);
    tables.set(kind, entries);
  }
  const kindOf = (id: string): ResourceKind | undefined => [...tables].find(([, m]) => m.has(id))?.[0];

  // Default task pane page and the ribbon
  const sourceLocation = child(child(root, 'DefaultSettings'), 'SourceLocation')?.attrs.DefaultValue;
  const ribbonIssues: string[] = [];
  if (!sourceLocation) ribbonIssues.push('<DefaultSettings><SourceLocation> missing');
  const buttons = findAll(
    root,
    (n, a) =>
      n.name === 'Control' &&
      n.attrs.type === 'Button' &&
      a.includes('OfficeTab') &&
      child(n, 'Action')?.attrs.type === 'ShowTaskpane',
  );
  const homeTab = findAll(root, (n) => n.name === 'OfficeTab' && n.attrs.id === EXPECTED.tab);
  if (!versionOverrides) ribbonIssues.push('<VersionOverrides> missing');
  else if (homeTab.length === 0) ribbonIssues.push(`no <OfficeTab id="${EXPECTED.tab}">`);
  else if (childrenNamed(homeTab[0], 'Group').length === 0)
    ribbonIssues.push(`no <Group> on ${EXPECTED.tab}`);
  else if (buttons.length === 0) ribbonIssues.push(`no ShowTaskpane button on ${EXPECTED.tab}`);
  for (const b of buttons) {
    const resid = child(child(b, 'Action'), 'SourceLocation')?.attrs.resid;
    const url = resid ? tables.get('Urls')?.get(resid)?.attrs.DefaultValue : undefined;
    if (!resid) ribbonIssues.push(`button ${b.attrs.id ?? '?'}: ShowTaskpane has no SourceLocation`);
    else if (url && sourceLocation && url !== sourceLocation) {
      ribbonIssues.push(`button ${b.attrs.id ?? '?'} opens ${url}, DefaultSettings opens ${sourceLocation}`);
    }
    const sizes = childrenNamed(child(b, 'Icon'), 'Image').map((i) => i.attrs.size);
    for (const s of ['16', '32', '80']) {
      if (!sizes.includes(s)) ribbonIssues.push(`button ${b.attrs.id ?? '?'}: no ${s}px icon`);
    }
  }
  results.push(
    result(
      'ribbon',
      ribbonIssues,
      `${EXPECTED.tab}: ${buttons.map((b) => b.attrs.id ?? '?').join(', ')} opens ${sourceLocation ?? ''}`,
    ),
  );

  // resids
  const residIssues: string[] = [];
  const references = versionOverrides
    ? findAll(versionOverrides, (n, a) => n.attrs.resid !== undefined && !a.includes('Resources'))
    : [];
  const ancestorsOf = new Map<XmlNode, readonly string[]>();
  if (versionOverrides) walk(versionOverrides, (n, a) => ancestorsOf.set(n, a));
  for (const ref of references) {
    const id = ref.attrs.resid;
    const expected = residKind(ref.name, ancestorsOf.get(ref) ?? []);
    const actual = kindOf(id);
    if (!actual) residIssues.push(`<${ref.name} resid="${id}">: no such resource`);
    else if (expected && actual !== expected) {
      residIssues.push(`<${ref.name} resid="${id}"> is in ${actual}, expected ${expected}`);
    }
  }
  results.push(result('resids', residIssues, `${references.length} resid references, all defined`));

  // strings: zh-CN + en-US for every ShortString / LongString
  const stringIssues: string[] = [];
  let stringCount = 0;
  for (const kind of ['ShortStrings', 'LongStrings'] as const) {
    for (const [id, node] of tables.get(kind) ?? []) {
      stringCount++;
      stringIssues.push(...localeProblems(localised(node, `${kind} ${id}`), defaultLocale));
    }
  }
  if (versionOverrides && stringCount === 0) stringIssues.push('no ShortStrings / LongStrings');
  results.push(result('strings', stringIssues, `${stringCount} strings, each in zh-CN and en-US`));

  // icons: every icon URL → a PNG in assets/ with the right pixel size
  const iconIssues: string[] = [];
  const wanted: { where: string; url: string | undefined; size: number | undefined }[] = [];
  const addSetting = (name: string, size: number) => {
    const node = child(root, name);
    if (!node) return;
    wanted.push({ where: name, url: node.attrs.DefaultValue, size });
    for (const o of childrenNamed(node, 'Override')) {
      wanted.push({ where: `${name} (${o.attrs.Locale ?? '?'})`, url: o.attrs.Value, size });
    }
  };
  addSetting('IconUrl', EXPECTED.iconUrlSize);
  addSetting('HighResolutionIconUrl', EXPECTED.highResolutionIconUrlSize);
  const imageSizes = new Map<string, Set<number>>();
  for (const ref of references.filter((r) => r.name === 'Image')) {
    const set = imageSizes.get(ref.attrs.resid) ?? new Set<number>();
    set.add(Number(ref.attrs.size));
    imageSizes.set(ref.attrs.resid, set);
  }
  for (const [id, node] of tables.get('Images') ?? []) {
    const sizes = [...(imageSizes.get(id) ?? [])];
    if (sizes.length > 1) iconIssues.push(`image ${id} is used at sizes ${sizes.join(' and ')}`);
    const urls = [
      { where: `image ${id}`, url: node.attrs.DefaultValue },
      ...childrenNamed(node, 'Override').map((o) => ({
        where: `image ${id} (${o.attrs.Locale})`,
        url: o.attrs.Value,
      })),
    ];
    for (const u of urls) wanted.push({ ...u, size: sizes.length === 1 ? sizes[0] : undefined });
  }
  for (const w of wanted) {
    if (!w.url) {
      iconIssues.push(`${w.where}: no URL`);
      continue;
    }
    const file = assetFileFor(w.url, assetsDir);
    if (!file) {
      iconIssues.push(`${w.where}: ${w.url} is not under /assets/`);
      continue;
    }
    if (!fs.existsSync(file)) {
      iconIssues.push(`${w.where}: ${path.relative(process.cwd(), file)} does not exist`);
      continue;
    }
    const dim = pngSize(file);
    if (!dim) iconIssues.push(`${w.where}: ${path.relative(process.cwd(), file)} is not a PNG`);
    else if (dim.width !== dim.height)
      iconIssues.push(`${w.where}: ${dim.width}x${dim.height} is not square`);
    else if (w.size !== undefined && dim.width !== w.size) {
      iconIssues.push(
        `${w.where}: ${path.basename(file)} is ${dim.width}x${dim.height}, expected ${w.size}x${w.size}`,
      );
    }
  }
  results.push(result('icons', iconIssues, `${wanted.length} icon URLs → PNGs of the right size in assets/`));

  return results;
}

/** Runs every check on one manifest file. */
export async function validateManifest(
  manifestPath: string,
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  const projectRoot = path.resolve(options.projectRoot ?? process.cwd());
  const assetsDir = path.resolve(options.assetsDir ?? path.join(projectRoot, 'assets'));
  const schemaDir = path.resolve(options.schemaDir ?? defaultSchemaDir(projectRoot));
  const results: CheckResult[] = [];

  if (!fs.existsSync(manifestPath)) {
    results.push({ check: 'file', status: 'fail', detail: `${manifestPath} does not exist` });
    return { manifest: manifestPath, ok: false, results };
  }
  results.push(await checkXsd(manifestPath, schemaDir));

  let root: XmlNode | undefined;
  try {
    root = await parseXml(fs.readFileSync(manifestPath, 'utf8'));
    results.push({ check: 'xml', status: 'ok', detail: 'well-formed' });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    results.push({
      check: 'xml',
      status: 'fail',
      detail: `not well-formed: ${message.replace(/\s+/g, ' ')}`,
    });
  }
  if (root) results.push(...checkStructure(root, assetsDir));
  return { manifest: manifestPath, ok: results.every((r) => r.status !== 'fail'), results };
}

export function formatReport(report: ValidationReport): string[] {
  const label: Record<CheckStatus, string> = { ok: 'ok  ', fail: 'FAIL', warn: 'WARN' };
  const lines = report.results.map((r) => `${label[r.status]} ${r.check.padEnd(12)} ${r.detail}`);
  const failed = report.results.filter((r) => r.status === 'fail').length;
  lines.push(
    failed === 0
      ? `${report.manifest}: valid (${report.results.length} checks)`
      : `${report.manifest}: ${failed} of ${report.results.length} checks failed`,
  );
  return lines;
}

const USAGE = 'usage: validate-manifest [manifest.xml] [--assets DIR] [--schemas DIR] [--root DIR]';

/** Command line; returns the exit code. */
export async function main(
  argv: readonly string[],
  log: (line: string) => void = console.log,
): Promise<number> {
  let manifest: string | undefined;
  const options: ValidateOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      log(USAGE);
      return 0;
    }
    if (arg === '--assets' || arg === '--schemas' || arg === '--root') {
      const value = argv[++i];
      if (value === undefined || value === '') {
        log(`validate-manifest: ${arg} needs a value\n${USAGE}`);
        return 2;
      }
      if (arg === '--assets') options.assetsDir = value;
      else if (arg === '--schemas') options.schemaDir = value;
      else options.projectRoot = value;
    } else if (!arg.startsWith('-') && manifest === undefined) {
      manifest = arg;
    } else {
      log(`validate-manifest: unexpected argument "${arg}"\n${USAGE}`);
      return 2;
    }
  }
  const root = path.resolve(options.projectRoot ?? process.cwd());
  const report = await validateManifest(path.resolve(root, manifest ?? 'manifest.xml'), options);
  for (const line of formatReport({ ...report, manifest: path.relative(process.cwd(), report.manifest) }))
    log(line);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
