/**
 * What the pane shows when it cannot work: outside Excel, in an Excel without ExcelApi 1.7, while Office is still
 * loading, or after a rendering error. Never a blank pane.
 */
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Component, useEffect, useState, type ErrorInfo, type ReactNode } from 'react';
import type { Lang } from '../i18n';
import { useAnnounce } from './Announcer';
import { Header } from './Header';
import { Shell, useStrings } from './Shell';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    maxWidth: '720px',
    boxSizing: 'border-box',
  },
  steps: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
  },
  detail: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
    color: tokens.colorNeutralForeground3,
  },
});

export type StandaloneKind = 'outside' | 'old-excel' | 'loading';

/** A pane with the header (and its language switch) and one message. */
export function Standalone({ kind, initialLang }: { kind: StandaloneKind; initialLang: Lang }) {
  const [lang, setLang] = useState(initialLang);
  return (
    <Shell lang={lang}>
      <StandaloneBody kind={kind} lang={lang} onSwitchLang={setLang} />
    </Shell>
  );
}

function StandaloneBody({
  kind,
  lang,
  onSwitchLang,
}: {
  kind: StandaloneKind;
  lang: Lang;
  onSwitchLang: (lang: Lang) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <Header lang={lang} onSwitchLang={onSwitchLang} />
      {kind === 'loading' && <Spinner label={t.loading} />}
      {kind === 'outside' && (
        <MessageBar intent="info" layout="multiline" data-testid="outside-excel">
          <MessageBarBody>
            <MessageBarTitle>{t.outsideTitle}</MessageBarTitle>
            <p>{t.outsideBody}</p>
            <ol className={styles.steps}>
              {t.outsideSteps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </MessageBarBody>
        </MessageBar>
      )}
      {kind === 'old-excel' && (
        <MessageBar intent="warning" layout="multiline" data-testid="old-excel">
          <MessageBarBody>
            <MessageBarTitle>{t.requirementTitle}</MessageBarTitle>
            <p>{t.requirementBody}</p>
          </MessageBarBody>
        </MessageBar>
      )}
    </main>
  );
}

function Crash({ error, lang }: { error: unknown; lang: Lang }) {
  return (
    <Shell lang={lang}>
      <CrashBody error={error} />
    </Shell>
  );
}

function CrashBody({ error }: { error: unknown }) {
  const t = useStrings();
  const styles = useStyles();
  const announce = useAnnounce();
  // The pane the user was working in is gone: say so (focus, wherever it was, went with it).
  useEffect(
    () => announce(t.errorAnnouncement(t.crashTitle, [t.crashBody]), { assertive: true }),
    [announce, t],
  );
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (
    <main className={styles.root}>
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t.crashTitle}</MessageBarTitle>
          <p>{t.crashBody}</p>
          <Text as="p" className={styles.detail}>
            {detail}
          </Text>
        </MessageBarBody>
      </MessageBar>
      <div>
        <Button appearance="primary" onClick={() => window.location.reload()}>
          {t.reload}
        </Button>
      </div>
    </main>
  );
}

/** Shows a message with the error instead of an empty pane when rendering throws. */
export class PaneErrorBoundary extends Component<{ lang: Lang; children: ReactNode }, { error: unknown }> {
  state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error: error ?? new Error('unknown error') };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept in the console for support; the pane itself shows the message.
    console.error('Budget Review task pane crashed', error, info.componentStack);
  }

  render(): ReactNode {
    if (this.state.error !== undefined) return <Crash error={this.state.error} lang={this.props.lang} />;
    return this.props.children;
  }
}
