/** The pane's header: the product's name, what it does, and the language switch. */
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { LocalLanguageRegular } from '@fluentui/react-icons';
import type { Lang } from '../i18n';
import { STRINGS } from '../i18n';
import { useStrings } from './Shell';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  top: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
  },
  title: {
    margin: 0,
    color: tokens.colorBrandForeground1,
  },
  tagline: {
    color: tokens.colorNeutralForeground2,
  },
});

export interface HeaderProps {
  lang: Lang;
  onSwitchLang: (lang: Lang) => void;
  /** While an action runs the language stays put. */
  disabled?: boolean;
}

export function Header({ lang, onSwitchLang, disabled }: HeaderProps) {
  const t = useStrings();
  const styles = useStyles();
  const other: Lang = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <header className={styles.root}>
      <div className={styles.top}>
        <Text as="h1" size={500} weight="semibold" className={styles.title}>
          {t.appName}
        </Text>
        <Button
          appearance="subtle"
          size="small"
          icon={<LocalLanguageRegular />}
          aria-label={t.switchLanguageLabel}
          lang={STRINGS[other].htmlLang}
          disabled={disabled}
          onClick={() => onSwitchLang(other)}
        >
          {t.switchLanguage}
        </Button>
      </div>
      <Text size={200} className={styles.tagline}>
        {t.tagline}
      </Text>
    </header>
  );
}
