/**
 * The self-hosted build (`webpack --env officejs=local`, built by `npm run test:e2e` into
 * test-output/dist-officejs-local/: not under test-output/e2e/, which the simulator's build empties) in headless
 * Chromium with no way out: every request that leaves the pane's own origin is refused and recorded. The pane must
 * load the real Office.js (the @microsoft/office-js package's files, unmodified) from its own origin, find itself
 * outside Office (a plain browser: `Office.onReady` reports no host) and show its "open this in Excel" state,
 * working, with nothing requested from anywhere else.
 *
 * This build cannot also be given the simulated Excel host that taskpane.e2e.ts injects: there the simulator *is*
 * `office.js` (it replaces the CDN's script and defines the `Office` and `Excel` globals itself), whereas here the
 * point is that Microsoft's own library, served by the add-in, defines them. A page holds one `Office` global, so the
 * two are tested apart: the pane's work inside Excel with the simulator, the loading of Office.js here.
 */
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, PANE, ROOT, screenshot, serveStatic, type StaticServer } from './support';

/** Where `npm run test:e2e` builds the self-hosted pane. */
const LOCAL_DIST = path.join(ROOT, 'test-output', 'dist-officejs-local');
const PACKAGE_DIST = path.join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every request the page made: URL and, once answered, the HTTP status (or the failure). */
const requests: { url: string; outcome?: string }[] = [];
/** Requests for anything off the pane's origin (each refused). */
const outside: string[] = [];
const errors: string[] = [];

/** The part of Office.js's global that these tests read. */
interface OfficeGlobal {
  Office: { onReady(): Promise<{ host?: string | null; platform?: string | null }> };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  if (!existsSync(path.join(LOCAL_DIST, 'taskpane.html'))) {
    throw new Error(`${path.relative(ROOT, LOCAL_DIST)}/taskpane.html is missing: run npm run test:e2e`);
  }
  [server, browser] = await Promise.all([serveStatic(LOCAL_DIST), launchChromium()]);
  context = await browser.newContext({ viewport: PANE, locale: 'zh-CN', reducedMotion: 'reduce' });
  await context.route(
    (url) => url.origin !== server.url,
    async (route) => {
      outside.push(route.request().url());
      await route.abort('internetdisconnected');
    },
  );
  context.on('request', (request) => requests.push({ url: request.url() }));
  context.on('requestfinished', (request) => {
    const entry = requests.find((r) => r.url === request.url() && r.outcome === undefined);
    void request.response().then((response) => {
      if (entry) entry.outcome = String(response?.status() ?? 'no response');
    });
  });
  context.on('requestfailed', (request) => {
    const entry = requests.find((r) => r.url === request.url() && r.outcome === undefined);
    if (entry) entry.outcome = `failed: ${request.failure()?.errorText ?? '?'}`;
  });
  page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(`${server.url}/taskpane.html`);
  await page.getByText('请在 Excel 中打开').first().waitFor({ state: 'visible', timeout: 20_000 });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('Office.js served by the add-in itself, with no outside network', () => {
  it('loads Office.js from the pane’s own origin, byte for byte the pinned package’s file', async () => {
    const loaded = await page.evaluate(() => ({
      office: typeof (window as unknown as OfficeGlobal).Office,
      onReady: typeof (window as unknown as OfficeGlobal).Office?.onReady,
      scripts: Array.from(document.scripts)
        .map((s) => s.src)
        .filter((src) => /office\.js$/.test(src)),
    }));
    expect(loaded).toEqual({
      office: 'object',
      onReady: 'function',
      scripts: [`${server.url}/office-js/office.js`],
    });
    const officeJs = requests.find((r) => r.url === `${server.url}/office-js/office.js`);
    expect(officeJs).toEqual({ url: `${server.url}/office-js/office.js`, outcome: '200' });
    const served = await (await fetch(`${server.url}/office-js/office.js`)).text();
    expect(sha256(served)).toBe(sha256(readFileSync(path.join(PACKAGE_DIST, 'office.js'))));
  });

  it('is told by Office.js itself that it runs outside Office, and says to open it in Excel', async () => {
    const info = await page.evaluate(() =>
      (window as unknown as OfficeGlobal).Office.onReady().then((i) => ({
        host: i.host ?? null,
        platform: i.platform ?? null,
      })),
    );
    expect(info).toEqual({ host: null, platform: null });
    await page.getByRole('heading', { name: '预算绩效自评助手' }).first().waitFor();
    expect(await page.getByTestId('outside-excel').innerText()).toContain('开始');
    await screenshot(page, '20-office-js-local-outside-excel');
    // The pane works there: its language switch changes the page.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByText('Open this in Excel').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
  });

  it('requested nothing outside its own origin, and every file it asked for was there', async () => {
    expect(outside).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(3); // the page, Office.js and the pane's bundle at least
    // Office.js loads its companion scripts from beside itself: from the pane's origin too.
    const companions = requests.filter(
      (r) => r.url.startsWith(`${server.url}/office-js/`) && !r.url.endsWith('/office-js/office.js'),
    );
    expect(companions.length).toBeGreaterThan(0);
    const notOwn = requests.filter(
      (r) => !r.url.startsWith(`${server.url}/`) && !/^(data|blob):/.test(r.url),
    );
    expect(notOwn).toEqual([]);
    const unanswered = requests.filter((r) => r.outcome !== undefined && r.outcome !== '200');
    expect(unanswered).toEqual([]);
    expect(errors).toEqual([]);
  });
});
