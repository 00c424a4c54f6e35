/** Message bars: a failed Excel call (with its error code and what was written), and a notice after an action. */
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ActionKind, Lang } from '../i18n';
import { describeError } from '../model';
import type { Notice } from '../useReview';
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
});

export interface ErrorBarProps {
  action: ActionKind;
  error: unknown;
  onDismiss: () => void;
}

export function ErrorBar({ action, error, onDismiss }: ErrorBarProps) {
  const t = useStrings();
  const styles = useStyles();
  const view = describeError(error, action, t);
  return (
    <MessageBar intent="error" layout="multiline" politeness="assertive" data-testid="error-bar">
      <MessageBarBody>
        <MessageBarTitle>{view.title}</MessageBarTitle>
        <div className={styles.lines}>
          <p className={styles.line}>{view.reason}</p>
          {view.hint !== undefined && <p className={styles.line}>{view.hint}</p>}
          {view.written !== undefined && <p className={styles.line}>{view.written}</p>}
          {view.code !== undefined && <p className={styles.code}>{t.errorCode(view.code)}</p>}
          {view.detail !== undefined && <p className={styles.detail}>{view.detail}</p>}
        </div>
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label={t.dismiss}
            icon={<DismissRegular />}
            onClick={onDismiss}
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
  onCheck?: () => void;
}

export function NoticeBar({ notice, lang, onDismiss, onCheck }: NoticeBarProps) {
  const t = useStrings();
  return (
    <MessageBar intent={notice.intent} layout="multiline" data-testid="notice-bar">
      <MessageBarBody>{notice.text(t, lang)}</MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label={t.dismiss}
            icon={<DismissRegular />}
            onClick={onDismiss}
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
