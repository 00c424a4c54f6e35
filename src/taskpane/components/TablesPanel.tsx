/**
 * The tables the check found, with each column's meaning. A column's list corrects its meaning (or ignores it);
 * the corrections are saved with the workbook and the next check uses them. Each table's caption is a heading
 * (the accordion's header button inside an h2), so a screen reader can move from table to table.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Dropdown,
  makeStyles,
  Option,
  OptionGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import type { FieldOverride, TableInfo, Workbook } from '../../engine';
import type { CheckView } from '../engine/protocol';
import { joinNames, type Lang, type Strings } from '../i18n';
import {
  currentChoice,
  FIELD_GROUPS,
  mergeOverrides,
  overrideKey,
  tableColumns,
  type Choice,
  type ColumnRow,
} from '../model';
import { LangText } from './LangText';
import { useStrings } from './Shell';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  headerText: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    minWidth: 0,
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
  },
  sheet: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  range: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  sub: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  columns: {
    listStyleType: 'none',
    margin: 0,
    padding: `0 0 ${tokens.spacingVerticalM}`,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
  },
  column: {
    display: 'grid',
    gridTemplateColumns: '2.2em minmax(0, 1fr) minmax(9.5em, 1.2fr)',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
  },
  letter: {
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorNeutralForeground2,
    textAlign: 'center',
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    minWidth: 0,
  },
  headerWords: {
    overflowWrap: 'anywhere',
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  item: { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}` },
  listbox: { maxHeight: '45vh' },
  dropdown: { minWidth: 0, width: '100%' },
  footer: {
    position: 'sticky',
    bottom: 0,
    display: 'flex',
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

export interface TablesPanelProps {
  analysis: CheckView | undefined;
  workbook: Workbook | undefined;
  overrides: readonly FieldOverride[];
  lang: Lang;
  busy: boolean;
  onSave: (overrides: FieldOverride[]) => Promise<boolean>;
}

type Pending = Map<string, { sheet: string; letter: string; choice: Choice }>;

export function TablesPanel({ analysis, workbook, overrides, lang, busy, onSave }: TablesPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  const [pending, setPending] = useState<Pending>(new Map());

  if (!analysis || analysis.tables.length === 0) {
    return (
      <div className={styles.root}>
        <Text className={styles.muted}>{t.noTables}</Text>
        {analysis && analysis.unrecognised.length > 0 && (
          <Text>
            <LangText text={t.unrecognisedSheets(joinNames(lang, analysis.unrecognised))} />
          </Text>
        )}
      </div>
    );
  }

  const choose = (sheet: string, letter: string, choice: Choice | undefined) => {
    setPending((old) => {
      const next = new Map(old);
      if (choice === undefined) next.delete(overrideKey(sheet, letter));
      else next.set(overrideKey(sheet, letter), { sheet, letter, choice });
      return next;
    });
  };

  const save = async () => {
    if (await onSave(mergeOverrides(overrides, pending))) setPending(new Map());
  };

  return (
    <div className={styles.root}>
      <Text size={200} className={styles.muted}>
        {t.tablesIntro}
      </Text>
      <Accordion multiple collapsible defaultOpenItems={[0]}>
        {analysis.tables.map((table, i) => (
          <AccordionItem
            key={`${table.sheet}!${table.range}`}
            value={i}
            className={styles.item}
            data-table={`${table.sheet}!${table.range}`}
          >
            <AccordionHeader as="h2">
              <span className={styles.headerText}>
                <span>
                  <span className={styles.sheet}>
                    <LangText text={table.sheet} />
                  </span>{' '}
                  <span className={styles.range}>{table.range}</span>
                </span>
                <span className={styles.sub}>
                  <LangText
                    text={[table.title, table.kind === 'ledger' ? t.unitOf(t.unit[table.unit]) : '']
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </span>
              </span>
            </AccordionHeader>
            <AccordionPanel>
              <TableColumns
                table={table}
                workbook={workbook}
                overrides={overrides}
                pending={pending}
                onChoose={choose}
              />
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
      {analysis.unrecognised.length > 0 && (
        <Text size={200} className={styles.muted}>
          <LangText text={t.unrecognisedSheets(joinNames(lang, analysis.unrecognised))} />
        </Text>
      )}
      <div className={styles.footer}>
        <Button
          appearance="primary"
          icon={<SaveRegular />}
          // Stays focusable: after a save there is nothing pending, and focus must not fall to the page.
          disabledFocusable={busy || pending.size === 0}
          onClick={() => void save()}
        >
          {t.saveColumns(pending.size)}
        </Button>
      </div>
    </div>
  );
}

function choiceText(t: Strings, choice: Choice): string {
  switch (choice) {
    case 'ignore':
      return t.ignoreColumn;
    case 'unknown':
      return t.unknownField;
    case 'auto':
      return t.resetColumn;
    default:
      return t.field[choice];
  }
}

function TableColumns({
  table,
  workbook,
  overrides,
  pending,
  onChoose,
}: {
  table: TableInfo;
  workbook: Workbook | undefined;
  overrides: readonly FieldOverride[];
  pending: Pending;
  onChoose: (sheet: string, letter: string, choice: Choice | undefined) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const rows = useMemo(() => tableColumns(table, overrides, workbook), [table, overrides, workbook]);
  if (table.kind === 'labelValue') return <Text className={styles.muted}>{t.labelValueTable}</Text>;
  return (
    <ul className={styles.columns} aria-label={t.tableHeading(table.sheet, table.range)}>
      {rows.map((row) => (
        <ColumnItem
          key={row.letter}
          sheet={table.sheet}
          row={row}
          pending={pending.get(overrideKey(table.sheet, row.letter))?.choice}
          onChoose={onChoose}
        />
      ))}
    </ul>
  );
}

function ColumnItem({
  sheet,
  row,
  pending,
  onChoose,
}: {
  sheet: string;
  row: ColumnRow;
  pending: Choice | undefined;
  onChoose: (sheet: string, letter: string, choice: Choice | undefined) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const choice = currentChoice(row, pending);
  const corrected = pending !== undefined ? pending !== 'auto' : row.saved !== undefined;
  const canReset = row.saved !== undefined || (pending !== undefined && pending !== 'auto');
  return (
    <li className={styles.column} data-column={`${sheet}!${row.letter}`}>
      <span className={styles.letter}>{row.letter}</span>
      <span className={styles.header}>
        <span className={styles.headerWords} title={row.header || undefined}>
          <LangText text={row.header || t.noHeader} />
        </span>
        {corrected && (
          <Badge size="small" appearance="tint" color="brand">
            {t.corrected}
          </Badge>
        )}
      </span>
      <Dropdown
        className={styles.dropdown}
        listbox={{ className: styles.listbox }}
        // Twenty fields: a scrolling list below (or above) the column, not one over the whole pane.
        positioning={{ autoSize: 'width' }}
        size="small"
        aria-label={t.columnMeaningLabel(sheet, row.letter, row.header)}
        value={choiceText(t, choice)}
        selectedOptions={choice === 'unknown' ? [] : [choice]}
        onOptionSelect={(_, data) => {
          if (data.optionValue === undefined) return;
          const picked = data.optionValue as Choice;
          // Back to what is saved (or detected) is no change at all.
          onChoose(sheet, row.letter, picked === currentChoice(row, undefined) ? undefined : picked);
        }}
      >
        {canReset && (
          <Option value="auto" text={t.resetColumn}>
            {t.resetColumn}
          </Option>
        )}
        {FIELD_GROUPS.map((group) => (
          <OptionGroup key={group.key} label={t.fieldGroups[group.key]}>
            {group.fields.map((field) => (
              <Option key={field} value={field} text={t.field[field]}>
                {t.field[field]}
              </Option>
            ))}
          </OptionGroup>
        ))}
        <Option value="ignore" text={t.ignoreColumn}>
          {t.ignoreColumn}
        </Option>
      </Dropdown>
    </li>
  );
}
