/** Text of the pane's language with the Chinese words inside it (sheet names, items, units) marked as Chinese. */
import { Fragment } from 'react';
import { chineseRuns } from '../model';
import { useStrings } from './Shell';

/**
 * `text` as it is, except that in an English pane each run of Chinese is a `<span lang="zh-CN">`, so that a screen
 * reader reads it with a Chinese voice instead of spelling it out or skipping it.
 */
export function LangText({ text }: { text: string }) {
  const t = useStrings();
  if (t.htmlLang === 'zh-CN') return <>{text}</>;
  const runs = chineseRuns(text);
  if (!runs.some((run) => run.chinese)) return <>{text}</>;
  return (
    <>
      {runs.map((run, i) =>
        run.chinese ? (
          <span key={i} lang="zh-CN">
            {run.text}
          </span>
        ) : (
          <Fragment key={i}>{run.text}</Fragment>
        ),
      )}
    </>
  );
}
