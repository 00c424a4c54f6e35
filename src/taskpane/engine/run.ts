/**
 * The engine's work for one request: a check, or a check and a report's plan. Pure; run in the Web Worker
 * (worker.ts) and, for tests, in the page itself (inline.ts).
 */
import { checkDraft, toCheckJson, type Analysis } from '../../engine';
import { checkSnapshot, planReport } from '../report';
import type { CheckView, EngineRequest, EngineStage, ReportView } from './protocol';

export function checkView(analysis: Analysis, draft?: readonly string[]): CheckView {
  return {
    ...(draft ? { draft: checkDraft(analysis, draft) } : {}),
    findings: analysis.findings,
    tables: analysis.tables,
    unrecognised: analysis.unrecognised,
    totals: toCheckJson(analysis).totals,
    rateBase: analysis.options.rateBase,
  };
}

export function runEngine(
  request: EngineRequest,
  onStage: (stage: EngineStage) => void,
): CheckView | ReportView {
  onStage('checking');
  const analysis = checkSnapshot(request.snapshot, request.settings, request.lang);
  const check = checkView(analysis, request.draft);
  if (request.kind === 'check') return check;
  onStage('planning');
  const { narrative, plan, kept, proven } = planReport(
    request.snapshot,
    analysis,
    request.lang,
    request.settings.report,
  );
  return { check, narrative, plan, kept, proven };
}
