/**
 * Accessibility plumbing for the end-to-end tests: axe-core injected into the pane, a log of what the page's live
 * regions say, and a readable description of the focused element.
 */
import type { AxeResults, ImpactValue, NodeResult, Result } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';

/** axe-core's browser build (a devDependency, pinned exactly: its rules change between versions). */
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** One change of a live region's text, in the order the page made them. */
export interface Announcement {
  politeness: 'polite' | 'assertive';
  text: string;
  /** The language the text is marked with (its own `lang` or the nearest ancestor's). */
  lang: string;
}

interface AxeGlobal {
  run(context: Document, options: { resultTypes: string[] }): Promise<AxeResults>;
}

declare global {
  interface Window {
    axe?: AxeGlobal;
    __LIVE__?: Announcement[];
  }
}

/**
 * Records every change of every live region (`aria-live`, `role=status`, `role=alert`) from the first paint on:
 * each added node's text, or the region's text when it changed in place. Install before the page loads.
 */
export async function recordAnnouncements(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const log: Announcement[] = [];
    window.__LIVE__ = log;
    const regionOf = (node: Node | null): HTMLElement | null => {
      const el = node instanceof HTMLElement ? node : (node?.parentElement ?? null);
      return el?.closest<HTMLElement>('[aria-live],[role=status],[role=alert]') ?? null;
    };
    const politeness = (region: HTMLElement): 'polite' | 'assertive' => {
      const live = region.getAttribute('aria-live');
      if (live === 'assertive' || live === 'polite') return live;
      return region.getAttribute('role') === 'alert' ? 'assertive' : 'polite';
    };
    const langOf = (el: Element): string => el.closest('[lang]')?.getAttribute('lang') ?? '';
    const last = new Map<HTMLElement, string>();
    const observer = new MutationObserver((records) => {
      const changed = new Set<HTMLElement>();
      const added: { region: HTMLElement; node: Node }[] = [];
      for (const record of records) {
        const region = regionOf(record.target);
        if (!region || region.getAttribute('aria-live') === 'off') continue;
        changed.add(region);
        for (const node of Array.from(record.addedNodes)) {
          if (node.textContent && node.textContent.trim() !== '') added.push({ region, node });
        }
      }
      for (const region of changed) {
        const text = (region.textContent ?? '').trim();
        const nodes = added.filter((a) => a.region === region);
        if (nodes.length > 0) {
          for (const { node } of nodes) {
            const el = node instanceof Element ? node : (node.parentElement ?? region);
            log.push({
              politeness: politeness(region),
              text: (node.textContent ?? '').trim(),
              lang: langOf(el),
            });
          }
        } else if (text !== '' && text !== last.get(region)) {
          log.push({ politeness: politeness(region), text, lang: langOf(region) });
        }
        last.set(region, text);
      }
    });
    const start = () =>
      observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
    if (document.documentElement) start();
    else document.addEventListener('readystatechange', start, { once: true });
  });
}

/** Everything the live regions said so far. */
export function announcements(page: Page): Promise<Announcement[]> {
  return page.evaluate(() => window.__LIVE__ ?? []);
}

/** Waits until a live region has said something matching `text` (a substring or pattern) and returns it. */
export async function announced(page: Page, text: string | RegExp, timeout = 10_000): Promise<Announcement> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await announcements(page)).find((a) =>
      typeof text === 'string' ? a.text.includes(text) : text.test(a.text),
    );
    if (found) return found;
    if (Date.now() > deadline) {
      const said = (await announcements(page)).map((a) => `${a.politeness}: ${a.text}`).join('\n');
      throw new Error(`nothing announced matching ${String(text)}; the live regions said:\n${said}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Forgets what was announced so far (to count what the next action says). */
export async function clearAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => window.__LIVE__?.splice(0));
}

/** The focused element, described for assertions: tag, role, its text (whitespace collapsed), label, test ids. */
export interface FocusInfo {
  tag: string;
  role: string | null;
  text: string;
  label: string | null;
  testId: string | null;
  /** `data-focus` marker of the pane's focus targets. */
  focus: string | null;
  /** `data-finding` of a finding (sheet!cell). */
  finding: string | null;
}

export function focused(page: Page): Promise<FocusInfo> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const get = (name: string) => el?.getAttribute(name) ?? null;
    // A tree item's own text is its first child's (the row), not its nested group's.
    const own = get('role') === 'treeitem' ? el?.firstElementChild : el;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      role: get('role'),
      text: (own instanceof HTMLElement ? own.innerText : (own?.textContent ?? ''))
        .replace(/\s+/g, ' ')
        .trim(),
      label: get('aria-label'),
      testId: get('data-testid'),
      focus: get('data-focus'),
      finding: get('data-finding'),
    };
  });
}

/**
 * Runs axe-core over the whole document (injected on first use), once every finite CSS transition and animation
 * has ended: a button fading back from its disabled colours is not the colour it will stay (contrast is measured on
 * what is painted).
 */
export async function axe(page: Page): Promise<AxeResults> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
  if (!(await page.evaluate(() => window.axe !== undefined))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(() => {
    const run = window.axe;
    if (!run) throw new Error('axe-core was not injected');
    return run.run(document, { resultTypes: ['violations'] });
  });
}

/** A violation reduced to what a report needs: the rule, its impact and the elements it names. */
export interface Violation {
  rule: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
  html: string[];
  /** axe's explanation for each element (colours and ratio for contrast, the names compared, …). */
  summaries: string[];
}

export const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

/** The opening tag of an element as axe quotes it. */
function openingTag(html: string): string {
  return html.slice(0, html.indexOf('>') + 1);
}

/**
 * Whether a violation is Fluent's own markup rather than the project's. Exactly one case, told by an attribute that
 * only tabster (Fluent UI's focus manager) writes: `aria-hidden-focus` where every element axe names is an
 * `<i data-tabster-dummy>`. Those are tabster's focus sentinels, inserted around arrow-key groups (the tab list),
 * focus traps (the dialog) and the provider; they are focusable and aria-hidden by design, and move focus on as
 * soon as they receive it, so it never rests on one (the keyboard walks assert that). Known upstream:
 * https://github.com/microsoft/tabster/issues/288, https://github.com/microsoft/fluentui/issues/25133; Accessibility
 * Insights suppresses the same result (https://github.com/microsoft/accessibility-insights-web/pull/7605).
 * Everything else counts as the project's, whichever component rendered it: the project chose the component, its
 * props and its text.
 */
export function isFluentOwn(v: Violation): boolean {
  return (
    v.rule === 'aria-hidden-focus' &&
    v.html.length > 0 &&
    v.html.every((html) => /^<i\b[^>]*\sdata-tabster-dummy(=|\s|>)/.test(openingTag(html)))
  );
}

export function violations(results: AxeResults): Violation[] {
  return results.violations.map((v: Result) => ({
    rule: v.id,
    impact: v.impact ?? undefined,
    help: v.help,
    targets: v.nodes.map((n: NodeResult) => n.target.join(' ')),
    html: v.nodes.map((n: NodeResult) => n.html.slice(0, 200)),
    summaries: v.nodes.map((n: NodeResult) => n.failureSummary ?? ''),
  }));
}

/**
 * The accessible names Chromium computed for the elements matching `selector`, in document order (through the
 * DevTools protocol: what a screen reader is given).
 */
export async function accessibleNames(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('Accessibility.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const names: string[] = [];
    for (const nodeId of nodeIds) {
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      names.push(String(nodes[0]?.name?.value ?? ''));
    }
    return names;
  } finally {
    await cdp.detach();
  }
}
