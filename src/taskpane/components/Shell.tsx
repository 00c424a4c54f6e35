/**
 * The pane's frame: Fluent's provider with a theme whose fonts cover Chinese, the strings of the pane's language,
 * the page's `lang` (which screen readers and font fallback go by) and the live regions that announce outcomes.
 */
import { FluentProvider, webLightTheme, type Theme } from '@fluentui/react-components';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { STRINGS, type Lang, type Strings } from '../i18n';
import { Announcer } from './Announcer';

/** Segoe UI for Latin text, then the Chinese UI fonts of Windows, macOS and Linux. */
const FONT_FAMILY = [
  "'Segoe UI'",
  "'Microsoft YaHei UI'",
  "'Microsoft YaHei'",
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Noto Sans CJK SC'",
  "'Source Han Sans SC'",
  "'WenQuanYi Zen Hei'",
  '-apple-system',
  'BlinkMacSystemFont',
  'Roboto',
  "'Helvetica Neue'",
  'sans-serif',
].join(', ');

export const paneTheme: Theme = { ...webLightTheme, fontFamilyBase: FONT_FAMILY };

const StringsContext = createContext<Strings>(STRINGS['zh-CN']);

/** The strings of the pane's current language. */
export function useStrings(): Strings {
  return useContext(StringsContext);
}

export function Shell({ lang, children }: { lang: Lang; children: ReactNode }) {
  const t = STRINGS[lang];
  useEffect(() => {
    document.documentElement.lang = t.htmlLang;
    document.title = t.appName;
  }, [t]);
  return (
    <FluentProvider theme={paneTheme} style={{ minHeight: '100vh' }}>
      <StringsContext.Provider value={t}>
        <Announcer lang={t.htmlLang}>{children}</Announcer>
      </StringsContext.Provider>
    </FluentProvider>
  );
}
