/**
 * The 核对文稿 view: the report draft, pasted or chosen as a .docx, checked with the workbook; each disputed number
 * shown in its sentence (the number highlighted) with the figure expected. Each is a button: clicking it selects its
 * source cell in the sheet, as a finding does.
 */
import { Button, Field, makeStyles, mergeClasses, Text, Textarea, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { CheckView } from '../engine/protocol';
import {
  draftFromFile,
  draftFromText,
  DraftFileError,
  draftItems,
  hasText,
  type DraftFileErrorCode,
  type DraftInput,
  type DraftItem,
} from '../draft';
import { useStrings } from './Shell';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    width: '100%',
    textAlign: 'start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeftWidth: tokens.strokeWidthThickest,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '1px',
    },
  },
  error: { borderLeftColor: tokens.colorStatusDangerBorder2 },
  warning: { borderLeftColor: tokens.colorStatusWarningBorder2 },
  info: { borderLeftColor: tokens.colorBrandStroke1 },
  where: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  sentence: { overflowWrap: 'anywhere' },
  quote: {
    backgroundColor: tokens.colorPaletteYellowBackground2,
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    padding: `0 ${tokens.spacingHorizontalXXS}`,
  },
  small: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  file: { display: 'none' },
  alert: { color: tokens.colorPaletteRedForeground1 },
});

export interface DraftPanelProps {
  analysis: CheckView | undefined;
  draft: DraftInput | undefined;
  busy: boolean;
  onCheck: (draft: DraftInput) => void;
  onSelect: (cell: { sheet: string; cell: string }) => void;
}

export function DraftPanel({ analysis, draft, busy, onCheck, onSelect }: DraftPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  const [text, setText] = useState(() => (draft && !draft.fileName ? draft.paragraphs.join('\n') : ''));
  const [file, setFile] = useState<DraftInput | undefined>(() => (draft?.fileName ? draft : undefined));
  const [fileError, setFileError] = useState<DraftFileErrorCode | undefined>(undefined);
  const [empty, setEmpty] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const current = file ?? draftFromText(text);

  const choose = async (chosen: File | undefined): Promise<void> => {
    if (!chosen) return;
    try {
      const read = await draftFromFile(chosen.name, new Uint8Array(await chosen.arrayBuffer()));
      setFile(read);
      setFileError(undefined);
      setEmpty(false);
    } catch (err) {
      setFile(undefined);
      setFileError(err instanceof DraftFileError ? err.code : 'corrupt');
    }
  };

  const check = (): void => {
    if (!hasText(current)) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    onCheck(current);
  };

  return (
    <div className={styles.root}>
      <Text className={styles.muted}>{t.draftIntro}</Text>
      {file ? (
        <div className={styles.row}>
          <Text data-testid="draft-file">
            {t.draftFileChosen(file.fileName ?? '', file.paragraphs.filter((p) => /\S/.test(p)).length)}
          </Text>
          <Button size="small" onClick={() => setFile(undefined)}>
            {t.draftClearFile}
          </Button>
        </div>
      ) : (
        <Field
          label={t.draftTextLabel}
          validationState={empty ? 'error' : 'none'}
          validationMessage={empty ? t.draftEmpty : undefined}
        >
          <Textarea
            value={text}
            onChange={(_, data) => setText(data.value)}
            placeholder={t.draftTextPlaceholder}
            resize="vertical"
            rows={6}
          />
        </Field>
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy} onClick={check}>
          {t.draftCheck}
        </Button>
        <Button disabled={busy} onClick={() => input.current?.click()}>
          {t.draftChooseFile}
        </Button>
        <input
          ref={input}
          className={styles.file}
          type="file"
          accept=".docx,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
          aria-label={t.draftChooseFile}
          data-testid="draft-file-input"
          onChange={(e) => {
            void choose(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      {fileError && (
        <Text role="alert" className={styles.alert}>
          {t.draftFileError[fileError]}
        </Text>
      )}
      <DraftResult analysis={analysis} onSelect={onSelect} />
    </div>
  );
}

function DraftResult({
  analysis,
  onSelect,
}: {
  analysis: CheckView | undefined;
  onSelect: (cell: { sheet: string; cell: string }) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const check = analysis?.draft;
  if (!check) return <Text className={styles.muted}>{t.draftNotChecked}</Text>;
  const items = draftItems(check);
  return (
    <section aria-label={t.tabDraft} className={styles.root} data-testid="draft-result">
      <Text>{t.draftSummary(check.paragraphs, check.checked, items.length)}</Text>
      {items.length === 0 ? (
        <Text>{t.draftNoFindings}</Text>
      ) : (
        <Text size={200} className={styles.muted}>
          {t.draftSelectHint}
        </Text>
      )}
      <ul className={styles.list}>
        {items.map((item) => (
          <li key={item.key}>
            <DraftItemButton item={item} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      {check.unchecked.length > 0 && (
        <details>
          <summary>{t.draftUncheckedHeading(check.unchecked.length)}</summary>
          <Text size={200} className={styles.muted}>
            {t.draftUncheckedNote}
          </Text>
          <ul className={styles.list}>
            {check.unchecked.map((u, i) => (
              <li key={`${u.paragraph}:${u.quote}:${i}`} className={styles.small}>
                {`${t.draftParagraph(u.paragraph)}  ${u.quote}  ${u.sentence}`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function DraftItemButton({
  item,
  onSelect,
}: {
  item: DraftItem;
  onSelect: (cell: { sheet: string; cell: string }) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const source = item.source;
  return (
    <button
      type="button"
      className={mergeClasses(styles.item, styles[item.severity])}
      aria-disabled={source ? undefined : true}
      data-draft-finding={`${item.paragraph}:${item.quote}`}
      onClick={() => source && onSelect(source)}
    >
      {/* The name is what is shown (severity, paragraph, sentence, what it should be), as a finding's is. */}
      <span
        className={styles.where}
      >{`${t.severity[item.severity]} · ${t.draftParagraph(item.paragraph)}`}</span>
      <span className={styles.sentence}>
        {item.before}
        {item.quote !== '' && <mark className={styles.quote}>{item.quote}</mark>}
        {item.after}
      </span>
      <span className={styles.small}>
        {t.draftExpected(item.expected)}
        {item.rounding ? ` · ${t.rounding}` : ''}
      </span>
      <span className={styles.small}>{item.message}</span>
      <span className={styles.small}>
        {item.sources.length ? t.draftSources(item.sources.join(', ')) : t.draftNoSource}
      </span>
    </button>
  );
}
