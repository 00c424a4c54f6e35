/**
 * The engine's share of a check and of a report, as the task pane runs it (in a Web Worker, worker.ts): pure
 * functions of what the host read, free of React, Office and the DOM.
 */
import {
  analyze,
  buildNarrative,
  buildPlan,
  summarySheetName,
  type Analysis,
  type Lang,
  type Narrative,
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
   * version's record lists them and their content is not what the new report would write in their place.
   */
  kept: string[];
}

/**
 * The narrative and the write plan. The plan replaces Budget Review's own sheets; a sheet only an older version's
 * record lists is replaced only if the new report writes exactly its content under its name (then nothing is
 * lost); otherwise it is kept and the new sheets take other names, which can change the content of the others
 * (the narrative names the summary sheet), so this is decided again until it holds.
 */
export function planReport(snapshot: SnapshotForEngine, analysis: Analysis, lang: Lang): ReportPlan {
  let legacy = [...snapshot.legacy];
  const dropped: string[] = [];
  for (;;) {
    const sheets = {
      existingSheets: snapshot.sheetNames,
      owned: [...snapshot.owned, ...legacy.map((l) => l.name)],
    };
    const narrative = buildNarrative(analysis, summarySheetName(lang, sheets));
    const plan = buildPlan(analysis, narrative, sheets);
    const differ = legacy.filter((l) => {
      const successor = plan.sheets.find((s) => sameSheetName(s.name, l.name));
      return successor === undefined || planSheetFingerprint(successor) !== l.fingerprint;
    });
    if (differ.length === 0) return { narrative, plan, kept: [...snapshot.changed, ...dropped] };
    dropped.push(...differ.map((l) => l.name));
    legacy = legacy.filter((l) => !differ.includes(l));
  }
}
