/**
 * The check's findings, grouped by severity with their counts. Each finding is a button: clicking it (or Enter or
 * Space on it) selects its cell in the sheet.
 */
import { Badge, Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { Finding, Severity } from '../../engine';
import type { CheckView } from '../engine/protocol';
import { groupFindings, SEVERITIES } from '../model';
import { useStrings } from './Shell';

/** Findings shown per group before "show all" (a ledger of thousands of rows may have thousands). */
const PAGE = 50;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  totals: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
  },
  group: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  groupHeading: {
    margin: 0,
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
  },
  finding: {
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
    ':active': { backgroundColor: tokens.colorNeutralBackground1Pressed },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '1px',
    },
  },
  error: { borderLeftColor: tokens.colorStatusDangerBorder2 },
  warning: { borderLeftColor: tokens.colorStatusWarningBorder2 },
  info: { borderLeftColor: tokens.colorBrandStroke1 },
  top: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
  },
  tag: {
    padding: `0 ${tokens.spacingHorizontalXS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2}`,
    borderRadius: tokens.borderRadiusSmall,
    color: tokens.colorBrandForeground2,
  },
  rule: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  where: {
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForeground1,
    overflowWrap: 'anywhere',
  },
  message: { overflowWrap: 'anywhere' },
  figures: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontVariantNumeric: 'tabular-nums',
  },
});

const BADGE_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = {
  error: 'danger',
  warning: 'warning',
  info: 'informative',
};

export interface FindingsPanelProps {
  analysis: CheckView | undefined;
  onSelect: (finding: Finding) => void;
}

export function FindingsPanel({ analysis, onSelect }: FindingsPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  if (!analysis) {
    return (
      <div className={styles.root}>
        <Text className={styles.muted}>{t.notCheckedYet}</Text>
      </div>
    );
  }
  const groups = groupFindings(analysis.findings);
  const totals = analysis.totals;
  const totalsLine = t.totalsLine(totals);
  const base = analysis.rateBase === 'initial' ? t.rateBaseInitial : t.rateBaseAvailable;
  return (
    <div className={styles.root}>
      <div className={styles.counts} data-testid="finding-counts">
        {SEVERITIES.map((s) => (
          <Badge
            key={s}
            color={BADGE_COLOR[s]}
            appearance="tint"
            shape="rounded"
            size="large"
            data-severity={s}
          >
            {`${t.severityPlural[s]} ${groups[s].length}`}
          </Badge>
        ))}
      </div>
      {totalsLine !== '' && (
        <div className={styles.totals}>
          <Text size={200}>{totalsLine}</Text>
          <Text size={200} className={styles.muted}>
            {t.rateBaseNote(base)}
          </Text>
        </div>
      )}
      {analysis.tables.length === 0 ? (
        <Text role="status" data-empty="nothing-recognised">
          {t.nothingRecognised}
        </Text>
      ) : analysis.findings.length === 0 ? (
        <Text>{t.noFindings}</Text>
      ) : (
        <Text size={200} className={styles.muted}>
          {t.selectHint}
        </Text>
      )}
      {SEVERITIES.filter((s) => groups[s].length > 0).map((s) => (
        <FindingGroup key={s} severity={s} findings={groups[s]} onSelect={onSelect} />
      ))}
    </div>
  );
}

function FindingGroup({
  severity,
  findings,
  onSelect,
}: {
  severity: Severity;
  findings: Finding[];
  onSelect: (finding: Finding) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const [all, setAll] = useState(false);
  const shown = all ? findings : findings.slice(0, PAGE);
  return (
    <section
      className={styles.group}
      aria-label={t.findingsGroupLabel(t.severityPlural[severity], findings.length)}
      data-severity={severity}
    >
      <h2 className={styles.groupHeading}>
        <span>{t.severityPlural[severity]}</span>
        <Badge appearance="filled" shape="circular" color={BADGE_COLOR[severity]}>
          {findings.length}
        </Badge>
      </h2>
      <ul className={styles.list}>
        {shown.map((f, i) => (
          <li key={`${f.sheet}!${f.cell}:${f.rule}:${i}`}>
            <FindingItem finding={f} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      {shown.length < findings.length && (
        <Button appearance="secondary" onClick={() => setAll(true)}>
          {t.showMore(shown.length, findings.length)}
        </Button>
      )}
    </section>
  );
}

function FindingItem({ finding, onSelect }: { finding: Finding; onSelect: (finding: Finding) => void }) {
  const t = useStrings();
  const styles = useStyles();
  const where = `${finding.sheet}!${finding.cell}`;
  return (
    <button
      type="button"
      className={mergeClasses(styles.finding, styles[finding.severity])}
      aria-label={t.findingAria({
        severity: t.severity[finding.severity],
        rule: t.rule[finding.rule],
        where,
        message: finding.message,
      })}
      data-finding={where}
      data-rule={finding.rule}
      onClick={() => onSelect(finding)}
    >
      <span className={styles.top}>
        <span className={styles.where}>{where}</span>
        <span className={styles.rule}>{t.rule[finding.rule]}</span>
      </span>
      <span className={styles.message}>{finding.message}</span>
      {finding.rounding && (
        <span className={styles.figures}>
          <span className={styles.tag}>{t.rounding}</span>
        </span>
      )}
    </button>
  );
}
