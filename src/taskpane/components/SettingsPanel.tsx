/** The workbook's settings: the low-rate threshold, the rate's denominator and the language. */
import {
  Button,
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
import type { Lang, RateBase } from '../../engine';
import type { ReviewSettings } from '../host';
import { STRINGS } from '../i18n';
import { DEFAULT_THRESHOLD, parseThreshold } from '../model';
import { useAnnounce } from './Announcer';
import { useStrings } from './Shell';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2 },
  threshold: { maxWidth: '8em' },
  actions: { display: 'flex' },
});

export interface SettingsPanelProps {
  settings: ReviewSettings;
  lang: Lang;
  busy: boolean;
  saving: boolean;
  onSave: (next: { threshold: number; rateBase: RateBase; lang: Lang }) => Promise<boolean>;
}

export function SettingsPanel({ settings, lang, busy, saving, onSave }: SettingsPanelProps) {
  const t = useStrings();
  const styles = useStyles();
  const [threshold, setThreshold] = useState(String(settings.threshold ?? DEFAULT_THRESHOLD));
  const [rateBase, setRateBase] = useState<RateBase>(settings.rateBase ?? 'available');
  const [language, setLanguage] = useState<Lang>(lang);
  // The header's switch changes the language too: follow it.
  useEffect(() => setLanguage(lang), [lang]);
  useEffect(() => {
    setThreshold(String(settings.threshold ?? DEFAULT_THRESHOLD));
    setRateBase(settings.rateBase ?? 'available');
  }, [settings.threshold, settings.rateBase]);

  const parsed = parseThreshold(threshold);
  const invalid = parsed === null;
  // The message is linked to the field (read when it has focus) and said once, assertively, when the value turns
  // invalid: through the pane's live regions, not Fluent's role="alert" on the message (one way of announcing).
  const announce = useAnnounce();
  const wasInvalid = useRef(invalid);
  useEffect(() => {
    if (invalid && !wasInvalid.current) announce(t.thresholdInvalid, { assertive: true });
    wasInvalid.current = invalid;
  }, [invalid, announce, t]);

  return (
    <form
      className={styles.root}
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed !== null) void onSave({ threshold: parsed, rateBase, lang: language });
      }}
    >
      <Text size={200} className={styles.muted}>
        {t.settingsIntro}
      </Text>
      <Field
        label={t.threshold}
        hint={invalid ? undefined : t.thresholdHint}
        validationState={invalid ? 'error' : 'none'}
        validationMessage={invalid ? { children: t.thresholdInvalid, role: undefined } : undefined}
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
