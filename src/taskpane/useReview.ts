/**
 * The task pane's state and what its buttons do: read the workbook (the host, on this thread, where Office.js is),
 * check it and plan the report (the engine, in a Web Worker), write and remove the report, save the settings.
 * Every Excel call goes through the injected {@link HostActions}, every engine call through the injected
 * {@link Engine}.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldOverride, Lang, Narrative } from '../engine';
import { hasText, type DraftInput } from './draft';
import { EngineCancelled, type CheckView, type Engine, type EngineStage } from './engine/protocol';
import type { HostActions, ReviewSettings, WorkbookSnapshot } from './host';
import type { ActionKind, Strings } from './i18n';
import { joinNames } from './i18n';

export type Tab = 'findings' | 'tables' | 'draft' | 'report' | 'settings';
export type Busy = 'settings' | 'check' | 'generate' | 'undo' | 'save' | 'select';
/** Where a check or a report is: reading (Excel), checking and planning (the engine), writing (Excel). */
export type Phase = 'reading' | EngineStage | 'writing';

export interface Notice {
  intent: 'success' | 'info' | 'warning';
  /** Text in the pane's current language. */
  text: (t: Strings, lang: Lang) => string;
  /** Offer to check again (after corrections or settings were saved). */
  offerCheck?: boolean;
  /** The notice says that the user cancelled a check or a report. */
  cancelled?: boolean;
}

export interface ReviewState {
  lang: Lang;
  settings: ReviewSettings;
  settingsLoaded: boolean;
  busy: Busy | null;
  /** While checking or generating: the step under way; `progress` (0–1) while writing. */
  phase?: Phase;
  progress?: number;
  /** Excel has not answered for a while (for instance while the user edits a cell: Excel waits for that). */
  slow?: boolean;
  /** A cancel was asked and is being carried out. */
  cancelling?: boolean;
  tab: Tab;
  snapshot?: WorkbookSnapshot;
  analysis?: CheckView;
  narrative?: Narrative;
  /** The report draft of the 核对文稿 view, checked with the workbook at each check. */
  draft?: DraftInput;
  /** The sheets the last generate of this session created, replaced and kept. */
  run?: { created: string[]; replaced: string[]; kept: string[] };
  error?: { action: ActionKind; error: unknown };
  notice?: Notice;
}

export interface ReviewActions {
  check(): Promise<void>;
  /** Keeps `draft` as the report draft and checks the workbook with it (the 核对文稿 view). */
  checkDraft(draft: DraftInput): Promise<void>;
  generate(): Promise<void>;
  /** Stops a check or a report under way (what a report had written is removed). */
  cancel(): void;
  undo(): Promise<void>;
  /**
   * Selects a cell in Excel: a finding's, or the source cell of a disputed number of the draft; true once it is
   * selected (false: the error is shown).
   */
  select(target: { sheet: string; cell: string }): Promise<boolean>;
  saveSettings(next: Pick<ReviewSettings, 'threshold' | 'rateBase' | 'lang' | 'report'>): Promise<boolean>;
  saveOverrides(overrides: FieldOverride[]): Promise<boolean>;
  setLang(lang: Lang): void;
  setTab(tab: Tab): void;
  dismissError(): void;
  dismissNotice(): void;
}

/** How long Excel may take to answer before the pane says what may hold it up. */
export const SLOW_MS = 2_500;

function isSettingsError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'settings';
}

/** Stopped by the user, and nothing of it left behind (a report whose clean-up failed is an error to show). */
function isCancelled(err: unknown): boolean {
  if (err instanceof EngineCancelled) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; rolledBack?: unknown };
  return e.code === 'cancelled' && e.rolledBack !== false;
}

/** The work under way: its abort controller, and whether the user cancelled it. */
interface Operation {
  abort: AbortController;
  cancelled: boolean;
}

