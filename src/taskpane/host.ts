/**
 * What the task pane may ask of Excel. Components receive a {@link HostActions} as a prop and never touch Office.js:
 * index.tsx builds one over `officeRun` (Excel.run), the end-to-end harness over the simulated Excel host.
 */
import type { WritePlan } from '../engine';
import {
  applyPlan,
  loadSettings,
  readWorkbookSnapshot,
  saveSettings,
  selectCell,
  undoLastRun,
  type ApplyResult,
  type Capabilities,
  type ExcelRun,
  type ReviewSettings,
  type UndoResult,
  type WorkbookSnapshot,
} from '../hosts/excel';

export type { ApplyResult, ReviewSettings, UndoResult, WorkbookSnapshot };

export interface WriteControl {
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
  /** Sheets only an older version's record lists, proven the engine's output (the plan may replace them). */
  proven?: { name: string; fingerprint: string }[];
}

/** Every action rejects with `ExcelHostError` (its `code`, and Excel's `excelCode` when Excel refused). */
export interface HostActions {
  /** The user's sheets as grids (Budget Review's own sheets left out), every sheet's name and the owned ones. */
  readWorkbook(): Promise<WorkbookSnapshot>;
  /**
   * Writes the plan's sheets; `onProgress` gets the share done (0–1), `signal` stops it between two blocks of cells.
   * Removes what it created when it fails or is stopped.
   */
  applyPlan(plan: WritePlan, options: WriteControl): Promise<ApplyResult>;
  /** Deletes the generated sheets: those the run record names whose content is still what Budget Review wrote. */
  undoLastRun(): Promise<UndoResult>;
  /** Activates `sheet` and selects `cell` (A1). */
  selectCell(sheet: string, cell: string): Promise<void>;
  /** The workbook's saved settings ({} when none). */
  loadSettings(): Promise<ReviewSettings>;
  /** Saves the settings, replacing what was saved. */
  saveSettings(settings: ReviewSettings): Promise<void>;
}

/** The actions over an `Excel.run` (or a stand-in) and the optional features this Excel supports. */
export function excelHostActions(run: ExcelRun, capabilities: Partial<Capabilities> = {}): HostActions {
  return {
    readWorkbook: () => readWorkbookSnapshot(run, { capabilities }),
    applyPlan: (plan, { onProgress, signal, proven }) =>
      applyPlan(run, plan, {
        capabilities,
        onProgress,
        ...(signal ? { signal } : {}),
        ...(proven ? { proven } : {}),
      }),
    undoLastRun: () => undoLastRun(run),
    selectCell: (sheet, cell) => selectCell(run, sheet, cell),
    loadSettings: () => loadSettings(run),
    saveSettings: (settings) => saveSettings(run, settings),
  };
}
