/**
 * What the task pane asks of the engine and gets back, as plain data that crosses to the Web Worker and back
 * (structured clone: no class instances, so no `Decimal`): a check's view of the findings and tables, and a report's
 * narrative and write plan.
 */
import type {
  CheckJson,
  DraftCheck,
  Finding,
  Lang,
  Narrative,
  RateBase,
  TableInfo,
  WritePlan,
} from '../../engine';
import type { ReviewSettings, WorkbookSnapshot } from '../../hosts/excel';

/** What the engine needs of a snapshot (the host's read). */
export type SnapshotForEngine = Pick<
  WorkbookSnapshot,
  'workbook' | 'sheetNames' | 'owned' | 'legacy' | 'changed'
>;

/** What the pane shows of a check. */
export interface CheckView {
  findings: Finding[];
  tables: TableInfo[];
  /** Sheets on which no table was recognised. */
  unrecognised: string[];
  /** The totals in 万元 and the rate, as shown. */
  totals: CheckJson['totals'];
  rateBase: RateBase;
  /** The report draft's check (rule `claim`), when a draft was given. */
  draft?: DraftCheck;
}

/** What generating needs: the check, the narrative and the plan. */
export interface ReportView {
  check: CheckView;
  narrative: Narrative;
  plan: WritePlan;
  /** Generated sheets kept, not replaced (see `planReport`). */
  kept: string[];
  /** Sheets only an older version's record lists, proven the engine's output (for `applyPlan`). */
  proven: { name: string; fingerprint: string }[];
}

export interface EngineInput {
  snapshot: SnapshotForEngine;
  settings: ReviewSettings;
  lang: Lang;
  /** A report draft's paragraphs to check against the workbook (the 核对文稿 view). */
  draft?: string[];
}

/** The engine's steps, as the pane's progress names them. */
export type EngineStage = 'checking' | 'planning';

export type EngineRequest = { id: number; kind: 'check' | 'report' } & EngineInput;

export type EngineMessage =
  | { id: number; type: 'stage'; stage: EngineStage }
  | { id: number; type: 'done'; result: CheckView | ReportView }
  | { id: number; type: 'failed'; message: string };

/** The engine's part of the pane: checking and planning, off the UI thread where it can be. */
export interface Engine {
  check(input: EngineInput, options?: RunControl): Promise<CheckView>;
  report(input: EngineInput, options?: RunControl): Promise<ReportView>;
}

export interface RunControl {
  /** Stops the work (the promise rejects with {@link EngineCancelled}). */
  signal?: AbortSignal;
  onStage?: (stage: EngineStage) => void;
}

/** The work was stopped by its signal. */
export class EngineCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'EngineCancelled';
  }
}
