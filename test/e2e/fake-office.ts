/**
 * The end-to-end stand-in for Office.js: served in place of the CDN's office.js (the tests route that request
 * here), so the production task pane (dist/taskpane.html and its bundle, unchanged) runs against the simulated
 * Excel host. It defines the two globals the pane's entry reads:
 *
 * - `Office`: `onReady` (reports host Excel), `context.displayLanguage`, `context.requirements.isSetSupported`
 *   answering for ExcelApi up to the configured version (1.6 to see the requirement message);
 * - `Excel.run`: the simulator's `run`.
 *
 * The test passes the workbook (grids read from an .xlsx in Node) and the options in `window.__E2E_CONFIG__`
 * (through `page.addInitScript`, before any page script), and reads the simulator back through `window.__E2E__`.
 */
import type { Cell, Workbook } from '../../src/engine/grid';
import type { ExcelRun } from '../../src/hosts/excel/api';
import { ExcelSimulator, type Limits, type Visibility } from '../support/excel-sim';

export interface HarnessConfig {
  /** The workbook as grids (what `readWorkbookFile` gives). */
  workbook: Workbook;
  /** Highest ExcelApi requirement set this "Excel" supports, e.g. `1.17`, or `1.6` for a too-old Excel. */
  apiVersion: string;
  /** `Office.context.displayLanguage`. */
  displayLanguage: string;
  /** Initial `workbook.settings`. */
  settings?: Record<string, unknown>;
  /** The host `Office.onReady` reports (default `Excel`; e.g. `Word` for another Office application). */
  host?: string;
  /** Added to every `context.sync()`, like a round trip to Excel on the web (default 0). */
  latencyMs?: number;
  /** `web` (default), `windows` or `mac` (see the simulator). */
  platform?: 'web' | 'windows' | 'mac';
  /** Sheet visibility by name, the structure's protection and custom XML parts, as the package says. */
  visibility?: Record<string, Visibility>;
  protectedStructure?: boolean;
  customXmlParts?: string[];
  /** The file's name (`Workbook.name`). */
  name?: string;
  limits?: Partial<Limits>;
  /** Appends a consistent ledger sheet `专项经费` of this many item rows, built in the page (big workbooks). */
  ledgerRows?: number;
}

/**
 * A ledger of `rows` items (项目名称 | 全年预算数 | 实际支出 | 结余, then 合计), every figure consistent, built in
 * the page rather than sent from Node (a 100,000-row workbook would be tens of megabytes of test configuration).
 */
function ledger(rows: number): Workbook['sheets'][number] {
  const out: (Cell | null)[][] = [['项目名称', '全年预算数', '实际支出', '结余'].map((v) => ({ v }))];
  let sumA = 0;
  let sumS = 0;
  const money = (cents: number): Cell => ({ v: cents / 100, fmt: '#,##0.00' });
  for (let i = 0; i < rows; i++) {
    const available = 100_000 + ((i * 7919) % 900_000);
    const spent = Math.floor((available * (70 + (i % 30))) / 100);
    sumA += available;
    sumS += spent;
    out.push([{ v: `项目${i + 1}` }, money(available), money(spent), money(available - spent)]);
  }
  out.push([{ v: '合计' }, money(sumA), money(sumS), money(sumA - sumS)]);
  return { name: '专项经费', rows: out };
}

export interface HarnessHandle {
  sim: ExcelSimulator;
  /** Requirement-set checks the pane made, as `ExcelApi 1.7`. */
  checks: string[];
  /** The latency of every later sync (starts at `latencyMs`): a test holds a step on screen with it. */
  latency: { ms: number };
}

declare global {
  interface Window {
    __E2E_CONFIG__?: HarnessConfig;
    __E2E__?: HarnessHandle;
  }
}

/** -1, 0 or 1 as version `a` is below, equal to or above `b` (`1.10` > `1.9`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** `run` whose contexts wait `latency.ms` (read at each sync, so a test can change it) before each sync. */
function withLatency(run: ExcelRun, latency: { ms: number }): ExcelRun {
  return (options, batch) =>
    run(options, (context) => {
      const slow = new Proxy(context, {
        get(target, property) {
          if (property === 'sync') {
            return () =>
              latency.ms <= 0
                ? target.sync()
                : new Promise((resolve) => setTimeout(resolve, latency.ms)).then(() => target.sync());
          }
          return Reflect.get(target, property, target) as unknown;
        },
      });
      return batch(slow);
    });
}

function install(config: HarnessConfig): void {
  const workbook: Workbook =
    config.ledgerRows === undefined
      ? config.workbook
      : { ...config.workbook, sheets: [...config.workbook.sheets, ledger(config.ledgerRows)] };
  const sim = ExcelSimulator.fromWorkbook(workbook, {
    settings: config.settings,
    ...(config.platform ? { platform: config.platform } : {}),
    ...(config.visibility ? { visibility: config.visibility } : {}),
    ...(config.protectedStructure ? { protectedStructure: true } : {}),
    ...(config.customXmlParts ? { customXmlParts: config.customXmlParts } : {}),
    ...(config.name ? { name: config.name } : {}),
    ...(config.limits ? { limits: config.limits } : {}),
  });
  const checks: string[] = [];
  const host = config.host ?? 'Excel';
  const info = { host, platform: 'OfficeOnline' };
  const office = {
    HostType: { Excel: 'Excel', Word: 'Word' },
    context: {
      host,
      displayLanguage: config.displayLanguage,
      requirements: {
        isSetSupported(name: string, minVersion?: string): boolean {
          checks.push(`${name} ${minVersion ?? ''}`.trim());
          return name === 'ExcelApi' && compareVersions(minVersion ?? '1.1', config.apiVersion) <= 0;
        },
      },
    },
    onReady(callback?: (i: typeof info) => unknown): Promise<typeof info> {
      // Office.js calls back asynchronously, once the host has answered.
      return new Promise((resolve) =>
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0),
      );
    },
  };
  const globals = globalThis as unknown as Record<string, unknown>;
  globals.Office = office;
  const latency = { ms: config.latencyMs ?? 0 };
  globals.Excel = { run: withLatency(sim.run, latency) };
  window.__E2E__ = { sim, checks, latency };
}

if (window.__E2E_CONFIG__) install(window.__E2E_CONFIG__);
