/**
 * The engine's share of a check and of a report, as the task pane runs it (in a Web Worker, worker.ts): pure
 * functions of what the host read, free of React, Office and the DOM.
 */
import {
  analyze,
  buildNarrative,
  buildPlan,
  summarySheetName,
  departmentOf,
  type Analysis,
  type Lang,
  type Narrative,
  type PlanOptions,
  type ReportOptions,
  type WritePlan,
} from '../engine';
import { sameSheetName } from '../engine/address';
import { planSheetFingerprint } from '../engine/run-record';
import type { ReviewSettings, WorkbookSnapshot } from '../hosts/excel';
import { analyzeOptions } from './model';

/** What the engine needs of a snapshot (the host's read). */
export type SnapshotForEngine = Pick<
  WorkbookSnapshot,
  'workbook' | 'sheetNames' | 'owned' | 'legacy' | 'changed'
>;

/**
 * The sheets the engine leaves out of a check: Budget Review's own, and those an older version's record lists
 * (generated sheets in all likelihood, which a check would only misread).
 */
export function skippedSheets(snapshot: SnapshotForEngine): string[] {
  return [...snapshot.owned, ...snapshot.legacy.map((l) => l.name)];
}

/** The check of the user's sheets. */
export function checkSnapshot(snapshot: SnapshotForEngine, settings: ReviewSettings, lang: Lang): Analysis {
  return analyze(snapshot.workbook, analyzeOptions(settings, lang, skippedSheets(snapshot)));
}

export interface ReportPlan {
  narrative: Narrative;
  plan: WritePlan;
  /**
   * Generated sheets the report keeps, not replacing them: changed since they were generated, or only an older
   * version's record lists them and their content is not the engine's output.
   */
  kept: string[];
  /** Sheets only an older version's record lists that the plan replaces, proven the engine's output (applyPlan). */
  proven: { name: string; fingerprint: string }[];
}

/**
 * Whether a sheet only an older version's record lists is the engine's own output for this workbook: its content is
 * what the plan writes under its name, or, for the narrative, what it writes when the title names the file the
 * command line read (its A1: the title is the one thing that depends on more than the sheets).
 */
function isEngineOutput(
  legacy: SnapshotForEngine['legacy'][number],
  plan: WritePlan,
  analysis: Analysis,
  summary: string,
  sheets: PlanOptions,
  report: ReportOptions,
): boolean {
  const successor = plan.sheets.find((s) => sameSheetName(s.name, legacy.name));
  if (successor === undefined) return false;
  if (planSheetFingerprint(successor) === legacy.fingerprint) return true;
  if (successor.role !== 'narrative' || legacy.title === undefined) return false;
  const untitled = buildNarrative({ ...analysis, workbook: '' }, summary, report).title;
  if (!legacy.title.endsWith(untitled)) return false;
  const named = {
    ...analysis,
    workbook: legacy.title.slice(0, legacy.title.length - untitled.length).trim(),
  };
  const then = buildPlan(named, buildNarrative(named, summary, report), sheets).sheets.find(
    (s) => s.role === 'narrative' && sameSheetName(s.name, legacy.name),
  );
  return then !== undefined && planSheetFingerprint(then) === legacy.fingerprint;
}

/**
 * The narrative and the write plan. The plan replaces Budget Review's own sheets; a sheet only an older version's
 * record lists is replaced only when its content is proven the engine's output (then nothing of the user's is
 * lost); otherwise it is kept and the new sheets take other names, which can change the content of the others (the
 * narrative names the summary sheet), so this is decided again until it holds.
 */
export function planReport(
  snapshot: SnapshotForEngine,
  analysis: Analysis,
  lang: Lang,
  report: ReportOptions = {},
): ReportPlan {
  // The 单位名称 defaults to the one the workbook states.
  const unitName = report.unitName?.trim() || departmentOf(snapshot.workbook);
  const settings: ReportOptions = { ...report, ...(unitName ? { unitName } : {}) };
  let legacy = [...snapshot.legacy];
  const dropped: string[] = [];
  for (;;) {
    const sheets: PlanOptions = {
      existingSheets: snapshot.sheetNames,
      owned: [...snapshot.owned, ...legacy.map((l) => l.name)],
    };
    const summary = summarySheetName(lang, sheets);
    const narrative = buildNarrative(analysis, summary, settings);
    const plan = buildPlan(analysis, narrative, sheets);
    const differ = legacy.filter((l) => !isEngineOutput(l, plan, analysis, summary, sheets, settings));
    if (differ.length === 0) {
      return {
        narrative,
        plan,
        kept: [...snapshot.changed, ...dropped],
        proven: legacy.map((l) => ({ name: l.name, fingerprint: l.fingerprint })),
      };
    }
    dropped.push(...differ.map((l) => l.name));
    legacy = legacy.filter((l) => !differ.includes(l));
  }
}
