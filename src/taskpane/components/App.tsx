/**
 * The task pane inside Excel: header, the Check and Generate buttons with the progress of a run, messages, and the
 * four views (findings, tables, report, settings). All Excel access is through `actions`.
 *
 * Keyboard and screen-reader users: every outcome is announced once (outcomes.ts says what and where focus goes;
 * this component carries it out), a button keeps focus while its action runs (it is `disabledFocusable`, so focus
 * does not fall to the page), and a finished action moves focus to what it produced.
 */
import {
  Button,
  Field,
  makeStyles,
  ProgressBar,
  Spinner,
  Tab,
  TabList,
  tokens,
} from '@fluentui/react-components';
import { DocumentAddRegular, TaskListSquareLtrRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { Finding } from '../../engine';
import type { Lang } from '../i18n';
import { copyText } from '../clipboard';
import { downloadDocx } from '../docx-export';
import type { Narrative } from '../../engine';
import type { Engine } from '../engine/protocol';
import type { HostActions } from '../host';
import { outcomeOf, STEP_SETTLE_MS, stepMessage } from '../outcomes';
import { useReview, type ReviewState, type Tab as TabValue } from '../useReview';
import { useAnnounce } from './Announcer';
import { DraftPanel } from './DraftPanel';
import { FindingsPanel } from './FindingsPanel';
import { Header } from './Header';
import { ErrorBar, NoticeBar } from './Messages';
import { ReportPanel } from './ReportPanel';
import { SettingsPanel } from './SettingsPanel';
import { Shell, useStrings } from './Shell';
import { TablesPanel } from './TablesPanel';

export const usePaneStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    maxWidth: '720px',
    boxSizing: 'border-box',
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  progress: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    rowGap: tokens.spacingVerticalS,
    '& > *:first-child': { alignSelf: 'stretch' },
  },
  tabs: { marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})` },
  panel: {
    paddingTop: tokens.spacingVerticalXS,
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '2px',
    },
  },
});

/** A number that changes whenever `value` is another object: a new bar for a new message (its own focus origin). */
function useIdentityKey(value: object | undefined): number {
  const last = useRef<{ value: object | undefined; key: number }>({ value, key: 0 });
  if (last.current.value !== value) last.current = { value, key: last.current.key + 1 };
  return last.current.key;
}

/** Announces what each change of state means and moves focus to what a finished action produced. */
function useOutcomes(state: ReviewState, root: RefObject<HTMLElement>): void {
  const t = useStrings();
  const announce = useAnnounce();
  const previous = useRef(state);
  useEffect(() => {
    const prev = previous.current;
    previous.current = state;
    if (prev === state) return;
    const outcome = outcomeOf(prev, state, t, state.lang);
    if (!outcome) return;
    announce(outcome.message, { assertive: outcome.assertive });
    if (outcome.focus) root.current?.querySelector<HTMLElement>(`[data-focus="${outcome.focus}"]`)?.focus();
  }, [state, t, announce, root]);
}

/**
 * Says the step of a check or a report once it has lasted {@link STEP_SETTLE_MS} (a quick step is not said: its
 * result is), each step once per run; the step's text is {@link stepMessage}.
 */
function useStepAnnouncements(state: ReviewState): void {
  const t = useStrings();
  const announce = useAnnounce();
  const step = stepMessage(state, t);
  const said = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (step === undefined) {
      said.current = undefined;
      return;
    }
    if (step === said.current) return;
    const timer = setTimeout(() => {
      said.current = step;
      announce(step);
    }, STEP_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [step, announce]);
}

export interface AppProps {
  actions: HostActions;
  /** The engine: in a Web Worker in Office (index.tsx), in the page in tests. */
  engine: Engine;
  /** The language before the workbook's settings are read (from Office's display language). */
  initialLang: Lang;
  /** Copies text to the clipboard (default: the browser's clipboard, with a fallback). */
  copy?: (text: string) => Promise<boolean>;
  /** Makes the report's .docx and downloads it (default: in the page, docx-export.ts). */
  exportDocx?: (narrative: Narrative) => Promise<string>;
}

export function App({ actions, engine, initialLang, copy = copyText, exportDocx = downloadDocx }: AppProps) {
  const [state, act] = useReview(actions, engine, initialLang);
  return (
    <Shell lang={state.lang}>
      <Pane state={state} act={act} copy={copy} exportDocx={exportDocx} />
    </Shell>
  );
}

function Pane({
  state,
  act,
  copy,
  exportDocx,
}: {
  state: ReturnType<typeof useReview>[0];
  act: ReturnType<typeof useReview>[1];
  copy: (text: string) => Promise<boolean>;
  exportDocx: (narrative: Narrative) => Promise<string>;
}) {
  const t = useStrings();
  const styles = usePaneStyles();
  const idBase = useId();
  const announce = useAnnounce();
  const root = useRef<HTMLElement>(null);
  useOutcomes(state, root);
  useStepAnnouncements(state);
  const busy = state.busy !== null && state.busy !== 'select';
  // The finding whose cell Excel selected last (a finding of the current analysis, else none).
  const [selected, setSelected] = useState<Finding | undefined>(undefined);
  const select = useCallback(
    async (finding: Finding) => {
      if (await act.select(finding)) {
        setSelected(finding);
        announce(t.cellSelected(`${finding.sheet}!${finding.cell}`));
      }
    },
    [act, announce, t],
  );
  // A disputed number's source cell: selected and said as a finding's is.
  const selectCell = useCallback(
    async (cell: { sheet: string; cell: string }) => {
      if (await act.select(cell)) announce(t.cellSelected(`${cell.sheet}!${cell.cell}`));
    },
    [act, announce, t],
  );
  /** Where focus goes when what held it is gone (a dismissed bar's origin was removed): the Check button. */
  const focusFallback = useCallback(() => {
    root.current?.querySelector<HTMLElement>('[data-focus="check"]')?.focus();
  }, []);
  const tabs: { value: TabValue; label: string }[] = [
    { value: 'findings', label: t.tabFindings },
    { value: 'tables', label: t.tabTables },
    { value: 'draft', label: t.tabDraft },
    { value: 'report', label: t.tabReport },
    { value: 'settings', label: t.tabSettings },
  ];
  const errorKey = useIdentityKey(state.error);
  const noticeKey = useIdentityKey(state.notice);
  const counts = state.analysis
    ? { findings: state.analysis.findings.length, tables: state.analysis.tables.length }
    : undefined;

  return (
    <main className={styles.root} ref={root}>
      <Header lang={state.lang} onSwitchLang={act.setLang} disabled={busy} />
      <div className={styles.actions} role="group" aria-label={t.actionsLabel}>
        <Button
          appearance="primary"
          icon={state.busy === 'check' ? <Spinner size="tiny" aria-hidden /> : <TaskListSquareLtrRegular />}
          disabledFocusable={busy}
          data-focus="check"
          onClick={() => void act.check()}
        >
          {state.busy === 'check' ? t.checking : t.check}
        </Button>
        <Button
          icon={state.busy === 'generate' ? <Spinner size="tiny" aria-hidden /> : <DocumentAddRegular />}
          disabledFocusable={busy}
          data-focus="generate"
          onClick={() => void act.generate()}
        >
          {state.busy === 'generate' ? t.generating : t.generate}
        </Button>
      </div>
      {(state.busy === 'check' || state.busy === 'generate') && (
        <RunProgress state={state} onCancel={act.cancel} />
      )}
      {state.error && (
        <ErrorBar
          key={errorKey}
          action={state.error.action}
          error={state.error.error}
          onDismiss={act.dismissError}
          focusFallback={focusFallback}
        />
      )}
      {state.notice && (
        <NoticeBar
          key={noticeKey}
          notice={state.notice}
          lang={state.lang}
          onDismiss={act.dismissNotice}
          focusFallback={focusFallback}
          onCheck={() => {
            // The bar goes away when the check starts: focus waits on the Check button, then goes to the result.
            focusFallback();
            void act.check();
          }}
        />
      )}
      <TabList
        className={styles.tabs}
        selectedValue={state.tab}
        onTabSelect={(_, data) => act.setTab(data.value as TabValue)}
        aria-label={t.tabsLabel}
        size="small"
      >
        {tabs.map((tab) => (
          <Tab key={tab.value} value={tab.value} id={`${idBase}-tab-${tab.value}`}>
            {tab.label}
            {counts && (tab.value === 'findings' || tab.value === 'tables') ? ` (${counts[tab.value]})` : ''}
          </Tab>
        ))}
      </TabList>
      <div
        role="tabpanel"
        // In the tab sequence: no panel starts with a control (WAI-ARIA APG, tabs pattern).
        tabIndex={0}
        className={styles.panel}
        aria-labelledby={`${idBase}-tab-${state.tab}`}
        data-tab={state.tab}
      >
        {state.tab === 'findings' && (
          <FindingsPanel analysis={state.analysis} selected={selected} onSelect={(f) => void select(f)} />
        )}
        {state.tab === 'tables' && (
          <TablesPanel
            analysis={state.analysis}
            workbook={state.snapshot?.workbook}
            overrides={state.settings.overrides ?? []}
            lang={state.lang}
            busy={busy}
            onSave={act.saveOverrides}
          />
        )}
        {state.tab === 'draft' && (
          <DraftPanel
            analysis={state.analysis}
            draft={state.draft}
            busy={busy}
            onCheck={(draft) => void act.checkDraft(draft)}
            onSelect={(cell) => void selectCell(cell)}
          />
        )}
        {state.tab === 'report' && (
          <ReportPanel
            lang={state.lang}
            narrative={state.narrative}
            run={state.run}
            canUndo={state.run !== undefined || (state.snapshot?.owned.length ?? 0) > 0}
            busy={busy}
            undoing={state.busy === 'undo'}
            onUndo={() => void act.undo()}
            copy={copy}
            exportDocx={exportDocx}
          />
        )}
        {state.tab === 'settings' && (
          <SettingsPanel
            settings={state.settings}
            lang={state.lang}
            busy={busy || !state.settingsLoaded}
            saving={state.busy === 'save'}
            onSave={act.saveSettings}
          />
        )}
      </div>
    </main>
  );
}

/** The progress of a check or a report: the step under way, a bar, what may hold Excel up, and Cancel. */
function RunProgress({ state, onCancel }: { state: ReturnType<typeof useReview>[0]; onCancel: () => void }) {
  const t = useStrings();
  const styles = usePaneStyles();
  const percent = Math.round((state.progress ?? 0) * 100);
  const step =
    state.phase === 'writing'
      ? t.writing(percent)
      : state.phase === 'checking'
        ? t.checkingFigures
        : state.phase === 'planning'
          ? t.planning
          : t.reading;
  return (
    <div className={styles.progress} data-testid="run-progress" data-phase={state.phase ?? 'reading'}>
      <Field
        label={state.busy === 'check' ? t.checkLabel : t.writingLabel}
        validationState="none"
        validationMessage={state.slow ? `${step} ${t.slowHint}` : step}
      >
        <ProgressBar
          value={state.phase === 'writing' ? state.progress : undefined}
          max={1}
          thickness="large"
          aria-valuetext={step}
        />
      </Field>
      {/* Focusable while cancelling (aria-disabled): focus stays on it until the outcome moves it. */}
      <Button size="small" onClick={onCancel} disabledFocusable={state.cancelling === true}>
        {state.cancelling ? t.cancelling : t.cancel}
      </Button>
    </div>
  );
}
