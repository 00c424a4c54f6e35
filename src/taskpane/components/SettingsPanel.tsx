/**
 * The workbook's settings: the low-rate threshold, the rate's denominator, the language, and the report's 单位名称,
 * 年度 and chapters.
 */
import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import {
  REPORT_SECTIONS,
  type Lang,
  type RateBase,
  type ReportOptions,
  type ReportSection,
} from '../../engine';
import type { ReviewSettings } from '../host';
import { STRINGS } from '../i18n';
import { DEFAULT_THRESHOLD, parseThreshold } from '../model';
import { useAnnounce } from './Announcer';
import { useStrings } from './Shell';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2 },
  threshold: { maxWidth: '8em' },
  year: { maxWidth: '8em' },
  group: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  actions: { display: 'flex' },
});

export interface SettingsPanelProps {
  settings: ReviewSettings;
  lang: Lang;
  busy: boolean;
  saving: boolean;
  onSave: (next: {
    threshold: number;
    rateBase: RateBase;
    lang: Lang;
    /** None: every report setting at its default. */
    report?: ReportOptions;
  }) => Promise<boolean>;
}

export function SettingsPanel({ settings, lang, busy, saving, onSave }: SettingsPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  const [threshold, setThreshold] = useState(String(settings.threshold ?? DEFAULT_THRESHOLD));
  const [rateBase, setRateBase] = useState<RateBase>(settings.rateBase ?? 'available');
  const [language, setLanguage] = useState<Lang>(lang);
  const [unitName, setUnitName] = useState(settings.report?.unitName ?? '');
  const [year, setYear] = useState(settings.report?.year ?? '');
  const [sections, setSections] = useState<ReportSection[]>([
    ...(settings.report?.sections ?? REPORT_SECTIONS),
  ]);
  useEffect(() => {
    setUnitName(settings.report?.unitName ?? '');
    setYear(settings.report?.year ?? '');
    setSections([...(settings.report?.sections ?? REPORT_SECTIONS)]);
  }, [settings.report]);
  // The header's switch changes the language too: follow it.
  useEffect(() => setLanguage(lang), [lang]);
  useEffect(() => {
    setThreshold(String(settings.threshold ?? DEFAULT_THRESHOLD));
    setRateBase(settings.rateBase ?? 'available');
  }, [settings.threshold, settings.rateBase]);

  const parsed = parseThreshold(threshold);
  const thresholdInvalid = parsed === null;
  const yearInvalid = year.trim() !== '' && !/^\d{4}$/.test(year.trim());
  const sectionsInvalid = sections.length === 0;
  const invalid = thresholdInvalid || yearInvalid || sectionsInvalid;
  const report: ReportOptions = {
    ...(unitName.trim() ? { unitName: unitName.trim() } : {}),
    ...(year.trim() ? { year: year.trim() } : {}),
    ...(sections.length < REPORT_SECTIONS.length ? { sections } : {}),
  };
  // Each message is linked to its field (read when it has focus) and said once, assertively, when its value turns
  // invalid: through the pane's live regions, not Fluent's role="alert" on the message (one way of announcing).
  useSaidWhenInvalid(thresholdInvalid, t.thresholdInvalid);
  useSaidWhenInvalid(yearInvalid, t.reportYearInvalid);
  useSaidWhenInvalid(sectionsInvalid, t.reportSectionsInvalid);

  return (
    <form
      className={styles.root}
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed !== null && !invalid)
          void onSave({
            threshold: parsed,
            rateBase,
            lang: language,
            // Nothing stored for report settings left at their defaults.
            ...(Object.keys(report).length ? { report } : {}),
          });
      }}
    >
      <Text size={200} className={styles.muted}>
        {t.settingsIntro}
      </Text>
      <Field
        label={t.threshold}
        hint={thresholdInvalid ? undefined : t.thresholdHint}
        validationState={thresholdInvalid ? 'error' : 'none'}
        validationMessage={thresholdInvalid ? { children: t.thresholdInvalid, role: undefined } : undefined}
      >
        <Input
          className={styles.threshold}
          value={threshold}
          inputMode="decimal"
          contentAfter="%"
          onChange={(_, data) => setThreshold(data.value)}
        />
      </Field>
      <Field label={t.rateBase}>
        <RadioGroup value={rateBase} onChange={(_, data) => setRateBase(data.value as RateBase)}>
          <Radio value="available" label={t.rateBaseAvailable} />
          <Radio value="initial" label={t.rateBaseInitial} />
        </RadioGroup>
      </Field>
      <Field label={t.language}>
        <RadioGroup value={language} onChange={(_, data) => setLanguage(data.value as Lang)}>
          <Radio value="zh-CN" label={t.languageName['zh-CN']} lang={STRINGS['zh-CN'].htmlLang} />
          <Radio value="en-US" label={t.languageName['en-US']} lang={STRINGS['en-US'].htmlLang} />
        </RadioGroup>
      </Field>
      <fieldset className={styles.group} aria-label={t.reportSettings}>
        <Text weight="semibold">{t.reportSettings}</Text>
        <Field label={t.unitName} hint={t.unitNameHint}>
          <Input value={unitName} maxLength={100} onChange={(_, data) => setUnitName(data.value)} />
        </Field>
        <Field
          label={t.reportYear}
          hint={yearInvalid ? undefined : t.reportYearHint}
          validationState={yearInvalid ? 'error' : 'none'}
          validationMessage={yearInvalid ? { children: t.reportYearInvalid, role: undefined } : undefined}
        >
          <Input
            className={styles.year}
            value={year}
            inputMode="numeric"
            maxLength={4}
            onChange={(_, data) => setYear(data.value)}
          />
        </Field>
        <Field
          label={t.reportSections}
          validationState={sectionsInvalid ? 'error' : 'none'}
          validationMessage={
            sectionsInvalid ? { children: t.reportSectionsInvalid, role: undefined } : undefined
          }
        >
          <div className={styles.group}>
            {REPORT_SECTIONS.map((key) => (
              <Checkbox
                key={key}
                label={t.sectionName[key]}
                checked={sections.includes(key)}
                onChange={(_, data) =>
                  setSections(
                    REPORT_SECTIONS.filter((k) => (k === key ? data.checked === true : sections.includes(k))),
                  )
                }
              />
            ))}
          </div>
        </Field>
      </fieldset>
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          icon={<SaveRegular />}
          // Keeps focus while saving (a disabled button would drop it to the page); the result is announced.
          disabledFocusable={busy}
          disabled={!busy && invalid}
        >
          {saving ? t.saving : t.saveSettings}
        </Button>
      </div>
    </form>
  );
}

/** Says `message` once, assertively, each time `invalid` turns true. */
function useSaidWhenInvalid(invalid: boolean, message: string): void {
  const announce = useAnnounce();
  const was = useRef(invalid);
  useEffect(() => {
    if (invalid && !was.current) announce(message, { assertive: true });
    was.current = invalid;
  }, [invalid, announce, message]);
}
