/**
 * End-to-end plumbing: a static server for dist/ on 127.0.0.1, Debian's Chromium through playwright-core, and a
 * task pane page whose office.js request is answered with the simulated Excel host (test/e2e/fake-office.ts).
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { readFile } from 'fs/promises';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { HarnessConfig } from './fake-office';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const FAKE_OFFICE = path.join(ROOT, 'test-output', 'e2e', 'fake-office.js');
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');
export const SAMPLE = path.join(ROOT, 'samples', 'kaifu-2020.xlsx');

/** The task pane's width in Excel (about 350 CSS pixels). */
export const PANE = { width: 350, height: 820 };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 at a free port (GET and HEAD only, nothing outside `dir`). */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      const file = path.resolve(root, `.${pathname === '/' ? '/taskpane.html' : pathname}`);
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !file.startsWith(root + path.sep)) {
        res.writeHead(405).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Debian's Chromium: $CHROMIUM, else `command -v chromium`, else /usr/bin/chromium. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // not on PATH
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)');
}

/** Headless Chromium with a fresh profile (playwright-core makes a new temporary user-data-dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** Fails early, with the command to run, when the builds the tests need are missing. */
export function requireBuilds(): void {
  for (const file of [path.join(DIST, 'taskpane.html'), FAKE_OFFICE]) {
    if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run npm run test:e2e`);
  }
}

export type PaneOptions =
  /** Office.js cannot be loaded (a plain browser with no way to the CDN). */
  { office: 'none' } | ({ office: 'excel' } & HarnessConfig);

export interface Pane {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions on the page. */
  errors: string[];
}

/**
 * Opens dist/taskpane.html at the task pane's size. Every request off 127.0.0.1 is refused, except office.js, which
 * gets the simulated host (or is refused too, for `office: 'none'`). `prepare` runs on the new context before the
 * page loads (e.g. to add an init script).
 */
export async function openPane(
  browser: Browser,
  serverUrl: string,
  options: PaneOptions,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Pane> {
  const context = await browser.newContext({
    viewport: PANE,
    deviceScaleFactor: 2,
    reducedMotion: 'reduce',
    locale: options.office === 'excel' ? options.displayLanguage : 'zh-CN',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serverUrl });
  await prepare?.(context);
  const fake = readFileSync(FAKE_OFFICE, 'utf8');
  await context.route(
    (url) => url.origin !== serverUrl,
    async (route) => {
      const url = new URL(route.request().url());
      if (options.office === 'excel' && url.pathname.endsWith('/office.js')) {
        await route.fulfill({ status: 200, contentType: 'text/javascript', body: fake });
      } else {
        await route.abort('internetdisconnected');
      }
    },
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(msg.text());
  });
  if (options.office === 'excel') {
    // The whole options object: fake-office.ts reads the HarnessConfig part of it.
    await page.addInitScript((c) => {
      window.__E2E_CONFIG__ = c;
    }, options);
  }
  await page.goto(`${serverUrl}/taskpane.html`);
  return { context, page, errors };
}

/** A screenshot (of the whole page, unless `fullPage` is false) under test-output/screenshots/. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}
