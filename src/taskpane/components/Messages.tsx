/**
 * Message bars: a failed Excel call (with its error code and what was written), and a notice after an action.
 * Their text is announced by the pane when the outcome happens (useOutcomes), not by the bars: Fluent's own
 * announcement needs an announcer the pane does not mount (see Announcer.tsx). A bar is named (the error by its
 * title, a notice by its kind), its close button says what it closes, and dismissing it returns focus to where it
 * was when the bar appeared.
 */
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  tokens,
  useIsomorphicLayoutEffect,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useRef } from 'react';
import type { ActionKind, Lang } from '../i18n';
import { describeError } from '../model';
import type { Notice } from '../useReview';
import { LangText } from './LangText';
import { useStrings } from './Shell';

const useStyles = makeStyles({
  lines: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    marginTop: tokens.spacingVerticalXXS,
  },
  line: { margin: 0 },
  code: {
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  detail: {
    margin: 0,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  focusable: {
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '1px',
    },
  },
});

/**
 * The element that had focus when the bar appeared (the button whose action the bar reports), and a dismiss that
 * sends focus back there, or to `fallback` when it is gone or disabled. Read in a layout effect: before the pane
 * moves focus into a new error bar.
 */
function useDismiss(onDismiss: () => void, fallback: () => void): () => void {
  const origin = useRef<HTMLElement | null>(null);
  useIsomorphicLayoutEffect(() => {
    const active = document.activeElement;
    origin.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, []);
  return () => {
    const back = origin.current;
    onDismiss();
    if (back && back.isConnected && !back.matches(':disabled')) back.focus();
    else fallback();
  };
}

export interface ErrorBarProps {
  action: ActionKind;
  error: unknown;
  onDismiss: () => void;
  /** Where focus goes on dismiss when the element that had it is gone. */
  focusFallback: () => void;
}

export function ErrorBar({ action, error, onDismiss, focusFallback }: ErrorBarProps) {
  const t = useStrings();
  const styles = useStyles();
  const view = describeError(error, action, t);
  const dismiss = useDismiss(onDismiss, focusFallback);
  return (
    // Focus is sent here when a user's action fails (data-focus="error"); the group is named by its title.
    <MessageBar
      intent="error"
      layout="multiline"
      data-testid="error-bar"
      data-focus="error"
      tabIndex={-1}
      className={styles.focusable}
    >
      <MessageBarBody>
        <MessageBarTitle>{view.title}</MessageBarTitle>
        <div className={styles.lines}>
          <p className={styles.line}>{view.reason}</p>
          {view.hint !== undefined && <p className={styles.line}>{view.hint}</p>}
          {view.written !== undefined && <p className={styles.line}>{view.written}</p>}
          {view.code !== undefined && <p className={styles.code}>{t.errorCode(view.code)}</p>}
          {view.detail !== undefined && (
            <p className={styles.detail}>
              <LangText text={view.detail} />
            </p>
          )}
        </div>
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label={t.dismissError}
            icon={<DismissRegular />}
            onClick={dismiss}
          />
        }
      />
    </MessageBar>
  );
}

export interface NoticeBarProps {
  notice: Notice;
  lang: Lang;
  onDismiss: () => void;
  /** Where focus goes on dismiss when the element that had it is gone. */
  focusFallback: () => void;
  onCheck?: () => void;
}

export function NoticeBar({ notice, lang, onDismiss, focusFallback, onCheck }: NoticeBarProps) {
  const t = useStrings();
  const dismiss = useDismiss(onDismiss, focusFallback);
  return (
    // A notice has no title: the group is named by its kind (Fluent's default names it by a title id that a bar
    // without a title does not have).
    <MessageBar
      intent={notice.intent}
      layout="multiline"
      data-testid="notice-bar"
      aria-labelledby={undefined}
      aria-label={t.noticeLabel[notice.intent]}
    >
      <MessageBarBody>
        <LangText text={notice.text(t, lang)} />
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label={t.dismissNotice}
            icon={<DismissRegular />}
            onClick={dismiss}
          />
        }
      >
        {notice.offerCheck && onCheck ? (
          <Button size="small" onClick={onCheck}>
            {t.checkAgain}
          </Button>
        ) : null}
      </MessageBarActions>
    </MessageBar>
  );
}
