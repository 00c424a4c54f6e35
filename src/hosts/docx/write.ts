/**
 * The Word export on the command line: the document of document.ts, written to a file.
 */
import type { Narrative } from '../../engine/narrative/types';
import { writeBytesAtomically } from '../files';
import { narrativeToDocxBytes } from './document';

export { fontTableXml, NarrativeDocxError, xmlSafeText, narrativeToDocxBytes } from './document';

/** The narrative as the bytes of a .docx file. */
export async function narrativeToDocx(narrative: Narrative): Promise<Buffer> {
  return Buffer.from(await narrativeToDocxBytes(narrative));
}

/**
 * Writes the narrative as a .docx at `file`: into a temporary file beside it, flushed, then renamed over it, so the
 * file is never seen half written and an existing file is left as it was if writing fails (files.ts; the temporary
 * files of a killed earlier run are removed first). A failure to write rejects with {@link OutputFileError}.
 */
export async function writeNarrativeDocx(narrative: Narrative, file: string): Promise<void> {
  const bytes = await narrativeToDocx(narrative);
  await writeBytesAtomically(file, bytes);
}
