/**
 * What the pane says, and where it puts focus, when its state changes: a result is announced politely, an error
 * assertively, each once, in the pane's language; a finished action moves focus to what it produced. Computed from
 * two successive states alone (no React, no DOM), so that the components only carry it out.
 */
import type { Lang } from '../engine';
import type { Strings } from './i18n';
import { describeError } from './model';
import type { ReviewState, Tab } from './useReview';

/** The pane's elements that focus can be sent to (each carries the matching `data-focus`). */
export type FocusTarget = 'summary' | 'run' | 'error' | 'check' | 'generate';

export interface Outcome {
  message: string;
  assertive: boolean;
  focus?: FocusTarget;
}

/** Actions the user started with a button: when one of them ends in an error, focus goes to the error. */
const USER_ACTIONS: readonly (ReviewState['busy'] & string)[] = ['check', 'generate', 'undo', 'save'];

export function tabLabel(t: Strings, tab: Tab): string {
  switch (tab) {
    case 'findings':
      return t.tabFindings;
    case 'tables':
      return t.tabTables;
    case 'draft':
      return t.tabDraft;
    case 'report':
      return t.tabReport;
    case 'settings':
      return t.tabSettings;
  }
}

/** An error as it is said: the bar's title, why, what to do, what was (not) written. Codes and details are shown. */
export function errorMessage(t: Strings, error: NonNullable<ReviewState['error']>): string {
  const view = describeError(error.error, error.action, t);
  const sentences = [view.reason, view.hint, view.written].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  return t.errorAnnouncement(view.title, sentences);
}

/** What changed from `prev` to `next` that the user must be told, or undefined. */
export function outcomeOf(prev: ReviewState, next: ReviewState, t: Strings, lang: Lang): Outcome | undefined {
  if (next.error && next.error !== prev.error) {
    const byUser = prev.busy !== null && USER_ACTIONS.includes(prev.busy) && next.busy === null;
    return { message: errorMessage(t, next.error), assertive: true, focus: byUser ? 'error' : undefined };
  }
  // The view an action switched to is said after the result (a tab the user picks is said by the tab itself).
  const switched = next.tab !== prev.tab ? ` ${t.tabShown(tabLabel(t, next.tab))}` : '';
  if (prev.busy === 'check' && next.busy === null && next.analysis) {
    const count = (severity: string) =>
      next.analysis?.findings.filter((f) => f.severity === severity).length ?? 0;
    // No table recognised is not "no problems": said as what it is.
    const summary =
      next.analysis.tables.length === 0
        ? t.nothingRecognised
        : t.checkedSummary(count('error'), count('warning'), count('info'));
    return {
      message: summary + switched,
      assertive: false,
      focus: 'summary',
    };
  }
  if (next.notice && next.notice !== prev.notice) {
    const ended = (prev.busy === 'check' || prev.busy === 'generate') && next.busy === null;
    // Cancelled: the progress (and its Cancel button, which had focus) is gone; focus goes back to the button
    // that started the run, to start it again.
    const focus: FocusTarget | undefined =
      ended && next.notice.cancelled
        ? prev.busy === 'check'
          ? 'check'
          : 'generate'
        : ended && prev.busy === 'generate'
          ? 'run'
          : undefined;
    return { message: next.notice.text(t, lang) + switched, assertive: false, focus };
  }
  // Long work: say that it started (the button that started it keeps focus and says so too).
  if (next.busy !== prev.busy && next.busy === 'check') return { message: t.checking, assertive: false };
  if (next.busy !== prev.busy && next.busy === 'generate') return { message: t.generating, assertive: false };
  const running = next.busy === 'check' || next.busy === 'generate';
  // Cancel pressed: said at once (the button keeps focus, aria-disabled, until the run has stopped).
  if (running && next.cancelling && !prev.cancelling) return { message: t.cancelling, assertive: false };
  // Excel has not answered for a while: what may hold it up (a cell being edited), each time it happens.
  if (running && next.slow && !prev.slow && !next.cancelling)
    return { message: t.slowHint, assertive: false };
  return undefined;
}

/** How long a step must last before it is said (quick steps pass unsaid: their result is said instead). */
export const STEP_SETTLE_MS = 1_000;

/**
 * The step of a check or a report under way, as it is said: the step's name, and while writing the share written
 * in quarters (0 %, 25 %, 50 %, 75 %), so that a screen reader hears a handful of messages, not one per block.
 * Undefined when nothing runs or the run is being cancelled. The exact share is the progress bar's
 * `aria-valuetext`, there to be read at any time.
 */
export function stepMessage(state: ReviewState, t: Strings): string | undefined {
  if ((state.busy !== 'check' && state.busy !== 'generate') || state.cancelling) return undefined;
  switch (state.phase) {
    case 'writing':
      return t.writing(Math.floor((state.progress ?? 0) * 4) * 25);
    case 'checking':
      return t.checkingFigures;
    case 'planning':
      return t.planning;
    default:
      return t.reading;
  }
}
