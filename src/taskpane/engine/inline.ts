/**
 * The engine run in the page itself, one macrotask after the call: for tests in Node and jsdom, which have no Web
 * Worker. The pane in Office uses the worker (client.ts).
 */
import { EngineCancelled, type Engine, type EngineInput, type RunControl } from './protocol';
import type { CheckView, ReportView } from './protocol';
import { runEngine } from './run';

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function run(kind: 'check' | 'report', input: EngineInput, control: RunControl = {}) {
  await nextTask();
  if (control.signal?.aborted) throw new EngineCancelled();
  const result = runEngine({ id: 0, kind, ...input }, (stage) => control.onStage?.(stage));
  await nextTask();
  if (control.signal?.aborted) throw new EngineCancelled();
  return result;
}

export function inlineEngine(): Engine {
  return {
    check: async (input, control) => (await run('check', input, control)) as CheckView,
    report: async (input, control) => (await run('report', input, control)) as ReportView,
  };
}
