/**
 * The check's findings: a summary (counts and totals), then every finding in one tree, grouped by severity.
 *
 * The list is one composite widget, the WAI-ARIA Authoring Practices' tree view (Fluent UI's `Tree`): one Tab stop
 * (Tab enters at the last focused item and leaves the list), ↑ ↓ move item by item, Home / End to the first / last,
 * → ← open and close a severity group or move between a finding and its group, Enter (or a click) selects the
 * finding's cell in the sheet. Added to the pattern: Page Up / Page Down jump to the previous / next group.
 * Why a tree: the findings are a two-level hierarchy (severity, then finding) whose groups carry counts and can be
 * folded away; Enter as the item's default action and selection that does not follow focus are part of the tree
 * pattern (moving through the list must not select a cell in Excel at every arrow key, which activates its sheet);
 * a listbox has no place for a group's "show all" and cannot fold a group; a grid or treegrid would announce rows
 * and columns for what is one block of text per finding.
 *
 * Each finding's accessible name is its content, read in the order shown (cell, rule, message, expected and
 * actual, the rounding tag): nothing is said that is not shown. The finding whose cell Excel selected last is
 * `aria-selected` (and highlighted); the pane also announces the selection.
 */
import {
  Badge,
  makeStyles,
  mergeClasses,
  Text,
  tokens,
  Tree,
  TreeItem,
  TreeItemLayout,
} from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Finding, Severity } from '../../engine';
import type { CheckView } from '../engine/protocol';
import { groupFindings, SEVERITIES } from '../model';
import { LangText } from './LangText';
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
  summaryHeading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
    borderRadius: tokens.borderRadiusSmall,
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '2px',
    },
  },
  tree: { rowGap: tokens.spacingVerticalXS },
  groupLabel: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  subtree: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  /** A finding's row: no tree indentation (the pane is narrow), the card carries the severity's colour. */
  leaf: {
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusMedium,
  },
  leafMain: { flexGrow: 1, minWidth: 0, padding: 0 },
  finding: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeftWidth: tokens.strokeWidthThickest,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    borderTopColor: tokens.colorNeutralStroke1,
    borderRightColor: tokens.colorNeutralStroke1,
    borderBottomColor: tokens.colorNeutralStroke1,
  },
  more: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
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
  /** The finding whose cell Excel selected last. */
  selected?: Finding;
  /** Selects the finding's cell in the sheet. */
  onSelect: (finding: Finding) => void;
}

export function FindingsPanel({ analysis, selected, onSelect }: FindingsPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  const headingId = useId();
  const hintId = useId();
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
      <section className={styles.root} aria-labelledby={headingId}>
        {/* Focus lands here after a check; what the check found is announced. */}
        <h2 id={headingId} className={styles.summaryHeading} tabIndex={-1} data-focus="summary">
          {t.summaryHeading}
        </h2>
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
      </section>
      {analysis.tables.length === 0 ? (
        <Text data-empty="nothing-recognised">{t.nothingRecognised}</Text>
      ) : analysis.findings.length === 0 ? (
        <Text>{t.noFindings}</Text>
      ) : (
        <>
          <Text size={200} className={styles.muted} id={hintId}>
            {t.selectHint}
          </Text>
          <FindingTree groups={groups} selected={selected} onSelect={onSelect} describedBy={hintId} />
        </>
      )}
    </div>
  );
}

/** Findings shown per group: the first {@link PAGE}, or all once "show all" was chosen. */
type Shown = Record<Severity, boolean>;

