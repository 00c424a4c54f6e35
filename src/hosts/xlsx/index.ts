/**
 * The .xlsx host: read a workbook file into the engine's plain grids, and write a report: the user's package with
 * the generated sheets and a run record added.
 */
export { readWorkbookFile, readWorkbookBuffer, WorkbookReadError } from './read';
export type { WorkbookReadErrorCode } from './read';
export { WorkbookPackage, EXTENSION, type WorkbookKind } from './package';
export { readOwnership, skippedSheets, type LegacySheet, type Ownership } from './ownership';
export { openReportSource, readOwnershipFile, ReportWriteError, writeReport, writeReportFile } from './write';
export type { ProvenSheet, ReportSource, ReportWriteErrorCode, WriteOptions, WrittenReport } from './write';
export { writeNewWorkbook, fileLinkTarget, relativeLink, type NewSheetExtras } from './new-book';
