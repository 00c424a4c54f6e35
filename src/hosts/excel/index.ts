/**
 * The Office.js host: the open workbook ↔ the engine, through an injected `run` (`officeRun` in the add-in, the
 * simulated Excel host in tests). Every function rejects with {@link ExcelHostError}.
 */
export type {
  Capabilities,
  ExcelRequestContext,
  ExcelRun,
  ExcelRunOptions,
  ExcelWorkbook,
  ExcelWorksheet,
  ExcelRange,
} from './api';
export { BASELINE_CAPABILITIES, RUN_OPTIONS } from './api';
export { ExcelHostError, type ExcelHostErrorCode } from './errors';
export { readWorkbook, readWorkbookSnapshot, type ReadOptions, type WorkbookSnapshot } from './read';
export { applyPlan, type ApplyOptions, type ApplyResult } from './write';
export { undoLastRun, type UndoResult } from './undo';
export { selectCell } from './select';
export { loadSettings, saveSettings, parseSettings, SETTINGS_KEY, type ReviewSettings } from './settings';
export { LEGACY_REGISTRY, LEGACY_SETTING } from './record';
export { charsToPoints } from './styles';
export { textInput } from './text';
