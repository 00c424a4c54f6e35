/** The .xlsx host (exceljs): read a workbook file into the engine's plain grids, and write a plan into a copy. */
export { readWorkbookFile, readWorkbookBuffer, WorkbookReadError } from './read';
export type { WorkbookReadErrorCode } from './read';
export { writeReport, readOwnership, ReportWriteError } from './write';
export type { Ownership, ReportWriteErrorCode } from './write';
