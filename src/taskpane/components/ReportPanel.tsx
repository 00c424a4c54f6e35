/**
 * The report: what generating does (and that it clears Excel's own undo), the sheets the last run created with a
 * confirmed "remove report sheets", and the narrative's preview with a copy button.
 *
 * Undo deletes sheets and Excel's own undo cannot bring them back, so its confirmation is an alert dialog whose
 * first control, and so the one focused when it opens, is Cancel: a stray Enter keeps the sheets. Closing it
 * returns focus to the undo button, which stays focusable (aria-disabled) while the undo runs and after it.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  makeStyles,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowUndoRegular, CopyRegular, InfoRegular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import type { Narrative } from '../../engine';
import { joinNames, type Lang } from '../i18n';
import { narrativeText } from '../model';
import { useAnnounce } from './Announcer';
import { LangText } from './LangText';
import { useStrings } from './Shell';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  note: {
    display: 'flex',
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
  noteIcon: { flexShrink: 0, fontSize: '16px', marginTop: '2px' },
  run: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  runHeading: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    borderRadius: tokens.borderRadiusSmall,
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '2px',
    },
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  previewHead: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
  },
  previewTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  preview: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    userSelect: 'text',
  },
  docTitle: {
    margin: `0 0 ${tokens.spacingVerticalS}`,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    textAlign: 'center',
  },
  h1: {
    margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}`,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightBold,
  },
  h2: {
    margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXS}`,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  h3: {
    margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXS}`,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightRegular,
    fontStyle: 'normal',
  },
  paragraph: {
    margin: `0 0 ${tokens.spacingVerticalS}`,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase400,
    textIndent: '2em',
    overflowWrap: 'anywhere',
  },
  copyStatus: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

export interface ReportPanelProps {
  lang: Lang;
  narrative: Narrative | undefined;
  run: { created: string[]; replaced: string[] } | undefined;
  /** Whether "remove report sheets" can have something to remove. */
  canUndo: boolean;
  busy: boolean;
  undoing: boolean;
  onUndo: () => void;
  copy: (text: string) => Promise<boolean>;
  /** Makes the .docx of the narrative and downloads it; resolves with the file name. */
  exportDocx: (narrative: Narrative) => Promise<string>;
}

export function ReportPanel({
  lang,
  narrative,
  run,
  canUndo,
  busy,
  undoing,
  onUndo,
  copy,
  exportDocx,
}: ReportPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Text>{t.reportIntro}</Text>
      <div className={styles.note} role="note">
        <InfoRegular className={styles.noteIcon} aria-hidden />
        <Text size={200}>{t.undoStackNote}</Text>
      </div>
      {run ? (
        <div className={styles.run} data-testid="run">
          {/* Focus lands here after a report is generated. */}
          <h2 className={styles.runHeading} tabIndex={-1} data-focus="run">
            <LangText text={t.generatedSheets(joinNames(lang, run.created))} />
          </h2>
          {run.replaced.length > 0 && (
            <Text size={200} className={styles.muted}>
              <LangText text={t.replacedSheets(joinNames(lang, run.replaced))} />
            </Text>
          )}
        </div>
      ) : (
        <Text className={styles.muted}>{t.notGenerated}</Text>
      )}
      <div className={styles.actions}>
        <UndoButton
          names={run?.created}
          disabled={busy || !canUndo}
          undoing={undoing}
          lang={lang}
          onConfirm={onUndo}
        />
      </div>
      {narrative && <NarrativePreview narrative={narrative} copy={copy} exportDocx={exportDocx} />}
    </div>
  );
}

function UndoButton({
  names,
  disabled,
  undoing,
  lang,
  onConfirm,
}: {
  names: string[] | undefined;
  disabled: boolean;
  undoing: boolean;
  lang: Lang;
  onConfirm: () => void;
}) {
  const t = useStrings();
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <Dialog modalType="alert" open={open} onOpenChange={(_, data) => setOpen(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button
          icon={undoing ? <Spinner size="tiny" aria-hidden /> : <ArrowUndoRegular />}
          disabledFocusable={disabled}
        >
          {undoing ? t.undoing : t.undo}
        </Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={bodyId}>
        <DialogBody>
          <DialogTitle>{t.undoConfirmTitle}</DialogTitle>
          <DialogContent id={bodyId}>
            <p>
              <LangText
                text={
                  names && names.length > 0 ? t.undoConfirmBody(joinNames(lang, names)) : t.undoConfirmUnknown
                }
              />
            </p>
            <p>{t.undoStackNote}</p>
          </DialogContent>
          <DialogActions>
            {/* The safe choice first: Fluent focuses the surface's first control when it opens. */}
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="primary">{t.cancel}</Button>
            </DialogTrigger>
            <Button
              appearance="secondary"
              onClick={() => {
                setOpen(false);
                onConfirm();
              }}
            >
              {t.undoConfirm}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function NarrativePreview({
  narrative,
  copy,
  exportDocx,
}: {
  narrative: Narrative;
  copy: (text: string) => Promise<boolean>;
  exportDocx: (narrative: Narrative) => Promise<string>;
}) {
  const t = useStrings();
  const styles = useStyles();
  const announce = useAnnounce();
  const headingId = useId();
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  const [exported, setExported] = useState<{ busy: boolean; file?: string; failed?: boolean }>({
    busy: false,
  });
  const onCopy = async () => {
    const ok = await copy(narrativeText(narrative));
    setCopied(ok);
    setExported({ busy: false });
    announce(ok ? t.copied : t.copyFailed, { assertive: !ok });
  };
  const onExport = async () => {
    setExported({ busy: true });
    try {
      const file = await exportDocx(narrative);
      setExported({ busy: false, file });
      announce(t.exportedDocx(file));
    } catch {
      setExported({ busy: false, failed: true });
      announce(t.exportDocxFailed, { assertive: true });
    }
  };
  // Shown here; said once through the pane's live regions (above), so this line is no live region itself.
  const status = exported.busy
    ? t.exportingDocx
    : exported.file
      ? t.exportedDocx(exported.file)
      : exported.failed
        ? t.exportDocxFailed
        : copied === undefined
          ? ''
          : copied
            ? t.copied
            : t.copyFailed;
  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <div className={styles.previewHead}>
        <h2 id={headingId} className={styles.previewTitle}>
          {t.narrativePreview}
        </h2>
        <div className={styles.actions}>
          <Button
            icon={exported.busy ? <Spinner size="tiny" aria-hidden /> : <ArrowDownloadRegular />}
            disabled={exported.busy}
            onClick={() => void onExport()}
            data-testid="export-docx"
          >
            {t.exportDocx}
          </Button>
          <Button icon={<CopyRegular />} onClick={() => void onCopy()}>
            {t.copy}
          </Button>
        </div>
      </div>
      <Text className={styles.copyStatus} data-testid="report-status">
        {status}
      </Text>
      <article className={styles.preview} lang={narrative.lang} data-testid="narrative">
        <h3 className={styles.docTitle}>{narrative.title}</h3>
        {narrative.sections.map((section, i) => {
          const Heading = section.level === 1 ? 'h4' : section.level === 2 ? 'h5' : 'h6';
          const cls = section.level === 1 ? styles.h1 : section.level === 2 ? styles.h2 : styles.h3;
          return (
            <div key={i}>
              <Heading className={cls}>{section.heading}</Heading>
              {section.paragraphs.map((p, j) => (
                <p key={j} className={styles.paragraph}>
                  {p}
                </p>
              ))}
            </div>
          );
        })}
      </article>
    </section>
  );
}
