/**
 * The Word document from the pane: the same document the command line's `--docx` writes (src/hosts/docx/document.ts),
 * made in the page and handed to the browser as a download. The docx package is loaded on demand, as a chunk of its
 * own (docx-export), so opening the pane never loads it.
 *
 * How the download reaches the user depends on the host (docs/office-host.md): Excel on the web and the WebView2 of
 * Excel on Windows save it through the browser's download; whether older webviews (Excel 2019's IE/EdgeHTML, which
 * this pane does not run in) or Excel on Mac offer the file is not verified.
 */
import type { Narrative } from '../engine';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The .docx file name for a report: its title, with characters no file system takes replaced. */
export function docxFileName(narrative: Narrative): string {
  const base = narrative.title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'report';
  return `${base.slice(0, 120)}.docx`;
}

/** The document's bytes (the docx chunk loaded on first use). */
export async function docxBytes(narrative: Narrative): Promise<Uint8Array<ArrayBuffer>> {
  const { narrativeToDocxBytes } = await import(
    /* webpackChunkName: "docx-export" */ '../hosts/docx/document'
  );
  return narrativeToDocxBytes(narrative);
}

/**
 * Makes the document and starts its download; resolves with the file name, or rejects when the document could not be
 * made. The object URL is released once the browser has taken the file.
 */
export async function downloadDocx(narrative: Narrative): Promise<string> {
  const bytes = await docxBytes(narrative);
  const name = docxFileName(narrative);
  const blob = new Blob([bytes], { type: DOCX_MIME });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
