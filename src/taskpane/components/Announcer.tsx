/**
 * The pane's one way of telling a screen reader what happened: two visually hidden live regions, polite for results
 * and assertive for errors, mounted with the pane (before anything is said in them) and each message marked with
 * the language it is written in.
 *
 * Why not Fluent's announcer: Fluent UI's `MessageBar` announces its text through `useAnnounce`, which says nothing
 * unless an `AriaLiveAnnouncer` is mounted above it. Mounting one would not do either: its DOM announcer has a
 * single assertive region (a polite result would interrupt), it reads the bar's text run together (the title and
 * the first sentence with no pause between them), only when the bar mounts (not when a shown bar's text changes),
 * and where the browser has `document.ariaNotify` it uses that, which leaves nothing in the page to test. So no
 * `AriaLiveAnnouncer` is mounted, Fluent's bars stay silent, and the pane announces each outcome itself, once,
 * through these regions (see useOutcomes.ts).
 */
import { makeStyles } from '@fluentui/react-components';
import {
  createContext,
  Fragment,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { chineseRuns } from '../model';

export interface AnnounceOptions {
  /** An error: interrupts (`role="alert"`). Default: polite (`role="status"`), after what is being read. */
  assertive?: boolean;
}

export type Announce = (message: string, options?: AnnounceOptions) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

/** Says `message` to screen readers, in the live region of its politeness. */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

const useStyles = makeStyles({
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    border: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

interface Message {
  id: number;
  text: string;
  lang: string;
}

/**
 * Screen readers announce what is added to a live region that was already in the page. A message is therefore
 * put into its region a moment after it is asked for (the regions may have mounted in the same render), as a new
 * element each time, so that the same words said twice are announced twice. The last message stays in its region
 * until the next one (where the tests read it); it is visually hidden.
 */
const INSERT_DELAY_MS = 50;

export function Announcer({ lang, children }: { lang: string; children: ReactNode }) {
  const styles = useStyles();
  const [polite, setPolite] = useState<Message | undefined>(undefined);
  const [assertive, setAssertive] = useState<Message | undefined>(undefined);
  const langRef = useRef(lang);
  langRef.current = lang;
  const next = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  const announce = useCallback<Announce>((text, options = {}) => {
    if (text.trim() === '') return;
    const message = { id: ++next.current, text, lang: langRef.current };
    const set = options.assertive ? setAssertive : setPolite;
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      set(message);
    }, INSERT_DELAY_MS);
    timers.current.add(timer);
  }, []);

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className={styles.hidden} role="status" aria-live="polite" aria-atomic="true" data-live="polite">
        {polite && <Said key={polite.id} message={polite} />}
      </div>
      <div
        className={styles.hidden}
        role="alert"
        aria-live="assertive"
        aria-atomic="true"
        data-live="assertive"
      >
        {assertive && <Said key={assertive.id} message={assertive} />}
      </div>
    </AnnounceContext.Provider>
  );
}

/** A message in its language, the Chinese words of an English message (sheet names, items) marked as Chinese. */
function Said({ message }: { message: Message }) {
  if (message.lang === 'zh-CN') return <p lang={message.lang}>{message.text}</p>;
  return (
    <p lang={message.lang}>
      {chineseRuns(message.text).map((run, i) =>
        run.chinese ? (
          <span key={i} lang="zh-CN">
            {run.text}
          </span>
        ) : (
          <Fragment key={i}>{run.text}</Fragment>
        ),
      )}
    </p>
  );
}
