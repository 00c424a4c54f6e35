/**
 * The task pane inside Excel: header, the Check and Generate buttons with the progress of a run, messages, and the
 * four views (findings, tables, report, settings). All Excel access is through `actions`.
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
import { useId } from 'react';
import type { Lang } from '../i18n';
import { copyText } from '../clipboard';
import type { Engine } from '../engine/protocol';
import type { HostActions } from '../host';
import { useReview, type Tab as TabValue } from '../useReview';
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
  panel: { paddingTop: tokens.spacingVerticalXS },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

export interface AppProps {
  actions: HostActions;
  /** The engine: in a Web Worker in Office (index.tsx), in the page in tests. */
  engine: Engine;
  /** The language before the workbook's settings are read (from Office's display language). */
  initialLang: Lang;
  /** Copies text to the clipboard (default: the browser's clipboard, with a fallback). */
  copy?: (text: string) => Promise<boolean>;
}

export function App({ actions, engine, initialLang, copy = copyText }: AppProps) {
  const [state, act] = useReview(actions, engine, initialLang);
  return (
    <Shell lang={state.lang}>
      <Pane state={state} act={act} copy={copy} />
    </Shell>
  );
}

function Pane({
  state,
  act,
  copy,
}: {
  state: ReturnType<typeof useReview>[0];
  act: ReturnType<typeof useReview>[1];
  copy: (text: string) => Promise<boolean>;
}) {
  const t = useStrings();
  const styles = usePaneStyles();
  const idBase = useId();
  const busy = state.busy !== null && state.busy !== 'select';
  const tabs: { value: TabValue; label: string }[] = [
    { value: 'findings', label: t.tabFindings },
    { value: 'tables', label: t.tabTables },
    { value: 'draft', label: t.tabDraft },
    { value: 'report', label: t.tabReport },
    { value: 'settings', label: t.tabSettings },
  ];
  const counts = state.analysis
    ? { findings: state.analysis.findings.length, tables: state.analysis.tables.length }
    : undefined;
  const status =
    state.busy === 'check'
      ? t.checking
      : state.busy === 'generate'
        ? t.generating
        : state.analysis
          ? t.checkedSummary(
              state.analysis.findings.filter((f) => f.severity === 'error').length,
              state.analysis.findings.filter((f) => f.severity === 'warning').length,
              state.analysis.findings.filter((f) => f.severity === 'info').length,
            )
          : '';

  return (
    <main className={styles.root}>
      <Header lang={state.lang} onSwitchLang={act.setLang} disabled={busy} />
      <div className={styles.actions} role="group" aria-label={t.actionsLabel}>
        <Button
          appearance="primary"
          icon={state.busy === 'check' ? <Spinner size="tiny" /> : <TaskListSquareLtrRegular />}
          disabled={busy}
          onClick={() => void act.check()}
        >
          {state.busy === 'check' ? t.checking : t.check}
        </Button>
        <Button
          icon={state.busy === 'generate' ? <Spinner size="tiny" /> : <DocumentAddRegular />}
          disabled={busy}
          onClick={() => void act.generate()}
        >
          {state.busy === 'generate' ? t.generating : t.generate}
        </Button>
      </div>
      {(state.busy === 'check' || state.busy === 'generate') && (
        <RunProgress state={state} onCancel={act.cancel} />
      )}
      {state.error && (
        <ErrorBar action={state.error.action} error={state.error.error} onDismiss={act.dismissError} />
      )}
      {state.notice && (
        <NoticeBar
          notice={state.notice}
          lang={state.lang}
          onDismiss={act.dismissNotice}
          onCheck={() => void act.check()}
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
        className={styles.panel}
        aria-labelledby={`${idBase}-tab-${state.tab}`}
        data-tab={state.tab}
      >
        {state.tab === 'findings' && (
          <FindingsPanel analysis={state.analysis} onSelect={(f) => void act.select(f)} />
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
            onSelect={(cell) => void act.select(cell)}
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
      <div className={styles.hidden} role="status" aria-live="polite">
        {status}
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
      <Button size="small" onClick={onCancel} disabled={state.cancelling === true}>
        {state.cancelling ? t.cancelling : t.cancel}
      </Button>
    </div>
  );
}
