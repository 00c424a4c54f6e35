/** The .xlsx host (exceljs): read a workbook file into the engine's plain grids. */
export { readWorkbookFile, readWorkbookBuffer, WorkbookReadError } from './read';
export type { WorkbookReadErrorCode } from './read';
