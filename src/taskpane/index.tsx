/// <reference types="office-js" />
/**
 * The task pane's entry. Waits for `Office.onReady`, then renders (FluentProvider inside) one of: the pane, with its
 * host actions over `Excel.run`; a message that it runs only inside Excel; a message that this Excel is too old.
 * The only place in the pane that reads the Office.js globals.
 */
import { createRoot, type Root } from 'react-dom/client';
import { officeCapabilities, officeRun } from '../hosts/excel/office';
import { App } from './components/App';
import { PaneErrorBoundary, Standalone } from './components/Standalone';
import { environmentOf } from './environment';
import { workerEngine } from './engine/client';
import { excelHostActions } from './host';
import { spawnEngineWorker } from './spawn-worker';
import { pickLang, type Lang } from './i18n';

/** How long to wait for `Office.onReady` before saying the pane is not inside Excel. */
const READY_TIMEOUT_MS = 10_000;

function browserLang(): Lang {
  return pickLang(typeof navigator === 'undefined' ? undefined : navigator.language);
}

function start(container: HTMLElement): void {
  const root: Root = createRoot(container);
  if (typeof Office === 'undefined') {
    // Office.js did not load: a plain browser without network access to the CDN, or a blocked script.
    root.render(<Standalone kind="outside" initialLang={browserLang()} />);
    return;
  }
  let ready = false;
  const timer = setTimeout(() => {
    if (!ready) root.render(<Standalone kind="outside" initialLang={browserLang()} />);
  }, READY_TIMEOUT_MS);
  void Office.onReady((info) => {
    ready = true;
    clearTimeout(timer);
    const lang = pickLang(Office.context?.displayLanguage ?? browserLang());
    const where = environmentOf(Office, info.host);
    if (where === 'outside') {
      root.render(<Standalone kind="outside" initialLang={lang} />);
    } else if (where === 'old-excel') {
      root.render(<Standalone kind="old-excel" initialLang={lang} />);
    } else {
      const actions = excelHostActions(officeRun, officeCapabilities());
      const engine = workerEngine(spawnEngineWorker);
      root.render(
        <PaneErrorBoundary lang={lang}>
          <App actions={actions} engine={engine} initialLang={lang} />
        </PaneErrorBoundary>,
      );
    }
  });
}

const container = document.getElementById('root');
if (container) start(container);
