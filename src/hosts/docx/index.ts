/** The .docx host: the narrative as a Word document in the style of Chinese official documents. */
export { narrativeToDocx, writeNarrativeDocx, NarrativeDocxError } from './write';
export { OutputFileError } from '../files';
