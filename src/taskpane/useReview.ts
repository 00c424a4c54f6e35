/**
 * The task pane's state and what its buttons do: read the workbook, analyse it, generate and undo the report, save
 * the settings. Every Excel call goes through the injected {@link HostActions}; everything else is the engine.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  analyze,
  buildNarrative,
  buildPlan,
  summarySheetName,
  type Analysis,
  type FieldOverride,
  type Finding,
  type Lang,
  type Narrative,
} from '../engine';
import type { HostActions, ReviewSettings, WorkbookSnapshot } from './host';
import type { ActionKind, Strings } from './i18n';
import { joinNames } from './i18n';
import { analyzeOptions } from './model';

export type Tab = 'findings' | 'tables' | 'report' | 'settings';
export type Busy = 'settings' | 'check' | 'generate' | 'undo' | 'save' | 'select';

export interface Notice {
  intent: 'success' | 'info' | 'warning';
  /** Text in the pane's current language. */
  text: (t: Strings, lang: Lang) => string;
  /** Offer to check again (after corrections or settings were saved). */
  offerCheck?: boolean;
}

export interface ReviewState {
  lang: Lang;
  settings: ReviewSettings;
  settingsLoaded: boolean;
  busy: Busy | null;
  /** While generating: reading (no share known) or writing (`progress` 0–1). */
  phase?: 'reading' | 'writing';
  progress?: number;
  tab: Tab;
  snapshot?: WorkbookSnapshot;
  analysis?: Analysis;
  narrative?: Narrative;
  /** The sheets the last generate of this session created and replaced. */
  run?: { created: string[]; replaced: string[] };
  error?: { action: ActionKind; error: unknown };
  notice?: Notice;
}

export interface ReviewActions {
  check(): Promise<void>;
  generate(): Promise<void>;
  undo(): Promise<void>;
  /** Selects the finding's cell in Excel; true once it is selected (false: the error is shown). */
  select(finding: Finding): Promise<boolean>;
  saveSettings(next: Pick<ReviewSettings, 'threshold' | 'rateBase' | 'lang'>): Promise<boolean>;
  saveOverrides(overrides: FieldOverride[]): Promise<boolean>;
  setLang(lang: Lang): void;
  setTab(tab: Tab): void;
  dismissError(): void;
  dismissNotice(): void;
}

/** Lets the browser paint (a spinner, a progress bar) before a long synchronous step such as `analyze`. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function isSettingsError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'settings';
}

export function useReview(actions: HostActions, initialLang: Lang): [ReviewState, ReviewActions] {
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

  const analyzeSnapshot = useCallback(
    (snapshot: WorkbookSnapshot, settings: ReviewSettings, lang: Lang): Analysis =>
      analyze(snapshot.workbook, analyzeOptions(settings, lang, snapshot.owned)),
    [],
  );

  const check = useCallback(async () => {
    if (latest.current.busy) return;
    update({ busy: 'check', error: undefined, notice: undefined });
    try {
      const snapshot = await actions.readWorkbook();
      await nextFrame();
      const { settings, lang } = latest.current;
      const analysis = analyzeSnapshot(snapshot, settings, lang);
      update({ busy: null, snapshot, analysis, tab: 'findings' });
    } catch (error) {
      update({ busy: null, error: { action: 'check', error } });
    }
  }, [actions, analyzeSnapshot, update]);

  const generate = useCallback(async () => {
    if (latest.current.busy) return;
    update({ busy: 'generate', phase: 'reading', progress: undefined, error: undefined, notice: undefined });
    try {
      const snapshot = await actions.readWorkbook();
      await nextFrame();
      const { settings, lang } = latest.current;
      const analysis = analyzeSnapshot(snapshot, settings, lang);
      const sheets = { existingSheets: snapshot.sheetNames, owned: snapshot.owned };
      const narrative = buildNarrative(analysis, summarySheetName(lang, sheets));
      const plan = buildPlan(analysis, narrative, sheets);
      update({ snapshot, analysis, phase: 'writing', progress: 0 });
      const result = await actions.applyPlan(plan, (fraction) => update({ progress: fraction }));
      update({
        busy: null,
        phase: undefined,
        progress: undefined,
        narrative,
        run: { created: result.created, replaced: result.replaced },
        tab: 'report',
        notice: {
          intent: 'success',
          text: (t) => t.generatedNotice(result.created.length),
        },
      });
    } catch (error) {
      update({ busy: null, phase: undefined, progress: undefined, error: { action: 'generate', error } });
    }
  }, [actions, analyzeSnapshot, update]);

  const undo = useCallback(async () => {
    if (latest.current.busy) return;
    update({ busy: 'undo', error: undefined, notice: undefined });
    try {
      const result = await actions.undoLastRun();
      const deleted = result.deleted;
      const skipped = result.skipped.map((s) => s.name);
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
      update({ busy: null, error: { action: 'undo', error } });
    }
  }, [actions, update]);

  const select = useCallback(
    async (finding: Finding): Promise<boolean> => {
      try {
        await actions.selectCell(finding.sheet, finding.cell);
        return true;
      } catch (error) {
        update({ error: { action: 'select', error } });
        return false;
      }
    },
    [actions, update],
  );

  /** The pane's language: the findings of the workbook already read are shown again in it (no new read). */
  const switchLang = useCallback(
    (lang: Lang): void =>
      update((s) => ({
        lang,
        analysis: s.snapshot ? analyzeSnapshot(s.snapshot, s.settings, lang) : s.analysis,
      })),
    [analyzeSnapshot, update],
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
    async (next: Pick<ReviewSettings, 'threshold' | 'rateBase' | 'lang'>): Promise<boolean> => {
      if (latest.current.busy) return false;
      const { settings, lang, snapshot } = latest.current;
      const merged: ReviewSettings = { ...settings, ...next };
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
      undo,
      select,
      saveSettings,
      saveOverrides,
      setLang,
      setTab,
      dismissError,
      dismissNotice,
    },
  ];
}