function FindingTree({
  groups,
  selected,
  onSelect,
  describedBy,
}: {
  groups: Record<Severity, Finding[]>;
  selected: Finding | undefined;
  onSelect: (finding: Finding) => void;
  describedBy: string;
}) {
  const t = useStrings();
  const styles = useStyles();
  const [all, setAll] = useState<Shown>({ error: false, warning: false, info: false });
  // Groups are open unless folded (kept across checks: a group that appears later is open).
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  // After "show all", focus moves to the first finding it revealed (the item it replaced is gone).
  const reveal = useRef<string | undefined>(undefined);
  const tree = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (reveal.current === undefined) return;
    tree.current?.querySelector<HTMLElement>(`[data-item="${reveal.current}"]`)?.focus();
    reveal.current = undefined;
  }, [all]);
  const present = SEVERITIES.filter((s) => groups[s].length > 0);

  /** Page Down / Page Up: the next / previous group's item (from a finding, Page Up goes to its own group). */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    const root = tree.current;
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role=treeitem]');
    if (!root || !item) return;
    event.preventDefault();
    const heads = Array.from(root.querySelectorAll<HTMLElement>('[role=treeitem][aria-level="1"]'));
    const own = heads.find((head) => head === item || head.contains(item));
    if (!own) return;
    const at = heads.indexOf(own);
    const target = event.key === 'PageDown' ? heads[at + 1] : own === item ? heads[at - 1] : own;
    target?.focus();
  };

  return (
    <Tree
      ref={tree}
      className={styles.tree}
      aria-label={t.findingsListLabel}
      aria-describedby={describedBy}
      openItems={present.filter((s) => !folded.has(s))}
      onOpenChange={(_, data) =>
        setFolded((old) => {
          const next = new Set(old);
          if (data.open) next.delete(String(data.value));
          else next.add(String(data.value));
          return next;
        })
      }
      onKeyDown={onKeyDown}
    >
      {present.map((severity) => {
        const findings = groups[severity];
        const shown = all[severity] ? findings : findings.slice(0, PAGE);
        return (
          // Named by its label row alone: a treeitem's name from content leaves out its nested group.
          <TreeItem key={severity} itemType="branch" value={severity} data-severity={severity}>
            <TreeItemLayout>
              <span className={styles.groupLabel}>
                <span>{t.severityPlural[severity]}</span>{' '}
                <Badge appearance="filled" shape="circular" color={BADGE_COLOR[severity]}>
                  {findings.length}
                </Badge>
              </span>
            </TreeItemLayout>
            <Tree className={styles.subtree}>
              {shown.map((finding, i) => (
                <FindingItem
                  key={`${severity}:${i}`}
                  value={`${severity}:${i}`}
                  finding={finding}
                  selected={finding === selected}
                  onSelect={onSelect}
                />
              ))}
              {shown.length < findings.length && (
                <TreeItem
                  itemType="leaf"
                  value={`${severity}:more`}
                  data-item={`${severity}:more`}
                  onClick={() => {
                    reveal.current = `${severity}:${shown.length}`;
                    setAll((a) => ({ ...a, [severity]: true }));
                  }}
                >
                  <TreeItemLayout className={styles.leaf} main={{ className: styles.leafMain }}>
                    <span className={styles.more}>{t.showMore(shown.length, findings.length)}</span>
                  </TreeItemLayout>
                </TreeItem>
              )}
            </Tree>
          </TreeItem>
        );
      })}
    </Tree>
  );
}

function FindingItem({
  value,
  finding,
  selected,
  onSelect,
}: {
  value: string;
  finding: Finding;
  selected: boolean;
  onSelect: (finding: Finding) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const where = `${finding.sheet}!${finding.cell}`;
  return (
    <TreeItem
      itemType="leaf"
      value={value}
      // Single selection that does not follow focus: only the selected item carries aria-selected (APG, tree view).
      aria-selected={selected ? true : undefined}
      data-item={value}
      data-finding={where}
      data-rule={finding.rule}
      onClick={() => onSelect(finding)}
    >
      <TreeItemLayout className={styles.leaf} main={{ className: styles.leafMain }}>
        <span className={mergeClasses(styles.finding, styles[finding.severity], selected && styles.selected)}>
          <span className={styles.top}>
            <span className={styles.where}>
              <LangText text={where} />
            </span>
            <span className={styles.rule}>{t.rule[finding.rule]}</span>
          </span>
          <span className={styles.message}>
            <LangText text={finding.message} />
          </span>
          {finding.rounding && (
            <span className={styles.figures}>
              <span className={styles.tag}>{t.rounding}</span>
            </span>
          )}
        </span>
      </TreeItemLayout>
    </TreeItem>
  );
}