export function useReview(
  actions: HostActions,
  engine: Engine,
  initialLang: Lang,
): [ReviewState, ReviewActions] {
  const [state, setState] = useState<ReviewState>({
    lang: initialLang,
    settings: {},
    settingsLoaded: false,
    busy: 'settings',
    tab: 'findings',
  });
  // The latest state for the asynchronous handlers (a handler must not act on the state of an older render).
  const latest = useRef(state);
  latest.current = state;
  const update = useCallback((patch: Partial<ReviewState> | ((s: ReviewState) => Partial<ReviewState>)) => {
    setState((s) => {
      const next = { ...s, ...(typeof patch === 'function' ? patch(s) : patch) };
      latest.current = next;
      return next;
    });
  }, []);
  const operation = useRef<Operation | undefined>(undefined);
  const slowTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Waiting for Excel: after SLOW_MS without news, the pane says what may hold Excel up. */
  const waitingForExcel = useCallback(
    (waiting: boolean) => {
      if (slowTimer.current !== undefined) clearTimeout(slowTimer.current);
      slowTimer.current = undefined;
      if (latest.current.slow) update({ slow: false });
      if (waiting) slowTimer.current = setTimeout(() => update({ slow: true }), SLOW_MS);
    },
    [update],
  );

  useEffect(
    () => () => {
      if (slowTimer.current !== undefined) clearTimeout(slowTimer.current);
      operation.current?.abort.abort();
    },
    [],
  );

  useEffect(() => {
    let live = true;
    actions.loadSettings().then(
      (settings) => {
        if (!live) return;
        update((s) => ({ settings, settingsLoaded: true, busy: null, lang: settings.lang ?? s.lang }));
      },
      (error: unknown) => {
        if (!live) return;
        if (isSettingsError(error)) {
          update({
            settingsLoaded: true,
            busy: null,
            notice: { intent: 'warning', text: (t) => t.settingsInvalidLoaded },
          });
        } else {
          update({ settingsLoaded: true, busy: null, error: { action: 'settings', error } });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [actions, update]);

  /** Starts a cancellable operation (null when one is under way). */
  const begin = useCallback((): Operation | null => {
    if (latest.current.busy) return null;
    const op: Operation = { abort: new AbortController(), cancelled: false };
    operation.current = op;
    return op;
  }, []);

  const end = useCallback(
    (op: Operation, patch: Partial<ReviewState>) => {
      if (operation.current === op) operation.current = undefined;
      waitingForExcel(false);
      update({
        busy: null,
        phase: undefined,
        progress: undefined,
        slow: false,
        cancelling: false,
        ...patch,
      });
    },
    [update, waitingForExcel],
  );

  /** Reads the workbook; null when the user cancelled meanwhile (a read cannot be stopped, only disregarded). */
  const read = useCallback(
    async (op: Operation): Promise<WorkbookSnapshot | null> => {
      update({ phase: 'reading' });
      waitingForExcel(true);
      const snapshot = await actions.readWorkbook();
      waitingForExcel(false);
      return op.cancelled ? null : snapshot;
    },
    [actions, update, waitingForExcel],
  );

  const cancelledNotice = (action: 'check' | 'generate', removed: boolean): Notice => ({
    intent: 'info',
    cancelled: true,
    text: (t) => (action === 'check' ? t.cancelledCheck : removed ? t.cancelledRemoved : t.cancelledNothing),
  });

  const runCheck = useCallback(
    async (draft: DraftInput | undefined, tab: Tab) => {
      const op = begin();
      if (!op) return;
      update({ busy: 'check', error: undefined, notice: undefined, draft });
      try {
        const snapshot = await read(op);
        if (!snapshot) {
          end(op, { notice: cancelledNotice('check', false) });
          return;
        }
        const { settings, lang } = latest.current;
        const analysis = await engine.check(
          { snapshot, settings, lang, ...draftInput(draft) },
          { signal: op.abort.signal, onStage: (phase) => update({ phase }) },
        );
        end(op, { snapshot, analysis, tab });
      } catch (error) {
        end(
          op,
          isCancelled(error)
            ? { notice: cancelledNotice('check', false) }
            : { error: { action: 'check', error } },
        );
      }
    },
    [begin, end, engine, read, update],
  );

  const check = useCallback(
    () => runCheck(latest.current.draft, latest.current.tab === 'draft' ? 'draft' : 'findings'),
    [runCheck],
  );
  const checkDraftAction = useCallback((draft: DraftInput) => runCheck(draft, 'draft'), [runCheck]);

  const generate = useCallback(async () => {
    const op = begin();
    if (!op) return;
    update({ busy: 'generate', progress: undefined, error: undefined, notice: undefined });
    let writing = false;
    try {
      const snapshot = await read(op);
      if (!snapshot) {
        end(op, { notice: cancelledNotice('generate', false) });
        return;
      }
      const { settings, lang } = latest.current;
      const report = await engine.report(
        { snapshot, settings, lang, ...draftInput(latest.current.draft) },
        { signal: op.abort.signal, onStage: (phase) => update({ phase }) },
      );
      // Nothing recognised, nothing checked: a report would say every figure was. Nothing is written.
      if (report.check.tables.length === 0) {
        end(op, {
          snapshot,
          analysis: report.check,
          tab: 'findings',
          notice: { intent: 'warning', text: (t) => t.generateNothing },
        });
        return;
      }
      update({ snapshot, analysis: report.check, phase: 'writing', progress: 0 });
      writing = true;
      waitingForExcel(true);
      const result = await actions.applyPlan(report.plan, {
        onProgress: (fraction) => {
          waitingForExcel(true);
          update({ progress: fraction });
        },
        signal: op.abort.signal,
        proven: report.proven,
      });
      const kept = report.kept;
      end(op, {
        narrative: report.narrative,
        run: { created: result.created, replaced: result.replaced, kept },
        tab: 'report',
        notice: {
          intent: kept.length > 0 || !result.activated ? 'warning' : 'success',
          text: (t, l) =>
            [
              t.generatedNotice(result.created.length),
              kept.length > 0 ? t.keptSheets(joinNames(l, kept)) : '',
              result.migrated ? t.migratedNotice : '',
              result.activated ? '' : t.notActivated,
            ]
              .filter((x) => x !== '')
              .join(' '),
        },
      });
    } catch (error) {
      if (isCancelled(error)) {
        end(op, { notice: cancelledNotice('generate', writing) });
      } else {
        end(op, { error: { action: 'generate', error } });
      }
    }
  }, [actions, begin, end, engine, read, update, waitingForExcel]);

  const cancel = useCallback(() => {
    const op = operation.current;
    if (!op || op.cancelled) return;
    op.cancelled = true;
    op.abort.abort();
    update({ cancelling: true });
  }, [update]);

  const undo = useCallback(async () => {
    if (latest.current.busy) return;
    update({ busy: 'undo', error: undefined, notice: undefined });
    waitingForExcel(true);
    try {
      const result = await actions.undoLastRun();
      const deleted = result.deleted;
      const skipped = result.skipped.map((s) => s.name);
      waitingForExcel(false);
      update((s) => ({
        busy: null,
        run: undefined,
        snapshot: s.snapshot
          ? { ...s.snapshot, owned: s.snapshot.owned.filter((n) => !deleted.includes(n)) }
          : undefined,
        notice: {
          intent: deleted.length > 0 ? 'success' : 'info',
          text: (t, l) =>
            [
              deleted.length > 0 ? t.undone(joinNames(l, deleted)) : t.undoNothing,
              skipped.length > 0 ? t.undoSkipped(joinNames(l, skipped)) : '',
            ]
              .filter((x) => x !== '')
              .join(' '),
        },
      }));
    } catch (error) {
      waitingForExcel(false);
      update({ busy: null, error: { action: 'undo', error } });
    }
  }, [actions, update, waitingForExcel]);

  const select = useCallback(
    async (target: { sheet: string; cell: string }): Promise<boolean> => {
      try {
        await actions.selectCell(target.sheet, target.cell);
        return true;
      } catch (error) {
        update({ error: { action: 'select', error } });
        return false;
      }
    },
    [actions, update],
  );

  /** The pane's language: the findings of the workbook already read are checked again in it (no new read). */
  const switchLang = useCallback(
    (lang: Lang): void => {
      update({ lang });
      const { snapshot, settings, busy, draft } = latest.current;
      if (!snapshot || busy) return;
      void engine.check({ snapshot, settings, lang, ...draftInput(draft) }).then(
        (analysis) => {
          if (latest.current.lang === lang && latest.current.snapshot === snapshot) update({ analysis });
        },
        (error: unknown) => update({ error: { action: 'check', error } }),
      );
    },
    [engine, update],
  );

  const save = useCallback(
    async (settings: ReviewSettings, notice: Notice | undefined): Promise<boolean> => {
      update({ busy: 'save', error: undefined, notice: undefined });
      try {
        await actions.saveSettings(settings);
        update({ busy: null, settings, notice });
        return true;
      } catch (error) {
        update({ busy: null, error: { action: 'save', error } });
        return false;
      }
    },
    [actions, update],
  );

  const saveSettings = useCallback(
    async (next: Pick<ReviewSettings, 'threshold' | 'rateBase' | 'lang' | 'report'>): Promise<boolean> => {
      if (latest.current.busy) return false;
      const { settings, lang, snapshot } = latest.current;
      const merged: ReviewSettings = { ...settings, ...next };
      // The settings form says every report setting: none given means all at their defaults.
      if (next.report === undefined) delete merged.report;
      const ok = await save(merged, {
        intent: 'success',
        text: (t) => t.settingsSaved,
        offerCheck: snapshot !== undefined,
      });
      if (ok && next.lang !== undefined && next.lang !== lang) switchLang(next.lang);
      return ok;
    },
    [save, switchLang],
  );

  const saveOverrides = useCallback(
    async (overrides: FieldOverride[]): Promise<boolean> => {
      if (latest.current.busy) return false;
      const { settings, snapshot } = latest.current;
      return save(
        { ...settings, overrides },
        { intent: 'success', text: (t) => t.columnsSaved, offerCheck: snapshot !== undefined },
      );
    },
    [save],
  );

  const setLang = useCallback(
    (lang: Lang) => {
      const { settings, busy } = latest.current;
      switchLang(lang);
      if (busy || settings.lang === lang) return;
      // Remembered with the workbook; a failure to save is shown, the switch stays.
      void actions.saveSettings({ ...settings, lang }).then(
        () => update((s) => ({ settings: { ...s.settings, lang } })),
        (error: unknown) => update({ error: { action: 'save', error } }),
      );
    },
    [actions, switchLang, update],
  );

  const setTab = useCallback((tab: Tab) => update({ tab }), [update]);
  const dismissError = useCallback(() => update({ error: undefined }), [update]);
  const dismissNotice = useCallback(() => update({ notice: undefined }), [update]);

  return [
    state,
    {
      check,
      generate,
      cancel,
      undo,
      select,
      checkDraft: checkDraftAction,
      saveSettings,
      saveOverrides,
      setLang,
      setTab,
      dismissError,
      dismissNotice,
    },
  ];
}

/** The draft's part of an engine request: its paragraphs when it holds any text. */
function draftInput(draft: DraftInput | undefined): { draft?: string[] } {
  return draft && hasText(draft) ? { draft: draft.paragraphs } : {};
}
